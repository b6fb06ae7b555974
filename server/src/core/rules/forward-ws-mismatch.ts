import * as path from 'node:path';
import type { Rule } from './types';
import type { Fix } from '../model';
import { masked, t } from '../l10n';
import type { ImplEndpoint, Localized } from '../model';
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
  title: t("ONEBOT_WS_URLS does not match an implementation's forward WebSocket server", 'ONEBOT_WS_URLS 与实现端的正向 WebSocket 服务不匹配'),
  doc: {
    checks:
      "Each `ONEBOT_WS_URLS` entry must name the host:port of an enabled Lagrange ForwardWebSocket entry (checked when a Lagrange config is in the workspace); the token NoneBot sends (`ONEBOT_V11_ACCESS_TOKEN` / `ONEBOT_ACCESS_TOKEN`) must equal that entry's `AccessToken` when Lagrange requires one (likewise NapCat `websocketServers[].token`, go-cqhttp `ws` `middlewares.access-token`, LLOneBot `ws` `token`); Koishi's OneBot adapter with `protocol: ws` must send the token the server it dials (`endpoint`) requires; on Linux a ForwardWebSocket bound to a specific name answers 404 unless the request's Host header is that name.",
    why: "For forward WebSocket NoneBot dials Lagrange and sends `Authorization: Bearer <ONEBOT_ACCESS_TOKEN>`. Lagrange's listener compares the text after `Bearer ` exactly (403 on a mismatch or a missing header; with no AccessToken it accepts anything) and, with the managed Linux HttpListener, matches the Host header against its configured Host (404 otherwise; `*` or `0.0.0.0` match any).",
    sources: [
      'docs/facts/lagrange.md#forward-websocket (`Lagrange.OneBot/Core/Network/Service/ForwardWSService.cs` L29-35, L88-97, L156-174; dotnet/runtime `Managed/HttpConnection.cs`), docs/facts/lagrange.md#known-failure-reports (LagrangeDev/Lagrange.Core#264, #268)',
      'docs/facts/nonebot.md#adapter-settings (ONEBOT_WS_URLS, token keys), docs/facts/nonebot.md#token-value-by-version',
      'adapter-onebot `nonebot/adapters/onebot/v11/adapter.py` `_forward_ws` (sends `Authorization: Bearer <token>` when a token is set)',
      'koishijs/koishi-plugin-adapter-onebot `src/ws.ts` (`WsClient`: `Authorization: Bearer <token>` only when `token` is set)',
    ],
    example: '# .env\nONEBOT_WS_URLS=["ws://127.0.0.1:8082"]\n// appsettings.json: ForwardWebSocket on port 8081',
    fix: 'Point the URL at the ForwardWebSocket `Host:Port`; make the tokens equal; use `*` (or the exact name NoneBot dials) as the ForwardWebSocket Host.',
  },
  check(ctx) {
    if (ctx.model.implementations.length === 0) return;
    koishiForward(ctx);
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
          if (toImpl)
            fixes.push(secretFix(t(`Use NoneBot's token in ${path.basename(tok.file)}`, `在 ${path.basename(tok.file)} 中使用 NoneBot 的令牌`), toImpl));
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
