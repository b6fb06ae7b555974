import { CodeActionKind, TextDocumentEdit, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Finding, Lang, TextEdit as FileEdit } from '../core/model';
import { certainFixOf } from '../core/certainFixes';
import { pick, t } from '../core/l10n';
import { DISABLE_DIRECTIVE } from '../core/rules/engine';
import { LineIndex } from '../core/text/lineIndex';
import { maskUrlsIn } from '../core/text/secrets';
import { pathToUri } from './host';
import { SHOW_DOCUMENTATION_COMMAND, SERVER_SOURCE } from '../protocol/lspExt';

/** file → the version of its open document an analysis read; a file not in the map was read from disk. */
export type DocumentVersions = ReadonlyMap<string, number>;

/** Quick fixes built from the finding's machine-readable fixes, then "disable for this line" and "show documentation". */
export function codeActionsFor(
  diagnostic: Diagnostic,
  finding: Finding,
  lang: Lang,
  text: (file: string) => string | undefined,
  versions: DocumentVersions,
): CodeAction[] {
  // Preferred = certain: at most one per finding (the first the rule marks), and only a fix that edits something, so
  // that Shift+Alt+. (auto fix) applies exactly the one "Fix All" (core/certainFixes.ts) takes.
  const preferred = certainFixOf(finding);
  const actions: CodeAction[] = finding.fixes.map((fix) => ({
    title: maskUrlsIn(pick(fix.title, lang)),
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix === preferred,
    edit: toWorkspaceEdit(fix.edits, versions),
  }));
  const disable = disableEdit(finding, text);
  if (disable) {
    const title = t(`Disable ${finding.code} for this line`, `在此行禁用 ${finding.code}`);
    actions.push({
      title: pick(title, lang),
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: toWorkspaceEdit([{ file: finding.file, ...disable }], versions),
    });
  }
  const docs = t(`Show documentation for ${finding.code}`, `查看 ${finding.code} 的文档`);
  actions.push({
    title: pick(docs, lang),
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: pick(docs, lang), command: SHOW_DOCUMENTATION_COMMAND, arguments: [finding.code] },
  });
  return actions;
}

/**
 * Edits as `documentChanges`, each file's edits tagged with the version of its document the finding was computed on
 * (null for a file that was read from disk): the editor refuses an edit whose document changed since, instead of
 * applying it to text it was not made for.
 */
export function toWorkspaceEdit(edits: readonly FileEdit[], versions: DocumentVersions): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) {
    let list = byFile.get(e.file);
    if (!list) {
      list = [];
      byFile.set(e.file, list);
    }
    list.push({ range: e.range, newText: e.newText });
  }
  return {
    documentChanges: [...byFile].map(([file, list]) => TextDocumentEdit.create({ uri: pathToUri(file), version: versions.get(file) ?? null }, list)),
  };
}

/** Inserts the directive the engine honours above the finding's line, with the line's indentation. */
function disableEdit(finding: Finding, text: (file: string) => string | undefined): TextEdit | undefined {
  const body = text(finding.file);
  if (body === undefined) return undefined;
  const idx = new LineIndex(body);
  const line = finding.range.start.line;
  const indent = /^[ \t]*/.exec(idx.lineText(line))![0];
  const comment = /\.json$/i.test(finding.file) ? '//' : '#';
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}${comment} ${DISABLE_DIRECTIVE} ${finding.code}\n`,
  };
}

export function isOurs(d: Diagnostic): boolean {
  return d.source === SERVER_SOURCE;
}
