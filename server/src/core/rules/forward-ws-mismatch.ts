import * as path from 'node:path';
import type { Rule } from './types';
import type { Fix } from '../model';
import { masked, t } from '../l10n';
import type { ImplEndpoint, Link, Localized, NoneBotProject } from '../model';
import { nonebotEndpoints } from '../nonebot/endpoints';
import { fix, secretFix, related, setEnvSetting } from './lib/edits';
import { displayUrl, fromProcessEnvOnly, nonebotSecretValue, processEnvNote, settingOrigin } from './lib/sides';
import { assumedNote, implFieldLoc, implName } from './lib/link';
import { editImpl } from '../impl';
import { editKoishi } from '../framework/koishi/editor';
import type { RuleContext } from './types';

/** What the implementation's forward WebSocket server does with a wrong or missing token. */
function refusal(ep: ImplEndpoint): Localized {
  switch (ep.implementation) {
    case 'gocqhttp':
      return t('go-cqhttp answers 401 (no token) or 403 (a wrong one)', 'go-cqhttp 会返回 401（无令牌）或 403（令牌错误）');
    case 'napcat':
      return t(
        'NapCat accepts the upgrade, sends retcode 1403 ("token验证失败") and closes',
        'NapCat 会先接受升级，再发送 retcode 1403（"token验证失败"）并关闭连接',
      );
    case 'llonebot':
      return t('LLOneBot refuses the connection', 'LLOneBot 会拒绝该连接');
    default:
      return t('Lagrange answers 403 ("ValidatingAccessTokenFail")', 'Lagrange 会返回 403（"ValidatingAccessTokenFail"）');
  }
}
import { isWildcardHost, parseDialUrl } from '../link/urls';

/** The same URL with another host and/or port, path and query kept. */
function withAuthority(url: string, host: string | undefined, port: number | undefined): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(url);
  if (!m) return url;
  const auth = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(m[2]);
  const h0 = auth ? auth[1] : m[2];
  const p0 = auth?.[2];
  const h = host === undefined ? h0 : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const p = port === undefined ? p0 : String(port);
  return `${m[1]}${h}${p ? `:${p}` : ''}${m[3]}`;
}

