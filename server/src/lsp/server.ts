import * as path from 'node:path';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  ResponseError,
  LSPErrorCodes,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, discover, isRelevantFile, SKIPPED_DIRS, type AnalysisResult, type Discovery } from '../core/analyze';
import type { Finding, Lang } from '../core/model';
import { langFromLocale } from '../core/l10n';
import { overlayHost, pathToUri, uriToPath } from './host';
import { toDiagnostic } from './diagnostics';
import { codeActionsFor, isOurs } from './codeActions';
import { hoverAt } from './hover';
import { completeAt } from './completion';
import {
  DEFAULT_SETTINGS,
  CAPTURE_REQUEST,
  PROBE_REQUEST,
  PROBE_TARGETS_REQUEST,
  type CaptureParams,
  RELINT_REQUEST,
  STATUS_NOTIFICATION,
  type DoctorSettings,
  type ProbeParams,
  type ProbeTargetInfo,
  type StatusParams,
} from './protocol';
import { captureHandshake, formatReport, probeTargets, runProbe, PortBusyError, type ProbeTarget } from '../core/probe';
import { maskToken } from '../core/l10n';

/**
 * The language server: thin LSP glue over the domain core. Each workspace folder is analysed as a whole
 * (discover → read → link → rules); an edit re-analyses only the folders that contain the file, after a debounce,
 * reading open buffers before the disk. Diagnostics go to every file a finding names, open or closed.
 */
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const host = overlayHost(documents);

let lang: Lang = 'en';
let roots: string[] = [];
let settings: DoctorSettings = DEFAULT_SETTINGS;
let canPullConfiguration = false;
let hasFolderEvents = false;
const results = new Map<string, AnalysisResult>();
/** Per folder: which files and folders matter. Walked again only when files appear or vanish, or settings change. */
const discoveries = new Map<string, Discovery>();
/** uri → the findings published there (index = diagnostic.data.index). */
const published = new Map<string, Finding[]>();
const pending = new Set<string>();
let timer: NodeJS.Timeout | undefined;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  // `onebotDoctor.language` (sent as initializationOptions.locale) wins over VS Code's display language.
  const chosen = (params.initializationOptions as { locale?: string } | undefined)?.locale;
  lang = langFromLocale(chosen && chosen !== 'auto' ? chosen : params.locale);
  const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
  const rootPath = params.rootUri ? uriToPath(params.rootUri) : undefined;
  roots = folders.length ? folders : rootPath ? [rootPath] : [];
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  hasFolderEvents = params.capabilities.workspace?.workspaceFolders === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', '=', '~'] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'onebot-link-doctor' },
  };
});

connection.onInitialized(async () => {
  if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
  if (hasFolderEvents) connection.workspace.onDidChangeWorkspaceFolders((e) => {
    for (const r of e.removed) {
      const p = uriToPath(r.uri);
      if (p) {
        roots = roots.filter((x) => x !== p);
        results.delete(p);
        discoveries.delete(p);
      }
    }
    for (const a of e.added) {
      const p = uriToPath(a.uri);
      if (p && !roots.includes(p)) roots.push(p);
    }
    lintNow(roots);
  });
  await loadSettings();
  lintNow(roots);
});

async function loadSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  try {
    const [s] = await connection.workspace.getConfiguration([{ section: 'onebotDoctor' }]);
    settings = { ...DEFAULT_SETTINGS, ...(s ?? {}) };
    if (typeof settings.debounceMs !== 'number' || settings.debounceMs < 0) settings.debounceMs = DEFAULT_SETTINGS.debounceMs;
  } catch (e) {
    connection.console.warn(`reading settings failed: ${String(e)}`);
  }
}

connection.onDidChangeConfiguration(async (change) => {
  if (canPullConfiguration) await loadSettings();
  else if (change.settings?.onebotDoctor) settings = { ...DEFAULT_SETTINGS, ...change.settings.onebotDoctor };
  discoveries.clear(); // the exclude globs may have changed
  lintNow(roots);
});

/** The folders a file belongs to (the deepest first); files outside every folder get their own folder's parent. */
function rootsOf(file: string): string[] {
  const owners = roots.filter((r) => !path.relative(r, file).startsWith('..') && !path.isAbsolute(path.relative(r, file)));
  return owners.length ? owners : [];
}

