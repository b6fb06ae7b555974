import { isIP } from 'node:net';
import type { Rule } from './types';
import type { Fix, Localized, Location, RelatedInfo, TextEdit } from '../model';
import { t } from '../l10n';
import { isLoopbackHost, isWildcardHost } from '../link/urls';
import { appendServiceListItem, composeView, hostRoute, mappedPort, portMapping, serviceRelated, type HostRoute, type PortMapping } from './lib/compose';
import { fix } from './lib/edits';
import { assumedNote, implFieldLoc, implFix } from './lib/link';

/** Does a port published on `ip` accept a connection dialled to `dialHost` along `route`? 'unsure' where Docker's setup decides. */
function hostIpAccepts(ip: string | undefined, route: HostRoute['via'], dialHost: string): boolean | 'unsure' {
  if (!ip || isWildcardHost(ip)) return true;
  const dial = dialHost.toLowerCase();
  if (route === 'gateway') return 'unsure'; // Docker Desktop forwards host.docker.internal to the host's loopback; Linux Engine does not
  if (isLoopbackHost(ip)) return route === 'loopback' && (dial === 'localhost' || dial === ip.toLowerCase());
  if (route === 'loopback') return false; // bound to one other address: the loopback does not reach it
  if (dial === ip.toLowerCase()) return true;
  return isIP(dial) ? false : 'unsure'; // a domain name may resolve to that address
}

/** The raw text of a single-line `ports` entry. */
function rawEntry(m: PortMapping, text: (file: string) => string | undefined): string | undefined {
  const r = m.port.loc.range;
  if (r.start.line !== r.end.line) return undefined;
  const line = (text(m.port.loc.file) ?? '').split(/\r\n|\r|\n/)[r.start.line];
  return line?.slice(r.start.character, r.end.character);
}

