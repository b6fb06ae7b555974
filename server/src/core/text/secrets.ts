/**
 * Everything the product shows about a secret goes through this module: tokens, URLs that may carry credentials,
 * HTTP headers, and text bound for a terminal.
 *
 * Policy: a token is shown as its length, plus its first 2 characters only when it has at least 12 (below that, 2
 * characters leave too few candidates: a 6-digit token with 2 digits shown has 10⁴). Never the whole token. Two
 * tokens that differ are told apart by how they differ (lengths, the first differing position, whitespace, letter
 * case, invisible characters), never by their characters.
 *
 * No imports from l10n (l10n re-exports from here), so the module stays a leaf.
 */
import type { Localized } from '../model';

/** Tokens shorter than this show no characters at all. */
const SHORT_TOKEN = 12;
/** Characters shown from a long token. */
const HEAD = 2;

function codePoints(s: string): string[] {
  return Array.from(s);
}

/** A token as it may be shown anywhere (English): `My… (13 chars)`, `… (6 chars)`, `(empty)`, `(none)`. */
export function maskToken(token: string | null | undefined): string {
  if (token === null || token === undefined) return '(none)';
  if (token.length === 0) return '(empty)';
  const cps = codePoints(token);
  const head = cps.length >= SHORT_TOKEN ? cps.slice(0, HEAD).join('') : '';
  return `${head}… (${cps.length} ${cps.length === 1 ? 'char' : 'chars'})`;
}

/** The same in Chinese: `My…（13 个字符）`. */
export function maskTokenZh(token: string | null | undefined): string {
  if (token === null || token === undefined) return '（无）';
  if (token.length === 0) return '（空）';
  const cps = codePoints(token);
  const head = cps.length >= SHORT_TOKEN ? cps.slice(0, HEAD).join('') : '';
  return `${head}…（${cps.length} 个字符）`;
}

/** Both masked forms, for a Localized message. */
export function masked(token: string | null | undefined): Localized {
  return { en: maskToken(token), zh: maskTokenZh(token) };
}

/** Text at `s[i…]` that is already a masked token (so masking twice changes nothing); its length, or 0. */
function maskedAt(s: string, i: number): number {
  const m = MASKED_AT.exec(s.slice(i, i + 40));
  return m ? m[0].length : 0;
}
const MASKED_AT = /^(?:[^\s…]{0,2}…(?: \(\d{1,9} chars?\)|（\d{1,9} 个字符）)|\((?:empty|none)\)|（[空无]）)/u;

/** Whether a whole string is a masked token. */
export function isMasked(s: string): boolean {
  return s.length > 0 && maskedAt(s, 0) === s.length;
}

// ---------------------------------------------------------------------------------------------------------------
// Names that look secret (query parameters, .env keys, headers)
// ---------------------------------------------------------------------------------------------------------------

const SECRET_PARTS = [
  'token',
  'secret',
  'key',
  'passw',
  'pwd',
  'auth',
  'sign',
  'credential',
  'session',
  'cookie',
  'jwt',
  'bearer',
  'ticket',
  'private',
  'salt',
  'nonce',
];
const SECRET_EXACT = new Set(['sig', 'sid', 'code', 'otp', 'pass', 'pin', 'psk', 'hmac', 'apikey']);

/** `access_token`, `ONEBOT_ACCESS_TOKEN`, `api-key`, `X-Signature`, `%74oken`, `pwd`, `sig`… */
export function hasSecretName(name: string): boolean {
  let n = name;
  if (n.includes('%')) {
    try {
      n = decodeURIComponent(n);
    } catch {
      // keep it as written
    }
  }
  n = n.toLowerCase();
  const bare = n.replace(/[^a-z0-9]/g, '');
  if (SECRET_EXACT.has(bare)) return true;
  return SECRET_PARTS.some((p) => bare.includes(p));
}

// ---------------------------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------------------------

/**
 * Characters that end the stretch where a userinfo's `@` may be: whitespace, quotes, angle brackets. Not `/`, `?` or
 * `#`: a password may hold them unencoded (`ws://bot:pa/ss@host`), and stopping there would show part of it.
 */
function endsUrl(c: number): boolean {
  // " ' ` < > and whitespace / control characters
  return c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c <= 32 || c === 0x7f || c === 0x3000;
}

/** Characters that end a query parameter's value. Few on purpose: stopping early would show the rest of a token. */
function endsValue(c: number): boolean {
  // & # " ' ` < > and whitespace / control characters
  return c === 38 || c === 35 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c <= 32 || c === 0x7f || c === 0x3000;
}

/** Characters of a query parameter's name. */
function inName(c: number): boolean {
  // A-Z a-z 0-9 _ - . % [ ] ~ + $
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 45 ||
    c === 46 ||
    c === 37 ||
    c === 91 ||
    c === 93 ||
    c === 126 ||
    c === 43 ||
    c === 36
  );
}

