import type { TextEdit } from '../model';
import { LineIndex } from './lineIndex';

/**
 * The text with the edits made (positions are those of `text`, as every edit a rule makes). Edits must not overlap
 * (core/certainFixes.ts never takes two that do); two at one place keep their given order.
 */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'range' | 'newText'>[]): string {
  const idx = new LineIndex(text);
  const sorted = edits.map((e, i) => ({ e, i, start: idx.offset(e.range.start), end: idx.offset(e.range.end) })).sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const { e, start, end } of sorted) out = out.slice(0, start) + e.newText + out.slice(end);
  return out;
}
