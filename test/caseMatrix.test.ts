/**
 * Every cross-file rule has a fires-* and a silent-* case for each implementation (Lagrange.OneBot, NapCat, go-cqhttp,
 * LLOneBot) and each framework (NoneBot, Koishi) it applies to; the sides it does not apply to are listed with their
 * reason in scripts/case-matrix.ts. And no finding of any case shows an implementation's or Koishi's token or secret
 * in full (rules.cases.test.ts checks Lagrange's and NoneBot's).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APPLIES, PAIR_NA, PAIRS, caseMatrix, gaps, pairExcluded, pairMatrix, sidesOf } from '../scripts/case-matrix';
import { RULES } from '../server/src/core/rules/index';
import { analyze } from '../server/src/core/analyze';
import { nodeFileHost } from '../server/src/core/fs';
import { casesOnDisk } from './ruleCases';

// Case folders keep shipped defaults by reference: read them written out whole.
const RULES_DIR = casesOnDisk();

describe('rule case matrix', () => {
  it('every cross-file rule is in the matrix, but those about Docker Compose placement and unreadable files', () => {
    const codes = new Set(RULES.map((r) => r.code));
    for (const code of Object.keys(APPLIES)) assert.ok(codes.has(code), `${code} is a rule`);
    // compose-*: where each program runs in Docker Compose (not a pair of config files); file-unreadable: any file.
    const outside = (code: string) => code.startsWith('compose-') || code === 'file-unreadable';
    const cross = RULES.filter((r) => r.scope === 'cross' && !outside(r.code)).map((r) => r.code);
    for (const code of cross) assert.ok(code in APPLIES, `${code} is in scripts/case-matrix.ts APPLIES`);
  });

  it('each (rule, implementation or framework) it applies to has a fires and a silent case', () => {
    assert.deepEqual(gaps(caseMatrix(RULES_DIR)), []);
  });

  it('each (rule, implementation + framework) pair it applies to has a fires and a silent case holding both', () => {
    assert.deepEqual(gaps(pairMatrix(RULES_DIR)), []);
  });

  it('a pair is exempt when the rule does not apply to one of its sides, or for a reason listed for that pair', () => {
    const table: [string, string, string, boolean][] = [
      ['token-mismatch', 'lagrange', 'nonebot', false],
      ['token-mismatch', 'lagrange', 'koishi', true], // Koishi never checks the token
      ['selfid-mismatch', 'napcat', 'nonebot', true], // NoneBot takes any account
      ['selfid-mismatch', 'napcat', 'koishi', false],
      ['impl-config-syntax', 'gocqhttp', 'nonebot', true], // the implementation file alone
      ['port-conflict', 'lagrange', 'koishi', false],
    ];
    for (const [code, impl, fw, exempt] of table) assert.equal(pairExcluded(code, impl as never, fw as never) !== undefined, exempt, `${code} ${impl}+${fw}`);
    for (const [code, row] of Object.entries(PAIR_NA)) {
      assert.ok(code in APPLIES, `PAIR_NA names the rule ${code}`);
      for (const [pair, reason] of Object.entries(row)) {
        assert.ok(
          PAIRS.some(([i, f]) => `${i}+${f}` === pair),
          `${code}: ${pair} is a pair`,
        );
        assert.ok((reason ?? '').length > 20, `${code} ${pair} says why`);
      }
    }
  });

  it('reads the sides of a case from its workspace model', () => {
    const table: [string, string[]][] = [
      ['token-mismatch.cases/fires-gocqhttp-anchor', ['gocqhttp', 'nonebot']],
      ['selfid-mismatch.cases/fires-lagrange-koishi', ['koishi', 'lagrange']],
      ['driver-not-server.cases/silent-every-implementation', ['gocqhttp', 'llonebot', 'napcat', 'nonebot']],
      ['driver-not-client.cases/fires-default-driver', ['nonebot']],
    ];
    for (const [dir, sides] of table) assert.deepEqual([...sidesOf(path.join(RULES_DIR, dir))].sort(), sides, dir);
  });
});

describe('no case shows an implementation token or secret in full', () => {
  for (const code of Object.keys(APPLIES)) {
    const dir = path.join(RULES_DIR, `${code}.cases`);
    if (!fs.existsSync(dir)) continue;
    it(code, () => {
      for (const c of fs.readdirSync(dir)) {
        const caseDir = path.join(dir, c);
        if (!fs.statSync(caseDir).isDirectory()) continue;
        const { model, findings } = analyze([caseDir], nodeFileHost, {});
        const secrets = [
          ...model.implementations.flatMap((i) => i.endpoints.flatMap((e) => [e.token ?? '', e.secret ?? ''])),
          ...model.koishi.flatMap((k) => k.endpoints.flatMap((e) => [e.token ?? '', e.secret ?? ''])),
        ].filter((s) => s.length >= 4);
        for (const f of findings) {
          for (const s of secrets) {
            assert.ok(!f.message.en.includes(s) && !f.message.zh.includes(s), `${c}: ${f.code} message shows a token`);
            for (const r of f.related ?? []) assert.ok(!r.message.en.includes(s) && !r.message.zh.includes(s), `${c}: ${f.code} related shows a token`);
            for (const fix of f.fixes) {
              assert.ok(!fix.title.en.includes(s) && !fix.title.zh.includes(s), `${c}: ${f.code} fix title shows a token`);
              if (fix.edits.some((e) => e.newText.includes(s)))
                assert.ok(fix.sensitive, `${c}: ${f.code} fix "${fix.title.en}" writes a token and is marked sensitive`);
            }
          }
        }
      }
    });
  }
});