/**
 * Every URL inside a text, masked: userinfo (`ws://user:pass@host` → `ws://… (9 chars)@host`, the whole userinfo; also
 * `user:pass@host` without a scheme, as Lagrange's Host may be written) and the value of every query or fragment parameter whose name looks secret (`?access_token=…`, `&sign=…`,
 * `#token=…`). One left-to-right pass, no regular expression over the input: linear on any input. Masking twice
 * changes nothing.
 */
export function maskUrlsIn(text: string): string {
  return scan(text, false);
}

/**
 * One URL as it may be shown. As {@link maskUrlsIn}, and a URL written without a scheme (`user:pass@host:8080/x`,
 * as Lagrange's Host may be) has its userinfo masked too.
 */
export function maskUrl(url: string): string {
  return scan(url, true);
}

function scan(s: string, bareAuthority: boolean): string {
  const n = s.length;
  const out: string[] = [];
  let copied = 0;
  // The last `@` of the current stretch (see endsUrl), computed once per stretch: linear however many `://`.
  let stretchEnd = -1;
  let lastAt = -1;
  /** Masks `s[from, @)` as userinfo when the stretch from `from` has an `@`; returns where to go on. */
  const authority = (from: number): number => {
    if (from >= stretchEnd) {
      let j = from;
      lastAt = -1;
      while (j < n && !endsUrl(s.charCodeAt(j))) {
        if (s.charCodeAt(j) === 64) lastAt = j;
        j++;
      }
      stretchEnd = j;
    }
    if (lastAt > from) {
      out.push(s.slice(copied, from), maskToken(s.slice(from, lastAt)));
      copied = lastAt;
      return lastAt;
    }
    return from;
  };
  let i = 0;
  if (bareAuthority && !s.includes('://')) i = authority(0);
  while (i < n) {
    const c = s.charCodeAt(i);
    if ((i === 0 || endsUrl(s.charCodeAt(i - 1))) && !endsUrl(c)) {
      // A stretch that starts here: without a scheme but with `user:password@` (a Host written `bot:pw@127.0.0.1`),
      // everything before its last `@` is userinfo. Looked at once per stretch; the loop then walks it as usual.
      let j = i;
      let at = -1;
      let colon = -1;
      let scheme = false;
      while (j < n && !endsUrl(s.charCodeAt(j))) {
        const d = s.charCodeAt(j);
        if (d === 64) at = j;
        else if (d === 58) {
          if (colon < 0) colon = j;
          if (s.charCodeAt(j + 1) === 47 && s.charCodeAt(j + 2) === 47) scheme = true;
        }
        j++;
      }
      if (!scheme && at > i && colon >= 0 && colon < at) {
        out.push(s.slice(copied, i), maskToken(s.slice(i, at)));
        copied = at;
        i = at;
        continue;
      }
    }
    if (c === 58 && s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47) {
      i = authority(i + 3);
      continue;
    }
    if (c === 63 || c === 38 || c === 35 || c === 59) {
      // ? & # ; then a parameter name
      let k = i + 1;
      while (k < n && inName(s.charCodeAt(k))) k++;
      if (k === i + 1 || k >= n || s.charCodeAt(k) !== 61) {
        i = k === i + 1 ? i + 1 : k;
        continue;
      }
      const v = k + 1;
      if (!hasSecretName(s.slice(i + 1, k))) {
        i = v;
        continue;
      }
      const already = maskedAt(s, v);
      if (already) {
        i = v + already;
        continue;
      }
      let e = v;
      while (e < n && !endsValue(s.charCodeAt(e))) e++;
      if (e > v) {
        out.push(s.slice(copied, v), maskToken(s.slice(v, e)));
        copied = e;
      }
      i = e;
      continue;
    }
    i++;
  }
  if (copied === 0) return s;
  out.push(s.slice(copied));
  return out.join('');
}

// ---------------------------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------------------------

/** Headers shown as sent: none of them carries a secret in the OneBot handshakes. Everything else is masked. */
const SAFE_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'upgrade',
  'connection',
  'sec-websocket-version',
  'sec-websocket-key',
  'sec-websocket-accept',
  'sec-websocket-extensions',
  'user-agent',
  'x-self-id',
  'x-client-role',
  'x-impl',
  'x-onebot-version',
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'pragma',
  'date',
  'server',
]);

/** Headers that are URLs: shown with {@link maskUrl}. */
const URL_HEADERS: ReadonlySet<string> = new Set(['origin', 'referer', 'location']);
const AUTH_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization']);

