/**
 * Every verdict × every implementation the probe speaks as, each produced against a real server (a real Koishi 4.18
 * with koishi-plugin-adapter-onebot 6) or a stand-in written from the program's source (test/probe/servers.ts:
 * NoneBot's V11 handshake checks; the implementations' forward WebSocket servers). The list of verdicts is checked
 * against the `VerdictCode` type when the tests compile, so a new verdict without a row here does not build.
 *
 * Listen mode (capture) verdicts are the implementation dialling us: they are tested once per implementation in
 * live.test.ts ("listen mode names who dialed"); `port-busy` and `listen-failed` happen before anyone dials, so they
 * have one row each here, without an implementation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import WebSocket from 'ws';
import {
  captureHandshake,
  implementationHeaders,
  IMPLEMENTATIONS,
  PROFILES,
  runProbe,
  type ImplementationKind,
  type ProbeOptions,
  type ProbeReport,
  type ProbeTarget,
} from '../../server/src/core/probe';
import type { VerdictCode } from '../../server/src/core/probe/types';
import { startKoishi, type RunningKoishi } from './koishi';
import { selfSignedCert } from './harness';
import * as S from './servers';

const TOKEN = 'matrix-s3cret-token';
const KOISHI_SELF = '20001';
const KOISHI_HTTP_SELF = '20002';
const FAST: ProbeOptions = { stageTimeoutMs: 5000, timeoutMs: 30_000 };

/** The probe's verdicts (listen-mode ones last). Compile-time check below: none is missing. */
const VERDICTS = [
  'ok',
  'ok-auth-disabled',
  'ok-auth-unverified',
  'refused',
  'timeout',
  'dns-failed',
  'tls-failed',
  'forbidden-token',
  'forbidden-path',
  'forbidden-duplicate-self-id',
  'forbidden-token-or-adapter',
  'forbidden-self-id',
  'forbidden-client-role',
  'forbidden-secret',
  'not-found',
  'unexpected-status',
  'protocol-error',
  'closed-after-connect',
  'port-busy',
  'listen-failed',
] as const satisfies readonly VerdictCode[];
type Missing = Exclude<VerdictCode, (typeof VERDICTS)[number]>;
const everyVerdictListed: [Missing] extends [never] ? true : Missing = true;

const LISTEN_ONLY: readonly VerdictCode[] = ['port-busy', 'listen-failed'];

interface Env {
  koishi: RunningKoishi;
  koishiHttp: RunningKoishi;
  start(p: Promise<S.Running>): Promise<S.Running>;
  tls?: { key: string; cert: string };
}

/** How each verdict is produced, speaking as `as`: the server it meets (and what that server is), the target, the options. */
interface Scenario {
  server: string;
  run(as: ImplementationKind, env: Env): Promise<ProbeReport>;
}

const ws = (port: number, p = '/onebot/v11/ws') => `ws://127.0.0.1:${port}${p}`;
const url = (u: string, token: string | null = TOKEN, extra: Partial<ProbeTarget> = {}): ProbeTarget => ({
  kind: 'url',
  url: u,
  token,
  label: 'matrix',
  ...extra,
});

