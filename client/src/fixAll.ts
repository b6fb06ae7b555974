import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import * as ext from '../../server/src/protocol/lspExt';
import { msg, plural } from './l10n';

/**
 * Fix All: every finding whose fix is certain has exactly one preferred quick fix; the language server gathers those
 * fixes over the whole workspace into one edit (`onebotDoctor/fixAll`, server/src/core/certainFixes.ts: the same fix
 * reported on both files of a link taken once, clashing fixes left for the next run). Offered as the source action
 * `source.fixAll.onebot-doctor` (Source Action…, `editor.codeActionsOnSave`) and as the command
 * "OneBot: Fix All Certain Problems".
 *
 * One request, answered from what the server has published: nothing is opened or re-read while the editor waits, so
 * no diagnostics change under it (a change of the active file's diagnostics makes the editor re-request its code
 * actions and drop the one the user invoked).
 */
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('onebot-doctor');

type Client = () => LanguageClient | undefined;

async function collectCertainFixes(client: Client, token?: vscode.CancellationToken): Promise<{ edit: vscode.WorkspaceEdit; count: number }> {
  const c = client();
  if (!c?.isRunning()) return { edit: new vscode.WorkspaceEdit(), count: 0 };
  const result = await c.sendRequest(ext.fixAll, token);
  if (token?.isCancellationRequested || result.count === 0) return { edit: new vscode.WorkspaceEdit(), count: 0 };
  return { edit: await c.protocol2CodeConverter.asWorkspaceEdit(result.edit, token), count: result.count };
}

export class FixAllProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [FIX_ALL_KIND] };

  constructor(private readonly client: Client) {}

  async provideCodeActions(
    _doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (context.only && !FIX_ALL_KIND.intersects(context.only)) return [];
    const { edit, count } = await collectCertainFixes(this.client, token);
    if (count === 0) return [];
    const action = new vscode.CodeAction(plural(count, 'Fix 1 certain OneBot problem', 'Fix {0} certain OneBot problems'), FIX_ALL_KIND);
    action.edit = edit;
    return [action];
  }
}

/** "OneBot: Fix All Certain Problems": applies the edit and says how many fixes it made. Returns the count. */
export async function fixAllCommand(client: Client, quiet = false): Promise<number> {
  const { edit, count } = await collectCertainFixes(client);
  if (count > 0) await vscode.workspace.applyEdit(edit);
  if (!quiet) void vscode.window.showInformationMessage(count === 0 ? msg('No certain fix to apply.') : plural(count, 'Applied 1 fix.', 'Applied {0} fixes.'));
  return count;
}
