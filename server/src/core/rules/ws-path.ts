import type { Rule, RuleContext } from './types';
import type { Fix, Link, Localized, RelatedInfo, TextEdit } from '../model';
import { t } from '../l10n';
import { fix, related, replaceJsonValue, addJsonField } from './lib/edits';
import { displayUrl, hostWithPath } from './lib/sides';
import { assumedNote, implFieldLoc, implFix, implName, reportBoth } from './lib/link';
import { registrationAnchor } from './lib/adapters';
import { parseDialUrl, reverseWsUrl } from '../link/urls';
import { V11_WS_ROUTES, V12_WS_ROUTES } from '../nonebot/endpoints';

/** Names the trap a wrong path falls into. */
function pathTrap(p: string, v12Registered = false, impl = 'Lagrange'): Localized {
  const lower = p.toLowerCase();
  if (p === '/onebot/v11')
    return t(
      'the trailing slash is missing: NoneBot serves "/onebot/v11/" but not "/onebot/v11"',
      '缺少末尾斜杠：NoneBot 提供 "/onebot/v11/"，但不提供 "/onebot/v11"',
    );
  if (V11_WS_ROUTES.includes(lower)) return t('the path differs only in letter case, and routes are case-sensitive', '路径只有大小写不同，而路由区分大小写');
  if (V12_WS_ROUTES.includes(p) && v12Registered)
    return t(
      `this is the OneBot V12 route: NoneBot's V12 adapter accepts the handshake, then closes it with 1008 "Missing connect meta event" because ${impl} speaks V11`,
      `这是 OneBot V12 的路由：NoneBot 的 V12 适配器会接受握手，然后因为 ${impl} 使用 V11 而以 1008 "Missing connect meta event" 关闭连接`,
    );
  if (lower.startsWith('/onebot/v12'))
    return t(
      `this is the OneBot V12 path, and only the V11 adapter is registered (${impl} speaks V11)`,
      `这是 OneBot V12 的路径，而只注册了 V11 适配器（${impl} 使用 V11）`,
    );
  if (/^\/(?:ws|cqhttp\/ws|cqhttp|onebot\/ws|onebot|ws\/onebot\/v11)\/?$/.test(lower))
    return t(
      'this is a legacy path (go-cqhttp / NoneBot 1 era) that NoneBot 2 no longer serves',
      '这是旧版路径（go-cqhttp / NoneBot 1 时代），NoneBot 2 已不再提供',
    );
  if (lower === '/onebot/v11/http' || lower === '/onebot/v11/http/')
    return t('this is the HTTP POST route, not the WebSocket route', '这是 HTTP POST 路由，不是 WebSocket 路由');
  if (p === '/' || p === '')
    return impl === 'Lagrange'
      ? t('Suffix is empty, so Lagrange dials "/"', 'Suffix 为空，Lagrange 会连接 "/"')
      : t('the URL has no path, so it dials "/"', '地址没有路径，因此连接的是 "/"');
  return t('NoneBot has no WebSocket route there', 'NoneBot 在该路径上没有 WebSocket 路由');
}

const PREFERRED = '/onebot/v11/ws';

