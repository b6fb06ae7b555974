import * as path from 'node:path';
import type { FrameworkEndpoint, ImplConfig, ImplEndpoint, KoishiConfig, Link, LinkKind, Localized, NoneBotProject } from '../model';
import { t } from '../l10n';
import { isPlaceholderUrl, parseDialUrl } from './urls';
import { nonebotEndpoints } from '../nonebot/endpoints';

/** One framework instance and its endpoints. */
type FrameworkUnit =
  | { framework: 'nonebot'; nonebot: NoneBotProject; dir: string; endpoints: FrameworkEndpoint[] }
  | { framework: 'koishi'; koishi: KoishiConfig; dir: string; endpoints: FrameworkEndpoint[] };

interface Candidate {
  unit: FrameworkUnit;
  ep: FrameworkEndpoint;
}

/**
 * Pairs implementation endpoints with framework endpoints, whatever the programs.
 *
 * - The implementation dials (reverse WebSocket, HTTP POST): it pairs with a framework listener of the same protocol.
 *   With one candidate the two pair; with several, the one whose port equals the dialled port wins (the nearest folder
 *   among equals); when none matches, the nearest folder is assumed and the link says so.
 * - The framework dials (forward WebSocket, HTTP API): each URL it dials pairs with the implementation listener whose
 *   port it names (and whose host agrees, when several do).
 *
 * Candidates are grouped by port in maps, so the cost stays linear in the number of entries.
 */
/**
 * The container port behind a host port, when a dialler reaches a server in a container through a port compose
 * publishes (`"18080:8080"`: a dialler on the host dials 18080 for a server on 8080): `(hostPort, serverDir,
 * dialerDir, dialHost)` → the container port, or undefined where no published port applies.
 */
export type PublishedPort = (hostPort: number, serverDir: string, dialerDir: string, dialHost: string) => number | undefined;

