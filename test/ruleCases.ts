/**
 * Rule case folders, server/src/core/rules/<code>.cases/<case>/:
 *
 * - the config files the case is about, as the programs would find them;
 * - `expected.json`: what the case shows (`description`), the findings it must have (`expect`), `clean`, the analysis
 *   `options`, and `from`: files that start as a shipped default kept once under test/fixtures/ (case path → path in
 *   the repository), so a case holds only what it changes;
 * - `<file>.patch` beside a `from` file: a unified diff from the default to the case's text (a few changed lines);
 * - `snapshot.md`: every finding of every rule and the text after applying each of its fixes alone, written by
 *   `npm run snapshots` and compared by test/rules.cases.test.ts.
 *
 * Tests, scripts and benchmarks read a case through `caseHost` (analysis in memory) or `writeCase` (a real folder).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, nodeFileHost } from '../server/src/core/analyze';
import type { FileHost, Finding, Range } from '../server/src/core/model';
import { LineIndex } from '../server/src/core/text/lineIndex';
import { applyPatch, splitLines, unifiedDiff } from './textDiff';

export const RULES_DIR = path.resolve('server/src/core/rules');
export const SNAPSHOT = 'snapshot.md';
const EXPECTED = 'expected.json';
const PATCH = '.patch';
const REPO = path.resolve('.');

export interface Expected {
  description?: string;
  /** Case path → repository path of the shipped default the file starts as (then `<case path>.patch` applies). */
  from?: Record<string, string>;
  expect: { code: string; file: string; at: string; severity?: string }[];
  options?: { dotnetEnvironment?: string; processEnv?: Record<string, string> };
  /** No finding of any code may be an error or a warning (the shipped defaults of both projects). */
  clean?: boolean;
}

/** Every case folder: [rule code, case name, absolute folder], sorted. */
export function allCases(): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const d of fs
    .readdirSync(RULES_DIR)
    .filter((x) => x.endsWith('.cases'))
    .sort()) {
    for (const c of fs.readdirSync(path.join(RULES_DIR, d)).sort()) {
      const dir = path.join(RULES_DIR, d, c);
      if (fs.statSync(dir).isDirectory()) out.push([d.replace(/\.cases$/, ''), c, dir]);
    }
  }
  return out;
}

export function readExpected(caseDir: string): Expected {
  return JSON.parse(fs.readFileSync(path.join(caseDir, EXPECTED), 'utf8')) as Expected;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** The case's own files on disk (config files only: not expected.json, the snapshot or patches), case-relative. */
function ownFiles(caseDir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(caseDir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...ownFiles(caseDir, r));
    else if (!isCaseMeta(r)) out.push(r);
  }
  return out.sort();
}

function isCaseMeta(rel: string): boolean {
  return rel === EXPECTED || rel === SNAPSHOT || rel.endsWith(PATCH);
}

/** The files a case starts from a default: case path → text (the default with the case's patch applied). */
function derivedFiles(caseDir: string, expected = readExpected(caseDir)): Map<string, string> {
  const out = new Map<string, string>();
  for (const [rel, from] of Object.entries(expected.from ?? {})) {
    if (fs.existsSync(path.join(caseDir, rel))) throw new Error(`${caseDir}: ${rel} is both a file and in "from"`);
    const base = fs.readFileSync(path.join(REPO, from), 'utf8');
    const patch = path.join(caseDir, rel + PATCH);
    try {
      out.set(rel, fs.existsSync(patch) ? applyPatch(base, fs.readFileSync(patch, 'utf8')) : base);
    } catch (e) {
      throw new Error(`${toPosix(path.relative(REPO, patch))} no longer applies to ${from}: ${(e as Error).message}`);
    }
  }
  return out;
}

/**
 * The case as the programs would see it: the disk (which keeps unreadable files, deep folders and binaries as they
 * are), without the case's own metadata, plus the files derived from defaults.
 */