const SCENARIOS: Record<Exclude<VerdictCode, 'port-busy' | 'listen-failed'>, Scenario> = {
  ok: {
    server: 'NoneBot V11 stand-in, the same token',
    run: async (as, e) => runProbe(url(ws((await e.start(S.nonebotLike({ token: TOKEN }))).port)), { ...FAST, as }),
  },
  'ok-auth-disabled': {
    server: 'real Koishi (never checks the token)',
    run: async (as, e) => runProbe(url(ws(e.koishi.port, '/onebot'), TOKEN, { selfId: KOISHI_SELF }), { ...FAST, as }),
  },
  'ok-auth-unverified': {
    server: 'accepts once, then stops listening',
    run: async (as, e) => runProbe(url(ws((await e.start(S.acceptOnceThenGone())).port)), { ...FAST, as }),
  },
  refused: { server: 'a closed port', run: async (as) => runProbe(url(ws(await S.closedPort())), { ...FAST, as }) },
  timeout: {
    server: 'accepts TCP, never answers',
    run: async (as, e) => runProbe(url(ws((await e.start(S.blackhole())).port)), { stageTimeoutMs: 300, timeoutMs: 5000, as }),
  },
  'dns-failed': { server: 'a .invalid host name', run: async (as) => runProbe(url('ws://no-such-host.invalid:8080/onebot/v11/ws'), { ...FAST, as }) },
  'tls-failed': {
    server: 'NoneBot V11 stand-in behind a self-signed certificate',
    run: async (as, e) =>
      runProbe(url(`wss://127.0.0.1:${(await e.start(S.nonebotLike({ token: TOKEN, server: S.httpsServer(e.tls!.key, e.tls!.cert) }))).port}/onebot/v11/ws`), {
        ...FAST,
        as,
      }),
  },
  'forbidden-token': {
    server: "the implementation's own forward WebSocket server (stand-in from its source), another token",
    run: async (as, e) =>
      runProbe(
        {
          kind: 'forward-ws',
          url: `ws://127.0.0.1:${(await e.start(S.implementationForward(as, { token: TOKEN }))).port}`,
          token: 'another-token',
          label: 'matrix',
        },
        { ...FAST, as },
      ),
  },
  'forbidden-path': {
    server: 'NoneBot V11 stand-in, path /onebot/v11 (no /ws)',
    run: async (as, e) => runProbe(url(ws((await e.start(S.nonebotLike({ token: TOKEN }))).port, '/onebot/v11')), { ...FAST, as }),
  },
  'forbidden-duplicate-self-id': {
    server: 'NoneBot V11 stand-in with a bot of the same X-Self-ID connected',
    run: async (as, e) => {
      const s = await e.start(S.nonebotLike({ token: TOKEN }));
      const holder = new WebSocket(ws(s.port), { headers: implementationHeaders(as, '30003', TOKEN) });
      await new Promise((r, j) => holder.once('open', r).once('error', j));
      try {
        return await runProbe(url(ws(s.port), TOKEN, { selfId: '30003' }), { ...FAST, as });
      } finally {
        holder.terminate();
      }
    },
  },
  'forbidden-token-or-adapter': {
    server: 'NoneBot V11 stand-in, another token, no workspace to tell',
    run: async (as, e) => runProbe(url(ws((await e.start(S.nonebotLike({ token: TOKEN }))).port), 'another-token'), { ...FAST, as }),
  },
  'forbidden-self-id': {
    server: 'real Koishi, a selfId it does not have',
    run: async (as, e) => runProbe(url(ws(e.koishi.port, '/onebot'), TOKEN, { selfId: '30004' }), { ...FAST, as }),
  },
  'forbidden-client-role': {
    server: 'real Koishi, X-Client-Role Event (a split client)',
    run: async (as, e) => runProbe(url(ws(e.koishi.port, '/onebot'), TOKEN, { selfId: KOISHI_SELF }), { ...FAST, as, clientRole: 'Event' }),
  },
  'forbidden-secret': {
    server: 'real Koishi, protocol http with a secret, an unsigned event',
    run: async (as, e) =>
      runProbe(
        { kind: 'http-post', url: `http://127.0.0.1:${e.koishiHttp.port}/onebot`, token: null, selfId: KOISHI_HTTP_SELF, label: 'matrix' },
        { ...FAST, as },
      ),
  },
  'not-found': {
    server: 'an HTTP server answering 404 to the upgrade',
    run: async (as, e) => runProbe(url(ws((await e.start(S.httpStatus(404))).port)), { ...FAST, as }),
  },
  'unexpected-status': {
    server: 'an HTTP server answering 500 to the upgrade',
    run: async (as, e) => runProbe(url(ws((await e.start(S.httpStatus(500))).port)), { ...FAST, as }),
  },
  'protocol-error': {
    server: 'a WebSocket server sending a non-JSON frame',
    run: async (as, e) => runProbe(url(ws((await e.start(S.wsThen('garbage-frame'))).port)), { ...FAST, as }),
  },
  'closed-after-connect': {
    server: 'a WebSocket server closing with 1008 (a V12 adapter)',
    run: async (as, e) => runProbe(url(ws((await e.start(S.wsThen('close-1008'))).port)), { ...FAST, as }),
  },
};

describe('every verdict × every implementation the probe speaks as', () => {
  const servers: S.Running[] = [];
  const env = {} as Env;
  const apis: S.Running[] = [];
  before(async () => {
    env.start = async (p) => {
      const s = await p;
      servers.push(s);
      return s;
    };
    env.tls = selfSignedCert();
    const api = await S.implementationHttpApi('gocqhttp', { userId: Number(KOISHI_HTTP_SELF) });
    apis.push(api);
    [env.koishi, env.koishiHttp] = await Promise.all([
      startKoishi([{ selfId: KOISHI_SELF, path: '/onebot' }]),
      startKoishi([{ selfId: KOISHI_HTTP_SELF, protocol: 'http', path: '/onebot', secret: 'koishi-secret', endpoint: `http://127.0.0.1:${api.port}` }]),
    ]);
  });
  after(async () => {
    await Promise.all([...servers, ...apis].map((s) => s.close()));
    await Promise.all([env.koishi?.stop(), env.koishiHttp?.stop()]);
  });

  it('the table lists every verdict the probe can give', () => {
    assert.equal(everyVerdictListed, true);
    assert.deepEqual([...Object.keys(SCENARIOS), ...LISTEN_ONLY].sort(), [...VERDICTS].sort());
  });

  for (const verdict of Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[])
    for (const as of IMPLEMENTATIONS)
      it(`${verdict} as ${as} (${SCENARIOS[verdict].server})`, async (t) => {
        if (verdict === 'tls-failed' && !env.tls) return t.skip('openssl is not installed');
        const r = await SCENARIOS[verdict].run(as, env);
        assert.equal(r.verdict, verdict, JSON.stringify(r));
        // Reverse WS and HTTP POST: the report names the implementation spoken as; forward WS: the implementation whose server answered.
        if (r.target.kind === 'forward-ws') assert.ok(r.cause.en.includes(PROFILES[as].name), r.cause.en);
        else assert.equal(r.target.as, as, 'the report says whom the probe spoke as');
        for (const text of [r.cause.en, r.cause.zh, r.fix.en, r.fix.zh])
          assert.ok(text.length > 0 && !text.includes(TOKEN), 'a cause and a fix in both languages, the token masked');
      });

  it('port-busy (listen mode, before anyone dials): the port is taken', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const r = await captureHandshake({ host: '127.0.0.1', port: (busy.address() as net.AddressInfo).port, timeoutMs: 200 });
    await new Promise((r2) => busy.close(r2));
    assert.equal(r.verdict, 'port-busy');
  });
  it('listen-failed (listen mode, before anyone dials): not an address of this machine', async () => {
    const r = await captureHandshake({ host: '8.8.8.8', port: 19520, timeoutMs: 200 });
    assert.equal(r.verdict, 'listen-failed');
  });
});
