import * as path from 'node:path';
import type { EnvEntry, EnvFile, ReadProblem } from '../model';
import { LineIndex } from '../text/lineIndex';
import { maskSettingValueLocalized } from '../text/secrets';
import { t } from '../l10n';

/**
 * A port of python-dotenv's parser (`src/dotenv/parser.py`) and of the `${VAR}` expansion `dotenv_values` applies
 * (`main.py` resolve_variables, `variables.py`), keeping the source position of every key and value.
 *
 * NoneBot reads each file with `dotenv_values(path, encoding="utf-8")` (nonebot2 `nonebot/config.py`,
 * DotEnvSettingsSource._read_env_file): interpolation on, file values before the process environment, one call per
 * file (so `${VAR}` in `.env.prod` sees the process environment, never the values of `.env`).
 *
 * The grammar is that of the newest python-dotenv (NoneBot accepts python-dotenv >=0.21,<2, so a fresh install gets
 * the newest). Where older releases read a line differently, the line is parsed the new way and a problem says how
 * older releases read it:
 * - 1.2.3 (#640) strips a leading BOM; before, it became part of the first key.
 * - 1.2.3 (#680) lets a backslash escape any character inside quotes; before, only `\'` / `\"` paired, so a value
 *   ending in `\\` ran on to the next quote.
 * - 1.2.4 (#663) reads `KEY=  # comment` as empty; before, the value was `# comment`.
 *
 * Runs in linear time: every scan that could run to the end of the file for each line (unclosed quotes, `${` without
 * `}`) is answered from a cache of the previous scan.
 */

/** Python's `str.isspace()` / `\s` for str patterns (JavaScript's `\s` differs: it includes U+FEFF). */
function isPyWs(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    (c >= 0x1c && c <= 0x20) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** `[^\S\r\n]`: whitespace other than CR and LF. */
function isPyWsNoNl(c: number): boolean {
  return c !== 10 && c !== 13 && isPyWs(c);
}

const BACKSLASH = 92;
const CR = 13;
const LF = 10;

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  '\\\\': '\\',
  "\\'": "'",
  '\\"': '"',
  '\\a': '\x07',
  '\\b': '\b',
  '\\f': '\f',
  '\\n': '\n',
  '\\r': '\r',
  '\\t': '\t',
  '\\v': '\v',
};

/** Answers "first index >= from satisfying p" for non-decreasing `from`, in amortised linear time. */
class Finder {
  private from = -1;
  private result = -1;
  constructor(private readonly scan: (from: number) => number) {}
  find(from: number): number {
    if (this.from >= 0 && from >= this.from && (this.result < 0 || from <= this.result)) return this.result;
    this.from = from;
    this.result = this.scan(from);
    return this.result;
  }
}

interface QuotedScan {
  /** Index of the closing quote, or -1 when the value does not close. */
  close: number;
}

class Scanner {
  pos = 0;
  private readonly newFailFrom: Record<string, number> = { "'": Infinity, '"': Infinity };
  private readonly plainQuote: Record<string, Finder>;
  private readonly lastQuote: Record<string, number>;
  private readonly nextQuoteChar: Record<string, Finder>;

  constructor(readonly text: string) {
    const plain = (q: string) =>
      new Finder((from) => {
        for (let k = text.indexOf(q, from); k >= 0; k = text.indexOf(q, k + 1)) {
          if (text.charCodeAt(k - 1) !== BACKSLASH) return k;
        }
        return -1;
      });
    this.plainQuote = { "'": plain("'"), '"': plain('"') };
    this.lastQuote = { "'": text.lastIndexOf("'"), '"': text.lastIndexOf('"') };
    this.nextQuoteChar = { "'": new Finder((from) => text.indexOf("'", from)) };
  }

  get length(): number {
    return this.text.length;
  }

  code(i: number): number {
    return this.text.charCodeAt(i);
  }

