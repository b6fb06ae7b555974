import * as path from 'node:path';
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type Disposable,
  type FileSystemWatcher,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { discover, isRelevantFile, SKIPPED_DIRS, type AnalysisResult, type Discovery } from '../core/analyze';
import { ParseCache } from '../core/cache';
import { certainFixes } from '../core/certainFixes';
import type { Finding, Lang } from '../core/model';
import { langFromLocale, maskToken } from '../core/l10n';
import { captureHandshake, formatReport, probeTargets, redactReport, runProbe, PortBusyError, type ProbeTarget } from '../core/probe';
import { maskUrl, maskUrlsIn } from '../core/text/secrets';
import { composeWatchFiles } from '../core/compose/placement';
import { captureVantage } from '../core/compose/where';
import { ANALYSIS_BUDGET_MS } from './budget';
import { WorkspaceFiles, pathToUri, uriToPath } from './host';
import { toDiagnostic } from './diagnostics';
import { codeActionsFor, isOurs, toWorkspaceEdit, type DocumentVersions } from './codeActions';
import { hoverAt } from './hover';
import { completeAt } from './completion';
import { codeLensesFor, definitionFor, referencesFor } from './navigation';
import { IncrementalAnalysis } from './incremental';
import { mergedLinkMap, probeRecord, type ProbeMemory } from './linkMap';
import * as ext from '../protocol/lspExt';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, type DoctorSettings, type StatusParams } from '../protocol/lspExt';

/** What the server holds for one workspace folder. */
interface Folder {
  /** The folder's path and its URI (the `scopeUri` its settings are asked with). */
  path: string;
  uri: string;
  /** `onebotDoctor.*` as it applies to this folder. */
  settings: DoctorSettings;
  /** Which files and folders matter. Walked again only when files appear or vanish, or settings change. */
  discovery?: Discovery;
  /** The last analysis, and the versions of the open documents it read (closed files: not in the map). */
  result?: AnalysisResult;
  versions: DocumentVersions;
  /** Reuses the rules' findings that an edit cannot have changed. */
  analysis: IncrementalAnalysis;
  /** A lint waiting for the folder's debounce (or, when immediate, for nothing: typing does not postpone it). */
  timer?: NodeJS.Timeout;
  immediate?: boolean;
  /** Files of its compose projects that the usual names miss (env_file, Dockerfile, COMPOSE_FILE…): watched too. */
  composeFiles?: Set<string>;
}

/** The findings published for one document, each with the document versions its analysis read. */
interface Published {
  findings: Finding[];
  versions: DocumentVersions[];
}

/**
 * The language server: thin LSP glue over the domain core, with everything it holds in one object whose lifetime is
 * the connection's (two can run in one process). Each workspace folder is analysed as a whole (discover → read →
 * link → rules) with its own settings; an edit re-analyses only the folders that contain the file, after that
 * folder's debounce, reading open buffers before the disk and re-parsing only the files whose text changed.
 * Diagnostics go to every file a finding names, open or closed.
 */