export function caseHost(caseDir: string, expected = readExpected(caseDir)): FileHost {
  const root = path.resolve(caseDir);
  const derived = new Map([...derivedFiles(root, expected)].map(([rel, text]) => [path.join(root, rel), text]));
  const relOf = (p: string) => toPosix(path.relative(root, path.resolve(p)));
  const inside = (p: string) => !relOf(p).startsWith('..') && !path.isAbsolute(relOf(p));
  return {
    readFile(p) {
      const abs = path.resolve(p);
      if (derived.has(abs)) return derived.get(abs);
      if (inside(abs) && isCaseMeta(relOf(abs))) return undefined;
      return nodeFileHost.readFile(abs);
    },
    readDir(p) {
      const abs = path.resolve(p);
      const entries = new Map((nodeFileHost.readDir(abs) ?? []).map((e) => [e.name, e.isDirectory]));
      if (inside(abs)) {
        for (const name of [...entries.keys()]) if (isCaseMeta(relOf(path.join(abs, name)))) entries.delete(name);
        for (const file of derived.keys()) {
          const rest = path.relative(abs, file);
          if (rest.startsWith('..')) continue;
          const [first, ...more] = rest.split(path.sep);
          entries.set(first, more.length > 0);
        }
      }
      return entries.size || nodeFileHost.readDir(abs) ? [...entries].map(([name, isDirectory]) => ({ name, isDirectory })) : undefined;
    },
  };
}

/** Writes the case as a plain folder (own files copied, defaults derived) to `dest`, for tools that read the disk. */
function writeCase(caseDir: string, dest: string): void {
  for (const rel of ownFiles(caseDir)) {
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(path.join(caseDir, rel), path.join(dest, rel));
  }
  for (const [rel, text] of derivedFiles(caseDir)) {
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.writeFileSync(path.join(dest, rel), text);
  }
}

/** The case's findings, as the test and the snapshot see them. */
export function analyzeCase(caseDir: string, expected = readExpected(caseDir)) {
  return analyze([caseDir], caseHost(caseDir, expected), { dotnetEnvironment: expected.options?.dotnetEnvironment, processEnv: expected.options?.processEnv });
}

