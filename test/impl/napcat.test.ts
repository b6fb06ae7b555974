/**
 * NapCat's `config/onebot11[_<uin>].json` read as NapCat reads it (JSON5, TypeBox defaults, the v1 format as its 4.x
 * migration translated it) and edited in its own syntax. One row per behaviour.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { napcatAdapter } from '../../server/src/core/impl/napcat/adapter';
import { readNapCatConfig, type NapCatConfig } from '../../server/src/core/impl/napcat/reader';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { nodeFileHost } from '../../server/src/core/fs';
import type { EditableField, ImplEndpoint } from '../../server/src/core/endpoints';
import { applyEdits } from '../../server/src/core/text/applyEdits';

const DIR = path.resolve('/napcat/config');
const UIN_FILE = path.join(DIR, 'onebot11_10001.json');

function read(text: string, name = 'onebot11_10001.json', extra: Record<string, string> = {}): NapCatConfig | undefined {
  const files: Record<string, string> = { [path.join(DIR, name)]: text };
  for (const [k, v] of Object.entries(extra)) files[path.join(DIR, k)] = v;
  return readNapCatConfig(path.join(DIR, name), new MemoryFileHost(files));
}

type Summary = {
  key: string;
  protocol: string;
  role: string;
  enabled: boolean;
  url?: string;
  host?: string;
  port?: number;
  token: string | null;
  secret?: string;
};
const summary = (c: NapCatConfig | undefined): Summary[] | undefined =>
  c?.endpoints.map((e) => {
    const s: Summary = { key: e.key, protocol: e.protocol, role: e.role, enabled: e.enabled, token: e.token };
    if (e.url !== undefined) s.url = e.url;
    if (e.host !== undefined) s.host = e.host;
    if (e.port !== undefined) s.port = e.port;
    if (e.secret !== undefined) s.secret = e.secret;
    return s;
  });

const net = (body: string) => `{ "network": { ${body} } }`;
const wsc = (o: Partial<Summary> = {}): Summary => ({
  key: 'websocketClients[0]',
  protocol: 'ws-reverse',
  role: 'dials',
  enabled: false,
  url: 'ws://localhost:8082',
  token: '',
  ...o,
});
const wss = (o: Partial<Summary> = {}): Summary => ({
  key: 'websocketServers[0]',
  protocol: 'ws-forward',
  role: 'listens',
  enabled: false,
  host: '127.0.0.1',
  port: 3001,
  token: '',
  ...o,
});

type Row = [name: string, text: string, expected: Summary[] | undefined, file?: string, extra?: Record<string, string>];

const rows: Row[] = [
  [
    'websocketClients: url as written, enable defaults to false',
    net('"websocketClients": [ { "url": "ws://127.0.0.1:8080/onebot/v11" } ]'),
    [wsc({ url: 'ws://127.0.0.1:8080/onebot/v11' })],
  ],
  ['enable true', net('"websocketClients": [ { "enable": true, "url": "ws://h:1/onebot/v11/ws" } ]'), [wsc({ enabled: true, url: 'ws://h:1/onebot/v11/ws' })]],
  ['enable "true" (converted as TypeBox does)', net('"websocketClients": [ { "enable": "true" } ]'), [wsc({ enabled: true })]],
  ['enable 1', net('"websocketClients": [ { "enable": 1 } ]'), [wsc({ enabled: true })]],
  ['websocketServers defaults 127.0.0.1:3001', net('"websocketServers": [ { "enable": true } ]'), [wss({ enabled: true })]],
  [
    'websocketServers host/port/token',
    net('"websocketServers": [ { "enable": true, "host": "0.0.0.0", "port": 6700, "token": "abc" } ]'),
    [wss({ enabled: true, host: '0.0.0.0', port: 6700, token: 'abc' })],
  ],
  ['port as a numeric string', net('"websocketServers": [ { "port": "6700" } ]'), [wss({ port: 6700 })]],
  [
    'httpServers defaults 127.0.0.1:3000',
    net('"httpServers": [ {} ]'),
    [{ key: 'httpServers[0]', protocol: 'http-api', role: 'listens', enabled: false, host: '127.0.0.1', port: 3000, token: '' }],
  ],
  [
    'httpSseServers listen like httpServers',
    net('"httpSseServers": [ { "enable": true, "port": 3005 } ]'),
    [{ key: 'httpSseServers[0]', protocol: 'http-api', role: 'listens', enabled: true, host: '127.0.0.1', port: 3005, token: '' }],
  ],
  [
    'httpClients: the token is the X-Signature secret',
    net('"httpClients": [ { "enable": true, "url": "http://127.0.0.1:8080/onebot/v11/http", "token": "s" } ]'),
    [{ key: 'httpClients[0]', protocol: 'http-post', role: 'dials', enabled: true, url: 'http://127.0.0.1:8080/onebot/v11/http', token: null, secret: 's' }],
  ],
  [
    'httpClients default url',
    net('"httpClients": [ {} ]'),
    [{ key: 'httpClients[0]', protocol: 'http-post', role: 'dials', enabled: false, url: 'http://localhost:8080', token: null, secret: '' }],
  ],
  ['plugins open nothing', net('"plugins": [ { "enable": true } ]'), []],
  [
    'several arrays, document order per array',
    net('"websocketServers": [ { "port": 1 }, { "port": 2 } ], "websocketClients": [ { "url": "ws://a" } ]'),
    [wss({ port: 1 }), wss({ key: 'websocketServers[1]', port: 2 }), wsc({ url: 'ws://a' })],
  ],
  [
    'JSON5: comments, unquoted keys, single quotes, trailing commas',
    "// NapCat\n{\n  network: {\n    /* reverse */ websocketClients: [\n      { enable: true, url: 'ws://127.0.0.1:8080/onebot/v11/ws', token: 'x', },\n    ],\n  },\n}\n",
    [wsc({ enabled: true, url: 'ws://127.0.0.1:8080/onebot/v11/ws', token: 'x' })],
  ],
  ['duplicate key: the last wins', net('"websocketClients": [ { "url": "ws://a", "url": "ws://b" } ]'), [wsc({ url: 'ws://b' })]],
  ['token number → string', net('"websocketClients": [ { "token": 123456 } ]'), [wsc({ token: '123456' })]],
  ['no network: nothing', '{ "musicSignUrl": "" }', []],
  ['empty object', '{}', []],
  [
    'v1: reverseWs urls with the top-level token',
    '{ "reverseWs": { "enable": true, "urls": [ "ws://127.0.0.1:8080/onebot/v11/ws", "ws://b/x" ] }, "token": "t" }',
    [
      { key: 'reverseWs.urls[0]', protocol: 'ws-reverse', role: 'dials', enabled: true, url: 'ws://127.0.0.1:8080/onebot/v11/ws', token: 't' },
      { key: 'reverseWs.urls[1]', protocol: 'ws-reverse', role: 'dials', enabled: true, url: 'ws://b/x', token: 't' },
    ],
  ],
  [
    'v1: ws and http servers (http takes http.secret as its token)',
    '{ "http": { "enable": true, "host": "", "port": 3000, "secret": "s" }, "ws": { "enable": false, "host": "127.0.0.1", "port": 3001 }, "token": "t" }',
    [
      { key: 'http', protocol: 'http-api', role: 'listens', enabled: true, host: '0.0.0.0', port: 3000, token: 's' },
      { key: 'ws', protocol: 'ws-forward', role: 'listens', enabled: false, host: '127.0.0.1', port: 3001, token: 't' },
    ],
  ],
  ['not a NapCat file name', '{}', undefined, 'config.json'],
  [
    'onebot11.json beside a uin file only seeds new accounts',
    net('"websocketClients": [ { "enable": true } ]'),
    [wsc({ enabled: false })],
    'onebot11.json',
    { 'onebot11_10001.json': '{}' },
  ],
  ['onebot11.json alone is read', net('"websocketClients": [ { "enable": true } ]'), [wsc({ enabled: true })], 'onebot11.json'],
];

