import type { WorkspaceModel } from '../model';
import { reverseWsUrl } from '../link/urls';
import type { ProbeTarget } from './types';

/** What can be probed in a workspace: each reverse-WS entry (as Lagrange dials NoneBot) and each forward-WS link. */
export function probeTargets(model: WorkspaceModel): ProbeTarget[] {
  const out: ProbeTarget[] = [];
  for (const link of model.links) {
    const where = `${link.impl.form === 'array' ? `Implementations[${link.impl.sectionKey}]` : link.impl.sectionKey}`;
    if (link.kind === 'reverse-ws') {
      out.push({ kind: 'reverse-ws', url: reverseWsUrl(link.impl), token: link.impl.accessToken, label: `Lagrange ${where} → NoneBot`, link });
    } else if (link.kind === 'forward-ws' && link.wsUrl) {
      const tok = link.nonebot.accessToken?.value;
      out.push({ kind: 'forward-ws', url: link.wsUrl.url, token: tok === undefined || tok === '' ? null : tok, label: `NoneBot → Lagrange ${where}`, link });
    }
  }
  return out;
}
