/**
 * Per-file isolation (server/src/core/readSafely.ts) as a table: what one bad file costs is one diagnostic on that
 * file, whatever the way it is bad, and the linked pair beside it keeps its findings.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { MAX_CONFIG_BYTES, type DiagnosingFileHost, type FileIssue } from '../../server/src/core/fs';
import { ANALYSIS_BUDGET_MS } from '../../server/src/lsp/budget';
import { pairFiles, WS } from '../fuzz/hostile';

/** The pair plus one extra file, over a host that can fail on that file in a given way. */
function hostWith(extra: string, text: string, fail?: 'throw' | FileIssue): DiagnosingFileHost {
  const mem = new MemoryFileHost({ ...pairFiles(), [extra]: text });
  return {
    readFile(p) {
      if (p === extra && fail === 'throw') throw new Error('EIO while reading (the text "nonebot-side" must not leak)');
      if (p === extra && fail) return undefined;
      return mem.readFile(p);
    },
    readIssue(p) {
      return p === extra && fail && fail !== 'throw' ? fail : undefined;
    },
    readDir: (d) => mem.readDir(d),
  };
}

describe('one bad file costs one diagnostic on itself', () => {
  const extraEnv = path.join(WS, 'nonebot', '.env.prod');
  const extraJson = path.join(WS, 'lag2', 'appsettings.json');
  const rows: [name: string, file: string, host: () => DiagnosingFileHost, message: RegExp][] = [
    ['unreadable (EACCES)', extraEnv, () => hostWith(extraEnv, 'PORT=1\n', { kind: 'unreadable', detail: 'EACCES' }), /cannot be read \(EACCES\)/],
    ['too large on disk', extraEnv, () => hostWith(extraEnv, '', { kind: 'too-large', size: 3 * 1024 ** 3 }), /larger than 8\.0 MB \(3072\.0 MB\)/],
    [
      'not a regular file',
      extraEnv,
      () => hostWith(extraEnv, '', { kind: 'not-regular', detail: 'a named pipe (FIFO)' }),
      /a named pipe \(FIFO\), not a regular file/,
    ],
    ['an open buffer over the cap', extraEnv, () => hostWith(extraEnv, `PORT=1\n${'#'.repeat(MAX_CONFIG_BYTES)}`), /larger than 8\.0 MB/],
    ['a host that throws while reading', extraEnv, () => hostWith(extraEnv, 'PORT=1\n', 'throw'), /cannot be read \(Error\)/],
    [
      "JSON nested past .NET's 64 levels",
      extraJson,
      () => hostWith(extraJson, `{"Implementations": ${'['.repeat(65)}${']'.repeat(65)}}`),
      /more than 64 levels deep/,
    ],
  ];
  for (const [name, file, host, message] of rows) {
    it(name, () => {
      const r = analyze([WS], host());
      const mine = r.findings.filter((f) => f.code === 'file-unreadable');
      assert.deepEqual(
        mine.map((f) => f.file),
        [file],
      );
      assert.match(mine[0].message.en, message);
      assert.ok(mine[0].message.zh.length > 0);
      assert.ok(!mine[0].message.en.includes('nonebot-side'), 'no file content in the message');
      assert.equal(r.findings.filter((f) => f.code === 'token-mismatch').length, 2, 'the pair is still linted');
    });
  }
  it('JSON nested exactly 64 levels is read', () => {
    const r = analyze([WS], hostWith(extraJson, `{"Implementations": [], "X": ${'['.repeat(63)}${']'.repeat(63)}}`));
    assert.deepEqual(
      r.findings.filter((f) => f.code === 'file-unreadable'),
      [],
    );
  });
});

describe("the language server's time budget", () => {
  it('an exhausted budget stops reading and says so on the first file not read', () => {
    const r = analyze([WS], new MemoryFileHost(pairFiles()), { deadline: performance.now() - 1 });
    const mine = r.findings.filter((f) => f.code === 'file-unreadable');
    assert.equal(mine.length, 1);
    assert.match(mine[0].message.en, /^Analysis stopped after \d+ ms, before reading /);
    assert.equal(r.model.lagrange.length + r.model.nonebot.length, 0);
  });
  it('an ordinary workspace is analysed whole within the budget', () => {
    // As the server analyses a folder (DoctorServer): the deadline is the budget from now.
    const r = analyze([WS], new MemoryFileHost(pairFiles()), { deadline: performance.now() + ANALYSIS_BUDGET_MS });
    assert.deepEqual(
      r.findings.filter((f) => f.code === 'file-unreadable'),
      [],
    );
    assert.equal(r.findings.filter((f) => f.code === 'token-mismatch').length, 2);
  });
});
