import type { WorkspaceModel } from '../model';
import type { ProbeTarget } from './types';
import { IMPL_NAMES } from '../impl';

/** What can be probed in a workspace: each reverse-WS link (as the implementation dials the framework) and each forward-WS link. */
export function probeTargets(model: WorkspaceModel): ProbeTarget[] {
  const out: ProbeTarget[] = [];
  for (const link of model.links) {
    const impl = `${IMPL_NAMES[link.impl.implementation]} ${link.impl.key}`;
    const fw = link.framework === 'nonebot' ? 'NoneBot' : 'Koishi';
    if (link.kind === 'reverse-ws' && link.impl.url) {
      out.push({ kind: 'reverse-ws', url: link.impl.url, token: link.impl.token, label: `${impl} → ${fw}`, link });
    } else if (link.kind === 'forward-ws' && link.url) {
      out.push({ kind: 'forward-ws', url: link.url, token: link.fw.token, label: `${fw} → ${impl}`, link });
    }
  }
  return out;
}
