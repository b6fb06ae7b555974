import * as path from 'node:path';
import type { EnvEntry, EnvFile, ReadProblem } from '../model';
import { LineIndex, ZERO_RANGE } from '../text/lineIndex';
import { t } from '../l10n';

/**
 * A port of python-dotenv's parser (`src/dotenv/parser.py`) and of `dotenv_values`' variable expansion
 * (`main.py` resolve_variables, `variables.py`), keeping the source position of every key and value.
 * NoneBot reads `.env` files through `dotenv_values(path, encoding="utf-8")` (interpolate=True, override=True).
 *
 * Python's `\s` (str patterns) is Unicode White_Space plus \x1c-\x1f; JavaScript's differs (it includes U+FEFF), so
 * the classes are spelled out.
 */
const PY_WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_WS_NO_NL = '\\t\\x0b\\x0c\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const re = (s: string) => new RegExp(s, 'y');
const MULTILINE_WS = re(`[${PY_WS}]*`);
const WS = re(`[${PY_WS_NO_NL}]*`);
const EXPORT = re(`(?:export[${PY_WS_NO_NL}]+)?`);
const SINGLE_QUOTED_KEY = re(`'([^']+)'`);
const UNQUOTED_KEY = re(`([^=#${PY_WS}]+)`);
const EQUAL_SIGN = re(`(=[${PY_WS_NO_NL}]*)`);
const SINGLE_QUOTED_VALUE = re(`'((?:\\\\'|[^'])*)'`);
const DOUBLE_QUOTED_VALUE = re(`"((?:\\\\"|[^"])*)"`);
const UNQUOTED_VALUE = re(`([^\\r\\n]*)`);
const COMMENT = re(`(?:[${PY_WS_NO_NL}]*#[^\\r\\n]*)?`);
const END_OF_LINE = re(`[${PY_WS_NO_NL}]*(?:\\r\\n|\\n|\\r|$)`);
const REST_OF_LINE = re(`[^\\r\\n]*(?:\\r|\\n|\\r\\n)?`);
const INLINE_COMMENT = new RegExp(`[${PY_WS}]+#[^\\n]*`);
const TRAILING_WS = new RegExp(`[${PY_WS}]+$`);

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

class ParseError extends Error {}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  hasNext(): boolean {
    return this.pos < this.text.length;
  }
  peek(): string {
    return this.text.charAt(this.pos);
  }
  read(regex: RegExp): RegExpExecArray {
    regex.lastIndex = this.pos;
    const m = regex.exec(this.text);
    if (!m) throw new ParseError();
    this.pos += m[0].length;
    return m;
  }
}

/** A binding as python-dotenv yields it, with offsets. */
interface RawBinding {
  key?: string;
  keyStart: number;
  keyEnd: number;
  value?: string;
  valueStart: number;
  valueEnd: number;
  quote: '' | '"' | "'";
  exported: boolean;
  start: number;
  error: boolean;
}

