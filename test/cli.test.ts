import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const TOKEN = 'MyS3cretToken';

function cli(...args: string[]) {
  const p = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  return { code: p.status, out: p.stdout, err: p.stderr };
}

describe('onebot-doctor check', () => {
  const table: { name: string; args: string[]; code: number; out?: RegExp[]; err?: RegExp }[] = [
    {
      name: 'broken example: errors on both sides, exit 1',
      args: ['check', 'examples/broken'],
      code: 1,
      out: [
        /^examples\/broken\/lagrange\/appsettings\.json:32:\d+ error ws-path /m,
        /^examples\/broken\/nonebot\/\.env\.prod:9:1 warning env-unknown-key /m,
        /token-unused/,
        /\d+ errors?, \d+ warnings?/,
        /link reverse-ws: examples\/broken\/lagrange\/appsettings\.json \[Implementations\[0\] \(ReverseWebSocket\)\] → nonebot examples\/broken\/nonebot ws:\/\/127\.0\.0\.1:8080\/onebot\/v11/,
      ],
    },
    { name: 'fixed example: exit 0', args: ['check', 'examples/fixed'], code: 0, out: [/^0 errors, 0 warnings/m] },
    { name: 'Chinese messages', args: ['check', 'examples/broken', '--lang', 'zh-CN'], code: 1, out: [/个错误/] },
    { name: 'a rule turned off', args: ['check', 'examples/broken', '--rule', 'env-unknown-key=off'], code: 1 },
    { name: 'unknown option: usage, exit 2', args: ['check', '--bogus'], code: 2, err: /unknown option --bogus/ },
    { name: 'missing folder: exit 2', args: ['check', 'no/such/dir'], code: 2, err: /not a folder/ },
    { name: 'bad --format: exit 2', args: ['check', '--format', 'xml'], code: 2, err: /--format must be text or json/ },
    { name: 'unknown rule code: exit 2', args: ['check', '--rule', 'nope=off'], code: 2, err: /unknown rule code/ },
    { name: 'unknown command: exit 2', args: ['frobnicate'], code: 2, err: /unknown command/ },
    { name: 'rules lists the catalogue', args: ['rules'], code: 0, out: [/^token-mismatch\s+error/m] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const r = cli(...row.args);
      assert.equal(r.code, row.code, r.out + r.err);
      for (const re of row.out ?? []) assert.match(r.out, re);
      if (row.err) assert.match(r.err, row.err);
      assert.ok(!(r.out + r.err).includes(TOKEN), 'the token never appears in full');
    });
  }

  it('json output: LSP ranges, codes, related locations relative to DIR', () => {
    const r = cli('check', 'examples/broken', '--format', 'json');
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as {
      diagnostics: { file: string; range: { start: { line: number; character: number } }; severity: string; code: string; message: string; related: { file: string }[] }[];
      links: { kind: string }[];
    };
    const wsPath = json.diagnostics.filter((d) => d.code === 'ws-path');
    assert.ok(wsPath.some((d) => d.file === 'lagrange/appsettings.json' && d.range.start.line === 31 && d.severity === 'error'));
    assert.ok(wsPath.every((d) => d.related.length > 0), 'cross-file findings point at the other side');
    assert.ok(json.diagnostics.some((d) => d.code === 'token-unused'));
    assert.deepEqual(json.links.map((l) => l.kind), ['reverse-ws']);
    assert.ok(!r.out.includes(TOKEN));
  });
});
