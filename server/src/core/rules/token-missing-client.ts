import type { Rule } from './types';
import { masked, t } from '../l10n';
import { addJsonField, secretFix, related, replaceJsonValue } from './lib/edits';
import { assumedNote, implAnchor, implLabel, nonebotToken, settingOrigin } from './lib/sides';
import type { TextEdit } from '../model';

export const rule: Rule = {
  code: 'token-missing-client',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('NoneBot requires a token that Lagrange does not send', 'NoneBot 要求令牌，但 Lagrange 没有发送'),
  doc: {
    checks: "NoneBot's OneBot V11 adapter has a token configured while the ReverseWebSocket entry has no `AccessToken` key, or `\"AccessToken\": \"\"`.",
    why: 'Without the key Lagrange sends no `Authorization` header; with `""` it still sends the header, trimmed to a bare `Authorization: Bearer`. NoneBot then answers 403 ("Missing Authorization Header" / "Authorization Header is invalid", visible only in NoneBot\'s log). The V11 adapter does not read `?access_token=`.',
    sources: [
      'lagrange-onebot.md §4 (`AccessToken != null` → header; `WebHeaderCollection.Set` trims)',
      'nonebot-onebot.md §2.3 and §5 (observed 403 for no Authorization)',
      'tkgs0/Momoko#2, CMHopeSunshine/LittlePaimon#76',
    ],
    example: '// appsettings.json\n"AccessToken": ""\n# .env\nONEBOT_ACCESS_TOKEN=s3cret',
    fix: "Set Lagrange's `AccessToken` to NoneBot's token (the preferred quick fix), or remove the token from NoneBot if the port is only reachable locally.",
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws') continue;
      const nb = nonebotToken(link.nonebot);
      const lag = link.impl.accessToken;
      if (!nb || (lag !== null && lag !== '')) continue;
      const setting = link.nonebot.accessToken!;
      const origin = settingOrigin(setting);
      const tokNode = link.impl.fields['accesstoken'];
      const where = tokNode ? { file: tokNode.file, range: tokNode.valueRange } : implAnchor(link.impl);
      const edit: TextEdit | undefined = tokNode
        ? replaceJsonValue(tokNode, JSON.stringify(nb))
        : addJsonField(link.impl, 'AccessToken', JSON.stringify(nb), ctx.text);
      const fixes = edit ? [secretFix(t("Set AccessToken to NoneBot's token", '将 AccessToken 设为 NoneBot 的令牌'), [edit], true)] : [];
      const sends =
        lag === null
          ? t('has no AccessToken, so Lagrange sends no Authorization header', '没有 AccessToken，Lagrange 不会发送 Authorization 头')
          : t('has "AccessToken": "", so Lagrange sends a bare "Authorization: Bearer"', '的 "AccessToken" 为空，Lagrange 会发送空的 "Authorization: Bearer"');
      const label = implLabel(link.impl);
      const b = masked(nb);
      const note = assumedNote(link);
      ctx.report({
        file: where.file,
        range: where.range,
        message: t(
          `${label.en} ${sends.en}, but NoneBot requires ${setting.name} ${b.en} (from ${origin.en}): every handshake is rejected with 403.${note.en}`,
          `${label.zh} ${sends.zh}，但 NoneBot 要求 ${setting.name} ${b.zh}（来自 ${origin.zh}）：每次握手都会被 403 拒绝。${note.zh}`,
        ),
        related: setting.entry ? [related(setting.entry.file, setting.entry.valueRange, t("NoneBot's token", 'NoneBot 的令牌'))] : [],
        fixes,
      });
      if (setting.entry) {
        ctx.report({
          file: setting.entry.file,
          range: setting.entry.valueRange,
          message: t(
            `NoneBot requires this token, but ${label.en} in appsettings.json ${sends.en}: every handshake is rejected with 403.${note.en}`,
            `NoneBot 要求此令牌，但 appsettings.json 中的 ${label.zh} ${sends.zh}：每次握手都会被 403 拒绝。${note.zh}`,
          ),
          related: [related(where.file, where.range, t("Lagrange's entry", 'Lagrange 的连接条目'))],
          fixes,
        });
      }
    }
  },
};
