import type { Rule } from './types';
import type { Fix, RelatedInfo } from '../model';
import { t } from '../l10n';
import { isHostNetwork, serviceHostNames } from '../compose/placement';
import { isLoopbackHost, isWildcardHost } from '../link/urls';
import { composeView, dialHostFix, serviceRelated } from './lib/compose';
import { assumedNote } from './lib/link';

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:.]*)$/i;

export const rule: Rule = {
  code: 'compose-unknown-host',
  defaultSeverity: 'warning',
  scope: 'cross',
  title: t('A container dials a host name nothing defines', '容器连接的主机名没有任何定义'),
  doc: {
    checks:
      'A side that runs in a compose service dials a single-label host name (no dot) that is neither a service of the project, a network alias, a `container_name` or `hostname`, nor an `extra_hosts` entry of that service; or a side on the host dials a service name, which resolves only inside the compose networks.',
    why: "Inside a compose network, Docker's DNS answers service names, aliases and container names; a single-label name it does not know fails to resolve (a typo, a renamed service, the name of a container from another project). From the host those names mean nothing at all: the host reaches a service through its published port on 127.0.0.1.",
    sources: [
      'Docker docs, "Networking in Compose" (docs.docker.com/compose/how-tos/networking/): service names and aliases resolve on a shared network',
      'compose-spec/compose-spec spec.md, `networks.aliases`, `container_name`, `hostname`, `extra_hosts`',
    ],
    example:
      '# compose.yaml\nservices:\n  napcat:\n    volumes: ["./napcat/config:/app/napcat/config"]\n  nonebot:\n    build: ./bot\n// napcat/config/onebot11_123.json\n"url": "ws://nonebot2:8080/onebot/v11/ws"',
    fix: 'Dial the service name the other side runs in (or add a network alias for the name you dial).',
  },
  checkLink(link, ctx) {
    const view = composeView(link, ctx);
    if (!view) return;
    const host = view.target.host.toLowerCase();
    if (host.includes('.') || IP.test(host) || isLoopbackHost(host) || isWildcardHost(host) || host === '') return;
    const from = view.dialerPlace;
    const to = view.listenerPlace;
    const note = assumedNote(link);
    const related: RelatedInfo[] = [];
    if (to)
      related.push(
        serviceRelated(to, t(`${view.listenerName} runs in service "${to.service.name}"`, `${view.listenerName} 运行在服务 "${to.service.name}" 中`)),
      );
    if (!from) {
      // On the host: a service name resolves only inside the compose networks.
      const projects = ctx.model.compose?.projects ?? [];
      const svc = projects.flatMap((p) => p.services).find((s) => serviceHostNames(s).includes(host));
      if (!svc || (to && isHostNetwork(to.service))) return;
      const published = to?.service.ports.find((p) => p.target === view.target.port && p.published);
      const fixes: Fix[] = [];
      const f = published
        ? dialHostFix(link, view, '127.0.0.1', t('Dial 127.0.0.1 (the published port)', '连接 127.0.0.1（已发布的端口）'), ctx, true)
        : undefined;
      if (f && published?.published === String(view.target.port)) fixes.push(f);
      ctx.report({
        file: view.dialAt.file,
        range: view.dialAt.range,
        message: t(
          `${view.dialerLabel.en} runs on the host and dials "${view.target.host}", a compose service name: it resolves only inside the compose networks. From the host dial 127.0.0.1 and a port the service publishes${published ? '' : ` (service "${svc.name}" publishes no port ${view.target.port})`}.${note.en}`,
          `${view.dialerLabel.zh} 运行在宿主机上，却连接 compose 服务名 "${view.target.host}"：它只在 compose 网络内部可解析。请在宿主机上连接 127.0.0.1 和该服务发布的端口${published ? '' : `（服务 "${svc.name}" 没有发布端口 ${view.target.port}）`}。${note.zh}`,
        ),
        related: [{ file: svc.file, range: svc.keyRange, message: t(`service "${svc.name}"`, `服务 "${svc.name}"`) }, ...related],
        fixes,
      });
      return;
    }
    if (isHostNetwork(from.service)) return; // the host's resolver: unknown here
    const known = new Set([...from.compose.services.flatMap((s) => serviceHostNames(s)), ...from.service.extraHosts.map((h) => h.host.toLowerCase())]);
    if (known.has(host)) return;
    const fixes: Fix[] = [];
    const suggest = to && to.compose === from.compose && !isHostNetwork(to.service) ? to.service.name : undefined;
    if (suggest) {
      const f = dialHostFix(link, view, suggest, t(`Dial the service "${suggest}"`, `连接服务 "${suggest}"`), ctx, true);
      if (f) fixes.push(f);
    }
    related.unshift(
      serviceRelated(from, t(`${view.dialerName} runs in service "${from.service.name}"`, `${view.dialerName} 运行在服务 "${from.service.name}" 中`)),
    );
    const names = from.compose.services.map((s) => s.name).join(', ');
    ctx.report({
      file: view.dialAt.file,
      range: view.dialAt.range,
      message: t(
        `${view.dialerLabel.en} dials "${view.target.host}" from service "${from.service.name}", but no service, alias, container name or extra_hosts entry of the project is called that (services: ${names}): the name does not resolve.${suggest ? ` Dial "${suggest}", where ${view.listenerName} runs.` : ''}${note.en}`,
        `${view.dialerLabel.zh} 从服务 "${from.service.name}" 连接 "${view.target.host}"，但项目中没有叫这个名字的服务、别名、容器名或 extra_hosts 条目（服务：${names}）：该名字无法解析。${suggest ? `请连接 ${view.listenerName} 所在的 "${suggest}"。` : ''}${note.zh}`,
      ),
      related,
      fixes,
    });
  },
};
