/**
 * Compose interpolation of one value (compose-spec/compose-spec `interpolation.md`; compose-spec/compose-go
 * `template/template.go`): `${VAR}`, `$VAR`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`, `${VAR:+a}`, `${VAR+a}`,
 * `$$` for a literal `$`. Unknown syntax is kept as written.
 */

export interface Interpolated {
  value: string;
  /** Substitutions as offsets into the raw string. */
  subs: { name: string; start: number; end: number }[];
  /** `${VAR:?message}` with VAR unset: compose stops with the message. */
  errors: { name: string; message: string; start: number; end: number }[];
}

export function interpolate(raw: string, env: Record<string, string | undefined>): Interpolated {
  const out: Interpolated = { value: '', subs: [], errors: [] };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c !== '$') {
      out.value += c;
      i++;
      continue;
    }
    const next = raw[i + 1];
    if (next === '$') {
      out.value += '$';
      i += 2;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(raw.slice(i + 1));
    if (bare) {
      const name = bare[0];
      out.value += env[name] ?? '';
      out.subs.push({ name, start: i, end: i + 1 + name.length });
      i += 1 + name.length;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(raw, i + 1);
      if (close < 0) {
        out.value += raw.slice(i);
        break;
      }
      const body = raw.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
      if (!m) {
        out.value += raw.slice(i, close + 1);
        i = close + 1;
        continue;
      }
      const [, name, op, arg = ''] = m;
      const v = env[name];
      const unset = op?.startsWith(':') ? v === undefined || v === '' : v === undefined;
      let value: string;
      if (!op) value = v ?? '';
      else if (op.endsWith('-')) value = unset ? interpolate(arg, env).value : v!;
      else if (op.endsWith('+')) value = unset ? '' : interpolate(arg, env).value;
      else {
        value = unset ? '' : v!;
        if (unset) out.errors.push({ name, message: interpolate(arg, env).value, start: i, end: close + 1 });
      }
      out.value += value;
      out.subs.push({ name, start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    out.value += c;
    i++;
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j;
  }
  return -1;
}
