import * as vscode from 'vscode';
import type { ProbeResult } from '../../server/src/protocol/lspExt';
import { isChinese, msg } from './l10n';
import { programToRestart, type Program } from './restart';

/**
 * The reports of "Test Connection" and "Capture Handshake" in ONE read-only virtual document (`onebot-report:`),
 * reused for every run: the newest run first, the last few below it. A content provider's document is never dirty,
 * so closing it asks nothing and no "Untitled" editor piles up. After a report: the quick fix that removes its cause
 * (the rule `action.ruleCode` on `action.file`), "Test again" with the same target once a fix is applied, and which
 * program must restart before the change reaches the live link.
 */
export const REPORT_SCHEME = 'onebot-report';
/** How many runs the view keeps (the newest included). */
const REPORT_HISTORY = 5;

interface Run {
  n: number;
  at: Date;
  title: string;
  verdict: string;
  text: string;
}

export class ReportView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private runs: Run[] = [];
  private count = 0;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** One fixed address: the tab is found again and reused. */
  readonly uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: '/OneBot Link Doctor.log' });

  provideTextDocumentContent(): string {
    if (this.runs.length === 0) return msg('No connection test has run yet.');
    const head = (r: Run) => `${r.at.toLocaleTimeString()} · ${r.title} · #${r.n} · ${r.verdict}`;
    const [latest, ...earlier] = this.runs;
    const parts = [`== ${msg('Latest run')}: ${head(latest)} ==`, '', latest.text.trimEnd(), ''];
    if (earlier.length > 0) {
      parts.push(`== ${msg('Earlier runs (newest first)')} ==`, '');
      for (const r of earlier) parts.push(`-- ${head(r)} --`, '', r.text.trimEnd(), '');
    }
    return parts.join('\n');
  }

  /** Adds a run at the top and shows the view (its existing tab when there is one); resolves once it reads the run. */
  async add(title: string, report: ProbeResult): Promise<void> {
    this.count++;
    this.runs = [{ n: this.count, at: new Date(), title, verdict: report.verdict, text: report.text + restartLine(report) }, ...this.runs].slice(
      0,
      REPORT_HISTORY,
    );
    const loaded = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
    if (loaded) {
      // The document updates when VS Code asks for the content again (possibly in several edits): wait until it
      // reads the new content (or the view is closed).
      const want = this.provideTextDocumentContent();
      const same = () => loaded.getText().replace(/\r\n/g, '\n') === want;
      const updated = new Promise<void>((resolve) => {
        const subs = [
          vscode.workspace.onDidChangeTextDocument((e) => e.document === loaded && same() && done()),
          vscode.workspace.onDidCloseTextDocument((d) => d === loaded && done()),
        ];
        // A guard, not a synchronisation: a model VS Code dropped without telling yet would otherwise never update.
        // VS Code computes the update in its editor worker, which can take seconds to start on a loaded machine.
        const guard = setTimeout(() => done(), 20_000);
        const done = () => {
          clearTimeout(guard);
          for (const s of subs) s.dispose();
          resolve();
        };
      });
      this.changed.fire(this.uri);
      await updated;
    }
    const doc = await vscode.workspace.openTextDocument(this.uri);
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === this.uri.toString());
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false, viewColumn: tab?.group.viewColumn ?? vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** "Restart NoneBot so that it reads the change." after a report whose fix is in a file a running program loaded. */
function restartLine(report: ProbeResult): string {
  if (report.verdict === 'ok' || !report.action) return '';
  const program = programToRestart(report);
  return program ? `\n${msg('After the fix, restart {0} so that it reads the changed file.', program)}\n` : '';
}

/** The preferred quick fix of the rule `action.ruleCode` on the report's config line, if the server offers one. */
async function quickFixFor(report: ProbeResult): Promise<vscode.CodeAction | undefined> {
  const action = report.action;
  if (!action?.ruleCode) return undefined;
  try {
    const uri = vscode.Uri.file(action.file);
    // The server offers a file's fixes for the version it analysed: a file opened now is analysed again first.
    const wasOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    const republished = wasOpen ? Promise.resolve() : nextDiagnostics(uri);
    await vscode.workspace.openTextDocument(uri);
    await republished;
    const r = action.range;
    const line = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
    const found = vscode.languages.getDiagnostics(uri).filter((d) => code(d) === action.ruleCode);
    const diagnostic = found.find((d) => d.range.intersection(line)) ?? found[0];
    const actions = await codeActions(uri, diagnostic?.range ?? line);
    // The rule's fixes: not "Disable CODE for this line" (its edit writes the onebot-doctor-disable comment).
    const disables = (a: vscode.CodeAction) => a.edit!.entries().some(([, edits]) => edits.some((e) => e.newText.includes('onebot-doctor-disable')));
    const fixes = actions.filter((a) => a.edit && !disables(a));
    const ofRule = fixes.filter((a) => a.diagnostics?.some((d) => code(d) === action.ruleCode));
    // VS Code's command may return the actions without their diagnostics: then those at the rule's diagnostic, the
    // preferred one first (the server lists a finding's fixes in the rule's order).
    return ofRule.find((a) => a.isPreferred) ?? ofRule[0] ?? (diagnostic ? (fixes.find((a) => a.isPreferred) ?? fixes[0]) : undefined);
  } catch {
    return undefined; // the file went away since the probe
  }
}

