/**
 * Where each side of a link runs, in words: what the address one side dials means from where it runs, and how the
 * other side is reached from there. For hovers (on a URL, a host, a port, a compose service) and for the probe's
 * note on what a connection from the host proves. Static: no Docker daemon is asked.
 */
import * as path from 'node:path';
import type { Link, Localized, WorkspaceModel } from '../model';
import { t } from '../l10n';
import { IMPL_NAMES } from '../impl';
import { isLoopbackHost, isWildcardHost, parseDialUrl } from '../link/urls';
import { hasHostGateway, isHostNetwork, linkPlacement, serviceHostNames, serviceNetworks, type ComposeInfo, type Placement } from './placement';
import type { ComposePort, ComposeService } from './reader';

interface LinkWhere {
  dialer: 'impl' | 'fw';
  dialerName: string;
  listenerName: string;
  dialerPlace?: Placement;
  listenerPlace?: Placement;
  /** The dialled host and port, when the URL parses. */
  host?: string;
  port?: number;
  /** The port the listener listens on (inside its container when it runs in one). */
  listenPort?: number;
}

/** The link's two sides and where they run; undefined when the workspace has no compose project. */
function linkWhere(model: WorkspaceModel, link: Link): LinkWhere | undefined {
  if (!model.compose) return undefined;
  const places = linkPlacement(model.compose, link);
  const implDials = link.kind === 'reverse-ws' || link.kind === 'http-post';
  const implName = IMPL_NAMES[link.impl.implementation];
  const fwName = link.framework === 'nonebot' ? 'NoneBot' : 'Koishi';
  const target = link.url ? parseDialUrl(link.url) : undefined;
  return {
    dialer: implDials ? 'impl' : 'fw',
    dialerName: implDials ? implName : fwName,
    listenerName: implDials ? fwName : implName,
    dialerPlace: implDials ? places.impl : places.fw,
    listenerPlace: implDials ? places.fw : places.impl,
    host: target?.host,
    port: target?.port,
    listenPort: (implDials ? link.fw.port : link.impl.port) || undefined,
  };
}

const svcName = (p: Placement) => p.service.name;
const fileOf = (p: Placement) => path.basename(p.service.file);

/** "NapCat runs in service `napcat` (compose.yaml)" / "NapCat runs on the host". */
function runsWhere(name: string, p: Placement | undefined): Localized {
  if (!p) return t(`${name} runs on the host (no compose service holds its folder).`, `${name} 运行在宿主机上（没有 compose 服务包含它的文件夹）。`);
  const net = isHostNetwork(p.service) ? t(", in the host's network (`network_mode: host`)", '，使用宿主机网络（`network_mode: host`）') : t('', '');
  const via = p.via === 'bind' ? t('its folder is mounted there', '它的文件夹挂载在那里') : t('the service is built from its folder', '该服务由它的文件夹构建');
  return t(
    `${name} runs in service \`${svcName(p)}\` (${fileOf(p)}: ${via.en})${net.en}.`,
    `${name} 运行在服务 \`${svcName(p)}\` 中（${fileOf(p)}：${via.zh}）${net.zh}。`,
  );
}

/** Two placements share one network namespace (the same service, or `network_mode: service:x`). */
function sameNamespace(a: Placement | undefined, b: Placement | undefined): boolean {
  if (!a || !b || a.compose !== b.compose) return false;
  if (a.service === b.service) return true;
  const mode = (s: ComposeService) => s.networkMode?.value.trim() ?? '';
  return mode(a.service) === `service:${b.service.name}` || mode(b.service) === `service:${a.service.name}`;
}

/** Host ports that lead to a container port (single-port mappings as written; ranges by offset). */
function publishedFor(svc: ComposeService, port: number): { hostPort?: number; hostIp?: string; entry: ComposePort }[] {
  const out: { hostPort?: number; hostIp?: string; entry: ComposePort }[] = [];
  for (const p of svc.ports) {
    if (p.target !== port) continue;
    const m = /^\s*(\d+)/.exec(p.published ?? '');
    out.push({ hostPort: m ? Number(m[1]) : undefined, hostIp: p.hostIp?.trim() || undefined, entry: p });
  }
  return out;
}

