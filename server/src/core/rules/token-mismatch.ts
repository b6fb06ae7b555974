import * as path from 'node:path';
import type { Rule } from './types';
import type { Fix } from '../model';
import { masked, t } from '../l10n';
import { secretFix, replaceJsonValue, setEnvSetting, related } from './lib/edits';
import { assumedNote, fromProcessEnvOnly, implLabel, nonebotSecretValue, processEnvNote, settingOrigin } from './lib/sides';

export const rule: Rule = {
  code: 'token-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t("Lagrange's AccessToken differs from NoneBot's token", 'Lagrange 的 AccessToken 与 NoneBot 的令牌不一致'),
  doc: {
    checks: "A ReverseWebSocket entry's `AccessToken` and the NoneBot OneBot V11 adapter's effective token (`ONEBOT_V11_ACCESS_TOKEN`, else `ONEBOT_ACCESS_TOKEN`, after `.env` / `.env.{ENVIRONMENT}` / process-environment resolution and python-dotenv's unquoting) are both non-empty and differ. (ForwardWebSocket tokens: `forward-ws-mismatch`.)",
    why: 'Lagrange sends `Authorization: Bearer <AccessToken>`; NoneBot compares the bearer value exactly and rejects any difference with a bare HTTP 403 (empty body), which Lagrange logs only as "The server returned status code \'403\' when status code \'101\' was expected", the same as for a wrong path or a missing adapter. The comparison uses what NoneBot 2.5 ends up with: the text as written. NoneBot 2.3 JSON-decodes the value first (`\'"abc"\'` becomes `abc`, `true` becomes `True`, `null` turns auth off) and 2.4.0–2.4.3 crash on a numeric token; the message says so when it matters.',
    sources: [
      'nonebot-onebot.md §2.3 (adapter-onebot `nonebot/adapters/onebot/v11/adapter.py` `_check_access_token`, `utils.py` `get_auth_bearer`), §5, §8 (token value by version; nonebot/nonebot2#3900)',
      'lagrange-onebot.md §4 handshake headers (`Lagrange.OneBot/Core/Network/Service/ReverseWSService.cs` L93-104)',
      'LagrangeDev/Lagrange.Core#516',
    ],
    example: '// appsettings.json\n"AccessToken": "abc123"\n# .env.prod\nONEBOT_ACCESS_TOKEN=abc124',
    fix: 'Make both values equal. The quick fixes copy one side to the other, editing the file that defines the effective value (NoneBot: the winning `.env*` line).',
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws') continue;
      const lag = link.impl.accessToken;
      const setting = link.nonebot.accessToken;
      const nb = nonebotSecretValue(setting);
      if (!lag || !setting || nb.value === '' || lag === nb.value) continue;
      const tokNode = link.impl.fields['accesstoken'];
      if (!tokNode) continue;
      const origin = settingOrigin(setting);
      const note = assumedNote(link);
      const label = implLabel(link.impl);
      const oldWorks =
        nb.legacy !== undefined && nb.legacy === lag
          ? t(' NoneBot 2.3 would accept it (it JSON-decodes the value); NoneBot 2.5 does not.', 'NoneBot 2.3 会接受（它会先 JSON 解码该值）；NoneBot 2.5 不会。')
          : nb.versionNote;
      const envNote = processEnvNote(setting);
      const toLagrange = secretFix(t(`Use NoneBot's token in ${path.basename(tokNode.file)}`, `在 ${path.basename(tokNode.file)} 中使用 NoneBot 的令牌`), [
        replaceJsonValue(tokNode, JSON.stringify(nb.value)),
      ]);
      const toNoneBot: Fix | undefined = fromProcessEnvOnly(setting)
        ? undefined
        : secretFix(t("Use Lagrange's token in NoneBot's config", '在 NoneBot 配置中使用 Lagrange 的令牌'), [
            setEnvSetting(link.nonebot, setting.name, lag, ctx.text, setting),
          ]);
      const a = masked(lag);
      const b = masked(nb.value);
      ctx.report({
        file: tokNode.file,
        range: tokNode.valueRange,
        message: t(
          `${label.en}: AccessToken ${a.en} does not match NoneBot's ${setting.name} ${b.en} (from ${origin.en}): NoneBot rejects every handshake with a bare 403. Make the two tokens equal.${oldWorks.en}${envNote.en}${note.en}`,
          `${label.zh}：AccessToken ${a.zh} 与 NoneBot 的 ${setting.name} ${b.zh}（来自 ${origin.zh}）不一致：NoneBot 会以空的 403 拒绝每次握手。请让两边的令牌相同。${oldWorks.zh}${envNote.zh}${note.zh}`,
        ),
        related: setting.entry
          ? [related(setting.entry.file, setting.entry.valueRange, t(`NoneBot's token (${origin.en})`, `NoneBot 的令牌（${origin.zh}）`))]
          : [],
        fixes: toNoneBot ? [toLagrange, toNoneBot] : [toLagrange],
      });
      if (setting.entry) {
        ctx.report({
          file: setting.entry.file,
          range: setting.entry.valueRange,
          message: t(
            `${setting.name} ${b.en} does not match the AccessToken ${a.en} that Lagrange's ${label.en} sends: NoneBot rejects every handshake with a bare 403. Make the two tokens equal.${oldWorks.en}${note.en}`,
            `${setting.name} ${b.zh} 与 Lagrange 的 ${label.zh} 发送的 AccessToken ${a.zh} 不一致：NoneBot 会以空的 403 拒绝每次握手。请让两边的令牌相同。${oldWorks.zh}${note.zh}`,
          ),
          related: [related(tokNode.file, tokNode.valueRange, t(`Lagrange's AccessToken (${label.en})`, `Lagrange 的 AccessToken（${label.zh}）`))],
          fixes: toNoneBot ? [toNoneBot, toLagrange] : [toLagrange],
        });
      }
    }
  },
};
