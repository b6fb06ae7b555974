/**
 * The rule catalogue as a table of cases: every folder server/src/core/rules/<code>.cases/<case>/ holds config files
 * (or shipped defaults it starts from, see test/ruleCases.ts) and an expected.json; the whole pipeline (discover →
 * read → link → rules) runs on the folder and the findings of <code> must equal `expect` exactly (other codes listed
 * there must also be present). snapshot.md records every finding and the text after each fix; `npm run snapshots`
 * rewrites it and prints the difference for review.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/core/rules/index';
import type { Finding } from '../server/src/core/model';
import { allCases, analyzeCase, rangeText, readExpected, renderSnapshot, RULES_DIR, SNAPSHOT } from './ruleCases';
import { unifiedDiff } from './textDiff';

const at = (f: Finding) => rangeText(f.range);

function key(code: string, file: string, pos: string): string {
  return `${code} ${file} ${pos}`;
}

const byCode = new Map<string, [string, string][]>();
for (const [code, name, dir] of allCases()) byCode.set(code, [...(byCode.get(code) ?? []), [name, dir]]);

describe('rule cases', () => {
  it('every rule file is registered and every rule has cases that fire and stay silent', () => {
    const files = fs
      .readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts', 'engine.ts'].includes(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    assert.deepEqual(RULES.map((r) => r.code).sort(), files, 'rules/index.ts lists every rule file (npm run build regenerates it)');
    for (const rule of RULES) {
      const dir = path.join(RULES_DIR, `${rule.code}.cases`);
      const cases = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
      assert.ok(
        cases.some((c) => c.startsWith('fires')),
        `${rule.code} has a fires-* case`,
      );
      assert.ok(
        cases.some((c) => c.startsWith('silent')),
        `${rule.code} has a silent-* case`,
      );
    }
  });

  for (const [code, cases] of byCode) {
    describe(code, () => {
      for (const [caseName, caseDir] of cases) {
        it(caseName, () => {
          const expected = readExpected(caseDir);
          const { findings, failures, model } = analyzeCase(caseDir, expected);
          assert.deepEqual(failures, [], 'no rule throws');
          // Every token and secret configured in the case, to check that none is shown in full.
          const secrets = [
            ...model.lagrange.flatMap((c) => c.implementations.flatMap((i) => [i.accessToken ?? '', i.secret])),
            ...model.nonebot.flatMap((p) =>
              Object.values(p.settings)
                .filter((s) => /TOKEN|SECRET/.test(s.name))
                .map((s) => s.value ?? ''),
            ),
          ].filter((s) => s.length > 0 && !/^(?:null|true|false)$/.test(s)); // JSON literals are shown as such
          const rel = (f: string) => path.relative(caseDir, f).split(path.sep).join('/');
          const actual = findings.filter((f) => f.code === code).map((f) => key(f.code, rel(f.file), at(f)));
          const want = expected.expect.filter((e) => e.code === code).map((e) => key(e.code, e.file, e.at));
          assert.deepEqual(actual.sort(), want.sort(), `findings of ${code}:\n${describeAll(findings, rel)}`);
          const others = new Set(findings.map((f) => key(f.code, rel(f.file), at(f))));
          for (const e of expected.expect.filter((x) => x.code !== code)) {
            assert.ok(others.has(key(e.code, e.file, e.at)), `also expected ${key(e.code, e.file, e.at)}`);
          }
          for (const e of expected.expect.filter((x) => x.severity)) {
            const f = findings.find((x) => key(x.code, rel(x.file), at(x)) === key(e.code, e.file, e.at));
            assert.equal(f?.severity, e.severity, `severity of ${e.code}`);
          }
          if (expected.clean) {
            assert.deepEqual(
              findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => key(f.code, rel(f.file), at(f))),
              [],
              'a clean configuration',
            );
          }
          for (const f of findings) {
            assert.ok(f.message.en.length > 0 && f.message.zh.length > 0, `${f.code} speaks both languages`);
            for (const fix of f.fixes) assert.ok(fix.edits.length > 0, `${f.code} fix "${fix.title.en}" has edits`);
            assert.ok(f.fixes.filter((x) => x.preferred).length <= 1, `${f.code}: at most one preferred fix`);
            for (const fix of f.fixes) {
              const writesSecret = fix.edits.some((e) => secrets.some((s) => s.length >= 4 && e.newText.includes(s)));
              assert.ok(!writesSecret || fix.sensitive, `${f.code}: fix "${fix.title.en}" writes a token and is marked sensitive`);
              assert.ok(
                !secrets.some((s) => s.length >= 3 && (fix.title.en.includes(s) || fix.title.zh.includes(s))),
                `${f.code}: fix titles never show a token`,
              );
            }
            assert.ok(
              !secrets.some((s) => s.length >= 3 && (f.message.en.includes(s) || f.message.zh.includes(s))),
              `${f.code}: messages never show a token in full`,
            );
          }
          const snapshot = path.join(caseDir, SNAPSHOT);
          const shown = path.relative(process.cwd(), snapshot);
          assert.ok(fs.existsSync(snapshot), `${shown} is missing: run \`npm run snapshots -- ${code}/${caseName}\`, read the new file and commit it`);
          const recorded = fs.readFileSync(snapshot, 'utf8');
          const got = renderSnapshot(code, caseName, caseDir);
          assert.ok(
            got === recorded,
            `${shown} differs from what the rules give now; if the change is intended run \`npm run snapshots\` and review its diff:\n${unifiedDiff(recorded, got, { from: 'snapshot.md', to: 'now' }, 2)}`,
          );
        });
      }
    });
  }
});

function describeAll(findings: Finding[], rel: (f: string) => string): string {
  return findings.map((f) => `  ${key(f.code, rel(f.file), at(f))}  ${f.message.en}`).join('\n') || '  (none)';
}
