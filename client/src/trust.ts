import * as vscode from 'vscode';
import { msg } from './l10n';

/**
 * Workspace trust (package.json `capabilities.untrustedWorkspaces: limited`): reading and checking the configuration
 * works in Restricted Mode; opening network connections (Test Connection, Capture) and writing the user's settings
 * (the corrected schema) need trust.
 */
export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/**
 * Says why an action is unavailable in Restricted Mode and offers to manage trust. Returns true when trusted.
 * With `quiet` (a call from automation) it throws the same sentence instead of showing it.
 */
export async function requireTrust(action: string, quiet = false): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const text = msg('{0} needs a trusted workspace: in Restricted Mode OneBot Link Doctor only reads and checks the configuration.', action);
  if (quiet) throw new Error(text);
  const manage = msg('Manage Workspace Trust');
  if ((await vscode.window.showWarningMessage(text, manage)) === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
