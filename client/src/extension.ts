import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  RELINT_REQUEST,
  SERVER_SOURCE,
  SHOW_DOCUMENTATION_COMMAND,
  STATUS_NOTIFICATION,
  type StatusParams,
} from '../../server/src/lsp/protocol';

/**
 * The VS Code side: starts the language server, shows the link state in the status bar and offers the commands.
 * Everything the user reads about a configuration comes from the server.
 */
let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;

/** The files the server reads, whatever language id another extension gives them. */
const DOCUMENTS = ['**/appsettings*.json', '**/.env', '**/.env.*', '**/bot.py', '**/pyproject.toml'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('OneBot Link Doctor', { log: true });
  context.subscriptions.push(output);

  status = vscode.window.createStatusBarItem('onebotDoctor.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'OneBot Link Doctor';
  status.command = { title: 'Problems', command: 'workbench.actions.view.problems' };
  context.subscriptions.push(status);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENTS.map((pattern) => ({ scheme: 'file', pattern })),
    synchronize: {
      configurationSection: 'onebotDoctor',
      fileEvents: DOCUMENTS.map((g) => vscode.workspace.createFileSystemWatcher(g)),
    },
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: {},
  };
  client = new LanguageClient('onebotDoctor', 'OneBot Link Doctor', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, async (code?: string) => {
      const doc = vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules.md')));
      await vscode.commands.executeCommand('markdown.showPreview', doc.with({ fragment: code ?? '' }));
    }),
    vscode.commands.registerCommand('onebotDoctor.relint', () => client?.sendRequest(RELINT_REQUEST)),
    vscode.commands.registerCommand('onebotDoctor.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('onebotDoctor.showOutput', () => output.show(true)),
  );

  await client.start();
  client.onNotification(STATUS_NOTIFICATION, (s: StatusParams) => showStatus(s));
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

function showStatus(s: StatusParams): void {
  if (s.lagrangeConfigs === 0 && s.nonebotProjects === 0) {
    status.hide();
    return;
  }
  const problems = s.errors + s.warnings;
  if (problems === 0) {
    status.text = s.links > 0 ? vscode.l10n.t('$(check) OneBot ✓ linked') : vscode.l10n.t('$(info) OneBot: not linked');
    status.backgroundColor = undefined;
  } else {
    status.text = vscode.l10n.t('$(warning) OneBot: {0} problems', problems);
    status.backgroundColor = s.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : new vscode.ThemeColor('statusBarItem.warningBackground');
  }
  status.tooltip = vscode.l10n.t(
    '{0} Lagrange config(s), {1} NoneBot project(s), {2} link(s): {3} errors, {4} warnings. Click to open the Problems view ({5}).',
    s.lagrangeConfigs,
    s.nonebotProjects,
    s.links,
    s.errors,
    s.warnings,
    SERVER_SOURCE,
  );
  status.show();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
