/**
 * The appsettings.json reader against .NET's configuration rules (JsonConfigurationFileParser, ConfigurationBinder)
 * and Lagrange's Implementations dispatch (docs/facts/lagrange.md#loading-and-binding, docs/facts/lagrange.md#implementations-dispatch): one row per rule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { looksLikeLagrange, readLagrangeConfig, toUInt32 } from '../../server/src/core/lagrange/reader';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import type { LagrangeConfig } from '../../server/src/core/model';

const DIR = path.resolve('/lagrange');
const FILE = path.join(DIR, 'appsettings.json');

function read(text: string, extra: Record<string, string> = {}, env?: string): LagrangeConfig | undefined {
  const files: Record<string, string> = { [FILE]: text };
  for (const [k, v] of Object.entries(extra)) files[path.join(DIR, k)] = v;
  return readLagrangeConfig(FILE, new MemoryFileHost(files), { dotnetEnvironment: env });
}

const impls = (body: string) => `{ "Account": { "Uin": 0 }, "Implementations": [ ${body} ] }`;
const summary = (c: LagrangeConfig | undefined) =>
  c?.implementations.map((i) => ({
    key: i.sectionKey,
    type: (i.type ?? null) as string | null,
    enabled: i.enabled,
    host: i.host,
    port: i.port ?? null,
    suffix: i.suffix,
    token: i.accessToken,
  }));

type Row = [name: string, text: string, expected: ReturnType<typeof summary> | 'not-lagrange', extra?: Record<string, string>, env?: string];
const RWS = '"Type": "ReverseWebSocket", "Host": "127.0.0.1", "Port": 8080, "Suffix": "/onebot/v11/ws"';
const one = (o: object) => [{ key: '0', type: 'ReverseWebSocket', enabled: true, host: '127.0.0.1', port: 8080, suffix: '/onebot/v11/ws', token: null, ...o }];

const rows: Row[] = [
  ['array form', impls(`{ ${RWS} }`), one({})],
  ['line and block comments', impls(`// comment\n{ /* c */ ${RWS} }`), one({})],
  ['trailing commas', impls(`{ ${RWS}, }, `), one({})],
  ['BOM', `\uFEFF${impls(`{ ${RWS} }`)}`, one({})],
  ['keys are case-insensitive', impls('{ "type": "ReverseWebSocket", "HOST": "127.0.0.1", "port": 8080, "suffix": "/onebot/v11/ws" }'), one({})],
  [
    'Type is case-sensitive',
    impls('{ "Type": "reversewebsocket", "Port": 8080 }'),
    [{ key: '0', type: null, enabled: true, host: '', port: 8080, suffix: '', token: null }],
  ],
  ['missing Type in the array form', impls('{ "Port": 8080 }'), [{ key: '0', type: null, enabled: true, host: '', port: 8080, suffix: '', token: null }]],
  [
    'empty Type does not fall back to the key',
    '{ "Implementations": { "Http": { "Type": "", "Port": 1 } } }',
    [{ key: 'Http', type: null, enabled: true, host: '', port: 1, suffix: '', token: null }],
  ],
  [
    'object form: the key is the type',
    '{ "Implementations": { "ReverseWebSocket": { "Host": "h", "Port": 1 } } }',
    [{ key: 'ReverseWebSocket', type: 'ReverseWebSocket', enabled: true, host: 'h', port: 1, suffix: '', token: null }],
  ],
  [
    'legacy Implementation object',
    '{ "Account": {}, "Implementation": { "ForwardWebSocket": { "Host": "127.0.0.1", "Port": 8081 } } }',
    [{ key: 'ForwardWebSocket', type: 'ForwardWebSocket', enabled: true, host: '127.0.0.1', port: 8081, suffix: '', token: null }],
  ],
  [
    'Implementations wins over Implementation',
    '{ "Implementations": [ { "Type": "Http", "Port": 2 } ], "Implementation": { "ForwardWebSocket": { "Port": 1 } } }',
    [{ key: '0', type: 'Http', enabled: true, host: '', port: 2, suffix: '', token: null }],
  ],
  ['Enable "false" disables', impls(`{ ${RWS}, "Enable": "false" }`), one({ enabled: false })],
  ['Enable false (JSON) does not', impls(`{ ${RWS}, "Enable": false }`), one({})],
  ['Enable "False" does not', impls(`{ ${RWS}, "Enable": "False" }`), one({})],
  ['AccessToken absent → null', impls(`{ ${RWS} }`), one({ token: null })],
  ['AccessToken "" → ""', impls(`{ ${RWS}, "AccessToken": "" }`), one({ token: '' })],
  ['AccessToken null → ""', impls(`{ ${RWS}, "AccessToken": null }`), one({ token: '' })],
  ['AccessToken number → as written', impls(`{ ${RWS}, "AccessToken": 123456 }`), one({ token: '123456' })],
  ['AccessToken true → "True"', impls(`{ ${RWS}, "AccessToken": true }`), one({ token: 'True' })],
  ['Port as a string', impls('{ "Type": "ReverseWebSocket", "Host": "127.0.0.1", "Port": "8080", "Suffix": "/onebot/v11/ws" }'), one({})],
  ['Port not a number', impls('{ "Type": "ReverseWebSocket", "Host": "127.0.0.1", "Port": "80a", "Suffix": "/onebot/v11/ws" }'), one({ port: null })],
  ['Port missing → 0', impls('{ "Type": "ReverseWebSocket", "Host": "127.0.0.1", "Suffix": "/onebot/v11/ws" }'), one({ port: 0 })],
  [
    'array order is numeric',
    '{ "Implementations": { "10": { "Type": "Http", "Port": 10 }, "2": { "Type": "Http", "Port": 2 } } }',
    [
      { key: '2', type: 'Http', enabled: true, host: '', port: 2, suffix: '', token: null },
      { key: '10', type: 'Http', enabled: true, host: '', port: 10, suffix: '', token: null },
    ],
  ],
  ['overlay overrides per key', impls(`{ ${RWS} }`), one({ port: 9000 }), { 'appsettings.Production.json': '{ "Implementations": [ { "Port": 9000 } ] }' }],
  [
    'overlay of another environment is ignored',
    impls(`{ ${RWS} }`),
    one({}),
    { 'appsettings.Development.json': '{ "Implementations": [ { "Port": 9000 } ] }' },
  ],
  [
    'overlay selected by DOTNET_ENVIRONMENT',
    impls(`{ ${RWS} }`),
    one({ port: 9000 }),
    { 'appsettings.Development.json': '{ "Implementations": [ { "Port": 9000 } ] }' },
    'Development',
  ],
  ['no implementations', '{ "Account": { "Uin": 1 } }', []],
  ['ASP.NET appsettings.json is not Lagrange', '{ "Logging": { "LogLevel": { "Default": "Information" } }, "AllowedHosts": "*" }', 'not-lagrange'],
  ['empty file is not Lagrange', '', 'not-lagrange'],
  ['half-typed file still reads', impls(`{ ${RWS}, "AccessToken": `), one({ token: '' })],
];

describe('readLagrangeConfig: .NET configuration semantics', () => {
  for (const [name, text, expected, extra, env] of rows) {
    it(name, () => {
      const c = read(text, extra, env);
      if (expected === 'not-lagrange') assert.equal(c, undefined);
      else assert.deepEqual(summary(c), expected);
    });
  }
});

describe('readLagrangeConfig: nodes, problems, duplicates', () => {
  it('values are .NET strings and keep exact ranges', () => {
    const text = '{\n  "Account": { "Uin": 10001, "Protocol": "Linux", "AutoReconnect": true }\n}';
    const c = read(text)!;
    const uin = c.nodes.find((n) => n.path === 'Account:Uin')!;
    assert.equal(uin.value, '10001');
    assert.deepEqual(uin.keyRange, { start: { line: 1, character: 15 }, end: { line: 1, character: 20 } });
    assert.deepEqual(uin.valueRange, { start: { line: 1, character: 22 }, end: { line: 1, character: 27 } });
    const proto = c.nodes.find((n) => n.path === 'Account:Protocol')!;
    assert.deepEqual(proto.innerRange, { start: { line: 1, character: 42 }, end: { line: 1, character: 47 } });
    assert.equal(c.nodes.find((n) => n.path === 'Account:AutoReconnect')!.value, 'True');
  });
  it('one syntax problem at the first error', () => {
    const c = read('{ "Account": { "Uin": 1 }\n  "Implementations": [] }')!;
    assert.equal(c.problems.length, 1);
    assert.equal(c.problems[0].range.start.line, 1);
    assert.match(c.problems[0].message.en, /"," was expected/);
  });
  it('keys equal ignoring case are duplicates', () => {
    const c = read(impls('{ "Type": "Http", "Port": 1, "port": 2 }'))!;
    assert.deepEqual(
      c.duplicateKeys.map(([a, b]) => [a.key, b.key]),
      [['Port', 'port']],
    );
  });
  it('a binary file yields one problem', () => {
    const c = read('{"Implementations": \u0000\u0001}')!;
    assert.equal(c.problems.length, 1);
    assert.equal(c.implementations.length, 0);
  });
  it('a 5 MB file reads whole', () => {
    const many = Array.from({ length: 40_000 }, (_, i) => `{ "Type": "Http", "Host": "127.0.0.1", "Port": ${(i % 60000) + 1}, "AccessToken": "t${i}" }`).join(
      ',\n',
    );
    const c = read(impls(many))!;
    assert.equal(c.implementations.length, 40_000);
  });
});

describe('looksLikeLagrange', () => {
  const rows2: [string, boolean][] = [
    ['{ "Implementations": [] }', true],
    ['{ "signserverurl": "" }', true],
    ['{ "Account": {} }', true],
    ['{ "Logging": {}, "AllowedHosts": "*" }', false],
    ['{ "ConnectionStrings": {} }', false],
    ['{ "Implementations": [ {', true],
  ];
  for (const [text, want] of rows2) it(text, () => assert.equal(looksLikeLagrange(text), want));
});

describe('toUInt32 (UInt32Converter)', () => {
  const rows3: [string, number | undefined][] = [
    ['8080', 8080],
    [' 8080 ', 8080],
    ['+8080', 8080],
    ['0x1F90', 8080],
    ['-0', 0],
    ['-1', undefined],
    ['80.5', undefined],
    ['1e3', undefined],
    ['', undefined],
    ['4294967295', 4294967295],
    ['4294967296', undefined],
    ['80a', undefined],
  ];
  for (const [s, want] of rows3) it(JSON.stringify(s), () => assert.equal(toUInt32(s), want));
});
