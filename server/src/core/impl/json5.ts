/**
 * JSON5 with exact positions, for the implementations that read their config with the `json5` npm package
 * (NapCat since 4.4.6, NapNeko/NapCatQQ fe75d4c1 `src/common/config-base.ts`; LLOneBot since mid-2025,
 * LLOneBot/LLOneBot e67c0af6 `src/common/config.ts`; LuckyLilliaBot ab2b6aff `src/main/config/index.ts`).
 *
 * Written against the JSON5 1.0.0 specification (https://spec.json5.org/) and checked in the tests against the `json5`
 * package those programs use (2.2.x). It keeps exact offsets (keys, values, the inside of strings, whether a string is
 * written without escapes) and never throws:
 * - a syntax error becomes `error` with a range (the end of the text for "unexpected end of input");
 * - it keeps an explicit stack (no recursion), and nesting deeper than `MAX_DEPTH` is a clear problem, so a hostile
 *   file 100 000 brackets deep neither overflows the stack nor builds a huge tree.
 * `@humanwhocodes/momoa` (JSON5 mode) was tried first: it is recursive and parses about 100 times slower than
 * `JSON.parse`, too slow for a language server on a large file.
 */
import type { TextEdit } from '../model';
import type { ValueNode } from '../endpoints';
import { LineIndex } from '../text/lineIndex';

const MAX_DEPTH = 256;

export interface J5Member {
  key: string;
  /** The key token as written (with its quotes when quoted). */
  keyStart: number;
  keyEnd: number;
  /** '' for an identifier key. */
  keyQuote: '' | '"' | "'";
  value: J5Node;
}

export interface J5Node {
  kind: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  start: number;
  end: number;
  /** Inside the quotes for strings; the token otherwise. */
  innerStart: number;
  innerEnd: number;
  value?: string | number | boolean | null;
  /** Strings: the text between the quotes is exactly the decoded value. */
  literal?: boolean;
  quote?: '"' | "'";
  members?: J5Member[];
  items?: J5Node[];
}

interface J5Error {
  start: number;
  end: number;
  message: string;
}

export interface J5Document {
  text: string;
  lines: LineIndex;
  root?: J5Node;
  error?: J5Error;
}

/**
 * Parses JSON5 text (or strict JSON with `mode: 'json'`, for programs that use `JSON.parse`); never throws.
 * A BOM: `json5` treats U+FEFF as white space; `JSON.parse` rejects it.
 */
