/**
 * Go to Definition, Find References and code lenses between the two sides of a link: thin LSP glue over
 * core/link/counterparts.
 */
import type { CodeLens, Location as LspLocation } from 'vscode-languageserver/node';
import type { AnalysisResult } from '../core/analyze';
import { pick } from '../core/l10n';
import { definitionsAt, linkLenses, referencesAt } from '../core/link/counterparts';
import type { Lang, Location, Position } from '../core/model';
import { maskUrlsIn } from '../core/text/secrets';
import { pathToUri } from './host';

type Read = (file: string) => string | undefined;

const toLsp = (l: Location): LspLocation => ({ uri: pathToUri(l.file), range: l.range });

/** The other side's places of what is at the position, over every folder's analysis that has some. */
export function definitionFor(results: AnalysisResult[], file: string, pos: Position, read: Read): LspLocation[] {
  for (const r of results) {
    const found = definitionsAt(r.model, file, pos, read);
    if (found.length) return found.map(toLsp);
  }
  return [];
}

/** Both sides' places of what is at the position. */
export function referencesFor(results: AnalysisResult[], file: string, pos: Position, includeDeclaration: boolean, read: Read): LspLocation[] {
  for (const r of results) {
    const found = referencesAt(r.model, file, pos, includeDeclaration, read);
    if (found.length) return found.map(toLsp);
  }
  return [];
}

/** One lens per link side in this file (a lens without a command: it only says). */
export function codeLensesFor(results: AnalysisResult[], file: string, lang: Lang, read: Read): CodeLens[] {
  const seen = new Set<string>();
  const out: CodeLens[] = [];
  for (const r of results) {
    for (const lens of linkLenses(r.model, r.findings, read)) {
      if (lens.at.file !== file) continue;
      const title = maskUrlsIn(pick(lens.title, lang));
      const key = `${lens.at.range.start.line}:${title}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const line = lens.at.range.start.line;
      out.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command: { title, command: '' } });
    }
  }
  return out;
}
