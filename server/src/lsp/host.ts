import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { URI } from 'vscode-uri';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileHost } from '../core/model';
import { nodeFileHost, type DiagnosingFileHost } from '../core/fs';

/**
 * The files as the server sees them: an open buffer always wins over the file on disk. A buffer's text is the one
 * its document holds for its current version (the same string until the next change), and a closed file's text is
 * kept until its size or modification time changes or a watcher reports it, and a folder's listing until its
 * modification time changes: reading a folder again costs a `stat` per closed file and folder, and the parse cache
 * (which compares texts) then finds every unchanged file already parsed.
 */
export class WorkspaceFiles implements DiagnosingFileHost {
  private readonly disk = new Map<string, { size: number; mtimeMs: number; text: string | undefined }>();
  private readonly dirs = new Map<string, { mtimeMs: number; entries: ReturnType<FileHost['readDir']> }>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  /** What this analysis already read: one analysis sees one state of each file, and stats it once. */
  private readonly round = new Map<string, string | undefined>();
  private readonly uris = new Map<string, string>();

  /** Starts an analysis: files are looked at again (once each). */
  newRound(): void {
    this.round.clear();
  }

  readFile(path: string): string | undefined {
    if (this.round.has(path)) return this.round.get(path);
    const text = this.read(path);
    this.round.set(path, text);
    return text;
  }

  private read(path: string): string | undefined {
    let uri = this.uris.get(path);
    if (uri === undefined) {
      uri = pathToUri(path);
      this.uris.set(path, uri);
    }
    const doc = this.documents.get(uri);
    if (doc) return doc.getText();
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(path);
    } catch {
      this.disk.delete(path);
      return undefined;
    }
    const hit = this.disk.get(path);
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.text;
    const text = nodeFileHost.readFile(path);
    this.disk.set(path, { size: st.size, mtimeMs: st.mtimeMs, text });
    return text;
  }

  /** A folder's entries, listed again when its modification time changes (an entry added, removed or renamed). */
  readDir(path: string): ReturnType<FileHost['readDir']> {
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(path).mtimeMs;
    } catch {
      this.dirs.delete(path);
      return undefined;
    }
    const hit = this.dirs.get(path);
    if (hit && hit.mtimeMs === mtimeMs) return hit.entries;
    const entries = nodeFileHost.readDir(path);
    this.dirs.set(path, { mtimeMs, entries });
    return entries;
  }

  /** Why a closed file on disk could not be read (buffers get the size cap in the core's per-file reader). */
  readIssue(path: string): ReturnType<NonNullable<DiagnosingFileHost['readIssue']>> {
    return this.documents.get(pathToUri(path)) ? undefined : nodeFileHost.readIssue?.(path);
  }

  realPath(path: string): string | undefined {
    return nodeFileHost.realPath?.(path);
  }

  /** A watcher saw the file change, appear or vanish on disk: read it and its folder again next time. */
  forget(file: string): void {
    this.round.delete(file);
    this.disk.delete(file);
    this.dirs.delete(dirname(file));
  }
}

export function uriToPath(uri: string): string | undefined {
  const u = URI.parse(uri);
  return u.scheme === 'file' ? u.fsPath : undefined;
}

export function pathToUri(path: string): string {
  return URI.file(path).toString();
}