/** How the dialer reaches the listener from where it runs: "reachable as `nonebot:8080`". */
function reachText(w: LinkWhere): Localized {
  const from = w.dialerPlace;
  const to = w.listenerPlace;
  const port = w.listenPort;
  const portStr = port === undefined ? '' : `:${port}`;
  const where = runsWhere(w.listenerName, to);
  if (!to || isHostNetwork(to.service)) {
    if (!from || isHostNetwork(from.service))
      return t(
        `${where.en} From ${w.dialerName}, which runs on the same host, it is reachable as \`127.0.0.1${portStr}\`.`,
        `${where.zh}从同一宿主机上的 ${w.dialerName} 可通过 \`127.0.0.1${portStr}\` 到达。`,
      );
    const gw = hasHostGateway(from.service)
      ? t('', '')
      : t(
          ` (on Linux only with \`extra_hosts: ["host.docker.internal:host-gateway"]\` in service \`${svcName(from)}\`)`,
          `（在 Linux 上需为服务 \`${svcName(from)}\` 添加 \`extra_hosts: ["host.docker.internal:host-gateway"]\`）`,
        );
    return t(
      `${where.en} From service \`${svcName(from)}\` it is reachable as \`host.docker.internal${portStr}\`${gw.en}.`,
      `${where.zh}从服务 \`${svcName(from)}\` 可通过 \`host.docker.internal${portStr}\` 到达${gw.zh}。`,
    );
  }
  if (sameNamespace(from, to))
    return t(
      `${where.en} ${w.dialerName} shares its network namespace: reachable as \`127.0.0.1${portStr}\`.`,
      `${where.zh}${w.dialerName} 与它共用网络命名空间：可通过 \`127.0.0.1${portStr}\` 到达。`,
    );
  if (from && !isHostNetwork(from.service) && from.compose === to.compose) {
    const shared = serviceNetworks(from.service).filter((n) => serviceNetworks(to.service).includes(n));
    if (shared.length === 0)
      return t(
        `${where.en} Services \`${svcName(from)}\` and \`${svcName(to)}\` share no network: the name \`${svcName(to)}\` does not resolve from \`${svcName(from)}\`.`,
        `${where.zh}服务 \`${svcName(from)}\` 与 \`${svcName(to)}\` 没有共同的网络：从 \`${svcName(from)}\` 无法解析名字 \`${svcName(to)}\`。`,
      );
    return t(
      `${where.en} From service \`${svcName(from)}\` it is reachable as \`${svcName(to)}${portStr}\` (network ${shared.join(', ')}).`,
      `${where.zh}从服务 \`${svcName(from)}\` 可通过 \`${svcName(to)}${portStr}\` 到达（网络 ${shared.join('、')}）。`,
    );
  }
  // From the host (or another project): only through a published port.
  const pubs = port === undefined ? [] : publishedFor(to.service, port).filter((p) => p.hostPort !== undefined);
  const who = from
    ? t(`service \`${svcName(from)}\` (another project or the host's network)`, `服务 \`${svcName(from)}\`（另一个项目或宿主机网络）`)
    : t('the host', '宿主机');
  if (pubs.length === 0)
    return t(
      `${where.en} From ${who.en} it is reachable only through a published port, and service \`${svcName(to)}\` publishes none for port ${port ?? '?'}.`,
      `${where.zh}从${who.zh}只能通过发布的端口到达，而服务 \`${svcName(to)}\` 没有为端口 ${port ?? '?'} 发布任何端口。`,
    );
  const list = pubs.map((p) => `\`${p.hostIp && !isWildcardHost(p.hostIp) ? p.hostIp : '127.0.0.1'}:${p.hostPort}\``).join(', ');
  return t(`${where.en} From ${who.en} it is reachable through the published port: ${list}.`, `${where.zh}从${who.zh}可通过发布的端口到达：${list}。`);
}

