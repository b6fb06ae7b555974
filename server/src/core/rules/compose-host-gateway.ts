import type { Rule } from './types';
import type { Fix } from '../model';
import { t } from '../l10n';
import { hasHostGateway, isHostNetwork } from '../compose/placement';
import { insertEntry } from '../impl/yaml';
import { composeView, serviceRelated } from './lib/compose';
import { fix } from './lib/edits';

export const rule: Rule = {
  code: 'compose-host-gateway',
  defaultSeverity: 'warning',
  scope: 'cross',
  title: t('host.docker.internal without extra_hosts', '使用 host.docker.internal 但未配置 extra_hosts'),
  doc: {
    checks: 'A side that runs in a compose service dials `host.docker.internal`, and the service has no `extra_hosts` entry for that name.',
    why: 'Docker Desktop (Windows, macOS) defines `host.docker.internal` in every container; Docker Engine on Linux does not, so the name fails to resolve unless the service maps it with `extra_hosts: ["host.docker.internal:host-gateway"]` (Docker 20.10 and later).',
    sources: [
      'compose-spec/compose-spec spec.md, `extra_hosts` (the `host-gateway` value)',
      'moby/moby PR #40007 (the `host-gateway` special value, Docker 20.10)',
      'Docker docs, "Networking features in Docker Desktop" (docs.docker.com/desktop/features/networking/): host.docker.internal is a Docker Desktop feature',
    ],
    example:
      '# compose.yaml\nservices:\n  napcat:\n    volumes: ["./napcat/config:/app/napcat/config"]\n// napcat/config/onebot11_123.json\n"url": "ws://host.docker.internal:8080/onebot/v11/ws"',
    fix: 'Add `extra_hosts: ["host.docker.internal:host-gateway"]` to the service (harmless on Docker Desktop).',
  },
  checkLink(link, ctx) {
    const view = composeView(link, ctx);
    const from = view?.dialerPlace;
    if (!view || !from || isHostNetwork(from.service)) return;
    if (view.target.host.toLowerCase() !== 'host.docker.internal' || hasHostGateway(from.service)) return;
    const fixes: Fix[] = [];
    const last = from.service.nodes[from.service.nodes.length - 1];
    if (last && from.service.extraHosts.length === 0 && !last.node.entries?.some((e) => e.key === 'extra_hosts')) {
      const edit = insertEntry(last.yaml, last.node, 'extra_hosts', '["host.docker.internal:host-gateway"]');
      if (edit)
        fixes.push(
          fix(
            t(`Add extra_hosts to service "${from.service.name}"`, `为服务 "${from.service.name}" 添加 extra_hosts`),
            [{ file: last.yaml.file, ...edit }],
            true,
          ),
        );
    }
    ctx.report({
      file: view.dialAt.file,
      range: view.dialAt.range,
      message: t(
        `${view.dialerLabel.en} dials host.docker.internal from service "${from.service.name}", which does not map that name: it resolves on Docker Desktop only. On Linux add \`extra_hosts: ["host.docker.internal:host-gateway"]\` to the service.`,
        `${view.dialerLabel.zh} 从服务 "${from.service.name}" 连接 host.docker.internal，但该服务没有映射这个名字：只有 Docker Desktop 能解析它。在 Linux 上请为该服务添加 \`extra_hosts: ["host.docker.internal:host-gateway"]\`。`,
      ),
      related: [
        serviceRelated(
          from,
          t(
            `service "${from.service.name}" has no extra_hosts entry for host.docker.internal`,
            `服务 "${from.service.name}" 没有 host.docker.internal 的 extra_hosts 条目`,
          ),
        ),
      ],
      fixes,
    });
  },
};
