/**
 * go-cqhttp's config.yml read as go-cqhttp reads it (Mrs4s/go-cqhttp a5923f1: modules/config/config.go `expand` +
 * yaml.v3, modules/servers/servers.go dispatch, server/websocket.go and server/http.go structs), and edits applied
 * back to the text with comments and anchors kept. One row per rule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandGoCqhttp, goListenAddress, looksLikeGoCqhttp, parseGoCqhttpConfig, readGoCqhttpConfig } from '../../server/src/core/impl/gocqhttp/reader';
import { gocqhttpAdapter } from '../../server/src/core/impl/gocqhttp/adapter';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import type { EditableField } from '../../server/src/core/endpoints';
import type { Range } from '../../server/src/core/model';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { applyEdits } from '../../server/src/core/text/applyEdits';

const FILE = path.resolve('/gocq/config.yml');
const HEAD = 'account:\n  uin: 10001\ndefault-middlewares: &default\n  access-token: "tok-en"\n';
const cfgOf = (text: string, env?: Record<string, string>) => parseGoCqhttpConfig(FILE, text, { processEnv: env });

function summary(text: string, env?: Record<string, string>) {
  const c = cfgOf(text, env);
  return c.endpoints.map((e) => {
    const o: Record<string, unknown> = { key: e.key, protocol: e.protocol, enabled: e.enabled, token: e.token };
    if (e.url !== undefined) o.url = e.url;
    if (e.host !== undefined) o.host = e.host;
    if (e.port !== undefined) o.port = e.port;
    if (e.secret !== undefined) o.secret = e.secret;
    return o;
  });
}

const slice = (text: string, r: Range) => {
  const li = new LineIndex(text);
  return text.slice(li.offset(r.start), li.offset(r.end));
};

const RWS = (body: string) => `${HEAD}servers:\n  - ws-reverse:\n${body}`;

describe('go-cqhttp: endpoints read as go-cqhttp reads them', () => {
  type Row = [name: string, text: string, expected: ReturnType<typeof summary>, env?: Record<string, string>];
  const rows: Row[] = [
    [
      'universal wins, token through <<: *default',
      RWS('      universal: ws://127.0.0.1:8080/onebot/v11/ws\n      api: ws://x/api\n      middlewares:\n        <<: *default\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: 'tok-en', url: 'ws://127.0.0.1:8080/onebot/v11/ws' }],
    ],
    [
      'explicit key beats the merge (after it)',
      RWS('      universal: ws://h/\n      middlewares:\n        <<: *default\n        access-token: mine\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: 'mine', url: 'ws://h/' }],
    ],
    [
      'explicit key beats the merge (before it)',
      RWS('      universal: ws://h/\n      middlewares:\n        access-token: mine\n        <<: *default\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: 'mine', url: 'ws://h/' }],
    ],
    [
      'merge list: the first map wins',
      `${HEAD}other: &o\n  access-token: second\nservers:\n  - ws-reverse:\n      universal: ws://h/\n      middlewares:\n        <<: [*default, *o]\n`,
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: 'tok-en', url: 'ws://h/' }],
    ],
    [
      'no middlewares → no token',
      RWS('      universal: ws://h/\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: null, url: 'ws://h/' }],
    ],
    [
      'access-token: (null) → empty',
      RWS('      universal: ws://h/\n      middlewares:\n        access-token:\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: '', url: 'ws://h/' }],
    ],
    [
      'numeric token is read as written',
      RWS('      universal: ws://h/\n      middlewares:\n        access-token: 0123\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: '0123', url: 'ws://h/' }],
    ],
    [
      'no universal: the event URL',
      RWS('      universal: ""\n      api: ws://h/api\n      event: ws://h/event\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: null, url: 'ws://h/event' }],
    ],
    [
      'no URL at all: nothing dialled',
      RWS('      reconnect-interval: 3000\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: false, token: null }],
    ],
    [
      'disabled: true',
      RWS('      disabled: true\n      universal: ws://h/\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: false, token: null, url: 'ws://h/' }],
    ],
    [
      'disabled: yes (typed bool reads YAML 1.1 words)',
      RWS('      disabled: yes\n      universal: ws://h/\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: false, token: null, url: 'ws://h/' }],
    ],
    [
      'a type error skips the server',
      RWS('      universal: ws://h/\n      reconnect-interval: 3s\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: false, token: null, url: 'ws://h/' }],
    ],
    [
      'ws address',
      `${HEAD}servers:\n  - ws:\n      address: 0.0.0.0:8080\n      middlewares:\n        <<: *default\n`,
      [{ key: 'servers[0].ws', protocol: 'ws-forward', enabled: true, token: 'tok-en', host: '0.0.0.0', port: 8080 }],
    ],
    [
      'ws legacy host/port',
      `${HEAD}servers:\n  - ws:\n      host: 127.0.0.1\n      port: 6700\n`,
      [{ key: 'servers[0].ws', protocol: 'ws-forward', enabled: true, token: null, host: '127.0.0.1', port: 6700 }],
    ],
    [
      'ws port as a quoted string is a decode error',
      `${HEAD}servers:\n  - ws:\n      host: 127.0.0.1\n      port: "6700"\n`,
      [{ key: 'servers[0].ws', protocol: 'ws-forward', enabled: false, token: null, host: '127.0.0.1' }],
    ],
    [
      'ws localhost:8080 cannot listen',
      `${HEAD}servers:\n  - ws:\n      address: localhost:8080\n`,
      [{ key: 'servers[0].ws', protocol: 'ws-forward', enabled: false, token: null }],
    ],
    [
      'http API + posts with secrets',
      `${HEAD}servers:\n  - http:\n      address: 127.0.0.1:5700\n      post:\n        - url: http://127.0.0.1:8080/onebot/v11/http\n          secret: s3\n        - url: ''\n`,
      [
        { key: 'servers[0].http', protocol: 'http-api', enabled: true, token: null, host: '127.0.0.1', port: 5700 },
        { key: 'servers[0].http.post[0]', protocol: 'http-post', enabled: true, token: null, url: 'http://127.0.0.1:8080/onebot/v11/http', secret: 's3' },
      ],
    ],
    [
      'http with posts only (no address): no API server',
      `${HEAD}servers:\n  - http:\n      post:\n        - url: http://b/\n`,
      [{ key: 'servers[0].http.post[0]', protocol: 'http-post', enabled: true, token: null, url: 'http://b/', secret: '' }],
    ],
    [
      'lambda and pprof are not connections; unknown names are skipped',
      `${HEAD}servers:\n  - pprof:\n      port: 7700\n  - lambda:\n      type: scf\n  - reverse-ws:\n      universal: ws://h/\n`,
      [],
    ],
    [
      'two servers in one item, several items',
      `${HEAD}servers:\n  - ws:\n      address: 0.0.0.0:1\n    ws-reverse:\n      universal: ws://h/\n  - ws-reverse:\n      universal: ws://k/\n`,
      [
        { key: 'servers[0].ws', protocol: 'ws-forward', enabled: true, token: null, host: '0.0.0.0', port: 1 },
        { key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: null, url: 'ws://h/' },
        { key: 'servers[1].ws-reverse', protocol: 'ws-reverse', enabled: true, token: null, url: 'ws://k/' },
      ],
    ],
    [
      '${VAR} expanded before parsing',
      RWS('      universal: ws://${HOST}:${PORT:8080}/onebot/v11/ws\n      middlewares:\n        access-token: ${TOKEN}\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: 'abc', url: 'ws://nb:8080/onebot/v11/ws' }],
      { HOST: 'nb', TOKEN: 'abc' },
    ],
    [
      '${VAR:default} uses the default when the variable is empty',
      RWS('      universal: ${URL:ws://d/}\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: null, url: 'ws://d/' }],
      { URL: '' },
    ],
    [
      'unset ${VAR} without default is empty',
      RWS('      universal: ws://h/\n      middlewares:\n        access-token: ${NOPE}\n'),
      [{ key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: '', url: 'ws://h/' }],
    ],
  ];
  for (const [name, text, expected, env] of rows) it(name, () => assert.deepEqual(summary(text, env), expected));
});

describe('go-cqhttp: problems, unknown keys, notes', () => {
  type Row = [name: string, text: string, expect: { problems?: RegExp[]; unknown?: [string, string | undefined][]; notes?: RegExp[]; parseFailure?: boolean }];
  const rows: Row[] = [
    ['syntax error is fatal', `${HEAD}servers:\n  - ws:\n    address: [\n`, { problems: [/配置文件不合法/], parseFailure: true }],
    ['tab indentation is fatal', `${HEAD}servers:\n\t- ws:\n`, { problems: [/配置文件不合法/], parseFailure: true }],
    [
      'unknown anchor is fatal',
      `${HEAD}servers:\n  - ws:\n      middlewares:\n        <<: *nope\n`,
      { problems: [/unknown anchor 'nope'/], parseFailure: true },
    ],
    ['merging a scalar is fatal', `${HEAD}x: &s 1\nservers:\n  - ws:\n      middlewares:\n        <<: *s\n`, { problems: [/map merge/], parseFailure: true }],
    ['duplicate top-level key is fatal', `${HEAD}servers:\nservers:\n`, { problems: [/already defined/], parseFailure: true }],
    [
      'duplicate key inside a server skips that server',
      `${HEAD}servers:\n  - ws:\n      address: 0.0.0.0:1\n      address: 0.0.0.0:2\n`,
      { problems: [/skips this server/] },
    ],
    ['uin not an integer is fatal', 'account:\n  uin: abc\nservers:\n', { problems: [/int64/], parseFailure: true }],
    [
      'billion laughs is capped and reported',
      `account: {}\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nservers:\n`,
      { problems: [/excessive aliasing/], parseFailure: true },
    ],
    ['unknown server name, with a suggestion', `${HEAD}servers:\n  - ws_reverse:\n      universal: ws://h/\n`, { unknown: [['ws_reverse', 'ws-reverse']] }],
    [
      'token at the server level belongs under middlewares',
      RWS('      universal: ws://h/\n      access-token: t\n'),
      { unknown: [['access-token', 'middlewares.access-token']] },
    ],
    [
      'misspelt key inside middlewares',
      RWS('      universal: ws://h/\n      middlewares:\n        access_token: t\n'),
      { unknown: [['access_token', 'access-token']] },
    ],
    [
      'a typo in the shared anchor is reported once, where it is written',
      `account: {}\ndefault-middlewares: &default\n  acess-token: t\nservers:\n  - ws:\n      address: 0.0.0.0:1\n      middlewares:\n        <<: *default\n  - ws:\n      address: 0.0.0.0:2\n      middlewares:\n        <<: *default\n`,
      { unknown: [['acess-token', 'access-token']] },
    ],
    ['misspelt top-level key', `${HEAD}server:\n  - ws:\n`, { unknown: [['server', 'servers']] }],
    ['legacy host/port is noted', `${HEAD}servers:\n  - ws:\n      host: 0.0.0.0\n      port: 6700\n`, { notes: [/legacy host\/port/] }],
    ['split api/event sockets are noted', RWS('      api: ws://h/api\n      event: ws://h/event\n'), { notes: [/separate API/] }],
    ['an unset variable is noted', RWS('      universal: ws://${NOPE}/\n'), { notes: [/\$\{NOPE\} is not set/] }],
    ['http localhost address cannot listen', `${HEAD}servers:\n  - http:\n      address: localhost:5700\n`, { problems: [/unknown network/] }],
  ];
  for (const [name, text, expect] of rows) {
    it(name, () => {
      const c = cfgOf(text);
      const msgs = c.problems.map((p) => p.message.en);
      for (const re of expect.problems ?? [])
        assert.ok(
          msgs.some((m) => re.test(m)),
          `${re} in ${JSON.stringify(msgs)}`,
        );
      if (!expect.problems) assert.deepEqual(msgs, []);
      assert.equal(!!c.parseFailure, !!expect.parseFailure);
      if (expect.unknown)
        assert.deepEqual(
          c.unknownKeys.map((u) => [u.key, u.suggestion]),
          expect.unknown,
        );
      for (const u of c.unknownKeys) assert.ok(u.node.keyRange, `${u.key} has a key range as written`);
      for (const re of expect.notes ?? [])
        assert.ok(
          c.notes.some((n) => re.test(n.message.en)),
          `${re}`,
        );
    });
  }
});

describe('go-cqhttp: ranges point into the file as written', () => {
  it('a merged token points at the alias, its origin at the anchor', () => {
    const text = RWS('      universal: ws://h/\n      middlewares:\n        <<: *default\n');
    const ep = cfgOf(text).endpoints[0];
    assert.equal(slice(text, ep.tokenNode!.valueRange), '*default');
    assert.equal(slice(text, ep.tokenNode!.origin!.valueRange), '"tok-en"');
    assert.equal(slice(text, ep.tokenNode!.origin!.innerRange), 'tok-en');
    assert.equal(slice(text, ep.anchor.range), 'ws-reverse');
  });
  it('a value after an expansion keeps its own range; an expanded value points at ${…}', () => {
    const text = RWS('      universal: ${U:ws://a/}\n      middlewares:\n        access-token: ${TOKEN}\n');
    const ep = cfgOf(text, { TOKEN: 'a-much-longer-token-value' }).endpoints[0];
    assert.equal(slice(text, ep.urlNode!.valueRange), '${U:ws://a/}');
    assert.equal(slice(text, ep.tokenNode!.valueRange), '${TOKEN}');
    assert.equal(ep.urlNode!.literal, false);
    assert.equal(slice(text, ep.anchor.range), 'ws-reverse');
  });
  it('a syntax error after an expansion is placed in the text as written', () => {
    const text = `${HEAD}x: \${LONG}\nservers:\n  - ws:\n    address: [\n`;
    const c = cfgOf(text, { LONG: 'x'.repeat(50) });
    assert.ok(c.problems[0].range.start.line >= 5);
  });
  it('the shipped default config reads without problems', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/gocqhttp-default/config.yml'), 'utf8');
    assert.ok(looksLikeGoCqhttp(text));
    const c = cfgOf(text);
    assert.deepEqual([c.problems, c.unknownKeys.length, c.parseFailure, c.selfId], [[], 0, undefined, '1233456']);
    assert.deepEqual(summary(text), [
      { key: 'servers[0].ws-reverse', protocol: 'ws-reverse', enabled: true, token: '', url: 'ws://your_websocket_universal.server' },
    ]);
    assert.equal(c.endpoints[0].tokenNode!.origin!.path, 'default-middlewares.access-token');
  });
});

describe('go-cqhttp: recognition and helpers', () => {
  const recog: [string, boolean][] = [
    ['account:\n  uin: 1\nservers:\n', true],
    ['default-middlewares: &default\n  access-token: ""\nservers: []\n', true],
    ['servers:\n  - name: web\n', false],
    ['name: app\nversion: 1\n', false],
  ];
  for (const [text, yes] of recog) it(`recognises ${JSON.stringify(text.slice(0, 24))}`, () => assert.equal(looksLikeGoCqhttp(text), yes));
  it('reads by content through a FileHost; other config.yml files are not claimed', () => {
    const host = new MemoryFileHost({ [FILE]: `${HEAD}servers:\n`, [path.resolve('/other/config.yml')]: 'servers:\n  - a\n' });
    assert.ok(readGoCqhttpConfig(FILE, host));
    assert.equal(readGoCqhttpConfig(path.resolve('/other/config.yml'), host), undefined);
    assert.equal(gocqhttpAdapter.claims('config.yml', 'gocq/config.yml'), true);
    assert.equal(gocqhttpAdapter.claims('appsettings.json', 'x'), false);
  });
  const exp: [string, Record<string, string>, string][] = [
    ['${A}', { A: 'x' }, 'x'],
    ['${A:d}', {}, 'd'],
    ['${A:d}', { A: '' }, 'd'],
    ['${A:http://h:1/p}', {}, 'http://h:1/p'],
    ['${A}', {}, ''],
    ['${1A}', { '1A': 'x' }, '${1A}'],
    ['${A-B}', {}, '${A-B}'],
    ['$A', { A: 'x' }, '$A'],
  ];
  for (const [src, env, out] of exp) it(`expands ${src} with ${JSON.stringify(env)}`, () => assert.equal(expandGoCqhttp(src, env).text, out));
  const addr: [string, { host?: string; port?: number } | 'error'][] = [
    ['0.0.0.0:8080', { host: '0.0.0.0', port: 8080 }],
    [':8080', { host: '0.0.0.0', port: 8080 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    ['tcp://127.0.0.1:9', { host: '127.0.0.1', port: 9 }],
    ['localhost:8080', 'error'],
    ['8080', 'error'],
  ];
  for (const [a, want] of addr) {
    it(`listen address ${a}`, () => {
      const r = goListenAddress(a);
      if (want === 'error') assert.ok(r.error);
      else assert.deepEqual({ host: r.host, port: r.port }, want);
    });
  }
});

describe('go-cqhttp: edits keep comments, anchors and layout', () => {
  type Row = [name: string, text: string, key: string, field: EditableField, value: string, expected: string | undefined];
  const S = (body: string) => `${HEAD}servers:\n  - ws-reverse: # rws\n${body}`;
  const rows: Row[] = [
    [
      'token through the anchor edits the anchor',
      S('      universal: ws://h/\n      middlewares:\n        <<: *default # shared\n'),
      'servers[0].ws-reverse',
      'token',
      'new',
      `account:\n  uin: 10001\ndefault-middlewares: &default\n  access-token: "new"\nservers:\n  - ws-reverse: # rws\n      universal: ws://h/\n      middlewares:\n        <<: *default # shared\n`,
    ],
    [
      'explicit token edited in place, plain stays plain',
      S('      universal: ws://h/\n      middlewares:\n        access-token: old # mine\n'),
      'servers[0].ws-reverse',
      'token',
      'n3w',
      S('      universal: ws://h/\n      middlewares:\n        access-token: n3w # mine\n'),
    ],
    [
      'a token that would not read back as a string gets quotes',
      S('      universal: ws://h/\n      middlewares:\n        access-token: old\n'),
      'servers[0].ws-reverse',
      'token',
      '12345',
      S("      universal: ws://h/\n      middlewares:\n        access-token: '12345'\n"),
    ],
    [
      'missing token: inserted under middlewares',
      S('      universal: ws://h/\n      middlewares:\n        filter: ""\n'),
      'servers[0].ws-reverse',
      'token',
      'tk',
      S('      universal: ws://h/\n      middlewares:\n        filter: ""\n        access-token: tk\n'),
    ],
    [
      'missing middlewares: a new block',
      S('      universal: ws://h/ # url\n'),
      'servers[0].ws-reverse',
      'token',
      'tk',
      S('      universal: ws://h/ # url\n      middlewares:\n        access-token: tk\n'),
    ],
    [
      'path inside the URL string',
      S("      universal: 'ws://127.0.0.1:8080/onebot/v11' # nb\n"),
      'servers[0].ws-reverse',
      'path',
      '/onebot/v11/ws',
      S("      universal: 'ws://127.0.0.1:8080/onebot/v11/ws' # nb\n"),
    ],
    [
      'path of a plain URL',
      S('      universal: ws://127.0.0.1:8080/ws?x=1\n'),
      'servers[0].ws-reverse',
      'path',
      '/onebot/v11/ws',
      S('      universal: ws://127.0.0.1:8080/onebot/v11/ws?x=1\n'),
    ],
    ['url replaced whole', S('      universal: "ws://a/"\n'), 'servers[0].ws-reverse', 'url', 'ws://b:1/c', S('      universal: "ws://b:1/c"\n')],
    [
      'enable flips disabled',
      S('      disabled: true\n      universal: ws://h/\n'),
      'servers[0].ws-reverse',
      'enable',
      'true',
      S('      disabled: false\n      universal: ws://h/\n'),
    ],
    [
      'a value from ${VAR} has no safe edit',
      S('      universal: ws://h/\n      middlewares:\n        access-token: ${T}\n'),
      'servers[0].ws-reverse',
      'token',
      'x',
      undefined,
    ],
    [
      'ws port inside address',
      `${HEAD}servers:\n  - ws:\n      address: 0.0.0.0:8080 # fwd\n`,
      'servers[0].ws',
      'port',
      '6700',
      `${HEAD}servers:\n  - ws:\n      address: 0.0.0.0:6700 # fwd\n`,
    ],
    [
      'ws host inside a quoted address',
      `${HEAD}servers:\n  - ws:\n      address: "127.0.0.1:8080"\n`,
      'servers[0].ws',
      'host',
      '0.0.0.0',
      `${HEAD}servers:\n  - ws:\n      address: "0.0.0.0:8080"\n`,
    ],
    [
      'legacy port',
      `${HEAD}servers:\n  - ws:\n      host: 127.0.0.1\n      port: 6700\n`,
      'servers[0].ws',
      'port',
      '8080',
      `${HEAD}servers:\n  - ws:\n      host: 127.0.0.1\n      port: 8080\n`,
    ],
    [
      'post secret inserted',
      `${HEAD}servers:\n  - http:\n      post:\n        - url: http://b/ # bot\n`,
      'servers[0].http.post[0]',
      'secret',
      's',
      `${HEAD}servers:\n  - http:\n      post:\n        - url: http://b/ # bot\n          secret: s\n`,
    ],
    [
      'an empty access-token gets a value',
      S('      universal: ws://h/\n      middlewares:\n        access-token: # none yet\n'),
      'servers[0].ws-reverse',
      'token',
      'tk',
      S('      universal: ws://h/\n      middlewares:\n        access-token: tk # none yet\n'),
    ],
    [
      'an empty ws block gets a disabled key',
      `${HEAD}servers:\n  - ws: # fwd\n`,
      'servers[0].ws',
      'enable',
      'false',
      `${HEAD}servers:\n  - ws: # fwd\n      disabled: true\n`,
    ],
    [
      'flow-style middlewares',
      S('      universal: ws://h/\n      middlewares: { filter: "" }\n'),
      'servers[0].ws-reverse',
      'token',
      't',
      S('      universal: ws://h/\n      middlewares: { filter: "", access-token: t }\n'),
    ],
  ];
  for (const [name, text, key, field, value, expected] of rows) {
    it(name, () => {
      const c = cfgOf(text);
      const ep = c.endpoints.find((e) => e.key === key);
      assert.ok(ep, `endpoint ${key}`);
      const edits = gocqhttpAdapter.edit(ep!, field, value, () => text);
      if (expected === undefined) return assert.equal(edits, undefined);
      assert.ok(edits, 'an edit');
      const out = applyEdits(text, edits!);
      assert.equal(out, expected);
      assert.equal(cfgOf(out).problems.length, 0, 'the edited file still reads');
    });
  }

  it('CRLF files get CRLF lines; a BOM is tolerated', () => {
    const text = `\uFEFF${S('      universal: ws://h/\n').replace(/\n/g, '\r\n')}`;
    const c = cfgOf(text);
    assert.deepEqual(c.problems, []);
    const out = applyEdits(text, gocqhttpAdapter.edit(c.endpoints[0], 'token', 'tk', () => text)!);
    assert.equal(out, `${text.slice(0, -2)}\r\n      middlewares:\r\n        access-token: tk\r\n`);
  });

  it('the fix title note counts the servers sharing the anchor', () => {
    const text = `${HEAD}servers:\n  - ws-reverse:\n      universal: ws://a/\n      middlewares:\n        <<: *default\n  - ws:\n      address: 0.0.0.0:1\n      middlewares:\n        <<: *default\n  - ws:\n      address: 0.0.0.0:2\n      middlewares:\n        access-token: own\n`;
    const c = cfgOf(text);
    assert.equal(gocqhttpAdapter.sharedAnchorNote(c.endpoints[0], 'token', c)?.en, 'edits the shared anchor &default, used by 2 servers');
    assert.equal(gocqhttpAdapter.sharedAnchorNote(c.endpoints[2], 'token', c), undefined);
  });
});

describe('go-cqhttp and YAML: bad input is normal input', () => {
  const fixture = fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/gocqhttp-default/config.yml'), 'utf8');
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ['', ':', '&a', '*a', '<<: *default', '${X}', '${X:y}', '- ', '[', '{', '"', "'", '\t', '\n', '  ', '#', '~', '---\n', '\uFEFF'];
  const inputs: [string, string][] = [
    ['2 000 substitutions', `account: {}\nservers:\n${'  - ws-reverse:\n      universal: ${A}${B:c}\n'.repeat(1000)}`],
    ['only a NUL', '\u0000'],
    ['a lone anchor', 'account: &'],
    ['recursive alias', 'account: &a\n  x: *a\nservers:\n'],
  ];
  for (let i = 0; i < 40; i++) {
    let t = fixture;
    for (let k = 0; k < 4; k++) {
      const at = rnd(t.length);
      t = t.slice(0, at) + pieces[rnd(pieces.length)] + t.slice(at + rnd(8));
    }
    inputs.push([`mutation ${i}`, t]);
  }
  it('reading and editing never throw, and every range lies inside the text', () => {
    for (const [name, text] of inputs) {
      const c = parseGoCqhttpConfig(FILE, text, { processEnv: { X: 'v\n: x' } });
      const li = new LineIndex(text);
      const inside = (r: Range) => li.offset(r.start) <= li.offset(r.end) && li.offset(r.end) <= text.length;
      for (const p of c.problems) assert.ok(inside(p.range), `${name}: problem range`);
      for (const e of c.endpoints) {
        assert.ok(inside(e.anchor.range), `${name}: anchor`);
        for (const f of ['token', 'path'] as EditableField[]) {
          if (c.endpoints.length > 20) break;
          const edits = gocqhttpAdapter.edit(e, f, '/x', () => text);
          for (const ed of edits ?? []) assert.ok(inside(ed.range), `${name}: edit range`);
        }
      }
    }
  });
});
