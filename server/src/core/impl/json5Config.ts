/** What the NapCat and LLOneBot adapters share: both read and edit one JSON5 (or JSON) file in place. */
import type { EditableField, ImplAdapter, ImplementationKind, ImplEndpoint } from '../endpoints';
import type { ReadProblem, TextEdit } from '../model';
import { t } from '../l10n';
import { insertMember, literal, parseJson5, replaceValue, type J5Document, type J5Node } from './json5';

/**
 * An adapter for a JSON5 config: claims the files `file` matches, reads them with `read`, and edits the current text
 * (parsed again; nothing when it no longer parses to an object) with `edit`.
 */
export function json5Adapter(spec: {
  kind: ImplementationKind;
  name: string;
  file: RegExp;
  read: ImplAdapter['read'];
  edit: (doc: J5Document & { root: J5Node }, ep: ImplEndpoint, field: EditableField, value: string) => TextEdit[] | undefined;
}): ImplAdapter {
  return {
    kind: spec.kind,
    name: spec.name,
    claims: (fileName) => spec.file.test(fileName),
    read: spec.read,
    edit(ep, field, value, text) {
      const src = text(ep.file);
      if (src === undefined) return undefined;
      const doc = parseJson5(src);
      if (doc.root?.kind !== 'object') return undefined;
      return spec.edit(doc as J5Document & { root: J5Node }, ep, field, value);
    },
  };
}

/**
 * Sets a member to a scalar in the file's own style: replaces `current` (the member's value node) when there is one,
 * else inserts `key` into the object `parent`. Undefined when `value` is not a `kind` (a port must be digits).
 */
export function setScalar(
  doc: J5Document,
  file: string,
  parent: J5Node | undefined,
  key: string | number | undefined,
  current: J5Node | undefined,
  kind: 'string' | 'number' | 'boolean',
  value: string,
): TextEdit[] | undefined {
  if (kind === 'number' && !/^\d+$/.test(value)) return undefined;
  if (kind === 'boolean' && value !== 'true' && value !== 'false') return undefined;
  if (current) return replaceValue(doc, file, current, literal(doc, kind, value, current));
  if (parent?.kind !== 'object' || typeof key !== 'string') return undefined;
  return insertMember(doc, file, parent, key, literal(doc, kind, value));
}

/** The problem on a file its program cannot parse: "<program> cannot parse this file as <syntax>: <why>", where. */
export function unparsable(
  file: string,
  doc: J5Document,
  program: string,
  syntax: 'JSON' | 'JSON5',
  e: { start: number; end: number; message: string },
): ReadProblem {
  return {
    file,
    range: doc.lines.range(e.start, e.end),
    message: t(`${program} cannot parse this file as ${syntax}: ${e.message}`, `${program} 无法按 ${syntax} 解析此文件：${e.message}`),
  };
}
