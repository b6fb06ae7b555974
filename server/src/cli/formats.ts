/**
 * The output formats of `onebot-doctor check`: text, json, sarif and github. Each takes the findings to report
 * (already filtered by `--quiet` and by the files named on the command line) and returns what goes to stdout.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Lang, Range, Severity, WorkspaceModel } from '../core/model';
import { maskToken, pick } from '../core/l10n';
import { escapeForTerminal, maskUrlsIn } from '../core/text/secrets';

/** A message as the CLI shows it: every URL in it masked (a net under the rules' own masking; masking twice is a no-op). */
function shown(text: Parameters<typeof pick>[0], lang: Parameters<typeof pick>[1]): string {
  return maskUrlsIn(pick(text, lang));
}
import { RULES } from '../core/rules/index';
import { displayUrl } from '../core/rules/lib/sides';
import { linkPlacement, type Placement } from '../core/compose/placement';

/** Where a side runs, for the text format: ` (service "napcat")`, ` (on the host)` when compose places the other side. */
function svcText(p: Placement | undefined, lang: Lang, composed: boolean): string {
  if (p) return lang === 'zh' ? `（服务 "${p.service.name}"）` : ` (service "${p.service.name}")`;
  return composed ? (lang === 'zh' ? '（宿主机）' : ' (on the host)') : '';
}

/** Where a side runs, for JSON: the compose service and its file; nothing for a side on the host. */
function svcJson(p: Placement | undefined, rel: (file: string) => string): { service?: string; composeFile?: string } {
  return p ? { service: p.service.name, composeFile: rel(p.service.file) } : {};
}

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatInput {
  findings: Finding[];
  model: WorkspaceModel;
  /** The folders analysed (absolute). */
  roots: string[];
  cwd: string;
  lang: Lang;
  /** Rules that threw and were skipped. */
  failures: { code: string; error: string }[];
  /** With `--fix` / `--fix-dry-run`: the findings whose certain fix was made (or, dry, would be). */
  fixed?: FixedFinding[];
  dryRun?: boolean;
}

/** A finding `--fix` fixed: its rule, the file it was reported on and the files its fix edited. */
export interface FixedFinding {
  code: string;
  file: string;
  edited: string[];
}

/** One line per edited file: "fixed ws-path, token-mismatch in napcat/onebot11_1.json" (or "would fix"). */
function fixedLines(fixed: FixedFinding[], dryRun: boolean, lang: Lang, rel: (file: string) => string): string[] {
  const byFile = new Map<string, string[]>();
  for (const f of fixed) for (const file of f.edited) byFile.set(file, [...(byFile.get(file) ?? []), f.code]);
  return [...byFile].map(([file, codes]) => {
    const list = [...new Set(codes)].join(', ');
    if (lang === 'zh') return `${dryRun ? '将修复' : '已修复'} ${rel(file)}：${list}`;
    return `${dryRun ? 'would fix' : 'fixed'} ${list} in ${rel(file)}`;
  });
}

