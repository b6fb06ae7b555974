import type { WorkspaceModel } from '../model';
import { linkFacts } from './link-facts';
import type { ProbeTarget } from './types';
import { probeVantage } from '../compose/where';

/**
 * Every link that can be probed: each reverse-WS entry (as the implementation dials the framework), each forward-WS
 * link (as the framework dials the implementation) and each HTTP POST entry (an event POST to the framework). The
 * link is read only through `linkFacts` (link-facts.ts).
 */
export function allProbeTargets(model: WorkspaceModel): ProbeTarget[] {
  const out: ProbeTarget[] = [];
  for (const link of model.links) {
    const d = linkFacts(link).dial;
    const vantage = d ? probeVantage(model, link) : [];
    if (d)
      out.push({
        kind: d.kind,
        url: d.url,
        token: d.token,
        label: d.label,
        link,
        ...(d.secret !== undefined ? { secret: d.secret } : {}),
        ...(vantage.length ? { vantage } : {}),
      });
  }
  // ONEBOT_API_ROOTS: NoneBot calls each implementation's HTTP API (nonebot/adapter-onebot v11 `_call_api`).
  for (const nb of model.nonebot) {
    const setting = nb.settings.ONEBOT_V11_API_ROOTS ?? nb.settings.ONEBOT_API_ROOTS;
    let roots: unknown;
    try {
      roots = setting?.value === undefined ? undefined : JSON.parse(setting.value);
    } catch {
      roots = undefined;
    }
    if (!roots || typeof roots !== 'object' || Array.isArray(roots)) continue;
    const tok = nb.accessToken?.value;
    for (const [id, root] of Object.entries(roots as Record<string, unknown>))
      if (typeof root === 'string' && /^https?:\/\//i.test(root))
        out.push({ kind: 'http-api', url: root, token: tok === undefined || tok === '' ? null : tok, selfId: id, label: `NoneBot → HTTP API ${id}` });
  }
  return out;
}

/** The WebSocket targets only (what the editor's and the CLI's target lists have shown so far). */
export function probeTargets(model: WorkspaceModel): (ProbeTarget & { kind: 'reverse-ws' | 'forward-ws' })[] {
  return allProbeTargets(model).filter((x): x is ProbeTarget & { kind: 'reverse-ws' | 'forward-ws' } => x.kind === 'reverse-ws' || x.kind === 'forward-ws');
}
