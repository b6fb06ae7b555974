/**
 * YAML with ranges, for every reader that meets YAML (go-cqhttp `config.yml`, Koishi `koishi.yml`, compose files).
 *
 * Parses with the `yaml` package (its AST keeps source offsets) and turns the first document into a tree of
 * `YamlValue`s — `ValueNode`s with children — the way a program decoding the file sees it:
 * - aliases (`*name`) are resolved to a copy of the anchored node; every copied node keeps `origin`, the node as written
 *   under the anchor, so an edit lands on the anchor (where the value really is written);
 * - merge keys (`<<: *name`, `<<: [*a, *b]`, `<<: {…}`) add the merged map's keys that the map does not write itself
 *   (explicit keys win wherever they stand; in a merge list the first map wins), as yaml.v3
 *   (go-yaml/yaml v3.0.1, decode.go `merge`/`mappingStruct`) and js-yaml do;
 * - a text substitution before parsing (go-cqhttp's `${VAR}`) is supported through `expandEnv`: ranges are mapped back
 *   to the file as written, and a value that came from a substitution points at the whole `${…}`.
 *
 * The walk uses an explicit stack (no recursion proportional to the nesting depth) and a budget for alias copies, so a
 * "billion laughs" document costs a bounded amount of work and is reported.
 *
 * Ranges: `keyRange` covers the key as written (quotes included for a quoted key); `valueRange` the value token
 * (quotes included; for collections from their first to their last character); `innerRange` the inside of the quotes.
 * A value that reached a key through an alias or a merge has the range of the alias (`*name`) at the place of use,
 * and `origin` points at the anchored node.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Scalar, type Document, type Node as YNode } from 'yaml';
import type { ValueNode } from '../endpoints';
import type { Position, Range, ReadProblem } from '../model';
import { LineIndex } from '../text/lineIndex';
import { t } from '../l10n';

/** One text substitution made before parsing: `orig` in the file as written became `exp` in the parsed text. */
export interface Substitution {
  orig: [number, number];
  exp: [number, number];
  /** The variable's name (for messages and hovers). */
  name: string;
  /** The variable was set (non-empty when the syntax treats empty as unset) in the environment given. */
  set: boolean;
  /** The value came from the `:default` part. */
  fromDefault: boolean;
}

export interface Expansion {
  text: string;
  /** In increasing order, non-overlapping. */
  substitutions: Substitution[];
}

export interface YamlValue extends ValueNode {
  /** The key as decoded (maps' entries only). */
  key?: string;
  /** Scalars: the string the scalar holds before type resolution (yaml.v3 `Node.Value`): `123` → "123", `~` → "~". */
  text?: string;
  /** Scalars: quoting style. */
  style?: 'plain' | 'single' | 'double' | 'block';
  /** Maps: entries as a decoder sees them (explicit keys in order, then merged keys not written explicitly). */
  entries?: YamlValue[];
  /** Maps: written in flow style (`{ … }`). */
  flow?: boolean;
  /** Block maps and sequences as written: where their first key/item starts and their last entry ends. */
  firstKeyAt?: Position;
  lastEntryEnd?: Position;
  /** Sequences: items. */
  items?: YamlValue[];
  /** The anchor written on this node (`&name`). */
  anchor?: string;
  /** This value was copied from an anchored node: through an alias (`*name`) or a merge key (`<<: *name`). */
  via?: { anchor?: string; merge: boolean };
  /** Substitutions (`${VAR}`) inside the value as written. */
  env?: Substitution[];
  /** The node of the map this entry belongs to was written elsewhere (merged): no key in this map. */
  merged?: boolean;
  /** A copy made through an alias or a merge key: the node as written under its anchor (edits and findings go there). */
  origin?: YamlValue;
}

interface YamlDuplicate {
  map: YamlValue;
  first: YamlValue;
  second: YamlValue;
}

