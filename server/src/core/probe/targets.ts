import type { WorkspaceModel } from '../model';
import { linkFacts } from './link-facts';
import type { ProbeTarget } from './types';
import { probeVantage } from '../compose/where';
import { nonebotEndpoints } from '../nonebot/endpoints';

/**
 * Every link that can be probed: each reverse-WS entry (as the implementation dials the framework), each forward-WS
 * link (as the framework dials the implementation), each HTTP POST entry (an event POST to the framework) and each
 * NoneBot ONEBOT_API_ROOTS entry and Koishi `protocol: http` adapter (an API call to the implementation). The link is read only through `linkFacts`
 * (link-facts.ts).
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
  // ONEBOT_API_ROOTS: NoneBot calls each implementation's HTTP API (nonebot/adapter-onebot v11 `_call_api`); each root is
  // an `http-api` endpoint of the project (nonebot/endpoints.ts), linked to the implementation's HTTP server when one
  // of the workspace listens on its port. Only http:// and https:// roots can be called.
  for (const nb of model.nonebot)
    for (const ep of nonebotEndpoints(nb)) {
      if (ep.protocol !== 'http-api' || ep.url === undefined || !/^https?:\/\//i.test(ep.url)) continue;
      const link = model.links.find((l) => l.fw === ep);
      const id = ep.selfIds?.[0]?.value;
      const vantage = link ? probeVantage(model, link) : [];
      out.push({
        kind: 'http-api',
        url: ep.url,
        token: ep.token,
        ...(id !== undefined ? { selfId: id } : {}),
        label: `NoneBot → HTTP API ${id ?? ''}`.trim(),
        ...(link ? { link } : {}),
        ...(vantage.length ? { vantage } : {}),
      });
    }
  // Koishi's `protocol: http` calls the implementation's HTTP API at `endpoint` (its `http-api` endpoint).
  for (const k of model.koishi)
    for (const ep of k.endpoints) {
      if (ep.protocol !== 'http-api' || !ep.enabled || ep.url === undefined || !/^https?:\/\//i.test(ep.url)) continue;
      const link = model.links.find((l) => l.fw === ep);
      const vantage = link ? probeVantage(model, link) : [];
      out.push({
        kind: 'http-api',
        url: ep.url,
        token: ep.token,
        label: 'Koishi → HTTP API',
        ...(link ? { link } : {}),
        ...(vantage.length ? { vantage } : {}),
      });
    }
  return out;
}

/** The WebSocket targets only (what the editor's and the CLI's target lists have shown so far). */
export function probeTargets(model: WorkspaceModel): (ProbeTarget & { kind: 'reverse-ws' | 'forward-ws' })[] {
  return allProbeTargets(model).filter((x): x is ProbeTarget & { kind: 'reverse-ws' | 'forward-ws' } => x.kind === 'reverse-ws' || x.kind === 'forward-ws');
}