export function parseJson5(text: string, mode: 'json5' | 'json' = 'json5'): J5Document {
  const lines = new LineIndex(text);
  if (mode === 'json' && text.charCodeAt(0) === 0xfeff) return { text, lines, error: { start: 0, end: 1, message: 'unexpected byte order mark' } };
  try {
    return { text, lines, root: parseText(text, mode === 'json') };
  } catch (e) {
    if (!(e instanceof SyntaxErr)) throw e;
    const end = Math.min(text.length, e.start + 1);
    return { text, lines, error: { start: e.start, end, message: e.message } };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The parser: JSON5 (https://spec.json5.org/, 1.0.0) or strict JSON (RFC 8259, as JSON.parse), with an explicit
// stack (no recursion), exact offsets, and the first error with its offset.
// ---------------------------------------------------------------------------------------------------------------

class SyntaxErr {
  constructor(
    readonly start: number,
    readonly message: string,
  ) {}
}

interface Frame {
  node: J5Node;
  /** object: 'key' (after `{` or `,`), 'sep' (after a member); array: 'value' (after `[` or `,`), 'sep'. */
  state: 'key' | 'value' | 'sep';
  pendingKey?: Omit<J5Member, 'value'>;
  /** A `,` was just read (strict JSON forbids a closing bracket right after it). */
  afterComma: boolean;
}

const ID_START = /[\p{L}\p{Nl}$_]/u;
const ID_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_\u200C\u200D]/u;
const JSON5_SPACE = /\s/; // JS white space and line terminators = JSON5 WhiteSpace and LineTerminator

function parseText(text: string, strict: boolean): J5Node {
  const n = text.length;
  let i = 0;
  const describe = (at: number) => (at >= n ? 'Unexpected end of input' : `Unexpected character ${JSON.stringify(text[at])}`);
  const fail = (at: number, message = describe(at)): never => {
    throw new SyntaxErr(Math.min(at, n), message);
  };

  const skip = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else if (strict) return;
      else if (c === 0x2f /* / */) {
        const d = text.charCodeAt(i + 1);
        if (d === 0x2f) {
          i += 2;
          while (i < n && !isLineTerminator(text.charCodeAt(i))) i++;
        } else if (d === 0x2a) {
          const close = text.indexOf('*/', i + 2);
          if (close < 0) fail(n, 'Unterminated block comment');
          i = close + 2;
        } else return;
      } else if (c > 0x7f || c === 0x0b || c === 0x0c) {
        if (JSON5_SPACE.test(text[i])) i++;
        else return;
      } else return;
    }
  };

  const readString = (): J5Node => {
    const start = i;
    const quote = text[i];
    i++;
    let out = '';
    let runStart = i;
    let literal = true;
    for (;;) {
      if (i >= n) fail(n, 'Unterminated string');
      const c = text.charCodeAt(i);
      if (text[i] === quote) break;
      if (c === 0x0a || c === 0x0d) fail(i, 'Unterminated string (a line break inside a string must be escaped)');
      if (strict && c < 0x20) fail(i, 'Control character in a string');
      if (c !== 0x5c /* \ */) {
        i++;
        continue;
      }
      literal = false;
      out += text.slice(runStart, i);
      const e = text[i + 1];
      if (e === undefined) fail(n, 'Unterminated string');
      i += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case "'":
          if (strict) fail(i - 1, 'Invalid escape');
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const h = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) fail(i, 'Invalid \\u escape');
          out += String.fromCharCode(parseInt(h, 16));
          i += 4;
          break;
        }
        default: {
          if (strict) fail(i - 1, 'Invalid escape');
          if (e === 'v') out += '\v';
          else if (e === '0') {
            if (/[0-9]/.test(text[i] ?? '')) fail(i, 'Invalid escape: \\0 followed by a digit');
            out += '\0';
          } else if (e === 'x') {
            const h = text.slice(i, i + 2);
            if (!/^[0-9a-fA-F]{2}$/.test(h)) fail(i, 'Invalid \\x escape');
            out += String.fromCharCode(parseInt(h, 16));
            i += 2;
          } else if (e === '\r') {
            if (text[i] === '\n') i++; // line continuation
          } else if (e === '\n' || e === '\u2028' || e === '\u2029') {
            // line continuation: nothing
          } else if (/[1-9]/.test(e)) fail(i - 1, 'Invalid escape: a digit');
          else out += e;
        }
      }
      runStart = i;
    }
    out += text.slice(runStart, i);
    i++;
    return { kind: 'string', start, end: i, innerStart: start + 1, innerEnd: i - 1, value: out, literal, quote: quote === "'" ? "'" : '"' };
  };

  const readNumber = (): J5Node => {
    const start = i;
    const rest = text.slice(i, i + 400);
    const m = strict
      ? /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(rest)
      : /^[+-]?(?:Infinity|NaN|0[xX][0-9a-fA-F]+|(?:(?:0|[1-9]\d*)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/.exec(rest);
    if (!m) fail(i);
    const raw = m![0];
    i += raw.length;
    if (i < n && (ID_PART.test(text[i]) || /[0-9.]/.test(text[i]))) fail(i);
    const neg = raw[0] === '-';
    const body = raw[0] === '-' || raw[0] === '+' ? raw.slice(1) : raw;
    let v = body === 'Infinity' ? Infinity : body === 'NaN' ? NaN : /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : Number(body);
    if (neg) v = -v;
    return { kind: 'number', start, end: i, innerStart: start, innerEnd: i, value: v };
  };

  const readIdentifier = (): string => {
    const start = i;
    let out = '';
    for (;;) {
      const ch = text[i];
      if (ch === '\\') {
        const h = text.slice(i + 2, i + 6);
        if (text[i + 1] !== 'u' || !/^[0-9a-fA-F]{4}$/.test(h)) fail(i, 'Invalid escape in a key');
        out += String.fromCharCode(parseInt(h, 16));
        i += 6;
        continue;
      }
      const cp = text.codePointAt(i);
      if (cp === undefined) break;
      const s = String.fromCodePoint(cp);
      if (i === start ? !ID_START.test(s) : !ID_PART.test(s)) break;
      out += s;
      i += s.length;
    }
    if (i === start) fail(i);
    return out;
  };

  const literalWord = (): J5Node | undefined => {
    const word = text.startsWith('true', i) ? 'true' : text.startsWith('false', i) ? 'false' : text.startsWith('null', i) ? 'null' : undefined;
    if (!word) return undefined;
    const start = i;
    const after = text.charCodeAt(i + word.length);
    if (!Number.isNaN(after) && after !== 0x2c && after !== 0x7d && after !== 0x5d && ID_PART.test(String.fromCharCode(after))) return undefined;
    i += word.length;
    const value = word === 'null' ? null : word === 'true';
    return { kind: word === 'null' ? 'null' : 'boolean', value, start, end: i, innerStart: start, innerEnd: i };
  };

  const stack: Frame[] = [];
  let root: J5Node | undefined;

  const attach = (node: J5Node): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = node;
      return;
    }
    if (top.node.kind === 'object') {
      const k = top.pendingKey!;
      top.node.members!.push({ key: k.key, keyStart: k.keyStart, keyEnd: k.keyEnd, keyQuote: k.keyQuote, value: node });
    } else top.node.items!.push(node);
    top.pendingKey = undefined;
    top.state = 'sep';
    top.afterComma = false;
  };
  const close = (): void => {
    const frame = stack.pop()!;
    if (strict && frame.afterComma) fail(i, 'Trailing comma');
    i++;
    frame.node.end = i;
    frame.node.innerEnd = i;
    attach(frame.node);
  };

  let wantValue = true;
  while (root === undefined) {
    skip();
    if (i >= n) fail(n);
    const ch = text[i];
    if (wantValue) {
      wantValue = false;
      if (ch === '{' || ch === '[') {
        if (stack.length >= MAX_DEPTH) fail(i, `nesting deeper than ${MAX_DEPTH} levels`);
        const node: J5Node =
          ch === '{'
            ? { kind: 'object', start: i, end: i, innerStart: i, innerEnd: i, members: [] }
            : { kind: 'array', start: i, end: i, innerStart: i, innerEnd: i, items: [] };
        stack.push({ node, state: ch === '{' ? 'key' : 'value', afterComma: false });
        i++;
        continue;
      }
      let v: J5Node | undefined;
      if (ch === '"' || (ch === "'" && !strict)) v = readString();
      else if (ch === '-' || (ch >= '0' && ch <= '9') || (!strict && (ch === '+' || ch === '.' || ch === 'I' || ch === 'N'))) v = readNumber();
      else v = literalWord();
      if (!v) fail(i);
      attach(v!);
      continue;
    }
    const top = stack[stack.length - 1];
    if (top.node.kind === 'object') {
      if (top.state === 'key') {
        if (ch === '}' && (top.node.members!.length === 0 || !strict || !top.afterComma)) {
          close();
          continue;
        }
        if (ch === '}') fail(i, 'Trailing comma');
        const keyStart = i;
        let key: string;
        let keyQuote: J5Member['keyQuote'] = '';
        if (ch === '"' || (ch === "'" && !strict)) {
          const s = readString();
          key = s.value as string;
          keyQuote = s.quote!;
        } else if (strict) {
          return fail(i);
        } else key = readIdentifier();
        top.pendingKey = { key, keyStart, keyEnd: i, keyQuote };
        skip();
        if (text[i] !== ':') fail(i, `${describe(i)}: expected ":"`);
        i++;
        wantValue = true;
        continue;
      }
      if (ch === ',') {
        i++;
        top.state = 'key';
        top.afterComma = true;
        continue;
      }
      if (ch === '}') {
        close();
        continue;
      }
      fail(i, `${describe(i)}: expected "," or "}"`);
    } else {
      if (top.state === 'value') {
        if (ch === ']') {
          close();
          continue;
        }
        wantValue = true;
        continue;
      }
      if (ch === ',') {
        i++;
        top.state = 'value';
        top.afterComma = true;
        continue;
      }
      if (ch === ']') {
        close();
        continue;
      }
      fail(i, `${describe(i)}: expected "," or "]"`);
    }
  }
  skip();
  if (i < n) fail(i);
  return root;
}

