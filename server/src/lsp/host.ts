import * as fs from 'node:fs';
import { URI } from 'vscode-uri';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileHost } from '../core/model';
import { nodeFileHost } from '../core/fs';

/**
 * The files as the server sees them: an open buffer always wins over the file on disk. A buffer's text is the one
 * its document holds for its current version (the same string until the next change), and a closed file's text is
 * kept until its size or modification time changes or a watcher reports it: reading a folder again costs a `stat`
 * per closed file, and the parse cache (keyed by text) then finds every unchanged file already parsed.
 */
export class WorkspaceFiles implements FileHost {
  private readonly disk = new Map<string, { size: number; mtimeMs: number; text: string | undefined }>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  readFile(path: string): string | undefined {
    const doc = this.documents.get(pathToUri(path));
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

  readDir(path: string): { name: string; isDirectory: boolean }[] | undefined {
    return nodeFileHost.readDir(path);
  }

  /** A watcher saw the file change on disk: read it again next time. */
  forget(path: string): void {
    this.disk.delete(path);
  }
}

export function uriToPath(uri: string): string | undefined {
  const u = URI.parse(uri);
  return u.scheme === 'file' ? u.fsPath : undefined;
}

export function pathToUri(path: string): string {
  return URI.file(path).toString();
}
