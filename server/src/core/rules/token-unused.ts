import type { Rule } from './types';
import { masked, t } from '../l10n';
import { fix, secretFix, related, setEnvSetting } from './lib/edits';
import { assumedNote, misspeltTokenEntries } from './lib/sides';
import { WRONG_KEYS } from '../nonebot/keys';

export const rule: Rule = {
  code: 'token-unused',
  defaultSeverity: 'warning',
  scope: 'cross',
  title: t('Lagrange sends a token that NoneBot does not check', 'Lagrange 发送了令牌，但 NoneBot 不校验'),
  doc: {
    checks: "The ReverseWebSocket entry has a non-empty `AccessToken` while NoneBot's V11 adapter has no token (unset, empty, or set under a name NoneBot does not read, such as `ONE_BOT_ACCESS_TOKEN`).",
    why: 'NoneBot checks the token only when one is configured (`if access_token and access_token != token`); otherwise it accepts any handshake. The link works, but anyone who reaches the port can connect as your bot. The much-copied `ONE_BOT_ACCESS_TOKEN` is not a NoneBot key: it silently leaves auth off.',
    sources: ['nonebot-onebot.md §2.3, §5 ("ONE_BOT_ACCESS_TOKEN=s3cret → 101 with no Authorization"), §6'],
    example: '// appsettings.json\n"AccessToken": "s3cret"\n# .env\nONE_BOT_ACCESS_TOKEN=s3cret',
    fix: "Set `ONEBOT_ACCESS_TOKEN` in NoneBot's `.env` to the same value (the preferred quick fix).",
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws') continue;
      const lag = link.impl.accessToken;
      const nbValue = link.nonebot.accessToken?.value;
      if (!lag || (nbValue !== undefined && nbValue !== '')) continue;
      const tokNode = link.impl.fields['accesstoken'];
      const wrong = misspeltTokenEntries(link.nonebot);
      const setIt = secretFix(t("Set ONEBOT_ACCESS_TOKEN to Lagrange's token", '将 ONEBOT_ACCESS_TOKEN 设为 Lagrange 的令牌'), [
        setEnvSetting(link.nonebot, link.nonebot.accessToken?.name ?? 'ONEBOT_ACCESS_TOKEN', lag, ctx.text, link.nonebot.accessToken),
      ], true);
      const a = masked(lag);
      const hint = wrong.length
        ? t(
            ` ${wrong[0].key} is not a NoneBot key (did you mean ${WRONG_KEYS[wrong[0].key.toUpperCase()]}?).`,
            ` ${wrong[0].key} 不是 NoneBot 的配置项（是否应为 ${WRONG_KEYS[wrong[0].key.toUpperCase()]}？）。`,
          )
        : t('', '');
      const note = assumedNote(link);
      ctx.report({
        file: tokNode.file,
        range: tokNode.valueRange,
        message: t(
          `Lagrange sends AccessToken ${a.en}, but NoneBot checks no token: auth is off and anyone who reaches the port can connect as this bot.${hint.en}${note.en}`,
          `Lagrange 发送了 AccessToken ${a.zh}，但 NoneBot 不校验令牌：鉴权处于关闭状态，任何能访问该端口的人都能以此机器人身份连接。${hint.zh}${note.zh}`,
        ),
        related: wrong.map((w) => related(w.file, w.keyRange, t('not a NoneBot key: ignored', '不是 NoneBot 的配置项：被忽略'))),
        fixes: [setIt],
      });
      for (const w of wrong) {
        ctx.report({
          file: w.file,
          range: w.keyRange,
          message: t(
            `NoneBot does not read ${w.key}, so it checks no token while Lagrange sends ${a.en}: auth is off. The key is ${WRONG_KEYS[w.key.toUpperCase()]}.${note.en}`,
            `NoneBot 不读取 ${w.key}，因此在 Lagrange 发送 ${a.zh} 时不会校验令牌：鉴权处于关闭状态。正确的键名是 ${WRONG_KEYS[w.key.toUpperCase()]}。${note.zh}`,
          ),
          related: [related(tokNode.file, tokNode.valueRange, t("Lagrange's AccessToken", 'Lagrange 的 AccessToken'))],
          fixes: [
            fix(t(`Rename to ${WRONG_KEYS[w.key.toUpperCase()]}`, `重命名为 ${WRONG_KEYS[w.key.toUpperCase()]}`), [
              { file: w.file, range: w.keyRange, newText: WRONG_KEYS[w.key.toUpperCase()] },
            ], true),
          ],
        });
      }
    }
  },
};
