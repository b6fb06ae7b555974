import type { Rule } from './types';
import type { Localized } from '../model';
import { t } from '../l10n';
import { fix, related, replaceJsonValue, addJsonField } from './lib/edits';
import { assumedNote, fieldOrAnchor, implLabel } from './lib/sides';
import { parseDialUrl, reverseWsUrl } from '../link/urls';

/** NoneBot's OneBot V11 WebSocket routes: exact, case-sensitive Starlette matches (nonebot-onebot.md §1). */
export const V11_WS_ROUTES = ['/onebot/v11/ws', '/onebot/v11/ws/', '/onebot/v11/'];

/** Names the trap a wrong path falls into. */
export function pathTrap(p: string): Localized {
  const lower = p.toLowerCase();
  if (p === '/onebot/v11')
    return t('the trailing slash is missing: NoneBot serves "/onebot/v11/" but not "/onebot/v11"', '缺少末尾斜杠：NoneBot 提供 "/onebot/v11/"，但不提供 "/onebot/v11"');
  if (V11_WS_ROUTES.includes(lower))
    return t('the path differs only in letter case, and routes are case-sensitive', '路径只有大小写不同，而路由区分大小写');
  if (lower.startsWith('/onebot/v12'))
    return t('this is the OneBot V12 path; Lagrange speaks V11', '这是 OneBot V12 的路径；Lagrange 使用 V11');
  if (/^\/(?:ws|cqhttp\/ws|cqhttp|onebot\/ws|onebot)\/?$/.test(lower))
    return t('this is a legacy path (go-cqhttp / NoneBot 1 era) that NoneBot 2 no longer serves', '这是旧版路径（go-cqhttp / NoneBot 1 时代），NoneBot 2 已不再提供');
  if (lower === '/onebot/v11/http' || lower === '/onebot/v11/http/')
    return t('this is the HTTP POST route, not the WebSocket route', '这是 HTTP POST 路由，不是 WebSocket 路由');
  if (p === '/' || p === '')
    return t('Suffix is empty, so Lagrange dials "/"', 'Suffix 为空，Lagrange 会连接 "/"');
  return t('NoneBot has no WebSocket route there', 'NoneBot 在该路径上没有 WebSocket 路由');
}

export const rule: Rule = {
  code: 'ws-path',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t("Reverse WebSocket path is not one of NoneBot's routes", '反向 WebSocket 路径不是 NoneBot 的路由'),
  doc: {
    checks: "The path Lagrange dials (`Host:Port` + `Suffix`, and `ApiSuffix`/`EventSuffix` with `UseUniversalClient: false`) is not one of NoneBot's OneBot V11 WebSocket routes: `/onebot/v11/ws`, `/onebot/v11/ws/`, `/onebot/v11/`.",
    why: "Routes are exact, case-sensitive Starlette matches; trailing slashes are redirected only for HTTP, never for WebSocket. An unknown path is closed before accept, which uvicorn turns into the same bare 403 as a wrong token. The usual traps: `/onebot/v11` without the trailing slash, the V12 path, the legacy `/ws` or `/cqhttp/ws`, letter case, the HTTP route.",
    sources: [
      'nonebot-onebot.md §1 (adapter-onebot `v11/adapter.py:84-119`; starlette `routing.py:732`, `routing.py:625-629`), §5',
      'nonebot/adapter-onebot#125, NapNeko/NapCatQQ#1366, nonebot/nonebot2#684, #354, Mrs4s/go-cqhttp#682',
    ],
    example: '// appsettings.json, ReverseWebSocket entry\n"Suffix": "/onebot/v11"',
    fix: 'Set `Suffix` to `/onebot/v11/ws` (the preferred quick fix).',
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws') continue;
      const impl = link.impl;
      const checks: { key: string; url: string }[] = impl.useUniversalClient
        ? [{ key: 'Suffix', url: reverseWsUrl(impl) }]
        : [
            { key: 'ApiSuffix', url: reverseWsUrl(impl, impl.suffix + impl.apiSuffix) },
            { key: 'EventSuffix', url: reverseWsUrl(impl, impl.suffix + impl.eventSuffix) },
          ];
      for (const c of checks) {
        const target = parseDialUrl(c.url);
        if (!target) continue; // lagrange-host-format / lagrange-suffix-slash report an unusable URL
        if (V11_WS_ROUTES.includes(target.path)) continue;
        const suffixNode = impl.fields[c.key.toLowerCase()] ?? impl.fields['suffix'];
        const where = fieldOrAnchor(impl, suffixNode ? suffixNode.key : 'Suffix');
        const trap = pathTrap(target.path);
        const edit = suffixNode
          ? replaceJsonValue(suffixNode, JSON.stringify(c.key === 'Suffix' || !impl.fields[c.key.toLowerCase()] ? '/onebot/v11/ws' : ''))
          : addJsonField(impl, 'Suffix', '"/onebot/v11/ws"', ctx.text);
        const fixes =
          impl.useUniversalClient && edit
            ? [fix(t('Set Suffix to "/onebot/v11/ws"', '将 Suffix 设为 "/onebot/v11/ws"'), [edit], true)]
            : [];
        const reg = link.nonebot.adapters.list.find((a) => a.onebot === 'v11');
        const label = implLabel(impl);
        const note = assumedNote(link);
        ctx.report({
          file: where.file,
          range: where.range,
          message: t(
            `${label.en} dials ${c.url}: ${trap.en}. NoneBot answers every handshake on this path with a bare 403. Use "/onebot/v11/ws".${note.en}`,
            `${label.zh} 连接 ${c.url}：${trap.zh}。NoneBot 会对该路径上的每次握手返回空的 403。请使用 "/onebot/v11/ws"。${note.zh}`,
          ),
          related: reg
            ? [related(reg.file, reg.range, t('the OneBot V11 adapter serves /onebot/v11/ws, /onebot/v11/ws/ and /onebot/v11/', 'OneBot V11 适配器提供 /onebot/v11/ws、/onebot/v11/ws/ 和 /onebot/v11/'))]
            : [],
          fixes,
        });
      }
    }
  },
};
