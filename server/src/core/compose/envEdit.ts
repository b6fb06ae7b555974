/**
 * Rewriting one variable of a compose service's environment where it is written: a compose `environment` entry (map
 * or list form, YAML), a line of an `env_file` (compose's .env grammar), or a Dockerfile `ENV`. The edit keeps the
 * quoting as written when the new value fits in it, and otherwise writes the whole value again, quoted as needed.
 */
import type { EnvBinding, TextEdit } from '../model';
import { plainSafe, yamlString } from '../impl/yaml';
import { replaceUrlPart } from '../impl/json5';

/** An edit that makes the variable hold `value`; undefined only for a value no single line can hold. */
export function editEnvBinding(b: EnvBinding, value: string): TextEdit | undefined {
  if (/[\r\n]/.test(value)) return undefined;
  const inner = b.valueLoc;
  const quote = b.quote ?? '';
  if (b.from === 'environment') {
    const dollars = value.replace(/\$/g, '$$$$'); // compose interpolates: `$$` is a literal `$`
    if (inner && quote === '"' && !/["\\]/.test(value)) return { file: inner.file, range: inner.range, newText: dollars };
    if (inner && quote === "'" && !value.includes("'")) return { file: inner.file, range: inner.range, newText: dollars };
    if (b.form === 'map') {
      if (inner && quote === '' && plainSafe(dollars)) return { file: inner.file, range: inner.range, newText: dollars };
      return { file: b.loc.file, range: b.loc.range, newText: yamlString(dollars) };
    }
    if (inner && quote === '' && plainSafe(`a${dollars}`) && !dollars.includes(',')) return { file: inner.file, range: inner.range, newText: dollars };
    return { file: b.loc.file, range: b.loc.range, newText: yamlString(`${b.name}=${dollars}`) };
  }
  if (b.from === 'env_file') {
    // compose's .env grammar: an unquoted value ends at " #" and interpolates `$`; single quotes are literal.
    if (/^[^\s#'"$\\]*$/.test(value)) return { file: b.loc.file, range: b.loc.range, newText: value };
    if (!value.includes("'")) return { file: b.loc.file, range: b.loc.range, newText: `'${value}'` };
    return { file: b.loc.file, range: b.loc.range, newText: JSON.stringify(value).replace(/\$/g, '\\$') };
  }
  // Dockerfile ENV: the range is the value inside its quotes, if any.
  if (/^[^\s'"$\\]*$/.test(value) || (quote === '"' && !/["\\$]/.test(value)) || (quote === "'" && !value.includes("'")))
    return { file: b.loc.file, range: b.loc.range, newText: value };
  return undefined;
}

/**
 * The new value of a variable that holds `current` when one part of it changes: the whole value (`url`, a port, a
 * host, a token…), or a part of the URL it holds (`path`, `host`, `port` of a dial URL).
 */
export function envValueFor(current: string, part: 'whole' | 'path' | 'host' | 'port', value: string): string | undefined {
  if (part === 'whole') return value;
  const r = replaceUrlPart(current, part, value);
  return r ? current.slice(0, r.start) + r.text + current.slice(r.end) : undefined;
}
