import type { Rule } from './types';
import type { TextEdit } from '../model';
import { maskToken, maskTokenZh, t } from '../l10n';
import { secretFix, related, replaceEnvValue, replaceJsonValue } from './lib/edits';

export const rule: Rule = {
  code: 'env-numeric-token',
  defaultSeverity: 'warning',
  scope: 'nonebot',
  title: t('The token JSON-decodes to a number, boolean or null', '令牌会被 JSON 解码为数字、布尔值或 null'),
  doc: {
    checks: '`ONEBOT_ACCESS_TOKEN` / `ONEBOT_V11_ACCESS_TOKEN` (quoted or not) parses as JSON that is not a string: `123456`, `true`, `null`, `1e3`.',
    why: "NoneBot JSON-decodes extra keys, so the token's fate depends on the version: NoneBot 2.3 with pydantic 1 coerces `123456` to '123456' but `true` to 'True' and `null` to no token (auth off); NoneBot 2.4.0–2.4.3 with pydantic 2 crash at startup (\"Input should be a valid string\"); 2.5 keeps the raw text. Quoting does not help on every version (`=\"123456\"` is decoded too; `='\"123456\"'` keeps the quotes on 2.5).",
    sources: ['nonebot-onebot.md §8.6 and the "adapter token value by version" table', 'nonebot/nonebot2#3900, PR #2800; ChenXu233/nonebot_plugin_dialectlist#29'],
    example: '# .env\nONEBOT_ACCESS_TOKEN=123456',
    fix: 'Use a token with at least one letter on both sides; the quick fix prefixes "tk" in NoneBot and in the linked Lagrange entries.',
  },
  check(ctx) {
    for (const p of ctx.model.nonebot) {
      for (const name of ['ONEBOT_ACCESS_TOKEN', 'ONEBOT_V11_ACCESS_TOKEN']) {
        const s = p.settings[name];
        if (!s?.entry || s.value === undefined || s.value === '') continue;
        const kind = s.decodedKind;
        if (kind !== 'number' && kind !== 'boolean' && kind !== 'null') continue;
        const v = s.value.trim();
        const outcome =
          kind === 'number'
            ? t(
                `NoneBot 2.3 (pydantic 1) turns it into the string of the number (${String(Number(v)) === v ? 'the same digits' : `not the digits you wrote: ${maskToken(String(Number(v)))}`}); NoneBot 2.4.0–2.4.3 with pydantic 2 crash at startup ("Input should be a valid string"); 2.5 keeps the text as written`,
                `NoneBot 2.3（pydantic 1）会把它转成数字的字符串形式（${String(Number(v)) === v ? '数字相同' : `与所写内容不同：${maskTokenZh(String(Number(v)))}`}）；NoneBot 2.4.0–2.4.3 搭配 pydantic 2 会在启动时崩溃（"Input should be a valid string"）；2.5 保留原文`,
              )
            : kind === 'boolean'
              ? t(
                  `NoneBot 2.3 turns it into "${v === 'true' ? 'True' : 'False'}" (Lagrange sends "${v}", so the handshake fails); 2.4.0–2.4.3 crash at startup; 2.5 keeps "${v}"`,
                  `NoneBot 2.3 会把它变成 "${v === 'true' ? 'True' : 'False'}"（Lagrange 发送 "${v}"，握手失败）；2.4.0–2.4.3 启动时崩溃；2.5 保留 "${v}"`,
                )
              : t(
                  'NoneBot 2.3–2.4 read it as no token at all (auth off); 2.5 requires the literal text "null"',
                  'NoneBot 2.3–2.4 会把它当作没有令牌（鉴权关闭）；2.5 则要求字面文本 "null"',
                );
        const edits: TextEdit[] = [];
        const fixes = [];
        if (kind === 'number') {
          const newToken = `tk${s.value.replace(/^["']|["']$/g, '')}`;
          edits.push(replaceEnvValue(s.entry, newToken));
          for (const l of ctx.model.links) {
            const tok = l.impl.fields['accesstoken'];
            if (l.nonebot === p && tok && tok.value === s.value) edits.push(replaceJsonValue(tok, JSON.stringify(newToken)));
          }
          fixes.push(secretFix(t('Prefix the token with "tk" here and in the linked Lagrange entries', '在此处及关联的 Lagrange 条目中为令牌加上 "tk" 前缀'), edits));
        }
        ctx.report({
          file: s.entry.file,
          range: s.entry.valueRange,
          message: t(
            `${s.entry.key} is decoded as JSON ${kind}: ${outcome.en}. Use a token with at least one letter, the same in Lagrange.`,
            `${s.entry.key} 会被当作 JSON ${kind} 解码：${outcome.zh}。请使用至少包含一个字母的令牌，并在 Lagrange 中保持一致。`,
          ),
          related: ctx.model.links
            .filter((l) => l.nonebot === p && l.impl.fields['accesstoken'])
            .map((l) => related(l.impl.fields['accesstoken'].file, l.impl.fields['accesstoken'].valueRange, t("Lagrange's AccessToken", 'Lagrange 的 AccessToken'))),
          fixes,
        });
      }
    }
  },
};
