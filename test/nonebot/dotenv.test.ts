/**
 * The .env parser against python-dotenv's rules (src/dotenv/parser.py, main.py resolve_variables, variables.py), as
 * a table: one row per line form, with every binding python-dotenv yields (key, value, and the ranges of the key and
 * of the value as written) and the number of problems reported.
 *
 * Ranges are written like the rule cases: 1-based `line:col-line:col`, end exclusive. `null` is python-dotenv's None
 * (a key without `=`). Values follow the newest python-dotenv; forms that older releases read differently carry a
 * problem (the "legacy" rows).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotenv } from '../../server/src/core/nonebot/dotenv';
import type { Range } from '../../server/src/core/model';

/** [key, value, key range, value range (as written), inner range (inside quotes; defaults to the value range)] */
type Binding = [key: string, value: string | null, keyAt: string, valueAt: string, innerAt?: string];
type Row = [name: string, text: string, bindings: Binding[], problems?: number];

const rows: Row[] = [
  // unquoted values
  ['plain', 'A=b', [['A', 'b', '1:1-1:2', '1:3-1:4']]],
  ['spaces around =', 'A = b', [['A', 'b', '1:1-1:2', '1:5-1:6']]],
  ['trailing spaces stripped', 'A=b   ', [['A', 'b', '1:1-1:2', '1:3-1:4']]],
  ['tabs stripped', 'A=\tb\t', [['A', 'b', '1:1-1:2', '1:4-1:5']]],
  ['inner spaces kept', 'A=b  c', [['A', 'b  c', '1:1-1:2', '1:3-1:7']]],
  ['inline comment after a space', 'A=abc # c', [['A', 'abc', '1:1-1:2', '1:3-1:6']]],
  ['inline comment after a tab', 'A=abc\t# c', [['A', 'abc', '1:1-1:2', '1:3-1:6']]],
  ['# without a blank before it is data', 'C=abc#x', [['C', 'abc#x', '1:1-1:2', '1:3-1:8']]],
  ['value starting with #', 'A=#x', [['A', '#x', '1:1-1:2', '1:3-1:5']]],
  ['NBSP before # starts a comment (Python \\s)', 'A=b\u00a0#c', [['A', 'b', '1:1-1:2', '1:3-1:4']]],
  ['ideographic space stripped (Python str.rstrip)', 'A=b\u3000', [['A', 'b', '1:1-1:2', '1:3-1:4']]],
  ['value with = inside', 'A=b=c', [['A', 'b=c', '1:1-1:2', '1:3-1:6']]],
  ['URL value', 'U=ws://127.0.0.1:8081/onebot/v11/ws', [['U', 'ws://127.0.0.1:8081/onebot/v11/ws', '1:1-1:2', '1:3-1:36']]],
  ['JSON list value', 'SUPERUSERS=["123", "456"]', [['SUPERUSERS', '["123", "456"]', '1:1-1:11', '1:12-1:26']]],
  ['unicode value', 'NICK=机器人', [['NICK', '机器人', '1:1-1:5', '1:6-1:9']]],
  // empty values and keys without =
  ['empty value', 'A=', [['A', '', '1:1-1:2', '1:3-1:3']]],
  [
    'empty value with blanks',
    'A=   \nB=1',
    [
      ['A', '', '1:1-1:2', '1:3-1:3'],
      ['B', '1', '2:1-2:2', '2:3-2:4'],
    ],
  ],
  ['legacy: KEY=  # comment is empty (python-dotenv 1.2.4+)', 'A=  # c', [['A', '', '1:1-1:2', '1:3-1:3']], 1],
  ['KEY=# is data, not a comment', 'A=#', [['A', '#', '1:1-1:2', '1:3-1:4']]],
  ['key without =', 'A', [['A', null, '1:1-1:2', '1:2-1:2']]],
  ['key without = then a comment', 'A # c', [['A', null, '1:1-1:2', '1:2-1:2']]],
  // comments, blank lines, line endings
  ['comment line', '# A=1\nB=2', [['B', '2', '2:1-2:2', '2:3-2:4']]],
  ['indented comment', '   # A=1\nB=2', [['B', '2', '2:1-2:2', '2:3-2:4']]],
  ['blank lines', '\n\nA=1\n\n', [['A', '1', '3:1-3:2', '3:3-3:4']]],
  [
    'CRLF line endings',
    'A=1\r\nB=2\r\n',
    [
      ['A', '1', '1:1-1:2', '1:3-1:4'],
      ['B', '2', '2:1-2:2', '2:3-2:4'],
    ],
  ],
  [
    'CR line endings',
    'A=1\rB=2',
    [
      ['A', '1', '1:1-1:2', '1:3-1:4'],
      ['B', '2', '2:1-2:2', '2:3-2:4'],
    ],
  ],
  [
    'later binding kept (both listed, the dict keeps the last)',
    'A=1\nA=2',
    [
      ['A', '1', '1:1-1:2', '1:3-1:4'],
      ['A', '2', '2:1-2:2', '2:3-2:4'],
    ],
  ],
  // keys
  ['export prefix', 'export A=1', [['A', '1', '1:8-1:9', '1:10-1:11']]],
  ['export with a tab', 'export\tA=1', [['A', '1', '1:8-1:9', '1:10-1:11']]],
  ['export as a key', 'export=1', [['export', '1', '1:1-1:7', '1:8-1:9']]],
  ['quoted key', "'A B'=1", [['A B', '1', '1:2-1:5', '1:7-1:8']]],
  ['lower-case key kept as written', 'port=8090', [['port', '8090', '1:1-1:5', '1:6-1:10']]],
  // single quotes: only \\ and \' are escapes
  ['single quotes', "A='b c'", [['A', 'b c', '1:1-1:2', '1:3-1:8', '1:4-1:7']]],
  ['single quotes keep #', "A='b # c'", [['A', 'b # c', '1:1-1:2', '1:3-1:10', '1:4-1:9']]],
  ['single quotes keep \\n as two characters', "A='a\\nb'", [['A', 'a\\nb', '1:1-1:2', '1:3-1:9', '1:4-1:8']]],
  ["single quote escape \\'", "A='it\\'s'", [['A', "it's", '1:1-1:2', '1:3-1:10', '1:4-1:9']]],
  ['single quote escape \\\\', "A='a\\\\b'", [['A', 'a\\b', '1:1-1:2', '1:3-1:9', '1:4-1:8']]],
  ['multi-line single quoted', "A='x\ny'", [['A', 'x\ny', '1:1-1:2', '1:3-2:3', '1:4-2:2']]],
  // double quotes: escapes decoded
  ['double quotes', 'A="b c"', [['A', 'b c', '1:1-1:2', '1:3-1:8', '1:4-1:7']]],
  ['double quotes keep #', 'B="abc # c"', [['B', 'abc # c', '1:1-1:2', '1:3-1:12', '1:4-1:11']]],
  ['double quote \\n', 'A="a\\nb"', [['A', 'a\nb', '1:1-1:2', '1:3-1:9', '1:4-1:8']]],
  ['double quote \\t', 'A="a\\tb"', [['A', 'a\tb', '1:1-1:2', '1:3-1:9', '1:4-1:8']]],
  ['double quote \\"', 'A="say \\"hi\\""', [['A', 'say "hi"', '1:1-1:2', '1:3-1:15', '1:4-1:14']]],
  ['double quote \\\\', 'A="a\\\\b"', [['A', 'a\\b', '1:1-1:2', '1:3-1:9', '1:4-1:8']]],
  ["double quote \\'", 'A="it\\\'s"', [['A', "it's", '1:1-1:2', '1:3-1:10', '1:4-1:9']]],
  ['unknown escape kept', 'A="a\\qb"', [['A', 'a\\qb', '1:1-1:2', '1:3-1:9', '1:4-1:8']]],
  ['comment after the closing quote', 'A="b" # c', [['A', 'b', '1:1-1:2', '1:3-1:6', '1:4-1:5']]],
  ['empty double-quoted value', 'A=""', [['A', '', '1:1-1:2', '1:3-1:5', '1:4-1:4']]],
  [
    'multi-line double quoted',
    'A="line1\nline2"\nB=2',
    [
      ['A', 'line1\nline2', '1:1-1:2', '1:3-2:7', '1:4-2:6'],
      ['B', '2', '3:1-3:2', '3:3-3:4'],
    ],
  ],
  [
    'legacy: backslash before the closing quote (python-dotenv 1.2.3+ closes there)',
    'A="x\\\\"\nB="y"',
    [
      ['A', 'x\\', '1:1-1:2', '1:3-1:8', '1:4-1:7'],
      ['B', 'y', '2:1-2:2', '2:3-2:6', '2:4-2:5'],
    ],
    1,
  ],
  // ${VAR} interpolation (resolve_variables, override=True)
  [
    'variable from an earlier line',
    'A=x\nB=${A}y',
    [
      ['A', 'x', '1:1-1:2', '1:3-1:4'],
      ['B', 'xy', '2:1-2:2', '2:3-2:8'],
    ],
  ],
  ['variable default', 'B=${MISSING:-d}', [['B', 'd', '1:1-1:2', '1:3-1:16']]],
  ['unknown variable is empty', 'B=a${MISSING}b', [['B', 'ab', '1:1-1:2', '1:3-1:15']]],
  [
    'variable in double quotes',
    'A=x\nB="${A} z"',
    [
      ['A', 'x', '1:1-1:2', '1:3-1:4'],
      ['B', 'x z', '2:1-2:2', '2:3-2:11', '2:4-2:10'],
    ],
  ],
  [
    'single quotes are interpolated too (python-dotenv#422)',
    "A=x\nB='${A}'",
    [
      ['A', 'x', '1:1-1:2', '1:3-1:4'],
      ['B', 'x', '2:1-2:2', '2:3-2:9', '2:4-2:8'],
    ],
  ],
  [
    'a key without = makes ${VAR} empty, not the default',
    'A\nB=${A:-d}',
    [
      ['A', null, '1:1-1:2', '1:2-1:2'],
      ['B', '', '2:1-2:2', '2:3-2:10'],
    ],
  ],
  [
    'a later definition does not count',
    'B=${A:-d}\nA=x',
    [
      ['B', 'd', '1:1-1:2', '1:3-1:10'],
      ['A', 'x', '2:1-2:2', '2:3-2:4'],
    ],
  ],
  [
    '$VAR without braces is literal',
    'A=x\nB=$A',
    [
      ['A', 'x', '1:1-1:2', '1:3-1:4'],
      ['B', '$A', '2:1-2:2', '2:3-2:5'],
    ],
  ],
  ['unclosed ${ is literal', 'B=${A', [['B', '${A', '1:1-1:2', '1:3-1:6']]],
  ['empty default', 'B=${A:-}', [['B', '', '1:1-1:2', '1:3-1:9']]],
  // statements python-dotenv skips with "could not parse statement"
  ['junk after the closing quote', 'A="b"c\nB=2', [['B', '2', '2:1-2:2', '2:3-2:4']], 1],
  ['unterminated double quote', 'A="b\nB=2', [['B', '2', '2:1-2:2', '2:3-2:4']], 1],
  ['line starting with =', '=x\nB=2', [['B', '2', '2:1-2:2', '2:3-2:4']], 1],
  ['space inside a key', 'A B=1\nC=2', [['C', '2', '2:1-2:2', '2:3-2:4']], 1],
  ['YAML-style colon', 'A: 1\nC=2', [['C', '2', '2:1-2:2', '2:3-2:4']], 1],
  // encoding
  ['legacy: BOM (stripped by python-dotenv 1.2.3+, part of the key before)', '\uFEFFA=1', [['A', '1', '1:2-1:3', '1:4-1:5']], 1],
  ['BOM before a comment line is harmless', '\uFEFF# c\nA=1', [['A', '1', '2:1-2:2', '2:3-2:4']]],
];

