import * as path from 'node:path';
import * as fs from 'node:fs';
import { analyze, discover, nodeFileHost, type AnalyzeOptions } from '../core/analyze';
import type { Finding } from '../core/model';
import type { SeverityOverride } from '../core/rules/engine';
import { ruleByCode } from '../core/rules/engine';
import { COMMON_OPTIONS, oneOf, parseCommand, UsageError, type CliIO } from './args';
import { FORMATS, formatGithub, formatJson, formatSarif, formatText, type Format, type FormatInput } from './formats';
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
  };
  for (const r of v.rule ?? []) {
    // --rule token-unused=off
    const m = /^([a-z0-9-]+)=(off|error|warning|information|hint)$/.exec(r);
    if (!m) throw new UsageError(`--rule takes CODE=off|error|warning|information|hint, not ${r}`, 'check');
    if (!ruleByCode(m[1])) throw new UsageError(`unknown rule code: ${m[1]}`, 'check');
    out.severities[m[1]] = m[2] as SeverityOverride;
  }
  for (const e of v.env ?? []) {
    // --env PORT=9000: a variable NoneBot's process would see (process env beats .env files)
    const eq = e.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env takes NAME=VALUE, not ${e}`, 'check');
    out.processEnv[e.slice(0, eq)] = e.slice(eq + 1);
  }
  if (v['max-warnings'] !== undefined) {
    const s = v['max-warnings'];
    if (!/^(-1|\d+)$/.test(s)) throw new UsageError(`--max-warnings takes a whole number (-1: no limit), not ${s}`, 'check');
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
      throw new UsageError(`no such file or folder: ${p}`, 'check');
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
  const { model, findings, failures } = analyze(scope.roots, nodeFileHost, analyzeOpts);
  for (const f of failures) io.err(`onebot-doctor: rule ${f.code} failed and was skipped: ${f.error.split('\n')[0]}`);

  const inScope = (f: Finding) => scope.files.has(f.file) || scope.dirs.some((d) => inside(d, f.file));
  const scoped = findings.filter(inScope);
  const reported = opts.quiet ? scoped.filter((f) => f.severity === 'error') : scoped;
  const errors = reported.filter((f) => f.severity === 'error').length;
  const warnings = reported.filter((f) => f.severity === 'warning').length;

  const input: FormatInput = { findings: reported, model, roots: scope.roots, cwd: io.cwd, lang: io.lang, failures };
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
  return errors > 0 || tooManyWarnings ? 1 : 0;
}
