/**
 * Hovers in Docker Compose files: on a service's key, which sides of which links run there and how others reach it;
 * on a `ports` entry, what it publishes and for whom; on a `networks` entry, who else joins it; on a bind mount,
 * which side's folder it carries. The words come from core/compose/where.
 */
import * as path from 'node:path';
import type { Hover, Position } from 'vscode-languageserver';
import type { Lang, Localized, Range, WorkspaceModel } from '../core/model';
import { pick, t } from '../core/l10n';
import { maskUrlsIn } from '../core/text/secrets';
import { rangeContains } from '../core/text/lineIndex';
import { isHostNetwork, serviceHostNames, serviceNetworks } from '../core/compose/placement';
import type { ComposeModel, ComposeService } from '../core/compose/reader';
import { isLoopbackHost, isWildcardHost } from '../core/link/urls';
import { sidesIn } from '../core/compose/where';
import { IMPL_NAMES } from '../core/impl';

export function composeHoverAt(model: WorkspaceModel, file: string, pos: Position, lang: Lang): Hover | undefined {
  const projects = model.compose?.projects ?? [];
  const md = (parts: Localized[]) => maskUrlsIn(parts.map((p) => pick(p, lang)).join('\n\n'));
  const hit = (r: Range) => rangeContains(r, pos);
  for (const compose of projects) {
    if (!compose.files.includes(file)) continue;
    for (const svc of compose.services) {
      const rel = (dir: string) => path.relative(compose.dir, dir).split(path.sep).join('/') || '.';
      const sides = sidesIn(model, svc);
      const runs = sides.length
        ? t(`Runs ${sides.map((s) => `${s.name} (\`${rel(s.dir)}\`)`).join(', ')}.`, `运行 ${sides.map((s) => `${s.name}（\`${rel(s.dir)}\`）`).join('、')}。`)
        : t('Runs no side of a OneBot link found in the workspace.', '没有运行工作区中任何 OneBot 连接的一端。');
      if (svc.file === file && hit(svc.keyRange))
        return {
          contents: { kind: 'markdown', value: md([t(`**service \`${svc.name}\`**`, `**服务 \`${svc.name}\`**`), runs, reachability(svc, compose)]) },
          range: svc.keyRange,
        };
      for (const p of svc.ports) {
        if (p.loc.file !== file || !hit(p.loc.range)) continue;
        const lines: Localized[] = [t(`**ports** of service \`${svc.name}\``, `服务 \`${svc.name}\` 的 **ports**`), portText(p.target, p.published, p.hostIp)];
        const listening = portListeners(model, svc, p.target);
        lines.push(
          listening.length
            ? t(`Inside the container ${listening.join(', ')} listens on ${p.target}.`, `容器内 ${listening.join('、')} 监听 ${p.target}。`)
            : t(
                `No side of a link found in the workspace listens on ${p.target ?? '?'} in this container.`,
                `工作区中没有连接的一端在此容器内监听 ${p.target ?? '?'}。`,
              ),
          t(
            'Other services of the project do not need it: they reach the container port by the service name.',
            '项目中的其他服务不需要它：它们通过服务名直接访问容器端口。',
          ),
        );
        return { contents: { kind: 'markdown', value: md(lines) }, range: p.loc.range };
      }
      for (const n of svc.networks ?? []) {
        if (n.loc.file !== file || !hit(n.loc.range)) continue;
        const others = compose.services.filter((s) => s !== svc && serviceNetworks(s).includes(n.name));
        const names = others.map(
          (s) =>
            `\`${s.name}\`${
              sidesIn(model, s).length
                ? ` (${sidesIn(model, s)
                    .map((x) => x.name)
                    .join(', ')})`
                : ''
            }`,
        );
        const namesZh = others.map(
          (s) =>
            `\`${s.name}\`${
              sidesIn(model, s).length
                ? `（${sidesIn(model, s)
                    .map((x) => x.name)
                    .join('、')}）`
                : ''
            }`,
        );
        return {
          contents: {
            kind: 'markdown',
            value: md([
              t(`**network \`${n.name}\`** of service \`${svc.name}\``, `服务 \`${svc.name}\` 的**网络 \`${n.name}\`**`),
              runs,
              names.length
                ? t(
                    `Also joined by ${names.join(', ')}: they reach \`${svc.name}\`${n.aliases.length ? ` (or ${n.aliases.map((a) => `\`${a}\``).join(', ')})` : ''} by name.`,
                    `同样加入该网络的有 ${namesZh.join('、')}：它们可以按名字访问 \`${svc.name}\`${n.aliases.length ? `（或 ${n.aliases.map((a) => `\`${a}\``).join('、')}）` : ''}。`,
                  )
                : t('No other service joins it: names of other services do not resolve through it.', '没有其他服务加入该网络：通过它无法解析其他服务的名字。'),
            ]),
          },
          range: n.loc.range,
        };
      }
      for (const v of svc.volumes) {
        if (v.loc.file !== file || !hit(v.loc.range) || v.type !== 'bind' || !v.source) continue;
        const src = v.source;
        const inside = sides.filter((s) => !path.relative(src, s.dir).startsWith('..') && !path.isAbsolute(path.relative(src, s.dir)));
        return {
          contents: {
            kind: 'markdown',
            value: md([
              t(
                `**bind mount** \`${rel(src)}\` → \`${v.target}\` in service \`${svc.name}\``,
                `服务 \`${svc.name}\` 的**绑定挂载** \`${rel(src)}\` → \`${v.target}\``,
              ),
              inside.length
                ? t(
                    `The files of ${inside.map((s) => `${s.name} (\`${rel(s.dir)}\`)`).join(', ')} are what runs in this container: its addresses are judged from here.`,
                    `${inside.map((s) => `${s.name}（\`${rel(s.dir)}\`）`).join('、')} 的文件就是此容器中运行的配置：它的地址从这里判断。`,
                  )
                : t('No side of a link found in the workspace runs from this folder here.', '工作区中没有连接的一端在这里从该文件夹运行。'),
            ]),
          },
          range: v.loc.range,
        };
      }
    }
  }
  return undefined;
}

function portText(target: number | undefined, published: string | undefined, hostIp: string | undefined): Localized {
  const ip = hostIp?.trim();
  const where =
    !ip || isWildcardHost(ip)
      ? t('on every interface of the host', '在宿主机的所有网卡上')
      : isLoopbackHost(ip)
        ? t(`on ${ip} only (this host, not other machines)`, `仅在 ${ip} 上（本机可达，其他机器不可达）`)
        : t(`on ${ip} only`, `仅在 ${ip} 上`);
  if (!published)
    return t(
      `Publishes container port ${target ?? '?'} on a host port Docker picks at random, ${where.en}.`,
      `把容器端口 ${target ?? '?'} 发布到 Docker 随机选择的宿主机端口，${where.zh}。`,
    );
  return t(
    `Host port ${published} → container port ${target ?? '?'}, ${where.en}: the host and other machines dial the host port.`,
    `宿主机端口 ${published} → 容器端口 ${target ?? '?'}，${where.zh}：宿主机和其他机器连接宿主机端口。`,
  );
}

function reachability(svc: ComposeService, compose: ComposeModel): Localized {
  if (isHostNetwork(svc))
    return t(
      "Uses the host's network (`network_mode: host`): its ports are the host's, `127.0.0.1` inside is the host.",
      '使用宿主机网络（`network_mode: host`）：它的端口就是宿主机的端口，容器内的 `127.0.0.1` 就是宿主机。',
    );
  const mode = svc.networkMode?.value.trim();
  if (mode)
    return t(
      `\`network_mode: ${mode}\`: service names of the project do not resolve from it${mode.startsWith('service:') ? `; \`127.0.0.1\` is service \`${mode.slice(8)}\`` : ''}.`,
      `\`network_mode: ${mode}\`：从它无法解析项目中的服务名${mode.startsWith('service:') ? `；\`127.0.0.1\` 是服务 \`${mode.slice(8)}\`` : ''}。`,
    );
  const names = [...new Set(serviceHostNames(svc))].map((n) => `\`${n}\``).join(', ');
  const nets = serviceNetworks(svc).join(', ');
  const pubs = svc.ports.filter((p) => p.published).map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.published}→${p.target ?? '?'}`);
  const others = compose.services.filter((s) => s !== svc && serviceNetworks(s).some((n) => serviceNetworks(svc).includes(n))).map((s) => `\`${s.name}\``);
  return t(
    `Other services on its networks (${nets})${others.length ? `, ${others.join(', ')},` : ''} reach it as ${names}; inside it \`127.0.0.1\` is this container. ${pubs.length ? `From the host: published ${pubs.join(', ')}.` : 'Nothing is published: the host and other machines cannot reach it.'}`,
    `同一网络（${nets}）上的其他服务${others.length ? `（${others.join('、')}）` : ''}通过 ${names} 访问它；在容器内 \`127.0.0.1\` 就是这个容器。${pubs.length ? `从宿主机：已发布 ${pubs.join('、')}。` : '没有发布任何端口：宿主机和其他机器无法访问它。'}`,
  );
}

/** Sides in the service that listen on a port inside the container. */
function portListeners(model: WorkspaceModel, svc: ComposeService, port: number | undefined): string[] {
  if (port === undefined || !model.compose) return [];
  const info = model.compose;
  const names = new Set<string>();
  for (const l of model.links) {
    const implDials = l.kind === 'reverse-ws' || l.kind === 'http-post';
    const dir = implDials ? (l.framework === 'nonebot' ? l.nonebot.dir : l.koishi.dir) : l.implConfig.dir;
    if (info.placement.get(dir)?.service !== svc) continue;
    const p = implDials ? l.fw.port : l.impl.port;
    if (p === port) names.add(implDials ? (l.framework === 'nonebot' ? 'NoneBot' : 'Koishi') : IMPL_NAMES[l.impl.implementation]);
  }
  return [...names];
}