  /**
   * python-dotenv >= 1.2.3: `'((?:\\[\s\S]|[^'\\])*)'` (and the same with `"`): a backslash escapes the next
   * character. `start` is the index just after the opening quote.
   */
  quotedNew(q: string, start: number): QuotedScan {
    // A scan that ran off the end from an earlier start fails from any later start too: a later start follows an
    // opening quote (not a backslash), so it sees the same escape pairs.
    if (start >= this.newFailFrom[q]) return { close: -1 };
    const qc = q.charCodeAt(0);
    const n = this.text.length;
    let i = start;
    while (i < n) {
      const c = this.text.charCodeAt(i);
      if (c === BACKSLASH) {
        if (i + 1 >= n) break;
        i += 2;
      } else if (c === qc) {
        return { close: i };
      } else i++;
    }
    this.newFailFrom[q] = Math.min(this.newFailFrom[q], start);
    return { close: -1 };
  }

  /**
   * python-dotenv < 1.2.3: `'((?:\\'|[^'])*)'`. Greedy: the value ends at the first quote not preceded by a
   * backslash; when there is none, backtracking ends it at the last escaped quote of the file.
   */
  quotedOld(q: string, start: number): QuotedScan {
    const k = this.plainQuote[q].find(start);
    if (k >= 0) return { close: k };
    const last = this.lastQuote[q];
    return { close: last >= start ? last : -1 };
  }

  /** `'([^']+)'` for a quoted key, starting at the opening quote. */
  singleQuotedKeyClose(open: number): number {
    const k = this.nextQuoteChar["'"].find(open + 1);
    return k > open + 1 ? k : -1;
  }
}

class ParseError extends Error {}

interface Binding {
  start: number;
  key?: string;
  keyStart: number;
  keyEnd: number;
  value?: string;
  valueStart: number;
  valueEnd: number;
  quote: '' | '"' | "'";
  exported: boolean;
  /** Older python-dotenv releases read this binding differently. */
  legacy?: 'comment-value' | 'backslash-quote';
  legacyOldValue?: string;
}

function lineEnd(s: Scanner, from: number): number {
  let i = from;
  while (i < s.length) {
    const c = s.code(i);
    if (c === LF || c === CR) break;
    i++;
  }
  return i;
}

function skip(s: Scanner, pred: (c: number) => boolean): void {
  while (s.pos < s.length && pred(s.code(s.pos))) s.pos++;
}

/** parse_binding: throws ParseError where python-dotenv's read_regex fails. */
function parseBinding(s: Scanner, b: Binding): void {
  const text = s.text;
  // _export: (?:export[^\S\r\n]+)?
  if (text.startsWith('export', s.pos) && s.pos + 6 < s.length && isPyWsNoNl(s.code(s.pos + 6))) {
    s.pos += 6;
    skip(s, isPyWsNoNl);
    b.exported = true;
  }
  // parse_key
  const c = text.charAt(s.pos);
  if (c === '#') {
    b.key = undefined;
  } else if (c === "'") {
    const close = s.singleQuotedKeyClose(s.pos);
    if (close < 0) throw new ParseError();
    b.keyStart = s.pos + 1;
    b.keyEnd = close;
    b.key = text.slice(b.keyStart, b.keyEnd);
    s.pos = close + 1;
  } else {
    const start = s.pos;
    while (s.pos < s.length) {
      const k = s.code(s.pos);
      if (k === 61 /* = */ || k === 35 /* # */ || isPyWs(k)) break;
      s.pos++;
    }
    if (s.pos === start) throw new ParseError();
    b.keyStart = start;
    b.keyEnd = s.pos;
    b.key = text.slice(start, s.pos);
  }
  b.valueStart = b.valueEnd = s.pos;
  skip(s, isPyWsNoNl);
  if (text.charAt(s.pos) === '=') {
    const eq = s.pos;
    s.pos++;
    skip(s, isPyWsNoNl);
    parseValue(s, b, eq);
  } else {
    b.value = undefined;
  }
  // _comment: (?:[^\S\r\n]*#[^\r\n]*)?
  const before = s.pos;
  skip(s, isPyWsNoNl);
  if (text.charAt(s.pos) === '#') s.pos = lineEnd(s, s.pos);
  else s.pos = before;
  // _end_of_line: [^\S\r\n]*(?:\r\n|\n|\r|$)
  skip(s, isPyWsNoNl);
  if (s.pos >= s.length) return;
  if (text.startsWith('\r\n', s.pos)) s.pos += 2;
  else if (s.code(s.pos) === LF || s.code(s.pos) === CR) s.pos++;
  else throw new ParseError();
}

