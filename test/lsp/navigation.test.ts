/** Go to Definition, Find References and code lenses between the two sides of a link, over real stdio. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeLens, Location } from 'vscode-languageserver';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { casesOnDisk } from '../ruleCases';
import { LspClient, uri } from './lspClient';

const CASES = path.join(casesOnDisk(), 'token-mismatch.cases');
const LAGRANGE = path.join(CASES, 'fires-different-tokens');
const NAPCAT = path.join(CASES, 'fires-napcat');
const APPSETTINGS = path.join(LAGRANGE, 'lagrange/appsettings.json');
const ENV_DEV = path.join(LAGRANGE, 'nonebot/.env.dev');
const ONEBOT11 = path.join(NAPCAT, 'napcat/config/onebot11_123456.json');
const NAPCAT_ENV = path.join(NAPCAT, 'nonebot/.env');

/** The position one character into the first occurrence of `needle`. */
function at(file: string, needle: string): { line: number; character: number } {
  const text = fs.readFileSync(file, 'utf8');
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return new LineIndex(text).position(i + 1);
}

/** "file name: text at the range" for each location. */
function shown(locs: Location[] | null): string[] {
  return (locs ?? [])
    .map((l) => {
      const file = [APPSETTINGS, ENV_DEV, ONEBOT11, NAPCAT_ENV, path.join(NAPCAT, 'nonebot/bot.py'), path.join(LAGRANGE, 'nonebot/bot.py')].find(
        (f) => uri(f) === l.uri,
      );
      assert.ok(file, `unexpected ${l.uri}`);
      const text = fs.readFileSync(file, 'utf8');
      const idx = new LineIndex(text);
      return `${path.basename(file)}: ${text.slice(idx.offset(l.range.start), idx.offset(l.range.end))}`;
    })
    .sort();
}

for (const [locale, arrow] of [
  ['en', /^→ NoneBot in nonebot \(reverse WebSocket\) ✗ \d+ problems?$/],
  ['zh-cn', /^→ nonebot 中的 NoneBot（反向 WebSocket）✗ \d+ 个问题$/],
] as const) {
  describe(`navigation between the two sides over stdio (${locale})`, () => {
    let c: LspClient;
    before(async () => {
      c = new LspClient();
      await c.start([LAGRANGE, NAPCAT], locale);
      await c.until(() => (c.status?.links ?? 0) >= 2, 'both folders linked');
    });
    after(() => c.stop());

    const definition = (file: string, needle: string) =>
      c.conn.sendRequest<Location[] | null>('textDocument/definition', { textDocument: { uri: uri(file) }, position: at(file, needle) });

    // [from file, at, lands on]
    const rows: [string, string, string[]][] = [
      [APPSETTINGS, '"AccessToken"', ['.env.dev: abc124']],
      [ENV_DEV, 'ONEBOT_ACCESS_TOKEN', ['appsettings.json: "abc123"']],
      [APPSETTINGS, '"/onebot/v11/ws"', ['bot.py: ONEBOT_V11Adapter']],
      [ONEBOT11, "'Xk3pQ9vLm2Rt7sWa'", ['.env: bot-token-2024']],
      [NAPCAT_ENV, 'bot-token-2024', ["onebot11_123456.json: 'Xk3pQ9vLm2Rt7sWa'"]],
      [APPSETTINGS, '"Logging"', []],
    ];
    for (const [file, needle, want] of rows) {
      it(`Go to Definition from ${path.basename(file)} at ${needle}`, async () => {
        assert.deepEqual(shown(await definition(file, needle)), want);
      });
    }

    it('Find References lists both sides', async () => {
      const refs = await c.conn.sendRequest<Location[] | null>('textDocument/references', {
        textDocument: { uri: uri(APPSETTINGS) },
        position: at(APPSETTINGS, '"abc123"'),
        context: { includeDeclaration: true },
      });
      assert.deepEqual(shown(refs), ['.env.dev: abc124', 'appsettings.json: "abc123"']);
    });

    it('a code lens on each side of the link says where it goes and how it stands', async () => {
      const lenses = (file: string) => c.conn.sendRequest<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri: uri(file) } });
      const lag = (await lenses(APPSETTINGS)) ?? [];
      assert.equal(lag.length, 1);
      assert.match(lag[0].command!.title, arrow);
      assert.equal(lag[0].range.start.line, at(APPSETTINGS, '"Type"').line, 'on the entry');
      const env = (await lenses(ENV_DEV)) ?? [];
      assert.equal(env.length, 1);
      assert.match(env[0].command!.title, /^← Lagrange/);
      const napcat = (await lenses(ONEBOT11)) ?? [];
      assert.equal(napcat.length, 1);
      assert.match(napcat[0].command!.title, /NoneBot/);
      for (const l of [...lag, ...env, ...napcat]) assert.ok(!/abc12|Xk3pQ9|bot-token/.test(l.command!.title), 'no token in a lens');
    });
  });
}
