/**
 * Runs inside the extension host of a real VS Code on one folder holding copies of examples/napcat-nonebot and
 * examples/gocqhttp-koishi: diagnostics on both files of each pair, a quick fix on NapCat's URL, a hover on
 * go-cqhttp's URL. Each check waits for its condition; nothing sleeps.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeActionsAt, codeOf, finish, log, ours, test, until, untilState } from './index';

export async function run(): Promise<void> {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const napcat = vscode.Uri.file(path.join(root, 'napcat-nonebot', 'napcat', 'config', 'onebot11_123456.json'));
  const envProd = vscode.Uri.file(path.join(root, 'napcat-nonebot', 'nonebot', '.env.prod'));
  const gocq = vscode.Uri.file(path.join(root, 'gocqhttp-koishi', 'gocqhttp', 'config.yml'));
  const koishi = vscode.Uri.file(path.join(root, 'gocqhttp-koishi', 'koishi', 'koishi.yml'));
  const results: string[] = [];
  const codes = (u: vscode.Uri) => [...new Set(ours(u).map(codeOf))].sort();

  await test(
    'diagnostics on both files of each pair (NapCat + NoneBot, go-cqhttp + Koishi)',
    async () => {
      const t0 = Date.now();
      await untilState((s) => s.serverRunning || undefined, 'the server started', 120_000);
      log(`server running ${Date.now() - t0} ms after the suite started`);
      await until(
        () =>
          codes(napcat).includes('ws-path') &&
          codes(envProd).includes('token-mismatch') &&
          codes(gocq).includes('ws-path') &&
          codes(koishi).includes('selfid-mismatch'),
        'diagnostics for both pairs',
      );
      const rows: [vscode.Uri, string[]][] = [
        [napcat, ['token-mismatch', 'ws-path']],
        [envProd, ['token-mismatch']],
        [gocq, ['selfid-mismatch', 'ws-path']],
        [koishi, ['selfid-mismatch']],
      ];
      for (const [u, want] of rows) assert.deepEqual(codes(u), want, path.basename(u.fsPath));
      for (const [, ds] of vscode.languages.getDiagnostics())
        for (const d of ds) assert.ok(!d.message.includes('Xk3pQ9vLm2Rt7sWa') && !d.message.includes('bot-token-2024'), 'tokens are masked');
    },
    results,
  );

  await test(
    "the quick fix of NapCat's ws-path, applied through the code action provider, clears it",
    async () => {
      const doc = await vscode.workspace.openTextDocument(napcat);
      await vscode.window.showTextDocument(doc);
      const d = ours(napcat).find((x) => codeOf(x) === 'ws-path')!;
      const actions = await codeActionsAt(napcat, d.range, 'ws-path');
      const fix = actions.find((a) => a.isPreferred && a.title.includes('/onebot/v11/ws'));
      assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(doc.getText(), /url: 'ws:\/\/127\.0\.0\.1:8080\/onebot\/v11\/ws'/);
      await until(
        () => !ours(napcat).some((x) => codeOf(x) === 'ws-path') && ours(napcat).some((x) => codeOf(x) === 'token-mismatch'),
        'ws-path gone, token-mismatch kept',
      );
      assert.ok(doc.isDirty, 'the unsaved buffer decides');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await until(() => ours(napcat).some((x) => codeOf(x) === 'ws-path'), 'ws-path back after revert');
    },
    results,
  );

  await test(
    "a hover on go-cqhttp's URL says what it dials and what Koishi listens on",
    async () => {
      const doc = await vscode.workspace.openTextDocument(gocq);
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.includes('universal: ws://'));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        gocq,
        new vscode.Position(line, doc.lineAt(line).text.indexOf('ws://') + 3),
      );
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
      assert.match(text, /go-cqhttp dials `ws:\/\/127\.0\.0\.1:5140\/onebot\/v11\/ws`/);
      assert.match(text, /Koishi listens on `127\.0\.0\.1:5140`, path \/onebot/);
    },
    results,
  );

  finish(results);
}
