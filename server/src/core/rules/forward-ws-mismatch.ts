import type { Rule } from './types';
import { masked, t } from '../l10n';
import { fix, secretFix, related, replaceJsonValue, setEnvSetting } from './lib/edits';
import { implLabel, nonebotToken, settingOrigin } from './lib/sides';
import { isWildcardHost, parseDialUrl } from '../link/urls';

export const rule: Rule = {
  code: 'forward-ws-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('ONEBOT_WS_URLS does not match a Lagrange ForwardWebSocket', 'ONEBOT_WS_URLS 与 Lagrange 的 ForwardWebSocket 不匹配'),
  doc: {
    checks: "Each `ONEBOT_WS_URLS` entry must name the host:port of an enabled Lagrange ForwardWebSocket entry; the token NoneBot sends (`ONEBOT_ACCESS_TOKEN`) must equal that entry's `AccessToken` when Lagrange requires one; on Linux a ForwardWebSocket bound to a specific name answers 404 unless the request's Host header is that name.",
    why: "For forward WebSocket NoneBot dials Lagrange and sends `Authorization: Bearer <ONEBOT_ACCESS_TOKEN>`. Lagrange's listener compares the token exactly (403 on a mismatch or a missing header) and, with the managed Linux HttpListener, matches the Host header against its configured Host (404 otherwise).",
    sources: ['lagrange-onebot.md §5 (`Svc/ForwardWSService.cs` L29-35, L88-97, L156-174; dotnet/runtime `Managed/HttpConnection.cs`), §9 (#264)', 'nonebot-onebot.md §6'],
    example: '# .env\nONEBOT_WS_URLS=["ws://127.0.0.1:8082"]\n// appsettings.json: ForwardWebSocket on port 8081',
    fix: 'Point the URL at the ForwardWebSocket `Host:Port`; make the tokens equal; use `*` (or the exact name NoneBot dials) as the ForwardWebSocket Host.',
  },
  check(ctx) {
    const forwards = ctx.model.lagrange.flatMap((c) => c.implementations.filter((i) => i.enabled && i.type === 'ForwardWebSocket'));
    if (ctx.model.lagrange.length === 0) return;
    for (const p of ctx.model.nonebot) {
      for (const u of p.wsUrlList) {
        if (!u.file) continue;
        const link = ctx.model.links.find((l) => l.kind === 'forward-ws' && l.nonebot === p && l.wsUrl === u);
        const target = parseDialUrl(u.url);
        if (!link) {
          const ports = forwards.map((f) => `${f.host || '?'}:${f.port ?? '?'}`);
          const only = forwards.length === 1 ? forwards[0] : undefined;
          const fixes =
            only && target && only.port
              ? [fix(t(`Use port ${only.port}`, `使用端口 ${only.port}`), [{ file: u.file, range: u.range, newText: u.url.replace(/:(\d+)(?=\/|$)/, `:${only.port}`) }], true)]
              : [];
          ctx.report({
            file: u.file,
            range: u.range,
            message: forwards.length
              ? t(
                  `${u.url} matches no Lagrange ForwardWebSocket entry (they listen on ${ports.join(', ')}): NoneBot's connection is refused.`,
                  `${u.url} 与 Lagrange 的任何 ForwardWebSocket 条目都不匹配（它们监听 ${ports.join('、')}）：NoneBot 的连接会被拒绝。`,
                )
              : t(
                  `${u.url}: Lagrange has no enabled ForwardWebSocket entry in this workspace, so nothing listens there for NoneBot.`,
                  `${u.url}：此工作区中的 Lagrange 没有启用的 ForwardWebSocket 条目，没有程序在那里等待 NoneBot 连接。`,
                ),
            related: forwards.map((f) => related(f.node.file, (f.fields['port'] ?? f.node).valueRange, implLabel(f))),
            fixes,
          });
          continue;
        }
        const impl = link.impl;
        const label = implLabel(impl);
        const need = impl.accessToken;
        const sends = nonebotToken(p);
        if (need && need !== sends) {
          const tok = impl.fields['accesstoken'];
          const s = p.accessToken;
          const origin = settingOrigin(s);
          const fixes = [
            secretFix(t("Use Lagrange's token in NoneBot's config", '在 NoneBot 配置中使用 Lagrange 的令牌'), [
              setEnvSetting(p, s?.name ?? 'ONEBOT_ACCESS_TOKEN', need, ctx.text, s),
            ], !sends),
            ...(sends ? [secretFix(t("Use NoneBot's token in appsettings.json", '在 appsettings.json 中使用 NoneBot 的令牌'), [replaceJsonValue(tok, JSON.stringify(sends))])] : []),
          ];
          const msg = sends
            ? t(
                `NoneBot dials ${u.url} with token ${masked(sends).en} (from ${origin.en}), but ${label.en} requires ${masked(need).en}: Lagrange answers 403.`,
                `NoneBot 使用令牌 ${masked(sends).zh}（来自 ${origin.zh}）连接 ${u.url}，但 ${label.zh} 要求 ${masked(need).zh}：Lagrange 会返回 403。`,
              )
            : t(
                `NoneBot dials ${u.url} without a token, but ${label.en} requires ${masked(need).en}: Lagrange answers 403. Set ONEBOT_ACCESS_TOKEN.`,
                `NoneBot 不带令牌连接 ${u.url}，但 ${label.zh} 要求 ${masked(need).zh}：Lagrange 会返回 403。请设置 ONEBOT_ACCESS_TOKEN。`,
              );
          ctx.report({ file: u.file, range: u.range, message: msg, related: [related(tok.file, tok.valueRange, t("Lagrange's AccessToken", 'Lagrange 的 AccessToken'))], fixes });
          ctx.report({
            file: tok.file,
            range: tok.valueRange,
            message: msg,
            related: [related(u.file, u.range, t("NoneBot's ONEBOT_WS_URLS entry", 'NoneBot 的 ONEBOT_WS_URLS 条目'))],
            fixes,
          });
        }
        const host = impl.host.trim();
        if (target && host && !isWildcardHost(host) && host !== target.host) {
          const hostNode = impl.fields['host'];
          ctx.report({
            file: u.file,
            range: u.range,
            message: t(
              `NoneBot dials host ${target.host}, but ${label.en} listens as "${host}": on Linux Lagrange's listener answers 404 unless the Host header is exactly "${host}". Dial ${host}, or set the ForwardWebSocket Host to "*".`,
              `NoneBot 连接主机 ${target.host}，但 ${label.zh} 以 "${host}" 监听：在 Linux 上，除非 Host 头恰好是 "${host}"，Lagrange 的监听器都会返回 404。请连接 ${host}，或将 ForwardWebSocket 的 Host 设为 "*"。`,
            ),
            related: hostNode ? [related(hostNode.file, hostNode.valueRange, t("Lagrange's ForwardWebSocket Host", 'Lagrange 的 ForwardWebSocket Host'))] : [],
            fixes: [
              fix(t(`Dial ${host}`, `连接 ${host}`), [{ file: u.file, range: u.range, newText: u.url.replace(target.host, host) }]),
              ...(hostNode ? [fix(t('Listen on "*" in Lagrange', '在 Lagrange 中监听 "*"'), [replaceJsonValue(hostNode, '"*"')])] : []),
            ],
          });
        }
      }
    }
  },
};
