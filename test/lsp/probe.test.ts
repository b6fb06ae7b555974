/** The probe through the language server (the path VS Code's "OneBot: Test Connection" takes). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { LspClient } from './lspClient';
import * as ext from '../../server/src/protocol/lspExt';
import * as S from '../probe/servers';

describe('probe requests over LSP', () => {
  let ws: string;
  let c: LspClient;
  let server: S.Running;
  let hole: S.Running;
  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-lsp-probe-'));
    fs.cpSync('examples/fixed', ws, { recursive: true });
    server = await S.nonebotLike({ token: 'MyS3cretToken' });
    hole = await S.blackhole();
    c = new LspClient();
    await c.start(ws);
    await c.until(() => c.status !== undefined, 'first analysis');
  });
  after(async () => {
    await c.stop();
    await server.close();
    await hole.close();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('lists the workspace targets with the token masked', async () => {
    const targets = await c.conn.sendRequest(ext.probeTargets);
    assert.deepEqual(
      targets.map((t) => [t.url, t.token]),
      [['ws://127.0.0.1:8080/onebot/v11/ws', 'My… (13 chars)']],
    );
  });

  it('probes a URL with the workspace token and returns the verdict and a readable report', async () => {
    const r = await c.conn.sendRequest(ext.probe, { url: `ws://127.0.0.1:${server.port}/onebot/v11/ws`, token: 'MyS3cretToken' });
    assert.equal(r.verdict, 'ok');
    assert.match(r.text, /Verdict: ok/);
    assert.ok(!JSON.stringify(r).includes('MyS3cretToken'));
  });

  it('cancellation ends a probe at once', async () => {
    const source = new CancellationTokenSource();
    const p = c.conn.sendRequest(ext.probe, { url: `ws://127.0.0.1:${hole.port}/onebot/v11/ws`, timeoutMs: 20_000 }, source.token);
    source.cancel();
    await assert.rejects(p);
  });
});
