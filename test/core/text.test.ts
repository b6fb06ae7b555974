import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { makeExcluder } from '../../server/src/core/text/glob';
import { didYouMean } from '../../server/src/core/text/similar';
import { langFromLocale, maskToken, maskTokenZh } from '../../server/src/core/l10n';

describe('LineIndex', () => {
  const rows: { text: string; offset: number; line: number; character: number }[] = [
    { text: 'ab\ncd', offset: 0, line: 0, character: 0 },
    { text: 'ab\ncd', offset: 2, line: 0, character: 2 },
    { text: 'ab\ncd', offset: 3, line: 1, character: 0 },
    { text: 'ab\r\ncd', offset: 4, line: 1, character: 0 },
    { text: 'ab\rcd', offset: 3, line: 1, character: 0 },
    { text: 'ab\n', offset: 3, line: 1, character: 0 },
    { text: '\uFEFFab', offset: 1, line: 0, character: 1 },
    { text: '😀x', offset: 2, line: 0, character: 2 },
    { text: 'ab', offset: 99, line: 0, character: 2 },
  ];
  for (const r of rows) {
    it(`${JSON.stringify(r.text)} @${r.offset} → ${r.line}:${r.character}`, () => {
      const idx = new LineIndex(r.text);
      assert.deepEqual(idx.position(r.offset), { line: r.line, character: r.character });
      if (r.offset <= r.text.length) assert.equal(idx.offset(idx.position(r.offset)), r.offset);
    });
  }
  it('lineText drops the line break', () => {
    const idx = new LineIndex('a\r\nbb\ncc');
    assert.deepEqual(
      [0, 1, 2].map((l) => idx.lineText(l)),
      ['a', 'bb', 'cc'],
    );
  });
});

describe('exclusion globs', () => {
  const rows: [globs: string[], path: string, excluded: boolean][] = [
    [['node_modules'], 'a/node_modules/x/.env', true],
    [['**/backup/**'], 'x/backup/.env', true],
    [['backup/*.json'], 'backup/appsettings.json', true],
    [['backup/*.json'], 'other/backup/appsettings.json', false],
    [['*.bak'], 'a/b/c.bak', true],
    [['{old,tmp}'], 'x/tmp/.env', true],
    [['.env.local'], 'nonebot/.env.local', true],
    [['.env.local'], 'nonebot/.env.locale', false],
    [['[ab]/x'], 'a/x/.env', true],
    [['[ab]/x'], 'b/x', true],
    [['[ab]/x'], 'c/x/.env', false],
    [['bots/*', '!bots/keep'], 'bots/keep/.env', false],
    [['bots/*', '!bots/keep'], 'bots/other/.env', true],
    [['!bots/keep', 'bots/*'], 'bots/keep/.env', true],
    [['./lagrange/'], 'lagrange/appsettings.json', true],
    [['lagrange\\old'], 'lagrange/old/appsettings.json', true],
    [['*.{json,env}'], 'deep/a.json', true],
    [['!'], 'a/.env', false],
  ];
  for (const [globs, p, want] of rows) it(`${JSON.stringify(globs)} ~ ${p} = ${want}`, () => assert.equal(makeExcluder(globs)(p), want));
});

describe('didYouMean', () => {
  const keys = ['ONEBOT_ACCESS_TOKEN', 'ONEBOT_SECRET', 'ONEBOT_WS_URLS', 'HOST', 'PORT'];
  const rows: [string, string | undefined][] = [
    ['ONEBOT_ACESS_TOKEN', 'ONEBOT_ACCESS_TOKEN'],
    ['onebot_secrte', 'ONEBOT_SECRET'],
    ['PROT', 'PORT'],
    ['SUPERUSERS', undefined],
  ];
  for (const [w, want] of rows) it(`${w} → ${want}`, () => assert.equal(didYouMean(w, keys), want));
});

describe('token masking', () => {
  const rows: [string | null, string, string][] = [
    ['MyS3cretToken', 'My… (13 chars)', 'My…（13 个字符）'],
    ['ab', '… (2 chars)', '…（2 个字符）'],
    ['x', '… (1 char)', '…（1 个字符）'],
    ['', '(empty)', '（空）'],
    [null, '(none)', '（无）'],
  ];
  for (const [tok, en, zh] of rows) {
    it(`${JSON.stringify(tok)}`, () => {
      assert.equal(maskToken(tok), en);
      assert.equal(maskTokenZh(tok), zh);
    });
  }
  it('never reveals more than 2 characters', () => {
    for (const tok of ['abc', 'abcd', 'secret-token-123']) assert.ok(!maskToken(tok).includes(tok.slice(0, 3)));
  });
});

describe('langFromLocale', () => {
  const rows: [string | undefined, string][] = [
    ['zh-cn', 'zh'],
    ['zh-CN', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh', 'zh'],
    ['zh-tw', 'en'],
    ['en', 'en'],
    [undefined, 'en'],
  ];
  for (const [loc, want] of rows) it(`${loc} → ${want}`, () => assert.equal(langFromLocale(loc), want));
});