/** What the SARIF `tool.driver` says about us. */
export interface ToolInfo {
  name: string;
  version: string;
  /** Where the rule documentation lives: `${rulesDocUrl}#${code}` is a rule's section. */
  rulesDocUrl: string;
  informationUri?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// text
// ---------------------------------------------------------------------------------------------------------------

export function formatText(input: FormatInput): string[] {
  const { findings, model, cwd, lang } = input;
  const lines: string[] = [];
  const rel = (file: string) => path.relative(cwd, file).split(path.sep).join('/') || '.';
  for (const f of findings) {
    lines.push(`${rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${shown(f.message, lang)}`);
    for (const r of f.related) {
      lines.push(`    ${rel(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1} ${shown(r.message, lang)}`);
    }
  }
  if (input.fixed) lines.push(...fixedLines(input.fixed, input.dryRun === true, lang, rel));
  const s = summaryCounts(findings, model, model.links.length);
  lines.push(summaryLine(s, lang));
  for (const l of model.links) {
    const assumed = l.assumed ? ` (${shown(l.reason, lang)})` : '';
    const places = linkPlacement(model.compose, l);
    const composed = !!(places.impl || places.fw);
    lines.push(
      lang === 'zh'
        ? `  连接 ${l.kind}: ${rel(l.impl.file)} [${l.impl.key}]${svcText(places.impl, lang, composed)} → ${l.framework} ${rel(l.fw.dir)}${svcText(places.fw, lang, composed)} ${displayUrl(l.url ?? '')}${assumed}`
        : `  link ${l.kind}: ${rel(l.impl.file)} [${l.impl.key}]${svcText(places.impl, lang, composed)} → ${l.framework} ${rel(l.fw.dir)}${svcText(places.fw, lang, composed)} ${displayUrl(l.url ?? '')}${assumed}`,
    );
  }
  // One finding per line: control characters from the workspace (a file name with a newline, ESC in a key) are escaped.
  return lines.map(escapeForTerminal);
}

// ---------------------------------------------------------------------------------------------------------------
// json
// ---------------------------------------------------------------------------------------------------------------

export function formatJson(input: FormatInput): string {
  const { findings, model, roots, cwd, lang } = input;
  const relToRoot = (file: string) => {
    const root = roots.find((r) => !path.relative(r, file).startsWith('..')) ?? cwd;
    return path.relative(root, file).split(path.sep).join('/');
  };
  const json = {
    diagnostics: findings.map((f) => ({
      file: relToRoot(f.file),
      range: f.range,
      severity: f.severity,
      code: f.code,
      message: shown(f.message, lang),
      related: f.related.map((r) => ({ file: relToRoot(r.file), range: r.range, message: shown(r.message, lang) })),
      fixes: f.fixes.map((x) => ({
        title: shown(x.title, lang),
        preferred: x.preferred === true,
        sensitive: x.sensitive === true,
        // An edit that writes a token is shown masked: the report must not carry the secret.
        edits: x.edits.map((e) => ({ file: relToRoot(e.file), range: e.range, newText: x.sensitive ? maskEditText(e.newText) : maskUrlsIn(e.newText) })),
      })),
    })),
    links: model.links.map((l) => ({
      kind: l.kind,
      implementation: {
        kind: l.impl.implementation,
        file: relToRoot(l.impl.file),
        entry: l.impl.key,
        files: l.implConfig.files.map(relToRoot),
        ...svcJson(linkPlacement(model.compose, l).impl, relToRoot),
      },
      framework: { kind: l.framework, dir: relToRoot(l.fw.dir) || '.', file: relToRoot(l.fw.file), ...svcJson(linkPlacement(model.compose, l).fw, relToRoot) },
      url: l.url === undefined ? undefined : displayUrl(l.url),
      assumed: l.assumed,
      reason: shown(l.reason, lang),
    })),
    summary: summaryCounts(findings, model, model.links.length),
    ...(input.fixed
      ? { fixed: input.fixed.map((f) => ({ code: f.code, file: relToRoot(f.file), edited: f.edited.map(relToRoot) })), dryRun: input.dryRun === true }
      : {}),
  };
  return JSON.stringify(json, null, 2);
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

// ---------------------------------------------------------------------------------------------------------------
// SARIF 2.1.0 (what GitHub code scanning uploads)
// ---------------------------------------------------------------------------------------------------------------

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/**
 * SARIF artifact location of a file: relative to the working folder under `%SRCROOT%` (GitHub resolves it against
 * the checkout, where CI runs the command), an absolute file URI for a file outside it.
 */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(cwd, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** LSP range (0-based, end exclusive) → SARIF region (1-based lines and columns, endColumn exclusive, UTF-16). */
export function sarifRegion(r: Range): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

export function formatSarif(input: FormatInput, tool: ToolInfo): string {
  const { findings, cwd, lang } = input;
  const ruleIndex = new Map(RULES.map((r, i) => [r.code, i]));
  const loc = (file: string, range: Range) => ({ artifactLocation: artifactLocation(file, cwd), region: sarifRegion(range) });
  const rules = RULES.map((r) => ({
    id: r.code,
    name: r.code.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: shown(r.title, lang) },
    fullDescription: { text: r.doc.checks },
    help: {
      text: `${r.doc.why}\n\n${r.doc.fix}`,
      markdown: `${r.doc.why}\n\n**Fix:** ${r.doc.fix}\n\n[${r.code} in docs/rules.md](${tool.rulesDocUrl}#${r.code})`,
    },
    helpUri: `${tool.rulesDocUrl}#${r.code}`,
    defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
    properties: { tags: [r.scope === 'cross' ? 'cross-file' : r.scope] },
  }));
  const results = findings.map((f) => {
    const idx = ruleIndex.get(f.code);
    // Fixes that write a token are left out: a SARIF file is uploaded and kept, and must not carry the secret.
    const fixes = f.fixes
      .filter((x) => !x.sensitive && x.edits.length > 0)
      .map((x) => {
        const byFile = new Map<string, typeof x.edits>();
        for (const e of x.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
        return {
          description: { text: shown(x.title, lang) },
          artifactChanges: [...byFile].map(([file, edits]) => ({
            artifactLocation: artifactLocation(file, cwd),
            replacements: edits.map((e) => ({ deletedRegion: sarifRegion(e.range), insertedContent: { text: maskUrlsIn(e.newText) } })),
          })),
        };
      });
    return {
      ruleId: f.code,
      ...(idx === undefined ? {} : { ruleIndex: idx }),
      level: SARIF_LEVEL[f.severity],
      message: { text: shown(f.message, lang) },
      locations: [{ physicalLocation: loc(f.file, f.range) }],
      ...(f.related.length > 0
        ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, physicalLocation: loc(r.file, r.range), message: { text: shown(r.message, lang) } })) }
        : {}),
      ...(fixes.length > 0 ? { fixes } : {}),
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: input.failures.map((x) => ({
              level: 'error' as const,
              message: { text: `rule ${x.code} failed and was skipped: ${x.error.split('\n')[0]}` },
              associatedRule: { id: x.code },
            })),
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

// ---------------------------------------------------------------------------------------------------------------
// GitHub Actions workflow commands (annotations on the pull request)
// ---------------------------------------------------------------------------------------------------------------

const GITHUB_LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** A workflow command's message: `%`, CR and LF escaped (as @actions/core's `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,` (as @actions/core's `escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=CODE::message`, one per finding, then the summary. */
export function formatGithub(input: FormatInput): string[] {
  const { findings, model, cwd, lang } = input;
  const rel = (file: string) => path.relative(cwd, file).split(path.sep).join('/') || '.';
  const lines = findings.map((f) => {
    const props = [
      `file=${escapeProperty(rel(f.file))}`,
      `line=${f.range.start.line + 1}`,
      `endLine=${f.range.end.line + 1}`,
      `col=${f.range.start.character + 1}`,
      // GitHub only takes a column range on one line.
      ...(f.range.end.line === f.range.start.line ? [`endColumn=${Math.max(f.range.end.character, f.range.start.character + 1)}`] : []),
      `title=${escapeProperty(f.code)}`,
    ];
    const related = f.related.map((r) => `\n${rel(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1} ${shown(r.message, lang)}`).join('');
    return `::${GITHUB_LEVEL[f.severity]} ${props.join(',')}::${escapeData(shown(f.message, lang) + related)}`;
  });
  if (input.fixed) lines.push(...fixedLines(input.fixed, input.dryRun === true, lang, rel).map(escapeForTerminal));
  lines.push(summaryLine(summaryCounts(findings, model, model.links.length), lang));
  return lines;
}
