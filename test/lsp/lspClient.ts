/** Drives dist/server.js over real stdio with vscode-jsonrpc, as an editor would. Waits for notifications, never sleeps. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { URI } from 'vscode-uri';

export const uri = (p: string) => URI.file(path.resolve(p)).toString();

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly logs: string[] = [];
  settings: Record<string, unknown> = { rules: {}, run: 'onType', debounceMs: 20, exclude: [] };
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  private versions = new Map<string, number>();
  status: unknown;
  /** How many analyses the server has finished (one status notification each). */
  statusCount = 0;

  constructor() {
    this.proc = spawn(process.execPath, [path.resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.poke();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.conn.onNotification('onebotDoctor/status', (p: unknown) => {
      this.status = p;
      this.statusCount++;
      this.poke();
    });
    this.conn.onRequest('workspace/configuration', () => [this.settings]);
    this.conn.onRequest('client/registerCapability', () => null);
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
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  codes(file: string): string[] {
    return (this.diagnostics.get(uri(file)) ?? []).map((d) => String(d.code)).sort();
  }

  async start(root: string, locale = 'en', initializationOptions?: object): Promise<void> {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri(root),
      locale,
      initializationOptions,
      workspaceFolders: [{ uri: uri(root), name: path.basename(root) }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
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

  async stop(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) await new Promise((r) => this.proc.once('exit', r));
  }
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
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
