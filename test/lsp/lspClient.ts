/**
 * Drives the language server as an editor would: dist/server.js over real stdio (the default), or a DoctorServer in
 * this process over in-memory streams (several can run side by side). Waits for notifications, never sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  ConfigurationRequest,
  createMessageConnection,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  UnregistrationRequest,
  StreamMessageWriter,
  type ConfigurationParams,
  type Diagnostic,
  type MessageConnection,
  type Registration,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { DoctorServer } from '../../server/src/lsp/doctorServer';
import * as ext from '../../server/src/protocol/lspExt';

export const uri = (p: string) => URI.file(path.resolve(p)).toString();

export class LspClient {
  readonly proc?: ChildProcess;
  readonly server?: DoctorServer;
  readonly conn: MessageConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** uri → how many times diagnostics were published for it. */
  readonly publishes = new Map<string, number>();
  readonly logs: string[] = [];
  /** What `workspace/configuration` answers for `onebotDoctor`, unless folderSettings has the item's scopeUri. */
  settings: Record<string, unknown> = { rules: {}, run: 'onType', debounceMs: 20, exclude: [] };
  /** Per workspace folder (by URI): the folder's `onebotDoctor` settings. */
  readonly folderSettings = new Map<string, Record<string, unknown>>();
  /** Every configuration item the server asked for. */
  readonly configurationAsked: ConfigurationParams['items'] = [];
  /** The server's dynamic registrations in force (`client/registerCapability` minus `client/unregisterCapability`). */
  readonly registrations = new Map<string, Registration>();
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  private versions = new Map<string, number>();
  status: ext.StatusParams | undefined;
  /** How many analyses the server has finished (one status notification each). */
  statusCount = 0;

  constructor(opts: { inProcess?: boolean } = {}) {
    if (opts.inProcess) {
      const toServer = new PassThrough();
      const toClient = new PassThrough();
      this.server = new DoctorServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
      this.server.listen();
      this.conn = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    } else {
      this.proc = spawn(process.execPath, [path.resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    }
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publishes.set(p.uri, (this.publishes.get(p.uri) ?? 0) + 1);
      this.poke();
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => this.logs.push(p.message));
    this.conn.onNotification(ext.status, (p) => {
      this.status = p;
      this.statusCount++;
      this.poke();
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationAsked.push(...p.items);
      return p.items.map((i) => (i.scopeUri && this.folderSettings.get(i.scopeUri)) || this.settings);
    });
    this.conn.onRequest(RegistrationRequest.type, (p) => {
      for (const r of p.registrations) this.registrations.set(r.id, r);
      this.poke();
    });
    this.conn.onRequest(UnregistrationRequest.type, (p) => {
      for (const r of p.unregisterations) this.registrations.delete(r.id);
      this.poke();
    });
    this.conn.listen();
  }

  private poke() {
    this.waiters = this.waiters.filter((w) => {
      if (w.check()) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  /** Resolves when the condition holds (checked now and after every notification). */
  until(check: () => boolean, what = 'condition'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; logs:\n${this.logs.slice(-5).join('\n')}`)), 15_000);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  codes(file: string): string[] {
    return (this.diagnostics.get(uri(file)) ?? []).map((d) => String(d.code)).sort();
  }

  /** initialize + initialized, with one workspace folder per root (the first is also the rootUri). */
  async start(root: string | string[], locale = 'en', initializationOptions?: object): Promise<void> {
    const roots = Array.isArray(root) ? root : [root];
    await this.conn.sendRequest('initialize', {
      // In process: no parent to watch (the library's watchdog would keep this process alive).
      processId: this.server ? null : process.pid,
      rootUri: uri(roots[0]),
      locale,
      initializationOptions,
      workspaceFolders: roots.map((r) => ({ uri: uri(r), name: path.basename(r) })),
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
        },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
    });
    await this.conn.sendNotification('initialized', {});
  }

  open(file: string, text: string, languageId = 'plaintext'): void {
    this.versions.set(uri(file), 1);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId, version: 1, text } });
  }

  change(file: string, text: string): void {
    const v = (this.versions.get(uri(file)) ?? 1) + 1;
    this.versions.set(uri(file), v);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version: v }, contentChanges: [{ text }] });
  }

  close(file: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
  }

  /** The document version last sent for the file. */
  version(file: string): number | undefined {
    return this.versions.get(uri(file));
  }

  async stop(): Promise<void> {
    if (this.server) {
      // In process: shut down, but never send `exit` (the library ends the process on it).
      await this.conn.sendRequest('shutdown').catch(() => undefined);
      this.conn.dispose();
      this.server.dispose();
      return;
    }
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    if (this.proc!.exitCode === null) await new Promise((r) => this.proc!.once('exit', r));
  }
}

/** Applies LSP text edits to a text (edits must not overlap). */
function applyEdits(
  text: string,
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[],
): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let i = 0; i < p.line && i < lines.length; i++) o += lines[i].length + 1;
    return Math.min(o + p.character, text.length);
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/**
 * Applies a workspace edit's documentChanges as VS Code does: all or nothing, and refused when a change names a
 * document version other than the document's current one (version null: whatever the file holds now).
 */
export function applyWorkspaceEdit(edit: WorkspaceEdit, current: (uri: string) => { text: string; version: number | null }): Map<string, string> | 'refused' {
  const out = new Map<string, string>();
  for (const change of edit.documentChanges ?? []) {
    if (!('textDocument' in change)) return 'refused';
    const doc = current(change.textDocument.uri);
    if (change.textDocument.version !== null && change.textDocument.version !== doc.version) return 'refused';
    out.set(change.textDocument.uri, applyEdits(out.get(change.textDocument.uri) ?? doc.text, change.edits as TextEdit[]));
  }
  return out;
}