/** What the dialled host means from where the dialer runs: "inside service napcat, 127.0.0.1 is the napcat container itself". */
function hostMeaning(w: LinkWhere, model: WorkspaceModel): Localized | undefined {
  const h = w.host?.toLowerCase();
  if (!h) return undefined;
  const from = w.dialerPlace;
  if (!from || isHostNetwork(from.service)) {
    const onHost = from
      ? t(`Service \`${svcName(from)}\` uses the host's network, so`, `服务 \`${svcName(from)}\` 使用宿主机网络，因此`)
      : t('On the host,', '在宿主机上，');
    if (isLoopbackHost(h)) return t(`${onHost.en} \`${w.host}\` is the host itself.`, `${onHost.zh}\`${w.host}\` 就是宿主机自身。`);
    const svc = model.compose?.projects.flatMap((p) => p.services).find((s) => serviceHostNames(s).includes(h));
    if (svc)
      return t(
        `${onHost.en} \`${w.host}\` does not resolve: compose service names resolve only inside the compose networks.`,
        `${onHost.zh}\`${w.host}\` 无法解析：compose 服务名只在 compose 网络内部可解析。`,
      );
    return undefined;
  }
  const inside = t(`Inside service \`${svcName(from)}\``, `在服务 \`${svcName(from)}\` 内`);
  if (isLoopbackHost(h)) {
    const mode = from.service.networkMode?.value.trim();
    const owner = mode?.startsWith('service:') ? mode.slice('service:'.length) : undefined;
    return owner
      ? t(
          `${inside.en}, \`${w.host}\` is the network namespace of service \`${owner}\` (\`network_mode: ${mode}\`).`,
          `${inside.zh}，\`${w.host}\` 是服务 \`${owner}\` 的网络命名空间（\`network_mode: ${mode}\`）。`,
        )
      : t(`${inside.en}, \`${w.host}\` is the ${svcName(from)} container itself.`, `${inside.zh}，\`${w.host}\` 是 ${svcName(from)} 容器自身。`);
  }
  if (h === 'host.docker.internal')
    return hasHostGateway(from.service)
      ? t(
          `${inside.en}, \`host.docker.internal\` is the Docker host (\`extra_hosts\` maps it to host-gateway).`,
          `${inside.zh}，\`host.docker.internal\` 是 Docker 宿主机（\`extra_hosts\` 把它映射到 host-gateway）。`,
        )
      : t(
          `${inside.en}, \`host.docker.internal\` is the Docker host on Docker Desktop only; Docker Engine on Linux needs \`extra_hosts\`.`,
          `${inside.zh}，只有 Docker Desktop 把 \`host.docker.internal\` 解析为宿主机；Linux 上的 Docker Engine 需要 \`extra_hosts\`。`,
        );
  const svc = from.compose.services.find((s) => serviceHostNames(s).includes(h));
  if (svc)
    return t(
      `${inside.en}, \`${w.host}\` is service \`${svc.name}\` (compose's DNS on a shared network).`,
      `${inside.zh}，\`${w.host}\` 是服务 \`${svc.name}\`（共享网络上 compose 的 DNS）。`,
    );
  if (from.service.extraHosts.some((e) => e.host.toLowerCase() === h))
    return t(`${inside.en}, \`${w.host}\` comes from the service's \`extra_hosts\`.`, `${inside.zh}，\`${w.host}\` 来自该服务的 \`extra_hosts\`。`);
  if (!h.includes('.') && !h.includes(':'))
    return t(
      `${inside.en}, \`${w.host}\` names no service, alias or container of the project: it does not resolve.`,
      `${inside.zh}，\`${w.host}\` 不是项目中的任何服务、别名或容器名：无法解析。`,
    );
  return t(
    `${inside.en}, \`${w.host}\` is an address outside the compose project, reached through the container's gateway.`,
    `${inside.zh}，\`${w.host}\` 是 compose 项目之外的地址，经容器的网关访问。`,
  );
}

