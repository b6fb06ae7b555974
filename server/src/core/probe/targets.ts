import type { WorkspaceModel } from '../model';
import { linkFacts } from './link-facts';
import type { ProbeTarget } from './types';

/**
 * Every link that can be probed: each reverse-WS entry (as the implementation dials the framework), each forward-WS
 * link (as the framework dials the implementation) and each HTTP POST entry (an event POST to the framework). The
 * link is read only through `linkFacts` (link-facts.ts).
 */
export function allProbeTargets(model: WorkspaceModel): ProbeTarget[] {
  const out: ProbeTarget[] = [];
  for (const link of model.links) {
    const d = linkFacts(link).dial;
    if (d) out.push({ kind: d.kind, url: d.url, token: d.token, label: d.label, link, ...(d.secret !== undefined ? { secret: d.secret } : {}) });
  }
  return out;
}

/** The WebSocket targets only (what the editor's and the CLI's target lists have shown so far). */
export function probeTargets(model: WorkspaceModel): (ProbeTarget & { kind: 'reverse-ws' | 'forward-ws' })[] {
  return allProbeTargets(model).filter((x): x is ProbeTarget & { kind: 'reverse-ws' | 'forward-ws' } => x.kind === 'reverse-ws' || x.kind === 'forward-ws');
}
