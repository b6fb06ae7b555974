/**
 * Docker Compose's own `.env` grammar: the `.env` beside a compose file (variables for interpolation) and the files a
 * service names in `env_file` (variables of the container). Read as compose-spec/compose-go `dotenv/parser.go` reads
 * them (docker/compose loads every env file through it), with the range of each value so that findings and fixes can
 * point at the line that sets a variable.
 *
 * Where this grammar differs from python-dotenv's (NoneBot's own `.env` files, server/src/core/nonebot/):
 * - `KEY: value` (a YAML-like colon) is a binding here; python-dotenv ignores the line.
 * - A bare `KEY` line takes KEY from the environment compose runs in (and is absent when unset); python-dotenv binds
 *   KEY to None.
 * - Interpolation covers `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR:+a}` (compose's full syntax,
 *   the environment compose runs in winning over the variables bound earlier in the same file); python-dotenv only
 *   expands `${VAR}` and `${VAR:-d}`, with earlier bindings winning unless told otherwise.
 * - Double-quoted values decode `\a \b \f \n \r \t \v \$ \" \\` and `\0NNN` octal; single-quoted values are literal
 *   except that `\'` stands for a quote (the backslash is dropped); python-dotenv decodes `\\` and `\'` in single quotes.
 * - An unquoted value ends at the first ` #` (a space then a hash); python-dotenv also needs the space.
 * - A character outside `[A-Za-z0-9_.\-[\]]` in a key, or an unterminated quote, stops compose with an error (the whole
 *   file is refused); python-dotenv skips the bad line and goes on.
 */
import type { Range } from '../model';
import { LineIndex } from '../text/lineIndex';
import { interpolate } from './interpolate';

interface ComposeEnvEntry {
  key: string;
  /** Undefined for a bare `KEY` line whose variable the environment does not set (compose then leaves it out). */
  value?: string;
  keyRange: Range;
  /** The value as written (with its quotes); for a bare key: its end. */
  valueRange: Range;
  /** Inside the quotes (equal to valueRange when unquoted). */
  innerRange: Range;
  /** The value as written is exactly the decoded one on one line (no escapes, no substitution): an edit may replace it. */
  literal: boolean;
  quote: '' | '"' | "'";
  /** A bare `KEY` line (the value comes from compose's environment). */
  inherited?: boolean;
}

