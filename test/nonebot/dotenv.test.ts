/**
 * The .env parser against python-dotenv's rules (src/dotenv/parser.py, main.py resolve_variables, variables.py):
 * one row per line form, with the value python-dotenv yields and, where it matters, the exact ranges.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotenv } from '../../server/src/core/nonebot/dotenv';

type Row = [name: string, text: string, expected: Record<string, string | null>, problems?: number];

const rows: Row[] = [
  ['plain', 'A=b', { A: 'b' }],
  ['spaces around =', 'A = b', { A: 'b' }],
  ['trailing spaces stripped', 'A=b   ', { A: 'b' }],
  ['tabs stripped', 'A=\tb\t', { A: 'b' }],
  ['inline comment after space', 'A=abc # c', { A: 'abc' }],
  ['inline comment after tab', 'A=abc\t# c', { A: 'abc' }],
  ['hash without space is data', 'C=abc#x', { C: 'abc#x' }],
  ['hash at start of value', 'A=#x', { A: '#x' }],
  ['comment line', '# A=1\nB=2', { B: '2' }],
  ['indented comment', '   # A=1\nB=2', { B: '2' }],
  ['blank lines', '\n\nA=1\n\n', { A: '1' }],
  ['export prefix', 'export A=1', { A: '1' }],
  ['export with tab', 'export\tA=1', { A: '1' }],
  ['export as a key', 'export=1', { export: '1' }],
  ['single quotes', "A='b c'", { A: 'b c' }],
  ['single quotes keep hash', "A='b # c'", { A: 'b # c' }],
  ['single quotes keep \\n', "A='a\\nb'", { A: 'a\\nb' }],
  ['single quote escape', "A='it\\'s'", { A: "it's" }],
  ['double quotes', 'A="b c"', { A: 'b c' }],
  ['double quotes keep hash', 'B="abc # c"', { B: 'abc # c' }],
  ['double quote \\n escape', 'A="a\\nb"', { A: 'a\nb' }],
  ['double quote \\t escape', 'A="a\\tb"', { A: 'a\tb' }],
  ['double quote \\" escape', 'A="say \\"hi\\""', { A: 'say "hi"' }],
  ['double quote \\\\ escape', 'A="a\\\\b"', { A: 'a\\b' }],
  ['unknown escape kept', 'A="a\\qb"', { A: 'a\\qb' }],
  ['comment after quotes', 'A="b" # c', { A: 'b' }],
  ['multi-line double quoted', 'A="line1\nline2"\nB=2', { A: 'line1\nline2', B: '2' }],
  ['multi-line single quoted', "A='x\ny'", { A: 'x\ny' }],
  ['key without =', 'A', { A: null }],
  ['key without = then comment', 'A # c', { A: null }],
  ['empty value', 'A=', { A: '' }],
  ['empty quoted value', 'A=""', { A: '' }],
  ['quoted key', "'A B'=1", { 'A B': '1' }],
  ['lower-case key kept', 'port=8090', { port: '8090' }],
  ['later binding wins', 'A=1\nA=2', { A: '2' }],
  ['CRLF line endings', 'A=1\r\nB=2\r\n', { A: '1', B: '2' }],
  ['CR line endings', 'A=1\rB=2', { A: '1', B: '2' }],
  ['JSON list value', 'SUPERUSERS=["123", "456"]', { SUPERUSERS: '["123", "456"]' }],
  ['value with = inside', 'A=b=c', { A: 'b=c' }],
  ['URL value', 'U=ws://127.0.0.1:8081/onebot/v11/ws', { U: 'ws://127.0.0.1:8081/onebot/v11/ws' }],
  ['variable from earlier line', 'A=x\nB=${A}y', { A: 'x', B: 'xy' }],
  ['variable default', 'B=${MISSING:-d}', { B: 'd' }],
  ['unknown variable is empty', 'B=a${MISSING}b', { B: 'ab' }],
  ['variable in double quotes', 'A=x\nB="${A} z"', { A: 'x', B: 'x z' }],
  ['junk after closing quote', 'A="b"c\nB=2', { B: '2' }, 1],
  ['unterminated double quote', 'A="b\nB=2', { B: '2' }, 1],
  ['line starting with =', '=x\nB=2', { B: '2' }, 1],
  ['unicode value', 'NICK=机器人', { NICK: '机器人' }],
];

describe('parseDotenv: python-dotenv values', () => {
  for (const [name, text, expected, problems = 0] of rows) {
    it(name, () => {
      const f = parseDotenv(text, '/p/.env');
      const got: Record<string, string | null> = {};
      for (const e of f.entries) got[e.key] = e.value ?? null;
      assert.deepEqual(got, expected);
      assert.equal(f.problems.length, problems, f.problems.map((p) => p.message.en).join('; '));
    });
  }
});

describe('parseDotenv: ranges', () => {
  const text = 'export ONEBOT_ACCESS_TOKEN="s3cret" # token\nPORT=8080\nHOST\n';
  const f = parseDotenv(text, '/p/.env');
  const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
  const rows2: [string, object, object, object, string][] = [
    ['ONEBOT_ACCESS_TOKEN', r(0, 7, 0, 26), r(0, 27, 0, 35), r(0, 28, 0, 34), '"s3cret"'],
    ['PORT', r(1, 0, 1, 4), r(1, 5, 1, 9), r(1, 5, 1, 9), '8080'],
    ['HOST', r(2, 0, 2, 4), r(2, 4, 2, 4), r(2, 4, 2, 4), ''],
  ];
  for (const [key, keyRange, valueRange, innerRange, raw] of rows2) {
    it(key, () => {
      const e = f.entries.find((x) => x.key === key)!;
      assert.deepEqual(e.keyRange, keyRange);
      assert.deepEqual(e.valueRange, valueRange);
      assert.deepEqual(e.innerRange, innerRange);
      assert.equal(e.raw, raw);
    });
  }
  it('export flag and line numbers', () => {
    assert.deepEqual(f.entries.map((e) => [e.key, e.line, e.exported]), [['ONEBOT_ACCESS_TOKEN', 0, true], ['PORT', 1, false], ['HOST', 2, false]]);
  });
  it('multi-line value: the range spans the lines', () => {
    const g = parseDotenv('A="x\ny"\n', '/p/.env');
    assert.deepEqual(g.entries[0].valueRange, r(0, 2, 1, 2));
  });
});

describe('parseDotenv: bad input', () => {
  it('a BOM stays part of the first key, as with python-dotenv and utf-8', () => {
    const f = parseDotenv('\uFEFFHOST=0.0.0.0\n', '/p/.env');
    assert.equal(f.entries[0].key, '\uFEFFHOST');
    assert.equal(f.problems.length, 1);
    assert.match(f.problems[0].message.en, /byte order mark/);
  });
  it('binary: one problem, no entries', () => {
    const f = parseDotenv('A=1\u0000\u0001\u0002', '/p/.env');
    assert.equal(f.entries.length, 0);
    assert.equal(f.problems.length, 1);
  });
  it('a 5 MB file parses whole', () => {
    const f = parseDotenv('KEY_X=value # comment\n'.repeat(230_000), '/p/.env');
    assert.equal(f.entries.length, 230_000);
    assert.equal(f.entries[229_999].value, 'value');
  });
  it('process environment fills ${VAR} after the file', () => {
    const f = parseDotenv('B=${HOME_DIR}/x', '/p/.env', { HOME_DIR: '/h' });
    assert.equal(f.entries[0].value, '/h/x');
  });
});
