/**
 * Fix All (server/src/core/certainFixes.ts): which certain fixes are taken together, as tables of cases; then the
 * whole rule catalogue as the proof that each certain fix does what it says: on every case folder, Fix All's edits
 * remove the findings they fix and add no error, and repeating it ends.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { certainFixes, editsClash } from '../../server/src/core/certainFixes';
import type { FileHost, Finding, Fix, Range, TextEdit } from '../../server/src/core/model';
import { applyEdits } from '../../server/src/core/text/applyEdits';
import { allCases, caseHost, readExpected } from '../ruleCases';

/** "line:char-line:char", 0-based. */
function r(s: string): Range {
  const [a, b] = s.split('-').map((p) => p.split(':').map(Number));
  return { start: { line: a[0], character: a[1] }, end: { line: b[0], character: b[1] } };
}

describe('editsClash', () => {
  // [a, b, clash?]
  const rows: [string, string, boolean][] = [
    ['0:0-0:5', '0:3-0:8', true], // overlap
    ['0:0-0:5', '0:5-0:8', false], // touching ends
    ['0:0-0:5', '1:0-1:2', false], // other line
    ['0:0-2:0', '1:0-1:2', true], // inside
    ['0:4-0:4', '0:4-0:4', true], // two insertions at one place: order would be a guess
    ['0:4-0:4', '0:5-0:5', false],
    ['0:4-0:4', '0:0-0:8', true], // insertion inside a replaced span
    ['0:0-0:4', '0:4-0:4', false], // insertion at the end of a replaced span
    ['0:4-0:4', '0:4-0:8', false], // insertion at the start of a replaced span
  ];
  for (const [a, b, want] of rows) {
    it(`${a} × ${b} → ${want}`, () => {
      assert.equal(editsClash(r(a), r(b)), want);
      assert.equal(editsClash(r(b), r(a)), want, 'symmetric');
    });
  }
});

describe('certainFixes: which fixes are taken in one run', () => {
  const edit = (file: string, range: string, newText: string): TextEdit => ({ file, range: r(range), newText });
  const fix = (edits: TextEdit[], preferred = true): Fix => ({ title: { en: 't', zh: 't' }, edits, preferred });
  const finding = (code: string, file: string, fixes: Fix[]): Finding => ({
    code,
    severity: 'error',
    file,
    range: r('0:0-0:1'),
    message: { en: code, zh: code },
    related: [],
    fixes,
  });
  // [name, findings, codes taken (in order), codes deferred]
  const rows: [string, Finding[], string[], string[]][] = [
    ['nothing certain: nothing taken', [finding('a', 'x', [fix([edit('x', '0:0-0:1', 'A')], false)])], [], []],
    ['a certain fix without edits is not one', [finding('a', 'x', [fix([])])], [], []],
    [
      'the same fix reported on both files of a link is taken once',
      [finding('a', 'x', [fix([edit('y', '1:0-1:3', 'B')])]), finding('a', 'y', [fix([edit('y', '1:0-1:3', 'B')])])],
      ['a'],
      [],
    ],
    [
      'two fixes of one file that do not touch are both taken',
      [finding('a', 'x', [fix([edit('x', '0:0-0:1', 'A')])]), finding('b', 'x', [fix([edit('x', '2:0-2:1', 'B')])])],
      ['a', 'b'],
      [],
    ],
    [
      'overlapping fixes: the second waits',
      [finding('a', 'x', [fix([edit('x', '0:0-0:5', 'A')])]), finding('b', 'x', [fix([edit('x', '0:2-0:3', 'B')])])],
      ['a'],
      ['b'],
    ],
    [
      'a fix of the finding’s own file goes before one that edits the other side, which then waits',
      [finding('remote', 'x', [fix([edit('y', '5:0-5:0', 'KEY=1\n')])]), finding('local', 'y', [fix([edit('y', '1:0-1:3', 'KEY')])])],
      ['local'],
      ['remote'],
    ],
    [
      'a fix of another file is taken when nothing else edits that file',
      [finding('remote', 'x', [fix([edit('y', '5:0-5:0', 'KEY=1\n')])]), finding('local', 'x', [fix([edit('x', '1:0-1:3', 'K')])])],
      ['local', 'remote'],
      [],
    ],
    ['only the preferred fix counts', [finding('a', 'x', [fix([edit('x', '0:0-0:1', 'no')], false), fix([edit('x', '3:0-3:1', 'yes')])])], ['a'], []],
  ];
  for (const [name, findings, taken, deferred] of rows) {
    it(name, () => {
      const got = certainFixes(findings);
      assert.deepEqual(
        got.fixed.map((f) => f.code),
        taken,
      );
      assert.deepEqual(
        got.deferred.map((f) => f.code),
        deferred,
      );
      assert.equal(
        got.edits.length,
        got.fixed.reduce((n, f) => n + (f.fixes.find((x) => x.preferred)?.edits.length ?? 0), 0),
      );
    });
  }
});

/** The case's host with the files Fix All changed read from memory. */
function edited(base: FileHost, changed: Map<string, string>): FileHost {
  return {
    readFile: (f) => changed.get(path.resolve(f)) ?? base.readFile(f),
    readDir: (d) => base.readDir(d),
  };
}

const tally = (findings: Finding[], pick: (f: Finding) => boolean = () => true) => {
  const m = new Map<string, number>();
  for (const f of findings.filter(pick)) m.set(`${f.code} ${f.file}`, (m.get(`${f.code} ${f.file}`) ?? 0) + 1);
  return m;
};

describe('Fix All on every rule case: each certain fix removes its finding and adds no error', () => {
  for (const [code, name, dir] of allCases()) {
    it(`${code}/${name}`, () => {
      const expected = readExpected(dir);
      const base = caseHost(dir, expected);
      const changed = new Map<string, string>();
      const host = edited(base, changed);
      const run = () => analyze([dir], host, { dotnetEnvironment: expected.options?.dotnetEnvironment, processEnv: expected.options?.processEnv }).findings;
      let before = run();
      for (let pass = 1; ; pass++) {
        const chosen = certainFixes(before);
        if (chosen.fixed.length === 0) break;
        assert.ok(pass <= 5, `still fixing after 5 runs: ${chosen.fixed.map((f) => f.code).join(', ')}`);
        const byFile = new Map<string, TextEdit[]>();
        for (const e of chosen.edits) byFile.set(path.resolve(e.file), [...(byFile.get(path.resolve(e.file)) ?? []), e]);
        for (const [file, edits] of byFile) changed.set(file, applyEdits(host.readFile(file) ?? '', edits));
        const after = run();
        const was = tally(before);
        const now = tally(after);
        const fixedHere = tally(chosen.fixed);
        for (const [key, n] of fixedHere) {
          assert.ok((now.get(key) ?? 0) <= (was.get(key) ?? 0) - n, `run ${pass}: ${key} was ${was.get(key)}, ${n} fixed, still ${now.get(key) ?? 0}`);
        }
        const errorsBefore = tally(before, (f) => f.severity === 'error');
        for (const [key, n] of tally(after, (f) => f.severity === 'error')) {
          assert.ok(n <= (errorsBefore.get(key) ?? 0), `run ${pass}: the fixes added an error: ${key}`);
        }
        before = after;
      }
    });
  }
});
