/**
 * Properties of the JSON5 readers on mutated inputs: never throw, ranges inside the text, edits keep the file
 * parsable. (A short run; fast-check prints the seed of a failure.)
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { napcatAdapter } from '../../server/src/core/impl/napcat/adapter';
import { llonebotAdapter } from '../../server/src/core/impl/llonebot/adapter';
import JSON5 from 'json5';
import { parseJson5, type J5Node } from '../../server/src/core/impl/json5';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import type { ImplAdapter } from '../../server/src/core/endpoints';
import type { Range } from '../../server/src/core/model';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { applyEdits as apply } from '../../server/src/core/text/applyEdits';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const SEEDS = [
  '{\n  "network": {\n    "websocketClients": [\n      { "enable": true, "url": "ws://127.0.0.1:8080/onebot/v11", "token": "Xk3v9QmP2rT7wYz1" }\n    ],\n    "websocketServers": [ { "port": 3001 } ]\n  }\n}',
  "// c\n{ network: { httpClients: [ { url: 'http://a:1/x', token: 's', }, ], httpServers: [{}] }, reverseWs: { urls: ['ws://b'] } }",
  '{ "reverseWs": { "enable": true, "urls": [ "ws://h:1/onebot/v11" ] }, "ws": { "enable": true, "port": 3001 }, "http": { "secret": "s" }, "token": "t" }',
  '{ "ob11": { "enable": true, "connect": [ { "type": "ws-reverse", "enable": true, "url": "ws://a:8080/onebot/v11" }, { "type": "ws", "port": 3001 }, { "type": "http-post", "url": "http://p" } ] } }',
  '{ "ob11": { "enable": true, "token": "t", "wsReverseUrls": ["ws://r/x"], "httpPostUrls": ["http://p"], "enableWs": true }, "onlyLocalhost": false }',
];
const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  "'",
  '//',
  '/*',
  '*/',
  '\\',
  '\n',
  ' ',
  'true',
  'null',
  '0x1',
  '-Infinity',
  '\u2028',
  '\uFEFF',
  'enable',
  'url',
  'ws://',
];

const arbText = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 }))), { maxLength: 6 }),
  )
  .map(([seed, muts]) =>
    muts.reduce((s, [at, del, ins]) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + ins + s.slice(i + del);
    }, seed),
  );

function inside(text: string, r: Range, what: string): void {
  const idx = new LineIndex(text);
  const s = idx.offset(r.start);
  const e = idx.offset(r.end);
  assert.ok(r.start.line < idx.lineCount && r.end.line < idx.lineCount && s <= e, `${what}: range inside the text`);
}

const cases: [string, ImplAdapter, string][] = [
  ['NapCat', napcatAdapter, path.resolve('/p/config/onebot11_1.json')],
  ['LLOneBot', llonebotAdapter, path.resolve('/p/data/config_1.json')],
  ['LLOneBot 2024', llonebotAdapter, path.resolve('/p/LiteLoader/data/LLOneBot/config_1.json')],
];