export interface ComposeEnvFile {
  entries: ComposeEnvEntry[];
  /** compose refuses the file: the message and where. */
  error?: { message: string; range: Range };
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

/**
 * Parses one env file. `lookup` is the environment compose runs in (it wins over earlier bindings of the file during
 * interpolation, as compose-go's `expandVariables` asks its lookup function first). `raw` is `format: raw`: each line
 * `KEY=VALUE` is taken as written, nothing decoded or substituted.
 */
export function parseComposeEnv(text: string, lookup: Record<string, string | undefined> = {}, opts: { raw?: boolean } = {}): ComposeEnvFile {
  const lines = new LineIndex(text);
  const out: ComposeEnvFile = { entries: [] };
  const bound: Record<string, string | undefined> = {};
  const env = new Proxy(bound, { get: (_t, k: string) => lookup[k] ?? bound[k] });
  const pos = (off: number) => lines.position(off);
  const range = (a: number, b: number): Range => ({ start: pos(a), end: pos(b) });
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r' || c === '\u0085' || c === '\u00a0';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;

  if (opts.raw) {
    for (const m of text.matchAll(/^([^=\r\n#][^=\r\n]*)=([^\r\n]*)$/gm)) {
      const ks = m.index!;
      const key = m[1].trim();
      const vs = ks + m[1].length + 1;
      const r = range(vs, vs + m[2].length);
      out.entries.push({ key, value: m[2], keyRange: range(ks, ks + m[1].length), valueRange: r, innerRange: r, literal: true, quote: '' });
    }
    return out;
  }

  while (i < n) {
    // Statement start: skip whitespace (line breaks included) and comment lines.
    while (i < n && (isSpace(text[i]) || text[i] === '\n')) i++;
    if (i >= n) break;
    if (text[i] === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (/^export[ \t]+/.test(text.slice(i, i + 8))) {
      i += 6;
      while (i < n && isSpace(text[i])) i++;
    }
    const keyStart = i;
    let sep = '';
    while (i < n) {
      const c = text[i];
      if (c === '=' || c === ':' || c === '\n') {
        sep = c;
        break;
      }
      if (!isSpace(c) && !/[\p{L}\p{N}_.\-[\]]/u.test(c)) {
        const lineEnd = text.indexOf('\n', keyStart);
        out.error = {
          message: `unexpected character "${c}" in variable name "${text.slice(keyStart, lineEnd < 0 ? n : lineEnd).trim()}"`,
          range: range(i, i + 1),
        };
        return out;
      }
      i++;
    }
    let keyEnd = i;
    while (keyEnd > keyStart && isSpace(text[keyEnd - 1])) keyEnd--;
    const key = text.slice(keyStart, keyEnd);
    if (key.includes(' ') || key.includes('\t')) {
      out.error = { message: 'key cannot contain a space', range: range(keyStart, keyEnd) };
      return out;
    }
    const keyRange = range(keyStart, keyEnd);

    if (sep === '\n' || sep === '') {
      // A bare key: its value comes from the environment compose runs in.
      const v = lookup[key];
      const r = range(keyEnd, keyEnd);
      if (key) out.entries.push({ key, value: v, keyRange, valueRange: r, innerRange: r, literal: false, quote: '', inherited: true });
      if (v !== undefined) bound[key] = v;
      i = sep === '\n' ? i + 1 : i;
      continue;
    }
    i++; // past the separator
    while (i < n && isSpace(text[i])) i++;
    const q = text[i];
    if (q !== '"' && q !== "'") {
      const lineEnd = text.indexOf('\n', i) < 0 ? n : text.indexOf('\n', i);
      let raw = text.slice(i, lineEnd);
      const hash = raw.indexOf(' #');
      if (hash >= 0) raw = raw.slice(0, hash);
      raw = raw.replace(/[\s\u0085\u00a0]+$/u, '');
      const r = interpolate(raw, env);
      const vr = range(i, i + raw.length);
      out.entries.push({ key, value: r.value, keyRange, valueRange: vr, innerRange: vr, literal: r.subs.length === 0 && !raw.includes('$$'), quote: '' });
      bound[key] = r.value;
      i = lineEnd;
      continue;
    }
    // Quoted: up to the matching unescaped quote, across lines.
    const open = i;
    let chars = '';
    let escaped = false;
    let close = -1;
    for (let j = i + 1; j < n; j++) {
      const c = text[j];
      if (c !== q) {
        if (!escaped && c === '\\') {
          escaped = true;
          continue;
        }
        if (escaped) {
          escaped = false;
          chars += '\\';
        }
        chars += c;
        continue;
      }
      if (escaped) {
        escaped = false;
        chars += c;
        continue;
      }
      close = j;
      break;
    }
    if (close < 0) {
      const lineEnd = text.indexOf('\n', open) < 0 ? n : text.indexOf('\n', open);
      out.error = { message: `unterminated quoted value ${text.slice(open, lineEnd)}`, range: range(open, lineEnd) };
      return out;
    }
    let value = chars;
    let subs = 0;
    if (q === '"') {
      const unescaped = chars.replace(/\\([abfnrtv$"\\]|0[0-7]{0,3})/g, (_m, e: string) =>
        e === '$' ? '$$' : e.startsWith('0') ? String.fromCharCode(parseInt(e.slice(1) || '0', 8)) : ESCAPES[e],
      );
      const r = interpolate(unescaped, env);
      value = r.value;
      subs = r.subs.length;
    }
    const inner = text.slice(open + 1, close);
    out.entries.push({
      key,
      value,
      keyRange,
      valueRange: range(open, close + 1),
      innerRange: range(open + 1, close),
      literal: subs === 0 && inner === value && !inner.includes('\n'),
      quote: q,
    });
    bound[key] = value;
    i = close + 1;
  }
  out.entries = out.entries.filter((e) => e.key !== ''); // `=value`: no variable to set
  return out;
}
