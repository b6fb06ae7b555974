import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type RequestType, type ServerOptions } from 'vscode-languageclient/node';
import * as ext from '../../server/src/protocol/lspExt';
import { SERVER_SOURCE, SHOW_DOCUMENTATION_COMMAND, type CaptureParams, type ProbeParams, type ProbeResult, type StatusParams } from '../../server/src/protocol/lspExt';

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
    initializationOptions: { locale: vscode.workspace.getConfiguration('onebotDoctor').get<string>('language', 'auto') },
  };
  client = new LanguageClient('onebotDoctor', 'OneBot Link Doctor', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, async (code?: string) => {
      const doc = vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules.md')));
      await vscode.commands.executeCommand('markdown.showPreview', doc.with({ fragment: code ?? '' }));
    }),
    vscode.commands.registerCommand('onebotDoctor.relint', () => client?.sendRequest(ext.relint)),
    vscode.commands.registerCommand('onebotDoctor.restartServer', async () => {
      if (!client) return;
      await client.stop();
      client.clientOptions.initializationOptions = { locale: vscode.workspace.getConfiguration('onebotDoctor').get<string>('language', 'auto') };
      await client.start();
    }),
    vscode.commands.registerCommand('onebotDoctor.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('onebotDoctor.testConnection', (arg?: ProbeParams) => testConnection(arg)),
    vscode.commands.registerCommand('onebotDoctor.captureHandshake', (arg?: CaptureParams) => captureHandshake(arg)),
    vscode.commands.registerCommand('onebotDoctor.useCorrectedSchema', () => useCorrectedSchema(context)),
  );

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('onebotDoctor.language')) void vscode.commands.executeCommand('onebotDoctor.restartServer');
    }),
  );
  await client.start();
  client.onNotification(ext.status, (s) => {
    showStatus(s);
    if (s.lagrangeConfigs > 0) void offerCorrectedSchema(context);
  });
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

/**
 * Lagrange's shipped appsettings.json names a `$schema` URL that no longer exists, so VS Code's JSON support shows
 * "Unable to load schema" (and, without the schema's allowComments, "Comments are not permitted"). A document's
 * `$schema` wins over file associations, and VS Code's JSON extension reads `json.schemas` from user and workspace
 * settings only (not from extension defaults): so the corrected schema is registered for that URL in the user's
 * `json.schemas`, on request or after asking once.
 */
const DEAD_SCHEMA_URL = 'https://raw.githubusercontent.com/LagrangeDev/Lagrange.Core/master/Lagrange.OneBot/Resources/appsettings_schema.json';

function schemaRegistered(): boolean {
  const list = vscode.workspace.getConfiguration('json').inspect<{ url?: string }[]>('schemas')?.globalValue ?? [];
  return list.some((e) => e.url === DEAD_SCHEMA_URL);
}

async function useCorrectedSchema(context: vscode.ExtensionContext): Promise<void> {
  const schema = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(context.asAbsolutePath('schemas/lagrange-appsettings.schema.json')))).toString('utf8'));
  const cfg = vscode.workspace.getConfiguration('json');
  const others = (cfg.inspect<{ url?: string }[]>('schemas')?.globalValue ?? []).filter((e) => e.url !== DEAD_SCHEMA_URL);
  await cfg.update('schemas', [...others, { url: DEAD_SCHEMA_URL, schema }], vscode.ConfigurationTarget.Global);
}

let schemaOffered = false;
async function offerCorrectedSchema(context: vscode.ExtensionContext): Promise<void> {
  if (schemaOffered || schemaRegistered() || context.globalState.get('onebotDoctor.schemaDeclined')) return;
  const files = await vscode.workspace.findFiles('**/appsettings.json', '**/{node_modules,.venv,venv,.git}/**', 20);
  let dead = false;
  for (const f of files) {
    if (Buffer.from(await vscode.workspace.fs.readFile(f)).toString('utf8').includes(DEAD_SCHEMA_URL)) dead = true;
  }
  if (!dead || schemaOffered) return;
  schemaOffered = true;
  const use = vscode.l10n.t('Use the corrected schema');
  const never = vscode.l10n.t("Don't ask again");
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t("Lagrange's appsettings.json names a schema URL that no longer exists, so VS Code reports \"Unable to load schema\". Use the corrected schema bundled with OneBot Link Doctor (added to your json.schemas setting)?"),
    use,
    never,
  );
  if (choice === use) await useCorrectedSchema(context);
  else if (choice === never) await context.globalState.update('onebotDoctor.schemaDeclined', true);
}