describe('readNapCatConfig: endpoints', () => {
  for (const [name, text, expected, file, extra] of rows) {
    it(name, () => assert.deepEqual(summary(read(text, file, extra)), expected));
  }
});

type FailRow = [name: string, text: string, line: number, message: RegExp];
const failRows: FailRow[] = [
  ['missing comma', '{\n  "network": {\n    "websocketClients": [ { "url": "ws://a" } ]\n    "httpServers": []\n  }\n}', 3, /NapCat cannot parse/],
  ['half-typed file', '{ "network": { "websocketClients": [ { "url": ', 0, /NapCat cannot parse/],
  ['empty file', '', 0, /NapCat cannot parse/],
  ['unterminated block comment', '{ /* x', 0, /NapCat cannot parse/],
  ['JSON with a stray character', '{ "a": 1 } x', 0, /NapCat cannot parse/],
  ['array at the top level', '[]', 0, /top level must be an object/],
  ['token null fails the schema', net('\n"websocketClients": [ { "enable": true, "token": null } ]'), 1, /expected string/],
  ['port not a number fails the schema', net('\n"websocketServers": [ { "port": "30o1" } ]'), 1, /expected number/],
  ['enable "yes" fails the schema', net('\n"websocketServers": [ { "enable": "yes" } ]'), 1, /expected boolean/],
  ['a network array that is an object', net('\n"websocketClients": { "url": "ws://a" }'), 1, /expected array/],
  ['100 000 levels deep', '['.repeat(100_000), 0, /nesting deeper/],
];