for (const [name, adapter, file] of cases) {
  it(`${name}: reading and editing ${RUNS} mutated files never throws, ranges stay inside, edits keep the file parsable`, () => {
    fc.assert(
      fc.property(arbText, (text) => {
        const c = adapter.read(file, new MemoryFileHost({ [file]: text }), {});
        if (!c) return;
        for (const p of c.problems) inside(text, p.range, 'problem');
        for (const u of c.unknownKeys) inside(text, u.node.valueRange, 'unknown key');
        for (const ep of c.endpoints) {
          inside(text, ep.anchor.range, 'anchor');
          for (const [field, value] of [
            ['path', '/onebot/v11/ws'],
            ['enable', 'true'],
            ['token', 'x"y'],
            ['port', '8080'],
            ['host', '0.0.0.0'],
          ] as const) {
            const edits = adapter.edit(ep, field, value, (f) => (f === file ? text : undefined));
            if (!edits) continue;
            for (const e of edits) inside(text, e.range, `${field} edit`);
            const out = apply(text, edits);
            const mode = file.includes('LLOneBot') ? 'json' : 'json5';
            if (!parseJson5(text, mode).error)
              assert.equal(parseJson5(out, mode).error, undefined, `${field} edit keeps the file parsable:\n${text}\n→\n${out}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
}

it('100 000 levels of nesting of each kind: a problem, no crash', () => {
  for (const text of ['['.repeat(100_000), '{"a":'.repeat(100_000), '[{"a":'.repeat(50_000)]) {
    const d = parseJson5(text);
    assert.match(d.error!.message, /nesting deeper/);
  }
});

// ------------------------------------------------------------------------------------------------------------------
// Differential: the parser accepts and decodes exactly what the `json5` package (2.2.x, used by NapCat and LLOneBot)
// does, and in strict mode what JSON.parse does.
// ------------------------------------------------------------------------------------------------------------------

function toValue(n: J5Node): unknown {
  if (n.kind === 'object') {
    const o: Record<string, unknown> = {};
    for (const m of n.members ?? []) o[m.key] = toValue(m.value);
    return o;
  }
  if (n.kind === 'array') return (n.items ?? []).map(toValue);
  return n.value;
}

function agree(text: string, mode: 'json5' | 'json'): void {
  let expected: unknown;
  let ok = true;
  try {
    expected = mode === 'json5' ? JSON5.parse(text) : JSON.parse(text);
  } catch {
    ok = false;
  }
  const d = parseJson5(text, mode);
  assert.equal(!d.error, ok, `${mode} ${ok ? 'accepts' : 'rejects'} ${JSON.stringify(text)}${d.error ? ` (ours: ${d.error.message})` : ''}`);
  if (ok) assert.deepEqual(toValue(d.root!), expected, `${mode} value of ${JSON.stringify(text)}`);
}

const SPEC_CASES = [
  '{}',
  '[]',
  '1',
  '"a"',
  "'a'",
  'null',
  'true',
  ' \t\n\r\u00a0\u2028\u2029\ufeff{}',
  '{a:1}',
  '{$_a1:1}',
  '{\u00e9t\u00e9:1}',
  '{\\u0061b:1}',
  '{"a":1,}',
  '[1,]',
  '[,]',
  '{,}',
  '[1,,2]',
  '{a:1,,}',
  '[+1, -1, .5, 5., 0x1F, -0xa, +Infinity, -Infinity, NaN, 1e3, 1E-2, 0]',
  '[01]',
  '[1.2.3]',
  '[0x]',
  '[1e]',
  '[- 1]',
  '[.]',
  '[+]',
  '"\\x41\\u0042\\v\\0\\\'\\"\\/\\q"',
  '"\\01"',
  '"\\1"',
  '"a\\\nb"',
  '"a\\\r\nb"',
  '"a\\\u2028b"',
  '"a\nb"',
  '"a\u2028b"',
  '"\u0001"',
  "'\"'",
  '"\'"',
  '// c\n1',
  '/* c */1',
  '1 /* c',
  '1 //',
  '/ 1',
  '{a:1 b:2}',
  '{a 1}',
  '{1:1}',
  '{"a":1} x',
  'tru',
  'truex',
  '[true,false,null]',
  '[nul]',
  'Infinityx',
  '{"__a":[{"b":{"c":[1,[2,[3]]]}}]}',
  '',
  ' ',
  '"',
  "'abc",
  '{',
  '[',
  '{"a":',
  '{"a"',
  '[1',
  '"\\u12"',
  '"\\x1"',
  'undefined',
  '{a:-}',
  '[-Infinity]',
];

it('JSON5 cases: the same verdict and value as the json5 package', () => {
  for (const text of SPEC_CASES) agree(text, 'json5');
});
it('strict JSON cases: the same verdict and value as JSON.parse', () => {
  for (const text of SPEC_CASES) agree(text, 'json');
});
it(`${RUNS} mutated files: the same verdict and value as the json5 package and JSON.parse`, () => {
  fc.assert(
    fc.property(arbText, (text) => {
      agree(text, 'json5');
      agree(text, 'json');
    }),
    { numRuns: RUNS },
  );
});
