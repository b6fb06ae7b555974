/**
 * The go-cqhttp and LLOneBot stand-ins' token checks, as their sources read them (servers.ts cites repository, path and
 * commit): which credential counts (header or `?access_token=`, which scheme) and how a refusal looks.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import * as S from './servers';

const TOKEN = 'right-token';

/** One request the way a bot would send it: an Authorization header and/or a query token. */
interface Sent {
  auth?: string;
  query?: string;
}
const qs = (s: Sent) => (s.query === undefined ? '' : `?access_token=${encodeURIComponent(s.query)}`);
const headers = (s: Sent): Record<string, string> => (s.auth === undefined ? {} : { authorization: s.auth });

describe('HTTP API stand-ins: token checks', () => {
  const servers = new Map<S.Impl, S.Running>();
  before(async () => {
    for (const impl of ['gocqhttp', 'llonebot'] as const) servers.set(impl, await S.implementationHttpApi(impl, { token: TOKEN }));
  });
  after(async () => {
    for (const s of servers.values()) await s.close();
  });
  // [implementation, what is sent, status, body (when refused)]
  const rows: [S.Impl, Sent, number, string?][] = [
    ['gocqhttp', {}, 401, ''],
    ['gocqhttp', { auth: `Token ${TOKEN}` }, 200],
    ['gocqhttp', { auth: `Bearer ${TOKEN}` }, 200],
    ['gocqhttp', { auth: `Basic ${TOKEN}` }, 200], // any scheme: the text after the first space
    ['gocqhttp', { auth: TOKEN }, 200], // no space: the whole header
    ['gocqhttp', { query: TOKEN }, 200],
    ['gocqhttp', { auth: 'Token wrong' }, 403, ''],
    ['gocqhttp', { auth: 'Token wrong', query: TOKEN }, 403, ''], // the header wins
    // Header values arrive trimmed (HTTP, and Go's textproto): `Token ` is `Token`, no space, so the whole header.
    ['gocqhttp', { auth: 'Token ', query: TOKEN }, 403, ''],
    ['gocqhttp', { query: 'wrong' }, 403, ''],
    ['llonebot', {}, 403, '{"message":"403"}'],
    ['llonebot', { auth: `Bearer ${TOKEN}` }, 200],
    ['llonebot', { query: TOKEN }, 200],
    ['llonebot', { auth: `Token ${TOKEN}` }, 403, '{"message":"403"}'], // no "Bearer ": the whole header
    ['llonebot', { auth: TOKEN }, 200], // no "Bearer " and the header is the token itself
    ['llonebot', { auth: 'Bearer wrong', query: TOKEN }, 403, '{"message":"403"}'], // the header wins
  ];
  for (const [impl, sent, status, body] of rows)
    it(`${impl} ${JSON.stringify(sent).replaceAll(TOKEN, 'TOKEN')} → ${status}`, async () => {
      const r = await fetch(`http://127.0.0.1:${servers.get(impl)!.port}/get_login_info${qs(sent)}`, { method: 'POST', headers: headers(sent) });
      assert.equal(r.status, status);
      const text = await r.text();
      if (body !== undefined) assert.equal(text, body);
      else assert.equal((JSON.parse(text) as { retcode: number }).retcode, 0);
    });
});

describe('forward WebSocket stand-ins: token checks', () => {
  /** What happens to one connection: the refusal status, or the frames and the close code after the upgrade. */
  function connect(port: number, path: string, sent: Sent): Promise<{ status?: number; frames: string[]; code?: number }> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}${qs(sent)}`, { headers: headers(sent) });
      const frames: string[] = [];
      ws.on('unexpected-response', (_req, res) => {
        resolve({ status: res.statusCode, frames });
        ws.terminate();
      });
      ws.on('error', () => undefined);
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { meta_event_type?: string; retcode?: number };
        frames.push(m.meta_event_type ?? `retcode ${m.retcode}`);
        // An accepted connection: the first frame is all there is to see (none on go-cqhttp's /api: ask something).
        if (m.meta_event_type || m.retcode === 0) ws.close(1000);
      });
      ws.on('open', () => {
        if (path === '/api') ws.send(JSON.stringify({ action: 'get_login_info', params: {}, echo: 1 }));
      });
      ws.on('close', (code) => resolve({ status: 101, frames, code }));
    });
  }
  const servers = new Map<S.Impl, S.Running>();
  before(async () => {
    for (const impl of ['gocqhttp', 'llonebot'] as const) servers.set(impl, await S.implementationForward(impl, { token: TOKEN }));
  });
  after(async () => {
    for (const s of servers.values()) await s.close();
  });
  // [implementation, path, what is sent, status, first frames, close code (after 101)]
  const rows: [S.Impl, string, Sent, number, string[], number?][] = [
    ['gocqhttp', '/', {}, 401, []],
    ['gocqhttp', '/event', { auth: 'Token wrong' }, 403, []],
    ['gocqhttp', '/', { auth: `Token ${TOKEN}` }, 101, ['lifecycle'], 1000],
    ['gocqhttp', '/', { auth: `Bearer ${TOKEN}` }, 101, ['lifecycle'], 1000],
    ['gocqhttp', '/event', { query: TOKEN }, 101, ['lifecycle'], 1000],
    ['gocqhttp', '/api', { query: TOKEN }, 101, ['retcode 0'], 1000], // no lifecycle on /api
    ['llonebot', '/', {}, 101, ['retcode 1403'], 1005],
    ['llonebot', '/', { auth: 'Bearer wrong', query: TOKEN }, 101, ['retcode 1403'], 1005],
    ['llonebot', '/', { auth: `Bearer ${TOKEN}` }, 101, ['lifecycle'], 1000],
    ['llonebot', '/', { query: TOKEN }, 101, ['lifecycle'], 1000],
  ];
  for (const [impl, path, sent, status, frames, code] of rows)
    it(`${impl} ${path} ${JSON.stringify(sent).replaceAll(TOKEN, 'TOKEN')} → ${status} ${frames.join(',')}`, async () => {
      const r = await connect(servers.get(impl)!.port, path, sent);
      assert.equal(r.status, status);
      assert.deepEqual(r.frames, frames);
      assert.equal(r.code, code);
    });

  // A plain request (no upgrade) to go-cqhttp's WebSocket server: the token first, then gorilla/websocket's 400.
  const plain: [Sent, number][] = [
    [{}, 401],
    [{ auth: 'Token wrong' }, 403],
    [{ auth: `Token ${TOKEN}` }, 400],
  ];
  for (const [sent, status] of plain)
    it(`gocqhttp plain GET ${JSON.stringify(sent).replaceAll(TOKEN, 'TOKEN')} → ${status}`, async () => {
      const r = await fetch(`http://127.0.0.1:${servers.get('gocqhttp')!.port}/`, { headers: headers(sent) });
      assert.equal(r.status, status);
    });
});
