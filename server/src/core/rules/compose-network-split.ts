import type { Rule } from './types';
import type { Location } from '../model';
import { t } from '../l10n';
import { isHostNetwork, networkModeName, serviceHostNames, serviceNetworks } from '../compose/placement';
import type { ComposeService } from '../compose/reader';
import { composeView, sameNamespace, serviceRelated } from './lib/compose';
import { assumedNote } from './lib/link';

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:.]*)$/i;

/** Where a service's network choice is written: `network_mode`, else `networks`, else the service's key. */
function networkLoc(svc: ComposeService): Location {
  if (svc.networkMode) return svc.networkMode.loc;
  const first = svc.networks?.[0];
  if (first) return first.loc;
  return { file: svc.file, range: svc.keyRange };
}

export const rule: Rule = {
  code: 'compose-network-split',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('The two services share no network', '两个服务没有共同的网络'),
  doc: {
    checks:
      'Both sides run in services of one compose project, the dialling side names the other by service name (or loopback), and the two share no network: their `networks` lists are disjoint, or one uses `network_mode: bridge` / `none` / another container.',
    why: "Compose puts every service on the project's `default` network unless `networks` or `network_mode` says otherwise, and a service name resolves only on a network both services join. `network_mode: bridge` puts the container on Docker's default bridge, where names are not resolved at all (NapCat-Docker's README compose uses it).",
    sources: [
      'compose-spec/compose-spec spec.md, `networks` and `network_mode` (services join `default` unless told otherwise)',
      'Docker docs, "Bridge network driver" (docs.docker.com/engine/network/drivers/bridge/): containers on the default bridge reach each other by IP only',
      'NapNeko/NapCat-Docker README (compose example with `network_mode: bridge`)',
    ],
    example:
      '# compose.yaml\nservices:\n  napcat:\n    network_mode: bridge\n  nonebot:\n    build: ./bot\n// napcat/config/onebot11_123.json\n"url": "ws://nonebot:8080/onebot/v11/ws"',
    fix: 'Remove `network_mode: bridge` (or put both services on one network under `networks`) so the service name resolves.',
  },
  checkLink(link, ctx) {
    const view = composeView(link, ctx);
    const from = view?.dialerPlace;
    const to = view?.listenerPlace;
    if (!view || !from || !to || from.compose !== to.compose) return;
    if (sameNamespace(from, to) || isHostNetwork(from.service) || isHostNetwork(to.service)) return;
    const host = view.target.host.toLowerCase();
    if (host === 'host.docker.internal' || (IP.test(host) && !/^127\.|^::1$/.test(host))) return; // through the host or an address
    const shared = serviceNetworks(from.service).filter((n) => serviceNetworks(to.service).includes(n));
    if (shared.length > 0) return;
    const modes = [from.service, to.service].map((s) => networkModeName(s)).filter((m): m is string => !!m);
    const names = serviceHostNames(to.service);
    const byName = names.includes(host);
    const why = modes.includes('bridge')
      ? t(
          "`network_mode: bridge` puts a container on Docker's default bridge network, where service names do not resolve",
          '`network_mode: bridge` 会把容器放到 Docker 默认的 bridge 网络上，在那里服务名无法解析',
        )
      : modes.length > 0
        ? t(`\`network_mode: ${modes[0]}\` keeps the service off the project's networks`, `\`network_mode: ${modes[0]}\` 让该服务不在项目的网络中`)
        : t(
            `service "${from.service.name}" joins ${serviceNetworks(from.service).join(', ')} and service "${to.service.name}" joins ${serviceNetworks(to.service).join(', ')}`,
            `服务 "${from.service.name}" 加入 ${serviceNetworks(from.service).join('、')}，服务 "${to.service.name}" 加入 ${serviceNetworks(to.service).join('、')}`,
          );
    const culprit = networkModeName(from.service) ? from.service : networkModeName(to.service) ? to.service : from.service;
    const other = culprit === from.service ? to : from;
    const at = networkLoc(culprit);
    const note = assumedNote(link);
    ctx.report({
      file: at.file,
      range: at.range,
      message: t(
        `Services "${from.service.name}" (${view.dialerName}) and "${to.service.name}" (${view.listenerName}) share no network: ${why.en}.${byName ? ` ${view.dialerLabel.en} dials "${view.target.host}", which cannot resolve.` : ''} Put both services on one network (drop \`network_mode\`, or list a common network under \`networks\`).${note.en}`,
        `服务 "${from.service.name}"（${view.dialerName}）与 "${to.service.name}"（${view.listenerName}）没有共同的网络：${why.zh}。${byName ? `${view.dialerLabel.zh} 连接的 "${view.target.host}" 无法解析。` : ''}请让两个服务处于同一网络（去掉 \`network_mode\`，或在 \`networks\` 下列出共同的网络）。${note.zh}`,
      ),
      related: [
        serviceRelated(other, t(`service "${other.service.name}"`, `服务 "${other.service.name}"`)),
        {
          file: view.dialAt.file,
          range: view.dialAt.range,
          message: t(`${view.dialerLabel.en} dials ${view.target.host}`, `${view.dialerLabel.zh} 连接 ${view.target.host}`),
        },
      ],
    });
  },
};