/** The hover lines for a link's address: what the host means from the dialer, and how the listener is reached. */
export function linkWhereLines(model: WorkspaceModel, link: Link): Localized[] {
  const w = linkWhere(model, link);
  if (!w) return [];
  const out: Localized[] = [runsWhere(w.dialerName, w.dialerPlace)];
  const meaning = hostMeaning(w, model);
  if (meaning) out.push(meaning);
  out.push(reachText(w));
  return out;
}

/** The sides that run in a service: "NapCat (napcat/config)", "NoneBot (bot)". */
export function sidesIn(model: WorkspaceModel, svc: ComposeService): { name: string; dir: string }[] {
  const out: { name: string; dir: string }[] = [];
  const info = model.compose;
  if (!info) return out;
  const at = (dir: string) => info.placement.get(dir)?.service === svc;
  for (const c of model.implementations) if (at(c.dir)) out.push({ name: IMPL_NAMES[c.implementation], dir: c.dir });
  for (const p of model.nonebot) if (at(p.dir)) out.push({ name: 'NoneBot', dir: p.dir });
  for (const k of model.koishi) if (at(k.dir)) out.push({ name: 'Koishi', dir: k.dir });
  return out;
}

/**
 * What a probe run on this machine (the host) can and cannot prove about a link whose sides run in containers: the
 * probe dials from the host, so it sees the host's view of the address (published ports, the host's resolver), not
 * the view from inside the dialer's container. Empty when both sides run on the host (or in its network).
 */
export function probeVantage(model: WorkspaceModel, link: Link): Localized[] {
  const w = linkWhere(model, link);
  if (!w) return [];
  const inBridge = (p: Placement | undefined) => !!p && !isHostNetwork(p.service);
  const from = inBridge(w.dialerPlace) ? w.dialerPlace : undefined;
  const to = inBridge(w.listenerPlace) ? w.listenerPlace : undefined;
  if (!from && !to) return [];
  const out: Localized[] = [];
  const h = w.host?.toLowerCase() ?? '';
  if (from) {
    out.push(
      t(
        `The probe runs on this machine, outside the containers; ${w.dialerName} dials from inside service \`${svcName(from)}\`. A success here does not prove that ${w.dialerName}'s own connection works (from inside its container, \`127.0.0.1\`, service names and published ports mean other things), and a failure here may be the host's view only.`,
        `探测运行在本机、容器之外；而 ${w.dialerName} 是从服务 \`${svcName(from)}\` 的容器内发起连接。这里成功并不能证明 ${w.dialerName} 自己的连接可用（在容器内，\`127.0.0.1\`、服务名和发布的端口含义都不同）；这里失败也可能只是宿主机视角下的结果。`,
      ),
    );
    if (isLoopbackHost(h))
      out.push(
        t(
          `Here \`${w.host}\` is this machine; inside service \`${svcName(from)}\` it is that container itself.`,
          `在这里 \`${w.host}\` 是本机；而在服务 \`${svcName(from)}\` 内它是该容器自身。`,
        ),
      );
    else if (model.compose?.projects.some((p) => p.services.some((s) => serviceHostNames(s).includes(h))))
      out.push(
        t(
          `\`${w.host}\` is a compose service name: it resolves only inside the compose networks, so from this machine the probe cannot reach it by that name whatever the containers do.`,
          `\`${w.host}\` 是 compose 服务名：只在 compose 网络内部可解析，因此无论容器状态如何，探测都无法在本机通过这个名字访问它。`,
        ),
      );
    if (to && to.compose === from.compose) {
      const pubs = w.listenPort === undefined ? [] : publishedFor(to.service, w.listenPort).filter((p) => p.hostPort !== undefined);
      out.push(
        pubs.length
          ? t(
              `From this machine ${w.listenerName} (service \`${svcName(to)}\`) is reachable only through its published port (${pubs.map((p) => `127.0.0.1:${p.hostPort}`).join(', ')}): probing that proves ${w.listenerName} answers, not that \`${svcName(from)}\` reaches \`${svcName(to)}:${w.listenPort}\` on the compose network.`,
              `在本机只能通过发布的端口（${pubs.map((p) => `127.0.0.1:${p.hostPort}`).join('、')}）访问 ${w.listenerName}（服务 \`${svcName(to)}\`）：探测它只能证明 ${w.listenerName} 有应答，不能证明 \`${svcName(from)}\` 能在 compose 网络上访问 \`${svcName(to)}:${w.listenPort}\`。`,
            )
          : t(
              `Service \`${svcName(to)}\` publishes no port for ${w.listenerName}: from this machine nothing can test it; the container-to-container path is judged only by the static checks.`,
              `服务 \`${svcName(to)}\` 没有为 ${w.listenerName} 发布端口：在本机无法测试它；容器之间的连接只能由静态检查判断。`,
            ),
      );
    }
    return out;
  }
  // The dialer runs on the host, as the probe does; the listener in a container.
  out.push(
    t(
      `${w.listenerName} runs in service \`${svcName(to!)}\`; ${w.dialerName} dials it from the host, as this probe does, through the port the service publishes: the result stands for ${w.dialerName}'s connection when ${w.dialerName} runs on this machine.`,
      `${w.listenerName} 运行在服务 \`${svcName(to!)}\` 中；${w.dialerName} 与本探测一样从宿主机经该服务发布的端口连接它：如果 ${w.dialerName} 运行在本机，这个结果就代表它的连接。`,
    ),
  );
  return out;
}

