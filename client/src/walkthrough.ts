import * as vscode from 'vscode';
import { msg } from './l10n';

/** The walkthrough (package.json `contributes.walkthroughs`) and the commands its steps run. */
const WALKTHROUGH_ID = 'onebotDoctor.gettingStarted';

export function openWalkthrough(context: vscode.ExtensionContext): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
}

/** Opens the recognised configs side by side: Lagrange's on the left, NoneBot's `.env` files on the right. */
export async function openConfigs(files: { lagrange: string[]; nonebotEnv: string[] }): Promise<number> {
  const left = files.lagrange.slice(0, 1);
  const right = files.nonebotEnv.slice(0, 2);
  if (left.length + right.length === 0) {
    void vscode.window.showInformationMessage(msg('No Lagrange config or NoneBot project was found in this workspace.'));
    return 0;
  }
  for (const f of left) await vscode.window.showTextDocument(vscode.Uri.file(f), { viewColumn: vscode.ViewColumn.One, preview: false });
  for (const f of right)
    await vscode.window.showTextDocument(vscode.Uri.file(f), { viewColumn: left.length ? vscode.ViewColumn.Two : vscode.ViewColumn.One, preview: false });
  return left.length + right.length;
}