/** One header value as it may be shown. `Authorization: Bearer x` keeps a known scheme: `Bearer … (1 char)`. */
function maskHeader(name: string, value: string | readonly string[] | number | undefined): string {
  const v = value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
  const key = name.trim().toLowerCase();
  if (SAFE_HEADERS.has(key)) return v;
  if (URL_HEADERS.has(key)) return maskUrl(v);
  if (isMasked(v)) return v;
  if (AUTH_HEADERS.has(key)) {
    // Only a known scheme is shown: a value without one may be the bare token, first word included.
    const m = /^(bearer|basic|digest|token|negotiate|ntlm|hoba|mutual)(?:( +)([\s\S]*))?$/i.exec(v);
    if (m) {
      const rest = m[3] ?? '';
      return isMasked(rest) ? v : `${m[1]} ${maskToken(rest)}`;
    }
  }
  return maskToken(v);
}

/** Headers as they may be shown: names as given, values masked unless the name is in {@link SAFE_HEADERS}. */
export function maskHeaders(headers: Readonly<Record<string, string | readonly string[] | number | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = maskHeader(k, v);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// A setting's value
// ---------------------------------------------------------------------------------------------------------------

/** A configuration value as it may be shown: masked as a token under a secret-looking key, else its URLs masked. */
export function maskSettingValue(key: string, value: string): string {
  return hasSecretName(key) ? maskToken(value) : maskUrlsIn(value);
}

export function maskSettingValueLocalized(key: string, value: string): Localized {
  return hasSecretName(key) ? masked(value) : { en: maskUrlsIn(value), zh: maskUrlsIn(value) };
}

// ---------------------------------------------------------------------------------------------------------------
// How two tokens differ, without showing them
// ---------------------------------------------------------------------------------------------------------------

const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

function isWs(c: string): boolean {
  return /^\s$/u.test(c);
}

function wsName(c: string, plural: boolean): Localized {
  const names: Record<string, [string, string, string]> = {
    ' ': ['space', 'spaces', '空格'],
    '\t': ['tab', 'tabs', '制表符'],
    '\n': ['newline', 'newlines', '换行符'],
    '\r': ['carriage return', 'carriage returns', '回车符'],
    '\u3000': ['full-width space', 'full-width spaces', '全角空格'],
    '\u00a0': ['no-break space', 'no-break spaces', '不间断空格'],
    '\ufeff': ['byte order mark', 'byte order marks', '字节顺序标记（BOM）'],
  };
  const hit = names[c];
  if (hit) return { en: plural ? hit[1] : hit[0], zh: hit[2] };
  const u = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return { en: `whitespace ${u}`, zh: `空白字符 ${u}` };
}

/** `a trailing newline`, `2 leading spaces`, `trailing whitespace (space, newline)`. */
function wsRun(run: string[], where: 'leading' | 'trailing'): Localized {
  const zhWhere = where === 'leading' ? '开头' : '末尾';
  const kinds = [...new Set(run)];
  if (kinds.length === 1) {
    const name = wsName(kinds[0], run.length > 1);
    const en = run.length === 1 ? `${/^[aeiou]/.test(name.en) ? 'an' : 'a'} ${where} ${name.en}` : `${run.length} ${where} ${name.en}`;
    return { en, zh: `${zhWhere}有 ${run.length} 个${name.zh}` };
  }
  const names = kinds.map((k) => wsName(k, false));
  return { en: `${where} whitespace (${names.map((x) => x.en).join(', ')})`, zh: `${zhWhere}有空白字符（${names.map((x) => x.zh).join('、')}）` };
}

function edges(cps: string[]): { lead: string[]; trail: string[]; core: string } {
  let a = 0;
  while (a < cps.length && isWs(cps[a])) a++;
  let b = cps.length;
  while (b > a && isWs(cps[b - 1])) b--;
  return { lead: cps.slice(0, a), trail: cps.slice(b), core: cps.slice(a, b).join('') };
}

function firstDifference(a: string[], b: string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

const FIRST: Localized = { en: 'the first', zh: '第一个' };
const SECOND: Localized = { en: 'the second', zh: '第二个' };

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * One sentence saying how two tokens differ, without any of their characters: which is absent or empty, a difference
 * only in surrounding whitespace (a trailing newline), only in letter case or in an invisible character (and where),
 * else the lengths and the first position (1-based, in characters) where they differ. `names` are the tokens'
 * owners in the sentence ("Lagrange's AccessToken"); default "the first" / "the second".
 */
export function describeDifference(
  a: string | null | undefined,
  b: string | null | undefined,
  names: { a: Localized; b: Localized } = { a: FIRST, b: SECOND },
): Localized {
  const A = names.a;
  const B = names.b;
  const na = a ?? null;
  const nb = b ?? null;
  if (na === nb) return { en: 'They are identical.', zh: '两者完全相同。' };
  const absent = (x: string | null): Localized => (x === null ? { en: 'absent', zh: '未设置' } : { en: 'empty', zh: '为空' });
  if (na === null || na === '' || nb === null || nb === '') {
    if ((na === null || na === '') && (nb === null || nb === '')) {
      return { en: `${cap(A.en)} is ${absent(na).en} and ${B.en} is ${absent(nb).en}.`, zh: `${A.zh}${absent(na).zh}，${B.zh}${absent(nb).zh}。` };
    }
    const [who, other, x, len] = na === null || na === '' ? [A, B, na, codePoints(nb!).length] : [B, A, nb, codePoints(na).length];
    return {
      en: `${cap(who.en)} is ${absent(x).en}; ${other.en} has ${len} character${len === 1 ? '' : 's'}.`,
      zh: `${who.zh}${absent(x).zh}；${other.zh}有 ${len} 个字符。`,
    };
  }
  const ca = codePoints(na);
  const cb = codePoints(nb);
  const ea = edges(ca);
  const eb = edges(cb);
  if (ea.core === eb.core) {
    const en: string[] = [];
    const zh: string[] = [];
    const side = (who: Localized, mine: string[], theirs: string[], where: 'leading' | 'trailing') => {
      if (mine.join('') === theirs.join('') || mine.length === 0) return;
      const r = wsRun(mine, where);
      en.push(`${who.en} has ${r.en}`);
      zh.push(`${who.zh}${r.zh}`);
    };
    side(A, ea.lead, eb.lead, 'leading');
    side(B, eb.lead, ea.lead, 'leading');
    side(A, ea.trail, eb.trail, 'trailing');
    side(B, eb.trail, ea.trail, 'trailing');
    return { en: `They differ only in surrounding whitespace: ${en.join('; ')}.`, zh: `两者仅在首尾空白处不同：${zh.join('；')}。` };
  }
  if (ca.length === cb.length && na.toLowerCase() === nb.toLowerCase() && na.toUpperCase() === nb.toUpperCase()) {
    const p = firstDifference(ca, cb) + 1;
    return { en: `They differ only in letter case, first at character ${p}.`, zh: `两者仅大小写不同，第一处在第 ${p} 个字符。` };
  }
  const strip = (cps: string[]) => cps.filter((c) => !INVISIBLE.test(c)).join('');
  if (strip(ca) === strip(cb)) {
    const [who, cps] = ca.length > cb.length ? [A, ca] : [B, cb];
    const at = cps.findIndex((c) => INVISIBLE.test(c));
    const u = `U+${cps[at].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      en: `${cap(who.en)} contains an invisible character (${u}) at character ${at + 1}.`,
      zh: `${who.zh}在第 ${at + 1} 个字符处含有不可见字符（${u}）。`,
    };
  }
  const p = firstDifference(ca, cb);
  if (ca.length === cb.length) {
    return {
      en: `Both have ${ca.length} characters; they first differ at character ${p + 1}.`,
      zh: `两者都是 ${ca.length} 个字符，第一处不同在第 ${p + 1} 个字符。`,
    };
  }
  const lengths = {
    en: `${cap(A.en)} has ${ca.length} character${ca.length === 1 ? '' : 's'}, ${B.en} has ${cb.length}`,
    zh: `${A.zh}有 ${ca.length} 个字符，${B.zh}有 ${cb.length} 个`,
  };
  if (p === Math.min(ca.length, cb.length)) {
    const [longer, shorter] = ca.length > cb.length ? [A, B] : [B, A];
    const more = Math.abs(ca.length - cb.length);
    return {
      en: `${lengths.en}: ${longer.en} is ${shorter.en} with ${more} more character${more === 1 ? '' : 's'} at the end.`,
      zh: `${lengths.zh}：${longer.zh}是在${shorter.zh}末尾多了 ${more} 个字符。`,
    };
  }
  return { en: `${lengths.en}; they first differ at character ${p + 1}.`, zh: `${lengths.zh}；第一处不同在第 ${p + 1} 个字符。` };
}

// ---------------------------------------------------------------------------------------------------------------
// Terminal output
// ---------------------------------------------------------------------------------------------------------------

/**
 * Text from the workspace as it may be written to a terminal line: C0/C1 control characters, DEL and the bidi
 * controls ("Trojan Source") are written as escapes (`\n`, `\x1b`, `\u202e`), so a file name with a newline or an
 * `.env` key with ESC cannot forge lines or colours. Backslashes stay as they are (Windows paths).
 */
export function escapeForTerminal(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const bad = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x2028 || c === 0x2029;
    if (!bad) continue;
    out += s.slice(from, i) + escapeOne(c);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

function escapeOne(c: number): string {
  if (c === 10) return '\\n';
  if (c === 13) return '\\r';
  if (c === 9) return '\\t';
  if (c <= 0xff) return `\\x${c.toString(16).padStart(2, '0')}`;
  return `\\u${c.toString(16).padStart(4, '0')}`;
}