export const rule: Rule = {
  code: 'forward-ws-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t(
    "What the framework dials does not match the implementation's server (ONEBOT_WS_URLS, ONEBOT_API_ROOTS, Koishi endpoint)",
    '框架所连接的地址与实现端的服务不匹配（ONEBOT_WS_URLS、ONEBOT_API_ROOTS、Koishi endpoint）',
  ),
  doc: {
    checks:
      'Where the framework dials the implementation\'s server. Forward WebSocket: each `ONEBOT_WS_URLS` entry must name the host:port of an enabled forward WebSocket server (Lagrange ForwardWebSocket, NapCat `websocketServers`, go-cqhttp `ws`, LLOneBot `ws`), and the token NoneBot sends (`ONEBOT_V11_ACCESS_TOKEN` / `ONEBOT_ACCESS_TOKEN`) must be the one that server requires; Koishi\'s OneBot adapter with `protocol: ws` must send the token the server at its `endpoint` requires; on Linux a Lagrange ForwardWebSocket bound to a specific name answers 404 unless the request\'s Host header is that name. HTTP API: each `ONEBOT_API_ROOTS` entry (`{"<self id>": "http://host:port/"}`) and Koishi\'s `endpoint` with `protocol: http` must name the host:port of an enabled HTTP API server (Lagrange `Http`, NapCat `httpServers`, go-cqhttp `http`, LLOneBot `http`), and that server must accept the Authorization header the framework sends; the key of the root must be the account the implementation behind that server logs in as (NoneBot looks the root up by the self id of the bot). A root NoneBot would use only while the same implementation has no WebSocket connection to it is a warning.',
    why: "NoneBot dials Lagrange's ForwardWebSocket with `Authorization: Bearer <ONEBOT_ACCESS_TOKEN>`; Lagrange compares the text after `Bearer ` exactly (403 on a mismatch or a missing header; with no AccessToken it accepts anything) and, with the managed Linux HttpListener, matches the Host header against its configured Host (404 otherwise; `*` or `0.0.0.0` match any). For the HTTP API NoneBot POSTs `<root>/<action>` with `Authorization: Bearer <token>` whenever a token is set (an empty one sends a bare `Bearer `), and only for a bot that has no WebSocket connection: a refused call raises NetworkError, so every reply of that bot fails. Each implementation checks its HTTP API token its own way: Lagrange compares the whole header with `Bearer <AccessToken>` (401 without one, 403 otherwise); NapCat and LLOneBot take the text after `Bearer ` (403 `token verify failed`); go-cqhttp takes the text after the first space, whatever the scheme word (401 when that is empty, 403 otherwise). Koishi's `protocol: http` always sends `Authorization: Token <token>` (`Token undefined` without one), so only go-cqhttp accepts it when a token is set; Lagrange, NapCat and LLOneBot refuse it whatever the token.",
    sources: [
      'docs/facts/lagrange.md#forward-websocket (`Lagrange.OneBot/Core/Network/Service/ForwardWSService.cs` L29-35, L88-97, L156-174; dotnet/runtime `Managed/HttpConnection.cs`), docs/facts/lagrange.md#known-failure-reports (LagrangeDev/Lagrange.Core#264, #268)',
      'docs/facts/nonebot.md#adapter-settings (ONEBOT_WS_URLS, token keys), docs/facts/nonebot.md#token-value-by-version',
      'nonebot/adapter-onebot v2.4.6 `nonebot/adapters/onebot/v11/adapter.py` `_forward_ws` (`Authorization: Bearer <token>` when the token is truthy), `_call_api` (POST `<root>/<action>`, `Authorization: Bearer <token>` when the token is not None; a non-2xx status raises NetworkError), `nonebot/adapters/onebot/v11/config.py` (`onebot_api_roots: dict[str, AnyUrl]`, alias `onebot_v11_api_roots`)',
      'koishijs/koishi-plugin-adapter-onebot c32206b `src/ws.ts` (`WsClient`: `Authorization: Bearer <token>` only when `token` is set), `src/http.ts` (`HttpServer.fork`: `Authorization: Token ${token}` on every API call)',
      'LagrangeDev/Lagrange.Core `Lagrange.OneBot/Core/Network/Service/HttpService.cs` (bab5068, `HandleRequestAsync`: header or `?access_token=`; none → 401, not exactly `Bearer <AccessToken>` → 403)',
      'NapNeko/NapCatQQ af07479 `packages/napcat-onebot/network/http-server.ts` (`authorize`: `?access_token=` or the header split on `Bearer `; mismatch → 403 `{"message":"token verify failed!"}`)',
      "Mrs4s/go-cqhttp a5923f1 `server/http.go` (`checkAuth`: the header's text after its first space, else `?access_token=`; nothing → 401, a mismatch → 403)",
      'LLOneBot/LuckyLilliaBot ab2b6af `src/onebot11/connect/http.ts` (`OB11Http.authorize`: the header split on `Bearer `, else `?access_token=`; mismatch → 403 `{"message":"token verify failed"}`)',
    ],
    example:
      '# .env\nONEBOT_WS_URLS=["ws://127.0.0.1:8082"]\nONEBOT_API_ROOTS={"123456": "http://127.0.0.1:5701/"}\n// appsettings.json: ForwardWebSocket on port 8081, Http on port 5700',
    fix: "Point the URL or root at the server's `Host:Port`; make the tokens equal; use `*` (or the exact name NoneBot dials) as the ForwardWebSocket Host. Koishi with `protocol: http` towards Lagrange, NapCat or LLOneBot: remove the HTTP server's token (on a private network) or connect over WebSocket.",
  },
  check(ctx) {
    if (ctx.model.implementations.length === 0) return;
    koishiForward(ctx);
    httpApi(ctx);
    const forwards = ctx.model.implementations.flatMap((c) => c.endpoints.filter((e) => e.enabled && e.protocol === 'ws-forward'));
    for (const p of ctx.model.nonebot) {
      for (const u of p.wsUrlList) {
        if (!u.file) continue;
        const link = ctx.model.links.find((l) => l.kind === 'forward-ws' && l.nonebot === p && l.wsUrl === u);
        const target = parseDialUrl(u.url);
        const shown = displayUrl(u.url);
        if (!link) {
          const ports = forwards.map((f) => `${f.host || '?'}:${f.port ?? '?'}`);
          const only = forwards.length === 1 ? forwards[0] : undefined;
          const fixes: Fix[] = [];
          if (only && target && only.port) {
            const host = only.host && !isWildcardHost(only.host) && only.host !== target.host ? only.host : undefined;
            const newUrl = withAuthority(u.url, host, only.port);
            if (newUrl !== u.url)
              fixes.push(
                fix(
                  host ? t(`Dial ${host}:${only.port}`, `连接 ${host}:${only.port}`) : t(`Use port ${only.port}`, `使用端口 ${only.port}`),
                  [{ file: u.file, range: u.range, newText: newUrl }],
                  true,
                ),
              );
          }
          ctx.report({
            file: u.file,
            range: u.range,
            message: forwards.length
              ? t(
                  `${shown} matches no forward WebSocket server of the workspace (they listen on ${ports.join(', ')}): NoneBot's connection is refused and retried every 3 s. Point it at the server's host:port.`,
                  `${shown} 与工作区中任何正向 WebSocket 服务都不匹配（它们监听 ${ports.join('、')}）：NoneBot 的连接会被拒绝，并每 3 秒重试一次。请指向该服务的 host:port。`,
                )
              : t(
                  `${shown}: no implementation in this workspace has an enabled forward WebSocket server, so nothing listens there for NoneBot. Enable one (Lagrange ForwardWebSocket, NapCat websocketServers, go-cqhttp ws), or remove the URL.`,
                  `${shown}：此工作区中没有实现端启用了正向 WebSocket 服务，没有程序在那里等待 NoneBot 连接。请启用一个（Lagrange ForwardWebSocket、NapCat websocketServers、go-cqhttp ws），或删除该地址。`,
                ),
            related: forwards.map((f) => {
              const at = implFieldLoc(f, 'port');
              return related(at.file, at.range, f.label);
            }),
            fixes,
          });
          continue;
        }
        const impl = link.impl;
        const label = impl.label;
        const name = implName(impl);
        const note = assumedNote(link);
        const need = impl.token;
        const s = p.accessToken;
        const nb = nonebotSecretValue(s);
        const sends = nb.value;
        const tok = impl.tokenNode;
        if (need && tok && need !== sends) {
          const origin = settingOrigin(s);
          const fixes = tokenFixes(ctx, p, impl, need, sends, tok.file);
          const refuses = refusal(impl);
          const envNote = processEnvNote(s);
          const msg = sends
            ? t(
                `NoneBot dials ${shown} with token ${masked(sends).en} (${s!.name} from ${origin.en}), but ${label.en} requires ${masked(need).en}: ${refuses.en}. Make the tokens equal.${nb.versionNote.en}${envNote.en}${note.en}`,
                `NoneBot 使用令牌 ${masked(sends).zh}（${s!.name} 来自 ${origin.zh}）连接 ${shown}，但 ${label.zh} 要求 ${masked(need).zh}：${refuses.zh}。请让两边令牌相同。${nb.versionNote.zh}${envNote.zh}${note.zh}`,
              )
            : t(
                `NoneBot dials ${shown} without a token, but ${label.en} requires ${masked(need).en}: ${refuses.en}. Set ONEBOT_ACCESS_TOKEN in NoneBot to the same token.${note.en}`,
                `NoneBot 不带令牌连接 ${shown}，但 ${label.zh} 要求 ${masked(need).zh}：${refuses.zh}。请在 NoneBot 中将 ONEBOT_ACCESS_TOKEN 设为相同的令牌。${note.zh}`,
              );
          ctx.report({
            file: u.file,
            range: u.range,
            message: msg,
            related: [
              related(tok.file, tok.valueRange, t(`${name}'s token`, `${name} 的令牌`)),
              ...(s?.entry ? [related(s.entry.file, s.entry.valueRange, t(`NoneBot's ${s.name}`, `NoneBot 的 ${s.name}`))] : []),
            ],
            fixes,
          });
          ctx.report({
            file: tok.file,
            range: tok.valueRange,
            message: msg,
            related: [
              s?.entry
                ? related(s.entry.file, s.entry.valueRange, t(`NoneBot's ${s.name}`, `NoneBot 的 ${s.name}`))
                : related(u.file, u.range, t("NoneBot's ONEBOT_WS_URLS entry", 'NoneBot 的 ONEBOT_WS_URLS 条目')),
            ],
            fixes,
          });
        }
        const host = (impl.host ?? '').trim();
        const hostNode = impl.hostNode;
        // Only Lagrange's HttpListener matches the request's Host header against its own Host (dotnet/runtime, Managed/HttpConnection.cs).
        if (impl.lagrange && target && host && !isWildcardHost(host) && host.toLowerCase() !== target.host.toLowerCase()) {
          const fixes: Fix[] = [
            fix(t(`Dial ${host}`, `连接 ${host}`), [{ file: u.file, range: u.range, newText: withAuthority(u.url, host, undefined) }]),
            ...(hostNode
              ? [
                  fix(
                    t('Listen on "*" in Lagrange (any Host header)', '在 Lagrange 中监听 "*"（接受任何 Host 头）'),
                    editImpl(impl, 'host', '*', ctx.text) ?? [],
                  ),
                ]
              : []),
          ];
          const msg = t(
            `NoneBot dials host ${target.host}, but ${label.en} listens as "${host}": on Linux Lagrange's listener answers 404 unless the request's Host header is exactly "${host}" (NoneBot logs "Error while setup websocket"). Dial ${host}, or set the ForwardWebSocket Host to "*".${note.en}`,
            `NoneBot 连接主机 ${target.host}，但 ${label.zh} 以 "${host}" 监听：在 Linux 上，除非请求的 Host 头恰好是 "${host}"，Lagrange 的监听器都会返回 404（NoneBot 日志为 "Error while setup websocket"）。请连接 ${host}，或将 ForwardWebSocket 的 Host 设为 "*"。${note.zh}`,
          );
          const lagWhere = hostNode ? { file: hostNode.file, range: hostNode.valueRange } : impl.anchor;
          ctx.report({
            file: u.file,
            range: u.range,
            message: msg,
            related: [related(lagWhere.file, lagWhere.range, t("Lagrange's ForwardWebSocket Host", 'Lagrange 的 ForwardWebSocket Host'))],
            fixes,
          });
          if (hostNode)
            ctx.report({
              file: hostNode.file,
              range: hostNode.valueRange,
              message: msg,
              related: [related(u.file, u.range, t("NoneBot's ONEBOT_WS_URLS entry", 'NoneBot 的 ONEBOT_WS_URLS 条目'))],
              fixes: [...fixes].reverse(),
            });
        }
      }
    }
  },
};

