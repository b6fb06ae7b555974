/**
 * "Fix All": the certain fix of each finding (the one a rule marks `preferred`), gathered into one set of edits that
 * can be applied together. The language server answers the client's Fix All request with it; it reads no file.
 *
 * - The same fix reported on both files of a link (a rule reports a link's cause on each side) is taken once.
 * - Fixes that edit only the finding's own file come first. A fix that edits another file waits when that file is
 *   already being edited: the two could fix one cause twice (say, a rename of a misspelt key there plus a second copy
 *   of the key). The next run, on the re-read files, decides.
 * - Two fixes whose edits overlap, or insert at the same place (their order would be a guess), are never both taken:
 *   the second waits for the next run. Edits that only touch at their ends are fine.
 */
import type { Finding, Fix, Range, TextEdit } from './model';

export interface CertainFixes {
  /** Every edit to make, grouped by nothing: each carries its file. */
  edits: TextEdit[];
  /** The findings whose fix is among them, in the order taken. */
  fixed: Finding[];
  /** Findings with a certain fix left for the next run (a clash with a fix taken before). */
  deferred: Finding[];
}

/** The finding's certain fix, if it has one that edits something. */
export function certainFixOf(finding: Finding): Fix | undefined {
  return finding.fixes.find((f) => f.preferred === true && f.edits.length > 0);
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function same(a: Range['start'], b: Range['start']): boolean {
  return a.line === b.line && a.character === b.character;
}

/** Overlapping text, or two insertions at one place. Ranges that only touch at an end do not clash. */
export function editsClash(a: Range, b: Range): boolean {
  const aEmpty = same(a.start, a.end);
  const bEmpty = same(b.start, b.end);
  if (aEmpty && bEmpty) return same(a.start, b.start);
  // Half-open intervals [start, end): they overlap when each starts before the other ends.
  if (aEmpty) return before(b.start, a.start) && before(a.start, b.end);
  if (bEmpty) return before(a.start, b.start) && before(b.start, a.end);
  return before(a.start, b.end) && before(b.start, a.end);
}

export function certainFixes(findings: Iterable<Finding>): CertainFixes {
  const candidates: { finding: Finding; edits: TextEdit[]; local: boolean }[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const fix = certainFixOf(finding);
    if (!fix) continue;
    const key = JSON.stringify(fix.edits.map((e) => [e.file, e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText]));
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({ finding, edits: fix.edits, local: fix.edits.every((e) => e.file === finding.file) });
  }
  // Stable: among the local ones (and among the others) the findings keep their order.
  candidates.sort((a, b) => Number(b.local) - Number(a.local));
  const taken = new Map<string, Range[]>();
  const out: CertainFixes = { edits: [], fixed: [], deferred: [] };
  for (const c of candidates) {
    const clash = c.edits.some((e) => {
      const ranges = taken.get(e.file);
      return ranges !== undefined && (!c.local || ranges.some((r) => editsClash(r, e.range)));
    });
    if (clash) {
      out.deferred.push(c.finding);
      continue;
    }
    for (const e of c.edits) {
      out.edits.push(e);
      taken.set(e.file, [...(taken.get(e.file) ?? []), e.range]);
    }
    out.fixed.push(c.finding);
  }
  return out;
}