export function rangeText(r: Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The snapshot
// ---------------------------------------------------------------------------------------------------------------

/** Control characters and a BOM made visible, so the snapshot shows exactly what the text holds. */
const visible = (s: string) =>
  s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\ufeff]/g, (c) => (c === '\r' ? '␍' : c === '\t' ? '→' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

/**
 * snapshot.md: each finding (code, severity, place, both messages, related places), and under it each fix with the
 * text after applying that fix alone, as a diff from the case's text.
 */
export function renderSnapshot(code: string, caseName: string, caseDir: string): string {
  const expected = readExpected(caseDir);
  const host = caseHost(caseDir, expected);
  const { findings } = analyzeCase(caseDir, expected);
  const rel = (f: string) => toPosix(path.relative(caseDir, f));
  const strip = (s: string) =>
    s
      .split(caseDir + path.sep)
      .join('')
      .split(caseDir)
      .join('.');
  const sorted = [...findings].sort((a, b) => order(a).localeCompare(order(b)));
  function order(f: Finding): string {
    const r = f.range;
    return `${rel(f.file)}\u0000${String(r.start.line).padStart(6, '0')}:${String(r.start.character).padStart(6, '0')}\u0000${f.code}\u0000${f.message.en}`;
  }
  let out = `# ${code} · ${caseName}\n\n`;
  if (expected.description) out += `${expected.description}\n\n`;
  out += `Written by \`npm run snapshots\`; compared by test/rules.cases.test.ts.\n\n`;
  if (sorted.length === 0) out += 'No findings.\n';
  for (const f of sorted) {
    out += `## ${f.code} · ${f.severity} · ${rel(f.file)}:${rangeText(f.range)}\n\n`;
    out += `- en: ${strip(visible(f.message.en))}\n- zh: ${strip(visible(f.message.zh))}\n`;
    if (f.tags?.length) out += `- tags: ${f.tags.join(', ')}\n`;
    for (const r of f.related) out += `- related ${rel(r.file)}:${rangeText(r.range)}: ${strip(visible(r.message.en))}\n`;
    out += '\n';
    for (const fix of f.fixes) {
      const marks = [fix.preferred ? 'preferred' : '', fix.sensitive ? 'sensitive' : ''].filter(Boolean);
      out += `### Fix: ${strip(visible(fix.title.en))}${marks.length ? ` (${marks.join(', ')})` : ''}\n\n`;
      out += '```diff\n';
      for (const [file, after] of applyFix(fix.edits, host)) {
        const before = host.readFile(file) ?? '';
        out += unifiedDiff(before, after, { from: rel(file), to: rel(file) }, 1, visible) || `(no change to ${rel(file)})\n`;
      }
      out += '```\n\n';
    }
  }
  return out.replace(/\n+$/, '\n');
}

/** Each file a fix edits, with its text after the edits (applied from the end, as an editor does). */
function applyFix(edits: { file: string; range: Range; newText: string }[], host: FileHost): [string, string][] {
  const byFile = new Map<string, typeof edits>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return [...byFile]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, es]) => {
      let text = host.readFile(file) ?? '';
      const idx = new LineIndex(text);
      const at = es
        .map((e) => ({ start: idx.offset(e.range.start), end: idx.offset(e.range.end), newText: e.newText }))
        .sort((a, b) => b.start - a.start || b.end - a.end);
      for (const e of at) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
      return [file, text];
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Folding copies of the defaults (the rewrite mode)
// ---------------------------------------------------------------------------------------------------------------

/** The shipped defaults (one copy each, under test/fixtures/), and which case files may start from each (by name). */
const DEFAULTS: { from: string; matches: (name: string) => boolean }[] = [
  { from: 'test/fixtures/lagrange-default/appsettings.json', matches: (n) => n === 'appsettings.json' },
  { from: 'test/fixtures/nonebot-default/bot.py', matches: (n) => n === 'bot.py' },
  { from: 'test/fixtures/nonebot-default/pyproject.toml', matches: (n) => n === 'pyproject.toml' },
  { from: 'test/fixtures/nonebot-default/.env', matches: (n) => n === '.env' },
  { from: 'test/fixtures/nonebot-default/.env.dev', matches: (n) => n === '.env.dev' },
  { from: 'test/fixtures/napcat-default/napcat/config/onebot11_123456789.json', matches: (n) => /^onebot11(?:_\d+)?\.json$/.test(n) },
  { from: 'test/fixtures/gocqhttp-default/config.yml', matches: (n) => n === 'config.yml' },
  { from: 'test/fixtures/llonebot-default/llbot/data/config_123456789.json', matches: (n) => /^config_\d+\.json$/.test(n) },
  { from: 'test/fixtures/koishi-default/koishi.yml', matches: (n) => n === 'koishi.yml' },
];

/** A file becomes a patch of a default when at most this share of its lines differ (and it has some length). */
const PATCH_SHARE = 0.25;
const PATCH_MIN_LINES = 10;

/**
 * Replaces the case's copies of a default by a `from` entry (and a `.patch` when a few lines differ). Returns what it
 * did, one line per file. The derived text is checked to equal the file before the file is removed.
 */
export function foldDefaults(caseDir: string): string[] {
  const expected = readExpected(caseDir);
  const from = { ...(expected.from ?? {}) };
  const done: string[] = [];
  for (const rel of ownFiles(caseDir)) {
    const text = fs.readFileSync(path.join(caseDir, rel), 'utf8');
    const def = DEFAULTS.find((d) => d.matches(path.posix.basename(rel)));
    if (!def || text.includes('\r') || text.startsWith('\ufeff')) continue;
    const base = fs.readFileSync(path.join(REPO, def.from), 'utf8');
    let patch = '';
    if (text !== base) {
      patch = unifiedDiff(base, text, { from: def.from, to: rel }, 1);
      const changed = patch.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l)).length;
      const lines = splitLines(text).length;
      if (lines < PATCH_MIN_LINES || changed > PATCH_SHARE * lines || applyPatch(base, patch) !== text) continue;
    }
    if (patch) fs.writeFileSync(path.join(caseDir, rel + PATCH), patch);
    fs.rmSync(path.join(caseDir, rel));
    from[rel] = def.from;
    done.push(`${rel} → ${def.from}${patch ? ` + ${rel}${PATCH}` : ''}`);
  }
  if (done.length) {
    const sortedFrom = Object.fromEntries(Object.entries(from).sort(([a], [b]) => a.localeCompare(b)));
    // `from` right after the description, so a reader sees the files before the findings.
    const { description, from: _old, ...rest } = expected;
    const next: Expected = { ...(description !== undefined ? { description } : {}), from: sortedFrom, ...rest };
    fs.writeFileSync(path.join(caseDir, EXPECTED), `${JSON.stringify(next, null, 2)}\n`);
    pruneEmptyDirs(caseDir);
  }
  return done;
}

function pruneEmptyDirs(dir: string): boolean {
  let empty = true;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && pruneEmptyDirs(path.join(dir, e.name))) fs.rmdirSync(path.join(dir, e.name));
    else empty = false;
  }
  return empty;
}

let onDisk: string | undefined;

/**
 * Every case written as plain folders (<tmp>/<code>.cases/<case>/, defaults derived), once per process and removed
 * when it exits: for tests and tools that read the disk (the CLI, the language server, Go to Definition).
 */
export function casesOnDisk(): string {
  if (onDisk) return onDisk;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-cases-'));
  for (const [code, name, caseDir] of allCases()) writeCase(caseDir, path.join(dir, `${code}.cases`, name));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  onDisk = dir;
  return dir;
}
