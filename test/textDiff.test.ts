/** The line diffs the rule cases store (`<file>.patch`) and show (snapshot.md): applying a diff gives the text back exactly. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, unifiedDiff } from './textDiff';

describe('unifiedDiff then applyPatch gives back the exact text', () => {
  // [name, before, after]
  const rows: [string, string, string][] = [
    ['one line changed', 'a\nb\nc\n', 'a\nB\nc\n'],
    ['a line added at the start', 'a\nb\n', 'x\na\nb\n'],
    ['a line added at the end', 'a\nb\n', 'a\nb\nc\n'],
    ['lines removed', 'a\nb\nc\nd\n', 'a\nd\n'],
    ['no final newline on both sides', '{\n  "a": 1\n}', '{\n  "a": 2\n}'],
    ['the final newline removed', 'a\nb\n', 'a\nb'],
    ['the final newline added', 'a\nb', 'a\nb\n'],
    ['from empty', '', 'a\n'],
    ['to empty', 'a\nb\n', ''],
    ['two changes far apart (two hunks)', 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n', 'L1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nL9\n'],
    ['a line that looks like a diff header', '--- a\n+++ b\n', '--- a\n+++ c\n'],
  ];
  for (const [name, before, after] of rows)
    it(name, () => {
      const patch = unifiedDiff(before, after, { from: 'before', to: 'after' }, 1);
      assert.equal(applyPatch(before, patch), after, patch);
    });
  it('equal texts give no diff', () => assert.equal(unifiedDiff('a\n', 'a\n', { from: 'x', to: 'y' }), ''));
});

describe('a patch that no longer fits its base is refused, with the line', () => {
  const patch = unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', { from: 'before', to: 'after' }, 1);
  const rows: [string, string, RegExp][] = [
    ['the changed line differs', 'a\nX\nc\n', /expects "b\\n" at line 2/],
    ['the context differs', 'z\nb\nc\n', /expects "a\\n" at line 1/],
    ['the base is shorter', 'a\n', /\(end of file\)/],
  ];
  for (const [name, base, error] of rows) it(name, () => assert.throws(() => applyPatch(base, patch), error));
});
