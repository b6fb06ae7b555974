import type { Rule } from './types';
import { editImpl } from '../impl';
import type { EffectiveSetting, Localized, TextEdit } from '../model';
import { maskToken, maskTokenZh, t } from '../l10n';
import { secretFix, related, replaceEnvValue } from './lib/edits';

/** Python's `str()` of what `json.loads` returned for a JSON number. */
function pythonNumberText(raw: string, decoded: number): string {
  const s = raw.trim();
  if (/^-?\d+$/.test(s)) return BigInt(s).toString();
  if (Number.isNaN(decoded)) return 'nan';
  if (!Number.isFinite(decoded)) return decoded > 0 ? 'inf' : '-inf';
  // float repr: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16, else d.ddde±XX
  const [mant, expText] = decoded.toExponential().split('e');
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      out = `${int}.${frac || '0'}`;
    } else out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return neg ? `-${out}` : out;
}

/** Would NoneBot's json.loads turn this text into something other than the same string? */
function isJsonLiteral(v: string): boolean {
  const x = v.trim();
  if (/^(?:NaN|-?Infinity)$/.test(x)) return true;
  try {
    JSON.parse(x);
    return true;
  } catch {
    return false;
  }
}

/** What each NoneBot version makes of the token (docs/facts/nonebot.md#token-value-by-version). */
function outcome(s: EffectiveSetting): Localized {
  const v = (s.value ?? '').trim();
  if (s.decodedKind === 'number') {
    const py = pythonNumberText(v, s.decoded as number);
    const same = py === v;
    return t(
      `NoneBot 2.3 (pydantic 1) turns it back into ${same ? 'a string of the same digits' : `the string ${maskToken(py)}, not what you wrote`}; NoneBot 2.4.0–2.4.3 with pydantic 2 stop at startup ("Input should be a valid string"); 2.5 keeps the text as written`,
      `NoneBot 2.3（pydantic 1）会把它转成字符串${same ? '（数字不变）' : ` ${maskTokenZh(py)}，与 Lagrange 发送的不同`}；NoneBot 2.4.0–2.4.3 搭配 pydantic 2 会在启动时退出（"Input should be a valid string"）；2.5 保留原文`,
    );
  }
  if (s.decodedKind === 'boolean') {
    const py = s.decoded ? 'True' : 'False';
    return t(
      `NoneBot 2.3 turns it into "${py}" (Lagrange sends "${v}", so every handshake gets 403); 2.4.0–2.4.3 stop at startup; 2.5 keeps "${v}"`,
      `NoneBot 2.3 会把它变成 "${py}"（Lagrange 发送 "${v}"，每次握手都会得到 403）；2.4.0–2.4.3 会在启动时退出；2.5 保留 "${v}"`,
    );
  }
  if (s.decodedKind === 'string') {
    return t(
      `NoneBot 2.3–2.4.3 decode the JSON string and use ${maskToken(String(s.decoded))}; 2.5 uses the text as written, quotes included (${maskToken(v)}), so the same Lagrange token cannot match both`,
      `NoneBot 2.3–2.4.3 会解码 JSON 字符串，使用 ${maskTokenZh(String(s.decoded))}；2.5 使用原文（包括引号，${maskTokenZh(v)}），同一个 Lagrange 令牌无法同时匹配两者`,
    );
  }
  return t(
    'NoneBot 2.3–2.4 read it as no token at all (auth off: anyone can connect); 2.5 requires the literal text "null"',
    'NoneBot 2.3–2.4 会把它当作没有令牌（鉴权关闭：任何人都能连接）；2.5 则要求字面文本 "null"',
  );
}

