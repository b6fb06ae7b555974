/** text/secrets.ts: the one place that decides what of a secret may be shown. Tables of cases. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeDifference,
  escapeForTerminal,
  hasSecretName,
  isMasked,
  maskHeaders,
  maskSettingValue,
  maskToken,
  maskTokenZh,
  maskUrl,
  maskUrlsIn,
} from '../../server/src/core/text/secrets';
import { displayUrl } from '../../server/src/core/rules/lib/sides';
import { maskToken as l10nMaskToken, masked } from '../../server/src/core/l10n';

describe('maskToken: length always, 2 characters only from 12 on, never the whole token', () => {
  const rows: [string | null | undefined, string, string][] = [
    ['MyS3cretToken', 'My… (13 chars)', 'My…（13 个字符）'],
    ['SECRET-abc123-xyz', 'SE… (17 chars)', 'SE…（17 个字符）'],
    ['abcdefghijkl', 'ab… (12 chars)', 'ab…（12 个字符）'],
    ['abcdefghijk', '… (11 chars)', '…（11 个字符）'],
    ['123456', '… (6 chars)', '…（6 个字符）'],
    ['ab', '… (2 chars)', '…（2 个字符）'],
    ['7', '… (1 char)', '…（1 个字符）'],
    ['😀😀😀😀😀😀😀😀😀😀😀😀', '😀😀… (12 chars)', '😀😀…（12 个字符）'],
    ['', '(empty)', '（空）'],
    [null, '(none)', '（无）'],
    [undefined, '(none)', '（无）'],
  ];
  for (const [tok, en, zh] of rows) {
    it(`${JSON.stringify(tok)} → ${en}`, () => {
      assert.equal(maskToken(tok), en);
      assert.equal(maskTokenZh(tok), zh);
      assert.deepEqual(masked(tok), { en, zh });
      assert.equal(l10nMaskToken(tok), en, 'l10n re-exports the same function');
      assert.ok(isMasked(en) && isMasked(zh));
    });
  }
  it('shows no 3-character run of any token of any length', () => {
    for (let len = 1; len <= 40; len++) {
      const tok = Array.from({ length: len }, (_, i) => String.fromCharCode(65 + ((i * 7) % 26))).join('');
      const shown = maskToken(tok) + maskTokenZh(tok);
      for (let i = 0; i + 3 <= len; i++) assert.ok(!shown.includes(tok.slice(i, i + 3)), `${tok} → ${shown}`);
    }
  });
});

describe('maskUrl: userinfo and secret-looking parameters', () => {
  const rows: [string, string][] = [
    ['ws://127.0.0.1:8080/onebot/v11/ws', 'ws://127.0.0.1:8080/onebot/v11/ws'],
    ['ws://bot:SECRET-abc123-xyz@127.0.0.1:8080/onebot/v11', 'ws://bo… (21 chars)@127.0.0.1:8080/onebot/v11'],
    ['ws://u:PASS@h/x', 'ws://… (6 chars)@h/x'],
    ['ws://u:p@ss@h/x', 'ws://… (6 chars)@h/x'],
    ['ws://bot:pa/ss@host/', 'ws://… (9 chars)@host/'],
    ['ws://ws://bot:pw@h/', 'ws://… (11 chars)@h/'],
    ['ws://@h/', 'ws://@h/'],
    ['bot:pw@127.0.0.1:8080/x', '… (6 chars)@127.0.0.1:8080/x'],
    ['ws://127.0.0.1:8081/?access_token=SECRET-ghi789-rst', 'ws://127.0.0.1:8081/?access_token=SE… (17 chars)'],
    ['ws://h/?a=1&token=T&b=2', 'ws://h/?a=1&token=… (1 char)&b=2'],
    ['ws://h/?x=1#access_token=abc', 'ws://h/?x=1#access_token=… (3 chars)'],
    [
      'ws://h/?sign=abcd&pwd=1234&api-key=k&Password=p&sig=s&code=c',
      'ws://h/?sign=… (4 chars)&pwd=… (4 chars)&api-key=… (1 char)&Password=… (1 char)&sig=… (1 char)&code=… (1 char)',
    ],
    ['ws://h/?%74oken=abcdef', 'ws://h/?%74oken=… (6 chars)'],
    ['ws://h/?token=', 'ws://h/?token='],
    ['ws://h/?page=2&limit=10', 'ws://h/?page=2&limit=10'],
    // the last @ before a space or quote ends the userinfo: more is hidden, never less
    ['ws://h/?redirect=ws://u:pw@x/', 'ws://h/… (21 chars)@x/'],
    // masking twice changes nothing
    ['ws://127.0.0.1:8081/?access_token=SE… (17 chars)', 'ws://127.0.0.1:8081/?access_token=SE… (17 chars)'],
    ['ws://h/?token=…（6 个字符）', 'ws://h/?token=…（6 个字符）'],
    ['ws://bo… (21 chars)@127.0.0.1:8080/onebot/v11', 'ws://bo… (21 chars)@127.0.0.1:8080/onebot/v11'],
    ['', ''],
  ];
  for (const [url, want] of rows) {
    it(`${url || '(empty)'}`, () => {
      assert.equal(maskUrl(url), want);
      assert.equal(displayUrl(url), want, 'sides.ts displayUrl delegates');
      assert.equal(maskUrl(want), want, 'idempotent');
    });
  }
});

describe('maskUrlsIn: URLs inside a text', () => {
  const rows: [string, string][] = [
    [
      'dials ws://bot:SECRET-abc123-xyz@127.0.0.1:8080/onebot/v11: the trailing slash is missing',
      'dials ws://bo… (21 chars)@127.0.0.1:8080/onebot/v11: the trailing slash is missing',
    ],
    ['["ws://127.0.0.1:8081/?access_token=SECRET-ghi789-rst"]', '["ws://127.0.0.1:8081/?access_token=SE… (17 chars)"]'],
    ['Lagrange dials `ws://u:pw@h:1/x?token=abc`.', 'Lagrange dials `ws://… (4 chars)@h:1/x?token=… (3 chars)`.'],
    ['mail admin@example.com about it', 'mail admin@example.com about it'],
    ['Host "bot:pw-Mt8Ks@127.0.0.1/x" holds a path', 'Host "bo… (12 chars)@127.0.0.1/x" holds a path'],
    ['at 10:30, a@b', 'at 10:30, a@b'],
    ['a; b=1 & c=2 # d=3', 'a; b=1 & c=2 # d=3'],
    ['Implementations[0] (ReverseWebSocket) sends AccessToken My… (13 chars)', 'Implementations[0] (ReverseWebSocket) sends AccessToken My… (13 chars)'],
  ];
  for (const [text, want] of rows) it(text, () => assert.equal(maskUrlsIn(text), want));

  it('is linear on hostile input: a long run of ?token, ://, @ and & takes about as long per character as a short one', () => {
    // Work is counted, not timed: the result for n and 4n must both come back, and the 4n input is 4× the 1n input.
    for (const unit of ['?token', '://', '@', '&token=', 'ws://a@', '?a'] as const) {
      const big = unit.repeat(200_000 / unit.length);
      const out = maskUrlsIn(big);
      assert.ok(typeof out === 'string' && out.length > 0);
      assert.equal(typeof maskUrl(big), 'string');
    }
  });
});

describe('maskHeaders: a known-safe list shown, everything else masked', () => {
  it('a Lagrange handshake', () => {
    assert.deepEqual(
      maskHeaders({
        Host: '127.0.0.1:8080',
        'X-Self-ID': '10001',
        'X-Client-Role': 'Universal',
        'User-Agent': 'Lagrange.OneBot',
        Authorization: 'Bearer SECRET-abc123-xyz',
        'Sec-WebSocket-Protocol': 'SECRET-abc123-xyz',
        Cookie: 'session=SECRET-abc123-xyz',
        'X-Signature': 'sha1=0123456789abcdef',
        Origin: 'http://u:pw@h/',
        'Sec-WebSocket-Version': '13',
        'x-custom': ['a', 'b'],
      }),
      {
        Host: '127.0.0.1:8080',
        'X-Self-ID': '10001',
        'X-Client-Role': 'Universal',
        'User-Agent': 'Lagrange.OneBot',
        Authorization: 'Bearer SE… (17 chars)',
        'Sec-WebSocket-Protocol': 'SE… (17 chars)',
        Cookie: 'se… (25 chars)',
        'X-Signature': 'sh… (21 chars)',
        Origin: 'http://… (4 chars)@h/',
        'Sec-WebSocket-Version': '13',
        'x-custom': '… (4 chars)',
      },
    );
  });
  const auth: [string, string][] = [
    ['Bearer SECRET-abc123-xyz', 'Bearer SE… (17 chars)'],
    ['Bearer', 'Bearer (empty)'],
    ['Bearer 7', 'Bearer … (1 char)'],
    ['Token abc', 'Token … (3 chars)'],
    ['Basic', 'Basic (empty)'],
    ['s3cret-part1 s3cret-part2', 's3… (25 chars)'],
    ['SECRET-abc123-xyz', 'SE… (17 chars)'],
    ['Bearer SE… (17 chars)', 'Bearer SE… (17 chars)'],
    ['', '(empty)'],
  ];
  for (const [v, want] of auth) it(`Authorization: ${v}`, () => assert.equal(maskHeaders({ authorization: v }).authorization, want));
});

describe('hasSecretName / maskSettingValue', () => {
  const names: [string, boolean][] = [
    ['ONEBOT_ACCESS_TOKEN', true],
    ['ONEBOT_SECRET', true],
    ['access_token', true],
    ['api-key', true],
    ['pwd', true],
    ['sig', true],
    ['X-Signature', true],
    ['ONEBOT_WS_URLS', false],
    ['PORT', false],
    ['DRIVER', false],
    ['page', false],
  ];
  for (const [n, want] of names) it(`${n} → ${want}`, () => assert.equal(hasSecretName(n), want));
  const values: [string, string, string][] = [
    ['ONEBOT_ACCESS_TOKEN', '# SECRET-def456-uvw', '# … (19 chars)'],
    ['ONEBOT_WS_URLS', '["ws://127.0.0.1:8081/?access_token=SECRET-ghi789-rst"]', '["ws://127.0.0.1:8081/?access_token=SE… (17 chars)"]'],
    ['PORT', '8080', '8080'],
  ];
  for (const [k, v, want] of values) it(`${k}=${v}`, () => assert.equal(maskSettingValue(k, v), want));
});

describe('describeDifference: how two tokens differ, without their characters', () => {
  const rows: [string | null, string | null, string, string][] = [
    ['abc', 'abc', 'They are identical.', '两者完全相同。'],
    ['abc', 'abc ', 'They differ only in surrounding whitespace: the second has a trailing space.', '两者仅在首尾空白处不同：第二个末尾有 1 个空格。'],
    ['abc\n', 'abc', 'They differ only in surrounding whitespace: the first has a trailing newline.', '两者仅在首尾空白处不同：第一个末尾有 1 个换行符。'],
    [
      '  abc',
      'abc\t',
      'They differ only in surrounding whitespace: the first has 2 leading spaces; the second has a trailing tab.',
      '两者仅在首尾空白处不同：第一个开头有 2 个空格；第二个末尾有 1 个制表符。',
    ],
    [
      'abc \n',
      'abc',
      'They differ only in surrounding whitespace: the first has trailing whitespace (space, newline).',
      '两者仅在首尾空白处不同：第一个末尾有空白字符（空格、换行符）。',
    ],
    ['abcDef', 'abcdef', 'They differ only in letter case, first at character 4.', '两者仅大小写不同，第一处在第 4 个字符。'],
    ['ab\u200bc', 'abc', 'The first contains an invisible character (U+200B) at character 3.', '第一个在第 3 个字符处含有不可见字符（U+200B）。'],
    ['abcdef', 'abcxef', 'Both have 6 characters; they first differ at character 4.', '两者都是 6 个字符，第一处不同在第 4 个字符。'],
    [
      'abc',
      'abcdef',
      'The first has 3 characters, the second has 6: the second is the first with 3 more characters at the end.',
      '第一个有 3 个字符，第二个有 6 个：第二个是在第一个末尾多了 3 个字符。',
    ],
    [
      'abcd',
      'xbc',
      'The first has 4 characters, the second has 3; they first differ at character 1.',
      '第一个有 4 个字符，第二个有 3 个；第一处不同在第 1 个字符。',
    ],
    ['', 'abc', 'The first is empty; the second has 3 characters.', '第一个为空；第二个有 3 个字符。'],
    ['abc', null, 'The second is absent; the first has 3 characters.', '第二个未设置；第一个有 3 个字符。'],
    [null, '', 'The first is absent and the second is empty.', '第一个未设置，第二个为空。'],
  ];
  for (const [a, b, en, zh] of rows) {
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => {
      const d = describeDifference(a, b);
      assert.deepEqual(d, { en, zh });
    });
  }
  it('names the owners when given', () => {
    const d = describeDifference('SECRET-abc123-xyz', 'SECRET-abc123-xyz\n', {
      a: { en: "Lagrange's AccessToken", zh: 'Lagrange 的 AccessToken' },
      b: { en: "NoneBot's ONEBOT_ACCESS_TOKEN", zh: 'NoneBot 的 ONEBOT_ACCESS_TOKEN' },
    });
    assert.equal(d.en, "They differ only in surrounding whitespace: NoneBot's ONEBOT_ACCESS_TOKEN has a trailing newline.");
    assert.equal(d.zh, '两者仅在首尾空白处不同：NoneBot 的 ONEBOT_ACCESS_TOKEN末尾有 1 个换行符。');
  });
  it('never shows 4 characters of either token', () => {
    const toks = [
      'Zq9x-Wv3k-Pj7m',
      'Zq9x-Wv3k-Pj7M',
      'zq9x-wv3k-pj7m',
      ' Zq9x-Wv3k-Pj7m',
      'Zq9x-Wv3k-Pj7m\n',
      'Zq9x-Wv4k-Pj7m',
      'Zq9x\u200b-Wv3k-Pj7m',
      'Zq9x',
      '',
    ];
    for (const a of toks)
      for (const b of toks) {
        const d = describeDifference(a, b);
        for (const tok of [a, b])
          for (let i = 0; i + 4 <= tok.length; i++) assert.ok(!(d.en + d.zh).toLowerCase().includes(tok.toLowerCase().slice(i, i + 4)), `${a} / ${b}: ${d.en}`);
      }
  });
});

describe('escapeForTerminal', () => {
  const rows: [string, string][] = [
    ['plain text', 'plain text'],
    ['a\nb', 'a\\nb'],
    ['\x1b[31mred', '\\x1b[31mred'],
    ['tab\there', 'tab\\there'],
    ['cr\r', 'cr\\r'],
    ['del\x7f c1\x9b', 'del\\x7f c1\\x9b'],
    ['bidi \u202e evil', 'bidi \\u202e evil'],
    ['C:\\Users\\bot\\.env', 'C:\\Users\\bot\\.env'],
    ['中文 ✓', '中文 ✓'],
  ];
  for (const [s, want] of rows) it(JSON.stringify(s), () => assert.equal(escapeForTerminal(s), want));
});
