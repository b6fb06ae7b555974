import type { Rule } from './types';
import type { Fix, TextEdit } from '../model';
import { masked, t } from '../l10n';
import { addJsonField, fix, secretFix, related, replaceEnvValue, replaceJsonValue } from './lib/edits';
import { assumedNote, fromProcessEnvOnly, implAnchor, implLabel, nonebotSecretValue, processEnvNote, settingOrigin } from './lib/sides';

export const rule: Rule = {
  code: 'token-missing-client',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('NoneBot requires a token that Lagrange does not send', 'NoneBot 要求令牌，但 Lagrange 没有发送'),
  doc: {
    checks: "NoneBot's OneBot V11 adapter has a token configured while the ReverseWebSocket entry has no `AccessToken` key, or `\"AccessToken\": \"\"`.",
    why: 'Without the key Lagrange sends no `Authorization` header; with `""` it still sends the header, trimmed to a bare `Authorization: Bearer`. NoneBot then answers 403 ("Missing Authorization Header" / "Authorization Header is invalid", visible only in NoneBot\'s log). The V11 adapter does not read `?access_token=`.',
    sources: [
      'lagrange-onebot.md §4 (`ReverseWSService.cs` L93-104: `AccessToken != null` → header; `WebHeaderCollection.Set` trims)',
      'nonebot-onebot.md §2.3 and §5 (observed 403 for no Authorization), §10',
      'tkgs0/Momoko#2, CMHopeSunshine/LittlePaimon#76, Ailitonia/omega-miya#154',
    ],
    example: '// appsettings.json\n"AccessToken": ""\n# .env\nONEBOT_ACCESS_TOKEN=s3cret',
    fix: "Set Lagrange's `AccessToken` to NoneBot's token (the preferred quick fix), or empty NoneBot's token if the port is only reachable locally (auth off).",
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws') continue;
      const setting = link.nonebot.accessToken;
      const nb = nonebotSecretValue(setting);
      const lag = link.impl.accessToken;
      if (!setting || nb.value === '' || (lag !== null && lag !== '')) continue;
      const origin = settingOrigin(setting);
      const tokNode = link.impl.fields['accesstoken'];
      const where = tokNode ? { file: tokNode.file, range: tokNode.valueRange } : implAnchor(link.impl);
      const edit: TextEdit | undefined = tokNode
        ? replaceJsonValue(tokNode, JSON.stringify(nb.value))
        : addJsonField(link.impl, 'AccessToken', JSON.stringify(nb.value), ctx.text);
      const fixes: Fix[] = edit ? [secretFix(t("Set AccessToken to NoneBot's token", '将 AccessToken 设为 NoneBot 的令牌'), [edit], true)] : [];
      if (setting.entry && !fromProcessEnvOnly(setting))
        fixes.push(
          fix(t(`Empty ${setting.name} in NoneBot (turns auth off)`, `清空 NoneBot 的 ${setting.name}（关闭鉴权）`), [replaceEnvValue(setting.entry, '')]),
        );
      const sends =
        lag === null
          ? t('has no AccessToken, so Lagrange sends no Authorization header', '没有 AccessToken，Lagrange 不会发送 Authorization 头')
          : t('has "AccessToken": "", so Lagrange sends a bare "Authorization: Bearer"', '的 "AccessToken" 为空，Lagrange 会发送空的 "Authorization: Bearer"');
      const label = implLabel(link.impl);
      const b = masked(nb.value);
      const note = assumedNote(link);
      const envNote = processEnvNote(setting);
      ctx.report({
        file: where.file,
        range: where.range,
        message: t(
          `${label.en} ${sends.en}, but NoneBot requires ${setting.name} ${b.en} (from ${origin.en}): every handshake is rejected with 403. Set AccessToken to NoneBot's token.${nb.versionNote.en}${envNote.en}${note.en}`,
          `${label.zh} ${sends.zh}，但 NoneBot 要求 ${setting.name} ${b.zh}（来自 ${origin.zh}）：每次握手都会被 403 拒绝。请将 AccessToken 设为 NoneBot 的令牌。${nb.versionNote.zh}${envNote.zh}${note.zh}`,
        ),
        related: setting.entry ? [related(setting.entry.file, setting.entry.valueRange, t(`NoneBot's token (${origin.en})`, `NoneBot 的令牌（${origin.zh}）`))] : [],
        fixes,
      });
      if (setting.entry) {
        ctx.report({
          file: setting.entry.file,
          range: setting.entry.valueRange,
          message: t(
            `NoneBot requires this token, but Lagrange's ${label.en} ${sends.en}: every handshake is rejected with 403. Put the same token in Lagrange's AccessToken.${nb.versionNote.en}${note.en}`,
            `NoneBot 要求此令牌，但 Lagrange 的 ${label.zh} ${sends.zh}：每次握手都会被 403 拒绝。请在 Lagrange 的 AccessToken 中填写相同的令牌。${nb.versionNote.zh}${note.zh}`,
          ),
          related: [related(where.file, where.range, tokNode ? t("Lagrange's AccessToken", 'Lagrange 的 AccessToken') : t(`Lagrange's ${label.en}`, `Lagrange 的 ${label.zh}`))],
          fixes,
        });
      }
    }
  },
};