describe('readNapCatConfig: a file NapCat cannot use yields no network, loudly', () => {
  for (const [name, text, line, message] of failRows) {
    it(name, () => {
      const c = read(text)!;
      assert.ok(c.parseFailure, 'parseFailure is set');
      assert.match(c.parseFailure!.en, /no WebSocket or HTTP connection/);
      assert.deepEqual(c.endpoints, []);
      assert.equal(c.problems.length >= 1, true);
      assert.equal(c.problems[0].range.start.line, line);
      assert.match(c.problems[0].message.en, message);
      assert.ok(c.problems[0].message.zh.length > 0);
    });
  }
});

describe('readNapCatConfig: onebot11.json beside uin files', () => {
  it('a broken template says it affects only new accounts', () => {
    const c = read('{ x', 'onebot11.json', { 'onebot11_10001.json': '{}' })!;
    assert.deepEqual(c.templateFor, [UIN_FILE]);
    assert.match(c.parseFailure!.en, /account that has no onebot11_<uin>\.json yet/);
  });
});

describe('readNapCatConfig: keys, ranges, selfId', () => {
  it('uin from the file name', () => assert.equal(read('{}')!.selfId, '10001'));
  it('onebot11.json has no selfId', () => assert.equal(read('{}', 'onebot11.json')!.selfId, undefined));
  it('unknown keys with suggestions, per level', () => {
    const c = read('{ "netwrok": {}, "network": { "websocketClient": [], "websocketClients": [ { "enabel": true, "url": "ws://a" } ] } }')!;
    assert.deepEqual(
      c.unknownKeys.map((u) => [u.node.path, u.suggestion]),
      [
        ['netwrok', 'network'],
        ['network.websocketClient', 'websocketClients'],
        ['network.websocketClients[0].enabel', 'enable'],
      ],
    );
  });
  it('a key of another array is unknown here (host on a client)', () => {
    const c = read(net('"websocketClients": [ { "host": "0.0.0.0", "port": 8080 } ]'))!;
    assert.deepEqual(
      c.unknownKeys.map((u) => u.key),
      ['host', 'port'],
    );
  });
  it('v1 keys are flagged as the old format', () => {
    const c = read('{ "reverseWs": { "enable": true, "urls": [] }, "http": { "postUrls": ["http://a"] } }')!;
    assert.deepEqual(
      c.unknownKeys.map((u) => u.node.path),
      ['reverseWs', 'http', 'http.postUrls'],
    );
    assert.match(c.unknownKeys[0].reason!.en, /since 4\.3\.9/);
  });
  it('exact ranges: url inner range, enable node, anchor at name', () => {
    const text = "{\n  network: {\n    websocketClients: [\n      { name: 'nb', enable: false, url: 'ws://127.0.0.1:8080/onebot/v11' },\n    ],\n  },\n}";
    const ep = read(text)!.endpoints[0];
    assert.deepEqual(ep.urlNode!.innerRange, { start: { line: 3, character: 41 }, end: { line: 3, character: 71 } });
    assert.equal(ep.urlNode!.literal, true);
    assert.deepEqual(ep.enabledNode!.valueRange, { start: { line: 3, character: 28 }, end: { line: 3, character: 33 } });
    assert.deepEqual(ep.anchor.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 18 } });
    assert.equal(ep.urlNode!.path, 'network.websocketClients[0].url');
    assert.deepEqual(ep.label, { en: "NapCat's websocketClients[0]", zh: 'NapCat 的 websocketClients[0]' });
    assert.equal(ep.auth, 'bearer-always');
  });
  it('enable absent: enabledNode is the entry object', () => {
    const ep = read(net('"websocketClients": [ { "url": "ws://a" } ]'))!.endpoints[0];
    assert.equal(ep.enabledNode!.kind, 'object');
  });
  it('a string with an escape is not literal', () => {
    const ep = read(net('"websocketClients": [ { "url": "ws://a\\u002Fb" } ]'))!.endpoints[0];
    assert.equal(ep.url, 'ws://a/b');
    assert.equal(ep.urlNode!.literal, false);
  });
  it('a 2 MB file reads', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `{ "enable": true, "port": ${i + 1}, "token": "t${i}" }`).join(',\n');
    assert.equal(read(net(`"websocketServers": [ ${many} ]`))!.endpoints.length, 10_000);
  });
});

