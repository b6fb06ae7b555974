/**
 * Every reproduction of the robustness findings (test/fuzz/hostile.ts) at a small size: analyze() returns, and the
 * linked pair beside the hostile file keeps all its findings. `npm run fuzz` runs the same table at full size.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE, pairFindings, runHostile } from '../fuzz/hostile';

describe('a hostile file beside a linked pair', () => {
  it('the pair alone has its token-mismatch findings (the baseline the cases compare with)', () => {
    assert.equal([...pairFindings()].filter((k) => k.startsWith('token-mismatch ')).length, 2);
  });
  for (const c of HOSTILE) {
    // A generous timeout only catches a hang; growth is measured by `npm run bench`.
    it(`${c.name}, N = ${c.small}`, { timeout: 120_000 }, () => {
      const { missing } = runHostile(c, c.small);
      assert.deepEqual(missing, [], 'no finding of the pair is lost');
    });
  }
  it('the deep appsettings.json is reported once, on itself', () => {
    const { findings } = runHostile(HOSTILE[0], HOSTILE[0].small);
    const mine = findings.filter((f) => f.code === 'file-unreadable');
    assert.equal(mine.length, 1);
    assert.match(mine[0].file, /deep[\\/]appsettings\.json$/);
    assert.equal(mine[0].severity, 'error');
  });
});