/** Inside a skipped folder (node_modules, .venv…) of the workspace folder: only the part below the folder counts. */
function isIgnored(file: string): boolean {
  return rootsOf(file).every((r) => path.relative(r, path.dirname(file)).split(path.sep).some((seg) => SKIPPED_DIRS.has(seg)));
}

function schedule(file: string, immediate = false): void {
  if (!isRelevantFile(file) || isIgnored(file)) return;
  for (const r of rootsOf(file)) pending.add(r);
  if (timer) clearTimeout(timer);
  timer = setTimeout(flush, immediate ? 0 : settings.debounceMs);
}

function flush(): void {
  timer = undefined;
  const todo = [...pending];
  pending.clear();
  lintNow(todo);
}

function lintNow(which: string[]): void {
  for (const root of which) {
    try {
      const t0 = performance.now();
      let discovery = discoveries.get(root);
      if (!discovery) discoveries.set(root, (discovery = discover([root], host, { exclude: settings.exclude })));
      const r = analyze([root], host, { severities: settings.rules, exclude: settings.exclude, discovery });
      results.set(root, r);
      for (const f of r.failures) connection.console.error(`rule ${f.code} failed and was skipped: ${f.error}`);
      connection.console.log(`analysed ${root} in ${(performance.now() - t0).toFixed(1)} ms: ${r.findings.length} findings, ${r.model.links.length} links`);
    } catch (e) {
      connection.console.error(`analysis of ${root} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
  publishAll();
}

function publishAll(): void {
  const byUri = new Map<string, Finding[]>();
  for (const r of results.values()) {
    for (const f of r.findings) {
      const uri = pathToUri(f.file);
      const list = byUri.get(uri) ?? [];
      if (!byUri.has(uri)) byUri.set(uri, list);
      list.push(f);
    }
  }
  for (const [uri, findings] of byUri) {
    const diagnostics: Diagnostic[] = findings.map((f, i) => toDiagnostic(f, lang, i));
    published.set(uri, findings);
    void connection.sendDiagnostics({ uri, diagnostics });
  }
  for (const uri of [...published.keys()]) {
    if (!byUri.has(uri)) {
      published.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }
  const all = [...byUri.values()].flat();
  const status: StatusParams = {
    errors: all.filter((f) => f.severity === 'error').length,
    warnings: all.filter((f) => f.severity === 'warning').length,
    infos: all.filter((f) => f.severity === 'information' || f.severity === 'hint').length,
    links: [...results.values()].reduce((n, r) => n + r.model.links.length, 0),
    lagrangeConfigs: [...results.values()].reduce((n, r) => n + r.model.lagrange.length, 0),
    nonebotProjects: [...results.values()].reduce((n, r) => n + r.model.nonebot.length, 0),
  };
  void connection.sendNotification(STATUS_NOTIFICATION, status);
}

documents.onDidOpen((e) => {
  const file = uriToPath(e.document.uri);
  if (!file) return;
  // A file opened before it exists on disk (a new, unsaved .env) is not in the folder's list yet.
  for (const r of rootsOf(file)) {
    const d = discoveries.get(r);
    if (d && !d.lagrangeFiles.includes(file) && !d.nonebotDirs.includes(path.dirname(file)) && !d.koishiFiles.includes(file) && !d.implFiles.some((x) => x.file === file)) discoveries.delete(r);
  }
  schedule(file, true);
});
documents.onDidChangeContent((e) => {
  if (settings.run === 'onSave') return;
  const file = uriToPath(e.document.uri);
  if (file) schedule(file);
});
documents.onDidSave((e) => {
  const file = uriToPath(e.document.uri);
  if (file) schedule(file, true);
});
documents.onDidClose((e) => {
  // The disk version counts again.
  const file = uriToPath(e.document.uri);
  if (file) schedule(file, true);
});
connection.onDidChangeWatchedFiles((e) => {
  for (const c of e.changes) {
    const file = uriToPath(c.uri);
    if (!file) continue;
    // Created or deleted (not just changed): the folder's file list is stale.
    if (c.type !== 2) for (const r of rootsOf(file)) discoveries.delete(r);
    schedule(file);
  }
});

connection.onRequest(RELINT_REQUEST, () => {
  lintNow(roots);
  return null;
});

function allTargets(): ProbeTarget[] {
  return [...results.values()].flatMap((r) => probeTargets(r.model));
}

connection.onRequest(PROBE_TARGETS_REQUEST, (): ProbeTargetInfo[] =>
  allTargets().map((t, index) => ({ index, label: t.label, url: t.url, token: maskToken(t.token), kind: t.kind })),
);

/** The live probe runs here, where the link model is; the client cancels it through the request's token. */
connection.onRequest(PROBE_REQUEST, async (params: ProbeParams, token) => {
  const targets = allTargets();
  let target: ProbeTarget | undefined;
  if (params.url) {
    const linked = targets.find((t) => t.url === params.url);
    target = { kind: linked?.kind ?? 'url', url: params.url, token: params.token ?? linked?.token ?? null, label: linked?.label ?? params.url, link: linked?.link };
  } else target = targets[params.targetIndex ?? 0];
  if (!target) throw new Error('no probe target: give a URL, or open a workspace with a Lagrange ReverseWebSocket entry');
  if (params.selfId) target = { ...target, selfId: params.selfId };
  const ctl = new AbortController();
  token.onCancellationRequested(() => ctl.abort());
  const report = await runProbe(target, { timeoutMs: params.timeoutMs, signal: ctl.signal, useAccountUin: params.useAccountUin });
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'probe cancelled');
  connection.console.log(`probe ${report.target.url}: ${report.verdict} in ${report.totalMs} ms`);
  return { ...report, text: formatReport(report, lang) };
});

connection.onRequest(CAPTURE_REQUEST, async (params: CaptureParams, token) => {
  const link = [...results.values()].flatMap((r) => r.model.links).find((l) => l.kind === 'reverse-ws' && (params.port === undefined || l.fw.port === params.port));
  const host = params.host ?? link?.fw.host ?? '127.0.0.1';
  const port = params.port ?? link?.fw.port ?? 8080;
  const ctl = new AbortController();
  token.onCancellationRequested(() => ctl.abort());
  try {
    const report = await captureHandshake({ host, port, timeoutMs: params.timeoutMs, signal: ctl.signal, link });
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'capture cancelled');
    return { ...report, text: formatReport(report, lang) };
  } catch (e) {
    if (e instanceof PortBusyError) throw new ResponseError(1, lang === 'zh' ? `${host}:${port} 已被占用（NoneBot 可能正在运行）：请改用“测试连接”。` : `${host}:${port} is in use (NoneBot may be running): use "Test Connection" instead.`);
    throw e;
  }
});

connection.onCodeAction((params) => {
  const file = uriToPath(params.textDocument.uri);
  const findings = published.get(params.textDocument.uri);
  if (!file || !findings) return [];
  return params.context.diagnostics.filter(isOurs).flatMap((d) => {
    const index = (d.data as { index?: number } | undefined)?.index;
    const finding =
      index !== undefined && findings[index]?.code === d.code
        ? findings[index]
        : findings.find((f) => f.code === d.code && f.range.start.line === d.range.start.line && f.range.start.character === d.range.start.character);
    return finding ? codeActionsFor(d, finding, lang, (f) => host.readFile(f)) : [];
  });
});

connection.onHover((params) => {
  const file = uriToPath(params.textDocument.uri);
  if (!file) return null;
  for (const root of rootsOf(file)) {
    const r = results.get(root);
    const h = r && hoverAt(r.model, file, params.position, lang);
    if (h) return h;
  }
  return null;
});

connection.onCompletion((params) => {
  const file = uriToPath(params.textDocument.uri);
  const doc = documents.get(params.textDocument.uri);
  if (!file || !doc) return [];
  const model = rootsOf(file).map((r) => results.get(r)?.model).find(Boolean);
  try {
    return completeAt(doc.getText(), file, params.position, model, lang);
  } catch (e) {
    connection.console.error(`completion failed: ${String(e)}`);
    return [];
  }
});

process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));

documents.listen(connection);
connection.listen();
