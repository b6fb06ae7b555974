/**
 * Restricted Mode (an untrusted workspace) on a copy of examples/broken: the configuration is still checked (reading is
 * safe), the status bar says the probe is idle, and the probe, the capture and writing user settings say they need trust.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, codeOf, finish, ours, test, until, untilState } from './index';

export async function run(): Promise<void> {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const lag = vscode.Uri.file(path.join(root, 'lagrange', 'appsettings.json'));
  const results: string[] = [];

  await test(
    'the workspace is untrusted and the extension is active',
    async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      assert.ok((await api()).state().serverRunning);
    },
    results,
  );

  await test(
    'linting works in Restricted Mode',
    async () => {
      await vscode.window.showTextDocument(lag);
      await until(() => ours(lag).some((d) => codeOf(d) === 'ws-path'), 'diagnostics');
    },
    results,
  );

  await test(
    'the status bar says why the probe is idle',
    async () => {
      const text = await untilState((s) => (s.statusText ? s.statusText : undefined), 'a status item');
      assert.match(text, /^\$\(workspace-untrusted\) \$\(warning\) OneBot: \d+ problems$/);
    },
    results,
  );

  const table: [string, unknown][] = [
    ['onebotDoctor.testConnection', { url: 'ws://127.0.0.1:9/onebot/v11/ws', token: null }],
    ['onebotDoctor.captureHandshake', { port: 9, timeoutMs: 100 }],
    ['onebotDoctor.useCorrectedSchema', true],
  ];
  for (const [command, arg] of table) {
    await test(
      `${command} says it needs a trusted workspace`,
      async () => {
        await assert.rejects(Promise.resolve(vscode.commands.executeCommand(command, arg)), /needs a trusted workspace/);
      },
      results,
    );
  }

  finish(results);
}
