import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, nodeFileHost } from '../../server/src/core/analyze';
import { definitionsAt, linkLenses, referencesAt } from '../../server/src/core/link/counterparts';
import type { Location, Position } from '../../server/src/core/model';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { casesOnDisk } from '../ruleCases';

const CASES = casesOnDisk();
const read = (f: string) => fs.readFileSync(f, 'utf8');

/** The position of the `nth` occurrence of `needle` in the file, plus `shift` characters. */
function at(file: string, needle: string, shift = 1): Position {
  const text = read(file);
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return new LineIndex(text).position(i + shift);
}

/** "rel/file: text at the range" for each location, sorted. */
function shown(root: string, locs: Location[]): string[] {
  return locs
    .map((l) => {
      const idx = new LineIndex(read(l.file));
      const text = read(l.file).slice(idx.offset(l.range.start), idx.offset(l.range.end));
      return `${path.relative(root, l.file).split(path.sep).join('/')}: ${text}`;
    })
    .sort();
}

describe('Go to Definition between the two sides of a link', () => {
  // [case folder, file, where to click (text it starts), what Go to Definition lands on]
  const rows: [string, string, string, string[]][] = [
    // Lagrange AccessToken ↔ NoneBot's winning ONEBOT_ACCESS_TOKEN (.env.dev wins over .env with ENVIRONMENT=dev)
    ['token-mismatch.cases/fires-different-tokens', 'lagrange/appsettings.json', '"abc123"', ['nonebot/.env.dev: abc124']],
    ['token-mismatch.cases/fires-different-tokens', 'lagrange/appsettings.json', '"AccessToken"', ['nonebot/.env.dev: abc124']],
    ['token-mismatch.cases/fires-different-tokens', 'nonebot/.env.dev', 'ONEBOT_ACCESS_TOKEN', ['lagrange/appsettings.json: "abc123"']],
    ['token-mismatch.cases/fires-different-tokens', 'nonebot/.env.dev', 'abc124', ['lagrange/appsettings.json: "abc123"']],
    // Lagrange Suffix → the adapter registration in bot.py (NoneBot's routes come from the adapter)
    ['token-mismatch.cases/fires-different-tokens', 'lagrange/appsettings.json', '"/onebot/v11/ws"', ['nonebot/bot.py: ONEBOT_V11Adapter']],
    // NapCat token ↔ NoneBot token; the URL holds the path (the registration) and NoneBot has no PORT/HOST entry
    ['token-mismatch.cases/fires-napcat', 'napcat/config/onebot11_123456.json', "'Xk3pQ9vLm2Rt7sWa'", ['nonebot/.env: bot-token-2024']],
    ['token-mismatch.cases/fires-napcat', 'nonebot/.env', 'bot-token-2024', ["napcat/config/onebot11_123456.json: 'Xk3pQ9vLm2Rt7sWa'"]],
    ['token-mismatch.cases/fires-napcat', 'napcat/config/onebot11_123456.json', "'ws://127.0.0.1", ['nonebot/bot.py: ONEBOT_V11Adapter']],
    [
      'token-mismatch.cases/fires-napcat',
      'nonebot/bot.py',
      'register_adapter(ONEBOT',
      ["napcat/config/onebot11_123456.json: 'ws://127.0.0.1:8080/onebot/v11/ws'"],
    ],
    // go-cqhttp → Koishi: the universal URL holds the port (Koishi's server port); selfId ↔ the account
    ['ws-path.cases/fires-gocqhttp-koishi-path', 'gocqhttp/config.yml', 'ws://127.0.0.1:5140', ['koishi/koishi.yml: 5140']],
    ['ws-path.cases/fires-gocqhttp-koishi-path', 'koishi/koishi.yml', 'port: 5140', ['gocqhttp/config.yml: ws://127.0.0.1:5140/onebot/v11/ws']],
    ['ws-path.cases/fires-gocqhttp-koishi-path', 'koishi/koishi.yml', "'1233456'", ['gocqhttp/config.yml: 1233456']],
    ['ws-path.cases/fires-gocqhttp-koishi-path', 'gocqhttp/config.yml', 'uin: 1233456', ["koishi/koishi.yml: '1233456'"]],
    // Forward WebSocket: NoneBot's ONEBOT_WS_URLS entry ↔ the implementation server's host and port
    ['forward-ws-mismatch.cases/silent-matching', 'lagrange/appsettings.json', '8081', ['nonebot/.env: ws://127.0.0.1:8081']],
    [
      'forward-ws-mismatch.cases/silent-matching',
      'nonebot/.env',
      'ws://127.0.0.1:8081',
      ['lagrange/appsettings.json: "127.0.0.1"', 'lagrange/appsettings.json: 8081'],
    ],
    ['forward-ws-mismatch.cases/fires-napcat-token', 'napcat/config/onebot11_123456.json', '3001', ['nonebot/.env: ws://127.0.0.1:3001']],
    ['forward-ws-mismatch.cases/fires-napcat-token', 'napcat/config/onebot11_123456.json', "'server-secret-99'", ['nonebot/.env: other-token-11']],
    // HTTP API: NoneBot's ONEBOT_API_ROOTS entry ↔ the HTTP server's host and port; its key ↔ the account
    ['forward-ws-mismatch.cases/fires-api-roots-napcat-token', 'napcat/config/onebot11_123456.json', 'port: 3000', ['nonebot/.env: http://127.0.0.1:3000/']],
    ['forward-ws-mismatch.cases/fires-api-roots-gocqhttp-token', 'nonebot/.env', 'http://127.0.0.1:5700', ['gocqhttp/config.yml: 127.0.0.1:5700']],
    ['forward-ws-mismatch.cases/fires-api-roots-gocqhttp-token', 'gocqhttp/config.yml', 'uin: 123456', ['nonebot/.env: 123456']],
    // (the key lies inside the entry's value, which the URL's place covers as a whole)
    [
      'forward-ws-mismatch.cases/fires-api-roots-gocqhttp-token',
      'nonebot/.env',
      '123456',
      ['gocqhttp/config.yml: 123456', 'gocqhttp/config.yml: 127.0.0.1:5700'],
    ],
    ['forward-ws-mismatch.cases/fires-api-roots-lagrange-token', 'lagrange/appsettings.json', '"lagrange-token-22"', ['nonebot/.env: nonebot-token-11']],
    // Not on a link: nothing
    ['token-mismatch.cases/fires-different-tokens', 'lagrange/appsettings.json', '"Logging"', []],
    ['token-mismatch.cases/fires-napcat', 'nonebot/.env', 'DRIVER', []],
  ];
  for (const [dir, file, needle, want] of rows) {
    it(`${dir}: ${file} at ${needle}`, () => {
      const root = path.join(CASES, dir);
      const { model } = analyze([root], nodeFileHost);
      const f = path.join(root, file);
      const shift = needle.startsWith('register_adapter(')
        ? 'register_adapter('.length + 1
        : needle.startsWith('port: ')
          ? 'port: '.length + 1
          : needle.startsWith('uin: ')
            ? 'uin: '.length + 1
            : 1;
      assert.deepEqual(shown(root, definitionsAt(model, f, at(f, needle, shift), read)), want);
    });
  }
});

