import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type RequestType, type ServerOptions } from 'vscode-languageclient/node';
import * as ext from '../../server/src/protocol/lspExt';
import {
  SHOW_DOCUMENTATION_COMMAND,
  type CaptureParams,
  type ProbeParams,
  type ProbeResult,
  type ProbeTargetInfo,
  type StatusParams,
} from '../../server/src/protocol/lspExt';
import { ENV_TEMPLATE } from '../../server/src/core/nonebot/project';
import { withDocumentationLinks } from './docLinks';
import { FixAllProvider, fixAllCommand } from './fixAll';
import { initL10n, msg } from './l10n';
import { offerCorrectedSchema, refreshSchemaReference, useCorrectedSchema } from './schema';
import { CANDIDATES, recognise, recognised, SERVER_DOCUMENTS, type Recognition } from './scope';
import { LinkStatus } from './status';
import { LinkMapController, type LinkMapRow } from './linkMap';
import { APPLY_REPORT_FIX, applyReportFix, offerNextStep, ReportView, REPORT_SCHEME, TEST_AGAIN } from './reportView';
import { requireTrust } from './trust';
import { openConfigs, openWalkthrough } from './walkthrough';

/**
 * The VS Code side: starts the language server where a Lagrange config or a NoneBot project is recognised (scope.ts),
 * shows the link state in the status bar and offers the commands. Everything the user reads about a configuration
 * comes from the server.
 */
let client: LanguageClient | undefined;
let status: LinkStatus;
let reports: ReportView;
let found: Recognition = { lagrange: [], nonebot: [], others: [] };
let linkMap: LinkMapController | undefined;
/** The latest "Test Connection" run: what "Test again" repeats and what "Apply the fix" fixes by default. */
let last: { params: ProbeParams; report: ProbeResult } | undefined;

/** What the end-to-end suite reads (the extension's exports). */
export interface DoctorApi {
  state(): { serverRunning: boolean; statusText: string; recognised: Recognition };
  /** Looks for configs again now (as a file event does) and resolves when the server is started or stopped. */
  rescan(): Promise<void>;
  /** Fires when the status item changes (the server started, stopped or published). */
  onDidChangeState: vscode.Event<void>;
  /** The link map view's rows, and an event after each new map. */
  linkMapRows(): LinkMapRow[];
  linkMap(): ext.LinkMap;
  onDidChangeLinkMap: vscode.Event<void>;
  /** What "Test Connection" offers to dial (the quick pick's entries), for automation. */
  probeTargets(): Promise<ProbeTargetInfo[]>;
}

