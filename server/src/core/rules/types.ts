import type {
  Finding,
  Fix,
  ImplConfig,
  KoishiConfig,
  LagrangeConfig,
  Link,
  Localized,
  NoneBotProject,
  RelatedInfo,
  Range,
  Severity,
  WorkspaceModel,
} from '../model';

/** The rule's entry in docs/rules.md (generated from these fields by `npm run docs`). English. */
interface RuleDoc {
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

interface Report {
  /** A lower severity for this finding than the rule's default (ignored when the user set the rule's severity). */
  severity?: Severity;
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
  /**
   * Which files it reads, and so how the engine calls it: `cross` rules get each link (`checkLink`), `implementation`
   * rules each implementation config whatever the program (`checkImpl`), `lagrange` / `nonebot` / `koishi` rules each
   * config of that program (`checkLagrange`, `checkNoneBot`, `checkKoishi`). `check` sees the whole workspace, for
   * the few rules that compare across links (port conflicts, URLs that match no server).
   */
  scope: 'cross' | 'implementation' | 'lagrange' | 'nonebot' | 'koishi';
  /** Short title for settings and docs. */
  title: Localized;
  doc: RuleDoc;
  checkLink?(link: Link, ctx: RuleContext): void;
  checkImpl?(cfg: ImplConfig, ctx: RuleContext): void;
  checkLagrange?(cfg: LagrangeConfig, ctx: RuleContext): void;
  checkNoneBot?(project: NoneBotProject, ctx: RuleContext): void;
  checkKoishi?(cfg: KoishiConfig, ctx: RuleContext): void;
  check?(ctx: RuleContext): void;
}