export interface ParsedYaml {
  file: string;
  /** The text as written. */
  text: string;
  /** The text the parser saw (after `expandEnv`). */
  parsedText: string;
  substitutions: Substitution[];
  lines: LineIndex;
  /** The first document's root; undefined for an empty stream or a document that failed to parse at all. */
  root?: YamlValue;
  /** Syntax errors (the yaml package's), mapped to the file as written. */
  errors: ReadProblem[];
  /** The stream holds no document at all (empty or comments only). */
  empty: boolean;
  /** More than one document (`---`). */
  documents: number;
  duplicates: YamlDuplicate[];
  /** Aliases whose anchor is missing, or that refer to a node containing them. */
  badAliases: { name: string; range: Range; recursive: boolean }[];
  /** Merge keys whose value is not a map (or a list of maps): yaml.v3 and js-yaml both fail. */
  badMerges: YamlValue[];
  /** The alias budget ran out: the tree is incomplete. */
  aliasLimitHit: boolean;
  /** Every anchored node as written, by name (last definition wins for later aliases). */
  anchors: Map<string, YamlValue[]>;
}

export interface ParseYamlOptions {
  /** A substitution over the raw text before parsing (go-cqhttp's `${VAR}`). */
  expandEnv?: (text: string) => Expansion;
  /** Nodes copied through aliases before the walk stops (default 10 000). */
  maxAliasNodes?: number;
}

const DEFAULT_MAX_ALIAS_NODES = 10_000;

/** Parses `text` (never throws) and returns the first document as a tree of values with ranges into `text`. */
export function parseYamlWithRanges(file: string, text: string, opts: ParseYamlOptions = {}): ParsedYaml {
  // A BOM is left out of the parsed text; offsets shift back by one.
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const bomless = base ? text.slice(1) : text;
  const expansion = opts.expandEnv ? safeExpand(opts.expandEnv, bomless) : { text: bomless, substitutions: [] };
  if (base) for (const sub of expansion.substitutions) sub.orig = [sub.orig[0] + 1, sub.orig[1] + 1];
  const lines = new LineIndex(text);
  const map = new OffsetMap(expansion.substitutions, text.length, base);
  const result: ParsedYaml = {
    file,
    text,
    parsedText: expansion.text,
    substitutions: expansion.substitutions,
    lines,
    errors: [],
    empty: true,
    documents: 0,
    duplicates: [],
    badAliases: [],
    badMerges: [],
    aliasLimitHit: false,
    anchors: new Map(),
  };
  const rangeOf = (s: number, e: number): Range => {
    const [a, b] = map.span(s, e);
    return lines.range(a, b);
  };
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(expansion.text, { merge: false, uniqueKeys: false, prettyErrors: false, version: '1.2' }) as Document.Parsed[];
  } catch (e) {
    result.errors.push({
      file,
      range: rangeOf(0, 0),
      message: t(`YAML could not be parsed: ${String((e as Error)?.message ?? e)}`, `YAML 无法解析：${String((e as Error)?.message ?? e)}`),
    });
    result.empty = false;
    return result;
  }
  result.documents = docs.length;
  if (docs.length === 0) return result;
  result.empty = false;
  const doc = docs[0];
  for (const err of doc.errors) {
    const [s, e] = err.pos ?? [0, 0];
    result.errors.push({ file, range: rangeOf(s, Math.max(s, e)), message: t(err.message, `YAML 语法错误：${err.message}`) });
  }
  try {
    result.root = new Walker(file, text, expansion.substitutions, rangeOf, map, result, opts.maxAliasNodes ?? DEFAULT_MAX_ALIAS_NODES).run(doc);
  } catch (e) {
    result.errors.push({
      file,
      range: rangeOf(0, 0),
      message: t(`YAML could not be read: ${String((e as Error)?.message ?? e)}`, `YAML 无法读取：${String((e as Error)?.message ?? e)}`),
    });
  }
  return result;
}

function safeExpand(fn: (text: string) => Expansion, text: string): Expansion {
  try {
    return fn(text);
  } catch {
    return { text, substitutions: [] };
  }
}

/** Maps offsets of the parsed (expanded) text back to the file as written. */
class OffsetMap {
  constructor(
    private readonly subs: Substitution[],
    private readonly origLength: number,
    private readonly base = 0,
  ) {}

