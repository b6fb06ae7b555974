/**
 * The probe speaking as each implementation, towards a real Koishi, a real FastAPI/uvicorn NoneBot stand-in, and
 * stand-ins of the implementations' own servers written from their sources; HTTP mode; the false all-clear and the
 * hostile-peer cases; listen mode naming who dialed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import WebSocket from 'ws';
import { buildModel, nodeFileHost } from '../../server/src/core/analyze';
import {
  allProbeTargets,
  captureHandshake,
  formatReport,
  implementationHeaders,
  IMPLEMENTATIONS,
  probeTargets,
  runProbe,
  type ImplementationKind,
  type ProbeReport,
} from '../../server/src/core/probe';
import { serverPool, targetWith, uvicornStandIn, wsUrl as ws } from './harness';
import { startKoishi, type RunningKoishi } from './koishi';
import * as S from './servers';
import { casesOnDisk } from '../ruleCases';

const TOKEN = 'live-s3cret-token';
// Generous bounds: the machine may be shared; a bound only matters when a test fails.
const FAST = { stageTimeoutMs: 5000, timeoutMs: 30_000 };
const target = targetWith(TOKEN);
const masked = (r: ProbeReport, ...secrets: string[]) => {
  const text = JSON.stringify(r) + formatReport(r, 'en') + formatReport(r, 'zh');
  for (const s of secrets) assert.ok(!text.includes(s), `the report never holds ${s}`);
};

describe('the wire: each implementation as its source writes it', () => {
  const rows: [ImplementationKind, string | null, Record<string, string>][] = [
    ['lagrange', TOKEN, { 'X-Self-ID': '1', 'X-Client-Role': 'Universal', 'User-Agent': 'Lagrange.OneBot', Authorization: `Bearer ${TOKEN}` }],
    ['lagrange', '', { 'X-Self-ID': '1', 'X-Client-Role': 'Universal', 'User-Agent': 'Lagrange.OneBot', Authorization: 'Bearer' }],
    ['lagrange', null, { 'X-Self-ID': '1', 'X-Client-Role': 'Universal', 'User-Agent': 'Lagrange.OneBot' }],
    ['napcat', TOKEN, { 'X-Self-ID': '1', 'x-client-role': 'Universal', 'User-Agent': 'OneBot/11', Authorization: `Bearer ${TOKEN}` }],
    ['napcat', null, { 'X-Self-ID': '1', 'x-client-role': 'Universal', 'User-Agent': 'OneBot/11', Authorization: 'Bearer ' }],
    ['llonebot', '', { 'X-Self-ID': '1', 'x-client-role': 'Universal', 'User-Agent': 'LLOneBot/8.1.7', Authorization: 'Bearer ' }],
    ['gocqhttp', TOKEN, { 'X-Self-ID': '1', 'X-Client-Role': 'Universal', 'User-Agent': 'CQHttp/4.15.0', Authorization: `Token ${TOKEN}` }],
    ['gocqhttp', '', { 'X-Self-ID': '1', 'X-Client-Role': 'Universal', 'User-Agent': 'CQHttp/4.15.0' }],
  ];
  for (const [as, token, headers] of rows) it(`${as}, token ${JSON.stringify(token)}`, () => assert.deepEqual(implementationHeaders(as, '1', token), headers));
});

describe('towards a real Koishi (koishi 4.18 + koishi-plugin-adapter-onebot 6, ws-reverse)', () => {
  let koishi: RunningKoishi;
  const SELF = '20001';
  before(async () => {
    koishi = await startKoishi([{ selfId: SELF, path: '/onebot' }]);
  });
  after(async () => {
    await koishi?.stop();
    assert.throws(() => process.kill(koishi.pid, 0), /ESRCH/, 'the Koishi child is gone');
  });
  // [name, path, options, self id, verdict]
  const rows: [string, string, { as?: ImplementationKind; framework?: 'koishi'; clientRole?: string }, string | undefined, ProbeReport['verdict']][] = [
    ...IMPLEMENTATIONS.map((as): [string, string, { as: ImplementationKind }, string, ProbeReport['verdict']] => [
      `as ${as}: connects; Koishi never checks the token`,
      '/onebot',
      { as },
      SELF,
      'ok-auth-disabled',
    ]),
    ['a selfId Koishi does not have', '/onebot', { as: 'napcat' }, '30003', 'forbidden-self-id'],
    ['no self id chosen: the probe’s test id is refused, path and role are proven', '/onebot', { as: 'llonebot' }, undefined, 'forbidden-self-id'],
    ['a split client (X-Client-Role Event)', '/onebot', { as: 'gocqhttp', clientRole: 'Event' }, SELF, 'forbidden-client-role'],
    ['NoneBot’s path towards Koishi (framework not told)', '/onebot/v11/ws', { as: 'napcat' }, SELF, 'forbidden-path'],
    ['an unknown path, framework koishi', '/onebot/v11/ws', { as: 'lagrange', framework: 'koishi' }, SELF, 'forbidden-path'],
  ];
  for (const [name, p, opts, selfId, verdict] of rows) {
    it(name, async () => {
      const r = await runProbe(target(ws(koishi.port, p), TOKEN, selfId ? { selfId } : {}), { ...FAST, ...opts });
      assert.equal(r.verdict, verdict, `${JSON.stringify(r)}\n${koishi.log()}`);
      assert.equal(r.target.as, opts.as);
      if (verdict !== 'ok-auth-disabled') assert.equal(r.target.framework, 'koishi');
      masked(r, TOKEN);
    });
  }
  it('lists what Koishi asked for, each answered with a failure', async () => {
    const r = await runProbe(target(ws(koishi.port, '/onebot'), TOKEN, { selfId: SELF }), { ...FAST, as: 'napcat', framework: 'koishi' });
    assert.ok(r.apiCalls?.includes('get_login_info'), JSON.stringify(r.apiCalls));
    assert.ok(r.notes.some((n) => /test bot/.test(n.en)));
    assert.match(formatReport(r, 'en'), /API calls the bot made/);
  });
});

describe('HTTP mode towards a real Koishi (koishi-plugin-adapter-onebot 6, protocol http)', () => {
  let koishi: RunningKoishi;
  const SIGNED = '20002';
  const OPEN = '20003';
  const SECRET = 'koishi-http-secret';
  // Koishi's http protocol needs `endpoint` (the implementation's HTTP API, which it calls get_login_info on at start):
  // a go-cqhttp HTTP API stand-in without a token.
  // Its bot takes the user_id that get_login_info answers as its selfId, so each bot gets an API answering its own id.
  const apis: S.Running[] = [];
  before(async () => {
    const endpoint = async (userId: string) => {
      const a = await S.implementationHttpApi('gocqhttp', { userId: Number(userId) });
      apis.push(a);
      return `http://127.0.0.1:${a.port}`;
    };
    koishi = await startKoishi([
      { selfId: SIGNED, protocol: 'http', path: '/onebot', secret: SECRET, endpoint: await endpoint(SIGNED) },
      { selfId: OPEN, protocol: 'http', path: '/onebot/open', endpoint: await endpoint(OPEN) },
    ]);
  });
  after(async () => {
    await Promise.all(apis.map((a) => a.close()));
    await koishi?.stop();
    assert.throws(() => process.kill(koishi.pid, 0), /ESRCH/, 'the Koishi child is gone');
  });
  // [name, as, path, secret, self id (undefined: the probe's test id), framework told, verdict]
  const rows: [string, ImplementationKind, string, string | undefined, string | undefined, 'koishi' | undefined, ProbeReport['verdict']][] = [
    // Koishi 4.18 + adapter 6.x hashes an empty body: every signed event is a 500 (the right secret included).
    ...IMPLEMENTATIONS.map((as): [string, ImplementationKind, string, string, string, undefined, ProbeReport['verdict']] => [
      `as ${as}: signed with the adapter's own secret → Koishi's 500, named`,
      as,
      '/onebot',
      SECRET,
      SIGNED,
      undefined,
      'unexpected-status',
    ]),
    ['another secret: the same 500', 'gocqhttp', '/onebot', 'other-secret', SIGNED, 'koishi', 'unexpected-status'],
    ...IMPLEMENTATIONS.map((as): [string, ImplementationKind, string, undefined, string, undefined, ProbeReport['verdict']] => [
      `as ${as}: no secret on either side: Koishi takes events from anyone`,
      as,
      '/onebot/open',
      undefined,
      OPEN,
      undefined,
      'ok-auth-disabled',
    ]),
    ['unsigned, the adapter has a secret (401)', 'lagrange', '/onebot', undefined, SIGNED, undefined, 'forbidden-secret'],
    ['a selfId no bot has, no secret (403 unsigned)', 'llonebot', '/onebot/open', undefined, '30003', undefined, 'forbidden-self-id'],
    ['the probe’s test id, no secret: the self id was not tested', 'napcat', '/onebot/open', undefined, undefined, undefined, 'forbidden-self-id'],
    ['NoneBot’s HTTP path towards Koishi', 'lagrange', '/onebot/v11/http', SECRET, SIGNED, undefined, 'forbidden-path'],
    ['an unknown path, framework koishi', 'gocqhttp', '/bot/events', SECRET, SIGNED, 'koishi', 'forbidden-path'],
  ];
  for (const [name, as, p, secret, selfId, framework, verdict] of rows)
    it(name, async () => {
      const r = await runProbe(
        { kind: 'url', url: `http://127.0.0.1:${koishi.port}${p}`, token: null, label: 'http', ...(secret ? { secret } : {}), ...(selfId ? { selfId } : {}) },
        { ...FAST, as, ...(framework ? { framework } : {}) },
      );
      assert.equal(r.verdict, verdict, `${JSON.stringify(r)}\n${koishi.log()}`);
      assert.equal(r.target.as, as);
      if (verdict !== 'ok-auth-disabled' && verdict !== 'ok') assert.equal(r.target.framework, 'koishi', JSON.stringify(r.target));
      for (const lang of ['en', 'zh'] as const) assert.doesNotMatch(formatReport(r, lang), /NoneBot keeps|ONEBOT_SECRET/, 'Koishi is named, not NoneBot');
      if (verdict === 'unexpected-status') assert.match(r.cause.en, /500 to every signed event.*not what differs/s);
      if (secret) masked(r, secret);
    });
  it('refused: nothing listens', async () => {
    const r = await runProbe(
      { kind: 'http-post', url: `http://127.0.0.1:${await S.closedPort()}/onebot`, token: null, label: 'http' },
      { ...FAST, framework: 'koishi' },
    );
    assert.equal(r.verdict, 'refused');
  });
});

describe('Koishi calling an implementation’s HTTP API (Authorization: Token <token>, as src/http.ts sends it)', () => {
  const servers: S.Running[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  // go-cqhttp reads the text after the first space of any scheme; NapCat (NapNeko/NapCatQQ
  // packages/napcat-onebot/network/http-server.ts authorize at bc183ae0: `authorization?.split('Bearer ').pop()`),
  // LLOneBot and Lagrange read only `Bearer`, so Koishi's `Token <t>` is refused there with the right token.
  const rows: [S.Impl, string, string | null, ProbeReport['verdict']][] = [
    ['gocqhttp', TOKEN, TOKEN, 'ok'],
    ['gocqhttp', TOKEN, 'wrong', 'forbidden-token'],
    ['napcat', TOKEN, TOKEN, 'forbidden-token'],
    ['llonebot', TOKEN, TOKEN, 'forbidden-token'],
    ['lagrange', TOKEN, TOKEN, 'forbidden-token'],
    ['napcat', '', null, 'ok-auth-disabled'],
  ];
  for (const [impl, serverToken, sent, verdict] of rows)
    it(`${impl}: server token ${serverToken ? 'set' : 'empty'}, Koishi sends ${sent === null ? 'none' : sent === TOKEN ? 'the same' : 'another'} → ${verdict}`, async () => {
      const s = await S.implementationHttpApi(impl, { token: serverToken });
      servers.push(s);
      const r = await runProbe({ kind: 'http-api', url: `http://127.0.0.1:${s.port}`, token: sent, label: 'api' }, { ...FAST, as: impl, framework: 'koishi' });
      assert.equal(r.verdict, verdict, JSON.stringify(r));
      masked(r, TOKEN);
    });
});

describe('towards the real FastAPI/uvicorn NoneBot stand-in, as each implementation', () => {
  const uvicorn = uvicornStandIn();
  if (!uvicorn.available) return;
  const startApp = (token: string, secret = '') => uvicorn.start(token, 'v11', secret);
  let withToken: number;
  let noToken: number;
  let signed: number;
  before(async () => {
    [withToken, noToken, signed] = await Promise.all([startApp(TOKEN), startApp(''), startApp('', 'http-secret')]);
  });
  const wsRows: [string, ImplementationKind, () => number, string | null, ProbeReport['verdict']][] = [];
  for (const as of IMPLEMENTATIONS) {
    wsRows.push([`${as}: the right token`, as, () => withToken, TOKEN, 'ok']);
    wsRows.push([`${as}: a wrong token`, as, () => withToken, 'wrong-token', 'forbidden-token-or-adapter']);
    wsRows.push([`${as}: no token on either side`, as, () => noToken, null, 'ok-auth-disabled']);
  }
  for (const [name, as, port, token, verdict] of wsRows)
    it(`WS ${name}`, async () => {
      const r = await runProbe(target(ws(port()), token), { ...FAST, as });
      assert.equal(r.verdict, verdict, JSON.stringify(r));
      assert.equal(r.target.as, as);
    });
  // HTTP mode: [name, as, port, path, secret, verdict]
  const httpRows: [string, ImplementationKind, () => number, string, string | undefined, ProbeReport['verdict']][] = [
    ['signed with the same secret', 'lagrange', () => signed, '/onebot/v11/http', 'http-secret', 'ok'],
    ['go-cqhttp signs the same way', 'gocqhttp', () => signed, '/onebot/v11/', 'http-secret', 'ok'],
    ['no signature, NoneBot has a secret', 'napcat', () => signed, '/onebot/v11/http', undefined, 'forbidden-secret'],
    ['a different secret', 'llonebot', () => signed, '/onebot/v11/http', 'other-secret', 'forbidden-secret'],
    ['the WebSocket path used for HTTP', 'lagrange', () => signed, '/onebot/v11/ws', 'http-secret', 'forbidden-path'],
    ['no secret on either side', 'napcat', () => noToken, '/onebot/v11/http', undefined, 'ok-auth-disabled'],
  ];
  for (const [name, as, port, p, secret, verdict] of httpRows)
    it(`HTTP ${name}`, async () => {
      const r = await runProbe(
        { kind: 'url', url: `http://127.0.0.1:${port()}${p}`, token: null, label: 'http', ...(secret ? { secret } : {}) },
        { ...FAST, as },
      );
      assert.equal(r.verdict, verdict, JSON.stringify(r));
      if (secret) masked(r, secret);
    });
  it('HTTP refused: nothing listens', async () => {
    const r = await runProbe({ kind: 'http-post', url: `http://127.0.0.1:${await S.closedPort()}/onebot/v11/http`, token: null, label: 'http' }, FAST);
    assert.equal(r.verdict, 'refused');
  });
});

describe('forward WebSocket and HTTP API: the framework dials stand-ins of each implementation', () => {
  const start = serverPool();
  // [implementation, server token, token sent, verdict, status of the first attempt]
  const rows: [S.Impl, string, string | null, ProbeReport['verdict'], number][] = [
    ['gocqhttp', TOKEN, TOKEN, 'ok', 101],
    ['gocqhttp', TOKEN, null, 'forbidden-token', 401],
    ['gocqhttp', TOKEN, 'wrong', 'forbidden-token', 403],
    ['gocqhttp', '', null, 'ok-auth-disabled', 101],
    ['napcat', TOKEN, TOKEN, 'ok', 101],
    ['napcat', TOKEN, 'wrong', 'forbidden-token', 101],
    ['napcat', TOKEN, null, 'forbidden-token', 101],
    ['napcat', '', null, 'ok-auth-disabled', 101],
    ['llonebot', TOKEN, TOKEN, 'ok', 101],
    ['llonebot', TOKEN, 'wrong', 'forbidden-token', 101],
    ['lagrange', TOKEN, TOKEN, 'ok', 101],
    ['lagrange', TOKEN, 'wrong', 'forbidden-token', 403],
  ];
  for (const [impl, serverToken, sent, verdict, status] of rows)
    it(`WS ${impl}: server token ${serverToken ? 'set' : 'empty'}, framework sends ${sent === null ? 'none' : sent === TOKEN ? 'the same' : 'another'} → ${verdict}`, async () => {
      const s = await start(S.implementationForward(impl, { token: serverToken }));
      const r = await runProbe({ kind: 'forward-ws', url: `ws://127.0.0.1:${s.port}`, token: sent, label: 'fws' }, { ...FAST, as: impl });
      assert.equal(r.verdict, verdict, JSON.stringify(r));
      assert.equal(r.attempts[0].status, status);
      masked(r, TOKEN);
    });
  const apiRows: [S.Impl, string, string | null, ProbeReport['verdict']][] = [];
  for (const impl of ['lagrange', 'napcat', 'gocqhttp', 'llonebot'] as S.Impl[]) {
    apiRows.push(
      [impl, TOKEN, TOKEN, 'ok'],
      [impl, TOKEN, 'wrong', 'forbidden-token'],
      [impl, TOKEN, null, 'forbidden-token'],
      [impl, '', null, 'ok-auth-disabled'],
    );
  }
  for (const [impl, serverToken, sent, verdict] of apiRows)
    it(`HTTP API ${impl}: server token ${serverToken ? 'set' : 'empty'}, sent ${sent === null ? 'none' : sent === TOKEN ? 'the same' : 'another'} → ${verdict}`, async () => {
      const s = await start(S.implementationHttpApi(impl, { token: serverToken }));
      const r = await runProbe({ kind: 'http-api', url: `http://127.0.0.1:${s.port}`, token: sent, label: 'api' }, { ...FAST, as: impl });
      assert.equal(r.verdict, verdict, JSON.stringify(r));
      masked(r, TOKEN);
    });
  it('HTTP API refused', async () => {
    const r = await runProbe({ kind: 'http-api', url: `http://127.0.0.1:${await S.closedPort()}`, token: TOKEN, label: 'api' }, FAST);
    assert.equal(r.verdict, 'refused');
  });
});

describe('no false all-clear, no raw control characters, bounded frames', () => {
  const start = serverPool();
  it('the wrong-token attempt is refused for another reason: ok-auth-unverified, not ok', async () => {
    const s = await start(S.acceptOnceThenGone());
    const r = await runProbe(target(ws(s.port)), FAST);
    assert.equal(r.verdict, 'ok-auth-unverified', JSON.stringify(r));
    assert.equal(r.attempts[1].status, 'refused');
  });
  it('a close reason with escape sequences is shown escaped', async () => {
    const s = await start(S.wsHostile('control-close'));
    const r = await runProbe(target(ws(s.port)), FAST);
    assert.equal(r.verdict, 'closed-after-connect');
    for (const text of [formatReport(r, 'en'), formatReport(r, 'zh'), JSON.stringify(r)]) assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text), text);
    assert.match(formatReport(r, 'en'), /\\u001b\[31mred/);
  });
  it('API action names with escape sequences are shown escaped', async () => {
    const s = await start(S.wsHostile('control-actions'));
    const r = await runProbe(target(ws(s.port)), FAST);
    assert.ok(r.apiCalls?.[0]?.startsWith('\\u001b]0;title'), JSON.stringify(r.apiCalls));
    assert.ok(!/\u001b/.test(formatReport(r, 'en')));
  });
  it('a 2 MiB frame is refused (cap 1 MiB): protocol-error, not ok', async () => {
    const s = await start(S.wsHostile('huge-frame'));
    const r = await runProbe(target(ws(s.port)), FAST);
    assert.equal(r.verdict, 'protocol-error', JSON.stringify(r));
  });
  it('a flood of API calls: at most 50 listed, the rest counted', async () => {
    const s = await start(S.wsThen('flood'));
    const r = await runProbe(target(ws(s.port)), FAST);
    assert.ok((r.apiCalls ?? []).length <= 50 && (r.apiCallsDropped ?? 0) > 0, `${r.apiCalls?.length} ${r.apiCallsDropped}`);
  });
  for (const token of ['abc\r\ndef', 'abc\ndef', 'tab\u0000nul'])
    it(`a token with ${JSON.stringify(token)}: nothing leaves the machine, and the report says so`, async () => {
      const s = await start(S.nonebotLike({ token: TOKEN }));
      const r = await runProbe(target(ws(s.port), token), FAST);
      assert.equal(r.verdict, 'protocol-error');
      assert.equal(r.attempts.length, 0);
      assert.match(r.cause.en, /nothing was sent/);
    });
});

describe('listen mode names who dialed and compares with what the framework expects', () => {
  /** Plays an implementation: its own headers, then lifecycle and heartbeat (or a raw frame). */
  function dial(
    port: number,
    headers: Record<string, string>,
    p = '/onebot/v11/ws',
    frames = [
      JSON.stringify({ post_type: 'meta_event', meta_event_type: 'lifecycle' }),
      JSON.stringify({ post_type: 'meta_event', meta_event_type: 'heartbeat' }),
    ],
    host = '127.0.0.1',
  ) {
    const c = new WebSocket(`ws://${host.includes(':') ? `[${host}]` : host}:${port}${p}`, { headers });
    c.on('open', () => {
      for (const f of frames) c.send(f);
    });
    c.on('error', () => undefined);
    return c;
  }
  const capture = async (headers: Record<string, string>, opts: { p?: string; frames?: string[]; framework?: 'koishi' } = {}) => {
    let client: WebSocket | undefined;
    const r = await captureHandshake({
      host: '127.0.0.1',
      port: 0,
      timeoutMs: 8000,
      framework: opts.framework,
      onListening: (port) => (client = dial(port, headers, opts.p, opts.frames)),
    });
    client?.terminate();
    return r;
  };
  for (const as of IMPLEMENTATIONS)
    it(`${as} is recognised from its request`, async () => {
      const r = await capture(implementationHeaders(as, '10001', TOKEN));
      assert.equal(r.captured?.implementation, as);
      assert.equal(r.target.as, as);
      assert.equal(r.verdict, 'ok');
      masked(r, TOKEN);
    });
  const rows: [string, Record<string, string>, { p?: string; frames?: string[]; framework?: 'koishi' }, ProbeReport['verdict'], RegExp][] = [
    ['Authorization: Basic', { 'X-Self-ID': '1', Authorization: 'Basic dXNlcjpwYXNz' }, {}, 'ok', /Basic d/],
    ['a bare token', { 'X-Self-ID': '1', Authorization: 'justatoken' }, {}, 'ok', /\(no scheme\) … \(10 chars\)/],
    ['non-JSON frames', { 'X-Self-ID': '1' }, { frames: ['hello', 'world'] }, 'protocol-error', /not OneBot JSON/],
    ['no X-Self-ID', {}, {}, 'forbidden-self-id', /Missing X-Self-ID/],
    [
      'a split client towards Koishi',
      { 'X-Self-ID': '1', 'X-Client-Role': 'Event' },
      { p: '/onebot', framework: 'koishi' },
      'forbidden-client-role',
      /invalid x-client-role/,
    ],
    ['NoneBot’s path towards Koishi', { 'X-Self-ID': '1', 'X-Client-Role': 'Universal' }, { framework: 'koishi' }, 'forbidden-path', /Koishi/],
  ];
  for (const [name, headers, opts, verdict, shown] of rows)
    it(name, async () => {
      const r = await capture(headers, opts);
      assert.equal(r.verdict, verdict, JSON.stringify(r));
      assert.match(formatReport(r, 'en'), shown);
      assert.ok(!formatReport(r, 'en').includes('Bearer (empty)'));
    });
  it(':0 reports the port actually bound', async () => {
    let bound = -1;
    const r = await captureHandshake({ host: '127.0.0.1', port: 0, timeoutMs: 50, onListening: (p) => (bound = p) });
    assert.equal(r.verdict, 'timeout');
    assert.ok(bound > 0);
    assert.equal(r.target.url, `ws://127.0.0.1:${bound}`);
  });
  it('[::1] is shown with brackets', async (t) => {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createServer().once('error', () => resolve(false));
      s.listen(0, '::1', () => s.close(() => resolve(true)));
    });
    if (!ok) return t.skip('no IPv6 loopback here');
    const r = await captureHandshake({ host: '::1', port: 0, timeoutMs: 50 });
    assert.match(r.target.url, /^ws:\/\/\[::1\]:\d+$/);
  });
  const failRows: [string, string, number, ProbeReport['verdict'], RegExp][] = [
    ['a port above 65535', '127.0.0.1', 99999, 'listen-failed', /not a TCP port/],
    ['an address of another machine', '8.8.8.8', 19520, 'listen-failed', /not an address of this machine/],
  ];
  for (const [name, host, port, verdict, cause] of failRows)
    it(`${name}: a report, not a stack trace`, async () => {
      const r = await captureHandshake({ host, port, timeoutMs: 200 });
      assert.equal(r.verdict, verdict);
      assert.match(r.cause.en, cause);
    });
  it('a busy port names its holder when the OS tells', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as net.AddressInfo).port;
    const r = await captureHandshake({ host: '127.0.0.1', port, timeoutMs: 200 });
    await new Promise((r2) => busy.close(r2));
    assert.equal(r.verdict, 'port-busy');
    if (fs.existsSync(`/proc/${process.pid}/fd`)) assert.match(r.cause.en, new RegExp(`PID ${process.pid}\\b`));
  });
});

