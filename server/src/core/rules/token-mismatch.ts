import * as path from 'node:path';
import type { Rule } from './types';
import type { Fix } from '../model';
import { t } from '../l10n';
import { secretFix, setEnvSetting } from './lib/edits';
import { describeTokens, fromProcessEnvOnly, nonebotSecretValue, processEnvNote, settingOrigin } from './lib/sides';
import { implFieldLoc, implFix, implName, reportBoth } from './lib/link';

export const rule: Rule = {
  code: 'token-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t("The implementation's token differs from NoneBot's token", '实现端的令牌与 NoneBot 的令牌不一致'),
  doc: {
    checks:
      "A ReverseWebSocket entry's `AccessToken` and the NoneBot OneBot V11 adapter's effective token (`ONEBOT_V11_ACCESS_TOKEN`, else `ONEBOT_ACCESS_TOKEN`, after `.env` / `.env.{ENVIRONMENT}` / process-environment resolution and python-dotenv's unquoting) are both non-empty and differ. (ForwardWebSocket tokens: `forward-ws-mismatch`.)",
    why: "Lagrange sends `Authorization: Bearer <AccessToken>`; NoneBot compares the bearer value exactly and rejects any difference with a bare HTTP 403 (empty body), which Lagrange logs only as \"The server returned status code '403' when status code '101' was expected\", the same as for a wrong path or a missing adapter. The comparison uses what NoneBot 2.5 ends up with: the text as written. NoneBot 2.3 JSON-decodes the value first (`'\"abc\"'` becomes `abc`, `true` becomes `True`, `null` turns auth off) and 2.4.0–2.4.3 crash on a numeric token; the message says so when it matters.",
    sources: [
      'docs/facts/nonebot.md#handshake-checks (adapter-onebot `nonebot/adapters/onebot/v11/adapter.py` `_check_access_token`, `utils.py` `get_auth_bearer`), docs/facts/nonebot.md#observed-handshake-results, docs/facts/nonebot.md#token-value-by-version (nonebot/nonebot2#3900)',
      'docs/facts/lagrange.md#handshake-headers (`Lagrange.OneBot/Core/Network/Service/ReverseWSService.cs` L93-104)',
      'LagrangeDev/Lagrange.Core#516',
    ],
    example: '// appsettings.json\n"AccessToken": "abc123"\n# .env.prod\nONEBOT_ACCESS_TOKEN=abc124',
    fix: 'Make both values equal. The quick fixes copy one side to the other, editing the file that defines the effective value (NoneBot: the winning `.env*` line).',
  },
  checkLink(link, ctx) {
    if (link.kind !== 'reverse-ws' || link.framework !== 'nonebot') return; // Koishi never checks it: token-unused
    const ep = link.impl;
    const sent = ep.token;
    const setting = link.nonebot.accessToken;
    const nb = nonebotSecretValue(setting);
    if (!sent || !setting || nb.value === '' || sent === nb.value) return;
    const implAt = implFieldLoc(ep, 'token');
    const origin = settingOrigin(setting);
    const name = implName(ep);
    const oldWorks =
      nb.legacy !== undefined && nb.legacy === sent
        ? t(' NoneBot 2.3 would accept it (it JSON-decodes the value); NoneBot 2.5 does not.', 'NoneBot 2.3 会接受（它会先 JSON 解码该值）；NoneBot 2.5 不会。')
        : nb.versionNote;
    const envNote = processEnvNote(setting);
    const toImpl = implFix(
      ep,
      'token',
      nb.value,
      t(`Use NoneBot's token in ${path.basename(implAt.file)}`, `在 ${path.basename(implAt.file)} 中使用 NoneBot 的令牌`),
      ctx.text,
      { sensitive: true },
    );
    const toNoneBot: Fix | undefined = fromProcessEnvOnly(setting)
      ? undefined
      : secretFix(t(`Use ${name}'s token in NoneBot's config`, `在 NoneBot 配置中使用 ${name} 的令牌`), [
          setEnvSetting(link.nonebot, setting.name, sent, ctx.text, setting),
        ]);
    const diff = describeTokens(sent, nb.value);
    const fixes = [toImpl, toNoneBot].filter((f): f is Fix => f !== undefined);
    reportBoth(ctx, link, {
      impl: {
        at: implAt,
        label: t(`${name}'s token (${ep.label.en})`, `${name} 的令牌（${ep.label.zh}）`),
        message: t(
          `${ep.label.en}: its token ${diff.a.en} does not match NoneBot's ${setting.name} ${diff.b.en} (from ${origin.en}): ${diff.how.en}NoneBot rejects every handshake with a bare 403. Make the two tokens equal.${oldWorks.en}${envNote.en}`,
          `${ep.label.zh}：其令牌 ${diff.a.zh} 与 NoneBot 的 ${setting.name} ${diff.b.zh}（来自 ${origin.zh}）不一致：${diff.how.zh}NoneBot 会以空的 403 拒绝每次握手。请让两边的令牌相同。${oldWorks.zh}${envNote.zh}`,
        ),
      },
      fw: setting.entry && {
        at: { file: setting.entry.file, range: setting.entry.valueRange },
        label: t(`NoneBot's token (${origin.en})`, `NoneBot 的令牌（${origin.zh}）`),
        message: t(
          `${setting.name} ${diff.b.en} does not match the token ${diff.a.en} that ${ep.label.en} sends: ${diff.how.en}NoneBot rejects every handshake with a bare 403. Make the two tokens equal.${oldWorks.en}`,
          `${setting.name} ${diff.b.zh} 与 ${ep.label.zh} 发送的令牌 ${diff.a.zh} 不一致：${diff.how.zh}NoneBot 会以空的 403 拒绝每次握手。请让两边的令牌相同。${oldWorks.zh}`,
        ),
      },
      fixes,
    });
  },
};
