/** Runs inside the VS Code extension host: the examples/broken workspace is open. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

function until<T>(get: () => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const v = get();
      if (v !== undefined) {
        sub.dispose();
        clearTimeout(timer);
        resolve(v);
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, 30_000);
    check();
  });
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const lag = vscode.Uri.file(path.join(folder, 'lagrange', 'appsettings.json'));
  await vscode.window.showTextDocument(lag);
  const wsPath = await until(() => vscode.languages.getDiagnostics(lag).find((d) => d.source === 'onebot-doctor' && (d.code as { value: string })?.value === 'ws-path'), 'ws-path');
  assert.equal(wsPath.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(wsPath.range.start.line, 31);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', lag, wsPath.range);
  const fix = actions.find((a) => a.isPreferred && a.title.includes('/onebot/v11/ws'));
  assert.ok(fix?.edit, 'the preferred quick fix');
}
