import * as path from 'node:path';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Lang } from '../core/model';
import { pick } from '../core/l10n';
import { pathToUri } from './host';
import { SERVER_SOURCE } from './protocol';

/**
 * The rules page shipped with the extension (`docs/rules.md` beside `dist/`): codeDescription links to each rule's
 * anchor there, so the documentation opens offline, in the version that produced the diagnostic.
 */
export const RULES_DOC = path.resolve(__dirname, '..', 'docs', 'rules.md');

export function docsUri(code: string): string {
  return `${pathToUri(RULES_DOC)}#${code}`;
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A finding as an LSP diagnostic; `data.index` points back at the finding for code actions. */
export function toDiagnostic(f: Finding, lang: Lang, index: number): Diagnostic {
  const tags: DiagnosticTag[] = [];
  if (f.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  if (f.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: docsUri(f.code) },
    source: SERVER_SOURCE,
    message: pick(f.message, lang),
    relatedInformation: f.related.map((r) => ({
      location: { uri: pathToUri(r.file), range: r.range },
      message: pick(r.message, lang),
    })),
    ...(tags.length ? { tags } : {}),
    data: { index },
  };
}
