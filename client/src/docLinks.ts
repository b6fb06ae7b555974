import * as vscode from 'vscode';
import { SERVER_SOURCE, SHOW_DOCUMENTATION_COMMAND } from '../../server/src/protocol/lspExt';

/**
 * The rule code of each diagnostic links to its documentation. The server's link names the rules page file (right for
 * any editor); in VS Code that opened the shipped page as an editable file, so the client points the link at the
 * "Show Rule Documentation" command instead: the rendered page, read-only, at the rule's heading (the Problems view
 * opens `command:` links).
 */
function documentationUri(code: string): vscode.Uri {
  return vscode.Uri.parse(`command:${SHOW_DOCUMENTATION_COMMAND}?${encodeURIComponent(JSON.stringify([code]))}`);
}

export function withDocumentationLinks(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  for (const d of diagnostics) {
    if (d.source !== SERVER_SOURCE || d.code === undefined) continue;
    const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
    d.code = { value: code, target: documentationUri(code) };
  }
  return diagnostics;
}