  /** A span of the parsed text → the span as written; a span touching a substitution widens to the whole `${…}`. */
  span(s: number, e: number): [number, number] {
    return [this.map(s, 'start'), Math.max(this.map(s, 'start'), this.map(e, 'end'))];
  }

  /** Index of the first substitution that does not end before `o` (those before only shift offsets). */
  private first(o: number): number {
    let lo = 0;
    let hi = this.subs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.subs[mid].exp[1] < o) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  map(o: number, side: 'start' | 'end'): number {
    const i0 = this.first(o);
    let delta = i0 > 0 ? this.subs[i0 - 1].orig[1] - this.subs[i0 - 1].exp[1] : this.base;
    for (let i = i0; i < this.subs.length; i++) {
      const sub = this.subs[i];
      const [a, b] = sub.exp;
      if (o < a) break;
      if (a === b) {
        if (o === a) return side === 'start' ? sub.orig[0] : sub.orig[1];
      } else {
        if (o === a) return sub.orig[0];
        if (o < b) return side === 'start' ? sub.orig[0] : sub.orig[1];
      }
      delta = sub.orig[1] - b;
    }
    return Math.min(this.origLength, Math.max(0, o + delta));
  }

  /** Substitutions inside a parsed-text span. */
  within(s: number, e: number): Substitution[] {
    const out: Substitution[] = [];
    for (let i = this.first(s); i < this.subs.length && this.subs[i].exp[0] <= e; i++) {
      const sub = this.subs[i];
      if (sub.exp[0] === sub.exp[1] ? s <= sub.exp[0] && sub.exp[0] <= e : sub.exp[0] < e && sub.exp[1] > s) out.push(sub);
    }
    return out;
  }
}

type Task =
  | { kind: 'node'; ast: YNode | null | undefined; path: string; set: (v: YamlValue) => void; mergeValue?: boolean }
  | { kind: 'finish-map'; map: YamlValue; explicit: YamlValue[]; merges: { value?: YamlValue }[] };