export const rule: Rule = {
  code: 'ws-path',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('Reverse WebSocket path is not one the framework serves', '反向 WebSocket 路径不是框架提供的路由'),
  doc: {
    checks:
      "The path Lagrange's ReverseWebSocket dials (`Host:Port` + `Suffix`; `+ ApiSuffix` / `+ EventSuffix` with `UseUniversalClient: false`) is not one of NoneBot's OneBot V11 WebSocket routes: `/onebot/v11/ws`, `/onebot/v11/ws/`, `/onebot/v11/` (query ignored). Also: a path written inside `Host`, and split sockets, which NoneBot rejects as a duplicate bot.",
    why: 'Routes are exact, case-sensitive Starlette matches; trailing slashes are redirected only for HTTP, never for WebSocket. An unknown path is closed before accept, which uvicorn turns into the same bare 403 as a wrong token. The usual traps: `/onebot/v11` without the trailing slash, the V12 path, the legacy `/ws` or `/cqhttp/ws`, letter case, the HTTP route, an empty Suffix (`/`), a path inside Host (Lagrange appends `:Port` after it, so the port ends up in the path). With `UseUniversalClient: false` Lagrange opens an API and an Event socket with the same X-Self-ID; the V11 adapter ignores X-Client-Role and closes the second as "Duplicate X-Self-ID" (403).',
    sources: [
      'docs/facts/nonebot.md#routes (adapter-onebot `nonebot/adapters/onebot/v11/adapter.py:84-119`; encode/starlette `starlette/routing.py:732`, `routing.py:625-629`), docs/facts/nonebot.md#handshake-checks (duplicate X-Self-ID), docs/facts/nonebot.md#observed-handshake-results',
      'docs/facts/lagrange.md#url-composition (`ReverseWSService.cs` L108-130: URL built as `{Host}:{Port}{Suffix}`, split sockets)',
      'nonebot/adapter-onebot#125, NapNeko/NapCatQQ#1366, nonebot/nonebot2#684, nonebot/nonebot2#354, Mrs4s/go-cqhttp#682',
    ],
    example: '// appsettings.json, ReverseWebSocket entry\n"Suffix": "/onebot/v11"',
    fix: 'Set `Suffix` to `/onebot/v11/ws` (the preferred quick fix); keep only the host in `Host`; use `UseUniversalClient: true`.',
  },
  checkLink(link, ctx) {
    if (link.kind !== 'reverse-ws') return;
    const ep = link.impl;
    const name = implName(ep);
    const label = ep.label;
    if (link.framework === 'koishi') {
      checkKoishiPath(link, ctx);
      return;
    }
    const p = link.nonebot;
    const v12 = p.adapters.list.some((a) => a.onebot === 'v12');
    const reg = p.adapters.list.find((a) => a.onebot === 'v11');
    const anchor = reg ? { file: reg.file, range: reg.range } : registrationAnchor(p, ctx.text);
    const routesInfo: RelatedInfo[] = anchor
      ? [
          related(
            anchor.file,
            anchor.range,
            t(
              "NoneBot's OneBot V11 adapter serves /onebot/v11/ws, /onebot/v11/ws/ and /onebot/v11/",
              'NoneBot 的 OneBot V11 适配器提供 /onebot/v11/ws、/onebot/v11/ws/ 和 /onebot/v11/',
            ),
          ),
        ]
      : [];
    const note = assumedNote(link);
    const impl = ep.lagrange;
    if (impl) {
      const suffixNode = impl.fields.suffix;
      const setSuffix = (value: string): TextEdit | undefined =>
        suffixNode ? replaceJsonValue(suffixNode, JSON.stringify(value)) : addJsonField(impl, 'Suffix', JSON.stringify(value), ctx.text);

      // A path written inside Host: the port ends up in the path (and 80/443 is dialled).
      const hp = hostWithPath(impl);
      const hostNode = impl.fields.host;
      if (hp && hostNode) {
        const url = displayUrl(reverseWsUrl(impl));
        const moved = hp.path.replace(/\/$/, '') + impl.suffix;
        const newSuffix = V11_WS_ROUTES.includes(moved) ? moved : V11_WS_ROUTES.includes(hp.path) ? hp.path : PREFERRED;
        const edits: TextEdit[] = [replaceJsonValue(hostNode, JSON.stringify(hp.base))];
        const movesSecret = displayUrl(hp.base) !== hp.base; // userinfo in Host: the edit writes it, so it is sensitive
        if (impl.suffix !== newSuffix) {
          const e = setSuffix(newSuffix);
          if (e) edits.push(e);
        }
        ctx.report({
          file: hostNode.file,
          range: hostNode.valueRange,
          message: t(
            `${label.en}: Host "${displayUrl(impl.host)}" holds the path ${hp.path}; Lagrange appends ":Port" + Suffix after it and dials ${url}, so the port lands in the path and NoneBot has no route there. Keep only the host in Host and put the path in Suffix ("${newSuffix}").${note.en}`,
            `${label.zh}：Host "${displayUrl(impl.host)}" 中包含路径 ${hp.path}；Lagrange 会在其后追加 ":Port" 和 Suffix，实际连接 ${url}，端口落进了路径中，NoneBot 在那里没有路由。请在 Host 中只保留主机，把路径写进 Suffix（"${newSuffix}"）。${note.zh}`,
          ),
          related: routesInfo,
          fixes: [
            {
              ...fix(t(`Move the path from Host to Suffix ("${newSuffix}")`, `将路径从 Host 移到 Suffix（"${newSuffix}"）`), edits, true),
              ...(movesSecret ? { sensitive: true } : {}),
            },
          ],
        });
        return;
      }

      if (!impl.useUniversalClient) {
        const uuc = impl.fields.useuniversalclient;
        const oneSocket: TextEdit[] = [];
        if (uuc) oneSocket.push(replaceJsonValue(uuc, 'true'));
        const suffixOk = V11_WS_ROUTES.includes(parseDialUrl(reverseWsUrl(impl))?.path ?? '');
        if (!suffixOk) {
          const e = setSuffix(PREFERRED);
          if (e) oneSocket.push(e);
        }
        const useOne: Fix | undefined = uuc
          ? fix(t('Use one socket (UseUniversalClient: true)', '使用单个连接（UseUniversalClient: true）'), oneSocket, true)
          : undefined;
        if (uuc) {
          ctx.report({
            file: uuc.file,
            range: uuc.valueRange,
            message: t(
              `${label.en}: with UseUniversalClient false Lagrange opens two sockets (API and Event) with the same X-Self-ID; NoneBot's OneBot V11 adapter ignores X-Client-Role, keeps one connection per bot and rejects the second with 403 ("Duplicate X-Self-ID"). Set UseUniversalClient to true.${note.en}`,
              `${label.zh}：UseUniversalClient 为 false 时，Lagrange 会用相同的 X-Self-ID 打开两个连接（API 和 Event）；NoneBot 的 OneBot V11 适配器不看 X-Client-Role，每个机器人只保留一个连接，第二个会被 403 拒绝（"Duplicate X-Self-ID"）。请将 UseUniversalClient 设为 true。${note.zh}`,
            ),
            related: routesInfo,
            fixes: [useOne!],
          });
        }
        for (const key of ['ApiSuffix', 'EventSuffix'] as const) {
          const own = key === 'ApiSuffix' ? impl.apiSuffix : impl.eventSuffix;
          const url = reverseWsUrl(impl, impl.suffix + own);
          const target = parseDialUrl(url);
          if (!target || V11_WS_ROUTES.includes(target.path)) continue;
          const node = impl.fields[key.toLowerCase()];
          const where = node ? { file: node.file, range: node.valueRange } : implFieldLoc(ep, 'path');
          const trap = pathTrap(target.path, v12, name);
          ctx.report({
            file: where.file,
            range: where.range,
            message: t(
              `${label.en}: the ${key === 'ApiSuffix' ? 'API' : 'Event'} socket dials ${displayUrl(url)} (Suffix + ${key}): ${trap.en}. NoneBot answers every handshake there with a bare 403. Use one socket on "${PREFERRED}".${note.en}`,
              `${label.zh}：${key === 'ApiSuffix' ? 'API' : 'Event'} 连接的地址是 ${displayUrl(url)}（Suffix + ${key}）：${trap.zh}。NoneBot 会对那里的每次握手返回空的 403。请使用 "${PREFERRED}" 上的单个连接。${note.zh}`,
            ),
            related: routesInfo,
            fixes: useOne ? [useOne] : [],
          });
        }
        return;
      }
    }

    const url = link.url ?? '';
    const target = parseDialUrl(url);
    if (!target) return; // lagrange-host-format / lagrange-suffix-slash report an unusable URL
    if (V11_WS_ROUTES.includes(target.path)) return;
    const where = implFieldLoc(ep, 'path');
    const trap = pathTrap(target.path, v12, name);
    const fixIt = implFix(
      ep,
      'path',
      PREFERRED,
      impl ? t(`Set Suffix to "${PREFERRED}"`, `将 Suffix 设为 "${PREFERRED}"`) : t(`Dial the path "${PREFERRED}"`, `连接路径 "${PREFERRED}"`),
      ctx.text,
      { preferred: true },
    );
    const closes = v12 && V12_WS_ROUTES.includes(target.path);
    const tail = closes ? t('', '') : t(' NoneBot answers every handshake on this path with a bare 403.', 'NoneBot 会对该路径上的每次握手返回空的 403。');
    ctx.report({
      file: where.file,
      range: where.range,
      message: t(
        `${label.en} dials ${displayUrl(url)}: ${trap.en}.${tail.en} Use "${PREFERRED}".${note.en}`,
        `${label.zh} 连接 ${displayUrl(url)}：${trap.zh}。${tail.zh}请使用 "${PREFERRED}"。${note.zh}`,
      ),
      related: routesInfo,
      fixes: fixIt ? [fixIt] : [],
    });
  },
};