function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/** The member of an object node by exact key (the last one wins, as JSON.parse and json5 do). */
export function member(obj: J5Node | undefined, key: string): J5Member | undefined {
  if (obj?.kind !== 'object') return undefined;
  let found: J5Member | undefined;
  for (const m of obj.members ?? []) if (m.key === key) found = m;
  return found;
}

/** A ValueNode for the contract; `keyRange` covers the key as written (quotes included when quoted). */
export function valueNode(doc: J5Document, file: string, path: string, node: J5Node, m?: J5Member): ValueNode {
  const v: ValueNode = {
    file,
    path,
    keyRange: m ? doc.lines.range(m.keyStart, m.keyEnd) : undefined,
    valueRange: doc.lines.range(node.start, node.end),
    innerRange: doc.lines.range(node.innerStart, node.innerEnd),
    kind: node.kind,
  };
  if (node.kind !== 'object' && node.kind !== 'array') v.value = node.value;
  if (node.kind === 'string') v.literal = node.literal;
  return v;
}

/** How a key must be written in this file to look like its neighbours: the quote style of the other keys. */
function keyStyle(doc: J5Document, obj: J5Node | undefined): '' | '"' | "'" {
  const counts = { '': 0, '"': 0, "'": 0 };
  const hasKeys = obj && obj.kind === 'object' && (obj.members?.length ?? 0) > 0;
  const stack: J5Node[] = hasKeys ? [obj] : doc.root ? [doc.root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    for (const m of n.members ?? []) {
      counts[m.keyQuote]++;
      stack.push(m.value);
    }
    for (const it of n.items ?? []) stack.push(it);
  }
  if (counts[''] > counts['"'] && counts[''] >= counts["'"]) return '';
  if (counts["'"] > counts['"']) return "'";
  return '"';
}