describe('Find References lists both sides', () => {
  const rows: [string, string, string, boolean, string[]][] = [
    [
      'token-mismatch.cases/fires-different-tokens',
      'lagrange/appsettings.json',
      '"abc123"',
      true,
      ['lagrange/appsettings.json: "abc123"', 'nonebot/.env.dev: abc124'],
    ],
    ['token-mismatch.cases/fires-different-tokens', 'lagrange/appsettings.json', '"abc123"', false, ['nonebot/.env.dev: abc124']],
  ];
  for (const [dir, file, needle, decl, want] of rows) {
    it(`${dir}: ${file} at ${needle} (declaration ${decl})`, () => {
      const root = path.join(CASES, dir);
      const { model } = analyze([root], nodeFileHost);
      const f = path.join(root, file);
      assert.deepEqual(shown(root, referencesAt(model, f, at(f, needle), decl, read)), want);
    });
  }
});

describe('a lens on each side of each link', () => {
  // [folder, [file, title]…]
  const rows: [string, [string, string][]][] = [
    [
      'ws-path.cases/silent-napcat-ws',
      [
        ['napcat/config/onebot11_123456.json', '→ NoneBot in nonebot (reverse WebSocket) ✓ linked'],
        ['nonebot/.env', "← NapCat's websocketClients[0] (reverse WebSocket) ✓ linked"],
      ],
    ],
    [
      'forward-ws-mismatch.cases/silent-matching',
      [
        ['lagrange/appsettings.json', "→ NoneBot's ONEBOT_WS_URLS entry (forward WebSocket) ✓ linked"],
        ['nonebot/.env', "← Lagrange's Implementations[0] (ForwardWebSocket) ✓ linked"],
      ],
    ],
  ];
  for (const [dir, want] of rows) {
    it(dir, () => {
      const root = path.join(CASES, dir);
      const { model, findings } = analyze([root], nodeFileHost);
      const got = linkLenses(model, findings, read).map((l) => [path.relative(root, l.at.file).split(path.sep).join('/'), l.title.en] as const);
      assert.deepEqual(got, want);
    });
  }
  it('counts the problems on a broken link, in both languages', () => {
    const root = path.join(CASES, 'token-mismatch.cases/fires-different-tokens');
    const { model, findings } = analyze([root], nodeFileHost);
    const lens = linkLenses(model, findings, read)[0];
    assert.match(lens.title.en, /^→ NoneBot in nonebot \(reverse WebSocket\) ✗ \d+ problems?$/);
    assert.match(lens.title.zh, /^→ nonebot 中的 NoneBot（反向 WebSocket）✗ \d+ 个问题$/);
    assert.ok(lens.problems >= 1);
  });
});