export class DoctorServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly files: WorkspaceFiles;
  private readonly parses = new ParseCache();
  private readonly folders = new Map<string, Folder>();
  /** uri → what is published there (index = diagnostic.data.index). */
  private readonly published = new Map<string, Published>();
  /** uri → the diagnostics last sent for it, as JSON: an analysis that finds the same sends nothing again. */
  private readonly sent = new Map<string, string>();
  private lang: Lang = 'en';
  private canPullConfiguration = false;
  private hasFolderEvents = false;
  /** The client asks again for code lenses when told (their problem counts follow each analysis). */
  private canRefreshLenses = false;
  /** The client watches files for the server when asked (`workspace/didChangeWatchedFiles`, relative patterns). */
  private canWatch = false;
  /** The compose files watched now (sorted, joined) and the registration that watches them. */
  private watched = '';
  private watching?: Promise<Disposable | undefined>;
  /** The last probe verdict of each link (link map). */
  private readonly probes: ProbeMemory = new Map();
  /** After `shutdown`: requests are refused, notifications ignored, nothing is linted. */
  private shutDown = false;

  constructor(private readonly connection: Connection) {
    this.files = new WorkspaceFiles(this.documents);
    this.register();
    this.documents.listen(connection);
  }

  /** Starts reading the connection. */
  listen(): void {
    this.connection.listen();
  }

  /** Ends the server's timers and the connection (in-process use; a spawned server ends with `exit`). */
  dispose(): void {
    this.shutDown = true;
    for (const f of this.folders.values()) if (f.timer) clearTimeout(f.timer);
    this.connection.dispose();
  }

  private register(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => void this.initialized());
    c.onShutdown(() => {
      this.shutDown = true;
      for (const f of this.folders.values()) if (f.timer) clearTimeout(f.timer);
    });
    c.onDidChangeConfiguration(async (change) => {
      if (this.shutDown) return;
      if (this.canPullConfiguration) await this.loadSettings([...this.folders.values()]);
      else {
        const pushed = normalizeSettings((change.settings as { onebotDoctor?: unknown } | undefined)?.onebotDoctor);
        for (const f of this.folders.values()) f.settings = pushed;
      }
      for (const f of this.folders.values()) f.discovery = undefined; // the exclude globs may have changed
      this.lintNow([...this.folders.values()]);
    });

    this.documents.onDidOpen((e) => {
      const file = uriToPath(e.document.uri);
      if (!file || this.shutDown) return;
      // A file opened before it exists on disk (a new, unsaved .env) is not in the folder's list yet.
      for (const f of this.foldersOf(file)) {
        const d = f.discovery;
        if (
          d &&
          !d.lagrangeFiles.includes(file) &&
          !d.nonebotDirs.includes(path.dirname(file)) &&
          !d.koishiFiles.includes(file) &&
          !d.implFiles.some((x) => x.file === file) &&
          !(d.composeDirs ?? []).includes(path.dirname(file))
        )
          f.discovery = undefined;
      }
      this.schedule(file, true);
    });
    this.documents.onDidChangeContent((e) => {
      const file = uriToPath(e.document.uri);
      if (file) this.schedule(file, false, 'change');
    });
    this.documents.onDidSave((e) => {
      const file = uriToPath(e.document.uri);
      if (file) this.schedule(file, true);
    });
    this.documents.onDidClose((e) => {
      // The disk version counts again.
      const file = uriToPath(e.document.uri);
      if (file) this.schedule(file, true);
    });
    c.onDidChangeWatchedFiles((e) => {
      for (const change of e.changes) {
        const file = uriToPath(change.uri);
        if (!file) continue;
        this.files.forget(file);
        // Created or deleted (not just changed): the folder's file list is stale.
        if (change.type !== FileChangeType.Changed) for (const f of this.foldersOf(file)) f.discovery = undefined;
        if (change.type === FileChangeType.Deleted) this.parses.forget(file);
        this.schedule(file);
      }
    });

    c.onRequest(
      ext.relint,
      this.guard(() => {
        this.lintNow([...this.folders.values()]);
        return null;
      }),
    );
    c.onRequest(
      ext.probeTargets,
      this.guard(() =>
        this.allTargets().map((t, index) => ({ index, label: maskUrlsIn(t.label), url: maskUrl(t.url), token: maskToken(t.token), kind: t.kind })),
      ),
    );
    c.onRequest(
      ext.probe,
      this.guard((params, token) => this.probe(params, token)),
    );
    c.onRequest(
      ext.capture,
      this.guard((params, token) => this.capture(params, token)),
    );
    c.onRequest(
      ext.linkMap,
      this.guard((params) => {
        const folders = [...this.folders.values()].filter((f) => !params?.folderUri || f.uri === params.folderUri || f.path === uriToPath(params.folderUri));
        return mergedLinkMap(
          folders.flatMap((f) => (f.result ? [f.result] : [])),
          this.allTargets(),
          this.probes,
          this.lang,
          (file) => this.files.readFile(file),
        );
      }),
    );
    c.onCodeAction(
      this.guard((params) => {
        const file = uriToPath(params.textDocument.uri);
        if (!file) return [];
        // A lint is waiting for its debounce: run it now, so that fixes are made for the text the user sees.
        const waiting = this.foldersOf(file).filter((f) => f.timer);
        if (waiting.length) this.lintNow(waiting);
        const published = this.published.get(params.textDocument.uri);
        if (!published) return [];
        const { findings, versions } = published;
        return params.context.diagnostics.filter(isOurs).flatMap((d) => {
          const index = (d.data as { index?: number } | undefined)?.index;
          const i =
            index !== undefined && findings[index]?.code === d.code
              ? index
              : findings.findIndex(
                  (f) => f.code === d.code && f.range.start.line === d.range.start.line && f.range.start.character === d.range.start.character,
                );
          if (i < 0) return [];
          const finding = findings[i];
          // A file it edits was typed in since the analysis (in an `onSave` folder): its edits would land on other
          // text. Only the documentation is offered until the next analysis.
          if (this.typedInSince(finding, versions[i])) {
            return codeActionsFor(d, { ...finding, fixes: [] }, this.lang, () => undefined, versions[i]);
          }
          return codeActionsFor(d, finding, this.lang, (f) => this.files.readFile(f), versions[i]);
        });
      }),
    );
    c.onRequest(
      ext.fixAll,
      this.guard((): ext.FixAllResult => {
        const waiting = [...this.folders.values()].filter((f) => f.timer);
        if (waiting.length) this.lintNow(waiting);
        const current = [...this.published.values()].flatMap(({ findings, versions }) => findings.filter((f, i) => !this.typedInSince(f, versions[i])));
        const { edits, fixed, deferred } = certainFixes(current);
        const versions = new Map(
          [...new Set(edits.map((e) => e.file))].flatMap((f) => {
            const v = this.documents.get(pathToUri(f))?.version;
            return v === undefined ? [] : [[f, v] as const];
          }),
        );
        return { edit: toWorkspaceEdit(edits, versions), count: fixed.length, deferred: deferred.length };
      }),
    );
    c.onHover(
      this.guard((params) => {
        const file = uriToPath(params.textDocument.uri);
        if (!file) return null;
        for (const f of this.foldersOf(file)) {
          const h =
            f.result &&
            hoverAt(f.result.model, file, params.position, this.lang, this.documents.get(params.textDocument.uri)?.getText() ?? this.files.readFile(file));
          if (h) return h;
        }
        return null;
      }),
    );
    c.onCompletion(
      this.guard((params) => {
        const file = uriToPath(params.textDocument.uri);
        const doc = this.documents.get(params.textDocument.uri);
        if (!file || !doc) return [];
        const model = this.foldersOf(file)
          .map((f) => f.result?.model)
          .find(Boolean);
        try {
          return completeAt(doc.getText(), file, params.position, model, this.lang);
        } catch (e) {
          c.console.error(maskUrlsIn(`completion failed: ${String(e)}`));
          return [];
        }
      }),
    );
    // Between the two sides of a link (navigation.ts).
    const results = (file: string) => this.foldersOf(file).flatMap((f) => (f.result ? [f.result] : []));
    const read = (file: string) => this.files.readFile(file);
    c.onDefinition(
      this.guard((params) => {
        const file = uriToPath(params.textDocument.uri);
        return file ? definitionFor(results(file), file, params.position, read) : [];
      }),
    );
    c.onReferences(
      this.guard((params) => {
        const file = uriToPath(params.textDocument.uri);
        return file ? referencesFor(results(file), file, params.position, params.context.includeDeclaration, read) : [];
      }),
    );
    c.onCodeLens(
      this.guard((params) => {
        const file = uriToPath(params.textDocument.uri);
        return file ? codeLensesFor(results(file), file, this.lang, read) : [];
      }),
    );
    // Any other method: not found, or (after shutdown) refused like every request.
    c.onRequest((method) => {
      if (this.shutDown) throw refused();
      throw new ResponseError(ErrorCodes.MethodNotFound, `unhandled method ${method}`);
    });
  }

  /** A request handler that refuses to run after `shutdown`, as the LSP specification asks. */
  private guard<P extends unknown[], R>(handler: (...args: P) => R): (...args: P) => R {
    return (...args: P) => {
      if (this.shutDown) throw refused();
      return handler(...args);
    };
  }

  private initialize(params: InitializeParams): InitializeResult {
    // `onebotDoctor.language` (sent as initializationOptions.locale) wins over VS Code's display language.
    const chosen = (params.initializationOptions as { locale?: string } | undefined)?.locale;
    this.lang = langFromLocale(chosen && chosen !== 'auto' ? chosen : params.locale);
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    for (const uri of folders) this.addFolder(uri);
    this.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    this.hasFolderEvents = params.capabilities.workspace?.workspaceFolders === true;
    this.canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    const watch = params.capabilities.workspace?.didChangeWatchedFiles;
    this.canWatch = watch?.dynamicRegistration === true && watch.relativePatternSupport === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        codeLensProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: ['"', '=', '~'] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'onebot-link-doctor' },
    };
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    if (this.canPullConfiguration) void c.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    if (this.hasFolderEvents) {
      c.workspace.onDidChangeWorkspaceFolders(async (e) => {
        for (const r of e.removed) {
          const p = uriToPath(r.uri);
          const f = p ? this.folders.get(p) : undefined;
          if (!f) continue;
          if (f.timer) clearTimeout(f.timer);
          this.folders.delete(f.path);
          this.parses.forget(f.path);
        }
        const added = e.added.map((a) => this.addFolder(a.uri)).filter((f): f is Folder => !!f);
        await this.loadSettings(added);
        this.lintNow([...this.folders.values()]);
      });
    }
    await this.loadSettings([...this.folders.values()]);
    this.lintNow([...this.folders.values()]);
  }

  private addFolder(uri: string): Folder | undefined {
    const p = uriToPath(uri);
    if (!p || this.folders.has(p)) return undefined;
    const folder: Folder = { path: p, uri, settings: DEFAULT_SETTINGS, versions: new Map(), analysis: new IncrementalAnalysis(this.parses) };
    this.folders.set(p, folder);
    return folder;
  }

  /** Asks the client for each folder's settings, in one request (a `scopeUri` per folder). */
  private async loadSettings(which: Folder[]): Promise<void> {
    if (!this.canPullConfiguration || which.length === 0) return;
    try {
      const answers: unknown[] = await this.connection.workspace.getConfiguration(which.map((f) => ({ scopeUri: f.uri, section: SETTINGS_SECTION })));
      which.forEach((f, i) => {
        f.settings = normalizeSettings(answers[i]);
      });
    } catch (e) {
      this.connection.console.warn(`reading settings failed: ${String(e)}`);
    }
  }

  /** The folders a file belongs to (a nested folder and its parent both own the file). */
  private foldersOf(file: string): Folder[] {
    return [...this.folders.values()].filter((f) => {
      const rel = path.relative(f.path, file);
      return !rel.startsWith('..') && !path.isAbsolute(rel);
    });
  }

  /** Inside a skipped folder (node_modules, .venv…) of the workspace folder: only the part below the folder counts. */
  private skipped(file: string, folder: Folder): boolean {
    return path
      .relative(folder.path, path.dirname(file))
      .split(path.sep)
      .some((seg) => SKIPPED_DIRS.has(seg));
  }

  /** Lints the folders of a file after each one's debounce (at once when immediate). Typing is ignored in `onSave` folders. */
  private schedule(file: string, immediate = false, cause?: 'change'): void {
    if (this.shutDown || (!isRelevantFile(file) && !this.isComposeFile(file))) return;
    // A compose project can read an env_file outside the workspace folder (`../shared.env`): its folder re-lints too.
    const owners = new Set([...this.foldersOf(file), ...[...this.folders.values()].filter((f) => f.composeFiles?.has(file))]);
    for (const f of owners) {
      if (this.skipped(file, f) || (cause === 'change' && f.settings.run === 'onSave')) continue;
      if (f.timer && f.immediate) continue; // it reads the latest text anyway
      if (f.timer) clearTimeout(f.timer);
      f.immediate = immediate;
      f.timer = setTimeout(() => this.lintNow([f]), immediate ? 0 : f.settings.debounceMs);
    }
  }

  private lintNow(which: Folder[]): void {
    if (this.shutDown) return;
    const c = this.connection;
    for (const f of which) {
      if (f.timer) clearTimeout(f.timer);
      f.timer = undefined;
      try {
        const t0 = performance.now();
        this.files.newRound();
        const { exclude, rules } = f.settings;
        const composeFiles = f.settings.composeFiles.map((x) => path.resolve(f.path, x));
        f.discovery ??= discover([f.path], this.files, { exclude });
        // The analysis is synchronous: the documents it reads are those open now, at these versions.
        f.versions = new Map(
          this.documents.all().flatMap((d) => {
            const p = uriToPath(d.uri);
            return p ? [[p, d.version] as const] : [];
          }),
        );
        f.result = f.analysis.analyze([f.path], this.files, {
          severities: rules,
          exclude,
          composeFiles,
          discovery: f.discovery,
          deadline: performance.now() + ANALYSIS_BUDGET_MS,
        });
        f.composeFiles = new Set(composeWatchFiles(f.result.model.compose));
        for (const x of f.result.failures) c.console.error(maskUrlsIn(`rule ${x.code} failed and was skipped: ${x.error}`));
        c.console.log(
          `analysed ${f.path} in ${(performance.now() - t0).toFixed(2)} ms: ${f.result.findings.length} findings, ${f.result.model.links.length} links; ${f.analysis.ran} rules run, ${f.analysis.reused} reused`,
        );
      } catch (e) {
        c.console.error(maskUrlsIn(`analysis of ${f.path} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
      }
    }
    this.publishAll();
    this.watchComposeFiles();
  }

  private isComposeFile(file: string): boolean {
    return [...this.folders.values()].some((f) => f.composeFiles?.has(file));
  }

  /**
   * Asks the client to watch the files of the compose projects found (only those: a workspace without a compose
   * project asks nothing), each as its folder + name, and replaces the request when the list changes.
   */
  private watchComposeFiles(): void {
    if (!this.canWatch || this.shutDown) return;
    const files = [...new Set([...this.folders.values()].flatMap((f) => [...(f.composeFiles ?? [])]))].sort();
    const key = files.join('\n');
    if (key === this.watched) return;
    this.watched = key;
    const previous = this.watching;
    const watchers: FileSystemWatcher[] = files.map((f) => ({ globPattern: { baseUri: pathToUri(path.dirname(f)), pattern: globEscape(path.basename(f)) } }));
    const c = this.connection;
    this.watching = (async () => {
      const old = await previous;
      old?.dispose();
      return watchers.length ? await c.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined) : undefined;
    })();
  }

  /** A file the finding or its fixes touch was typed in since the analysis that made it (an `onSave` folder). */
  private typedInSince(finding: Finding, versions: DocumentVersions): boolean {
    const files = [finding.file, ...finding.fixes.flatMap((x) => x.edits.map((e) => e.file))];
    return files.some((f) => (versions.get(f) ?? null) !== (this.documents.get(pathToUri(f))?.version ?? null));
  }

  private publishAll(): void {
    const byUri = new Map<string, Published>();
    const results = [...this.folders.values()].flatMap((f) => (f.result ? [f] : []));
    for (const folder of results) {
      for (const finding of folder.result!.findings) {
        const uri = pathToUri(finding.file);
        let p = byUri.get(uri);
        if (!p) {
          p = { findings: [], versions: [] };
          byUri.set(uri, p);
        }
        p.findings.push(finding);
        p.versions.push(folder.versions);
      }
    }
    for (const [uri, p] of byUri) {
      const diagnostics: Diagnostic[] = p.findings.map((f, i) => toDiagnostic(f, this.lang, i));
      this.published.set(uri, p);
      // Unchanged diagnostics are not sent again: every publish is a marker change in the editor, which re-runs its
      // code action requests and cancels one the user invoked (Source Action… → Fix All) while it was being answered.
      const json = JSON.stringify(diagnostics);
      if (this.sent.get(uri) === json) continue;
      this.sent.set(uri, json);
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of [...this.published.keys()]) {
      if (!byUri.has(uri)) {
        this.published.delete(uri);
        this.sent.delete(uri);
        void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    }
    const all = [...byUri.values()].flatMap((p) => p.findings);
    const models = results.map((f) => f.result!.model);
    const status: StatusParams = {
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity === 'warning').length,
      infos: all.filter((f) => f.severity === 'information' || f.severity === 'hint').length,
      links: models.reduce((n, m) => n + m.links.length, 0),
      lagrangeConfigs: models.reduce((n, m) => n + m.lagrange.length, 0),
      nonebotProjects: models.reduce((n, m) => n + m.nonebot.length, 0),
    };
    void this.connection.sendNotification(ext.status, status);
    void this.connection.sendNotification(ext.linkMapChanged);
    if (this.canRefreshLenses) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  private allTargets(): ProbeTarget[] {
    return [...this.folders.values()].flatMap((f) => (f.result ? probeTargets(f.result.model) : []));
  }

  /** The live probe runs here, where the link model is; the client cancels it through the request's token. */
  private async probe(params: ext.ProbeParams, token: CancellationToken): Promise<ext.ProbeResult> {
    const targets = this.allTargets();
    let target: ProbeTarget | undefined;
    if (params.url) {
      const linked = targets.find((t) => t.url === params.url);
      target = {
        kind: linked?.kind ?? 'url',
        url: params.url,
        token: params.token ?? linked?.token ?? null,
        label: linked?.label ?? params.url,
        link: linked?.link,
      };
    } else target = targets[params.targetIndex ?? 0];
    if (!target) throw new ResponseError(ErrorCodes.InvalidParams, 'no probe target: give a URL, or open a workspace with a Lagrange ReverseWebSocket entry');
    if (params.selfId) target = { ...target, selfId: params.selfId };
    const ctl = new AbortController();
    token.onCancellationRequested(() => ctl.abort());
    const report = await runProbe(target, { timeoutMs: params.timeoutMs, signal: ctl.signal, useAccountUin: params.useAccountUin });
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'probe cancelled');
    const shown = redactReport(report);
    this.connection.console.log(`probe ${shown.target.url}: ${shown.verdict} in ${shown.totalMs} ms`);
    if (probeRecord(this.probes, target, report.verdict)) void this.connection.sendNotification(ext.linkMapChanged);
    return { ...shown, text: formatReport(shown, this.lang) };
  }

  private async capture(params: ext.CaptureParams, token: CancellationToken): Promise<ext.ProbeResult> {
    const links = [...this.folders.values()].flatMap((f) => (f.result ? f.result.model.links.map((link) => ({ link, model: f.result!.model })) : []));
    const found = links.find(({ link: l }) => l.kind === 'reverse-ws' && (params.port === undefined || l.fw.port === params.port));
    const link = found?.link;
    const host = params.host ?? link?.fw.host ?? '127.0.0.1';
    const port = params.port ?? link?.fw.port ?? 8080;
    const ctl = new AbortController();
    token.onCancellationRequested(() => ctl.abort());
    try {
      const vantage = found ? captureVantage(found.model, found.link, host) : [];
      const report = await captureHandshake({ host, port, timeoutMs: params.timeoutMs, signal: ctl.signal, link, vantage });
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'capture cancelled');
      const shown = redactReport(report);
      return { ...shown, text: formatReport(shown, this.lang) };
    } catch (e) {
      if (e instanceof PortBusyError) {
        throw new ResponseError(
          LSPErrorCodes.RequestFailed,
          this.lang === 'zh'
            ? `${host}:${port} 已被占用（NoneBot 可能正在运行）：请改用“测试连接”。`
            : `${host}:${port} is in use (NoneBot may be running): use "Test Connection" instead.`,
        );
      }
      throw e;
    }
  }
}

function refused(): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidRequest, 'the server is shutting down');
}

/** `onebotDoctor.*` as the client sent it, with every missing or malformed value replaced by its default. */
function normalizeSettings(raw: unknown): DoctorSettings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof DoctorSettings, unknown>>;
  const rules = s.rules && typeof s.rules === 'object' && !Array.isArray(s.rules) ? (s.rules as DoctorSettings['rules']) : DEFAULT_SETTINGS.rules;
  const run = s.run === 'onSave' || s.run === 'onType' ? s.run : DEFAULT_SETTINGS.run;
  const debounceMs = typeof s.debounceMs === 'number' && Number.isFinite(s.debounceMs) && s.debounceMs >= 0 ? s.debounceMs : DEFAULT_SETTINGS.debounceMs;
  const exclude = Array.isArray(s.exclude) ? s.exclude.filter((x): x is string => typeof x === 'string') : DEFAULT_SETTINGS.exclude;
  const composeFiles = Array.isArray(s.composeFiles)
    ? s.composeFiles.filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    : DEFAULT_SETTINGS.composeFiles;
  return { rules, run, debounceMs, exclude, composeFiles };
}

/** A file name as a glob that matches only itself (`[`, `*`, `?`, `{` and `}` taken literally). */
function globEscape(name: string): string {
  return name.replace(/[[\]*?{}]/g, (ch) => `[${ch}]`);
}