export function buildLinks(
  impls: readonly ImplConfig[],
  nonebot: readonly NoneBotProject[],
  koishi: readonly KoishiConfig[] = [],
  published?: PublishedPort,
): Link[] {
  const units: FrameworkUnit[] = [
    ...nonebot.map((p): FrameworkUnit => ({ framework: 'nonebot', nonebot: p, dir: p.dir, endpoints: nonebotEndpoints(p) })),
    ...koishi.map((k): FrameworkUnit => ({ framework: 'koishi', koishi: k, dir: k.dir, endpoints: k.endpoints })),
  ];
  const links: Link[] = [];
  if (units.length === 0) return links;

  const listeners = new Map<string, Candidate[]>();
  for (const unit of units) for (const ep of unit.endpoints) if (ep.enabled && ep.role === 'listens') push(listeners, ep.protocol, { unit, ep });
  const listenersByPort = new Map<string, Candidate[]>();
  for (const [protocol, pool] of listeners) for (const c of pool) push(listenersByPort, `${protocol} ${c.ep.port}`, c);

  for (const cfg of impls) {
    for (const ep of cfg.endpoints) {
      if (!ep.enabled || ep.role !== 'dials') continue;
      if (ep.url !== undefined && isPlaceholderUrl(ep.url)) continue; // impl-placeholder-url says so
      const pool = listeners.get(ep.protocol);
      if (!pool || pool.length === 0) continue;
      const pick = pickListener(cfg, ep, pool, listenersByPort, published);
      links.push(makeLink(ep.protocol === 'ws-reverse' ? 'reverse-ws' : 'http-post', ep, cfg, pick.c, pick.assumed, pick.reason, ep.url));
    }
  }

  const servers = new Map<string, { cfg: ImplConfig; ep: ImplEndpoint }[]>();
  for (const cfg of impls) for (const ep of cfg.endpoints) if (ep.enabled && ep.role === 'listens') push(servers, `${ep.protocol} ${ep.port}`, { cfg, ep });
  for (const unit of units) {
    for (const fw of unit.endpoints) {
      if (!fw.enabled || fw.role !== 'dials' || fw.url === undefined) continue;
      const target = parseDialUrl(fw.url);
      if (!target) continue;
      let byPort = servers.get(`${fw.protocol} ${target.port}`) ?? [];
      // A server in a container reached through a published port: host port 13001 for a server on 3001.
      if (byPort.length === 0 && published)
        byPort = [...servers.entries()]
          .filter(([k]) => k.startsWith(`${fw.protocol} `))
          .flatMap(([, list]) => list.filter((s) => s.ep.port !== undefined && published(target.port, s.cfg.dir, unit.dir, target.host) === s.ep.port));
      const match = matchServer(fw, target, byPort, unit.dir);
      if (!match) continue;
      const link = makeLink(
        fw.protocol === 'ws-forward' ? 'forward-ws' : 'http-api',
        match.ep,
        match.cfg,
        { unit, ep: fw },
        match.assumed,
        match.reason,
        fw.url,
      );
      if (unit.framework === 'nonebot' && fw.protocol === 'ws-forward') {
        const u = unit.nonebot.wsUrlList.find((x) => x.url === fw.url && (!fw.urlLoc || x.file === fw.urlLoc.file));
        if (u) link.wsUrl = u;
      }
      links.push(link);
    }
  }
  return links;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function makeLink(
  kind: LinkKind,
  impl: ImplEndpoint,
  implConfig: ImplConfig,
  c: Candidate,
  assumed: boolean,
  reason: Localized,
  url: string | undefined,
): Link {
  const base = { kind, impl, implConfig, fw: c.ep, assumed, reason, url };
  return c.unit.framework === 'nonebot' ? { ...base, framework: 'nonebot', nonebot: c.unit.nonebot } : { ...base, framework: 'koishi', koishi: c.unit.koishi };
}

function frameworkWord(c: Candidate): Localized {
  return c.unit.framework === 'nonebot' ? t('NoneBot project', 'NoneBot 项目') : t('Koishi OneBot adapter', 'Koishi OneBot 适配器');
}

function pickListener(
  cfg: ImplConfig,
  ep: ImplEndpoint,
  pool: Candidate[],
  byPortMap: Map<string, Candidate[]>,
  published?: PublishedPort,
): { c: Candidate; assumed: boolean; reason: Localized } {
  if (pool.length === 1) {
    const w = frameworkWord(pool[0]);
    return { c: pool[0], assumed: false, reason: t(`the only ${w.en} in the workspace`, `工作区中唯一的${w.zh}`) };
  }
  const port = ep.port;
  let byPort = port === undefined ? [] : (byPortMap.get(`${ep.protocol} ${port}`) ?? []);
  const host = ep.url ? parseDialUrl(ep.url)?.host : undefined;
  if (byPort.length === 0 && port !== undefined && published && host !== undefined)
    byPort = pool.filter((c) => c.ep.port !== undefined && published(port, c.unit.dir, cfg.dir, host) === c.ep.port);
  if (byPort.length === 1) {
    const w = frameworkWord(byPort[0]);
    return {
      c: byPort[0],
      assumed: false,
      reason: t(`the ${w.en} listens on port ${port}, the port the entry dials`, `该${w.zh}监听端口 ${port}，正是该条目连接的端口`),
    };
  }
  const candidates = byPort.length > 1 ? byPort : pool;
  const nearest = candidates.reduce((a, b) => (commonPrefix(a.unit.dir, cfg.dir) >= commonPrefix(b.unit.dir, cfg.dir) ? a : b));
  const rel = displayDir(cfg.file, nearest.unit.dir);
  return {
    c: nearest,
    assumed: true,
    reason:
      byPort.length > 1
        ? t(`assumed: several frameworks listen on port ${port}; ${rel} is the nearest folder`, `推测：有多个框架使用端口 ${port}；${rel} 是最近的文件夹`)
        : t(
            `assumed: no framework listens on port ${port ?? '?'}; ${rel} is the nearest folder`,
            `推测：没有框架使用端口 ${port ?? '?'}；${rel} 是最近的文件夹`,
          ),
  };
}

function matchServer(
  fw: FrameworkEndpoint,
  target: { host: string; port: number },
  byPort: { cfg: ImplConfig; ep: ImplEndpoint }[],
  dir: string,
): { cfg: ImplConfig; ep: ImplEndpoint; assumed: boolean; reason: Localized } | undefined {
  if (byPort.length === 0) return undefined;
  const what = fw.framework === 'nonebot' ? (fw.protocol === 'ws-forward' ? 'ONEBOT_WS_URLS' : 'ONEBOT_API_ROOTS') : 'endpoint';
  if (byPort.length === 1) return { ...byPort[0], assumed: false, reason: t(`${what} names port ${target.port}`, `${what} 指向端口 ${target.port}`) };
  const byHost = byPort.filter((s) => s.ep.host === target.host);
  if (byHost.length === 1)
    return { ...byHost[0], assumed: false, reason: t(`${what} names ${target.host}:${target.port}`, `${what} 指向 ${target.host}:${target.port}`) };
  const pool = byHost.length > 0 ? byHost : byPort;
  const nearest = pool.reduce((a, b) => (commonPrefix(a.cfg.dir, dir) >= commonPrefix(b.cfg.dir, dir) ? a : b));
  return {
    ...nearest,
    assumed: true,
    reason: t(
      `assumed: several implementation servers use port ${target.port}; the nearest folder was chosen`,
      `推测：有多个实现端服务使用端口 ${target.port}；已选择最近的文件夹`,
    ),
  };
}

/** Number of leading path segments two folders share. */
function commonPrefix(a: string, b: string): number {
  const pa = path.resolve(a).split(path.sep);
  const pb = path.resolve(b).split(path.sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return i;
}

function displayDir(from: string, to: string): string {
  const rel = path.relative(path.dirname(from), to);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}
