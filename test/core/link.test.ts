import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDialUrl, reverseWsUrl, httpPostUrl, isLoopbackHost, isWildcardHost } from '../../server/src/core/link/urls';
import type { LagrangeImplementation } from '../../server/src/core/model';

function impl(host: string, port: number | undefined, suffix: string): LagrangeImplementation {
  return { host, port, suffix } as LagrangeImplementation;
}

describe('the URL Lagrange dials', () => {
  const rows: [string, number | undefined, string, string, string][] = [
    ['127.0.0.1', 8080, '/onebot/v11/ws', 'ws://127.0.0.1:8080/onebot/v11/ws', 'http://127.0.0.1:8080/onebot/v11/ws'],
    ['wss://bot.example.org', 443, '/onebot/v11/ws', 'wss://bot.example.org:443/onebot/v11/ws', 'http://wss://bot.example.org:443/onebot/v11/ws'],
    ['ws://h/prefix', 8080, '/ws', 'ws://h/prefix:8080/ws', 'http://ws://h/prefix:8080/ws'],
    ['https://h', 8443, '/', 'ws://https://h:8443/', 'https://h:8443/'],
    ['[::1]', 8080, '', 'ws://[::1]:8080', 'http://[::1]:8080'],
  ];
  for (const [host, port, suffix, ws, http] of rows) {
    it(`${host} ${port} ${suffix}`, () => {
      assert.equal(reverseWsUrl(impl(host, port, suffix)), ws);
      assert.equal(httpPostUrl(impl(host, port, suffix)), http);
    });
  }
});

describe('parseDialUrl', () => {
  const rows: [string, object | undefined][] = [
    ['ws://127.0.0.1:8080/onebot/v11/ws', { scheme: 'ws', host: '127.0.0.1', port: 8080, path: '/onebot/v11/ws' }],
    ['ws://[::1]:8080', { scheme: 'ws', host: '::1', port: 8080, path: '/' }],
    ['wss://h/onebot/v11/ws?x=1', { scheme: 'wss', host: 'h', port: 443, path: '/onebot/v11/ws' }],
    ['ws://127.0.0.1:8080onebot/v11/ws', undefined],
    ['ws://::1:8080/', undefined],
  ];
  for (const [url, want] of rows) it(url, () => assert.deepEqual(parseDialUrl(url), want));
});

describe('isLoopbackHost', () => {
  const rows: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['[::1]', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['192.168.1.5', false],
    ['host.docker.internal', false],
    ['::ffff:127.0.0.1', true],
    ['[::ffff:127.0.0.1]', true],
    ['127.1', true],
    ['0x7f.1', true],
    ['2130706433', true],
    ['localhost.', true],
    ['LocalHost', true],
    ['0000::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:10.0.0.1', false],
    ['::2', false],
    ['128.0.0.1', false],
    ['localhost.example.com', false],
    ['mylocalhost', false],
    ['', false],
  ];
  for (const [h, want] of rows) it(`${h} = ${want}`, () => assert.equal(isLoopbackHost(h), want));
});

describe('isWildcardHost', () => {
  const rows: [string, boolean][] = [
    ['0.0.0.0', true],
    ['0', true],
    ['::', true],
    ['[::]', true],
    ['0:0:0:0:0:0:0:0', true],
    ['::ffff:0.0.0.0', true],
    ['*', true],
    ['+', true],
    ['127.0.0.1', false],
    ['::1', false],
    ['0.0.0.1', false],
    ['example.com', false],
  ];
  for (const [h, want] of rows) it(`${h} = ${want}`, () => assert.equal(isWildcardHost(h), want));
});
