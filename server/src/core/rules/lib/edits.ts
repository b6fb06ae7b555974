import { editEnvBinding } from '../../compose/envEdit';
import * as path from 'node:path';
import type { ConfigNode, EnvEntry, Fix, LagrangeImplementation, Localized, NoneBotProject, Position, RelatedInfo, TextEdit } from '../../model';
import { LineIndex } from '../../text/lineIndex';

/** Builds machine-readable fixes: minimal text edits that keep comments and formatting. */

export function fix(title: Localized, edits: TextEdit[], preferred = false): Fix {
  return preferred ? { title, edits, preferred } : { title, edits };
}

/** A fix whose edits write a token or secret (masked in reports). */
export function secretFix(title: Localized, edits: TextEdit[], preferred = false): Fix {
  return { ...fix(title, edits, preferred), sensitive: true };
}

/** Replaces a JSON value token (quotes included) with new JSON text. */
export function replaceJsonValue(node: ConfigNode, json: string): TextEdit {
  if (node.envVar) {
    // The value is a compose service's environment variable (`Implementations__0__Port`): rewrite the variable.
    let v: unknown;
    try {
      v = JSON.parse(json);
    } catch {
      v = json;
    }
    const e = editEnvBinding(node.envVar, v === null ? '' : String(v));
    if (e) return e;
  }
  return { file: node.file, range: node.valueRange, newText: json };
}

/** Replaces an .env value as written (quotes included). */
export function replaceEnvValue(entry: EnvEntry, value: string): TextEdit {
  return { file: entry.file, range: entry.valueRange, newText: envValue(value) };
}

/** Writes a value so python-dotenv reads it back unchanged: bare when safe, else single-quoted. */
function envValue(value: string): string {
  if (value === '') return '';
  if (/^[^\s'"#\\$]+$/.test(value) && !/\s#/.test(value)) return value;
  if (!value.includes("'") && !value.includes('\\')) return `'${value}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function endPosition(text: string): Position {
  const idx = new LineIndex(text);
  const last = idx.lineCount - 1;
  return { line: last, character: idx.lineText(last).length };
}

/**
 * Sets a NoneBot setting where it takes effect: in the file that defines the effective value, or (when only the
 * default applies) as a new line at the end of the last file NoneBot loads (`.env` when none exists yet).
 */
export function setEnvSetting(
  project: NoneBotProject,
  name: string,
  value: string,
  text: (file: string) => string | undefined,
  current = project.settings[name.toUpperCase()],
): TextEdit {
  if (current?.entry) return replaceEnvValue(current.entry, value);
  const file = project.loaded[project.loaded.length - 1] ?? path.join(project.dir, '.env');
  const body = text(file) ?? '';
  const end = endPosition(body);
  const sep = body.length === 0 || /[\r\n]$/.test(body) ? '' : '\n';
  return { file, range: { start: end, end }, newText: `${sep}${name}=${envValue(value)}\n` };
}

/** Adds `"Key": json` as the last property of a Lagrange implementation object. */
export function addJsonField(impl: LagrangeImplementation, key: string, json: string, text: (file: string) => string | undefined): TextEdit | undefined {
  const body = text(impl.node.file);
  if (body === undefined) return undefined;
  const idx = new LineIndex(body);
  const fields = Object.values(impl.fields).filter((f) => f.file === impl.node.file);
  const last = fields.sort((a, b) => idx.offset(a.valueRange.end) - idx.offset(b.valueRange.end)).pop();
  if (!last?.keyRange) {
    const open = idx.offset(impl.node.valueRange.start) + 1;
    const pos = idx.position(open);
    const indent = ' '.repeat(impl.node.valueRange.start.character + 4);
    return { file: impl.node.file, range: { start: pos, end: pos }, newText: `\n${indent}${JSON.stringify(key)}: ${json}` };
  }
  const lineText = idx.lineText(last.keyRange.start.line);
  const indent = /^\s*/.exec(lineText)![0];
  const at = last.valueRange.end;
  return { file: impl.node.file, range: { start: at, end: at }, newText: `,\n${indent}${JSON.stringify(key)}: ${json}` };
}

export function related(file: string, range: RelatedInfo['range'], message: Localized): RelatedInfo {
  return { file, range, message };
}
