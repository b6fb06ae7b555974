/**
 * The server's life as a protocol peer, in this process (two servers side by side): settings asked per workspace
 * folder, quick-fix edits tied to the document version they were computed on, requests refused after shutdown.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CompletionRequest,
  ErrorCodes,
  HoverRequest,
  ResponseError,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import * as ext from '../../server/src/protocol/lspExt';
import { LspClient, applyWorkspaceEdit, uri } from './lspClient';

function copyOf(example: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-session-'));
  fs.cpSync(example, dir, { recursive: true });
  return dir;
}

const severityOf = (c: LspClient, file: string, code: string) => c.diagnostics.get(uri(file))?.find((d) => d.code === code)?.severity;

describe('settings per workspace folder (multi-root)', () => {
  const a = copyOf('examples/broken');
  const b = copyOf('examples/broken');
  const lagA = path.join(a, 'lagrange/appsettings.json');
  const lagB = path.join(b, 'lagrange/appsettings.json');
  const c = new LspClient({ inProcess: true });
  // A second server in the same process, on folder b only, with the defaults: it must not see the first one's state.
  const other = new LspClient({ inProcess: true });
  before(async () => {
    c.folderSettings.set(uri(a), { rules: { 'lagrange-protocol': 'off', 'ws-path': 'hint' }, debounceMs: 0 });
    c.folderSettings.set(uri(b), { rules: { 'lagrange-protocol': 'error' }, debounceMs: 0 });
    await c.start([a, b]);
    await other.start(b);
  });
  after(async () => {
    await c.stop();
    await other.stop();
    for (const d of [a, b]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('asks for onebotDoctor once per folder, with the folder as scopeUri', async () => {
    await c.until(() => c.codes(lagA).includes('ws-path') && c.codes(lagB).includes('ws-path'), 'both folders linted');
    assert.deepEqual(
      c.configurationAsked.map((i) => [i.section, i.scopeUri]).sort(),
      [
        ['onebotDoctor', uri(a)],
        ['onebotDoctor', uri(b)],
      ].sort(),
    );
  });

  it('each folder applies its own rule settings', async () => {
    await c.until(() => c.codes(lagB).includes('lagrange-protocol'), 'folder b linted');
    const rows: { file: string; code: string; severity: number | undefined }[] = [
      { file: lagA, code: 'lagrange-protocol', severity: undefined }, // off in a
      { file: lagB, code: 'lagrange-protocol', severity: 1 }, // error in b
      { file: lagA, code: 'ws-path', severity: 4 }, // hint in a
      { file: lagB, code: 'ws-path', severity: 1 }, // the rule's own severity in b
    ];
    for (const r of rows) assert.equal(severityOf(c, r.file, r.code), r.severity, `${r.code} in ${r.file === lagA ? 'a' : 'b'}`);
  });

  it('a settings change is asked again per folder and applied to that folder only', async () => {
    c.folderSettings.set(uri(b), { rules: { 'lagrange-protocol': 'off' }, debounceMs: 0 });
    c.folderSettings.set(uri(a), { rules: { 'lagrange-protocol': 'warning', 'ws-path': 'hint' }, debounceMs: 0 });
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await c.until(() => !c.codes(lagB).includes('lagrange-protocol') && c.codes(lagA).includes('lagrange-protocol'), 'new settings applied');
    assert.equal(severityOf(c, lagA, 'lagrange-protocol'), 2);
    assert.equal(severityOf(c, lagA, 'ws-path'), 4);
  });

  it('a second server in the same process holds its own state', async () => {
    await other.until(() => other.codes(lagB).includes('lagrange-protocol'), 'the other server linted b');
    assert.equal(severityOf(other, lagB, 'lagrange-protocol'), 2, 'its own (default) settings');
    assert.equal(other.diagnostics.has(uri(lagA)), false, 'it never saw folder a');
    assert.equal(other.status?.lagrangeConfigs, 1);
    assert.equal(c.status?.lagrangeConfigs, 2);
  });
});

describe('quick-fix edits carry the document version they were computed on', () => {
  const ws = copyOf('examples/broken');
  const lag = path.join(ws, 'lagrange/appsettings.json');
  const c = new LspClient({ inProcess: true });
  const text0 = fs.readFileSync(lag, 'utf8');
  before(async () => {
    // Lint on save: typing never starts an analysis, only `relint` does, so the order of analyses and edits is the test's.
    c.settings = { ...c.settings, run: 'onSave' };
    await c.start(ws);
    await c.until(() => c.statusCount >= 1, 'first analysis');
  });
  after(async () => {
    await c.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  async function fixFor(code: string, title: RegExp): Promise<CodeAction> {
    const d = c.diagnostics.get(uri(lag))!.find((x) => x.code === code) as Diagnostic;
    assert.ok(d, code);
    const actions = (await c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri(lag) },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const action = actions.find((x) => title.test(x.title));
    assert.ok(action, `${code}: ${actions.map((x) => x.title).join(' | ')}`);
    return action;
  }
  const versionsIn = (a: CodeAction) =>
    (a.edit!.documentChanges as TextDocumentEdit[]).map((e) => [path.relative(ws, URI.parse(e.textDocument.uri).fsPath), e.textDocument.version]);

  it('table: which version each edit names, and whether the editor applies it', async () => {
    c.open(lag, text0); // version 1
    await c.conn.sendRequest(ext.relint);
    let current = { text: text0, version: 1 };
    const editor = (u: string) => (u === uri(lag) ? current : { text: fs.readFileSync(URI.parse(u).fsPath, 'utf8'), version: null });

    // Computed on version 1, applied to version 1.
    const fresh = await fixFor('ws-path', /Set Suffix/);
    assert.deepEqual(versionsIn(fresh), [['lagrange/appsettings.json', 1]]);
    const applied = applyWorkspaceEdit(fresh.edit!, editor);
    assert.ok(applied !== 'refused');
    assert.match(applied.get(uri(lag))!, /"Suffix": "\/onebot\/v11\/ws",/);

    // A fix whose edit is in a closed file: version null (the editor applies it to the file as it is).
    const other = await fixFor('token-unused', /Set ONEBOT_ACCESS_TOKEN/);
    assert.deepEqual(versionsIn(other), [[path.join('nonebot', '.env.prod'), null]]);

    // The user types (version 2) after the fix was offered, before it is applied: the editor refuses it.
    const text1 = `\n\n${text0}`;
    c.change(lag, text1);
    current = { text: text1, version: 2 };
    assert.equal(applyWorkspaceEdit(fresh.edit!, editor), 'refused');

    // Asked again before the next analysis: the findings are of version 1, so no edit is offered, only the documentation
    // (in an `onType` folder the request would run the waiting analysis first).
    const d = c.diagnostics.get(uri(lag))!.find((x) => x.code === 'ws-path')!;
    const stale = (await c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri(lag) },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.deepEqual(
      stale.map((a) => [a.title, a.edit]),
      [['Show documentation for ws-path', undefined]],
    );

    // After the analysis of version 2 the fix is made for it and applies at the moved line.
    await c.conn.sendRequest(ext.relint);
    const again = await fixFor('ws-path', /Set Suffix/);
    assert.deepEqual(versionsIn(again), [['lagrange/appsettings.json', 2]]);
    const applied2 = applyWorkspaceEdit(again.edit!, editor);
    assert.ok(applied2 !== 'refused');
    assert.equal(applied2.get(uri(lag)), `\n\n${(applied as Map<string, string>).get(uri(lag))}`);
  });
});

describe('after shutdown every request is refused with InvalidRequest', () => {
  const ws = copyOf('examples/fixed');
  const c = new LspClient({ inProcess: true });
  before(async () => {
    await c.start(ws);
    await c.until(() => c.statusCount >= 1, 'first analysis');
  });
  after(async () => {
    await c.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('answers before shutdown, refuses after', async () => {
    const env = path.join(ws, 'nonebot/.env');
    const at = { textDocument: { uri: uri(env) }, position: { line: 0, character: 0 } };
    const rows: { name: string; send: () => Promise<unknown> }[] = [
      { name: ext.relint.method, send: () => c.conn.sendRequest(ext.relint) },
      { name: ext.probeTargets.method, send: () => c.conn.sendRequest(ext.probeTargets) },
      { name: ext.probe.method, send: () => c.conn.sendRequest(ext.probe, { url: 'ws://127.0.0.1:1/onebot/v11/ws', timeoutMs: 1 }) },
      { name: ext.capture.method, send: () => c.conn.sendRequest(ext.capture, { port: 1, timeoutMs: 1 }) },
      { name: 'textDocument/hover', send: () => c.conn.sendRequest(HoverRequest.type, at) },
      { name: 'textDocument/completion', send: () => c.conn.sendRequest(CompletionRequest.type, at) },
      {
        name: 'textDocument/codeAction',
        send: () => c.conn.sendRequest(CodeActionRequest.type, { ...at, range: { start: at.position, end: at.position }, context: { diagnostics: [] } }),
      },
      { name: 'onebotDoctor/noSuchMethod', send: () => c.conn.sendRequest('onebotDoctor/noSuchMethod', {}) },
    ];
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'answered',
        (e: unknown) => (e instanceof ResponseError ? e.code : String(e)),
      );
    // Before: every known method answers (some with an error of their own, e.g. the probe's dial fails: not refused).
    for (const r of rows) assert.notEqual(await code(r.send()), ErrorCodes.InvalidRequest, `${r.name} before shutdown`);
    await c.conn.sendRequest('shutdown');
    for (const r of rows) assert.equal(await code(r.send()), ErrorCodes.InvalidRequest, `${r.name} after shutdown`);
  });
});
