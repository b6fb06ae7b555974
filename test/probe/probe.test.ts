/** The live probe against real servers on loopback: every verdict code, named from what the peer really does. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import WebSocket from 'ws';
import { buildModel, nodeFileHost } from '../../server/src/core/analyze';
import { lagrangeHeaders, probeTargets, runProbe, type ProbeReport } from '../../server/src/core/probe';
import { selfSignedCert, serverPool, targetWith, uvicornStandIn, wsUrl as url } from './harness';
import * as S from './servers';

const TOKEN = 'probe-s3cret-token';
const FAST = { stageTimeoutMs: 1500, timeoutMs: 8000 };
const target = targetWith(TOKEN);

function noToken(r: ProbeReport) {
  assert.ok(!JSON.stringify(r).includes(TOKEN), 'the report never holds the full token');
}

describe('probe verdicts against loopback servers', () => {
  const start = serverPool();

  it('ok: token checked, handshake and session complete', async () => {
    const s = await start(S.nonebotLike({ token: TOKEN }));
    const r = await runProbe(target(url(s.port)), FAST);
    assert.equal(r.verdict, 'ok', JSON.stringify(r));
    assert.deepEqual(
      r.attempts.map((a) => [a.auth, a.status]),
      [
        ['configured', 101],
        ['wrong', 403],
      ],
    );
    assert.ok(r.stages.some((x) => x.name === 'upgrade') && r.stages.every((x) => typeof x.ms === 'number'));
    noToken(r);
  });

  it('ok-auth-disabled: a wrong token is accepted too', async () => {
    const s = await start(S.nonebotLike({}));
    const r = await runProbe(target(url(s.port)), FAST);
    assert.equal(r.verdict, 'ok-auth-disabled');
  });

  it('refused: nothing listens', async () => {
    const r = await runProbe(target(url(await S.closedPort())), FAST);
    assert.equal(r.verdict, 'refused');
    assert.equal(r.attempts.length, 1);
  });

  it('timeout: TCP accepted, never answered', async () => {
    const s = await start(S.blackhole());
    const r = await runProbe(target(url(s.port)), { stageTimeoutMs: 300, timeoutMs: 2000 });
    assert.equal(r.verdict, 'timeout');
  });

  it('dns-failed: a name that does not resolve', async () => {
    const r = await runProbe(target('ws://no-such-host.invalid:8080/onebot/v11/ws'), FAST);
    assert.equal(r.verdict, 'dns-failed');
  });

  it('forbidden-path: /onebot/v11 fails, /onebot/v11/ws works', async () => {
    const s = await start(S.nonebotLike({ token: TOKEN }));
    const r = await runProbe(target(url(s.port, '/onebot/v11')), FAST);
    assert.equal(r.verdict, 'forbidden-path');
    assert.deepEqual(
      r.attempts.map((a) => [a.path, a.status]),
      [
        ['/onebot/v11', 403],
        ['/onebot/v11/ws', 101],
      ],
    );
  });

  it('forbidden-duplicate-self-id: the same id is already connected', async () => {
    const s = await start(S.nonebotLike({ token: TOKEN }));
    const holder = new WebSocket(url(s.port), { headers: lagrangeHeaders('20002', TOKEN) });
    await new Promise((r) => holder.once('open', r));
    const r = await runProbe(target(url(s.port), TOKEN, { selfId: '20002' }), FAST);
    holder.terminate();
    assert.equal(r.verdict, 'forbidden-duplicate-self-id');
  });

  it('forbidden-token-or-adapter: 403 everywhere and no workspace to tell', async () => {
    const s = await start(S.nonebotLike({ token: 'another-token' }));
    const r = await runProbe(target(url(s.port)), FAST);
    assert.equal(r.verdict, 'forbidden-token-or-adapter');
    assert.match(r.cause.en, /log separates them/);
    assert.ok(r.attempts.length <= 6);
  });

  it('forbidden-token: 403 everywhere and the workspace registers the V11 adapter', async () => {
    const s = await start(S.nonebotLike({ token: 'another-token' }));
    const [t] = probeTargets(buildModel([path.resolve('examples/fixed')], nodeFileHost));
    const r = await runProbe({ ...t, url: url(s.port), token: TOKEN }, FAST);
    assert.equal(r.verdict, 'forbidden-token');
    assert.equal(r.action?.ruleCode, 'token-mismatch');
    assert.match(r.action!.file, /appsettings\.json$/);
  });

  it('not-found: a plain HTTP server', async () => {
    const s = await start(S.httpStatus(404, 'nope'));
    assert.equal((await runProbe(target(url(s.port)), FAST)).verdict, 'not-found');
  });

  it('unexpected-status: 502 from a proxy', async () => {
    const s = await start(S.httpStatus(502, 'bad gateway'));
    assert.equal((await runProbe(target(url(s.port)), FAST)).verdict, 'unexpected-status');
  });

  it('protocol-error: garbage instead of HTTP', async () => {
    const s = await start(S.garbage());
    assert.equal((await runProbe(target(url(s.port)), FAST)).verdict, 'protocol-error');
  });

  it('protocol-error: a non-JSON frame after 101', async () => {
    const s = await start(S.wsThen('garbage-frame'));
    assert.equal((await runProbe(target(url(s.port)), FAST)).verdict, 'protocol-error');
  });

  it('a peer that floods API calls after 101: the probe answers, records, ends within its bound', async () => {
    const s = await start(S.wsThen('flood'));
    const r = await runProbe(target(url(s.port)), FAST);
    assert.ok(['ok', 'ok-auth-disabled'].includes(r.verdict), r.verdict);
    assert.ok((r.apiCalls ?? []).length > 0 && r.apiCalls!.every((a) => a === 'get_status'));
    assert.ok(r.totalMs < FAST.timeoutMs);
  });

  it('closed-after-connect: 101 then a 1008 close', async () => {
    const s = await start(S.wsThen('close-1008'));
    const r = await runProbe(target(url(s.port)), FAST);
    assert.equal(r.verdict, 'closed-after-connect');
    assert.match(r.cause.en, /1008/);
  });

  it('tls-failed: a self-signed certificate', async (t) => {
    const tls = selfSignedCert();
    if (!tls) return t.skip('openssl is not installed');
    const server = S.httpsServer(tls.key, tls.cert);
    const s = await start(S.nonebotLike({ token: TOKEN, server }));
    const r = await runProbe(target(`wss://127.0.0.1:${s.port}/onebot/v11/ws`), FAST);
    assert.equal(r.verdict, 'tls-failed');
  });

  it('forward WS as NoneBot: ok with the token, forbidden-token without', async () => {
    const s = await start(S.lagrangeForward({ token: TOKEN }));
    const okR = await runProbe({ kind: 'forward-ws', url: `ws://127.0.0.1:${s.port}`, token: TOKEN, label: 'fws' }, FAST);
    assert.equal(okR.verdict, 'ok', JSON.stringify(okR));
    const bad = await runProbe({ kind: 'forward-ws', url: `ws://127.0.0.1:${s.port}`, token: 'wrong', label: 'fws' }, FAST);
    assert.equal(bad.verdict, 'forbidden-token');
  });

  it('a ws:// token to a non-loopback host is flagged as clear text', async () => {
    const r = await runProbe(target('ws://no-such-host.invalid:8080/onebot/v11/ws'), FAST);
    assert.ok(r.notes.some((n) => /clear text/.test(n.en)));
  });

  it('cancellable: an aborted probe ends at once', async () => {
    const s = await start(S.blackhole());
    const ctl = new AbortController();
    const p = runProbe(target(url(s.port)), { stageTimeoutMs: 5000, timeoutMs: 10_000, signal: ctl.signal });
    ctl.abort();
    assert.equal((await p).verdict, 'timeout');
  });
});

describe('CLI probe output never holds the token', () => {
  let s: S.Running;
  before(async () => {
    s = await S.nonebotLike({ token: 'another-token' });
  });
  after(() => s.close());
  for (const format of ['text', 'json']) {
    it(format, async () => {
      const child = spawn(process.execPath, ['dist/cli.js', 'probe', '--url', url(s.port), '--token', TOKEN, '--format', format], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise((r) => child.on('exit', r));
      assert.equal(code, 1);
      assert.match(out, /forbidden-token-or-adapter/);
      assert.ok(!out.includes(TOKEN));
      if (format === 'json') assert.equal(JSON.parse(out).verdict, 'forbidden-token-or-adapter');
    });
  }
});

describe('probe against a real uvicorn + FastAPI server', () => {
  const uvicorn = uvicornStandIn();
  if (!uvicorn.available) return;
  const startApp = (token: string, adapter: 'v11' | 'none') => uvicorn.start(token, adapter);
  it('ok, forbidden-path, forbidden-token-or-adapter and duplicate id from the real stack', async () => {
    const port = await startApp(TOKEN, 'v11');
    assert.equal((await runProbe(target(url(port)), FAST)).verdict, 'ok');
    assert.equal((await runProbe(target(url(port, '/onebot/v11')), FAST)).verdict, 'forbidden-path');
    assert.equal((await runProbe(target(url(port), 'wrong-token'), FAST)).verdict, 'forbidden-token-or-adapter');
    const holder = new WebSocket(url(port), { headers: lagrangeHeaders('30003', TOKEN) });
    await new Promise((r) => holder.once('open', r));
    assert.equal((await runProbe(target(url(port), TOKEN, { selfId: '30003' }), FAST)).verdict, 'forbidden-duplicate-self-id');
    holder.terminate();
  });
  it('no adapter registered: 403 on every path, plain GET is FastAPI 404', async () => {
    const port = await startApp(TOKEN, 'none');
    const r = await runProbe(target(url(port)), FAST);
    assert.equal(r.verdict, 'forbidden-token-or-adapter');
    assert.ok(r.stages.some((s) => /FastAPI 404/.test(s.outcome)));
  });
});
