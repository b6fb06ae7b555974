/**
 * koishi.yml read as Koishi 4's loader and the OneBot adapter read it (koishijs/koishi packages/loader,
 * koishijs/koishi-plugin-adapter-onebot src/bot/index.ts, src/ws.ts, src/http.ts, @cordisjs/plugin-server), and edits
 * applied back to the text with comments kept. One row per rule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isKoishiFileName, parseKoishiConfig, pathProblem, readKoishiConfig } from '../../server/src/core/framework/koishi/reader';
import { editKoishi, type KoishiField } from '../../server/src/core/framework/koishi/editor';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import type { Range } from '../../server/src/core/model';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { applyEdits } from '../../server/src/core/text/applyEdits';

const FILE = path.resolve('/koishi/koishi.yml');
const SERVER = 'plugins:\n  server:\n    port: 5140\n';

function summary(text: string, env?: Record<string, string>) {
  const c = parseKoishiConfig(FILE, text, env);
  return c.endpoints.map((e) => {
    const o: Record<string, unknown> = { key: e.key, protocol: e.protocol, enabled: e.enabled, token: e.token };
    if (e.role === 'listens') Object.assign(o, { host: e.host, port: e.port, paths: e.paths });
    if (e.url !== undefined) o.url = e.url;
    if (e.selfIds?.length) o.selfIds = e.selfIds.map((s) => s.value);
    if (e.secret !== undefined) o.secret = e.secret;
    return o;
  });
}

const slice = (text: string, r: Range) => {
  const li = new LineIndex(text);
  return text.slice(li.offset(r.start), li.offset(r.end));
};

const RWS = (key: string, extra = '') => ({
  key,
  protocol: 'ws-reverse',
  enabled: true,
  token: null,
  host: '127.0.0.1',
  port: 5140,
  paths: ['/onebot'],
  selfIds: ['10001'],
  ...(extra ? JSON.parse(extra) : {}),
});

describe('Koishi: adapter-onebot entries in the plugin tree', () => {
  type Row = [name: string, text: string, expected: ReturnType<typeof summary>, env?: Record<string, string>];
  const rows: Row[] = [
    ['defaults: ws-reverse on /onebot at the server', `${SERVER}  adapter-onebot:abc:\n    selfId: '10001'\n`, [RWS('plugins.adapter-onebot:abc')]],
    [
      'inside a group',
      `${SERVER}  group:adapter:\n    adapter-onebot:\n      selfId: '10001'\n      path: /qq\n`,
      [RWS('plugins.group:adapter.adapter-onebot', '{"paths":["/qq"]}')],
    ],
    ['disabled with ~', `${SERVER}  ~adapter-onebot:abc:\n    selfId: '10001'\n`, [RWS('plugins.~adapter-onebot:abc', '{"enabled":false}')]],
    [
      'inside a disabled group',
      `${SERVER}  ~group:a:\n    adapter-onebot:x:\n      selfId: '10001'\n`,
      [RWS('plugins.~group:a.adapter-onebot:x', '{"enabled":false}')],
    ],
    ['$if false', `${SERVER}  adapter-onebot:x:\n    $if: false\n    selfId: '10001'\n`, [RWS('plugins.adapter-onebot:x', '{"enabled":false}')]],
    [
      '$if on an env variable',
      `${SERVER}  group:dev:\n    $if: env.MODE === 'qq'\n    adapter-onebot:x:\n      selfId: '10001'\n`,
      [RWS('plugins.group:dev.adapter-onebot:x', '{"enabled":false}')],
      { MODE: 'web' },
    ],
    ['scoped package name', `${SERVER}  '@koishijs/plugin-adapter-onebot:x':\n    selfId: '10001'\n`, [RWS('plugins.@koishijs/plugin-adapter-onebot:x')]],
    [
      'token is kept but never checked on reverse WS',
      `${SERVER}  adapter-onebot:\n    selfId: '10001'\n    token: abc\n`,
      [RWS('plugins.adapter-onebot', '{"token":"abc"}')],
    ],
    [
      'selfId as a YAML number is rejected',
      `${SERVER}  adapter-onebot:\n    selfId: 10001\n`,
      [{ key: 'plugins.adapter-onebot', protocol: 'ws-reverse', enabled: false, token: null, host: '127.0.0.1', port: 5140, paths: ['/onebot'] }],
    ],
    [
      'selfId missing',
      `${SERVER}  adapter-onebot: {}\n`,
      [{ key: 'plugins.adapter-onebot', protocol: 'ws-reverse', enabled: false, token: null, host: '127.0.0.1', port: 5140, paths: ['/onebot'] }],
    ],
    ['selfId from ${{ env.X }} (.env style)', `${SERVER}  adapter-onebot:\n    selfId: \${{ env.QQ }}\n`, [RWS('plugins.adapter-onebot')], { QQ: '10001' }],
    [
      'forward ws dials endpoint',
      `${SERVER}  adapter-onebot:\n    selfId: '10001'\n    protocol: ws\n    endpoint: ws://127.0.0.1:6700\n    token: t\n`,
      [{ key: 'plugins.adapter-onebot', protocol: 'ws-forward', enabled: true, token: 't', url: 'ws://127.0.0.1:6700', selfIds: ['10001'] }],
    ],
    [
      'http: API client + event route',
      `${SERVER}  adapter-onebot:\n    selfId: '10001'\n    protocol: http\n    endpoint: http://127.0.0.1:5700\n    secret: s\n`,
      [
        { key: 'plugins.adapter-onebot#api', protocol: 'http-api', enabled: true, token: null, url: 'http://127.0.0.1:5700', selfIds: ['10001'] },
        RWS('plugins.adapter-onebot#post', '{"protocol":"http-post","secret":"s"}'),
      ],
    ],
    [
      'server host from the server plugin; the first loaded server wins',
      "plugins:\n  ~server:a:\n    port: 1\n  server:b:\n    host: 0.0.0.0\n    port: 5141\n  adapter-onebot:\n    selfId: '10001'\n",
      [RWS('plugins.adapter-onebot', '{"host":"0.0.0.0","port":5141}')],
    ],
    [
      'top-level host/port (moved into a server plugin at startup)',
      "host: 0.0.0.0\nport: 8080\nplugins:\n  adapter-onebot:\n    selfId: '10001'\n",
      [RWS('plugins.adapter-onebot', '{"host":"0.0.0.0","port":8080}')],
    ],
    [
      'anchors and merge keys resolve',
      `${SERVER}  adapter-onebot:a: &ob\n    selfId: '10001'\n  adapter-onebot:b:\n    <<: *ob\n    path: /b\n`,
      [RWS('plugins.adapter-onebot:a'), RWS('plugins.adapter-onebot:b', '{"paths":["/b"]}')],
    ],
  ];
  for (const [name, text, expected, env] of rows) it(name, () => assert.deepEqual(summary(text, env), expected));
});

describe('Koishi: problems and unknown keys', () => {
  type Row = [name: string, text: string, expect: { problems?: RegExp[]; unknown?: [string, string | undefined][]; fail?: boolean }];
  const rows: Row[] = [
    ['a full URL in path', `${SERVER}  adapter-onebot:\n    selfId: '1'\n    path: ws://127.0.0.1:5140/onebot\n`, { problems: [/not a URL/] }],
    ['path without a leading slash', `${SERVER}  adapter-onebot:\n    selfId: '1'\n    path: onebot\n`, { problems: [/start with/] }],
    ['selfId number', `${SERVER}  adapter-onebot:\n    selfId: 123\n`, { problems: [/expected string but got 123/] }],
    ['token number', `${SERVER}  adapter-onebot:\n    selfId: '1'\n    token: 123\n`, { problems: [/token must be a string/] }],
    ['unknown protocol', `${SERVER}  adapter-onebot:\n    selfId: '1'\n    protocol: reverse-ws\n`, { problems: [/protocol/] }],
    ['ws without endpoint', `${SERVER}  adapter-onebot:\n    selfId: '1'\n    protocol: ws\n`, { problems: [/requires endpoint/] }],
    ['no server plugin: nothing listens', "plugins:\n  adapter-onebot:\n    selfId: '1'\n", { problems: [/nothing listens/] }],
    ['server without a port does not listen', "plugins:\n  server: {}\n  adapter-onebot:\n    selfId: '1'\n", { problems: [/nothing listens/] }],
    ['a disabled adapter reports nothing', 'plugins:\n  ~adapter-onebot:\n    selfId: 1\n', {}],
    [
      'misspelt keys',
      `${SERVER}  adapter-onebot:\n    selfid: '1'\n    selfId: '1'\n    access_token: x\n    endpoint: ws://x\n`,
      {
        unknown: [
          ['selfid', 'selfId'],
          ['access_token', 'token'],
          ['endpoint', undefined],
        ],
      },
    ],
    ['duplicate key stops Koishi', `${SERVER}  adapter-onebot:\n    selfId: '1'\n    selfId: '2'\n`, { problems: [/duplicated mapping key/], fail: true }],
    ['syntax error stops Koishi', `${SERVER}  adapter-onebot: [\n`, { problems: [/cannot load/], fail: true }],
    ['deep nesting is not a crash', `a: ${'['.repeat(5000)}\n`, { problems: [/./], fail: true }],
  ];
  for (const [name, text, expect] of rows) {
    it(name, () => {
      const c = parseKoishiConfig(FILE, text);
      const msgs = c.problems.map((p) => p.message.en);
      for (const re of expect.problems ?? [])
        assert.ok(
          msgs.some((m) => re.test(m)),
          `${re} in ${JSON.stringify(msgs)}`,
        );
      if (!expect.problems) assert.deepEqual(msgs, []);
      assert.equal(!!c.parseFailure, !!expect.fail);
      if (expect.unknown)
        assert.deepEqual(
          c.unknownKeys.map((u) => [u.key, u.suggestion]),
          expect.unknown,
        );
    });
  }
  const paths: [string, boolean][] = [
    ['/onebot', true],
    ['/onebot/:id', true],
    ['http://h/onebot', false],
    ['ws://127.0.0.1:5140/onebot', false],
    ['onebot', false],
  ];
  for (const [p, ok] of paths) it(`path ${p}`, () => assert.equal(pathProblem(p) === undefined, ok));
});

describe('Koishi: files, env and ranges', () => {
  it('.env and .env.local beside koishi.yml feed ${{ env.X }}; the process environment wins', () => {
    const dir = path.dirname(FILE);
    const host = new MemoryFileHost({
      [FILE]: `${SERVER}  adapter-onebot:\n    selfId: \${{ env.QQ }}\n    token: \${{ env.TOKEN }}\n`,
      [path.join(dir, '.env')]: 'QQ=1\nTOKEN=from-env\n',
      [path.join(dir, '.env.local')]: 'QQ=2\n',
    });
    const c = readKoishiConfig(FILE, host, { processEnv: { TOKEN: 'proc' } })!;
    assert.deepEqual([c.endpoints[0].selfIds?.[0].value, c.endpoints[0].token], ['2', 'proc']);
  });
  it('a BOM and CRLF line breaks read the same', () => {
    const text = `\uFEFF${SERVER}  adapter-onebot:\n    selfId: '10001'\n`.replace(/\n/g, '\r\n');
    assert.deepEqual(summary(text), [RWS('plugins.adapter-onebot')]);
    const ep = parseKoishiConfig(FILE, text).endpoints[0];
    assert.equal(slice(text, ep.selfIds![0].loc!.range), "'10001'");
  });
  it('file names', () => {
    assert.deepEqual(['koishi.yml', 'koishi.yaml', 'koishi.config.yml', 'config.yml', 'koishi.json'].map(isKoishiFileName), [true, true, true, false, false]);
  });
  it('locations point at the values as written', () => {
    const text = `${SERVER}  group:a:\n    adapter-onebot:x:\n      selfId: '10001'\n      path: "/qq"\n`;
    const c = parseKoishiConfig(FILE, text);
    const ep = c.endpoints[0];
    assert.equal(slice(text, ep.anchor.range), 'adapter-onebot:x');
    assert.equal(slice(text, ep.selfIds![0].loc!.range), "'10001'");
    assert.equal(slice(text, ep.pathLoc!.range), '"/qq"');
    assert.equal(slice(text, ep.portLoc!.range), '5140');
  });
  it('the default project reads without problems', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/koishi-default/koishi.yml'), 'utf8');
    const c = parseKoishiConfig(FILE, text);
    assert.deepEqual([c.problems, c.unknownKeys, c.parseFailure], [[], [], undefined]);
    assert.deepEqual(summary(text), [RWS('plugins.group:adapter.adapter-onebot:h0i9j8', '{"selfIds":["1233456"]}')]);
  });
});

describe('Koishi: edits keep comments and layout', () => {
  type Row = [name: string, text: string, key: string | undefined, field: KoishiField, value: string, expected: string | undefined];
  const A = (body: string) => `${SERVER}  group:a: # adapters\n    adapter-onebot:x: # qq\n${body}`;
  const rows: Row[] = [
    [
      'set path',
      A("      selfId: '1'\n      path: /qq # route\n"),
      'plugins.group:a.adapter-onebot:x',
      'path',
      '/onebot',
      A("      selfId: '1'\n      path: /onebot # route\n"),
    ],
    ['insert path', A("      selfId: '1' # id\n"), 'plugins.group:a.adapter-onebot:x', 'path', '/onebot', A("      selfId: '1' # id\n      path: /onebot\n")],
    ['selfId number → quoted string', A('      selfId: 10001\n'), 'plugins.group:a.adapter-onebot:x', 'selfId', '10001', A("      selfId: '10001'\n")],
    [
      'insert selfId into {}',
      `${SERVER}  adapter-onebot:x: {}\n`,
      'plugins.adapter-onebot:x',
      'selfId',
      '42',
      `${SERVER}  adapter-onebot:x: { selfId: '42' }\n`,
    ],
    [
      'endpoint path inside the URL',
      A("      selfId: '1'\n      protocol: ws\n      endpoint: 'ws://127.0.0.1:6700/ws'\n"),
      'plugins.group:a.adapter-onebot:x',
      'path',
      '/',
      A("      selfId: '1'\n      protocol: ws\n      endpoint: 'ws://127.0.0.1:6700/'\n"),
    ],
    [
      'token set',
      A("      selfId: '1'\n      protocol: ws\n      endpoint: ws://h\n      token: old\n"),
      'plugins.group:a.adapter-onebot:x',
      'token',
      'new',
      A("      selfId: '1'\n      protocol: ws\n      endpoint: ws://h\n      token: new\n"),
    ],
    [
      'enable removes ~ on the entry and its groups',
      `${SERVER}  ~group:a:\n    ~adapter-onebot:x:\n      selfId: '1'\n`,
      'plugins.~group:a.~adapter-onebot:x',
      'enable',
      'true',
      `${SERVER}  group:a:\n    adapter-onebot:x:\n      selfId: '1'\n`,
    ],
    [
      'server port',
      `plugins:\n  server:s:\n    port: 5140 # web\n  adapter-onebot:\n    selfId: '1'\n`,
      undefined,
      'port',
      '8080',
      `plugins:\n  server:s:\n    port: 8080 # web\n  adapter-onebot:\n    selfId: '1'\n`,
    ],
    [
      'server host inserted',
      `${SERVER}  adapter-onebot:\n    selfId: '1'\n`,
      undefined,
      'host',
      '0.0.0.0',
      `plugins:\n  server:\n    port: 5140\n    host: 0.0.0.0\n  adapter-onebot:\n    selfId: '1'\n`,
    ],
    [
      'no server plugin: one is added',
      `plugins:\n  adapter-onebot:\n    selfId: '1'\n`,
      undefined,
      'port',
      '5140',
      `plugins:\n  server:\n    port: 5140\n  adapter-onebot:\n    selfId: '1'\n`,
    ],
    [
      'a value from ${{ }} has no safe edit',
      A("      selfId: '1'\n      path: ${{ env.P }}\n"),
      'plugins.group:a.adapter-onebot:x',
      'path',
      '/onebot',
      undefined,
    ],
  ];
  for (const [name, text, key, field, value, expected] of rows) {
    it(name, () => {
      const c = parseKoishiConfig(FILE, text);
      const ep = key === undefined ? undefined : c.endpoints.find((e) => e.key.replace(/#.*$/, '') === key);
      if (key !== undefined) assert.ok(ep, `endpoint ${key}`);
      const edits = editKoishi(FILE, ep, field, value, () => text);
      if (expected === undefined) return assert.equal(edits, undefined);
      assert.ok(edits, 'an edit');
      assert.equal(applyEdits(text, edits!), expected);
    });
  }
});
