/** Secrets audit: every surface, on configs with distinctive tokens; none may show a token in full. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Hover } from 'vscode-languageserver';
import { LspClient, uri } from './lsp/lspClient';
import * as ext from '../server/src/protocol/lspExt';
import * as S from './probe/servers';

const SECRETS = ['Zq9-UNIQUE-tok3n-77', 'Xr8-OTHER-secret-55', 'Hm2-SIGNING-key-31'];

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s) || text.includes(s.slice(0, 8)));
}

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-secrets-'));
  fs.cpSync('examples/broken', dir, { recursive: true });
  const lag = path.join(dir, 'lagrange/appsettings.json');
  fs.writeFileSync(lag, fs.readFileSync(lag, 'utf8').replace('"MyS3cretToken"', `"${SECRETS[0]}"`).replace('"AccessToken": ""', `"AccessToken": "${SECRETS[2]}"`));
  fs.writeFileSync(path.join(dir, 'nonebot/.env.prod'), `HOST=127.0.0.1\nPORT=8080\nONEBOT_ACCESS_TOKEN=${SECRETS[1]}\nONEBOT_SECRET=${SECRETS[2]}\n`);
  return dir;
}

describe('secrets audit', () => {
  let ws: string;
  before(() => {
    ws = workspace();
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  for (const args of [['check'], ['check', '--format', 'json'], ['check', '--lang', 'zh-CN'], ['probe', '--timeout', '2000'], ['probe', '--format', 'json', '--timeout', '2000']]) {
    it(`CLI ${args.join(' ')}`, () => {
      const p = spawnSync(process.execPath, ['dist/cli.js', ...args, ws], { encoding: 'utf8' });
      assert.ok((p.stdout + p.stderr).length > 0);
      assert.deepEqual(leaks(p.stdout + p.stderr), []);
    });
  }

  it('language server: diagnostics, related information, hovers, code action titles, probe reports, log', async () => {
    const c = new LspClient();
    const server = await S.nonebotLike({ token: 'wrong' });
    try {
      await c.start(ws);
      const lag = path.join(ws, 'lagrange/appsettings.json');
      const prod = path.join(ws, 'nonebot/.env.prod');
      await c.until(() => c.codes(lag).includes('token-mismatch'), 'diagnostics');
      const seen: string[] = [];
      for (const [, ds] of c.diagnostics) for (const d of ds) seen.push(d.message, ...(d.relatedInformation ?? []).map((r) => r.message));
      for (const file of [lag, prod]) {
        const text = fs.readFileSync(file, 'utf8').split('\n');
        for (let line = 0; line < text.length; line++) {
          for (const character of [0, text[line].indexOf(':') + 3, text[line].indexOf('=') + 1].filter((x) => x >= 0)) {
            const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line, character } })) as Hover | null;
            if (h) seen.push((h.contents as { value: string }).value);
          }
        }
        for (const d of c.diagnostics.get(uri(file)) ?? []) {
          const actions = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
          seen.push(...actions.map((a) => a.title));
        }
      }
      const targets = await c.conn.sendRequest(ext.probeTargets);
      seen.push(JSON.stringify(targets));
      const report = await c.conn.sendRequest(ext.probe, { url: `ws://127.0.0.1:${server.port}/onebot/v11/ws` });
      seen.push(JSON.stringify(report));
      seen.push(...c.logs);
      assert.ok(seen.length > 20);
      assert.deepEqual(leaks(seen.join('\n')), []);
    } finally {
      await c.stop();
      await server.close();
    }
  });
});