/** Which quote the file's strings use mostly. */
function stringQuote(doc: J5Document): '"' | "'" {
  let single = 0;
  let double = 0;
  const stack: J5Node[] = doc.root ? [doc.root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'string') n.quote === "'" ? single++ : double++;
    for (const m of n.members ?? []) stack.push(m.value);
    for (const it of n.items ?? []) stack.push(it);
  }
  return single > double ? "'" : '"';
}

/** A string literal in the given quote style (JSON5 escapes). */
function quoteString(value: string, quote: '"' | "'"): string {
  let out = '';
  for (const ch of value) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\u2028' || ch === '\u2029') out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

/** A key as written in a file whose keys use `style`; quotes when the key is not an identifier. */
function writeKey(key: string, style: '' | '"' | "'"): string {
  if (style === '' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return key;
  return quoteString(key, style === "'" ? "'" : '"');
}

// ---------------------------------------------------------------------------------------------------------------
// Edits in the file's own syntax (shared by the NapCat and LLOneBot adapters): replace a value, a part of a URL string
// in place, or add a key to an object, following the file's quoting and indentation.
// ---------------------------------------------------------------------------------------------------------------

/** The parts of a URL string with their offsets within it. */
interface UrlParts {
  /** "ws://" */
  scheme: string;
  hostStart: number;
  hostEnd: number;
  /** Start of ":port" (equal to hostEnd) and end. */
  portStart: number;
  portEnd: number;
  pathStart: number;
  pathEnd: number;
}

function splitUrl(url: string): UrlParts | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)((?:[^@/?#]*@)?)(\[[^\]]*\]|[^:/?#]*)((?::[^/?#]*)?)([^?#]*)/.exec(url);
  if (!m) return undefined;
  const hostStart = m[1].length + m[2].length;
  const hostEnd = hostStart + m[3].length;
  const portEnd = hostEnd + m[4].length;
  return { scheme: m[1], hostStart, hostEnd, portStart: hostEnd, portEnd, pathStart: portEnd, pathEnd: portEnd + m[5].length };
}

/** The URL with one part replaced (path keeps query/fragment; port "" removes it). */
export function replaceUrlPart(url: string, part: 'path' | 'port' | 'host', value: string): { start: number; end: number; text: string } | undefined {
  const u = splitUrl(url);
  if (!u) return undefined;
  if (part === 'path') return { start: u.pathStart, end: u.pathEnd, text: value };
  if (part === 'host') return { start: u.hostStart, end: u.hostEnd, text: value };
  return { start: u.portStart, end: u.portEnd, text: value === '' ? '' : `:${value}` };
}

/** An edit that rewrites part of a string value: in place when it is written without escapes, else the whole token. */
export function editUrlString(doc: J5Document, file: string, node: J5Node, part: 'path' | 'port' | 'host', value: string): TextEdit[] | undefined {
  if (node.kind !== 'string' || typeof node.value !== 'string') return undefined;
  const r = replaceUrlPart(node.value, part, value);
  if (!r) return undefined;
  if (node.literal) {
    const s = node.innerStart + r.start;
    return [{ file, range: doc.lines.range(s, node.innerStart + r.end), newText: r.text }];
  }
  const url = node.value.slice(0, r.start) + r.text + node.value.slice(r.end);
  return [{ file, range: doc.lines.range(node.start, node.end), newText: quoteString(url, node.quote ?? stringQuote(doc)) }];
}

/** A JSON5 value for `value` of the given kind, quoted as the file's strings are. */
export function literal(doc: J5Document, kind: 'string' | 'number' | 'boolean', value: string, like?: J5Node): string {
  if (kind === 'string') return quoteString(value, like?.quote ?? stringQuote(doc));
  return value;
}

/** Replaces a value token. */
export function replaceValue(doc: J5Document, file: string, node: J5Node, newText: string): TextEdit[] {
  return [{ file, range: doc.lines.range(node.start, node.end), newText }];
}

/** Adds `key: value` to an object, before its first member (on its own line when the members are), or inside `{}`. */
export function insertMember(doc: J5Document, file: string, obj: J5Node, key: string, valueText: string): TextEdit[] | undefined {
  if (obj.kind !== 'object') return undefined;
  const k = writeKey(key, keyStyle(doc, obj));
  const first = obj.members?.[0];
  if (!first) {
    const pos = obj.start + 1;
    return [{ file, range: doc.lines.range(pos, pos), newText: ` ${k}: ${valueText} ` }];
  }
  const text = doc.text;
  const lineStart = doc.lines.lineStart(doc.lines.position(first.keyStart).line);
  const before = text.slice(lineStart, first.keyStart);
  const ownLine = /^[ \t]*$/.test(before) && lineStart > obj.start;
  const sep = ownLine ? `\n${before}` : ' ';
  return [{ file, range: doc.lines.range(first.keyStart, first.keyStart), newText: `${k}: ${valueText},${sep}` }];
}
