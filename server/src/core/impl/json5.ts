/**
 * JSON5 with exact positions, for the implementations that read their config with the `json5` npm package
 * (NapCat since 4.4.6, NapNeko/NapCatQQ fe75d4c1 `src/common/config-base.ts`; LLOneBot since mid-2025,
 * LLOneBot/LLOneBot e67c0af6 `src/common/config.ts`; LuckyLilliaBot ab2b6aff `src/main/config/index.ts`).
 *
 * Parsing is done by `@humanwhocodes/momoa` in its JSON5 mode; this module turns its tree into a small one of our own
 * (offsets, inner ranges of strings, whether a string is written without escapes) and never throws:
 * - a syntax error becomes `error` with a range (the end of the text for "unexpected end of input");
 * - nesting deeper than `MAX_DEPTH` is refused before the (recursive) parser runs, from a linear scan, so a hostile
 *   file 100 000 brackets deep yields a problem and not a stack overflow.
 */
import { parse as momoaParse } from '@humanwhocodes/momoa';
import type { Range, TextEdit } from '../model';
import type { ValueNode } from '../endpoints';
import { LineIndex } from '../text/lineIndex';

export const MAX_DEPTH = 256;

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

export interface J5Error {
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
  const deep = depthError(text);
  if (deep) return { text, lines, error: deep };
  try {
    const doc = momoaParse(text, { mode, ranges: true, tokens: false });
    return { text, lines, root: convert(doc.body as unknown as MNode, text) };
  } catch (e) {
    return { text, lines, error: toError(e, text) };
  }
}

/**
 * Iterative bracket count that skips strings and comments (a linear scan, no tokenizer): a file nested deeper than
 * MAX_DEPTH is refused before the recursive parser sees it. Other errors are left for the parser to report.
 */
function depthError(text: string): J5Error | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      for (i++; i < n && text.charCodeAt(i) !== c; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 10 || d === 13) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_DEPTH) return { start: i, end: i + 1, message: `nesting deeper than ${MAX_DEPTH} levels` };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function toError(e: unknown, text: string): J5Error {
  const err = e as { message?: string; offset?: number };
  let message = typeof err?.message === 'string' ? err.message : String(e);
  message = message.replace(/\s*\(\d+:\d+\)\s*$/, '');
  let start = typeof err?.offset === 'number' ? err.offset : 0;
  if (/end of input/i.test(message)) start = text.length;
  start = Math.max(0, Math.min(start, text.length));
  const end = Math.min(text.length, start + 1);
  return { start, end: end > start ? end : start, message };
}

type MNode = { type: string; range?: [number, number]; loc: { start: { offset: number }; end: { offset: number } } } & Record<string, unknown>;

/** Converts momoa's tree (depth already capped, so recursion is bounded by MAX_DEPTH). */
function convert(n: MNode, text: string): J5Node {
  const start = n.loc.start.offset;
  const end = n.loc.end.offset;
  const base = { start, end, innerStart: start, innerEnd: end };
  switch (n.type) {
    case 'Object': {
      const members: J5Member[] = [];
      for (const m of n.members as MNode[]) {
        const name = m.name as MNode;
        const ks = name.loc.start.offset;
        const ke = name.loc.end.offset;
        const q = text[ks];
        members.push({
          key: name.type === 'Identifier' ? (name.name as string) : (name.value as string),
          keyStart: ks,
          keyEnd: ke,
          keyQuote: name.type === 'String' ? (q === "'" ? "'" : '"') : '',
          value: convert(m.value as MNode, text),
        });
      }
      return { kind: 'object', ...base, members };
    }
    case 'Array':
      return { kind: 'array', ...base, items: (n.elements as MNode[]).map((el) => convert(el.value as MNode, text)) };
    case 'String': {
      const value = n.value as string;
      const inner = text.slice(start + 1, end - 1);
      return {
        kind: 'string',
        start,
        end,
        innerStart: start + 1,
        innerEnd: end - 1,
        value,
        literal: inner === value,
        quote: text[start] === "'" ? "'" : '"',
      };
    }
    case 'Number':
      return { kind: 'number', ...base, value: n.value as number };
    case 'NaN':
      return { kind: 'number', ...base, value: NaN };
    case 'Infinity':
      return { kind: 'number', ...base, value: n.sign === '-' ? -Infinity : Infinity };
    case 'Boolean':
      return { kind: 'boolean', ...base, value: n.value as boolean };
    default:
      return { kind: 'null', ...base, value: null };
  }
}

/** The member of an object node by exact key (the last one wins, as JSON.parse and json5 do). */
export function member(obj: J5Node | undefined, key: string): J5Member | undefined {
  if (!obj || obj.kind !== 'object') return undefined;
  let found: J5Member | undefined;
  for (const m of obj.members ?? []) if (m.key === key) found = m;
  return found;
}

export function rangeOf(doc: J5Document, start: number, end: number): Range {
  return doc.lines.range(start, end);
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
export function keyStyle(doc: J5Document, obj: J5Node | undefined): '' | '"' | "'" {
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
export function stringQuote(doc: J5Document): '"' | "'" {
  let single = 0;
  let double = 0;
  const stack: J5Node[] = doc.root ? [doc.root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'string') (n.quote === "'" ? single++ : double++);
    for (const m of n.members ?? []) stack.push(m.value);
    for (const it of n.items ?? []) stack.push(it);
  }
  return single > double ? "'" : '"';
}

/** A string literal in the given quote style (JSON5 escapes). */
export function quoteString(value: string, quote: '"' | "'"): string {
  let out = '';
  for (const ch of value) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\u2028' || ch === '\u2029') out += '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
    else out += ch;
  }
  return quote + out + quote;
}

/** A key as written in a file whose keys use `style`; quotes when the key is not an identifier. */
export function writeKey(key: string, style: '' | '"' | "'"): string {
  if (style === '' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return key;
  return quoteString(key, style === "'" ? "'" : '"');
}

// ---------------------------------------------------------------------------------------------------------------
// Edits in the file's own syntax (shared by the NapCat and LLOneBot adapters): replace a value, a part of a URL string
// in place, or add a key to an object, following the file's quoting and indentation.
// ---------------------------------------------------------------------------------------------------------------

/** The parts of a URL string with their offsets within it. */
export interface UrlParts {
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

export function splitUrl(url: string): UrlParts | undefined {
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
  const sep = ownLine ? '\n' + before : ' ';
  return [{ file, range: doc.lines.range(first.keyStart, first.keyStart), newText: `${k}: ${valueText},${sep}` }];
}