function parseBinding(r: Reader): RawBinding | undefined {
  const start = r.pos;
  const b: RawBinding = { keyStart: 0, keyEnd: 0, valueStart: 0, valueEnd: 0, quote: '', exported: false, start, error: false };
  try {
    r.read(MULTILINE_WS);
    if (!r.hasNext()) return undefined;
    b.start = r.pos;
    b.exported = r.read(EXPORT)[0].length > 0;
    // parse_key
    const c = r.peek();
    if (c === '#') {
      b.key = undefined;
    } else {
      b.keyStart = r.pos + (c === "'" ? 1 : 0);
      b.key = r.read(c === "'" ? SINGLE_QUOTED_KEY : UNQUOTED_KEY)[1];
      b.keyEnd = b.keyStart + b.key.length;
    }
    r.read(WS);
    if (b.key !== undefined && r.peek() === '=') {
      r.read(EQUAL_SIGN);
      b.valueStart = r.pos;
      const v = r.peek();
      if (v === "'") {
        const m = r.read(SINGLE_QUOTED_VALUE);
        b.quote = "'";
        b.value = m[1].replace(/\\[\\']/g, (e) => e[1]);
      } else if (v === '"') {
        const m = r.read(DOUBLE_QUOTED_VALUE);
        b.quote = '"';
        b.value = m[1].replace(/\\[\\'"abfnrtv]/g, (e) => DOUBLE_QUOTE_ESCAPES[e]);
      } else if (v === '' || v === '\n' || v === '\r') {
        b.value = '';
      } else {
        const part = r.read(UNQUOTED_VALUE)[1];
        b.value = part.replace(INLINE_COMMENT, '').replace(TRAILING_WS, '');
        r.pos = b.valueStart + b.value.length; // the comment and trailing blanks are read next
      }
      b.valueEnd = b.quote ? r.pos : b.valueStart + (b.value ?? '').length;
    } else if (b.key !== undefined) {
      b.valueStart = b.valueEnd = b.keyEnd + (c === "'" ? 1 : 0);
    }
    r.read(COMMENT);
    r.read(END_OF_LINE);
    return b;
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    r.read(REST_OF_LINE);
    return { ...b, key: undefined, value: undefined, error: true };
  }
}

/** `${NAME}` and `${NAME:-default}` (python-dotenv variables.py). */
const VARIABLE = /\$\{([^}:]*)(?::-([^}]*))?\}/g;

/** Parses one .env file. Never throws; a file with NUL bytes yields no entries and one problem. */
export function parseDotenv(text: string, file: string, processEnv: Record<string, string | undefined> = {}): EnvFile {
  const name = path.basename(file);
  const problems: ReadProblem[] = [];
  const entries: EnvEntry[] = [];
  if (text.includes('\u0000')) {
    problems.push({
      file,
      range: ZERO_RANGE,
      message: t(
        'This file is not text (it contains NUL bytes): python-dotenv cannot read it and NoneBot fails to start.',
        '此文件不是文本（含有 NUL 字节）：python-dotenv 无法读取，NoneBot 将无法启动。',
      ),
    });
    return { file, name, entries, problems };
  }
  const idx = new LineIndex(text);
  const r = new Reader(text);
  // python-dotenv resolves variables in file order against the values so far, then os.environ (override=True).
  const resolved = new Map<string, string | undefined>();
  while (r.hasNext()) {
    const before = r.pos;
    const b = parseBinding(r);
    if (!b) break;
    if (r.pos === before) r.pos++; // cannot happen with these patterns; guards against a loop all the same
    if (b.error) {
      const line = idx.position(b.start).line;
      problems.push({
        file,
        range: idx.range(b.start, Math.max(b.start, Math.min(r.pos, idx.lineStart(line) + idx.lineText(line).length))),
        message: t(
          `python-dotenv could not parse the statement starting at line ${line + 1}: NoneBot ignores it. Write KEY=VALUE; quote values that hold spaces, quotes or #.`,
          `python-dotenv 无法解析从第 ${line + 1} 行开始的语句：NoneBot 会忽略它。请写成 KEY=VALUE；含空格、引号或 # 的值请加引号。`,
        ),
      });
      continue;
    }
    if (b.key === undefined) continue;
    let value = b.value;
    if (value !== undefined) {
      value = value.replace(VARIABLE, (_m, varName: string, dflt: string | undefined) => {
        const fromFile = resolved.has(varName) ? resolved.get(varName) : undefined;
        const v = fromFile ?? processEnv[varName];
        return v ?? dflt ?? '';
      });
    }
    resolved.set(b.key, value);
    const quoteLen = b.quote ? 1 : 0;
    const valueRange = idx.range(b.valueStart, b.valueEnd);
    entries.push({
      file,
      line: idx.position(b.keyStart).line,
      key: b.key,
      keyRange: idx.range(b.keyStart, b.keyEnd),
      value,
      raw: text.slice(b.valueStart, b.valueEnd),
      valueRange,
      innerRange: b.quote ? idx.range(b.valueStart + quoteLen, Math.max(b.valueStart + quoteLen, b.valueEnd - quoteLen)) : valueRange,
      quote: b.quote,
      exported: b.exported,
    });
  }
  if (text.charCodeAt(0) === 0xfeff && entries.length > 0 && entries[0].key.startsWith('\uFEFF')) {
    const first = entries[0];
    problems.push({
      file,
      range: first.keyRange,
      message: t(
        `The file starts with a byte order mark (BOM): NoneBot reads .env files as plain UTF-8, so the first key is read as "\\ufeff${first.key.slice(1)}" and ${first.key.slice(1)} is ignored. Save the file as UTF-8 without BOM.`,
        `文件以字节顺序标记（BOM）开头：NoneBot 以普通 UTF-8 读取 .env 文件，第一个键会被读作 "\\ufeff${first.key.slice(1)}"，${first.key.slice(1)} 不会生效。请以无 BOM 的 UTF-8 保存。`,
      ),
    });
  }
  return { file, name, entries, problems };
}
