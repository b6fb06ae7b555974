/**
 * Runs inside the extension host of a real VS Code (code-server), on a copy of examples/broken. Each check waits for
 * its condition (diagnostics changed, a request answered); nothing sleeps.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';

function log(s: string): void {
  console.log(`[e2e] ${s}`);
}

function until<T>(get: () => T | undefined | false, what: string, ms = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const sub = vscode.languages.onDidChangeDiagnostics(() => check());
    const check = () => {
      const v = get();
      if (v !== undefined && v !== false) {
        sub.dispose();
        if (timer) clearTimeout(timer);
        resolve(v as T);
      }
    };
    timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    check();
  });
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'onebot-doctor');

async function test(name: string, f: () => Promise<void>, results: string[]): Promise<void> {
  const t0 = Date.now();
  try {
    await f();
    results.push(`ok ${name} (${Date.now() - t0} ms)`);
    log(`ok ${name}`);
  } catch (e) {
    results.push(`FAIL ${name}: ${(e as Error).message}`);
    log(`FAIL ${name}: ${(e as Error).stack}`);
  }
}

export async function run(): Promise<void> {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const lag = vscode.Uri.file(path.join(root, 'lagrange', 'appsettings.json'));
  const prod = vscode.Uri.file(path.join(root, 'nonebot', '.env.prod'));
  const results: string[] = [];

  await test('diagnostics on both files: codes, ranges, severities, related information', async () => {
    await vscode.window.showTextDocument(lag);
    await until(() => ours(lag).some((d) => codeOf(d) === 'ws-path') && ours(prod).some((d) => codeOf(d) === 'env-unknown-key'), 'initial diagnostics');
    assert.deepEqual([...new Set(ours(lag).map(codeOf))].sort(), ['lagrange-enable-bool', 'lagrange-exposed', 'lagrange-protocol', 'token-unused', 'ws-path']);
    const ws = ours(lag).find((d) => codeOf(d) === 'ws-path')!;
    assert.equal(ws.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([ws.range.start.line, ws.range.start.character, ws.range.end.character], [31, 22, 35]);
    const unused = ours(lag).find((d) => codeOf(d) === 'token-unused')!;
    assert.equal(unused.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(unused.relatedInformation?.some((r) => r.location.uri.fsPath === prod.fsPath), 'related → .env.prod');
    assert.ok(!unused.message.includes('MyS3cretToken'), 'masked');
  }, results);

  await test('an unsaved edit of .env.prod changes appsettings.json diagnostics', async () => {
    const doc = await vscode.workspace.openTextDocument(prod);
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('ONE_BOT_ACCESS_TOKEN'));
    await editor.edit((e) => e.replace(new vscode.Range(line, 0, line, 'ONE_BOT_ACCESS_TOKEN'.length), 'ONEBOT_ACCESS_TOKEN'));
    await until(() => !ours(lag).some((d) => codeOf(d) === 'token-unused'), 'token-unused gone');
    assert.ok(doc.isDirty, 'not saved');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until(() => ours(lag).some((d) => codeOf(d) === 'token-unused'), 'token-unused back after revert');
  }, results);

  await test('a quick fix applied through the code action provider', async () => {
    const doc = await vscode.workspace.openTextDocument(lag);
    const d = ours(lag).find((x) => codeOf(x) === 'ws-path')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', lag, d.range);
    const fix = actions.find((a) => a.isPreferred && a.title.includes('/onebot/v11/ws'));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.lineAt(31).text, /"Suffix": "\/onebot\/v11\/ws",/);
    await until(() => !ours(lag).some((x) => codeOf(x) === 'ws-path'), 'ws-path gone');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until(() => ours(lag).some((x) => codeOf(x) === 'ws-path'), 'ws-path back after revert');
  }, results);

  await test('hover on Suffix shows the URL Lagrange dials', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', lag, new vscode.Position(31, 25));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /ws:\/\/127\.0\.0\.1:8080\/onebot\/v11/);
  }, results);

  await test('completion of NoneBot keys in .env', async () => {
    const env = vscode.Uri.file(path.join(root, 'nonebot', '.env'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', env, new vscode.Position(2, 0));
    assert.ok(list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'ONEBOT_ACCESS_TOKEN'));
  }, results);

  await test('a rule turned off in settings disappears', async () => {
    const cfg = vscode.workspace.getConfiguration('onebotDoctor');
    await cfg.update('rules', { 'lagrange-protocol': 'off' }, vscode.ConfigurationTarget.Workspace);
    await until(() => !ours(lag).some((d) => codeOf(d) === 'lagrange-protocol'), 'lagrange-protocol off');
    await cfg.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await until(() => ours(lag).some((d) => codeOf(d) === 'lagrange-protocol'), 'lagrange-protocol back');
  }, results);

  await test('OneBot: Test Connection against a loopback server', async () => {
    // A NoneBot-like endpoint that refuses every handshake with a bare 403, as NoneBot does for a wrong path.
    const server = http.createServer((_q, r) => r.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}'));
    server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const report = await vscode.commands.executeCommand<{ verdict: string; stages: unknown[] }>('onebotDoctor.testConnection', { url: `ws://127.0.0.1:${port}/onebot/v11/ws`, token: 'e2e-token' });
      assert.equal(report.verdict, 'forbidden-token-or-adapter');
      assert.ok(report.stages.length >= 2);
    } finally {
      server.close();
    }
  }, results);

  await test('the corrected schema replaces the dead $schema URL: no "Unable to load schema", comments allowed', async () => {
    const json = () => vscode.languages.getDiagnostics(lag).filter((d) => d.source !== 'onebot-doctor');
    await vscode.window.showTextDocument(lag);
    await until(() => json().some((d) => d.message.startsWith('Unable to load schema')), 'the JSON extension reports the dead URL');
    await vscode.commands.executeCommand('onebotDoctor.useCorrectedSchema');
    await until(() => !json().some((d) => /Unable to load schema|Comments are not permitted/.test(d.message)), 'no dead-URL or comment warning');
    assert.ok(json().some((d) => /Value is not accepted/.test(d.message)), 'the schema itself validates the file (Protocol "linux")');
  }, results);

  log(`summary: ${results.filter((r) => r.startsWith('ok')).length} passed, ${results.filter((r) => r.startsWith('FAIL')).length} failed`);
  for (const r of results) log(r);
  if (results.some((r) => r.startsWith('FAIL'))) throw new Error(results.filter((r) => r.startsWith('FAIL')).join('\n'));
}