function parseValue(s: Scanner, b: Binding, eq: number): void {
  const text = s.text;
  const precededByWhitespace = s.pos - eq > 1;
  const c = text.charAt(s.pos);
  if (c === "'" || c === '"') {
    const open = s.pos;
    const scan = s.quotedNew(c, open + 1);
    const old = s.quotedOld(c, open + 1);
    if (scan.close !== old.close) {
      b.legacy = 'backslash-quote';
      b.legacyOldValue = old.close >= 0 ? text.slice(open + 1, old.close) : undefined;
    }
    if (scan.close < 0) throw new ParseError();
    const inner = text.slice(open + 1, scan.close);
    b.quote = c;
    b.value = c === "'" ? inner.replace(/\\[\\']/g, (e) => e[1]) : inner.replace(/\\[\\'"abfnrtv]/g, (e) => DOUBLE_QUOTE_ESCAPES[e]);
    b.valueStart = open;
    b.valueEnd = scan.close + 1;
    s.pos = scan.close + 1;
    return;
  }
  if (c === '' || c === '\n' || c === '\r') {
    b.value = '';
    b.valueStart = b.valueEnd = eq + 1;
    return;
  }
  // parse_unquoted_value: [^\r\n]*, then re.sub(r"\s+#.*", "", part).rstrip()
  const start = s.pos;
  const end = lineEnd(s, start);
  s.pos = end;
  if (precededByWhitespace && c === '#') {
    // python-dotenv >= 1.2.4: `KEY=  # comment` is empty. Before, the value was the comment text.
    b.value = '';
    b.valueStart = b.valueEnd = eq + 1;
    b.legacy = 'comment-value';
    b.legacyOldValue = stripUnquoted(text, start, end).text;
    return;
  }
  const v = stripUnquoted(text, start, end);
  b.value = v.text;
  b.valueStart = start;
  b.valueEnd = start + v.text.length;
}

/** `re.sub(r"\s+#.*", "", part).rstrip()` on text[start, end). */
function stripUnquoted(text: string, start: number, end: number): { text: string } {
  let cut = end;
  // Only within this line: an indexOf would run on to the end of the file for every line without a '#'.
  for (let i = start + 1; i < end; i++) {
    if (text.charCodeAt(i) === 35 /* # */ && isPyWs(text.charCodeAt(i - 1))) {
      let j = i - 1;
      while (j > start && isPyWs(text.charCodeAt(j - 1))) j--;
      cut = j;
      break;
    }
  }
  while (cut > start && isPyWs(text.charCodeAt(cut - 1))) cut--;
  return { text: text.slice(start, cut) };
}

/** `${NAME}` / `${NAME:-default}` (python-dotenv variables.py `_posix_variable`), expanded as resolve_variables does. */
function interpolate(value: string, lookup: (name: string) => string | undefined | null): string {
  if (!value.includes('${')) return value;
  const nextClose = new Finder((from) => value.indexOf('}', from));
  const nextColon = new Finder((from) => value.indexOf(':', from));
  let out = '';
  let cursor = 0;
  let i = value.indexOf('${');
  while (i >= 0) {
    const a = i + 2;
    const close = nextClose.find(a);
    const colon = nextColon.find(a);
    let end = -1;
    let name = '';
    let dflt: string | undefined;
    if (close >= 0 && (colon < 0 || close < colon)) {
      end = close + 1;
      name = value.slice(a, close);
    } else if (colon >= 0 && value.charAt(colon + 1) === '-') {
      const c2 = nextClose.find(colon + 2);
      if (c2 >= 0) {
        end = c2 + 1;
        name = value.slice(a, colon);
        dflt = value.slice(colon + 2, c2);
      }
    }
    if (end < 0) {
      i = value.indexOf('${', i + 1);
      continue;
    }
    out += value.slice(cursor, i);
    const got = lookup(name);
    out += got === undefined ? (dflt ?? '') : (got ?? '');
    cursor = end;
    i = value.indexOf('${', end);
  }
  return out + value.slice(cursor);
}

/**
 * Parses one .env file as python-dotenv's `dotenv_values` does, with the position of every key and value.
 * `name` is the file's base name. `processEnv` is what `${VAR}` falls back to after the earlier values of this file
 * (NoneBot's process environment is unknown to a static reader: empty by default).
 * Never throws; a file with NUL bytes yields no entries and one problem.
 */
export function parseDotenv(text: string, file: string, processEnv: Record<string, string | undefined> = {}): EnvFile {
  const name = path.basename(file);
  const problems: ReadProblem[] = [];
  const entries: EnvEntry[] = [];
  const idx = new LineIndex(text);
  if (text.includes('\u0000')) {
    problems.push({
      file,
      range: idx.range(0, 0),
      message: t(
        `${name} is not a text file (it contains NUL bytes): NoneBot cannot use it as a .env file, and if it is not valid UTF-8 NoneBot stops at startup with UnicodeDecodeError.`,
        `${name} 不是文本文件（含有 NUL 字节）：NoneBot 无法把它当作 .env 文件使用；若它不是有效的 UTF-8，NoneBot 会在启动时因 UnicodeDecodeError 退出。`,
      ),
    });
    return { file, name, entries, problems };
  }
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    const line = idx.position(bad).line;
    problems.push({
      file,
      range: idx.range(bad, bad + 1),
      message: t(
        `${name} is not valid UTF-8 (line ${line + 1}); it was probably saved as GBK/ANSI. NoneBot reads .env files as UTF-8 and stops at startup with UnicodeDecodeError. Save the file as UTF-8.`,
        `${name} 不是有效的 UTF-8（第 ${line + 1} 行），可能以 GBK/ANSI 保存。NoneBot 以 UTF-8 读取 .env 文件，会在启动时因 UnicodeDecodeError 退出。请将文件另存为 UTF-8。`,
      ),
    });
  }
  const s = new Scanner(text);
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) s.pos = 1;

  // resolve_variables(override=True): earlier values of this file first, then the process environment.
  const values = new Map<string, string | undefined>();
  const lookup = (varName: string): string | undefined | null => {
    if (values.has(varName)) return values.get(varName) ?? null;
    const v = Object.hasOwn(processEnv, varName) ? processEnv[varName] : undefined;
    return v;
  };

  let sawBinding = false;
  while (s.pos < s.length) {
    skip(s, isPyWs); // _multiline_whitespace
    if (s.pos >= s.length) break;
    const b: Binding = { start: s.pos, keyStart: s.pos, keyEnd: s.pos, valueStart: s.pos, valueEnd: s.pos, quote: '', exported: false };
    try {
      parseBinding(s, b);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      // _rest_of_line from where the failing read stopped
      const end = lineEnd(s, s.pos);
      s.pos = end;
      if (text.startsWith('\r\n', s.pos)) s.pos += 2;
      else if (s.pos < s.length) s.pos++;
      const line = idx.position(b.start).line;
      const backslash = b.legacy === 'backslash-quote';
      problems.push({
        file,
        range: idx.range(b.start, Math.max(b.start, end)),
        message: backslash
          ? t(
              `python-dotenv 1.2.3 and later cannot parse the statement at line ${line + 1} (a quoted value that does not close) and NoneBot ignores it; older releases read it differently. Close the quotes; a backslash escapes the character after it.`,
              `python-dotenv 1.2.3 及以后版本无法解析第 ${line + 1} 行的语句（引号未闭合），NoneBot 会忽略它；更早的版本读法不同。请闭合引号；反斜杠会转义其后的一个字符。`,
            )
          : t(
              `python-dotenv could not parse the statement at line ${line + 1}: NoneBot ignores it and the setting keeps its default. Write KEY=VALUE; quote values that hold spaces, quotes or " #", and put nothing after a closing quote but a comment.`,
              `python-dotenv 无法解析第 ${line + 1} 行的语句：NoneBot 会忽略它，该设置保持默认值。请写成 KEY=VALUE；含空格、引号或 " #" 的值请加引号，闭合引号后只能跟注释。`,
            ),
      });
      continue;
    }
    if (b.key === undefined) continue;
    const firstBinding = entries.length === 0 && !sawBinding;
    sawBinding = true;
    const value = b.value === undefined ? undefined : interpolate(b.value, lookup);
    values.set(b.key, value);
    const valueRange = idx.range(b.valueStart, b.valueEnd);
    const q = b.quote ? 1 : 0;
    const entry: EnvEntry = {
      file,
      line: idx.position(b.keyStart).line,
      key: b.key,
      keyRange: idx.range(b.keyStart, b.keyEnd),
      value,
      raw: text.slice(b.valueStart, b.valueEnd),
      valueRange,
      innerRange: q ? idx.range(b.valueStart + 1, b.valueEnd - 1) : valueRange,
      quote: b.quote,
      exported: b.exported,
    };
    entries.push(entry);
    if (b.legacy === 'comment-value') {
      const old = maskSettingValueLocalized(b.key, b.legacyOldValue ?? '');
      problems.push({
        file,
        range: idx.range(b.valueStart, lineEnd(s, b.valueStart)),
        message: t(
          `${b.key} is empty for python-dotenv 1.2.4 and later, but older releases (still common with NoneBot) read the comment as its value: "${clip(old.en)}". Put the comment on its own line, or write ${b.key}= with nothing after it.`,
          `python-dotenv 1.2.4 及以后版本把 ${b.key} 读作空值，但更早的版本（NoneBot 环境中仍很常见）会把注释当作它的值："${clip(old.zh)}"。请把注释放到单独一行，或写成 ${b.key}= 且后面不跟任何内容。`,
        ),
      });
    } else if (b.legacy === 'backslash-quote') {
      problems.push({
        file,
        range: valueRange,
        message: t(
          `A backslash right before a quote in ${b.key}: python-dotenv 1.2.3 and later end the value at this closing quote, older releases take "\\${b.quote}" as an escaped quote and read ${b.legacyOldValue === undefined ? 'no value (the statement is skipped)' : 'on to a later quote'}. Avoid a trailing backslash in quoted values.`,
          `${b.key} 的值中引号前有反斜杠：python-dotenv 1.2.3 及以后版本在此闭合引号处结束取值，更早的版本把 "\\${b.quote}" 当作转义的引号，${b.legacyOldValue === undefined ? '读不到值（整条语句被跳过）' : '会一直读到后面的某个引号'}。请避免在带引号的值末尾使用反斜杠。`,
        ),
      });
    }
    if (bom && firstBinding && idx.position(b.start).line === 0) {
      problems.push({
        file,
        range: entry.keyRange,
        message: t(
          `${name} starts with a byte order mark (BOM). python-dotenv 1.2.3 and later ignore it, but older releases (still common with NoneBot) read the first key as "\\ufeff${b.key}", so ${b.key} is silently ignored. Save the file as UTF-8 without BOM.`,
          `${name} 以字节顺序标记（BOM）开头。python-dotenv 1.2.3 及以后版本会忽略它，但更早的版本（NoneBot 环境中仍很常见）会把第一个键读作 "\\ufeff${b.key}"，于是 ${b.key} 被静默忽略。请以无 BOM 的 UTF-8 保存。`,
        ),
      });
    }
  }
  if (problems.length > MAX_PROBLEMS) problems.length = MAX_PROBLEMS;
  return { file, name, entries, problems };
}

/** A file with thousands of broken lines is not a .env file anyone reads line by line: report the first ones. */
const MAX_PROBLEMS = 100;

function clip(v: string): string {
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}