class Walker {
  private readonly converted = new Map<YNode, YamlValue>();
  /** Anchored nodes by name, in document order (pre-order visits nodes in the order they are written). */
  private readonly anchorDefs = new Map<string, { node: YNode; offset: number }[]>();
  private copied = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
    _subs: Substitution[],
    private readonly rangeOf: (s: number, e: number) => Range,
    private readonly offsets: OffsetMap,
    private readonly out: ParsedYaml,
    private readonly maxAliasNodes: number,
  ) {}

  run(doc: Document.Parsed): YamlValue | undefined {
    let root: YamlValue | undefined;
    const stack: Task[] = [{ kind: 'node', ast: doc.contents as YNode | null, path: '', set: (v) => (root = v) }];
    while (stack.length) {
      const task = stack.pop()!;
      if (task.kind === 'finish-map') this.finishMap(task);
      else this.node(task, stack);
    }
    return root;
  }

  private base(ast: YNode, path: string, kind: ValueNode['kind']): YamlValue {
    const [s, e] = nodeSpan(ast);
    const r = this.rangeOf(s, e);
    const v: YamlValue = { file: this.file, path, valueRange: r, innerRange: r, kind };
    const env = this.offsets.within(s, e);
    if (env.length) v.env = env;
    const anchor = (ast as { anchor?: string }).anchor;
    if (anchor) {
      v.anchor = anchor;
      const defs = this.anchorDefs.get(anchor) ?? [];
      defs.push({ node: ast, offset: s });
      this.anchorDefs.set(anchor, defs);
      const list = this.out.anchors.get(anchor) ?? [];
      list.push(v);
      this.out.anchors.set(anchor, list);
    }
    this.converted.set(ast, v);
    return v;
  }

  private node(task: Extract<Task, { kind: 'node' }>, stack: Task[]): void {
    const { ast, path } = task;
    if (!ast) {
      // An empty value (`key:`) — a null at the position the parser gives (none here): point at nothing.
      task.set({ file: this.file, path, valueRange: this.rangeOf(0, 0), innerRange: this.rangeOf(0, 0), kind: 'null', value: null, text: '' });
      return;
    }
    if (isScalar(ast)) {
      task.set(this.scalar(ast, path));
      return;
    }
    if (isAlias(ast)) {
      task.set(this.alias(ast, path, task.mergeValue === true));
      return;
    }
    if (isMap(ast)) {
      const map = this.base(ast, path, 'object');
      map.entries = [];
      if (ast.flow) map.flow = true;
      this.layout(map, ast.items);
      task.set(map);
      const explicit: YamlValue[] = [];
      const merges: { value?: YamlValue }[] = [];
      const finish: Task = { kind: 'finish-map', map, explicit, merges };
      const children: Task[] = [];
      for (const pair of ast.items) {
        const keyAst = pair.key as YNode | null;
        if (keyAst && isScalar(keyAst) && isMergeKey(keyAst)) {
          const slot: { value?: YamlValue } = {};
          merges.push(slot);
          children.push({ kind: 'node', ast: pair.value as YNode | null, path, mergeValue: true, set: (v) => (slot.value = v) });
          continue;
        }
        const key = keyAst && isScalar(keyAst) ? scalarText(keyAst) : keyAst ? undefined : '';
        if (key === undefined) continue; // complex keys: no program we read uses them
        const childPath = path ? `${path}.${key}` : key;
        const keyRange = keyAst ? this.rangeOf(...nodeSpan(keyAst)) : undefined;
        const slotIndex = explicit.length;
        explicit.push(undefined as unknown as YamlValue);
        const valueAst = pair.value as YNode | null;
        children.push({
          kind: 'node',
          ast: valueAst,
          path: childPath,
          set: (v) => {
            v.key = key;
            v.keyRange = keyRange;
            if (!valueAst && keyRange) {
              // `key:` with nothing after it: an empty range right after the key's colon (or the key).
              const end = keyRange.end;
              v.valueRange = { start: end, end };
              v.innerRange = v.valueRange;
              const colon = this.colonAfter(keyRange);
              if (colon) v.valueRange = v.innerRange = { start: colon, end: colon };
            }
            explicit[slotIndex] = v;
          },
        });
      }
      stack.push(finish);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      return;
    }
    if (isSeq(ast)) {
      const seq = this.base(ast, path, 'array');
      seq.items = [];
      if (ast.flow) seq.flow = true;
      this.layout(seq, ast.items);
      task.set(seq);
      const children: Task[] = [];
      ast.items.forEach((item, i) => {
        children.push({
          kind: 'node',
          ast: item as YNode | null,
          path: task.mergeValue ? path : `${path}[${i}]`,
          mergeValue: task.mergeValue,
          set: (v) => (seq.items![i] = v),
        });
      });
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      return;
    }
    task.set({ file: this.file, path, valueRange: this.rangeOf(0, 0), innerRange: this.rangeOf(0, 0), kind: 'null', value: null });
  }

  private layout(v: YamlValue, items: readonly unknown[]): void {
    if (!items.length) return;
    const first = items[0] as { key?: YNode | null; range?: [number, number, number] | null };
    const firstNode = (first && 'key' in first ? first.key : first) as YNode | null;
    if (firstNode?.range) v.firstKeyAt = this.rangeOf(firstNode.range[0], firstNode.range[0]).start;
    const last = items[items.length - 1] as { key?: YNode | null; value?: YNode | null; range?: [number, number, number] | null };
    const lastNode = (last && 'key' in last ? (last.value ?? last.key) : last) as YNode | null;
    if (lastNode?.range) v.lastEntryEnd = this.rangeOf(lastNode.range[1], lastNode.range[1]).end;
  }

  /** The position right after `key:` (for an empty value), as written. */
  private colonAfter(keyRange: Range): Range['start'] | undefined {
    const off = this.out.lines.offset(keyRange.end);
    const m = /^\s*:/.exec(this.text.slice(off, off + 200));
    return m ? this.out.lines.position(off + m[0].length) : undefined;
  }

  private scalar(ast: Scalar, path: string): YamlValue {
    const value = ast.value;
    const kind: ValueNode['kind'] =
      value === null || value === undefined
        ? 'null'
        : typeof value === 'number' || typeof value === 'bigint'
          ? 'number'
          : typeof value === 'boolean'
            ? 'boolean'
            : 'string';
    const v = this.base(ast, path, kind);
    const text = scalarText(ast);
    v.text = text;
    v.value = kind === 'number' ? Number(value) : kind === 'boolean' ? (value as boolean) : kind === 'null' ? null : text;
    const type = ast.type;
    v.style = type === 'QUOTE_DOUBLE' ? 'double' : type === 'QUOTE_SINGLE' ? 'single' : type === 'BLOCK_FOLDED' || type === 'BLOCK_LITERAL' ? 'block' : 'plain';
    const [s, e] = nodeSpan(ast);
    if (v.style === 'double' || v.style === 'single') {
      v.innerRange = this.rangeOf(Math.min(s + 1, e), Math.max(s + 1, e - 1));
      const inner = this.out.parsedText.slice(s + 1, e - 1);
      v.literal = !v.env && inner === text && !/[\r\n]/.test(inner);
    } else if (v.style === 'plain') {
      const raw = this.out.parsedText.slice(s, e);
      v.literal = !v.env && raw === text && !/[\r\n]/.test(raw);
    } else v.literal = false;
    return v;
  }

  private alias(ast: YNode, path: string, mergeValue: boolean): YamlValue {
    const name = (ast as unknown as { source: string }).source;
    const [s, e] = nodeSpan(ast);
    const range = this.rangeOf(s, e);
    const defs = this.anchorDefs.get(name) ?? [];
    let lo = 0;
    let hi = defs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (defs[mid].offset < s) lo = mid + 1;
      else hi = mid;
    }
    const def = lo > 0 ? defs[lo - 1] : undefined;
    const target = def ? this.converted.get(def.node) : undefined;
    if (!target || !isComplete(target)) {
      this.out.badAliases.push({ name, range, recursive: !!def });
      return { file: this.file, path, valueRange: range, innerRange: range, kind: 'null', value: null };
    }
    return this.copy(target, path, range, name, mergeValue);
  }

  /** Copies a converted subtree to a new place of use (iteratively, within the alias budget). */
  private copy(src: YamlValue, path: string, range: Range, anchor: string, merge: boolean): YamlValue {
    const mk = (n: YamlValue, p: string): YamlValue => {
      this.copied++;
      const c: YamlValue = {
        file: n.file,
        path: p,
        valueRange: range,
        innerRange: range,
        kind: n.kind,
        value: n.value,
        text: n.text,
        style: n.style,
        literal: n.literal,
        origin: n.origin ?? n,
        via: { anchor, merge },
      };
      if (n.key !== undefined) c.key = n.key;
      if (n.env) c.env = n.env;
      if (n.flow) c.flow = true;
      return c;
    };
    const root = mk(src, path);
    const stack: [YamlValue, YamlValue][] = [[src, root]];
    while (stack.length) {
      const [from, to] = stack.pop()!;
      if (this.copied > this.maxAliasNodes) {
        this.out.aliasLimitHit = true;
        break;
      }
      if (from.entries) {
        to.entries = [];
        for (const e of from.entries) {
          const c = mk(e, to.path ? `${to.path}.${e.key}` : String(e.key));
          if (e.merged) c.merged = true;
          to.entries.push(c);
          stack.push([e, c]);
        }
      }
      if (from.items) {
        to.items = [];
        from.items.forEach((it, i) => {
          const c = mk(it, `${to.path}[${i}]`);
          to.items!.push(c);
          stack.push([it, c]);
        });
      }
    }
    return root;
  }

  private finishMap(task: Extract<Task, { kind: 'finish-map' }>): void {
    const { map, explicit, merges } = task;
    const seen = new Map<string, YamlValue>();
    for (const v of explicit) {
      if (!v) continue;
      const prev = seen.get(v.key!);
      if (prev) {
        this.out.duplicates.push({ map, first: prev, second: v });
        continue;
      }
      seen.set(v.key!, v);
      map.entries!.push(v);
    }
    for (const m of merges) {
      const value = m.value;
      if (!value) continue;
      const sources = value.kind === 'object' ? [value] : value.kind === 'array' ? (value.items ?? []) : [];
      if (value.kind !== 'object' && value.kind !== 'array') {
        this.out.badMerges.push(value);
        continue;
      }
      for (const src of sources) {
        if (src.kind !== 'object') {
          this.out.badMerges.push(src);
          continue;
        }
        for (const e of src.entries ?? []) {
          if (seen.has(e.key!)) continue;
          seen.set(e.key!, e);
          e.merged = true;
          if (!e.via) e.via = { merge: true };
          else e.via = { ...e.via, merge: true };
          e.path = map.path ? `${map.path}.${e.key}` : String(e.key);
          map.entries!.push(e);
        }
      }
    }
    (map as { complete?: boolean }).complete = true;
  }
}

