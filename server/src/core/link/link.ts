import * as path from 'node:path';
import type { LagrangeConfig, LagrangeImplementation, Link, LinkKind, Localized, NoneBotProject } from '../model';
import { t } from '../l10n';
import { httpPostUrl, parseDialUrl, reverseWsUrl } from './urls';

/**
 * Pairs each enabled Lagrange implementation with the NoneBot project it talks to.
 *
 * - ReverseWebSocket and HttpPost: Lagrange dials NoneBot's server (HOST/PORT). With one NoneBot project the two pair;
 *   with several, the project whose effective PORT equals the entry's Port wins (the nearest folder among equals);
 *   when none matches, the nearest folder is assumed and the link says so.
 * - ForwardWebSocket: NoneBot dials Lagrange; each ONEBOT_WS_URLS entry pairs with the ForwardWebSocket entry whose
 *   Port it names (and whose Host agrees, when several do).
 */
export function buildLinks(lagrange: LagrangeConfig[], nonebot: NoneBotProject[]): Link[] {
  const links: Link[] = [];
  if (nonebot.length === 0) return links;
  for (const cfg of lagrange) {
    for (const impl of cfg.implementations) {
      if (!impl.enabled) continue;
      if (impl.type === 'ReverseWebSocket' || impl.type === 'HttpPost') {
        const kind: LinkKind = impl.type === 'ReverseWebSocket' ? 'reverse-ws' : 'http-post';
        const pick = pickServer(cfg, impl, nonebot);
        links.push({
          kind,
          lagrange: cfg,
          impl,
          nonebot: pick.project,
          assumed: pick.assumed,
          reason: pick.reason,
          url: kind === 'reverse-ws' ? reverseWsUrl(impl) : httpPostUrl(impl),
        });
      }
    }
  }
  // Forward WebSocket: NoneBot is the client.
  const forwards: { cfg: LagrangeConfig; impl: LagrangeImplementation }[] = [];
  for (const cfg of lagrange)
    for (const impl of cfg.implementations) if (impl.enabled && impl.type === 'ForwardWebSocket') forwards.push({ cfg, impl });
  for (const project of nonebot) {
    for (const wsUrl of project.wsUrlList) {
      const match = matchForward(wsUrl.url, forwards, project);
      if (!match) continue;
      links.push({
        kind: 'forward-ws',
        lagrange: match.cfg,
        impl: match.impl,
        nonebot: project,
        wsUrl,
        assumed: match.assumed,
        reason: match.reason,
        url: wsUrl.url,
      });
    }
  }
  return links;
}

function pickServer(
  cfg: LagrangeConfig,
  impl: LagrangeImplementation,
  nonebot: NoneBotProject[],
): { project: NoneBotProject; assumed: boolean; reason: Localized } {
  if (nonebot.length === 1) {
    return {
      project: nonebot[0],
      assumed: false,
      reason: t('the only NoneBot project in the workspace', '工作区中唯一的 NoneBot 项目'),
    };
  }
  const byPort = nonebot.filter((p) => impl.port !== undefined && p.portNumber === impl.port);
  if (byPort.length === 1) {
    return {
      project: byPort[0],
      assumed: false,
      reason: t(`its PORT ${impl.port} matches the entry's Port`, `其 PORT ${impl.port} 与该条目的 Port 相同`),
    };
  }
  const pool = byPort.length > 1 ? byPort : nonebot;
  const nearest = nearestTo(cfg.dir, pool);
  const rel = displayDir(cfg.dir, nearest.dir);
  return {
    project: nearest,
    assumed: true,
    reason:
      byPort.length > 1
        ? t(
            `assumed: several NoneBot projects listen on port ${impl.port}; ${rel} is the nearest folder`,
            `推测：有多个 NoneBot 项目使用端口 ${impl.port}；${rel} 是最近的文件夹`,
          )
        : t(
            `assumed: no NoneBot project uses port ${impl.port ?? '?'}; ${rel} is the nearest folder`,
            `推测：没有 NoneBot 项目使用端口 ${impl.port ?? '?'}；${rel} 是最近的文件夹`,
          ),
  };
}

function matchForward(
  url: string,
  forwards: { cfg: LagrangeConfig; impl: LagrangeImplementation }[],
  project: NoneBotProject,
): { cfg: LagrangeConfig; impl: LagrangeImplementation; assumed: boolean; reason: Localized } | undefined {
  const target = parseDialUrl(url);
  if (!target) return undefined;
  const byPort = forwards.filter((f) => f.impl.port === target.port);
  if (byPort.length === 0) return undefined;
  if (byPort.length === 1)
    return {
      ...byPort[0],
      assumed: false,
      reason: t(`ONEBOT_WS_URLS names port ${target.port}`, `ONEBOT_WS_URLS 指向端口 ${target.port}`),
    };
  const byHost = byPort.filter((f) => f.impl.host === target.host);
  if (byHost.length === 1)
    return {
      ...byHost[0],
      assumed: false,
      reason: t(`ONEBOT_WS_URLS names ${target.host}:${target.port}`, `ONEBOT_WS_URLS 指向 ${target.host}:${target.port}`),
    };
  const pool = byHost.length > 0 ? byHost : byPort;
  const nearest = pool.reduce((a, b) =>
    commonPrefix(a.cfg.dir, project.dir) >= commonPrefix(b.cfg.dir, project.dir) ? a : b,
  );
  return {
    ...nearest,
    assumed: true,
    reason: t(
      `assumed: several ForwardWebSocket entries use port ${target.port}; the nearest folder was chosen`,
      `推测：有多个 ForwardWebSocket 条目使用端口 ${target.port}；已选择最近的文件夹`,
    ),
  };
}

function nearestTo(dir: string, projects: NoneBotProject[]): NoneBotProject {
  return projects.reduce((a, b) => (commonPrefix(a.dir, dir) >= commonPrefix(b.dir, dir) ? a : b));
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
