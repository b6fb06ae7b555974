import type { Localized, Position, Range } from '../model';
import { parseJson5, type J5Node } from './json5';
import { parseYamlWithRanges, type YamlValue } from './yaml';
import { LineIndex } from '../text/lineIndex';

/**
 * Documentation of the keys of an implementation's or Koishi's config that are not connection entries (NapCat
 * `musicSignUrl`, go-cqhttp `account.uin`, LLOneBot `log`, Koishi's adapter `protocol`…): what the program does with
 * them, their type, default and accepted values, and whether they matter to the link with the bot framework. The
 * tables live beside each adapter (impl/<name>/settings.ts, framework/koishi/settings.ts); hovers and value completion
 * read them.
 */
export interface SettingDoc {
  /** Dotted path; `[]` stands for any array index, `*` for any map key: "timeout.baseTimeout", "servers[]". */
  key: string;
  type?: 'string' | 'number' | 'boolean' | 'object' | 'array' | 'string | number';
  default?: string | number | boolean;
  /** The values the program accepts, when it is a closed set (booleans: true / false). */
  values?: readonly string[];
  doc: Localized;
  /** What the key changes for the link; absent: it does not affect the connection. */
  link?: Localized;
}

/** The key or value under the cursor in a config file, with its path from the root. */
export interface KeyAt {
  /** Path segments from the root; array items as `[]`. */
  path: string[];
  on: 'key' | 'value';
  range: Range;
  /** The value's kind and scalar value. */
  kind: 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
  value?: string | number | boolean | null;
}

const inside = (r: Range, p: Position) =>
  (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) &&
  (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

/** The member key or scalar value at `pos` in a JSON5 / JSON text (parse errors: undefined). */
export function keyAtJson5(text: string, pos: Position): KeyAt | undefined {
  const doc = parseJson5(text);
  if (!doc.root) return undefined;
  const offset = new LineIndex(text).offset(pos);
  const walk = (node: J5Node, path: string[]): KeyAt | undefined => {
    for (const m of node.members ?? []) {
      const p = [...path, m.key];
      if (offset >= m.keyStart && offset <= m.keyEnd)
        return { path: p, on: 'key', range: doc.lines.range(m.keyStart, m.keyEnd), kind: m.value.kind, value: m.value.value };
      if (offset >= m.value.start && offset <= m.value.end) {
        if (m.value.kind === 'object' || m.value.kind === 'array') return walk(m.value, p);
        return { path: p, on: 'value', range: doc.lines.range(m.value.start, m.value.end), kind: m.value.kind, value: m.value.value };
      }
    }
    for (const it of node.items ?? []) {
      if (offset >= it.start && offset <= it.end) {
        if (it.kind === 'object' || it.kind === 'array') return walk(it, [...path, '[]']);
        return { path: [...path, '[]'], on: 'value', range: doc.lines.range(it.start, it.end), kind: it.kind, value: it.value };
      }
    }
    return undefined;
  };
  return walk(doc.root, []);
}

/** The map key or scalar value at `pos` in a YAML text (entries written here only, not merged ones). */
export function keyAtYaml(file: string, text: string, pos: Position): KeyAt | undefined {
  const y = parseYamlWithRanges(file, text);
  if (!y.root) return undefined;
  const walk = (node: YamlValue, path: string[]): KeyAt | undefined => {
    for (const e of node.entries ?? []) {
      if (e.merged || e.key === undefined) continue;
      const p = [...path, e.key];
      if (e.keyRange && inside(e.keyRange, pos)) return { path: p, on: 'key', range: e.keyRange, kind: e.kind, value: e.value };
      if (inside(e.valueRange, pos)) {
        if (e.kind === 'object' || e.kind === 'array') return e.via ? undefined : walk(e, p);
        return { path: p, on: 'value', range: e.valueRange, kind: e.kind, value: e.value };
      }
    }
    for (const it of node.items ?? []) {
      if (!inside(it.valueRange, pos)) continue;
      if (it.kind === 'object' || it.kind === 'array') return walk(it, [...path, '[]']);
      return { path: [...path, '[]'], on: 'value', range: it.valueRange, kind: it.kind, value: it.value };
    }
    return undefined;
  };
  return walk(y.root, []);
}

/** The table entry for a path (segments compared as written; `*` in the table matches any one segment). */
export function lookupSetting(table: readonly SettingDoc[], path: readonly string[]): SettingDoc | undefined {
  const joined = path.join('.').replace(/\.\[\]/g, '[]');
  return (
    table.find((s) => s.key === joined) ??
    table.find((s) => s.key.includes('*') && new RegExp(`^${s.key.replace(/[.[\]]/g, '\\$&').replace(/\*/g, '[^.[\\]]+')}$`).test(joined))
  );
}

export const BOOLEAN_VALUES = ['true', 'false'] as const;
