import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * The client's messages follow `onebotDoctor.language` like the server's diagnostics and reports: `auto` uses VS Code's
 * own l10n (its display language), `en` / `zh-cn` choose a bundle whatever VS Code's language is. Every message is an
 * English key of l10n/bundle.l10n.zh-cn.json (test/manifest.test.ts checks each one has a translation).
 */
let zhBundle: Record<string, string> | undefined;
let bundleFile = '';

export function initL10n(extensionPath: string): void {
  bundleFile = path.join(extensionPath, 'l10n', 'bundle.l10n.zh-cn.json');
  zhBundle = undefined;
}

/** The language the user reads: `onebotDoctor.language`, or VS Code's display language for `auto`. */
function uiLanguage(): string {
  const chosen = vscode.workspace.getConfiguration('onebotDoctor').get<string>('language', 'auto');
  return chosen === 'auto' ? vscode.env.language : chosen;
}

export function isChinese(): boolean {
  return uiLanguage().toLowerCase().startsWith('zh');
}

function format(text: string, args: (string | number)[]): string {
  return text.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

export function msg(message: string, ...args: (string | number)[]): string {
  const chosen = vscode.workspace.getConfiguration('onebotDoctor').get<string>('language', 'auto');
  if (chosen === 'auto') return vscode.l10n.t(message, ...args);
  if (!chosen.toLowerCase().startsWith('zh')) return format(message, args);
  if (!zhBundle) {
    try {
      zhBundle = JSON.parse(fs.readFileSync(bundleFile, 'utf8')) as Record<string, string>;
    } catch {
      zhBundle = {};
    }
  }
  return format(zhBundle[message] ?? message, args);
}

/** "1 problem" / "2 problems": the message for one and the message for any other count (`{0}` is the count). */
export function plural(n: number, one: string, other: string): string {
  return n === 1 ? msg(one, n) : msg(other, n);
}