/** A map is complete once its entries (merges included) are known; scalars and sequences at once. */
function isComplete(v: YamlValue): boolean {
  return v.kind !== 'object' || (v as { complete?: boolean }).complete === true;
}

function isMergeKey(key: Scalar): boolean {
  return (key.type === 'PLAIN' || key.type === undefined) && scalarText(key) === '<<' && (!key.tag || key.tag === 'tag:yaml.org,2002:merge');
}

function scalarText(s: Scalar): string {
  const src = (s as { source?: string }).source;
  if (typeof src === 'string') return src;
  return s.value === null || s.value === undefined ? '' : String(s.value);
}

function nodeSpan(n: YNode): [number, number] {
  const r = n.range;
  if (!r) return [0, 0];
  return [r[0], r[1]];
}

/** Child of a map value by key (resolved entries, merges included). */
export function entry(map: YamlValue | undefined, key: string): YamlValue | undefined {
  return map?.entries?.find((e) => e.key === key);
}

/** The node an edit should change: the anchored node as written when the value came through an alias or merge. */
export function written(v: YamlValue): YamlValue {
  return (v.origin as YamlValue | undefined) ?? v;
}

/**
 * A YAML scalar for `value` that a YAML 1.2 core-schema reader (yaml.v3, js-yaml) reads back as the string `value`,
 * quoted like `like` when given (a single-quoted value stays single-quoted…).
 */