export const rule: Rule = {
  code: 'env-numeric-token',
  defaultSeverity: 'warning',
  scope: 'nonebot',
  title: t('The token is decoded as JSON (a number, boolean, null or quoted string)', '令牌会被当作 JSON 解码（数字、布尔值、null 或带引号的字符串）'),
  doc: {
    checks:
      'The OneBot token NoneBot uses (`ONEBOT_V11_ACCESS_TOKEN`, else `ONEBOT_ACCESS_TOKEN`), once python-dotenv has removed its quotes, parses as JSON: a number, boolean or null (`123456`, `"123456"`, `true`, `null`, `1e3`), or a JSON string in quotes (`\'"s3cret"\'`).',
    why: "NoneBot JSON-decodes keys that are not core settings, so the token's fate depends on the version: NoneBot 2.3 with pydantic 1 coerces `123456` to '123456' but `1e3` to '1000.0', `true` to 'True' and `null` to no token (auth off); NoneBot 2.4.0–2.4.3 with pydantic 2 stop at startup (\"Input should be a valid string\"); 2.5 keeps the raw text. No quoting works everywhere: `=\"123456\"` loses its quotes in python-dotenv and is decoded anyway, and `='\"123456\"'` gives '123456' up to 2.4.3 but the literal '\"123456\"' (quotes included) on 2.5.",
    sources: [
      'docs/facts/nonebot.md#env-file-loading (step 6, custom keys) and docs/facts/nonebot.md#token-value-by-version',
      'nonebot2 `nonebot/config.py` (custom keys: json.loads), nonebot/nonebot2#3900, PR #2800, PR #3673',
      'ChenXu233/nonebot_plugin_dialectlist#29',
    ],
    example: '# .env\nONEBOT_ACCESS_TOKEN=123456',
    fix: 'Use a token that is not JSON: at least one letter, not `true`/`false`/`null`. The quick fix prefixes "tk" here and in the linked implementation token, which works on every NoneBot version.',
  },
  checkNoneBot(p, ctx) {
    const s = p.accessToken;
    if (!s?.entry || s.value === undefined || s.value.trim() === '') return;
    const jsonString = s.decodedKind === 'string' && typeof s.decoded === 'string' && s.decoded !== s.value;
    if (s.decodedKind !== 'number' && s.decodedKind !== 'boolean' && s.decodedKind !== 'null' && !jsonString) return;
    const links = ctx.model.links.filter((l) => l.nonebot === p && l.impl.tokenNode);
    // The token every version reads the same: not JSON at all.
    const base = jsonString ? (s.decoded as string) : s.value.trim();
    const newToken = isJsonLiteral(base) || base === '' ? `tk${base}` : base;
    const edits: TextEdit[] = [replaceEnvValue(s.entry, newToken)];
    for (const l of links) {
      const tok = l.impl.token;
      if (tok !== null && (tok.trim() === s.value.trim() || tok === base) && tok !== newToken)
        edits.push(...(editImpl(l.impl, 'token', newToken, ctx.text) ?? []));
    }
    const o = outcome(s);
    ctx.report({
      file: s.entry.file,
      range: s.entry.valueRange,
      message: jsonString
        ? t(
            `${s.entry.key} holds a JSON string in quotes: ${o.en}. Write the token without the extra quotes.`,
            `${s.entry.key} 的值是带引号的 JSON 字符串：${o.zh}。请去掉多余的引号。`,
          )
        : t(
            `NoneBot decodes ${s.entry.key} as JSON ${s.decodedKind}, not as text: ${o.en}. Quoting does not help on every version. Use a token with at least one letter, the same in Lagrange.`,
            `NoneBot 会把 ${s.entry.key} 当作 JSON ${s.decodedKind} 而不是文本解码：${o.zh}。加引号并不能在所有版本上解决。请使用至少包含一个字母的令牌，并在 Lagrange 中保持一致。`,
          ),
      related: links.map((l) =>
        related(l.impl.tokenNode!.file, l.impl.tokenNode!.valueRange, t(`${l.impl.label.en}: its token`, `${l.impl.label.zh}：其令牌`)),
      ),
      fixes: [
        secretFix(
          newToken.startsWith('tk') && newToken !== base
            ? t(
                `Prefix the token with "tk"${edits.length > 1 ? ' here and in the linked implementation token' : ''}`,
                `为令牌加上 "tk" 前缀${edits.length > 1 ? '（同时修改关联实现端的令牌）' : ''}`,
              )
            : t('Remove the JSON quotes from the token', '去掉令牌外层的 JSON 引号'),
          edits,
        ),
      ],
    });
  },
};
