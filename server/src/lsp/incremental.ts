import { buildModel, type AnalysisResult, type AnalyzeOptions } from '../core/analyze';
import type { ParseCache } from '../core/cache';
import type { FileHost, Finding, WorkspaceModel } from '../core/model';
import { compareFindings, runRules, type RuleFailure } from '../core/rules/engine';
import { RULES } from '../core/rules';

/** What one rule reported last time, with everything it looked at. */
interface RuleMemo {
  severities: string;
  /** The parts of the model it read (roots, lagrange, nonebot, links) as they were. */
  used: Map<string | symbol, unknown>;
  /** The files it (and the disable comments after it) read, as they read. */
  texts: Map<string, string | undefined>;
  findings: Finding[];
}

/**
 * `analyze` for a language server that lints one folder again and again: the same pipeline (build the model, run
 * every rule), but the readers reuse what did not change (through the parse cache) and each rule's findings are
 * reused while every part of the model it read is the same object as last time and every file it read reads the
 * same. An edit of a `.env` re-reads that NoneBot project and re-runs the rules that look at NoneBot projects or at
 * links; the Lagrange side is neither read nor checked again. The result equals `analyze` (tests compare them).
 */
export class IncrementalAnalysis {
  private readonly memos = new Map<string, RuleMemo>();
  /** Rules run and rules reused by the last analysis. */
  ran = 0;
  reused = 0;

  constructor(private readonly cache: ParseCache) {}

  analyze(roots: readonly string[], host: FileHost, opts: AnalyzeOptions = {}): AnalysisResult {
    const model = buildModel(roots, host, { ...opts, cache: this.cache });
    const severities = JSON.stringify(opts.severities ?? {});
    const findings: Finding[] = [];
    const failures: RuleFailure[] = [];
    this.ran = this.reused = 0;
    for (const rule of RULES) {
      const memo = this.memos.get(rule.code);
      if (memo && memo.severities === severities && sameModelParts(memo.used, model) && sameTexts(memo.texts, host)) {
        findings.push(...memo.findings);
        this.reused++;
        continue;
      }
      this.ran++;
      const used = new Map<string | symbol, unknown>();
      const texts = new Map<string, string | undefined>();
      const watched = new Proxy(model, {
        get(target, key, receiver) {
          const value: unknown = Reflect.get(target, key, receiver);
          used.set(key, value);
          return value;
        },
      });
      const reading: FileHost = {
        readFile(p) {
          const text = host.readFile(p);
          texts.set(p, text);
          return text;
        },
        readDir: (p) => host.readDir(p),
      };
      const r = runRules(watched, { rules: [rule], severities: opts.severities, host: reading });
      findings.push(...r.findings);
      failures.push(...r.failures);
      if (r.failures.length) this.memos.delete(rule.code);
      else this.memos.set(rule.code, { severities, used, texts, findings: r.findings });
    }
    findings.sort(compareFindings);
    return { model, findings, failures };
  }
}

/** Each model part read last time is the same now: the same arrays, or arrays of the same objects. */
function sameModelParts(used: Map<string | symbol, unknown>, model: WorkspaceModel): boolean {
  for (const [key, was] of used) {
    const now: unknown = (model as unknown as Record<string | symbol, unknown>)[key];
    if (now === was) continue;
    if (!Array.isArray(now) || !Array.isArray(was) || now.length !== was.length || now.some((x, i) => x !== was[i])) return false;
  }
  return true;
}

function sameTexts(texts: Map<string, string | undefined>, host: FileHost): boolean {
  for (const [p, text] of texts) if (host.readFile(p) !== text) return false;
  return true;
}