/** Drops the host IP of a short-syntax entry (`"127.0.0.1:8080:8080"` → `"8080:8080"`); undefined for other forms. */
function dropHostIp(m: PortMapping, text: (file: string) => string | undefined): TextEdit | undefined {
  const raw = rawEntry(m, text);
  if (!raw || raw.includes('$') || !m.hostIp) return undefined;
  const q = /^["']/.test(raw) ? 1 : 0;
  const written = raw.slice(q).startsWith(`[${m.hostIp}]:`) ? `[${m.hostIp}]:` : raw.slice(q).startsWith(`${m.hostIp}:`) ? `${m.hostIp}:` : undefined;
  if (!written) return undefined;
  const at = m.port.loc.range.start;
  const start = { line: at.line, character: at.character + q };
  return { file: m.port.loc.file, range: { start, end: { line: at.line, character: start.character + written.length } }, newText: '' };
}

export const rule: Rule = {
  code: 'compose-port-unpublished',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('The port is not published where the dialer reaches it', '连接方能到达的位置没有发布该端口'),
  doc: {
    checks:
      'A side outside the container (on the host, on another machine, or in a container going through `host.docker.internal`) dials a side that runs in a compose service on a bridge network, and the service publishes no host port that leads to the port the side listens on; or it publishes it on `127.0.0.1` (or another single address) only, while the dialer comes from another address. Short (`"127.0.0.1:8080:8080/tcp"`) and long (`target` / `published` / `host_ip`) syntax and port ranges are read.',
    why: "A container's ports are reachable from outside only where `ports` publishes them: without a mapping the host's port is closed (the connection is refused), and a mapping `18080:8080` serves host port 18080, not 8080. A mapping with a host IP (`127.0.0.1:8080:8080`) listens on that address only: the same machine reaches it through 127.0.0.1, another machine or the host's LAN address does not. Between services of one project no port needs publishing: they reach each other by service name and the container's own port.",
    sources: [
      'compose-spec/compose-spec spec.md, `ports` (short syntax `[HOST:]CONTAINER[/PROTOCOL]`, host IP, ranges; long syntax `target`, `published`, `host_ip`)',
      'Docker docs, "Port publishing and mapping" (docs.docker.com/engine/network/port-publishing/): published ports bind to all interfaces unless a host IP is given',
      'NapNeko/NapCat-Docker README: the compose templates publish `3000`, `3001` and `6099` for clients outside the container',
    ],
    example:
      '# compose.yaml\nservices:\n  nonebot:\n    build: ./bot\n    # no ports\n// napcat/config/onebot11_123.json (NapCat on the host)\n"url": "ws://127.0.0.1:8080/onebot/v11/ws"',
    fix: 'Publish the port (`ports: ["8080:8080"]`; the quick fix adds it), dial the host port that is published, or drop the `127.0.0.1:` host IP when the dialer runs on another machine.',
  },
  checkLink(link, ctx) {
    const view = composeView(link, ctx);
    if (!view) return;
    const route = hostRoute(view);
    if (!route) return;
    const listenPort = view.dialer === 'impl' ? link.fw.port : link.impl.port;
    if (!listenPort) return; // no port (Koishi without a server: koishi-config), or an invalid one (its own rules)
    const listenAt: Location = view.dialer === 'impl' ? (link.fw.portLoc ?? link.fw.anchor) : implFieldLoc(link.impl, 'port');
    const dialHost = view.target.host;
    const dialPort = view.target.port;
    const svc = route.portsOf;
    const maps = svc.ports.map((p) => portMapping(p, ctx.text)).filter((m): m is PortMapping => m !== undefined);
    let wrongTarget: { m: PortMapping; port: number } | undefined;
    let badIp: PortMapping | undefined;
    for (const m of maps) {
      const to = mappedPort(m, dialPort);
      if (!to) continue;
      if (!to.certain && m.tgtLo === listenPort) return; // Docker picks the host port from a range: it may be this one
      if (to.port !== listenPort) {
        if (to.certain) wrongTarget ??= { m, port: to.port };
        continue;
      }
      const ok = hostIpAccepts(m.hostIp, route.via, dialHost);
      if (ok === true || ok === 'unsure') return;
      badIp ??= m;
    }
    // Ports written with variables compose could not resolve here: nothing certain to say.
    if (svc.ports.some((p) => p.target === undefined)) return;

    const where =
      route.via === 'loopback'
        ? t('from the host', '从宿主机')
        : route.via === 'gateway'
          ? t(
              `from service "${view.dialerPlace?.service.name}" through host.docker.internal`,
              `从服务 "${view.dialerPlace?.service.name}" 经 host.docker.internal`,
            )
          : t("from outside the container (the host's network address, or another machine)", '从容器外（宿主机的网络地址，或另一台机器）');
    const svcWords =
      svc === route.listener.service ? `service "${svc.name}"` : `service "${svc.name}" (whose network service "${route.listener.service.name}" shares)`;
    const svcWordsZh = svc === route.listener.service ? `服务 "${svc.name}"` : `服务 "${svc.name}"（服务 "${route.listener.service.name}" 共用它的网络）`;
    const related: RelatedInfo[] = [
      serviceRelated(
        route.listener,
        t(`${view.listenerName} runs in service "${route.listener.service.name}"`, `${view.listenerName} 运行在服务 "${route.listener.service.name}" 中`),
      ),
      {
        file: listenAt.file,
        range: listenAt.range,
        message: t(`${view.listenerName} listens on port ${listenPort} inside the container`, `${view.listenerName} 在容器内监听端口 ${listenPort}`),
      },
    ];
    const fixes: Fix[] = [];
    let why: Localized;
    if (badIp) {
      const ip = badIp.hostIp ?? '';
      related.push({ file: badIp.port.loc.file, range: badIp.port.loc.range, message: t(`published on ${ip} only`, `仅在 ${ip} 上发布`) });
      why =
        route.via === 'loopback'
          ? t(
              `${svcWords} publishes port ${dialPort} on ${ip} only, and ${dialHost} is not that address: the connection is refused. Dial ${ip}, or publish the port without a host IP.`,
              `${svcWordsZh} 只在 ${ip} 上发布端口 ${dialPort}，而 ${dialHost} 不是这个地址：连接会被拒绝。请连接 ${ip}，或发布端口时不指定主机 IP。`,
            )
          : t(
              `${svcWords} publishes port ${dialPort} on ${ip} only: only connections to ${ip} on the Docker host reach it, so a dialer on another machine or using the host's network address (${dialHost}) is refused. Publish it without the host IP (on every interface), or run ${view.dialerName} on that host and dial ${ip}.`,
              `${svcWordsZh} 只在 ${ip} 上发布端口 ${dialPort}：只有在 Docker 宿主机上连接 ${ip} 才能到达，其他机器或使用宿主机网络地址（${dialHost}）的连接会被拒绝。请不指定主机 IP 发布端口（所有网卡），或让 ${view.dialerName} 运行在该宿主机上并连接 ${ip}。`,
            );
      const e = dropHostIp(badIp, ctx.text);
      // Not preferred: publishing on every interface exposes the port to the network, which the host IP may have meant to avoid.
      if (e) fixes.push(fix(t(`Publish port ${dialPort} on every interface`, `在所有网卡上发布端口 ${dialPort}`), [e]));
    } else if (wrongTarget) {
      related.push({
        file: wrongTarget.m.port.loc.file,
        range: wrongTarget.m.port.loc.range,
        message: t(`host port ${dialPort} → container port ${wrongTarget.port}`, `宿主机端口 ${dialPort} → 容器端口 ${wrongTarget.port}`),
      });
      why = t(
        `host port ${dialPort} of ${svcWords} leads to port ${wrongTarget.port} inside the container, but ${view.listenerName} listens on ${listenPort} there: the connection is refused. Map ${dialPort} to ${listenPort} (\`"${dialPort}:${listenPort}"\`).`,
        `${svcWordsZh} 的宿主机端口 ${dialPort} 通向容器内的端口 ${wrongTarget.port}，但 ${view.listenerName} 在容器内监听 ${listenPort}：连接会被拒绝。请把 ${dialPort} 映射到 ${listenPort}（\`"${dialPort}:${listenPort}"\`）。`,
      );
    } else {
      const other = maps.find(
        (m) =>
          m.tgtLo === listenPort &&
          m.tgtHi === listenPort &&
          m.pubLo !== undefined &&
          m.pubLo === m.pubHi &&
          hostIpAccepts(m.hostIp, route.via, dialHost) !== false,
      );
      const random = maps.find((m) => m.tgtLo <= listenPort && listenPort <= m.tgtHi && m.pubLo === undefined);
      const add = appendServiceListItem(svc, 'ports', `"${dialPort}:${listenPort}"`);
      if (other) {
        related.push({
          file: other.port.loc.file,
          range: other.port.loc.range,
          message: t(`container port ${listenPort} is published as ${other.pubLo}`, `容器端口 ${listenPort} 发布为 ${other.pubLo}`),
        });
        why = t(
          `${svcWords} publishes ${view.listenerName}'s port ${listenPort} as host port ${other.pubLo}, not ${dialPort}: nothing answers on ${dialPort}. Dial ${other.pubLo}, or publish ${dialPort}.`,
          `${svcWordsZh} 把 ${view.listenerName} 的端口 ${listenPort} 发布为宿主机端口 ${other.pubLo}，而不是 ${dialPort}：${dialPort} 上没有程序应答。请连接 ${other.pubLo}，或发布 ${dialPort}。`,
        );
        if (view.dialer === 'impl') {
          const f = implFix(link.impl, 'port', String(other.pubLo), t(`Dial the published port ${other.pubLo}`, `连接已发布的端口 ${other.pubLo}`), ctx.text);
          if (f) fixes.push(f);
        }
        if (add) fixes.push(fix(t(`Publish port ${dialPort} (${dialPort}:${listenPort})`, `发布端口 ${dialPort}（${dialPort}:${listenPort}）`), [add]));
      } else {
        if (random)
          related.push({
            file: random.port.loc.file,
            range: random.port.loc.range,
            message: t(`no host port: Docker picks a random one`, `没有宿主机端口：Docker 会随机选择一个`),
          });
        why = t(
          `${svcWords} publishes no host port ${dialPort} for it${random ? ` (container port ${listenPort} is published on a random host port)` : ''}: from outside the container nothing answers there, and the connection is refused. Publish it: \`ports: ["${dialPort}:${listenPort}"]\`.`,
          `${svcWordsZh} 没有为它发布宿主机端口 ${dialPort}${random ? `（容器端口 ${listenPort} 发布在随机的宿主机端口上）` : ''}：从容器外访问时那里没有程序应答，连接会被拒绝。请发布端口：\`ports: ["${dialPort}:${listenPort}"]\`。`,
        );
        if (add)
          fixes.push(fix(t(`Publish port ${dialPort} (${dialPort}:${listenPort})`, `发布端口 ${dialPort}（${dialPort}:${listenPort}）`), [add], !random));
      }
    }
    const note = assumedNote(link);
    ctx.report({
      file: view.dialAt.file,
      range: view.dialAt.range,
      message: t(
        `${view.dialerLabel.en} dials ${dialHost}:${dialPort} ${where.en}, where ${view.listenerName} runs in a container: ${why.en}${note.en}`,
        `${view.dialerLabel.zh} ${where.zh}连接 ${dialHost}:${dialPort}，而 ${view.listenerName} 运行在容器中：${why.zh}${note.zh}`,
      ),
      related,
      fixes,
    });
  },
};
