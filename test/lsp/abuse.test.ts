/**
 * The server under abuse: random edit sequences across linked files, files deleted mid-lint, malformed messages.
 * It keeps answering, and its diagnostics equal a fresh lint of the final state.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../server/src/core/analyze';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { nodeFileHost } from '../../server/src/core/fs';
import type { FileHost } from '../../server/src/core/model';
import { LspClient, uri } from './lspClient';
import { arbAppsettings, arbEnv } from '../fuzz/properties';

describe('language server under abuse', () => {
  let ws: string;
  let c: LspClient;
  const files: Record<string, string> = {};
  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-abuse-'));
    fs.cpSync('examples/broken', ws, { recursive: true });
    c = new LspClient();
    c.settings = { ...c.settings, debounceMs: 5 };
    await c.start(ws);
    await c.until(() => c.statusCount >= 1, 'first analysis');
  });
  after(async () => {
    await c.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('200 random edits across linked files, then diagnostics equal a fresh lint', async () => {
    const lag = path.join(ws, 'lagrange/appsettings.json');
    const env = path.join(ws, 'nonebot/.env');
    const prod = path.join(ws, 'nonebot/.env.prod');
    const samples = {
      [lag]: fc.sample(arbAppsettings, { numRuns: 70, seed: 7 }),
      [env]: fc.sample(arbEnv, { numRuns: 70, seed: 8 }),
      [prod]: fc.sample(arbEnv, { numRuns: 70, seed: 9 }),
    };
    for (const f of [lag, env, prod]) {
      files[f] = fs.readFileSync(f, 'utf8');
      c.open(f, files[f]);
    }
    const order = [lag, env, prod];
    for (let i = 0; i < 200; i++) {
      const f = order[i % 3];
      files[f] = samples[f][i % 70];
      c.change(f, files[f]);
    }
    // A last, known edit per file, then wait for the analysis that follows it.
    files[lag] = fs.readFileSync(path.resolve('examples/broken/lagrange/appsettings.json'), 'utf8');
    files[prod] = 'HOST=127.0.0.1\nPORT=8081\n';
    files[env] = 'ENVIRONMENT=prod\nDRIVER=~fastapi\n';
    c.change(lag, files[lag]);
    c.change(prod, files[prod]);
    c.change(env, files[env]);
    // The same state, linted from scratch; the server must converge on exactly that.
    const overlay: FileHost = { readFile: (p) => files[p] ?? nodeFileHost.readFile(p), readDir: (p) => nodeFileHost.readDir(p) };
    const fresh = analyze([ws], overlay);
    const want = (f: string) =>
      fresh.findings
        .filter((x) => x.file === f)
        .map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}`)
        .sort()
        .join();
    const got = (f: string) =>
      (c.diagnostics.get(uri(f)) ?? [])
        .map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`)
        .sort()
        .join();
    assert.ok(want(lag).includes('port-mismatch'), 'the final state links the two sides');
    await c.until(() => [lag, env, prod].every((f) => got(f) === want(f)), 'diagnostics equal to a fresh lint of the final state');
  });

  it('a linked file deleted while edits are in flight', async () => {
    const dev = path.join(ws, 'nonebot/.env.dev');
    const before = c.statusCount;
    fs.rmSync(dev, { force: true });
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(dev), type: 3 }] });
    c.change(path.join(ws, 'nonebot/.env'), 'ENVIRONMENT=dev\nDRIVER=~fastapi\n');
    await c.until(() => c.statusCount > before && (c.diagnostics.get(uri(dev)) ?? []).length === 0, 'the deleted file cleared');
    assert.ok(fs.existsSync(path.join(ws, 'nonebot/.env')), 'the others are still there');
  });

  it('malformed messages: unknown methods, bad params, a hover on a file it never saw; it keeps answering', async () => {
    await assert.rejects(c.conn.sendRequest('onebotDoctor/noSuchThing', {}));
    await c.conn.sendRequest('textDocument/hover', { textDocument: {}, position: null }).then(
      (r) => assert.equal(r, null),
      () => undefined, // an error response is as good: the point is an answer
    );
    const h = await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere/.env' }, position: { line: 0, character: 0 } });
    assert.equal(h, null);
    const h2 = await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 5, character: 99 } });
    assert.equal(h2, null);
    const ca = await c.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri(path.join(ws, 'nonebot/.env')) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: {
        diagnostics: [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'onebot-doctor', code: 'no-such-code' },
        ],
      },
    });
    assert.deepEqual(ca, []);
    // Still alive and linting.
    const before = c.statusCount;
    c.change(path.join(ws, 'nonebot/.env'), 'ENVIRONMENT=prod\nDRIVER=fastapi\n');
    await c.until(() => c.statusCount > before && c.codes(path.join(ws, 'nonebot/.env')).includes('env-driver-syntax'), 'still linting');
  });
});

void MemoryFileHost;
