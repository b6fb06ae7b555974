/**
 * LLOneBot / LuckyLilliaBot `config_<uin>.json` in its three generations (ob11.connect; the mid-2025 flat keys as the
 * current version converts them; the 2024 LiteLoader plugin), read and edited in its own syntax. One row per behaviour.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { llonebotAdapter } from '../../server/src/core/impl/llonebot/adapter';
import { readLLOneBotConfig, type LLOneBotConfig } from '../../server/src/core/impl/llonebot/reader';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { nodeFileHost } from '../../server/src/core/fs';
import type { EditableField } from '../../server/src/core/endpoints';
import { applyEdits } from '../../server/src/core/text/applyEdits';

const DATA = path.resolve('/llbot/data/config_10001.json');
const LL2024 = path.resolve('/qq/LiteLoader/data/LLOneBot/config_10001.json');
const ELSEWHERE = path.resolve('/somewhere/config_10001.json');

function read(text: string, file = DATA): LLOneBotConfig | undefined {
  return readLLOneBotConfig(file, new MemoryFileHost({ [file]: text }));
}

type Summary = { key: string; protocol: string; enabled: boolean; url?: string; host?: string; port?: number; token: string | null; secret?: string };
const summary = (c: LLOneBotConfig | undefined): Summary[] | undefined =>
  c?.endpoints.map((e) => {
    const s: Summary = { key: e.key, protocol: e.protocol, enabled: e.enabled, token: e.token };
    if (e.url !== undefined) s.url = e.url;
    if (e.host !== undefined) s.host = e.host;
    if (e.port !== undefined) s.port = e.port;
    if (e.secret !== undefined) s.secret = e.secret;
    return s;
  });

const connect = (entries: string, extra = '') => `{ "ob11": { "enable": true, "connect": [ ${entries} ] }${extra} }`;
const C0 = 'ob11.connect[0]';

type Row = [name: string, text: string, expected: Summary[] | undefined, file?: string];
const rows: Row[] = [
  // late 2025 onwards: ob11.connect
  [
    'connect: ws-reverse dials url',
    connect('{ "type": "ws-reverse", "enable": true, "url": "ws://127.0.0.1:8080/onebot/v11/ws", "token": "t" }'),
    [{ key: C0, protocol: 'ws-reverse', enabled: true, url: 'ws://127.0.0.1:8080/onebot/v11/ws', token: 't' }],
  ],
  [
    'connect: ws listens on host:port',
    connect('{ "type": "ws", "enable": true, "host": "127.0.0.1", "port": 3001 }'),
    [{ key: C0, protocol: 'ws-forward', enabled: true, host: '127.0.0.1', port: 3001, token: '' }],
  ],
  [
    'connect: empty host binds every interface',
    connect('{ "type": "http", "enable": true, "host": "", "port": 3000 }'),
    [{ key: C0, protocol: 'http-api', enabled: true, host: '0.0.0.0', port: 3000, token: '' }],
  ],
  [
    'connect: http-post token is the signing secret',
    connect('{ "type": "http-post", "enable": true, "url": "http://127.0.0.1:8080/onebot/v11/http", "token": "s" }'),
    [{ key: C0, protocol: 'http-post', enabled: true, url: 'http://127.0.0.1:8080/onebot/v11/http', token: null, secret: 's' }],
  ],
  [
    'connect: enable false',
    connect('{ "type": "ws-reverse", "enable": false, "url": "ws://a" }'),
    [{ key: C0, protocol: 'ws-reverse', enabled: false, url: 'ws://a', token: '' }],
  ],
  [
    'connect: ob11.enable false turns every entry off',
    '{ "ob11": { "enable": false, "connect": [ { "type": "ws-reverse", "enable": true, "url": "ws://a" } ] } }',
    [{ key: C0, protocol: 'ws-reverse', enabled: false, url: 'ws://a', token: '' }],
  ],
  [
    'connect: ob11.enable absent is filled with true',
    '{ "ob11": { "connect": [ { "type": "ws-reverse", "enable": true, "url": "ws://a" } ] } }',
    [{ key: C0, protocol: 'ws-reverse', enabled: true, url: 'ws://a', token: '' }],
  ],
  [
    'connect: onlyLocalhost fills a missing host',
    connect('{ "type": "ws", "enable": true, "port": 3001 }', ', "onlyLocalhost": true'),
    [{ key: C0, protocol: 'ws-forward', enabled: true, host: '127.0.0.1', port: 3001, token: '' }],
  ],
  [
    'connect: an unknown type stops every entry',
    connect('{ "type": "ws-reverse", "enable": true, "url": "ws://a" }, { "type": "websocket", "enable": true }'),
    [{ key: C0, protocol: 'ws-reverse', enabled: false, url: 'ws://a', token: '' }],
  ],
  [
    'JSON5 syntax in data/',
    "{ ob11: { enable: true, connect: [ { type: 'ws-reverse', enable: true, url: 'ws://a', }, ], }, // c\n}",
    [{ key: C0, protocol: 'ws-reverse', enabled: true, url: 'ws://a', token: '' }],
  ],
  // mid-2025: flat keys, converted
  [
    'flat: four entries as the migration builds them',
    '{ "ob11": { "enable": true, "token": "t", "httpPort": 3000, "httpPostUrls": ["http://p/1"], "httpSecret": "s", "wsPort": 3001, "wsReverseUrls": ["ws://r/onebot/v11/ws"], "enableHttp": false, "enableHttpPost": true, "enableWs": true, "enableWsReverse": true }, "onlyLocalhost": true }',
    [
      { key: 'ob11.wsPort', protocol: 'ws-forward', enabled: true, host: '127.0.0.1', port: 3001, token: 't' },
      { key: 'ob11.wsReverseUrls[0]', protocol: 'ws-reverse', enabled: true, url: 'ws://r/onebot/v11/ws', token: 't' },
      { key: 'ob11.httpPort', protocol: 'http-api', enabled: false, host: '127.0.0.1', port: 3000, token: 't' },
      { key: 'ob11.httpPostUrls[0]', protocol: 'http-post', enabled: true, url: 'http://p/1', token: null, secret: 's' },
    ],
  ],
  [
    'flat: absent switches are false, absent ports default, no onlyLocalhost → every interface',
    '{ "ob11": { "enable": true } }',
    [
      { key: 'ob11.wsPort', protocol: 'ws-forward', enabled: false, host: '0.0.0.0', port: 3001, token: '' },
      { key: 'ob11.wsReverseUrls[0]', protocol: 'ws-reverse', enabled: false, url: '', token: '' },
      { key: 'ob11.httpPort', protocol: 'http-api', enabled: false, host: '0.0.0.0', port: 3000, token: '' },
      { key: 'ob11.httpPostUrls[0]', protocol: 'http-post', enabled: false, url: '', token: null, secret: '' },
    ],
  ],
  // 2024 LiteLoader plugin
  [
    '2024: wsHosts with the top-level token, ws and http on by default on every interface',
    '{ "ob11": { "wsHosts": ["ws://127.0.0.1:8080/onebot/v11/ws"], "enableWsReverse": true }, "token": "t" }',
    [
      { key: 'ob11.wsPort', protocol: 'ws-forward', enabled: true, host: '0.0.0.0', port: 3001, token: 't' },
      { key: 'ob11.httpPort', protocol: 'http-api', enabled: true, host: '0.0.0.0', port: 3000, token: 't' },
      { key: 'ob11.wsHosts[0]', protocol: 'ws-reverse', enabled: true, url: 'ws://127.0.0.1:8080/onebot/v11/ws', token: 't' },
    ],
    LL2024,
  ],
  [
    '2024: enableWsReverse defaults to false; listenLocalhost; old top-level wsPort wins',
    '{ "ob11": { "wsHosts": ["ws://a"], "listenLocalhost": true, "wsPort": 3001, "enableHttp": false }, "wsPort": 6700 }',
    [
      { key: 'ob11.wsPort', protocol: 'ws-forward', enabled: true, host: '127.0.0.1', port: 6700, token: '' },
      { key: 'ob11.httpPort', protocol: 'http-api', enabled: false, host: '127.0.0.1', port: 3000, token: '' },
      { key: 'ob11.wsHosts[0]', protocol: 'ws-reverse', enabled: false, url: 'ws://a', token: '' },
    ],
    LL2024,
  ],
  [
    '2024: enableLLOB false turns everything off',
    '{ "enableLLOB": false, "ob11": { "enableWs": true } }',
    [
      { key: 'ob11.wsPort', protocol: 'ws-forward', enabled: false, host: '0.0.0.0', port: 3001, token: '' },
      { key: 'ob11.httpPort', protocol: 'http-api', enabled: false, host: '0.0.0.0', port: 3000, token: '' },
    ],
    LL2024,
  ],
  // recognition
  [
    'elsewhere, recognised by content',
    connect('{ "type": "ws-reverse", "enable": true, "url": "ws://a" }'),
    [{ key: C0, protocol: 'ws-reverse', enabled: true, url: 'ws://a', token: '' }],
    ELSEWHERE,
  ],
  ['elsewhere, not LLOneBot content', '{ "name": "x" }', undefined, ELSEWHERE],
  ['elsewhere, unparsable: not claimed', '{ x', undefined, ELSEWHERE],
  ['not the file name', '{}', undefined, path.resolve('/llbot/data/config.json')],
];

describe('readLLOneBotConfig: endpoints per generation', () => {
  for (const [name, text, expected, file] of rows) it(name, () => assert.deepEqual(summary(read(text, file)), expected));
});

describe('readLLOneBotConfig: problems and unknown keys', () => {
  it('data/: a JSON5 error falls back to defaults where nothing connects', () => {
    const c = read('{\n  "ob11": { "enable": true "connect": [] }\n}')!;
    assert.equal(c.endpoints.length, 0);
    assert.equal(c.problems[0].range.start.line, 1);
    assert.match(c.problems[0].message.en, /cannot parse this file as JSON5/);
    assert.match(c.parseFailure!.en, /every OneBot connection is off/);
  });
  it('2024: JSON5 syntax is an error for JSON.parse, and the defaults are listeners', () => {
    const c = read("{ ob11: { wsHosts: ['ws://a'] } }", LL2024)!;
    assert.match(c.problems[0].message.en, /as JSON:/);
    assert.match(c.parseFailure!.en, /port 3000 and WebSocket on 3001/);
  });
  it('half-typed file: a problem with a range, no throw', () => {
    const c = read('{ "ob11": { "connect": [ { "type": "ws-re')!;
    assert.equal(c.problems.length, 1);
    assert.ok(c.parseFailure);
  });
  it('100 000 levels deep: a problem, no crash', () => {
    const c = read(`{"ob11":${'['.repeat(100_000)}`)!;
    assert.match(c.problems[0].message.en, /nesting deeper/);
  });
  it('an unknown type is a problem at the type value', () => {
    const c = read(connect('\n{ "type": "websocket", "enable": true }'))!;
    assert.equal(c.problems.length, 1);
    assert.equal(c.problems[0].range.start.line, 1);
    assert.match(c.problems[0].message.en, /incorrect ob11 connect type/);
  });
  it('unknown keys with suggestions and reasons', () => {
    const c = read(connect('{ "type": "ws-reverse", "enable": true, "url": "ws://a", "tokne": "x", "port": 1 }', ', "wsHosts": [], "ob11x": 1'))!;
    assert.deepEqual(
      c.unknownKeys.map((u) => [u.node.path, u.suggestion ?? null]),
      [
        ['wsHosts', null],
        ['ob11x', 'ob11'],
        ['ob11.connect[0].tokne', 'token'],
        ['ob11.connect[0].port', null],
      ],
    );
  });
  it('flat keys left beside ob11.connect are ignored', () => {
    const c = read('{ "ob11": { "enable": true, "token": "t", "connect": [] } }')!;
    assert.deepEqual(
      c.unknownKeys.map((u) => u.node.path),
      ['ob11.token'],
    );
    assert.match(c.unknownKeys[0].reason!.en, /no longer converts/);
  });
  it('flat: only the first reverse-WS URL survives the conversion', () => {
    const c = read('{ "ob11": { "enable": true, "enableWsReverse": true, "wsReverseUrls": ["ws://a", "ws://b"] } }')!;
    assert.deepEqual(
      c.unknownKeys.map((u) => u.node.path),
      ['ob11.wsReverseUrls[1]'],
    );
    assert.match(c.unknownKeys[0].reason!.en, /only the first URL/);
  });
  it('2024 keys in a data/ file are flagged as old', () => {
    const c = read('{ "ob11": { "enable": true, "wsHosts": ["ws://a"] }, "token": "t" }')!;
    assert.deepEqual(
      c.unknownKeys.map((u) => u.node.path),
      ['token', 'ob11.wsHosts'],
    );
  });
  it('selfId from the file name, label names the entry', () => {
    const c = read(connect('{ "type": "ws-reverse", "enable": true, "url": "ws://a" }'))!;
    assert.equal(c.selfId, '10001');
    assert.deepEqual(c.endpoints[0].label, { en: "LLOneBot's ob11.connect[0] (ws-reverse)", zh: 'LLOneBot 的 ob11.connect[0] (ws-reverse)' });
    assert.equal(c.endpoints[0].auth, 'bearer-always');
    assert.equal(c.endpoints[0].urlNode!.path, 'ob11.connect[0].url');
  });
});

function edit(text: string, key: string, field: EditableField, value: string, file = DATA): string | undefined {
  const ep = read(text, file)!.endpoints.find((e) => e.key === key);
  assert.ok(ep, `endpoint ${key}`);
  const edits = llonebotAdapter.edit(ep, field, value, (f) => (f === file ? text : undefined));
  if (!edits) return undefined;
  const out = applyEdits(text, edits);
  assert.equal(read(out, file)!.parseFailure, undefined);
  return out;
}

type EditRow = [name: string, text: string, key: string, field: EditableField, value: string, expected: string | undefined, file?: string];
const editRows: EditRow[] = [
  [
    'connect: path in place',
    connect('{ "type": "ws-reverse", "enable": true, "url": "ws://127.0.0.1:8080/onebot/v11" }'),
    C0,
    'path',
    '/onebot/v11/ws',
    connect('{ "type": "ws-reverse", "enable": true, "url": "ws://127.0.0.1:8080/onebot/v11/ws" }'),
  ],
  [
    'connect: enable',
    connect('{ "type": "ws-reverse", "enable": false, "url": "ws://a" }'),
    C0,
    'enable',
    'true',
    connect('{ "type": "ws-reverse", "enable": true, "url": "ws://a" }'),
  ],
  [
    'connect: enable added',
    connect('{ "type": "ws-reverse", "url": "ws://a" }'),
    C0,
    'enable',
    'true',
    connect('{ "enable": true, "type": "ws-reverse", "url": "ws://a" }'),
  ],
  [
    'connect: token',
    connect('{ "type": "ws-reverse", "url": "ws://a", "token": "" }'),
    C0,
    'token',
    'x',
    connect('{ "type": "ws-reverse", "url": "ws://a", "token": "x" }'),
  ],
  ['connect: http-post has no bearer token', connect('{ "type": "http-post", "url": "http://a", "token": "" }'), C0, 'token', 'x', undefined],
  [
    'connect: http-post secret is its token',
    connect('{ "type": "http-post", "url": "http://a", "token": "" }'),
    C0,
    'secret',
    'x',
    connect('{ "type": "http-post", "url": "http://a", "token": "x" }'),
  ],
  ['connect: port of a server', connect('{ "type": "ws", "port": 3001 }'), C0, 'port', '6700', connect('{ "type": "ws", "port": 6700 }')],
  [
    'connect: host of a server added',
    connect('{ "type": "ws", "port": 3001 }'),
    C0,
    'host',
    '0.0.0.0',
    connect('{ "host": "0.0.0.0", "type": "ws", "port": 3001 }'),
  ],
  [
    'connect: url into an empty url',
    connect('{ "type": "ws-reverse", "url": "" }'),
    C0,
    'url',
    'ws://127.0.0.1:8080/onebot/v11/ws',
    connect('{ "type": "ws-reverse", "url": "ws://127.0.0.1:8080/onebot/v11/ws" }'),
  ],
  [
    'JSON5 single quotes kept',
    "{ ob11: { connect: [ { type: 'ws-reverse', url: 'ws://a:1' } ] } }",
    C0,
    'path',
    '/onebot/v11/ws',
    "{ ob11: { connect: [ { type: 'ws-reverse', url: 'ws://a:1/onebot/v11/ws' } ] } }",
  ],
  [
    'flat: enableWsReverse',
    '{ "ob11": { "enable": true, "enableWsReverse": false, "wsReverseUrls": ["ws://a"] } }',
    'ob11.wsReverseUrls[0]',
    'enable',
    'true',
    '{ "ob11": { "enable": true, "enableWsReverse": true, "wsReverseUrls": ["ws://a"] } }',
  ],
  [
    'flat: token is ob11.token',
    '{ "ob11": { "enable": true, "wsReverseUrls": ["ws://a"] } }',
    'ob11.wsReverseUrls[0]',
    'token',
    'x',
    '{ "ob11": { "token": "x", "enable": true, "wsReverseUrls": ["ws://a"] } }',
  ],
  [
    '2024: path of a wsHosts URL',
    '{ "ob11": { "wsHosts": ["ws://a:8080/onebot/v11"] } }',
    'ob11.wsHosts[0]',
    'path',
    '/onebot/v11/ws',
    '{ "ob11": { "wsHosts": ["ws://a:8080/onebot/v11/ws"] } }',
    LL2024,
  ],
  [
    '2024: token at the top level',
    '{ "ob11": { "wsHosts": ["ws://a"] }, "token": "" }',
    'ob11.wsHosts[0]',
    'token',
    'x',
    '{ "ob11": { "wsHosts": ["ws://a"] }, "token": "x" }',
    LL2024,
  ],
  [
    '2024: enable reverse WS (key added, quoted as JSON)',
    '{ "ob11": { "wsHosts": ["ws://a"] } }',
    'ob11.wsHosts[0]',
    'enable',
    'true',
    '{ "ob11": { "enableWsReverse": true, "wsHosts": ["ws://a"] } }',
    LL2024,
  ],
];

describe('llonebotAdapter.edit', () => {
  for (const [name, text, key, field, value, expected, file] of editRows) it(name, () => assert.equal(edit(text, key, field, value, file), expected));
});

describe('llonebotAdapter', () => {
  const claims: [string, boolean][] = [
    ['config_123.json', true],
    ['config.json', false],
    ['config_abc.json', false],
    ['default_config.json', false],
  ];
  for (const [name, want] of claims) it(`claims ${name}: ${want}`, () => assert.equal(llonebotAdapter.claims(name, `data/${name}`), want));
});

describe('LLOneBot shipped default (test/fixtures/llonebot-default)', () => {
  it('reads with no problem, no unknown key and no enabled connection', () => {
    const file = path.resolve('test/fixtures/llonebot-default/llbot/data/config_123456789.json');
    assert.ok(fs.existsSync(file));
    const c = llonebotAdapter.read(file, nodeFileHost, {})!;
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.unknownKeys, []);
    assert.equal(c.parseFailure, undefined);
    assert.equal(c.endpoints.length, 4);
    assert.equal(c.endpoints.filter((e) => e.enabled).length, 0);
  });
});
