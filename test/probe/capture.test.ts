/** Listen mode: a Lagrange-like client connects to the capture; every difference from NoneBot's expectations is named. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as net from 'node:net';
import WebSocket from 'ws';
import { buildModel, nodeFileHost } from '../../server/src/core/analyze';
import { captureHandshake, lagrangeHeaders, PortBusyError } from '../../server/src/core/probe';
import { closedPort } from './servers';

const link = buildModel([path.resolve('examples/fixed')], nodeFileHost).links[0];

/** Plays Lagrange: connects with its headers, sends lifecycle and heartbeat. */
function lagrange(port: number, p: string, token: string | null, selfId = '10001') {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${p}`, { headers: lagrangeHeaders(selfId, token) });
  ws.on('open', () => {
    ws.send(JSON.stringify({ sub_type: 'connect', meta_event_type: 'lifecycle', time: 1, self_id: 10001, post_type: 'meta_event' }));
    ws.send(JSON.stringify({ meta_event_type: 'heartbeat', time: 1, self_id: 10001, post_type: 'meta_event' }));
  });
  ws.on('error', () => undefined);
  return ws;
}

describe('captureHandshake (listen mode)', () => {
  const rows: [string, string, string | null, string][] = [
    ['as NoneBot expects', '/onebot/v11/ws', 'MyS3cretToken', 'ok'],
    ['a path NoneBot does not serve', '/onebot/v11', 'MyS3cretToken', 'forbidden-path'],
    ['a token that differs', '/onebot/v11/ws', 'other-token', 'forbidden-token'],
    ['no token at all', '/onebot/v11/ws', null, 'forbidden-token'],
  ];
  for (const [name, p, token, verdict] of rows) {
    it(name, async () => {
      const port = await closedPort();
      let client: WebSocket | undefined;
      const r = await captureHandshake({ host: '127.0.0.1', port, timeoutMs: 5000, link, onListening: () => (client = lagrange(port, p, token)) });
      client?.terminate();
      assert.equal(r.verdict, verdict, JSON.stringify(r.notes));
      assert.equal(r.captured?.path, p);
      assert.deepEqual(r.captured?.frames, ['meta_event.lifecycle', 'meta_event.heartbeat']);
      assert.equal(r.captured?.headers['x-client-role'], 'Universal');
      assert.ok(!JSON.stringify(r).includes('MyS3cretToken') && !JSON.stringify(r).includes('other-token'), 'masked');
    });
  }
  it('nobody connects: timeout', async () => {
    const r = await captureHandshake({ host: '127.0.0.1', port: await closedPort(), timeoutMs: 200 });
    assert.equal(r.verdict, 'timeout');
  });
  it('port busy: says so', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as net.AddressInfo).port;
    const r = await captureHandshake({ host: '127.0.0.1', port, timeoutMs: 200 });
    assert.equal(r.verdict, 'port-busy');
    assert.ok(PortBusyError, 'the class is still exported for callers that catch it');
    await new Promise((r) => busy.close(r));
  });
});
