import * as path from 'node:path';
import * as fs from 'node:fs';
import { analyze, discover, nodeFileHost, type AnalysisResult, type AnalyzeOptions } from '../core/analyze';
import { certainFixes, certainFixOf } from '../core/certainFixes';
import type { DiagnosingFileHost } from '../core/fs';
import type { Finding, TextEdit } from '../core/model';
import { applyEdits } from '../core/text/applyEdits';
import { t } from '../core/l10n';
import type { SeverityOverride } from '../core/rules/engine';
import { ruleByCode } from '../core/rules/engine';
import { COMMON_OPTIONS, oneOf, parseCommand, UsageError, type CliIO } from './args';
import { FORMATS, formatGithub, formatJson, formatSarif, formatText, type FixedFinding, type Format, type FormatInput } from './formats';
import { PACKAGE_NAME, rulesDocUrl, VERSION } from './meta';

export const CHECK_OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string', short: 'f' },
  rule: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  'dotnet-environment': { type: 'string' },
  'compose-file': { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  'max-warnings': { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
} as const;

interface CheckArgs {
  /** Files and folders as given (default "."). */
  paths: string[];
  format: Format;
  severities: Record<string, SeverityOverride>;
  exclude: string[];
  processEnv: Record<string, string>;
  dotnetEnvironment?: string;
  /** `--compose-file` as given (relative to the working folder), in order: docker compose's `-f`. */
  composeFiles: string[];
  quiet: boolean;
  /** -1: no limit. */
  maxWarnings: number;
  /** `--fix` writes the certain fixes; `--fix-dry-run` makes them in memory only. */
  fix?: 'write' | 'dry-run';
}

export function parseCheckArgs(args: string[]): CheckArgs {
  const { values: v, positionals } = parseCommand('check', args, CHECK_OPTIONS);
  const out: CheckArgs = {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: oneOf('format', v.format ?? 'text', FORMATS, 'check'),
    severities: {},
    exclude: v.exclude ?? [],
    processEnv: {},
    dotnetEnvironment: v['dotnet-environment'],
    composeFiles: v['compose-file'] ?? [],
    quiet: v.quiet === true,
    maxWarnings: -1,
    fix: v['fix-dry-run'] === true ? 'dry-run' : v.fix === true ? 'write' : undefined,
  };
  if (v.fix === true && v['fix-dry-run'] === true)
    throw new UsageError(t('--fix and --fix-dry-run cannot be used together', '--fix 与 --fix-dry-run 不能同时使用'), 'check');
  for (const r of v.rule ?? []) {
    // --rule token-unused=off
    const m = /^([a-z0-9-]+)=(off|error|warning|information|hint)$/.exec(r);
    if (!m)
      throw new UsageError(
        t(`--rule takes CODE=off|error|warning|information|hint, not ${r}`, `--rule 的值应为 CODE=off|error|warning|information|hint，而不是 ${r}`),
        'check',
      );
    if (!ruleByCode(m[1])) throw new UsageError(t(`unknown rule code: ${m[1]}`, `未知的规则代码：${m[1]}`), 'check');
    out.severities[m[1]] = m[2] as SeverityOverride;
  }
  for (const e of v.env ?? []) {
    // --env PORT=9000: a variable NoneBot's process would see (process env beats .env files)
    const eq = e.indexOf('=');
    if (eq <= 0) throw new UsageError(t(`--env takes NAME=VALUE, not ${e}`, `--env 的值应为 NAME=VALUE，而不是 ${e}`), 'check');
    out.processEnv[e.slice(0, eq)] = e.slice(eq + 1);
  }
  if (v['max-warnings'] !== undefined) {
    const s = v['max-warnings'];
    if (!/^(-1|\d+)$/.test(s))
      throw new UsageError(
        t(`--max-warnings takes a whole number (-1: no limit), not ${s}`, `--max-warnings 的值应为整数（-1 表示不限），而不是 ${s}`),
        'check',
      );
    out.maxWarnings = Number(s);
  }
  return out;
}

/** What `check PATH…` reports on: whole folders, or single files inside the workspace around them. */
interface Scope {
  roots: string[];
  files: Set<string>;
  dirs: string[];
}

const inside = (dir: string, p: string) => {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The nearest folder above `from` that holds `.git` (a folder, or a file in a worktree), if any. */
function repositoryRoot(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The workspace a named file belongs to: the nearest folder above it that holds both an implementation's config and a
 * framework's project (so the file is linted with the other side of its link), searched up to the repository root (or the
 * working folder, or the file's own folder); the top of that search when no folder holds both.
 */
function workspaceFor(file: string, cwd: string, opts: AnalyzeOptions = {}, holdsBoth = new Map<string, boolean>()): string {
  const own = path.dirname(file);
  const top = repositoryRoot(own) ?? (inside(cwd, file) ? cwd : own);
  for (let dir = own; ; dir = path.dirname(dir)) {
    let both = holdsBoth.get(dir);
    if (both === undefined) {
      const d = discover([dir], nodeFileHost, opts);
      both = d.lagrangeFiles.length + d.implFiles.length > 0 && d.nonebotDirs.length + d.koishiFiles.length > 0;
      holdsBoth.set(dir, both);
    }
    if (both) return dir;
    if (dir === top || !inside(top, dir) || path.dirname(dir) === dir) return top;
  }
}

function resolveScope(paths: string[], cwd: string, opts: AnalyzeOptions): Scope {
  const files = new Set<string>();
  const dirs: string[] = [];
  const roots: string[] = [];
  // Many files of one workspace (a pre-commit run) search the same folders once.
  const holdsBoth = new Map<string, boolean>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(t(`no such file or folder: ${p}`, `文件或文件夹不存在：${p}`), 'check');
    }
    if (st.isDirectory()) {
      dirs.push(abs);
      roots.push(abs);
    } else {
      files.add(abs);
      roots.push(workspaceFor(abs, cwd, opts, holdsBoth));
    }
  }
  // A root inside another root is read once, as part of the outer one.
  const unique = [...new Set(roots)].filter((r, _i, all) => !all.some((o) => o !== r && inside(o, r)));
  return { roots: unique, files, dirs };
}

/** `--fix` repeats until nothing is left to fix; a fix that undoes another cannot loop for ever. */
const MAX_FIX_PASSES = 10;

/** The node host, with the files `--fix-dry-run` changed read from memory (a file it created is listed too). */
function overlayHost(overlay: Map<string, string>): DiagnosingFileHost {
  return {
    ...nodeFileHost,
    readFile: (file) => (overlay.has(file) ? overlay.get(file) : nodeFileHost.readFile(file)),
    readIssue: (file) => (overlay.has(file) ? undefined : nodeFileHost.readIssue?.(file)),
    readDir: (dir) => {
      const listed = nodeFileHost.readDir(dir);
      const created = [...overlay.keys()].filter((f) => path.dirname(f) === dir).map((f) => path.basename(f));
      const names = new Set((listed ?? []).map((e) => e.name));
      const extra = created.filter((n) => !names.has(n)).map((name) => ({ name, isDirectory: false }));
      return listed === undefined && extra.length === 0 ? undefined : [...(listed ?? []), ...extra];
    },
  };
}

/**
 * Makes the certain fixes of the findings `reported` picks, re-analyses, and again, until none is left (at most
 * MAX_FIX_PASSES passes). Writes the files (`write`) or keeps them in `overlay` (`dry-run`). A file that exists but
 * cannot be read (too large, not a regular file, no permission) is never written: its fixes are skipped.
 */
function fixUntilDone(
  mode: 'write' | 'dry-run',
  host: DiagnosingFileHost,
  overlay: Map<string, string>,
  run: () => AnalysisResult,
  reported: (all: Finding[]) => Finding[],
  io: CliIO,
): { result: AnalysisResult; fixed: FixedFinding[]; failed: boolean } {
  let result = run();
  const fixed: FixedFinding[] = [];
  let failed = false;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const chosen = certainFixes(reported(result.findings));
    const byFile = new Map<string, TextEdit[]>();
    for (const e of chosen.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    const written = new Set<string>();
    for (const [file, edits] of byFile) {
      const text = host.readFile(file);
      if (text === undefined && fs.existsSync(file)) {
        io.err(io.lang === 'zh' ? `onebot-doctor: 无法读取 ${file}，未修复其中的问题。` : `onebot-doctor: ${file} cannot be read; its fixes were not made.`);
        failed = true;
        continue;
      }
      const out = applyEdits(text ?? '', edits);
      if (mode === 'dry-run') overlay.set(file, out);
      else {
        try {
          fs.writeFileSync(file, out);
        } catch (e) {
          const why = (e as NodeJS.ErrnoException).code ?? String(e);
          io.err(
            io.lang === 'zh'
              ? `onebot-doctor: 无法写入 ${file}（${why}），未修复其中的问题。`
              : `onebot-doctor: ${file} cannot be written (${why}); its fixes were not made.`,
          );
          failed = true;
          continue;
        }
      }
      written.add(file);
    }
    const made = chosen.fixed.filter((f) => certainFixOf(f)!.edits.every((e) => written.has(e.file)));
    fixed.push(...made.map((f) => ({ code: f.code, file: f.file, edited: [...new Set(certainFixOf(f)!.edits.map((e) => e.file))] })));
    if (made.length === 0) break;
    result = run();
  }
  return { result, fixed, failed };
}

export function checkCommand(args: string[], io: CliIO): number {
  const opts = parseCheckArgs(args);
  const analyzeOpts: AnalyzeOptions = {
    severities: opts.severities,
    exclude: opts.exclude,
    processEnv: opts.processEnv,
    dotnetEnvironment: opts.dotnetEnvironment,
    ...(opts.composeFiles.length > 0 ? { composeFiles: opts.composeFiles.map((f) => path.resolve(io.cwd, f)) } : {}),
  };
  const scope = resolveScope(opts.paths, io.cwd, analyzeOpts);
  const inScope = (f: Finding) => scope.files.has(f.file) || scope.dirs.some((d) => inside(d, f.file));
  const reportedOf = (all: Finding[]) => {
    const scoped = all.filter(inScope);
    return opts.quiet ? scoped.filter((f) => f.severity === 'error') : scoped;
  };
  const overlay = new Map<string, string>();
  const host = opts.fix === 'dry-run' ? overlayHost(overlay) : nodeFileHost;
  const run = () => analyze(scope.roots, host, analyzeOpts);
  const { result, fixed, failed } = opts.fix ? fixUntilDone(opts.fix, host, overlay, run, reportedOf, io) : { result: run(), fixed: [], failed: false };
  const { model, findings, failures } = result;
  for (const f of failures) io.err(`onebot-doctor: rule ${f.code} failed and was skipped: ${f.error.split('\n')[0]}`);

  const reported = reportedOf(findings);
  const errors = reported.filter((f) => f.severity === 'error').length;
  const warnings = reported.filter((f) => f.severity === 'warning').length;

  const input: FormatInput = {
    findings: reported,
    model,
    roots: scope.roots,
    cwd: io.cwd,
    lang: io.lang,
    failures,
    ...(opts.fix ? { fixed, dryRun: opts.fix === 'dry-run' } : {}),
  };
  switch (opts.format) {
    case 'json':
      io.out(formatJson(input));
      break;
    case 'sarif':
      io.out(
        formatSarif(input, {
          name: 'onebot-doctor',
          version: VERSION,
          rulesDocUrl: rulesDocUrl(),
          informationUri: `https://www.npmjs.com/package/${PACKAGE_NAME}`,
        }),
      );
      break;
    case 'github':
      for (const line of formatGithub(input)) io.out(line);
      break;
    default:
      for (const line of formatText(input)) io.out(line);
  }
  const tooManyWarnings = opts.maxWarnings >= 0 && warnings > opts.maxWarnings;
  if (tooManyWarnings) {
    io.err(
      io.lang === 'zh'
        ? `onebot-doctor: 警告过多（${warnings} 个，上限 ${opts.maxWarnings}，--max-warnings）。`
        : `onebot-doctor: too many warnings (${warnings}, maximum ${opts.maxWarnings} with --max-warnings).`,
    );
  }
  if (failed) return 2;
  return errors > 0 || tooManyWarnings ? 1 : 0;
}
