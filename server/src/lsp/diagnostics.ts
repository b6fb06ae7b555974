import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Lang } from '../core/model';
import { pick } from '../core/l10n';
import { maskUrlsIn } from '../core/text/secrets';
import { pathToUri } from './host';
import { SERVER_SOURCE } from '../protocol/lspExt';

/**
 * The rules page shipped with the extension (`docs/rules.md` beside `dist/`): codeDescription links to each rule's
 * anchor there, so the documentation opens offline, in the version that produced the diagnostic.
 */
const RULES_DOC = path.resolve(__dirname, '..', 'docs', 'rules.md');

/** Line of each rule's heading in the shipped page: VS Code opens `file:` links at `#L<line>`, not at `#anchor`. */
let headingLines: Map<string, number> | undefined;
function headingLine(code: string): number | undefined {
  if (!headingLines) {
    headingLines = new Map();
    try {
      fs.readFileSync(RULES_DOC, 'utf8')
        .split('\n')
        .forEach((l, i) => {
          const m = /^### ([a-z0-9-]+)$/.exec(l);
          if (m) headingLines!.set(m[1], i + 1);
        });
    } catch {
      // not shipped (a development build): fall back to the page's top
    }
  }
  return headingLines.get(code);
}

function docsUri(code: string): string {
  const line = headingLine(code);
  return `${pathToUri(RULES_DOC)}${line ? `#L${line}` : ''}`;
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
    // every URL in a message masked: a net under the rules' own masking (masking twice is a no-op)
    message: maskUrlsIn(pick(f.message, lang)),
    relatedInformation: f.related.map((r) => ({
      location: { uri: pathToUri(r.file), range: r.range },
      message: maskUrlsIn(pick(r.message, lang)),
    })),
    ...(tags.length ? { tags } : {}),
    data: { index },
  };
}
