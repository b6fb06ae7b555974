/**
 * The `ENV` of a Dockerfile's final stage (or of `build.target`), as defaults of the container's environment below
 * compose's `env_file` and `environment`. Read statically, the way BuildKit's Dockerfile frontend reads it
 * (moby/buildkit `frontend/dockerfile/instructions/parse.go`, `frontend/dockerfile/shell/lex.go`; Docker's Dockerfile
 * reference, "ENV", "ARG", "Understand how ARG and FROM interact"):
 * - a stage starts at `FROM`; `FROM <earlier stage>` inherits that stage's environment;
 * - `ENV K=V K2="v 2"` sets several variables, the legacy `ENV K V` one (the rest of the line);
 * - `ARG NAME=default` declares a build argument usable by later `ENV` lines of its stage; an `ARG` before the first
 *   `FROM` is global, and a stage sees it only after `ARG NAME` repeats it; compose's `build.args` override defaults;
 * - values substitute `$VAR`, `${VAR}`, `${VAR:-w}`, `${VAR:+w}` from the stage's ARGs and ENVs; double quotes group and
 *   allow `\` escapes, single quotes are literal; a `\` at the end of a line continues it.
 * `FROM` an image outside the file (its own ENV) is not known here.
 */
import type { Location, Range } from '../model';
import { interpolate } from './interpolate';

export interface DockerfileEnv {
  value: string;
  loc: Location;
}

interface Line {
  text: string;
  /** Where each character of `text` is in the file (continuations joined). */
  at: { line: number; character: number }[];
}

function logicalLines(src: string): Line[] {
  const raw = src.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const out: Line[] = [];
  let cur: Line | undefined;
  raw.forEach((text, line) => {
    if (!cur && /^\s*#/.test(text)) return; // a comment (or parser directive) line
    if (cur && /^\s*#/.test(text)) return; // comment lines inside a continuation are dropped
    const cont = /\\\s*$/.test(text);
    const body = cont ? text.replace(/\\\s*$/, '') : text;
    if (!cur) cur = { text: '', at: [] };
    for (let c = 0; c < body.length; c++) {
      cur.text += body[c];
      cur.at.push({ line, character: c });
    }
    if (!cont) {
      if (cur.text.trim()) out.push(cur);
      cur = undefined;
    }
  });
  if (cur?.text.trim()) out.push(cur);
  return out;
}

/** Splits `K=V K2="a b"` into words, keeping each word's span; quotes and escapes stay in `raw`. */
function words(s: string, from: number): { raw: string; start: number; end: number }[] {
  const out: { raw: string; start: number; end: number }[] = [];
  let i = from;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    let q = '';
    while (i < s.length && (q || !/\s/.test(s[i]))) {
      const c = s[i];
      if (c === '\\' && q !== "'") i++;
      else if (!q && (c === '"' || c === "'")) q = c;
      else if (q && c === q) q = '';
      i++;
    }
    out.push({ raw: s.slice(start, i), start, end: i });
  }
  return out;
}

/** A word's value: quotes removed, escapes decoded, variables substituted (single-quoted parts stay literal). */
function unquote(raw: string, env: Record<string, string | undefined>): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      out += raw.slice(i + 1, end < 0 ? raw.length : end);
      i = end < 0 ? raw.length : end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let part = '';
      while (j < raw.length && raw[j] !== '"') {
        if (raw[j] === '\\' && j + 1 < raw.length) {
          part += raw[j + 1] === '$' ? '$$' : raw[j + 1];
          j += 2;
        } else part += raw[j++];
      }
      out += interpolate(part, env).value;
      i = j + 1;
    } else {
      let j = i;
      let part = '';
      while (j < raw.length && raw[j] !== '"' && raw[j] !== "'") {
        if (raw[j] === '\\' && j + 1 < raw.length) {
          part += raw[j + 1] === '$' ? '$$' : raw[j + 1];
          j += 2;
        } else part += raw[j++];
      }
      out += interpolate(part, env).value;
      i = j;
    }
  }
  return out;
}

