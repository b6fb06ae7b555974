import { URI } from 'vscode-uri';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeFileHost, type DiagnosingFileHost } from '../core/fs';

/**
 * A FileHost where an open, unsaved buffer always wins over the file on disk. Buffers get the disk's size cap in the
 * core's per-file reader (core/readSafely.ts); why a disk file was not read, and real folder paths, come from disk.
 */
export function overlayHost(documents: TextDocuments<TextDocument>): DiagnosingFileHost {
  return {
    readFile(path) {
      const doc = documents.get(URI.file(path).toString());
      return doc ? doc.getText() : nodeFileHost.readFile(path);
    },
    readIssue(path) {
      return documents.get(URI.file(path).toString()) ? undefined : nodeFileHost.readIssue?.(path);
    },
    readDir(path) {
      return nodeFileHost.readDir(path);
    },
    realPath(path) {
      return nodeFileHost.realPath?.(path);
    },
  };
}

export function uriToPath(uri: string): string | undefined {
  const u = URI.parse(uri);
  return u.scheme === 'file' ? u.fsPath : undefined;
}

export function pathToUri(path: string): string {
  return URI.file(path).toString();
}
