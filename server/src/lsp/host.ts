import { URI } from 'vscode-uri';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileHost } from '../core/model';
import { nodeFileHost } from '../core/fs';

/** A FileHost where an open, unsaved buffer always wins over the file on disk. */
export function overlayHost(documents: TextDocuments<TextDocument>): FileHost {
  return {
    readFile(path) {
      const doc = documents.get(URI.file(path).toString());
      return doc ? doc.getText() : nodeFileHost.readFile(path);
    },
    readDir(path) {
      return nodeFileHost.readDir(path);
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