// ------------------------------------------------------------------------------------------------------------------
// Edits
// ------------------------------------------------------------------------------------------------------------------

function edit(text: string, key: string, field: EditableField, value: string): string | undefined {
  const c = read(text)!;
  const ep = c.endpoints.find((e) => e.key === key) as ImplEndpoint;
  assert.ok(ep, `endpoint ${key}`);
  const edits = napcatAdapter.edit(ep, field, value, (f) => (f === UIN_FILE ? text : undefined));
  if (!edits) return undefined;
  const out = applyEdits(text, edits);
  // The result still reads, and now holds the value.
  assert.equal(read(out)!.parseFailure, undefined);
  return out;
}

type EditRow = [name: string, text: string, key: string, field: EditableField, value: string, expected: string | undefined];
const WC = 'websocketClients[0]';
const editRows: EditRow[] = [
  [
    'path: in place, keeping host and port',
    net('"websocketClients": [ { "url": "ws://127.0.0.1:8080/onebot/v11" } ]'),
    WC,
    'path',
    '/onebot/v11/ws',
    net('"websocketClients": [ { "url": "ws://127.0.0.1:8080/onebot/v11/ws" } ]'),
  ],
  [
    'path: keeps the query',
    net('"websocketClients": [ { "url": "ws://h:1/x?access_token=a" } ]'),
    WC,
    'path',
    '/onebot/v11/ws',
    net('"websocketClients": [ { "url": "ws://h:1/onebot/v11/ws?access_token=a" } ]'),
  ],
  [
    'path: single quotes kept',
    "{ network: { websocketClients: [ { url: 'ws://h:1' } ] } }",
    WC,
    'path',
    '/onebot/v11/ws',
    "{ network: { websocketClients: [ { url: 'ws://h:1/onebot/v11/ws' } ] } }",
  ],
  [
    'path: escaped string rewritten whole',
    net('"websocketClients": [ { "url": "ws:\\/\\/h:1/x" } ]'),
    WC,
    'path',
    '/onebot/v11/ws',
    net('"websocketClients": [ { "url": "ws://h:1/onebot/v11/ws" } ]'),
  ],
  [
    'path: default url written out',
    net('"websocketClients": [ { "enable": true } ]'),
    WC,
    'path',
    '/onebot/v11/ws',
    net('"websocketClients": [ { "url": "ws://localhost:8082/onebot/v11/ws", "enable": true } ]'),
  ],
  [
    'port of a URL',
    net('"websocketClients": [ { "url": "ws://127.0.0.1:8081/onebot/v11/ws" } ]'),
    WC,
    'port',
    '8080',
    net('"websocketClients": [ { "url": "ws://127.0.0.1:8080/onebot/v11/ws" } ]'),
  ],
  [
    'port added to a URL without one',
    net('"websocketClients": [ { "url": "ws://nonebot/onebot/v11/ws" } ]'),
    WC,
    'port',
    '8080',
    net('"websocketClients": [ { "url": "ws://nonebot:8080/onebot/v11/ws" } ]'),
  ],
  [
    'host of a URL',
    net('"websocketClients": [ { "url": "ws://127.0.0.1:8080/onebot/v11/ws" } ]'),
    WC,
    'host',
    'host.docker.internal',
    net('"websocketClients": [ { "url": "ws://host.docker.internal:8080/onebot/v11/ws" } ]'),
  ],
  ['port of a server', net('"websocketServers": [ { "port": 3001 } ]'), 'websocketServers[0]', 'port', '6700', net('"websocketServers": [ { "port": 6700 } ]')],
  [
    'port of a server: added',
    net('"websocketServers": [ { "enable": true } ]'),
    'websocketServers[0]',
    'port',
    '6700',
    net('"websocketServers": [ { "port": 6700, "enable": true } ]'),
  ],
  ['port: not a number → no edit', net('"websocketServers": [ { "port": 3001 } ]'), 'websocketServers[0]', 'port', 'x', undefined],
  ['host of a server', net('"httpServers": [ { "host": "127.0.0.1" } ]'), 'httpServers[0]', 'host', '0.0.0.0', net('"httpServers": [ { "host": "0.0.0.0" } ]')],
  [
    'token replaced',
    net('"websocketClients": [ { "token": "Ab3dE6gH9jK2mN5p" } ]'),
    WC,
    'token',
    'secret',
    net('"websocketClients": [ { "token": "secret" } ]'),
  ],
  ['token with a quote is escaped', net('"websocketClients": [ { "token": "" } ]'), WC, 'token', 'a"b', net('"websocketClients": [ { "token": "a\\"b" } ]')],
  ['httpClients: token is not a bearer token', net('"httpClients": [ { "token": "s" } ]'), 'httpClients[0]', 'token', 'x', undefined],
  ['httpClients: secret edits token', net('"httpClients": [ { "token": "s" } ]'), 'httpClients[0]', 'secret', 'x', net('"httpClients": [ { "token": "x" } ]')],
  ['enable false → true', net('"websocketClients": [ { "enable": false } ]'), WC, 'enable', 'true', net('"websocketClients": [ { "enable": true } ]')],
  [
    'enable added on its own line, with the indent of the entry',
    '{\n  "network": {\n    "websocketClients": [\n      {\n        "name": "nb",\n        "url": "ws://a"\n      }\n    ]\n  }\n}',
    WC,
    'enable',
    'true',
    '{\n  "network": {\n    "websocketClients": [\n      {\n        "enable": true,\n        "name": "nb",\n        "url": "ws://a"\n      }\n    ]\n  }\n}',
  ],
  [
    'enable added to an unquoted-key file',
    "{ network: { websocketClients: [ { url: 'ws://a' } ] } }",
    WC,
    'enable',
    'true',
    "{ network: { websocketClients: [ { enable: true, url: 'ws://a' } ] } }",
  ],
  ['enable added to an empty entry', net('"websocketClients": [ {} ]'), WC, 'enable', 'true', net('"websocketClients": [ { "enable": true } ]')],
  [
    'comments kept',
    '{\n  // mine\n  "network": { "websocketClients": [ { "url": "ws://a:1" /* x */ } ] }\n}',
    WC,
    'path',
    '/onebot/v11/ws',
    '{\n  // mine\n  "network": { "websocketClients": [ { "url": "ws://a:1/onebot/v11/ws" /* x */ } ] }\n}',
  ],
  [
    'url replaced whole',
    net('"websocketClients": [ { "url": "ws://a" } ]'),
    WC,
    'url',
    'ws://b:1/onebot/v11/ws',
    net('"websocketClients": [ { "url": "ws://b:1/onebot/v11/ws" } ]'),
  ],
  [
    'v1: path of a reverseWs url',
    '{ "reverseWs": { "enable": true, "urls": [ "ws://h:8080/onebot/v11" ] } }',
    'reverseWs.urls[0]',
    'path',
    '/onebot/v11/ws',
    '{ "reverseWs": { "enable": true, "urls": [ "ws://h:8080/onebot/v11/ws" ] } }',
  ],
  [
    'v1: token of a reverseWs url is the top-level token',
    '{ "reverseWs": { "enable": true, "urls": [ "ws://h" ] }, "token": "" }',
    'reverseWs.urls[0]',
    'token',
    'x',
    '{ "reverseWs": { "enable": true, "urls": [ "ws://h" ] }, "token": "x" }',
  ],
];

