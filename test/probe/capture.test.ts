/** Listen mode: a Lagrange-like client connects to the capture; every difference from NoneBot's expectations is named. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as net from 'node:net';
import WebSocket from 'ws';
import { buildModel, nodeFileHost } from '../../server/src/core/analyze';
import { captureHandshake, formatReport, lagrangeHeaders, PortBusyError } from '../../server/src/core/probe';
import { captureVantage } from '../../server/src/core/compose/where';
import { closedPort } from './servers';
import { casesOnDisk } from '../ruleCases';

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
  it('NapCat in a compose service dialling 127.0.0.1: the report says the capture cannot see it (en, zh-cn)', async () => {
    const m = buildModel([path.join(casesOnDisk(), 'compose-loopback.cases/fires-nonebot-on-host')], nodeFileHost);
    const vantage = captureVantage(m, m.links[0], '127.0.0.1');
    assert.equal(vantage.length, 2);
    const r = await captureHandshake({ host: '127.0.0.1', port: 0, timeoutMs: 200, link: m.links[0], vantage });
    assert.equal(r.verdict, 'timeout');
    assert.deepEqual(r.notes.slice(0, 2), vantage, 'the notes open the report');
    assert.match(formatReport(r, 'en'), /Note: NapCat dials `localhost`: inside service `napcat` that is the container itself/);
    assert.match(formatReport(r, 'zh'), /注意: NapCat 连接 `localhost`：在服务 `napcat` 内它指的是该容器自身/);
  });
});
