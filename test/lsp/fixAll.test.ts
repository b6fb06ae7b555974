/**
 * `onebotDoctor/fixAll` over stdio (the request behind Fix All in VS Code): one edit with every certain fix, made for
 * the versions the editor holds, leaving out what was typed in since; and unchanged diagnostics are not sent again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TextDocumentEdit } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import * as ext from '../../server/src/protocol/lspExt';
import { LspClient, applyWorkspaceEdit, uri } from './lspClient';

function copyOf(example: string): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-lsp-fixall-'));
  fs.cpSync(example, ws, { recursive: true });
  return ws;
}

describe('onebotDoctor/fixAll over stdio', () => {
  const ws = copyOf('examples/broken');
  const lag = path.join(ws, 'lagrange/appsettings.json');
  const envProd = path.join(ws, 'nonebot/.env.prod');
  const c = new LspClient();
  before(async () => {
    // Lint on save: typing starts no analysis, so what the server last analysed is the test's to choose.
    c.settings = { ...c.settings, run: 'onSave' };
    await c.start(ws);
    await c.until(() => c.codes(lag).includes('ws-path') && c.codes(envProd).includes('env-unknown-key'), 'first analysis');
  });
  after(async () => {
    await c.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });
  const onDisk = (u: string) => ({ text: fs.readFileSync(URI.parse(u).fsPath, 'utf8'), version: null });
  const files = (r: ext.FixAllResult) =>
    (r.edit.documentChanges as TextDocumentEdit[]).map((e) => path.relative(ws, URI.parse(e.textDocument.uri).fsPath)).sort();

  it('files on disk: one edit over both sides, every file at version null, each certain fix once', async () => {
    const r = await c.conn.sendRequest(ext.fixAll);
    assert.equal(r.count, 4, JSON.stringify(r));
    // token-unused's fix (add ONEBOT_ACCESS_TOKEN to .env.prod, from appsettings.json) waits: env-unknown-key renames
    // the misspelt key in that file, which fixes the same cause.
    assert.equal(r.deferred, 1);
    assert.deepEqual(files(r), ['lagrange/appsettings.json', 'nonebot/.env.prod']);
    assert.ok((r.edit.documentChanges as TextDocumentEdit[]).every((e) => e.textDocument.version === null));
    const applied = applyWorkspaceEdit(r.edit, onDisk);
    assert.ok(applied !== 'refused');
    const lagAfter = applied.get(uri(lag))!;
    assert.match(lagAfter, /"Suffix": "\/onebot\/v11\/ws"/);
    assert.match(lagAfter, /"Protocol": "Linux"/);
    assert.match(lagAfter, /"Enable": "false"/);
    assert.match(applied.get(uri(envProd))!, /^ONEBOT_ACCESS_TOKEN=MyS3cretToken$/m);
  });

  it('an open document: its edits name its version; once typed in since the analysis, its fixes are left out', async () => {
    const text = fs.readFileSync(lag, 'utf8');
    c.open(lag, text); // version 1
    await c.conn.sendRequest(ext.relint);
    const fresh = await c.conn.sendRequest(ext.fixAll);
    const lagEdit = (fresh.edit.documentChanges as TextDocumentEdit[]).find((e) => e.textDocument.uri === uri(lag))!;
    assert.equal(lagEdit.textDocument.version, 1);
    c.change(lag, `${text}\n`); // version 2, not analysed (onSave)
    const stale = await c.conn.sendRequest(ext.fixAll);
    assert.deepEqual(files(stale), ['nonebot/.env.prod'], 'only the untouched file is fixed');
    assert.equal(stale.count, 1);
  });

  it('an analysis that finds the same sends no diagnostics again (each send makes the editor re-request code actions)', async () => {
    const before = new Map(c.publishes);
    const status = c.statusCount;
    await c.conn.sendRequest(ext.relint);
    await c.until(() => c.statusCount > status, 'the analysis');
    assert.deepEqual(c.publishes, before);
    // A change that moves a finding is sent.
    const text = fs.readFileSync(envProd, 'utf8');
    c.open(envProd, `\n${text}`);
    await c.conn.sendRequest(ext.relint);
    await c.until(() => (c.publishes.get(uri(envProd)) ?? 0) > (before.get(uri(envProd)) ?? 0), 'the moved finding');
  });
});