describe("napcatAdapter.edit: in the file's own syntax", () => {
  for (const [name, text, key, field, value, expected] of editRows) {
    it(name, () => assert.equal(edit(text, key, field, value), expected));
  }
});

describe('napcatAdapter', () => {
  const claims: [string, boolean][] = [
    ['onebot11.json', true],
    ['onebot11_123456.json', true],
    ['onebot11_abc.json', false],
    ['napcat.json', false],
    ['onebot11_1.json.bak', false],
  ];
  for (const [name, want] of claims) it(`claims ${name}: ${want}`, () => assert.equal(napcatAdapter.claims(name, `config/${name}`), want));
});

describe('NapCat shipped default (test/fixtures/napcat-default)', () => {
  it('reads with no problem, no unknown key and no enabled connection', () => {
    const file = path.resolve('test/fixtures/napcat-default/napcat/config/onebot11_123456789.json');
    assert.ok(fs.existsSync(file));
    const c = napcatAdapter.read(file, nodeFileHost, {})!;
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.unknownKeys, []);
    assert.equal(c.parseFailure, undefined);
    assert.equal(c.endpoints.filter((e) => e.enabled).length, 0);
    assert.equal(c.selfId, '123456789');
  });
  it('the WebUI-made reverse WebSocket entry (random 16-character token, no trailing /ws)', () => {
    const file = path.resolve('test/fixtures/napcat-webui/config/onebot11_123456789.json');
    const c = napcatAdapter.read(file, nodeFileHost, {})!;
    assert.deepEqual(c.problems, []);
    assert.deepEqual(summary(c as NapCatConfig), [wsc({ enabled: true, url: 'ws://127.0.0.1:8080/onebot/v11', token: 'Xk3v9QmP2rT7wYz1' })]);
  });
});
