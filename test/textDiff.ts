/**
 * Line diffs for the rule cases: a case stores a shipped default's small changes as a unified diff (`<file>.patch`),
 * and a case's snapshot shows the text after each fix as a diff from the case's text. Lines keep their terminators,
 * so applying a diff gives back the exact text; a missing final newline is written as `\ No newline at end of file`.
 */

const NO_NEWLINE = '\\ No newline at end of file';

/** The lines of a text, each with its `\n` (the last one without, when the text does not end in one). */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

type Op = [' ' | '-' | '+', string];

/** The shortest edit script from `a` to `b` (longest common subsequence; the files here have a few hundred lines). */
function ops(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push([' ', a[i++]]);
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) out.push(['-', a[i++]]);
    else out.push(['+', b[j++]]);
  }
  return out;
}

/** How a line is written in a diff: its text without the `\n`, and the no-newline marker where it has none. */
function written(tag: string, line: string, show: (s: string) => string): string {
  return line.endsWith('\n') ? `${tag}${show(line.slice(0, -1))}\n` : `${tag}${show(line)}\n${NO_NEWLINE}\n`;
}

/**
 * A unified diff from `a` to `b` with `context` lines around each change, or '' when they are equal. `show` rewrites
 * each line's text for display (the snapshots make control characters visible); the default keeps it, so the result
 * applies with `applyPatch`.
 */
export function unifiedDiff(a: string, b: string, names: { from: string; to: string }, context = 2, show: (s: string) => string = (s) => s): string {
  if (a === b) return '';
  const all = ops(splitLines(a), splitLines(b));
  const changed = all.map((o, k) => (o[0] !== ' ' ? k : -1)).filter((k) => k >= 0);
  // Group the changes whose context windows touch into hunks.
  const groups: [number, number][] = [];
  for (const k of changed) {
    const last = groups[groups.length - 1];
    if (last && k - last[1] <= 2 * context) last[1] = k;
    else groups.push([k, k]);
  }
  let out = `--- ${names.from}\n+++ ${names.to}\n`;
  for (const [first, lastChanged] of groups) {
    const start = Math.max(0, first - context);
    const end = Math.min(all.length, lastChanged + context + 1);
    // Line numbers (1-based) where the hunk starts in each text.
    let oldLine = 1;
    let newLine = 1;
    for (const [tag] of all.slice(0, start)) {
      if (tag !== '+') oldLine++;
      if (tag !== '-') newLine++;
    }
    const hunk = all.slice(start, end);
    const oldLen = hunk.filter(([t]) => t !== '+').length;
    const newLen = hunk.filter(([t]) => t !== '-').length;
    out += `@@ -${oldLen ? oldLine : oldLine - 1},${oldLen} +${newLen ? newLine : newLine - 1},${newLen} @@\n`;
    for (const [tag, line] of hunk) out += written(tag, line, show);
  }
  return out;
}

/** Applies a unified diff written by `unifiedDiff` to `base`; throws when a hunk does not match the base exactly. */
export function applyPatch(base: string, patch: string): string {
  const lines = splitLines(base);
  const rows = patch.split('\n');
  if (rows[rows.length - 1] === '') rows.pop();
  const out: string[] = [];
  let next = 0; // the index in `lines` not yet copied
  let r = 0;
  while (r < rows.length && !rows[r].startsWith('@@')) r++;
  while (r < rows.length) {
    const m = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(rows[r]);
    if (!m) throw new Error(`not a hunk header: ${rows[r]}`);
    const oldStart = Number(m[1]) - (m[2] === '0' ? 0 : 1);
    if (oldStart < next) throw new Error(`hunks overlap at ${rows[r]}`);
    out.push(...lines.slice(next, oldStart));
    next = oldStart;
    r++;
    for (; r < rows.length && !rows[r].startsWith('@@'); r++) {
      const tag = rows[r][0];
      let text = `${rows[r].slice(1)}\n`;
      if (rows[r + 1] === NO_NEWLINE) {
        text = text.slice(0, -1);
        r++;
      }
      if (tag === '+') out.push(text);
      else if (tag === ' ' || tag === '-') {
        if (lines[next] !== text)
          throw new Error(`the patch expects ${JSON.stringify(text)} at line ${next + 1}, the base has ${JSON.stringify(lines[next] ?? '(end of file)')}`);
        if (tag === ' ') out.push(text);
        next++;
      } else throw new Error(`not a diff line: ${rows[r]}`);
    }
  }
  out.push(...lines.slice(next));
  return out.join('');
}