/**
 * The environment a Dockerfile's stage sets. `target` is compose's `build.target` (the last stage when absent);
 * `buildArgs` compose's `build.args`. Never throws.
 */
export function dockerfileEnv(
  file: string,
  text: string,
  opts: { target?: string; buildArgs?: Record<string, string | undefined> } = {},
): Record<string, DockerfileEnv> {
  const lines = logicalLines(text);
  const globalArgs: Record<string, string | undefined> = {};
  const stages: { name?: string; env: Record<string, DockerfileEnv> }[] = [];
  let args: Record<string, string | undefined> = {};
  let cur: { name?: string; env: Record<string, DockerfileEnv> } | undefined;
  const loc = (l: Line, a: number, b: number): Location => {
    const s = l.at[a] ?? l.at[0];
    const e = l.at[Math.max(a, b - 1)] ?? s;
    const range: Range =
      s.line === e.line
        ? { start: s, end: { line: e.line, character: e.character + (b > a ? 1 : 0) } }
        : { start: s, end: { line: s.line, character: s.character } };
    return { file, range };
  };
  for (const l of lines) {
    const m = /^\s*([A-Za-z]+)(\s+|$)/.exec(l.text);
    if (!m) continue;
    const instr = m[1].toUpperCase();
    const restAt = m[0].length;
    if (instr === 'FROM') {
      const w = words(l.text, restAt)
        .map((x) => x.raw)
        .filter((x) => !x.startsWith('--'));
      const base = w[0]?.toLowerCase();
      const name = w[1]?.toLowerCase() === 'as' ? w[2]?.toLowerCase() : undefined;
      const parent = stages.find((s) => s.name !== undefined && s.name === base);
      cur = { name, env: { ...(parent?.env ?? {}) } };
      stages.push(cur);
      args = {};
      continue;
    }
    const scope = () => {
      const e: Record<string, string | undefined> = { ...args };
      for (const [k, v] of Object.entries(cur?.env ?? {})) e[k] = v.value;
      return e;
    };
    if (instr === 'ARG') {
      for (const w of words(l.text, restAt)) {
        const eq = w.raw.indexOf('=');
        const name = eq < 0 ? w.raw : w.raw.slice(0, eq);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        const dflt = eq < 0 ? undefined : unquote(w.raw.slice(eq + 1), cur ? scope() : globalArgs);
        if (!cur) globalArgs[name] = opts.buildArgs?.[name] ?? dflt;
        else args[name] = opts.buildArgs?.[name] ?? dflt ?? globalArgs[name];
      }
      continue;
    }
    if (instr === 'ENV' && cur) {
      const ws = words(l.text, restAt);
      if (ws.length === 0) continue;
      if (!ws[0].raw.includes('=')) {
        // Legacy `ENV KEY value with spaces`.
        const k = ws[0].raw;
        const start = ws[1]?.start ?? l.text.length;
        const raw = l.text.slice(start).trimEnd();
        cur.env[k] = { value: unquote(raw, scope()), loc: loc(l, start, start + raw.length) };
        continue;
      }
      const env = scope();
      for (const w of ws) {
        const eq = w.raw.indexOf('=');
        if (eq <= 0) continue;
        const k = w.raw.slice(0, eq);
        const value = unquote(w.raw.slice(eq + 1), env);
        let vs = w.start + eq + 1;
        let ve = w.end;
        if (/^(["']).*\1$/.test(w.raw.slice(eq + 1))) {
          vs++;
          ve--;
        }
        cur.env[k] = { value, loc: loc(l, vs, ve) };
      }
      // Later ENV lines see these; each line substitutes with the values before it (as BuildKit does).
    }
  }
  const target = opts.target?.toLowerCase();
  const chosen = (target ? stages.find((s) => s.name === target) : undefined) ?? stages[stages.length - 1];
  return chosen?.env ?? {};
}
