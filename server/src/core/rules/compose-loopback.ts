import type { Rule } from './types';
import type { Fix, RelatedInfo } from '../model';
import { t } from '../l10n';
import { hasHostGateway, isHostNetwork } from '../compose/placement';
import { isLoopbackHost } from '../link/urls';
import { composeView, dialHostFix, sameNamespace, serviceRelated, whereWords } from './lib/compose';
import { assumedNote } from './lib/link';

export const rule: Rule = {
  code: 'compose-loopback',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('A container dials its own loopback address', '容器连接的是自己的回环地址'),
  doc: {
    checks: 'A side that runs in a compose service dials `127.0.0.1`, `localhost` or `::1` while the other side runs in another service or on the host.',
    why: 'Every container has its own network namespace: `127.0.0.1` inside it is the container itself, so the connection is refused (nothing listens there) instead of reaching the other service or the host. Another service is reached by its service name on a shared network; the host by `host.docker.internal` (built into Docker Desktop; on Linux it needs `extra_hosts: ["host.docker.internal:host-gateway"]`).',
    sources: [
      'Docker docs, "Networking in Compose" (docs.docker.com/compose/how-tos/networking/): services reach each other by service name',
      'compose-spec/compose-spec spec.md, `extra_hosts` and `host-gateway`; moby/moby PR #40007 (host-gateway, Docker 20.10)',
      'Ice9Coffee/HoshinoBot PR #250; zhenxun-org/zhenxun_bot#1637 (bots in containers dialling or listening on 127.0.0.1)',
      'NapNeko/NapCat-Docker templates: `MODE=nonebot` dials `ws://nonebot:8080/onebot/v11/ws` (an early template dialled 127.0.0.1 and was fixed)',
    ],
    example:
      '# compose.yaml\nservices:\n  napcat:\n    volumes: ["./napcat/config:/app/napcat/config"]\n  nonebot:\n    build: ./bot\n// napcat/config/onebot11_123.json\n"url": "ws://127.0.0.1:8080/onebot/v11/ws"',
    fix: 'Dial the other service by its name (`ws://nonebot:8080/…`), or `host.docker.internal` when the other side runs on the host.',
  },
  checkLink(link, ctx) {
    const view = composeView(link, ctx);
    if (!view?.dialerPlace || !isLoopbackHost(view.target.host)) return;
    const from = view.dialerPlace;
    if (isHostNetwork(from.service)) return; // the host's own loopback: what it means outside containers
    const to = view.listenerPlace;
    if (sameNamespace(from, to)) return;
    const toHost = !to || isHostNetwork(to.service) || to.compose !== from.compose;
    const suggest = toHost ? 'host.docker.internal' : to.service.name;
    const fixes: Fix[] = [];
    const f = dialHostFix(
      link,
      view,
      suggest,
      toHost
        ? t(`Dial host.docker.internal (${view.listenerName} on the host)`, `连接 host.docker.internal（${view.listenerName} 在宿主机上）`)
        : t(`Dial the service "${suggest}"`, `连接服务 "${suggest}"`),
      ctx,
      true,
    );
    if (f) fixes.push(f);
    const gatewayNote =
      toHost && !hasHostGateway(from.service)
        ? t(
            ` On Linux also add \`extra_hosts: ["host.docker.internal:host-gateway"]\` to service "${from.service.name}".`,
            `在 Linux 上还需为服务 "${from.service.name}" 添加 \`extra_hosts: ["host.docker.internal:host-gateway"]\`。`,
          )
        : t('', '');
    const related: RelatedInfo[] = [
      serviceRelated(from, t(`${view.dialerName} runs in service "${from.service.name}"`, `${view.dialerName} 运行在服务 "${from.service.name}" 中`)),
    ];
    if (to)
      related.push(
        serviceRelated(to, t(`${view.listenerName} runs in service "${to.service.name}"`, `${view.listenerName} 运行在服务 "${to.service.name}" 中`)),
      );
    const where = whereWords(to);
    const note = assumedNote(link);
    ctx.report({
      file: view.dialAt.file,
      range: view.dialAt.range,
      message: t(
        `${view.dialerLabel.en} dials ${view.target.host} from inside the container of service "${from.service.name}": there it is the container itself, not ${view.listenerName}, which runs ${where.en}. Dial ${suggest} instead.${gatewayNote.en}${note.en}`,
        `${view.dialerLabel.zh} 在服务 "${from.service.name}" 的容器内连接 ${view.target.host}：在那里它指的是容器自身，而不是${where.zh}运行的 ${view.listenerName}。请改为连接 ${suggest}。${gatewayNote.zh}${note.zh}`,
      ),
      related,
      fixes,
    });
  },
};
