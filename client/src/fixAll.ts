import * as vscode from 'vscode';
import { SERVER_SOURCE } from '../../server/src/protocol/lspExt';
import { msg, plural } from './l10n';

/**
 * Fix All: every finding whose fix is certain has exactly one preferred quick fix (server/src/lsp/codeActions.ts);
 * this collects those fixes over the whole workspace into one edit. Offered as the source action
 * `source.fixAll.onebot-doctor` (Source Action…, `editor.codeActionsOnSave`) and as the command
 * "OneBot: Fix All Certain Problems". Two fixes that touch overlapping text are never both applied (the second waits
 * for the next run, after the server has re-read the files); the same fix published on two files is applied once.
 * The quick fixes come from the language server through VS Code's own code action request, so the server needs no
 * request of its own for this.
 */
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('onebot-doctor');

/** Overlapping text, or two insertions at the same place (their order would be a guess). Touching ends are fine. */
function conflict(a: vscode.Range, b: vscode.Range): boolean {
  const i = a.intersection(b);
  if (!i) return false;
  return !i.isEmpty || (a.isEmpty && b.isEmpty);
}

interface Candidate {
  parts: { uri: vscode.Uri; e: vscode.TextEdit }[];
  /** Edits only the file the diagnostic is on. */
  local: boolean;
}

async function collectCertainFixes(token?: vscode.CancellationToken): Promise<{ edit: vscode.WorkspaceEdit; count: number }> {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const [uri, all] of vscode.languages.getDiagnostics()) {
    for (const d of all.filter((x) => x.source === SERVER_SOURCE)) {
      if (token?.isCancellationRequested) break;
      // VS Code's command returns the actions without their diagnostics: every preferred fix offered for the
      // diagnostic's range counts (each belongs to a finding there; the server marks one per certain finding).
      // The command needs the document loaded (the server also publishes on closed files: .env.dev, bot.py…).
      let actions: vscode.CodeAction[] = [];
      try {
        await vscode.workspace.openTextDocument(uri);
        actions =
          (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ??
          [];
      } catch {
        continue; // deleted or unreadable since it was published
      }
      for (const fix of actions.filter((a) => a.isPreferred && a.edit)) {
        const parts = fix.edit!.entries().flatMap(([u, edits]) => edits.map((e) => ({ uri: u, e })));
        if (parts.length === 0) continue;
        const key = JSON.stringify(
          parts.map(({ uri: u, e }) => [u.toString(), e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText]),
        );
        if (seen.has(key)) continue; // the same fix, offered on both files of a link
        seen.add(key);
        candidates.push({ parts, local: parts.every((p) => p.uri.toString() === uri.toString()) });
      }
    }
  }
  // Fixes that edit their own file first. A fix that edits another file (e.g. "add ONEBOT_ACCESS_TOKEN to .env.prod"
  // from appsettings.json) waits when that file is already being edited: the two could fix the same cause twice (a
  // rename of the misspelt key there, plus a second copy of the key). The next run, on the re-read files, decides.
  candidates.sort((a, b) => Number(b.local) - Number(a.local));
  const edit = new vscode.WorkspaceEdit();
  const taken = new Map<string, vscode.Range[]>();
  let count = 0;
  for (const c of candidates) {
    const clash = c.parts.some(({ uri: u, e }) => {
      const ranges = taken.get(u.toString());
      return ranges !== undefined && (!c.local || ranges.some((r) => conflict(r, e.range)));
    });
    if (clash) continue;
    for (const { uri: u, e } of c.parts) {
      edit.replace(u, e.range, e.newText);
      taken.set(u.toString(), [...(taken.get(u.toString()) ?? []), e.range]);
    }
    count++;
  }
  return { edit, count };
}

export class FixAllProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [FIX_ALL_KIND] };

  async provideCodeActions(
    _doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (context.only && !FIX_ALL_KIND.intersects(context.only)) return [];
    const { edit, count } = await collectCertainFixes(token);
    if (count === 0) return [];
    const action = new vscode.CodeAction(plural(count, 'Fix 1 certain OneBot problem', 'Fix {0} certain OneBot problems'), FIX_ALL_KIND);
    action.edit = edit;
    return [action];
  }
}

/** "OneBot: Fix All Certain Problems": applies the edit and says how many fixes it made. Returns the count. */
export async function fixAllCommand(quiet = false): Promise<number> {
  const { edit, count } = await collectCertainFixes();
  if (count > 0) await vscode.workspace.applyEdit(edit);
  if (!quiet) void vscode.window.showInformationMessage(count === 0 ? msg('No certain fix to apply.') : plural(count, 'Applied 1 fix.', 'Applied {0} fixes.'));
  return count;
}
