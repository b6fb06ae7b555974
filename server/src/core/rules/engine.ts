import type { FileHost, Finding, Severity, WorkspaceModel } from '../model';
import { LineIndex } from '../text/lineIndex';
import type { Rule, RuleContext } from './types';
import { RULES } from './index';

export type SeverityOverride = Severity | 'off';

export interface RuleRunOptions {
  /** Per-code severity; `off` drops the rule. Unknown codes are ignored; aliases resolve to their rule. */
  severities?: Record<string, SeverityOverride>;
  /** Rules to run (defaults to every rule). */
  rules?: readonly Rule[];
  /** Reads files to honour `onebot-doctor-disable-next-line` comments; without it no comment is honoured. */
  host?: FileHost;
}

export interface RuleFailure {
  code: string;
  error: string;
}

export interface RuleRunResult {
  findings: Finding[];
  /** Rules that threw: skipped, the others still report. */
  failures: RuleFailure[];
}

export function ruleByCode(code: string, rules: readonly Rule[] = RULES): Rule | undefined {
  return rules.find((r) => r.code === code || r.aliases?.includes(code));
}

/** Runs the rules over a model, applies severity settings and disable comments, and sorts the findings. */
export function runRules(model: WorkspaceModel, opts: RuleRunOptions = {}): RuleRunResult {
  const rules = opts.rules ?? RULES;
  const overrides = normaliseOverrides(opts.severities ?? {}, rules);
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  const texts = new Map<string, string | undefined>();
  const readText = (file: string) => {
    if (!texts.has(file)) texts.set(file, opts.host?.readFile(file));
    return texts.get(file);
  };
  for (const rule of rules) {
    const severity = overrides.get(rule.code) ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    const mine: Finding[] = [];
    try {
      const ctx: RuleContext = {
        model,
        text: readText,
        report(r) {
          mine.push({
            code: rule.code,
            severity: overrides.has(rule.code) || !r.severity ? severity : r.severity,
            file: r.file,
            range: r.range,
            message: r.message,
            related: r.related ?? [],
            fixes: r.fixes ?? [],
            ...(r.tags ? { tags: r.tags } : {}),
          });
        },
      };
      dispatch(rule, ctx);
      findings.push(...mine);
    } catch (e) {
      failures.push({ code: rule.code, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  }
  const kept = opts.host ? applySuppressions(dedupe(findings), opts.host) : dedupe(findings);
  kept.sort(compareFindings);
  return { findings: kept, failures };
}

/** Calls a rule once per item of its scope. */
function dispatch(rule: Rule, ctx: RuleContext): void {
  const m = ctx.model;
  if (rule.checkLink) for (const link of m.links) rule.checkLink(link, ctx);
  if (rule.checkImpl) for (const cfg of m.implementations) rule.checkImpl(cfg, ctx);
  if (rule.checkLagrange) for (const cfg of m.lagrange) rule.checkLagrange(cfg, ctx);
  if (rule.checkNoneBot) for (const p of m.nonebot) rule.checkNoneBot(p, ctx);
  if (rule.checkKoishi) for (const k of m.koishi) rule.checkKoishi(k, ctx);
  rule.check?.(ctx);
}

function normaliseOverrides(severities: Record<string, SeverityOverride>, rules: readonly Rule[]): Map<string, SeverityOverride> {
  const out = new Map<string, SeverityOverride>();
  for (const [code, sev] of Object.entries(severities)) {
    const rule = ruleByCode(code, rules);
    if (rule && isOverride(sev)) out.set(rule.code, sev);
  }
  return out;
}

function isOverride(v: unknown): v is SeverityOverride {
  return v === 'off' || v === 'error' || v === 'warning' || v === 'information' || v === 'hint';
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.code}\u0000${f.file}\u0000${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}\u0000${f.message.en}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/**
 * `// onebot-doctor-disable-next-line CODE[, CODE…]` (JSON) or `# onebot-doctor-disable-next-line CODE…` (.env,
 * Python, TOML) on the line above a finding's first line suppresses it; without codes it suppresses every code.
 */
export const DISABLE_DIRECTIVE = 'onebot-doctor-disable-next-line';
const DIRECTIVE_RE = /^\s*(?:\/\/|#)\s*onebot-doctor-disable-next-line\b([^\n]*)$/;

export function parseDirective(lineText: string): string[] | undefined {
  const m = DIRECTIVE_RE.exec(lineText);
  if (!m) return undefined;
  return m[1]
    .replace(/\s--\s.*$/, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

function applySuppressions(findings: Finding[], host: FileHost): Finding[] {
  const indexes = new Map<string, LineIndex | undefined>();
  const indexOf = (file: string) => {
    if (!indexes.has(file)) {
      const text = host.readFile(file);
      indexes.set(file, text === undefined ? undefined : new LineIndex(text));
    }
    return indexes.get(file);
  };
  return findings.filter((f) => {
    const line = f.range.start.line;
    if (line === 0) return true;
    const idx = indexOf(f.file);
    if (!idx) return true;
    const codes = parseDirective(idx.lineText(line - 1));
    if (!codes) return true;
    if (codes.length === 0) return false;
    const rule = ruleByCode(f.code);
    return !codes.some((c) => c === f.code || (rule?.aliases ?? []).includes(c));
  });
}