/**
 * Koishi with `protocol: ws` dials the implementation's forward WebSocket server and sends `Authorization: Bearer
 * <token>` only when `token` is set (koishijs/koishi-plugin-adapter-onebot c32206b src/ws.ts `WsClient.prepare`).
 */
function koishiForward(ctx: RuleContext): void {
  for (const link of ctx.model.links) {
    if (link.kind !== 'forward-ws' || link.framework !== 'koishi') continue;
    const impl = link.impl;
    const need = impl.token;
    const tok = impl.tokenNode;
    const sends = link.fw.token ?? '';
    if (!need || !tok || need === sends) continue;
    const name = implName(impl);
    const label = impl.label;
    const shown = displayUrl(link.url ?? '');
    const refuses = refusal(impl);
    const note = assumedNote(link);
    const fixes: Fix[] = [];
    const toKoishi = editKoishi(link.koishi.file, link.fw, 'token', need, ctx.text);
    if (toKoishi) fixes.push(secretFix(t(`Use ${name}'s token in koishi.yml`, `在 koishi.yml 中使用 ${name} 的令牌`), toKoishi, !sends));
    const toImpl = sends ? editImpl(impl, 'token', sends, ctx.text) : undefined;
    if (toImpl) fixes.push(secretFix(t(`Use Koishi's token in ${path.basename(tok.file)}`, `在 ${path.basename(tok.file)} 中使用 Koishi 的令牌`), toImpl));
    const msg = sends
      ? t(
          `Koishi's OneBot adapter dials ${shown} with token ${masked(sends).en}, but ${label.en} requires ${masked(need).en}: ${refuses.en}. Make the tokens equal.${note.en}`,
          `Koishi 的 OneBot 适配器使用令牌 ${masked(sends).zh} 连接 ${shown}，但 ${label.zh} 要求 ${masked(need).zh}：${refuses.zh}。请让两边令牌相同。${note.zh}`,
        )
      : t(
          `Koishi's OneBot adapter dials ${shown} without a token (no token in koishi.yml), but ${label.en} requires ${masked(need).en}: ${refuses.en}. Set the adapter's token to the same value.${note.en}`,
          `Koishi 的 OneBot 适配器不带令牌连接 ${shown}（koishi.yml 中没有 token），但 ${label.zh} 要求 ${masked(need).zh}：${refuses.zh}。请把适配器的 token 设为相同的值。${note.zh}`,
        );
    const kAt = link.fw.tokenLoc ?? link.fw.urlLoc ?? link.fw.anchor;
    ctx.report({
      file: tok.file,
      range: tok.valueRange,
      message: msg,
      related: [related(kAt.file, kAt.range, link.fw.tokenLoc ? t("Koishi's token", 'Koishi 的 token') : t("Koishi's endpoint", 'Koishi 的 endpoint'))],
      fixes,
    });
    ctx.report({
      file: kAt.file,
      range: kAt.range,
      message: msg,
      related: [related(tok.file, tok.valueRange, t(`${name}'s token`, `${name} 的令牌`))],
      fixes: [...fixes].reverse(),
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP API: NoneBot's ONEBOT_API_ROOTS and Koishi's `protocol: http` call the implementation's HTTP API server.
// ---------------------------------------------------------------------------------------------------------------

/** How an implementation's HTTP API server answers one request: accepted, or refused with a status and why. */
type ApiAnswer = { ok: true } | { ok: false; status: number; refusal: Localized };

/**
 * What an implementation's HTTP API server does with the Authorization header a framework sends (`null`: none; no
 * `access_token` query, which neither framework adds). An empty or missing token turns the check off in all four.
 * - Lagrange.OneBot (LagrangeDev/Lagrange.Core bab5068 `Lagrange.OneBot/Core/Network/Service/HttpService.cs`
 *   `HandleRequestAsync`): the whole header must equal `Bearer <AccessToken>`; none → 401, anything else → 403.
 * - NapCat (NapNeko/NapCatQQ af07479 `packages/napcat-onebot/network/http-server.ts` `authorize`): the text after
 *   `Bearer ` (the whole header when it has no `Bearer `) must equal the token; else 403 `token verify failed!`.
 * - LLOneBot (LLOneBot/LuckyLilliaBot ab2b6af `src/onebot11/connect/http.ts` `OB11Http.authorize`): the same, else 403
 *   `token verify failed`.
 * - go-cqhttp (Mrs4s/go-cqhttp a5923f1 `server/http.go` `checkAuth`): the text after the header's first space,
 *   whatever the scheme word (`Bearer`, `Token`), must equal `access-token`; nothing there (no header, a bare
 *   `Bearer `) → 401, anything else → 403.
 */
export function httpApiAnswer(impl: ImplEndpoint, header: string | null): ApiAnswer {
  const need = impl.token;
  if (!need) return { ok: true };
  switch (impl.implementation) {
    case 'lagrange':
      if (header === `Bearer ${need}`) return { ok: true };
      return header === null
        ? { ok: false, status: 401, refusal: t('Lagrange answers 401 (no Authorization header)', 'Lagrange 会返回 401（没有 Authorization 头）') }
        : {
            ok: false,
            status: 403,
            refusal: t(
              'Lagrange answers 403 (it compares the whole header with "Bearer <AccessToken>")',
              'Lagrange 会返回 403（它把整个头与 "Bearer <AccessToken>" 比较）',
            ),
          };
    case 'napcat':
    case 'llonebot': {
      const sent = header === null ? '' : (header.split('Bearer ').pop() ?? '');
      if (sent === need) return { ok: true };
      const name = impl.implementation === 'napcat' ? 'NapCat' : 'LLOneBot';
      const body = impl.implementation === 'napcat' ? 'token verify failed!' : 'token verify failed';
      return { ok: false, status: 403, refusal: t(`${name} answers 403 ("${body}")`, `${name} 会返回 403（"${body}"）`) };
    }
    case 'gocqhttp': {
      const space = header === null ? -1 : header.indexOf(' ');
      const sent = header === null ? '' : space >= 0 ? header.slice(space + 1) : header;
      if (sent === need) return { ok: true };
      return sent === ''
        ? { ok: false, status: 401, refusal: t('go-cqhttp answers 401 (no token)', 'go-cqhttp 会返回 401（没有令牌）') }
        : { ok: false, status: 403, refusal: t('go-cqhttp answers 403 (a wrong token)', 'go-cqhttp 会返回 403（令牌错误）') };
    }
  }
}

/** The Authorization header NoneBot's `_call_api` sends: `Bearer <token>` whenever the token is not None. */
function nonebotApiHeader(token: string | null): string | null {
  return token === null ? null : `Bearer ${token}`;
}

/**
 * The Authorization header Koishi's adapter sends with `protocol: http`: always `Token <token>`, `Token undefined`
 * when no token is set (koishijs/koishi-plugin-adapter-onebot c32206b `src/http.ts` `HttpServer.fork`).
 */
function koishiApiHeader(token: string | null): string {
  return `Token ${token ?? 'undefined'}`;
}

/** Every enabled HTTP API server of the workspace's implementations. */
function apiServers(ctx: RuleContext): ImplEndpoint[] {
  return ctx.model.implementations.flatMap((c) => c.endpoints.filter((e) => e.enabled && e.protocol === 'http-api' && e.role === 'listens'));
}

/**
 * NoneBot calls an API root only for a bot that has no WebSocket connection (`_call_api` uses the bot's WebSocket
 * when there is one): when the implementation also reaches this project over WebSocket, a broken root matters only
 * while that connection is down. Then the finding is a warning with that said.
 */
function wsCovers(ctx: RuleContext, p: NoneBotProject, selfId: string): Link | undefined {
  return ctx.model.links.find(
    (l) => l.nonebot === p && (l.kind === 'reverse-ws' || l.kind === 'forward-ws') && (l.implConfig.selfId === undefined || l.implConfig.selfId === selfId),
  );
}

function wsNote(l: Link | undefined, selfId: string): Localized {
  return l
    ? t(
        ` NoneBot uses this root only while bot ${selfId} has no WebSocket connection, and ${l.impl.label.en} connects over WebSocket too.`,
        `只有当机器人 ${selfId} 没有 WebSocket 连接时 NoneBot 才会使用此地址，而 ${l.impl.label.zh} 也通过 WebSocket 连接。`,
      )
    : t('', '');
}

/** The fix that points a dialled URL at the only server of its kind, when there is one and the URL can be rewritten. */
function pointAtOnly(url: string, only: ImplEndpoint | undefined): { url: string; title: Localized } | undefined {
  const target = parseDialUrl(url);
  if (!only || !target || !only.port) return undefined;
  const host = only.host && !isWildcardHost(only.host) && only.host !== target.host ? only.host : undefined;
  const newUrl = withAuthority(url, host, only.port);
  if (newUrl === url) return undefined;
  return { url: newUrl, title: host ? t(`Dial ${host}:${only.port}`, `连接 ${host}:${only.port}`) : t(`Use port ${only.port}`, `使用端口 ${only.port}`) };
}

/**
 * The two ways to make NoneBot's token and the implementation's server's equal: NoneBot takes the server's (certain
 * when NoneBot sends none), or the server takes NoneBot's. Not offered where the value comes only from the process
 * environment (no file to edit), nor towards the server when NoneBot sends nothing.
 */
function tokenFixes(ctx: RuleContext, p: NoneBotProject, impl: ImplEndpoint, need: string, sends: string | undefined, implFile: string): Fix[] {
  const s = p.accessToken;
  const name = implName(impl);
  const fixes: Fix[] = [];
  if (!fromProcessEnvOnly(s))
    fixes.push(
      secretFix(
        t(`Use ${name}'s token in NoneBot's config`, `在 NoneBot 配置中使用 ${name} 的令牌`),
        [setEnvSetting(p, s?.name ?? 'ONEBOT_ACCESS_TOKEN', need, ctx.text, s?.entry ? s : undefined)],
        !sends,
      ),
    );
  const toImpl = sends ? editImpl(impl, 'token', sends, ctx.text) : undefined;
  if (toImpl) fixes.push(secretFix(t(`Use NoneBot's token in ${path.basename(implFile)}`, `在 ${path.basename(implFile)} 中使用 NoneBot 的令牌`), toImpl));
  return fixes;
}

function httpApi(ctx: RuleContext): void {
  const servers = apiServers(ctx);
  const where = servers.map((f) => `${f.host || '?'}:${f.port ?? '?'}`);
  const only = servers.length === 1 ? servers[0] : undefined;
  const serverRelated = servers.map((f) => {
    const at = implFieldLoc(f, 'port');
    return related(at.file, at.range, f.label);
  });

  for (const p of ctx.model.nonebot) {
    for (const ep of nonebotEndpoints(p)) {
      if (ep.protocol !== 'http-api' || !ep.urlLoc || ep.url === undefined) continue;
      const id = ep.selfIds?.[0]?.value ?? '?';
      const at = ep.urlLoc;
      const shown = displayUrl(ep.url);
      const link = ctx.model.links.find((l) => l.fw === ep);
      const ws = wsCovers(ctx, p, id);
      const severity = ws ? ('warning' as const) : undefined;
      const wn = wsNote(ws, id);
      // Where python-dotenv's unquoting changed the text, the URL's place is the whole value (its key's too): no edit.
      const exactUrl = ep.selfIds?.[0]?.loc?.range !== at.range;
      if (!/^https?:\/\//i.test(ep.url.trim())) {
        // pydantic's AnyUrl rejects a root without a scheme (NoneBot stops at startup); the HTTP client drivers
        // (httpx, aiohttp) refuse any scheme but http and https, so every call fails.
        const m = /^(wss?):\/\//i.exec(ep.url.trim());
        const fixed = m ? ep.url.trim().replace(/^ws/i, 'http') : /^[a-z][a-z0-9+.-]*:\/\//i.test(ep.url.trim()) ? undefined : `http://${ep.url.trim()}`;
        ctx.report({
          file: at.file,
          range: at.range,
          severity,
          message: t(
            `${shown} (ONEBOT_API_ROOTS entry ${id}) is not an http:// or https:// URL: NoneBot's adapter rejects a root without a scheme at startup, and its HTTP client cannot call any other scheme, so every API call for bot ${id} fails. Write http://host:port/.${wn.en}`,
            `${shown}（ONEBOT_API_ROOTS 条目 ${id}）不是 http:// 或 https:// 地址：没有协议头的地址会让 NoneBot 的适配器在启动时报错，其他协议头 NoneBot 的 HTTP 客户端也无法调用，因此机器人 ${id} 的每个 API 调用都会失败。请写成 http://host:port/。${wn.zh}`,
          ),
          related: [],
          fixes:
            exactUrl && fixed && !/["\\]/.test(fixed)
              ? [fix(t(`Use ${displayUrl(fixed)}`, `使用 ${displayUrl(fixed)}`), [{ file: at.file, range: at.range, newText: fixed }], true)]
              : [],
        });
        continue;
      }
      if (!link) {
        const point = pointAtOnly(ep.url, only);
        ctx.report({
          file: at.file,
          range: at.range,
          severity,
          message: servers.length
            ? t(
                `${shown} (ONEBOT_API_ROOTS entry ${id}) matches no HTTP API server of the workspace (they listen on ${where.join(', ')}): every API call NoneBot makes for bot ${id}, every reply included, fails with NetworkError "HTTP request failed". Point it at the server's host:port.${wn.en}`,
                `${shown}（ONEBOT_API_ROOTS 条目 ${id}）与工作区中任何 HTTP API 服务都不匹配（它们监听 ${where.join('、')}）：NoneBot 为机器人 ${id} 发出的每个 API 调用（包括每条回复）都会以 NetworkError "HTTP request failed" 失败。请指向该服务的 host:port。${wn.zh}`,
              )
            : t(
                `${shown} (ONEBOT_API_ROOTS entry ${id}): no implementation in this workspace has an enabled HTTP API server, so nothing answers NoneBot's API calls for bot ${id}. Enable one (Lagrange Http, NapCat httpServers, go-cqhttp http, LLOneBot http), or remove the root.${wn.en}`,
                `${shown}（ONEBOT_API_ROOTS 条目 ${id}）：此工作区中没有实现端启用了 HTTP API 服务，没有程序响应 NoneBot 为机器人 ${id} 发出的 API 调用。请启用一个（Lagrange Http、NapCat httpServers、go-cqhttp http、LLOneBot http），或删除该地址。${wn.zh}`,
              ),
          related: serverRelated,
          fixes: point && exactUrl ? [fix(point.title, [{ file: at.file, range: at.range, newText: point.url }], true)] : [],
        });
        continue;
      }
      const impl = link.impl;
      const account = link.implConfig.selfId;
      const keyLoc = ep.selfIds?.[0]?.loc;
      if (account !== undefined && account !== id && keyLoc && !p.apiRootList.some((r) => r.selfId === account)) {
        // `_call_api` looks the root up by the bot's self id (the X-Self-ID of its events): this root serves another id.
        const exact = keyLoc.range !== at.range && JSON.stringify(account).slice(1, -1) === account;
        const acc = link.implConfig.selfIdNode;
        const wa = wsNote(wsCovers(ctx, p, account), account);
        ctx.report({
          file: keyLoc.file,
          range: keyLoc.range,
          severity: wsCovers(ctx, p, account) ? 'warning' : undefined,
          message: t(
            `ONEBOT_API_ROOTS gives ${shown} to bot ${id}, but ${impl.label.en} serves account ${account}: NoneBot looks the root up by the bot's self id, finds none for ${account}, and every API call for that bot, every reply included, fails with NetworkError "HTTP request failed". Use ${account} as the key.${wa.en}${assumedNote(link).en}`,
            `ONEBOT_API_ROOTS 把 ${shown} 分配给机器人 ${id}，但 ${impl.label.zh} 服务的账号是 ${account}：NoneBot 按机器人的 self id 查找地址，找不到 ${account} 的地址，该机器人的每个 API 调用（包括每条回复）都会以 NetworkError "HTTP request failed" 失败。请用 ${account} 作为键。${wa.zh}${assumedNote(link).zh}`,
          ),
          related: acc ? [related(acc.file, acc.valueRange, t(`${implName(impl)}'s account`, `${implName(impl)} 的账号`))] : [],
          fixes: exact
            ? [fix(t(`Use ${account} as the key`, `使用 ${account} 作为键`), [{ file: keyLoc.file, range: keyLoc.range, newText: account }], true)]
            : [],
        });
      }
      const s = p.accessToken;
      const nb = nonebotSecretValue(s);
      const answer = httpApiAnswer(impl, nonebotApiHeader(ep.token));
      if (answer.ok) continue;
      const need = impl.token!;
      const name = implName(impl);
      const label = impl.label;
      const note = assumedNote(link);
      const sends = nb.value;
      const tokAt = impl.tokenNode ? { file: impl.tokenNode.file, range: impl.tokenNode.valueRange } : impl.anchor;
      const fixes = tokenFixes(ctx, p, impl, need, sends, tokAt.file);
      const fails = t(
        `every API call NoneBot makes for bot ${id}, every reply included, fails with NetworkError "HTTP request received unexpected status code: ${answer.status}"`,
        `NoneBot 为机器人 ${id} 发出的每个 API 调用（包括每条回复）都会以 NetworkError "HTTP request received unexpected status code: ${answer.status}" 失败`,
      );
      const envNote = processEnvNote(s);
      const msg = sends
        ? t(
            `NoneBot calls ${shown} with token ${masked(sends).en} (${s!.name} from ${settingOrigin(s).en}), but ${label.en} requires ${masked(need).en}: ${answer.refusal.en}, so ${fails.en}. Make the tokens equal.${nb.versionNote.en}${envNote.en}${wn.en}${note.en}`,
            `NoneBot 使用令牌 ${masked(sends).zh}（${s!.name} 来自 ${settingOrigin(s).zh}）调用 ${shown}，但 ${label.zh} 要求 ${masked(need).zh}：${answer.refusal.zh}，因此${fails.zh}。请让两边令牌相同。${nb.versionNote.zh}${envNote.zh}${wn.zh}${note.zh}`,
          )
        : t(
            `NoneBot calls ${shown} without a token, but ${label.en} requires ${masked(need).en}: ${answer.refusal.en}, so ${fails.en}. Set ONEBOT_ACCESS_TOKEN in NoneBot to the same token.${wn.en}${note.en}`,
            `NoneBot 不带令牌调用 ${shown}，但 ${label.zh} 要求 ${masked(need).zh}：${answer.refusal.zh}，因此${fails.zh}。请在 NoneBot 中将 ONEBOT_ACCESS_TOKEN 设为相同的令牌。${wn.zh}${note.zh}`,
          );
      ctx.report({
        file: at.file,
        range: at.range,
        severity,
        message: msg,
        related: [
          related(tokAt.file, tokAt.range, t(`${name}'s token`, `${name} 的令牌`)),
          ...(s?.entry ? [related(s.entry.file, s.entry.valueRange, t(`NoneBot's ${s.name}`, `NoneBot 的 ${s.name}`))] : []),
        ],
        fixes,
      });
      ctx.report({
        file: tokAt.file,
        range: tokAt.range,
        severity,
        message: msg,
        related: [
          s?.entry
            ? related(s.entry.file, s.entry.valueRange, t(`NoneBot's ${s.name}`, `NoneBot 的 ${s.name}`))
            : related(at.file, at.range, t("NoneBot's ONEBOT_API_ROOTS entry", 'NoneBot 的 ONEBOT_API_ROOTS 条目')),
        ],
        fixes,
      });
    }
  }

  for (const k of ctx.model.koishi) {
    for (const ep of k.endpoints) {
      if (ep.protocol !== 'http-api' || !ep.enabled || ep.url === undefined) continue;
      const link = ctx.model.links.find((l) => l.fw === ep);
      const kUrl = ep.urlLoc ?? ep.anchor;
      const shown = displayUrl(ep.url);
      if (!link) {
        if (!ep.urlLoc || !parseDialUrl(ep.url)) continue; // koishi-config speaks of a missing or unusable endpoint
        const point = pointAtOnly(ep.url, only);
        const edits = point ? editKoishi(k.file, ep, 'url', point.url, ctx.text) : undefined;
        ctx.report({
          file: kUrl.file,
          range: kUrl.range,
          message: servers.length
            ? t(
                `Koishi's OneBot adapter (protocol http) calls ${shown}, which matches no HTTP API server of the workspace (they listen on ${where.join(', ')}): every API call fails. Point endpoint at the server's host:port.`,
                `Koishi 的 OneBot 适配器（protocol http）调用 ${shown}，它与工作区中任何 HTTP API 服务都不匹配（它们监听 ${where.join('、')}）：每个 API 调用都会失败。请将 endpoint 指向该服务的 host:port。`,
              )
            : t(
                `Koishi's OneBot adapter (protocol http) calls ${shown}, but no implementation in this workspace has an enabled HTTP API server: every API call fails. Enable one (Lagrange Http, NapCat httpServers, go-cqhttp http, LLOneBot http).`,
                `Koishi 的 OneBot 适配器（protocol http）调用 ${shown}，但此工作区中没有实现端启用了 HTTP API 服务：每个 API 调用都会失败。请启用一个（Lagrange Http、NapCat httpServers、go-cqhttp http、LLOneBot http）。`,
              ),
          related: serverRelated,
          fixes: point && edits ? [fix(point.title, edits, true)] : [],
        });
        continue;
      }
      const impl = link.impl;
      const answer = httpApiAnswer(impl, koishiApiHeader(ep.token));
      if (answer.ok) continue;
      const need = impl.token!;
      const name = implName(impl);
      const label = impl.label;
      const note = assumedNote(link);
      const sends = ep.token;
      const tokAt = impl.tokenNode ? { file: impl.tokenNode.file, range: impl.tokenNode.valueRange } : impl.anchor;
      const kAt = ep.tokenLoc ?? kUrl;
      // go-cqhttp reads the text after the first space, so equal tokens are enough; the other three want `Bearer`,
      // which Koishi's http protocol never sends: only an HTTP server without a token accepts it.
      const equalHelps = impl.implementation === 'gocqhttp';
      const fixes: Fix[] = [];
      if (equalHelps) {
        const toKoishi = editKoishi(k.file, ep, 'token', need, ctx.text);
        if (toKoishi) fixes.push(secretFix(t(`Use ${name}'s token in koishi.yml`, `在 koishi.yml 中使用 ${name} 的令牌`), toKoishi, !sends));
        const toImpl = sends ? editImpl(impl, 'token', sends, ctx.text) : undefined;
        if (toImpl)
          fixes.push(secretFix(t(`Use Koishi's token in ${path.basename(tokAt.file)}`, `在 ${path.basename(tokAt.file)} 中使用 Koishi 的令牌`), toImpl));
      } else {
        const clear = editImpl(impl, 'token', '', ctx.text);
        if (clear)
          fixes.push(
            fix(t(`Remove the token of ${name}'s HTTP server (it then accepts any caller)`, `删除 ${name} HTTP 服务的令牌（之后它接受任何调用方）`), clear),
          );
      }
      const fails = t(`every API call of Koishi's bot fails with HTTP ${answer.status}`, `Koishi 机器人的每个 API 调用都会以 HTTP ${answer.status} 失败`);
      const msg = equalHelps
        ? sends
          ? t(
              `Koishi's OneBot adapter calls ${shown} with token ${masked(sends).en}, but ${label.en} requires ${masked(need).en}: ${answer.refusal.en}, so ${fails.en}. Make the tokens equal.${note.en}`,
              `Koishi 的 OneBot 适配器使用令牌 ${masked(sends).zh} 调用 ${shown}，但 ${label.zh} 要求 ${masked(need).zh}：${answer.refusal.zh}，因此${fails.zh}。请让两边令牌相同。${note.zh}`,
            )
          : t(
              `Koishi's OneBot adapter calls ${shown} without a token (it sends "Token undefined"), but ${label.en} requires ${masked(need).en}: ${answer.refusal.en}, so ${fails.en}. Set the adapter's token to the same value.${note.en}`,
              `Koishi 的 OneBot 适配器不带令牌调用 ${shown}（它会发送 "Token undefined"），但 ${label.zh} 要求 ${masked(need).zh}：${answer.refusal.zh}，因此${fails.zh}。请把适配器的 token 设为相同的值。${note.zh}`,
            )
        : t(
            `Koishi's OneBot adapter with protocol http sends "Authorization: Token …", never "Bearer …", but ${label.en} requires ${masked(need).en} as a Bearer token: ${answer.refusal.en}, so ${fails.en}, whatever Koishi's token. Remove the HTTP server's token and keep that server on a private network, or connect Koishi over WebSocket (protocol ws or ws-reverse).${note.en}`,
            `Koishi 的 OneBot 适配器在 protocol http 下发送 "Authorization: Token …"，从不发送 "Bearer …"，但 ${label.zh} 要求以 Bearer 形式提供 ${masked(need).zh}：${answer.refusal.zh}，因此无论 Koishi 的 token 是什么，${fails.zh}。请删除该 HTTP 服务的令牌并只在私有网络中提供该服务，或改用 WebSocket 连接 Koishi（protocol ws 或 ws-reverse）。${note.zh}`,
          );
      ctx.report({
        file: tokAt.file,
        range: tokAt.range,
        message: msg,
        related: [related(kAt.file, kAt.range, ep.tokenLoc ? t("Koishi's token", 'Koishi 的 token') : t("Koishi's endpoint", 'Koishi 的 endpoint'))],
        fixes,
      });
      ctx.report({
        file: kAt.file,
        range: kAt.range,
        message: msg,
        related: [related(tokAt.file, tokAt.range, t(`${name}'s token`, `${name} 的令牌`))],
        fixes: [...fixes].reverse(),
      });
    }
  }
}