/**
 * Koishi registers its reverse-WebSocket route at `path` (default `/onebot`) on its own server; another path is
 * accepted by the server and then closed without a word (koishijs/koishi-plugin-adapter-onebot, `src/ws.ts`).
 */
function checkKoishiPath(link: Link, ctx: RuleContext): void {
  const ep = link.impl;
  const target = parseDialUrl(link.url ?? '');
  if (!target) return;
  const paths = link.fw.paths;
  if (paths.length === 0 || paths.includes(target.path)) return;
  const want = paths[0];
  const fixIt = implFix(ep, 'path', want, t(`Dial the path "${want}"`, `连接路径 "${want}"`), ctx.text, { preferred: true });
  reportBoth(ctx, link, {
    impl: {
      at: implFieldLoc(ep, 'path'),
      label: ep.label,
      message: t(
        `${ep.label.en} dials ${displayUrl(link.url ?? '')}, but Koishi's OneBot adapter serves its reverse WebSocket on "${want}": Koishi accepts the upgrade on any path and then drops the connection, so nothing arrives. Dial "${want}".`,
        `${ep.label.zh} 连接 ${displayUrl(link.url ?? '')}，但 Koishi 的 OneBot 适配器在 "${want}" 上提供反向 WebSocket：Koishi 会接受任意路径上的升级请求，随后断开连接，因此收不到任何消息。请连接 "${want}"。`,
      ),
    },
    fw: link.fw.pathLoc && {
      at: link.fw.pathLoc,
      label: t("Koishi's path", 'Koishi 的 path'),
      message: t(
        `Koishi serves the OneBot reverse WebSocket on "${want}", but ${ep.label.en} dials ${target.path}: the connection is accepted and then dropped.`,
        `Koishi 在 "${want}" 上提供 OneBot 反向 WebSocket，但 ${ep.label.zh} 连接的是 ${target.path}：连接会被接受随后断开。`,
      ),
    },
    fixes: fixIt ? [fixIt] : [],
  });
}