/**
 * For pairing the two sides of a link: the container port behind a host port, when the dialler reaches the server
 * through a port its service publishes (the dialler on the host or in the host's network, or in a container dialling
 * `host.docker.internal`); undefined where the dialler reaches the container port directly or nothing is published.
 */
export function publishedPortResolver(info: ComposeInfo): (hostPort: number, serverDir: string, dialerDir: string, dialHost: string) => number | undefined {
  return (hostPort, serverDir, dialerDir, dialHost) => {
    const to = info.placement.get(serverDir);
    if (!to || to.service.networkMode) return undefined; // host network: nothing is published; service:x / none: not judged
    const from = info.placement.get(dialerDir);
    if (sameNamespace(from, to)) return undefined;
    if (from && !isHostNetwork(from.service) && dialHost.toLowerCase() !== 'host.docker.internal') return undefined;
    for (const p of to.service.ports) {
      const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(p.published ?? '');
      if (!m || p.target === undefined) continue;
      const lo = Number(m[1]);
      const hi = m[2] !== undefined ? Number(m[2]) : lo;
      if (hostPort === lo && hi === lo) return p.target;
      if (hostPort >= lo && hostPort <= hi) return p.target + (hostPort - lo);
    }
    return undefined;
  };
}

/**
 * What a capture (listen mode: this machine stands where the framework would) can and cannot show when the side that
 * dials runs in a compose service: the capture listens on the host, and from inside a bridge-network container
 * `127.0.0.1` is the container itself, a service name is that service's container, and the host is reached only as
 * `host.docker.internal` (on Linux Engine only with `extra_hosts: host-gateway`) through the bridge gateway, which a
 * capture bound to `127.0.0.1` does not receive. Empty when the dialer runs on the host or in the host's network, and
 * for links where the framework dials (the capture waits for the implementation to dial).
 */
