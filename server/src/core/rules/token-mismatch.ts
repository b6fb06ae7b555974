import type { Rule } from './types';
import { masked, t } from '../l10n';
import { secretFix, replaceJsonValue, setEnvSetting, related } from './lib/edits';
import { assumedNote, nonebotToken, settingOrigin } from './lib/sides';

export const rule: Rule = {
  code: 'token-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t("Lagrange's AccessToken differs from NoneBot's token", 'Lagrange 的 AccessToken 与 NoneBot 的令牌不一致'),
  doc: {
    checks: "A ReverseWebSocket or ForwardWebSocket entry's `AccessToken` and the NoneBot OneBot V11 adapter's effective token (`ONEBOT_V11_ACCESS_TOKEN`, else `ONEBOT_ACCESS_TOKEN`, after `.env` / `.env.{ENVIRONMENT}` resolution) are both set and differ.",
    why: 'Lagrange sends `Authorization: Bearer <AccessToken>`; NoneBot compares the bearer value exactly and rejects any difference with a bare HTTP 403 (empty body), which Lagrange logs only as "The server returned status code \'403\' when status code \'101\' was expected", the same as for a wrong path or a missing adapter.',
    sources: [
      'nonebot-onebot.md §2.3 (adapter-onebot `v11/adapter.py` `_check_access_token`, `utils.py` `get_auth_bearer`)',
      'lagrange-onebot.md §4 handshake headers (`Svc/ReverseWSService.cs` L93-104)',
      'LagrangeDev/Lagrange.Core#516',
    ],
    example: '// appsettings.json\n"AccessToken": "abc123"\n# .env.prod\nONEBOT_ACCESS_TOKEN=abc124',
    fix: 'Make both values equal. The quick fixes copy one side to the other, editing the file that defines the effective value.',
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws') continue;
      const lag = link.impl.accessToken;
      const nb = nonebotToken(link.nonebot);
      if (!lag || !nb || lag === nb) continue;
      const tokNode = link.impl.fields['accesstoken'];
      const setting = link.nonebot.accessToken!;
      const origin = settingOrigin(setting);
      const note = assumedNote(link);
      const toLagrange = secretFix(t("Use NoneBot's token in appsettings.json", '在 appsettings.json 中使用 NoneBot 的令牌'), [
        replaceJsonValue(tokNode, JSON.stringify(nb)),
      ]);
      const toNoneBot = secretFix(t("Use Lagrange's token in NoneBot's config", '在 NoneBot 配置中使用 Lagrange 的令牌'), [
        setEnvSetting(link.nonebot, setting.name, lag, ctx.text, setting),
      ]);
      const a = masked(lag);
      const b = masked(nb);
      ctx.report({
        file: tokNode.file,
        range: tokNode.valueRange,
        message: t(
          `AccessToken ${a.en} does not match NoneBot's ${setting.name} ${b.en} (from ${origin.en}): NoneBot rejects the handshake with a bare 403.${note.en}`,
          `AccessToken ${a.zh} 与 NoneBot 的 ${setting.name} ${b.zh}（来自 ${origin.zh}）不一致：NoneBot 会以空的 403 拒绝握手。${note.zh}`,
        ),
        related: setting.entry
          ? [related(setting.entry.file, setting.entry.valueRange, t(`NoneBot's token (${origin.en})`, `NoneBot 的令牌（${origin.zh}）`))]
          : [],
        fixes: [toLagrange, toNoneBot],
      });
      if (setting.entry) {
        ctx.report({
          file: setting.entry.file,
          range: setting.entry.valueRange,
          message: t(
            `${setting.name} ${b.en} does not match the AccessToken ${a.en} that Lagrange sends: NoneBot rejects the handshake with a bare 403.${note.en}`,
            `${setting.name} ${b.zh} 与 Lagrange 发送的 AccessToken ${a.zh} 不一致：NoneBot 会以空的 403 拒绝握手。${note.zh}`,
          ),
          related: [related(tokNode.file, tokNode.valueRange, t("Lagrange's AccessToken", 'Lagrange 的 AccessToken'))],
          fixes: [toNoneBot, toLagrange],
        });
      }
    }
  },
};