describe('what a workspace offers to probe', () => {
  it('an HttpPost link is an http-post target, and its report points at the config line (the port for refused)', async () => {
    // The case written out whole (its appsettings.json is a patch of the shipped default).
    const model = buildModel([path.join(casesOnDisk(), 'secret-mismatch.cases/fires-ws-route-for-http')], nodeFileHost);
    const t = allProbeTargets(model).find((x) => x.kind === 'http-post');
    assert.ok(t, JSON.stringify(allProbeTargets(model).map((x) => x.kind)));
    const port = await S.closedPort();
    const r = await runProbe({ ...t, url: t.url.replace(/:\d+\//, `:${port}/`) }, FAST);
    assert.equal(r.verdict, 'refused');
    assert.match(r.action?.file ?? '', /appsettings\.json$/);
    assert.equal(r.action?.ruleCode, 'port-mismatch');
  });

  // The rule (forward-ws-mismatch) and the probe agree on each HTTP API link of the cases: the target the workspace
  // offers (NoneBot's ONEBOT_API_ROOTS entry or Koishi's protocol http, with its link), sent to a stand-in of the
  // linked implementation holding the case's token, is refused exactly where the rule reports the token.
  const apiCases: [caseName: string, refused: boolean][] = [
    ['fires-api-roots-lagrange-token', true],
    ['silent-api-roots-lagrange', false],
    ['fires-api-roots-napcat-token', true],
    ['silent-api-roots-napcat', false],
    ['fires-api-roots-gocqhttp-token', true],
    ['silent-api-roots-gocqhttp', false],
    ['fires-api-roots-llonebot-token', true],
    ['silent-api-roots-llonebot', false],
    ['fires-api-roots-koishi-napcat-token', true],
    ['silent-api-roots-koishi-napcat', false],
    ['fires-api-roots-koishi-gocqhttp-token', true],
    ['silent-api-roots-koishi-gocqhttp', false],
  ];
  const start = serverPool();
  for (const [name, refused] of apiCases)
    it(`HTTP API link of ${name}: the probe ${refused ? 'is refused (forbidden-token)' : 'gets through'}, as the rule says`, async () => {
      const model = buildModel([path.join(casesOnDisk(), 'forward-ws-mismatch.cases', name)], nodeFileHost);
      const t = allProbeTargets(model).find((x) => x.kind === 'http-api' && x.link);
      assert.ok(t?.link, JSON.stringify(allProbeTargets(model).map((x) => [x.kind, x.label])));
      const s = await start(S.implementationHttpApi(t.link.impl.implementation, { token: t.link.impl.token ?? '' }));
      const r = await runProbe({ ...t, url: `http://127.0.0.1:${s.port}/` }, FAST);
      if (refused) assert.equal(r.verdict, 'forbidden-token', JSON.stringify(r));
      else assert.match(r.verdict, /^ok/, JSON.stringify(r));
    });

  it('HTTP API roots from ONEBOT_API_ROOTS are HTTP API targets (with the token NoneBot sends); the WS list is unchanged', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-roots-'));
    fs.cpSync(path.resolve('examples/fixed'), dir, { recursive: true });
    fs.appendFileSync(path.join(dir, 'nonebot', '.env'), '\nONEBOT_API_ROOTS={"123456": "http://127.0.0.1:5700/"}\n');
    const model = buildModel([dir], nodeFileHost);
    const all = allProbeTargets(model);
    const api = all.filter((x) => x.kind === 'http-api');
    assert.deepEqual(
      api.map((x) => [x.url, x.selfId]),
      [['http://127.0.0.1:5700/', '123456']],
    );
    assert.deepEqual(
      probeTargets(model).map((x) => x.kind),
      all.filter((x) => x.kind === 'reverse-ws' || x.kind === 'forward-ws').map((x) => x.kind),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