export function captureVantage(model: WorkspaceModel, link: Link, listenHost: string): Localized[] {
  const w = linkWhere(model, link);
  if (w?.dialer !== 'impl') return [];
  const out: Localized[] = [];
  const from = w.dialerPlace && !isHostNetwork(w.dialerPlace.service) ? w.dialerPlace : undefined;
  const to = w.listenerPlace;
  if (!from) {
    if (to && !isHostNetwork(to.service))
      out.push(
        t(
          `${w.listenerName} runs in service \`${svcName(to)}\`: while that container runs, Docker forwards its published port on this machine to the container, so stop it before capturing here in its place.`,
          `${w.listenerName} 运行在服务 \`${svcName(to)}\` 中：该容器运行时，Docker 会把它在本机发布的端口转发到容器，因此请先停止它，再在这里代替它监听。`,
        ),
      );
    return out;
  }
  const svc = svcName(from);
  const h = w.host?.toLowerCase() ?? '';
  const listenLoopback = isLoopbackHost(listenHost.toLowerCase());
  out.push(
    t(
      `The capture listens on this machine, outside the containers; ${w.dialerName} dials from inside service \`${svc}\`. It shows only a connection that reaches this machine: what ${w.dialerName} does inside the compose network (towards another container) cannot be seen from here.`,
      `捕获在本机、容器之外监听；而 ${w.dialerName} 是从服务 \`${svc}\` 的容器内发起连接。它只能看到到达本机的连接：${w.dialerName} 在 compose 网络内部（连向其他容器）的连接在这里看不到。`,
    ),
  );
  if (isLoopbackHost(h))
    out.push(
      t(
        `${w.dialerName} dials \`${w.host}\`: inside service \`${svc}\` that is the container itself, so its connection never reaches this capture (a timeout here is what that mistake looks like). To reach this machine it must dial \`host.docker.internal\` (with \`extra_hosts: ["host.docker.internal:host-gateway"]\` on Linux) or the bridge gateway.`,
        `${w.dialerName} 连接 \`${w.host}\`：在服务 \`${svc}\` 内它指的是该容器自身，因此它的连接永远到不了这个捕获（这里超时正是这种错误的表现）。要连到本机，它必须连接 \`host.docker.internal\`（Linux 上需要 \`extra_hosts: ["host.docker.internal:host-gateway"]\`）或网桥网关。`,
      ),
    );
  else if (model.compose?.projects.some((p) => p.services.some((s) => serviceHostNames(s).includes(h))))
    out.push(
      t(
        `${w.dialerName} dials \`${w.host}\`, a compose service name: it resolves to that container on the compose network, not to this machine, so this capture cannot see that connection; test that path with the containers themselves.`,
        `${w.dialerName} 连接 \`${w.host}\`，这是 compose 服务名：它解析为 compose 网络上的那个容器，而不是本机，因此这个捕获看不到该连接；请用容器本身测试这条路径。`,
      ),
    );
  else if (h === 'host.docker.internal') {
    if (!hasHostGateway(from.service))
      out.push(
        t(
          `${w.dialerName} dials \`host.docker.internal\`, but service \`${svc}\` has no \`extra_hosts: ["host.docker.internal:host-gateway"]\`: Docker Desktop provides the name, Linux Engine does not, and there the connection never starts.`,
          `${w.dialerName} 连接 \`host.docker.internal\`，但服务 \`${svc}\` 没有 \`extra_hosts: ["host.docker.internal:host-gateway"]\`：Docker Desktop 提供这个名字，Linux Engine 不提供，在那里连接根本不会发起。`,
        ),
      );
    if (listenLoopback)
      out.push(
        t(
          `\`host.docker.internal\` reaches this machine through the bridge gateway, not through \`${listenHost}\`: a capture bound to \`${listenHost}\` does not receive it. Listen on \`0.0.0.0\` (or the gateway address) to see it.`,
          `\`host.docker.internal\` 经网桥网关到达本机，而不是经 \`${listenHost}\`：绑定在 \`${listenHost}\` 上的捕获收不到它。请在 \`0.0.0.0\`（或网关地址）上监听才能看到。`,
        ),
      );
  }
  return out;
}
