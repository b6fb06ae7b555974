import * as path from 'node:path';
import { displayUrl } from '../core/rules/lib/sides';
import * as fs from 'node:fs';
import { analyze, nodeFileHost, type AnalyzeOptions } from '../core/analyze';
import type { Finding, Lang, WorkspaceModel } from '../core/model';
import { maskToken, pick } from '../core/l10n';
import { escapeForTerminal, maskUrl, maskUrlsIn } from '../core/text/secrets';
import type { SeverityOverride } from '../core/rules/engine';
import { ruleByCode } from '../core/rules/engine';

export interface CliIO {
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
  lang: Lang;
}

export class UsageError extends Error {}

interface CheckArgs {
  dirs: string[];
  format: 'text' | 'json';
  severities: Record<string, SeverityOverride>;
  exclude: string[];
  processEnv: Record<string, string>;
  dotnetEnvironment?: string;
}

export function parseCheckArgs(args: string[]): CheckArgs {
  const out: CheckArgs = { dirs: [], format: 'text', severities: {}, exclude: [], processEnv: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const name = a.startsWith('--') ? a.split('=')[0] : a;
    switch (name) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not ${f}`);
        out.format = f;
        break;
      }
      case '--rule': {
        // --rule token-unused=off
        const v = value();
        const m = /^([a-z0-9-]+)=(off|error|warning|information|hint)$/.exec(v);
        if (!m) throw new UsageError(`--rule takes CODE=off|error|warning|information|hint, not ${v}`);
        if (!ruleByCode(m[1])) throw new UsageError(`unknown rule code: ${m[1]}`);
        out.severities[m[1]] = m[2] as SeverityOverride;
        break;
      }
      case '--exclude':
        out.exclude.push(value());
        break;
      case '--env': {
        // --env PORT=9000: a variable NoneBot's process would see (process env beats .env files)
        const v = value();
        const eq = v.indexOf('=');
        if (eq <= 0) throw new UsageError(`--env takes NAME=VALUE, not ${v}`);
        out.processEnv[v.slice(0, eq)] = v.slice(eq + 1);
        break;
      }
      case '--dotnet-environment':
        out.dotnetEnvironment = value();
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        out.dirs.push(a);
    }
  }
  if (out.dirs.length === 0) out.dirs.push('.');
  return out;
}

export function checkCommand(args: string[], io: CliIO): number {
  const opts = parseCheckArgs(args);
  const roots = opts.dirs.map((d) => path.resolve(io.cwd, d));
  for (const r of roots) {
    if (!fs.existsSync(r) || !fs.statSync(r).isDirectory()) throw new UsageError(`not a folder: ${r}`);
  }
  const analyzeOpts: AnalyzeOptions = {
    severities: opts.severities,
    exclude: opts.exclude,
    processEnv: opts.processEnv,
    dotnetEnvironment: opts.dotnetEnvironment,
  };
  const { model, findings, failures } = analyze(roots, nodeFileHost, analyzeOpts);
  for (const f of failures) io.err(escapeForTerminal(maskUrlsIn(`onebot-doctor: rule ${f.code} failed and was skipped: ${f.error.split('\n')[0]}`)));
  const errors = findings.filter((f) => f.severity === 'error').length;

  if (opts.format === 'json') {
    const relToRoot = (file: string) => {
      const root = roots.find((r) => !path.relative(r, file).startsWith('..')) ?? io.cwd;
      return path.relative(root, file).split(path.sep).join('/');
    };
    const json = {
      diagnostics: findings.map((f) => ({
        file: relToRoot(f.file),
        range: f.range,
        severity: f.severity,
        code: f.code,
        message: shown(f.message, io.lang),
        related: f.related.map((r) => ({ file: relToRoot(r.file), range: r.range, message: shown(r.message, io.lang) })),
        fixes: f.fixes.map((x) => ({
          title: shown(x.title, io.lang),
          preferred: x.preferred === true,
          sensitive: x.sensitive === true,
          // An edit that writes a token is shown masked: the report must not carry the secret. Nor a URL's credentials
          // in any other edit (a Host rewritten with its userinfo).
          edits: x.edits.map((e) => ({ file: relToRoot(e.file), range: e.range, newText: x.sensitive ? maskEditText(e.newText) : maskUrlsIn(e.newText) })),
        })),
      })),
      links: model.links.map((l) => ({
        kind: l.kind,
        implementation: { kind: l.impl.implementation, file: relToRoot(l.impl.file), entry: l.impl.key, files: l.implConfig.files.map(relToRoot) },
        framework: { kind: l.framework, dir: relToRoot(l.fw.dir) || '.', file: relToRoot(l.fw.file) },
        url: l.url === undefined ? undefined : maskUrl(l.url),
        assumed: l.assumed,
        reason: shown(l.reason, io.lang),
      })),
      summary: summaryCounts(findings, model, model.links.length),
    };
    io.out(JSON.stringify(json, null, 2));
    return errors > 0 ? 1 : 0;
  }

  const rel = (file: string) => path.relative(io.cwd, file).split(path.sep).join('/') || '.';
  // One finding per line: control characters from the workspace (a file name with a newline, ESC in a key) are escaped.
  const line = (s: string) => io.out(escapeForTerminal(s));
  for (const f of findings) {
    line(`${rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${shown(f.message, io.lang)}`);
    for (const r of f.related) {
      line(`    ${rel(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1} ${shown(r.message, io.lang)}`);
    }
  }
  const s = summaryCounts(findings, model, model.links.length);
  io.out(summaryLine(s, io.lang));
  for (const l of model.links) {
    const assumed = l.assumed ? ` (${shown(l.reason, io.lang)})` : '';
    const url = l.url === undefined ? '' : maskUrl(l.url);
    line(
      io.lang === 'zh'
        ? `  连接 ${l.kind}: ${rel(l.impl.file)} [${l.impl.key}] → ${l.framework} ${rel(l.fw.dir)} ${maskUrl(l.url ?? '')}${assumed}`
        : `  link ${l.kind}: ${rel(l.impl.file)} [${l.impl.key}] → ${l.framework} ${rel(l.fw.dir)} ${maskUrl(l.url ?? '')}${assumed}`,
    );
  }
  return errors > 0 ? 1 : 0;
}

/** A message as the CLI prints it: every URL in it masked (a net under the rules' own masking; masking twice is a no-op). */
function shown(text: Parameters<typeof pick>[0], lang: Lang): string {
  return maskUrlsIn(pick(text, lang));
}

interface Summary {
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  files: number;
  implementationConfigs: number;
  lagrangeConfigs: number;
  nonebotProjects: number;
  koishiConfigs: number;
  links: number;
}

function summaryCounts(findings: Finding[], model: WorkspaceModel, links: number): Summary {
  const n = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    errors: n('error'),
    warnings: n('warning'),
    information: n('information'),
    hints: n('hint'),
    files: new Set(findings.map((f) => f.file)).size,
    implementationConfigs: model.implementations.length,
    lagrangeConfigs: model.lagrange.length,
    nonebotProjects: model.nonebot.length,
    koishiConfigs: model.koishi.length,
    links,
  };
}

function summaryLine(s: Summary, lang: Lang): string {
  if (lang === 'zh') {
    return `${s.errors} 个错误，${s.warnings} 个警告，${s.information + s.hints} 个提示，涉及 ${s.files} 个文件（${s.implementationConfigs} 个实现端配置，${s.nonebotProjects} 个 NoneBot 项目，${s.koishiConfigs} 个 Koishi 配置，${s.links} 条连接）`;
  }
  return `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.information + s.hints} note${s.information + s.hints === 1 ? '' : 's'} in ${s.files} file${s.files === 1 ? '' : 's'} (${s.implementationConfigs} implementation config${s.implementationConfigs === 1 ? '' : 's'}, ${s.nonebotProjects} NoneBot project${s.nonebotProjects === 1 ? '' : 's'}, ${s.koishiConfigs} Koishi config${s.koishiConfigs === 1 ? '' : 's'}, ${s.links} link${s.links === 1 ? '' : 's'})`;
}

/** `"s3cret"` → `"s3… (6 chars)"`, `ONEBOT_ACCESS_TOKEN=s3cret\n` → `ONEBOT_ACCESS_TOKEN=s3… (6 chars)\n`. */
function maskEditText(text: string): string {
  const m = /^(\s*(?:[A-Za-z_][\w.]*=)?)(["']?)(.*?)\2(\s*)$/s.exec(text);
  if (!m) return maskToken(text);
  return `${m[1]}${m[2]}${maskToken(m[3])}${m[2]}${m[4]}`;
}