/** Resolves when the diagnostics of `uri` are published again (bounded: a file whose findings do not change may publish nothing new). */
function nextDiagnostics(uri: vscode.Uri): Promise<void> {
  return new Promise<void>((resolve) => {
    const guard = setTimeout(() => done(), 10_000);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((u) => u.toString() === uri.toString()) && done());
    const done = () => {
      clearTimeout(guard);
      sub.dispose();
      resolve();
    };
  });
}

/**
 * The quick fixes at `range`. VS Code cancels a code-action request when its document changes state meanwhile
 * (opening the file for the fix re-lints it): ask again once the file's diagnostics are published again.
 */
async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 0; ; attempt++) {
    const republished = nextDiagnostics(uri);
    try {
      return (
        (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? []
      );
    } catch (e) {
      if (attempt >= 4 || !/Canceled/i.test(String(e))) throw e;
      await republished;
    }
  }
}

/** Applies the fix and saves what it touched (the programs read the files on disk). */
async function applyFix(fix: vscode.CodeAction): Promise<boolean> {
  if (!fix.edit || !(await vscode.workspace.applyEdit(fix.edit))) return false;
  for (const [uri] of fix.edit.entries()) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();
  }
  return true;
}

/** What applying a report's fix did, and what the editor offers next (the "Apply the fix" button and the command). */
export interface FixOutcome {
  applied: boolean;
  /** The quick fix's title. */
  fix?: string;
  /** The program that must restart before the change reaches the live link. */
  restart?: Program;
  /** The follow-up message shown, and its buttons ("Test again" when the report's target can be tested again). */
  message: string;
  buttons: string[];
}

/**
 * Applies the quick fix that removes the report's cause and saves what it touched; says which program must restart
 * and offers "Test again" (`canRerun`). The command `onebotDoctor.applyReportFix` and the report's "Apply the fix"
 * button both run this.
 */
export async function applyReportFix(report: ProbeResult | undefined, canRerun: boolean): Promise<FixOutcome> {
  if (!report) return { applied: false, message: msg('No connection test has run yet.'), buttons: [] };
  const fix = report.verdict === 'ok' ? undefined : await quickFixFor(report);
  if (!fix) return { applied: false, message: msg('The report of {0} offers no quick fix.', report.verdict), buttons: [] };
  if (!(await applyFix(fix))) return { applied: false, fix: fix.title, message: msg('The fix could not be applied.'), buttons: [] };
  const program = programToRestart(report);
  const message = program ? msg('Fix applied and saved. Restart {0} so that it reads the change, then test again.', program) : msg('Fix applied and saved.');
  return { applied: true, fix: fix.title, ...(program ? { restart: program } : {}), message, buttons: canRerun ? [msg('Test again')] : [] };
}

/**
 * The notification after a report: the verdict's cause; "Apply the fix" when a quick fix removes it (it runs the
 * command `onebotDoctor.applyReportFix` with this report); "Open the config line" when the verdict is not ok; then,
 * after a fix, "Test again" with the same target (`rerun`).
 */
export async function offerNextStep(report: ProbeResult, rerun: (() => Thenable<unknown>) | undefined): Promise<void> {
  const ok = report.verdict === 'ok';
  const cause = isChinese() ? report.cause.zh : report.cause.en;
  const message = `${report.verdict}: ${cause}`;
  if (ok) {
    void vscode.window.showInformationMessage(message);
    return;
  }
  pending?.dispose();
  pending = undefined;
  const fix = await quickFixFor(report);
  const apply = msg('Apply the fix');
  const open = msg('Open the config line');
  const buttons = [...(fix ? [apply] : []), ...(report.action ? [open] : [])];
  const choice = await vscode.window.showWarningMessage(message, ...buttons);
  if (choice === apply && fix) {
    await vscode.commands.executeCommand(APPLY_REPORT_FIX, report);
  } else if (choice === open && report.action) {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(report.action.file));
    const r = report.action.range;
    editor.selection = new vscode.Selection(r.start.line, r.start.character, r.end.line, r.end.character);
    editor.revealRange(editor.selection);
    await vscode.commands.executeCommand('editor.action.quickFix');
    if (rerun && report.action.ruleCode) offerWhenFixed(report.action.file, report.action.ruleCode, rerun);
  }
}

/** The command behind "Apply the fix" (argument: the report; default the latest "Test Connection" report). */
export const APPLY_REPORT_FIX = 'onebotDoctor.applyReportFix';
/** The command behind "Test again": the latest "Test Connection" target, without prompts. */
export const TEST_AGAIN = 'onebotDoctor.testAgain';

/** The one pending "Test again" offer after "Open the config line" (replaced by the next report). */
let pending: vscode.Disposable | undefined;

/** Once the rule's finding leaves the file (a quick fix or a hand edit), offers "Test again" with the same target. */
function offerWhenFixed(file: string, ruleCode: string, rerun: () => Thenable<unknown>): void {
  pending?.dispose();
  const uri = vscode.Uri.file(file);
  const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
  const sub = vscode.languages.onDidChangeDiagnostics((e) => {
    if (!e.uris.some((u) => u.toString() === uri.toString())) return;
    if (vscode.languages.getDiagnostics(uri).some((d) => code(d) === ruleCode)) return;
    sub.dispose();
    pending = undefined;
    const program = programToRestart({
      action: { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      target: { kind: 'url', url: '', token: '', selfId: '', label: '' },
    });
    const again = msg('Test again');
    const text = program
      ? msg('The cause is fixed in the file. Save it, restart {0}, then test again.', program)
      : msg('The cause is fixed in the file. Save it, then test again.');
    void vscode.window.showInformationMessage(text, again).then((c) => (c === again ? rerun() : undefined));
  });
  pending = sub;
}