export async function activate(context: vscode.ExtensionContext): Promise<DoctorApi> {
  initL10n(context.extensionPath);
  const output = vscode.window.createOutputChannel('OneBot Link Doctor', { log: true });
  context.subscriptions.push(output);
  status = new LinkStatus();
  context.subscriptions.push(status);
  reports = new ReportView();
  context.subscriptions.push(reports, vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports));

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SERVER_DOCUMENTS.map((pattern) => ({ scheme: 'file', pattern })),
    synchronize: {
      configurationSection: 'onebotDoctor',
      fileEvents: SERVER_DOCUMENTS.map((g) => vscode.workspace.createFileSystemWatcher(g)),
    },
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: { locale: vscode.workspace.getConfiguration('onebotDoctor').get<string>('language', 'auto') },
    middleware: { handleDiagnostics: (uri, diagnostics, next) => next(uri, withDocumentationLinks(diagnostics)) },
  };
  client = new LanguageClient('onebotDoctor', 'OneBot Link Doctor', serverOptions, clientOptions);
  linkMap = new LinkMapController(() => client);
  context.subscriptions.push(linkMap);
  client.onNotification(ext.linkMapChanged, () => linkMap?.serverChanged());
  client.onNotification(ext.status, (s: StatusParams) => {
    status.update(s);
    if (s.lagrangeConfigs > 0) void offerCorrectedSchema(context, found.lagrange);
  });

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, async (code?: string) => {
      const doc = vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules.md')));
      await vscode.commands.executeCommand('markdown.showPreview', doc.with({ fragment: code ?? '' }));
    }),
    vscode.commands.registerCommand('onebotDoctor.relint', async () => {
      await rescan();
      if (client?.isRunning()) await client.sendRequest(ext.relint);
    }),
    vscode.commands.registerCommand('onebotDoctor.restartServer', async () => {
      if (!client?.isRunning()) return rescan();
      await client.stop();
      client.clientOptions.initializationOptions = { locale: vscode.workspace.getConfiguration('onebotDoctor').get<string>('language', 'auto') };
      await client.start();
    }),
    vscode.commands.registerCommand('onebotDoctor.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('onebotDoctor.testConnection', (arg?: ProbeParams) => testConnection(arg)),
    vscode.commands.registerCommand(TEST_AGAIN, () => testConnection(last?.params, last !== undefined)),
    vscode.commands.registerCommand(APPLY_REPORT_FIX, async (report?: ProbeResult) => {
      const target = report ?? last?.report;
      const outcome = await applyReportFix(target, target !== undefined && target === last?.report);
      const again = msg('Test again');
      const show = outcome.applied ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      void show(outcome.message, ...outcome.buttons).then((c) => (c === again ? vscode.commands.executeCommand(TEST_AGAIN) : undefined));
      return outcome;
    }),
    vscode.commands.registerCommand('onebotDoctor.captureHandshake', (arg?: CaptureParams) => captureHandshake(arg)),
    vscode.commands.registerCommand('onebotDoctor.useCorrectedSchema', (quiet?: boolean) => useCorrectedSchema(context, quiet === true)),
    vscode.commands.registerCommand('onebotDoctor.fixAll', (quiet?: boolean) => fixAllCommand(() => client, quiet === true)),
    vscode.commands.registerCommand('onebotDoctor.openConfigs', () => openConfigs({ lagrange: found.lagrange, nonebotEnv: envFiles(found.nonebot) })),
    vscode.commands.registerCommand('onebotDoctor.getStarted', () => openWalkthrough(context)),
    vscode.languages.registerCodeActionsProvider(
      SERVER_DOCUMENTS.map((pattern) => ({ scheme: 'file', pattern })),
      new FixAllProvider(() => client),
      FixAllProvider.metadata,
    ),
  );

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('onebotDoctor.language')) {
        void vscode.commands.executeCommand('onebotDoctor.restartServer');
        void refreshSchemaReference(context);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void refreshSchemaReference(context)),
  );

  // Start only where a config is recognised; look again when a candidate file appears or changes.
  const watcher = vscode.workspace.createFileSystemWatcher(CANDIDATES);
  let timer: NodeJS.Timeout | undefined;
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void rescan(), 300);
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(later),
    watcher.onDidChange(later),
    watcher.onDidDelete(later),
    vscode.workspace.onDidChangeWorkspaceFolders(later),
    {
      dispose: () => timer && clearTimeout(timer),
    },
  );
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await rescan();
  void refreshSchemaReference(context);

  return {
    state: () => ({ serverRunning: client?.isRunning() ?? false, statusText: status.text, recognised: found }),
    rescan,
    onDidChangeState: status.onDidChange,
    linkMapRows: () => linkMap?.rows() ?? [],
    linkMap: () => linkMap?.current() ?? { places: [], endpoints: [], links: [] },
    onDidChangeLinkMap: linkMap.onDidUpdate,
    probeTargets: async () => ((await requireServer(true)) && client ? client.sendRequest(ext.probeTargets) : []),
  };
}

let scanning: Promise<void> = Promise.resolve();

/** Recognises the workspace's configs; starts the server when there are some and stops it when there are none. */
function rescan(): Promise<void> {
  scanning = scanning
    .catch(() => undefined)
    .then(async () => {
      try {
        found = await recognise();
      } catch {
        found = { lagrange: [], nonebot: [], others: [] };
      }
      if (!client) return;
      if (recognised(found) && !client.isRunning()) await client.start();
      else if (!recognised(found) && client.isRunning()) {
        await client.stop();
        status.update(undefined);
      }
      await linkMap?.setActive(client.isRunning());
    });
  return scanning;
}

function envFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of dirs) {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue; // removed since it was recognised
    }
    for (const name of entries
      .filter((e) => e.isFile() && /^\.env(?:\..+)?$/.test(e.name) && !ENV_TEMPLATE.test(e.name))
      .map((e) => e.name)
      .sort()) {
      out.push(path.join(d, name));
    }
  }
  return out;
}

/**
 * "OneBot: Test Connection". With an argument it runs without prompts and returns the report (for automation);
 * otherwise the user picks a target, watches a cancellable progress notification and reads the report. Either way the
 * report goes to the one report view (reportView.ts). `again`: "Test again" with the same params: no prompts, but the
 * notifications of an interactive run.
 */
async function testConnection(given?: ProbeParams, again = false): Promise<ProbeResult | undefined> {
  const arg = again ? undefined : given;
  if (!(await requireTrust(msg('OneBot: Test Connection'), arg !== undefined))) return undefined;
  if (!(await requireServer(arg !== undefined)) || !client) return undefined;
  let params: ProbeParams | undefined = given;
  if (!params) {
    const targets = await client.sendRequest(ext.probeTargets);
    const typeUrl = msg('Enter a URL…');
    const picked = await vscode.window.showQuickPick(
      [
        ...targets.map((t) => ({ label: t.label, description: t.url, detail: msg('token {0}', t.token), index: t.index })),
        { label: typeUrl, description: 'ws://host:port/onebot/v11/ws', index: -1 },
      ],
      { title: msg('OneBot: Test Connection'), placeHolder: msg('Which connection should be tested?') },
    );
    if (!picked) return undefined;
    if (picked.index >= 0) params = { targetIndex: picked.index };
    else {
      const url = await vscode.window.showInputBox({
        prompt: msg('WebSocket URL to dial as Lagrange does'),
        value: 'ws://127.0.0.1:8080/onebot/v11/ws',
        validateInput: (v) => (/^wss?:\/\/.+/.test(v) ? undefined : msg('A ws:// or wss:// URL')),
      });
      if (!url) return undefined;
      const token = await vscode.window.showInputBox({ prompt: msg('AccessToken to send (leave empty for none)'), password: true });
      params = { url, token: token ? token : null };
    }
  }
  const report = await requestWithProgress(msg('OneBot: testing the connection…'), ext.probe, params);
  last = { params, report };
  await reports.add(msg('OneBot: Test Connection'), report);
  if (arg) return report;
  // Not awaited: the command resolves with the report while the notification waits for the user.
  void offerNextStep(report, () => vscode.commands.executeCommand(TEST_AGAIN));
  return report;
}

/** The probe and the capture need the server; it runs only where a config was recognised. */
async function requireServer(quiet: boolean): Promise<boolean> {
  if (client?.isRunning()) return true;
  await rescan();
  if (client?.isRunning()) return true;
  const text = msg('No Lagrange config or NoneBot project was found in this workspace.');
  if (quiet) throw new Error(text);
  void vscode.window.showInformationMessage(text);
  return false;
}

/** A cancellable request to the server behind a progress notification (cancel → the server aborts the probe). */
function requestWithProgress<P>(title: string, type: RequestType<P, ProbeResult, void>, params: P): Thenable<ProbeResult> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, cancel) => {
    const source = new vscode.CancellationTokenSource();
    cancel.onCancellationRequested(() => source.cancel());
    return client!.sendRequest(type, params, source.token);
  });
}

/** "OneBot: Capture the Implementation's Handshake": listen where the bot would, then show who dialled and what it sent. */
async function captureHandshake(arg?: CaptureParams): Promise<ProbeResult | undefined> {
  if (!(await requireTrust(msg("OneBot: Capture the Implementation's Handshake"), arg !== undefined))) return undefined;
  if (!(await requireServer(arg !== undefined)) || !client) return undefined;
  const params: CaptureParams = arg ?? { timeoutMs: 30_000 };
  try {
    const report = await requestWithProgress(msg('OneBot: waiting for Lagrange to connect… (start or restart Lagrange now)'), ext.capture, params);
    await reports.add(msg("OneBot: Capture the Implementation's Handshake"), report);
    if (!arg) await offerNextStep(report, undefined);
    return report;
  } catch (e) {
    if (!arg) void vscode.window.showWarningMessage((e as Error).message);
    throw e;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
