/**
 * A workspace that is not a OneBot one: a plain ASP.NET Core project (appsettings.json) and a plain Python project
 * (.env + pyproject.toml). The extension activates (the file names match) but must stay silent: no language server,
 * no status item, no diagnostics, and no Lagrange completions from the bundled schema.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, finish, test, until } from './index';

export async function run(): Promise<void> {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const appsettings = vscode.Uri.file(path.join(root, 'web', 'appsettings.json'));
  const env = vscode.Uri.file(path.join(root, 'py', '.env'));
  const broken = vscode.Uri.file(path.join(root, 'web', 'broken.json'));
  const results: string[] = [];

  await test(
    'activated, nothing recognised: no server process, no status item',
    async () => {
      const a = await api();
      await a.rescan();
      const state = a.state();
      assert.deepEqual(state.recognised, { lagrange: [], nonebot: [], others: [] });
      assert.equal(state.serverRunning, false);
      assert.equal(state.statusText, '');
    },
    results,
  );

  await test(
    'no OneBot diagnostics on the ASP.NET and Python files',
    async () => {
      await vscode.window.showTextDocument(env);
      await vscode.window.showTextDocument(appsettings);
      // The JSON extension is up once it reports the deliberately broken file; by then a schema would have applied.
      await vscode.window.showTextDocument(broken);
      await until(() => vscode.languages.getDiagnostics(broken).length > 0, 'the JSON extension validating broken.json');
      const ours = vscode.languages
        .getDiagnostics()
        .flatMap(([, ds]) => ds)
        .filter((d) => d.source === 'onebot-doctor');
      assert.deepEqual(ours, []);
      assert.deepEqual(vscode.languages.getDiagnostics(appsettings), [], 'the bundled schema does not judge an ASP.NET file');
      assert.equal((await api()).state().serverRunning, false);
    },
    results,
  );

  await test(
    'no Lagrange completions in an ASP.NET appsettings.json',
    async () => {
      const doc = await vscode.workspace.openTextDocument(appsettings);
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.includes('"AllowedHosts"'));
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        appsettings,
        new vscode.Position(line, 2),
      );
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label).replace(/"/g, ''));
      for (const k of ['Implementations', 'SignServerUrl', 'Account', 'QrCode', 'MusicSignServerUrl'])
        assert.ok(!labels.includes(k), `${k} offered: ${labels.join(', ')}`);
    },
    results,
  );

  finish(results);
}