function at(r: Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

describe('parseDotenv: python-dotenv line forms', () => {
  it('the table has a row for every form (at least 40)', () => assert.ok(rows.length >= 40));
  for (const [name, text, bindings, problems = 0] of rows) {
    it(name, () => {
      const f = parseDotenv(text, '/p/.env');
      const got: Binding[] = f.entries.map((e) => {
        const b: Binding = [e.key, e.value ?? null, at(e.keyRange), at(e.valueRange)];
        if (at(e.innerRange) !== at(e.valueRange)) b.push(at(e.innerRange));
        return b;
      });
      assert.deepEqual(got, bindings);
      assert.equal(f.problems.length, problems, f.problems.map((p) => p.message.en).join('; '));
      for (const e of f.entries) assert.equal(e.raw, sliceRange(text, e.valueRange), `raw of ${e.key}`);
    });
  }
});

function sliceRange(text: string, r: Range): string {
  const lines: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\n' || text[i] === '\r') lines.push(i + 1);
  }
  return text.slice(lines[r.start.line] + r.start.character, lines[r.end.line] + r.end.character);
}

describe('parseDotenv: file-level behaviour', () => {
  it('name is the base name, export flag and quote kind are kept', () => {
    const f = parseDotenv('export A="1"\nB=2', '/p/.env.prod');
    assert.equal(f.name, '.env.prod');
    assert.deepEqual(
      f.entries.map((e) => [e.key, e.exported, e.quote]),
      [
        ['A', true, '"'],
        ['B', false, ''],
      ],
    );
  });
  it('the process environment fills ${VAR} after the earlier values of the file', () => {
    const f = parseDotenv('B=${HOME_DIR}/x\nHOME_DIR=/f\nC=${HOME_DIR}', '/p/.env', { HOME_DIR: '/h' });
    assert.deepEqual(
      f.entries.map((e) => e.value),
      ['/h/x', '/f', '/f'],
    );
  });
  it('a problem names the line python-dotenv skips', () => {
    const f = parseDotenv('A=1\n\nB="x"y\n', '/p/.env');
    assert.equal(f.problems.length, 1);
    assert.deepEqual(f.problems[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } });
    assert.match(f.problems[0].message.en, /line 3/);
  });
  // What older releases read is quoted, masked as a token under a secret-looking key (it is the token they use).
  const legacy: [string, RegExp, RegExp][] = [
    ['ONEBOT_ACCESS_TOKEN=  # fill in', /"… \(9 chars\)"/, /"…（9 个字符）"/],
    ['ONEBOT_SECRET=  # Fn5Gt-w2Qs-Rk8D', /"# … \(17 chars\)"/, /"# …（17 个字符）"/],
    ['LOG_LEVEL=  # fill in', /"# fill in"/, /"# fill in"/],
    ['ONEBOT_WS_URLS=  # ws://h/?access_token=Uz4Mb-c7Hv', /"# ws:\/\/h\/\?access_token=… \(10 chars\)"/, /"# ws:\/\/h\/\?access_token=… \(10 chars\)"/],
  ];
  for (const [line, en, zh] of legacy) {
    it(`the legacy-comment problem quotes what older releases read: ${line}`, () => {
      const f = parseDotenv(line, '/p/.env');
      assert.equal(f.entries[0].value, '');
      assert.match(f.problems[0].message.en, en);
      assert.match(f.problems[0].message.zh, zh);
    });
  }
  it('binary: one problem, no entries', () => {
    const f = parseDotenv('A=1\u0000\u0001\u0002', '/p/.env');
    assert.equal(f.entries.length, 0);
    assert.equal(f.problems.length, 1);
  });
  it('not UTF-8 (replacement characters): one problem, still parsed', () => {
    const f = parseDotenv('A=\uFFFD\uFFFD\nB=1', '/p/.env');
    assert.equal(f.entries.length, 2);
    assert.equal(f.problems.length, 1);
    assert.match(f.problems[0].message.en, /UTF-8/);
  });
  // Speed is measured as growth ratios in `npm run bench`; here a generous timeout only catches a hang.
  it('a 6 MB file parses whole', { timeout: 120_000 }, () => {
    const f = parseDotenv('KEY_X=value # comment\n'.repeat(300_000), '/p/.env');
    assert.equal(f.entries.length, 300_000);
    assert.equal(f.entries[299_999].value, 'value');
  });
  const hostile: [string, string][] = [
    ['unclosed double quotes on every line', 'A="x\n'.repeat(100_000)],
    ['unclosed single-quoted keys', "'A=1\n".repeat(100_000)],
    ['backslash-quote on every line', 'A="x\\"\n'.repeat(100_000)],
    ['${ without } a million times', `A=${'${'.repeat(500_000)}`],
    ['blanks without #', `A=${' x'.repeat(1_000_000)}`],
  ];
  for (const [name, text] of hostile) {
    it(`hostile input ends: ${name}`, { timeout: 120_000 }, () => {
      const f = parseDotenv(text, '/p/.env');
      assert.ok(f.problems.length <= 100);
    });
  }
});