/**
 * "OneBot: Test Connection". With an argument it runs without prompts and returns the report (for automation);
 * otherwise the user picks a target, watches a cancellable progress notification and reads the report.
 */
async function testConnection(arg?: ProbeParams): Promise<ProbeResult | undefined> {
  if (!client) return undefined;
  let params: ProbeParams | undefined = arg;
  if (!params) {
    const targets = await client.sendRequest(ext.probeTargets);
    const typeUrl = vscode.l10n.t('Enter a URL…');
    const picked = await vscode.window.showQuickPick(
      [
        ...targets.map((t) => ({ label: t.label, description: t.url, detail: vscode.l10n.t('token {0}', t.token), index: t.index })),
        { label: typeUrl, description: 'ws://host:port/onebot/v11/ws', index: -1 },
      ],
      { title: vscode.l10n.t('OneBot: Test Connection'), placeHolder: vscode.l10n.t('Which connection should be tested?') },
    );
    if (!picked) return undefined;
    if (picked.index >= 0) params = { targetIndex: picked.index };
    else {
      const url = await vscode.window.showInputBox({ prompt: vscode.l10n.t('WebSocket URL to dial as Lagrange does'), value: 'ws://127.0.0.1:8080/onebot/v11/ws', validateInput: (v) => (/^wss?:\/\/.+/.test(v) ? undefined : vscode.l10n.t('A ws:// or wss:// URL')) });
      if (!url) return undefined;
      const token = await vscode.window.showInputBox({ prompt: vscode.l10n.t('AccessToken to send (leave empty for none)'), password: true });
      params = { url, token: token ? token : null };
    }
  }
  const report = await requestWithProgress(vscode.l10n.t('OneBot: testing the connection…'), ext.probe, params);
  if (arg) return report;
  await showReport(report);
  const ok = report.verdict === 'ok';
  const open = vscode.l10n.t('Open the config line');
  const buttons = report.action ? [open] : [];
  const message = `${report.verdict}: ${reportLanguage().startsWith('zh') ? report.cause.zh : report.cause.en}`;
  const choice = ok ? await vscode.window.showInformationMessage(message, ...buttons) : await vscode.window.showWarningMessage(message, ...buttons);
  if (choice === open && report.action) {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(report.action.file));
    const r = report.action.range;
    editor.selection = new vscode.Selection(r.start.line, r.start.character, r.end.line, r.end.character);
    editor.revealRange(editor.selection);
    await vscode.commands.executeCommand('editor.action.quickFix');
  }
  return report;
}

/** A cancellable request to the server behind a progress notification (cancel → the server aborts the probe). */
function requestWithProgress<P>(title: string, type: RequestType<P, ProbeResult, void>, params: P): Thenable<ProbeResult> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, cancel) => {
    const source = new vscode.CancellationTokenSource();
    cancel.onCancellationRequested(() => source.cancel());
    return client!.sendRequest(type, params, source.token);
  });
}

async function showReport(report: ProbeResult): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: report.text });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

/** The language of the server's reports: `onebotDoctor.language`, or VS Code's display language for `auto`. */
function reportLanguage(): string {
  const chosen = vscode.workspace.getConfiguration('onebotDoctor').get<string>('language', 'auto');
  return chosen === 'auto' ? vscode.env.language : chosen;
}

/** "OneBot: Capture Lagrange Handshake": listen where NoneBot would, then show what Lagrange sent. */
async function captureHandshake(arg?: CaptureParams): Promise<ProbeResult | undefined> {
  if (!client) return undefined;
  const params: CaptureParams = arg ?? { timeoutMs: 30_000 };
  try {
    const report = await requestWithProgress(vscode.l10n.t('OneBot: waiting for Lagrange to connect… (start or restart Lagrange now)'), ext.capture, params);
    if (!arg) await showReport(report);
    return report;
  } catch (e) {
    if (!arg) void vscode.window.showWarningMessage((e as Error).message);
    throw e;
  }
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
