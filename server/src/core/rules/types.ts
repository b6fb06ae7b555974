import type { Finding, Fix, Localized, RelatedInfo, Range, Severity, WorkspaceModel } from '../model';

/** The rule's entry in docs/rules.md (generated from these fields by `npm run docs`). English. */
export interface RuleDoc {
  /** One sentence: what it checks. */
  checks: string;
  /** Why it matters: the fact it encodes, in the user's terms. */
  why: string;
  /** Where the fact comes from: source paths, issue numbers (reference documents in shared/reference). */
  sources: string[];
  /** A minimal example that fires, as config text (file name on the first line as a comment). */
  example: string;
  /** What to do about it. */
  fix: string;
}

export interface Report {
  file: string;
  range: Range;
  message: Localized;
  related?: RelatedInfo[];
  fixes?: Fix[];
  tags?: Finding['tags'];
}

export interface RuleContext {
  readonly model: WorkspaceModel;
  report(r: Report): void;
  /** The current text of a file (open buffer or disk), for fixes that must know the text around a value. */
  text(file: string): string | undefined;
}

export interface Rule {
  /** Stable code; never rename without adding the old one to `aliases`. */
  code: string;
  aliases?: string[];
  defaultSeverity: Severity;
  /** Which files it reads: both sides of a link, or one side only. */
  scope: 'cross' | 'lagrange' | 'nonebot';
  /** Short title for settings and docs. */
  title: Localized;
  doc: RuleDoc;
  check(ctx: RuleContext): void;
}