export function yamlString(value: string, like?: 'plain' | 'single' | 'double' | 'block'): string {
  if (like === 'double') return doubleQuoted(value);
  if (like === 'single') return /[\r\n]/.test(value) ? doubleQuoted(value) : `'${value.replace(/'/g, "''")}'`;
  if (plainSafe(value)) return value;
  return /[\r\n\\]/.test(value) || /[\u0000-\u001f]/.test(value) ? doubleQuoted(value) : `'${value.replace(/'/g, "''")}'`;
}

function doubleQuoted(value: string): string {
  return JSON.stringify(value);
}

/** A plain scalar that reads back as this exact string in YAML 1.1 and 1.2 (no number, bool, null, no indicator). */
export function plainSafe(value: string): boolean {
  if (value === '' || value !== value.trim()) return false;
  if (!/^[A-Za-z0-9_./\-:?=&%+~@]+$/.test(value)) return false;
  if (/^[-?:~&%@]/.test(value) || /:$/.test(value) || value.includes(': ')) return false;
  if (/^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/.test(value)) return false;
  if (
    /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)$/.test(
      value,
    )
  )
    return false;
  if (/^[0-9]+(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(value)) return false; // YAML 1.1 sexagesimal
  if (/^\d{4}-\d\d?-\d\d?/.test(value)) return false; // timestamps
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Finding nodes and editing in place (comments, anchors and layout kept)
// ---------------------------------------------------------------------------------------------------------------

/** The node at a dotted path as `YamlValue.path` writes it ("servers[1].ws-reverse.universal"). */
export function findPath(root: YamlValue | undefined, p: string): YamlValue | undefined {
  if (p === '') return root;
  const tokens: (string | number)[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) tokens.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  let cur = root;
  for (const tok of tokens) {
    if (!cur) return undefined;
    cur = typeof tok === 'number' ? cur.items?.[tok] : entry(cur, tok);
  }
  return cur;
}

export interface YamlEdit {
  range: Range;
  newText: string;
}

/** Rewrites a scalar to hold `value` (a string; written as is when `raw`: numbers, booleans), keeping its quoting style. */
export function setScalar(y: ParsedYaml, node: YamlValue, value: string, raw = false): YamlEdit | undefined {
  const target = written(node);
  if (target.env || target.kind === 'object' || target.kind === 'array') return undefined;
  const newText = raw
    ? value
    : yamlString(value, target.style === 'block' ? 'double' : target.style === 'plain' && target.kind === 'string' ? undefined : target.style);
  const r = target.valueRange;
  if (r.start.line === r.end.line && r.start.character === r.end.character) {
    const off = y.lines.offset(r.start);
    const before = y.text.slice(Math.max(0, off - 1), off);
    const after = y.text.slice(off, off + 1);
    return { range: r, newText: `${before === ':' ? ' ' : ''}${newText}${after === '#' ? ' ' : ''}` };
  }
  return { range: r, newText };
}

/** Replaces part of a literal string scalar: `[from, to)` are indices into its decoded text. */
export function setInsideString(node: YamlValue, from: number, to: number, replacement: string): YamlEdit | undefined {
  const target = written(node);
  if (!target.literal || target.env || target.innerRange.start.line !== target.innerRange.end.line) return undefined;
  if (target.style === 'double' && /["\\]/.test(replacement)) return undefined;
  if (target.style === 'single' && replacement.includes("'")) return undefined;
  if (target.style === 'plain' && !plainSafe(`a${replacement}a`) && replacement !== '') return undefined;
  const line = target.innerRange.start.line;
  const c = target.innerRange.start.character;
  return { range: { start: { line, character: c + from }, end: { line, character: c + to } }, newText: replacement };
}

/**
 * Adds `key: value` to a map as written (block maps: a new line at the indentation of its first key, after its last
 * entry; flow maps: before the closing brace). `valueText` is YAML as it should appear after the colon; for a nested
 * block give `nested` lines (key: value pairs) instead and they are indented under the new key.
 */
export function insertEntry(y: ParsedYaml, map: YamlValue, key: string, valueText: string, nested?: string[]): YamlEdit | undefined {
  const m = written(map);
  if (m.kind === 'object' && m.flow) {
    if (nested) valueText = `{ ${nested.join(', ')} }`;
    const endOff = y.lines.offset(m.valueRange.end);
    const close = y.text.lastIndexOf('}', endOff);
    if (close < 0) return undefined;
    const inner = y.text.slice(y.lines.offset(m.valueRange.start) + 1, close).trim();
    let at = close;
    while (at > 0 && /[ \t]/.test(y.text[at - 1])) at--;
    const pos = y.lines.position(at);
    return { range: { start: pos, end: pos }, newText: inner ? `, ${key}: ${valueText}` : ` ${key}: ${valueText} ` };
  }
  if (m.kind === 'object' && m.firstKeyAt && m.lastEntryEnd) {
    const indent = m.firstKeyAt.character;
    const nl = eol(y.text);
    const line = m.lastEntryEnd.line;
    const end = { line, character: y.lines.lineText(line).length };
    const pad = ' '.repeat(indent);
    const body = nested ? `${key}:${nested.map((n) => `${nl}${pad}  ${n}`).join('')}` : `${key}: ${valueText}`;
    return { range: { start: end, end }, newText: `${nl}${pad}${body}` };
  }
  if (m.kind === 'null' && m.keyRange) {
    const nl = eol(y.text);
    // `key:` with nothing: the map starts here, indented two more than the key.
    const pad = ' '.repeat(m.keyRange.start.character + 2);
    const body = nested ? `${key}:${nested.map((n) => `${nl}${pad}  ${n}`).join('')}` : `${key}: ${valueText}`;
    const line = m.keyRange.end.line;
    const end = { line, character: y.lines.lineText(line).length };
    return { range: { start: end, end }, newText: `${nl}${pad}${body}` };
  }
  return undefined;
}

/** The file's line break (CRLF when it has any), for inserted lines. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Splits a URL into scheme+authority, path, and query/fragment, as indices into the string. */
export function urlPathSpan(url: string): { start: number; end: number } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/.exec(url);
  if (!m) return undefined;
  return { start: m[1].length, end: m[1].length + m[2].length };
}
