/**
 * `npm run bench`: the figures behind the product's speed claims, measured in one run on this machine.
 * - per-edit latency through the real bundled server over stdio (edit → the server's status notification after its
 *   analysis), and the server's own compute time, p50/p99 over 200+ edits, on three workspaces;
 * - cold start (spawn → first analysis) and the server's RSS;
 * - side by side: vscode-json-languageservice validating the same appsettings.json against Lagrange's schema (what a
 *   user has today), and our whole cross-file lint of the same pair, in-process; the ratio ours/theirs;
 * - one edit, as the language server lints it (parse cache + rule reuse, in-process), beside the schema validation
 *   of the same appsettings.json in the same loop: an edit of appsettings.json, and an edit of .env; ratio each;
 * - the probe's time to verdict against loopback servers, with the number of handshakes;
 * - growth: every hostile input of test/fuzz/hostile.ts (the robustness findings) through the whole analysis at 1k,
 *   10k and 40k entries, as time per entry and the ratio 40k/1k of that time (1 is linear; a quadratic shows ~40).
 *   `BENCH_ONLY=growth npm run bench` runs this part alone.
 * Prints a table and writes bench-results/bench.json. Never used as an assertion in tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { analyze, nodeFileHost } from '../server/src/core/analyze';
import { MemoryFileHost } from '../server/src/core/memoryHost';
import { probeTargets, runProbe } from '../server/src/core/probe';
import { buildModel } from '../server/src/core/analyze';
import { LspClient } from '../test/lsp/lspClient';
import { ParseCache } from '../server/src/core/cache';
import { discover } from '../server/src/core/analyze';
import { IncrementalAnalysis } from '../server/src/lsp/incremental';
import * as S from '../test/probe/servers';
import { HOSTILE, hostileHost, WS } from '../test/fuzz/hostile';
import { casesOnDisk } from '../test/ruleCases';

const EDITS = Number(process.env.BENCH_EDITS ?? 200);
// Lagrange's and nb-cli's shipped files, as a plain folder.
const CASES = path.join(casesOnDisk(), 'token-mismatch.cases', 'silent-shipped-defaults');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const r2 = (x: number) => Math.round(x * 1000) / 1000;

function copyShipped(dest: string): void {
  fs.cpSync(CASES, dest, { recursive: true });
}

function realistic(dest: string): void {
  copyShipped(dest);
  const nb = path.join(dest, 'nonebot');
  for (let i = 0; i < 120; i++) {
    const dir = path.join(nb, 'src', 'plugins', `plugin_${i}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '__init__.py'), `from nonebot import on_command\n\nmatcher = on_command("cmd${i}")\n`);
    fs.writeFileSync(path.join(dir, 'config.py'), `from pydantic import BaseModel\n\nclass Config(BaseModel):\n    plugin_${i}_enabled: bool = True\n`);
  }
  fs.mkdirSync(path.join(nb, 'data'), { recursive: true });
  for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(nb, 'data', `d${i}.json`), '{}');
  const lag = path.join(dest, 'lagrange');
  for (const f of ['keystore.json', 'device.json', 'appinfo.json']) fs.writeFileSync(path.join(lag, f), '{}');
  fs.mkdirSync(path.join(lag, 'lagrange-0-db'), { recursive: true });
  for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(lag, 'lagrange-0-db', `seg${i}`), 'x');
}

function monorepo(dest: string): void {
  realistic(dest);
  for (const [name, n] of [
    ['node_modules', 15_000],
    ['.venv', 4_500],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const dir = path.join(dest, name, `pkg${i % 300}`, `sub${i % 7}`);
      if (i < 2100) fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `f${i}.${name === '.venv' ? 'py' : 'js'}`), '// x\n');
      if (i % 500 === 0) fs.writeFileSync(path.join(dir, '.env'), 'DRIVER=~fastapi\n'); // must never be read
    }
  }
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : NaN;
}

interface EditFigures {
  workspace: string;
  files: number;
  coldStartMs: number;
  editP50: number;
  editP99: number;
  computeP50: number;
  computeP99: number;
  rssMb: number;
}

async function editLatency(name: string, root: string): Promise<EditFigures> {
  const t0 = performance.now();
  const c = new LspClient();
  c.settings = { ...c.settings, debounceMs: 0 };
  await c.start(root);
  await c.until(() => c.statusCount >= 1, 'first analysis');
  const coldStartMs = performance.now() - t0;
  const env = path.join(root, 'nonebot', '.env');
  const base = fs.readFileSync(env, 'utf8');
  c.open(env, base);
  await c.until(() => c.statusCount >= 2, 'open');
  const lat: number[] = [];
  const logsBefore = c.logs.length;
  for (let i = 0; i < EDITS; i++) {
    const want = c.statusCount + 1;
    const s = performance.now();
    c.change(env, `${base}ONEBOT_ACCESS_TOKEN=tok${i % 2 ? 'en' : ''}${i}\n`);
    await c.until(() => c.statusCount >= want, 'analysis after edit');
    lat.push(performance.now() - s);
  }
  const compute = c.logs
    .slice(logsBefore)
    .map((l) => /analysed .* in ([\d.]+) ms/.exec(l)?.[1])
    .filter((x): x is string => !!x)
    .map(Number);
  const rss = rssMb(c.proc!.pid!);
  await c.stop();
  return {
    workspace: name,
    files: countFiles(root),
    coldStartMs: r2(coldStartMs),
    editP50: r2(pct(lat, 50)),
    editP99: r2(pct(lat, 99)),
    computeP50: r2(pct(compute, 50)),
    computeP99: r2(pct(compute, 99)),
    rssMb: rss,
  };
}

async function jsonSideBySide() {
  const lagFile = path.join(CASES, 'lagrange', 'appsettings.json');
  const text = fs.readFileSync(lagFile, 'utf8');
  const schema = JSON.parse(fs.readFileSync('schemas/lagrange-appsettings.schema.json', 'utf8'));
  const ls = getLanguageService({});
  ls.configure({ validate: true, allowComments: true, schemas: [{ uri: 'lagrange://schema', fileMatch: ['*.json'], schema }] });
  const theirs: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const doc = TextDocument.create('file:///appsettings.json', 'jsonc', i, text);
    const s = performance.now();
    await ls.doValidation(doc, ls.parseJSONDocument(doc), { comments: 'ignore', trailingCommas: 'ignore' });
    theirs.push(performance.now() - s);
  }
  const root = path.resolve('/bench-ws');
  const files: Record<string, string> = {};
  for (const rel of ['lagrange/appsettings.json', 'nonebot/.env', 'nonebot/.env.dev', 'nonebot/bot.py'])
    files[path.join(root, rel)] = fs.readFileSync(path.join(CASES, rel), 'utf8');
  const host = new MemoryFileHost(files);
  const ours: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const s = performance.now();
    analyze([root], host);
    ours.push(performance.now() - s);
  }
  return {
    theirsP50: r2(pct(theirs.slice(200), 50)),
    oursP50: r2(pct(ours.slice(200), 50)),
    oursP99: r2(pct(ours.slice(200), 99)),
    ratio: r2(pct(ours.slice(200), 50) / pct(theirs.slice(200), 50)),
  };
}

/**
 * One edit as the server lints it: the edited file changes every iteration (so it is parsed every time), the other
 * files are as the server's caches left them. Interleaved with the schema validation of appsettings.json, so both
 * see the same machine load.
 */
async function oneEditSideBySide() {
  const lagFile = path.join(CASES, 'lagrange', 'appsettings.json');
  const lagText = fs.readFileSync(lagFile, 'utf8');
  const schema = JSON.parse(fs.readFileSync('schemas/lagrange-appsettings.schema.json', 'utf8'));
  const ls = getLanguageService({});
  ls.configure({ validate: true, allowComments: true, schemas: [{ uri: 'lagrange://schema', fileMatch: ['*.json'], schema }] });
  const root = path.resolve('/bench-ws');
  const rows = [];
  for (const [edited, change] of [
    ['lagrange/appsettings.json', (t: string, i: number) => t.replace(/"Uin": \d+/, `"Uin": ${i}`)],
    ['nonebot/.env', (t: string, i: number) => `${t}ONEBOT_ACCESS_TOKEN=tok${i}\n`],
  ] as const) {
    const host = new MemoryFileHost();
    for (const rel of ['lagrange/appsettings.json', 'nonebot/.env', 'nonebot/.env.dev', 'nonebot/bot.py'])
      host.set(path.join(root, rel), fs.readFileSync(path.join(CASES, rel), 'utf8'));
    const inc = new IncrementalAnalysis(new ParseCache());
    const discovery = discover([root], host);
    const file = path.join(root, edited);
    const base = host.readFile(file)!;
    const theirs: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < 2200; i++) {
      const doc = TextDocument.create('file:///appsettings.json', 'jsonc', i, edited.endsWith('.json') ? change(lagText, i) : lagText);
      let s = performance.now();
      await ls.doValidation(doc, ls.parseJSONDocument(doc), { comments: 'ignore', trailingCommas: 'ignore' });
      theirs.push(performance.now() - s);
      host.set(file, change(base, i));
      s = performance.now();
      inc.analyze([root], host, { discovery });
      ours.push(performance.now() - s);
    }
    const t = theirs.slice(200);
    const o = ours.slice(200);
    rows.push({
      edited,
      theirsP50: r2(pct(t, 50)),
      oursP50: r2(pct(o, 50)),
      oursP99: r2(pct(o, 99)),
      rulesRun: inc.ran,
      rulesReused: inc.reused,
      ratio: r2(pct(o, 50) / pct(t, 50)),
    });
  }
  return rows;
}

async function probeTimes() {
  const token = 'bench-token';
  const ok = await S.nonebotLike({ token });
  const wrong = await S.nonebotLike({ token: 'other' });
  const [linked] = probeTargets(buildModel([path.resolve('examples/fixed')], nodeFileHost));
  const rows: { verdict: string; ms: number; handshakes: number }[] = [];
  const cases = [
    { url: `ws://127.0.0.1:${ok.port}/onebot/v11/ws`, link: undefined },
    { url: `ws://127.0.0.1:${ok.port}/onebot/v11`, link: undefined },
    { url: `ws://127.0.0.1:${wrong.port}/onebot/v11/ws`, link: linked.link },
  ];
  for (const c of cases) {
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof runProbe>> | undefined;
    for (let i = 0; i < 20; i++) {
      last = await runProbe({ kind: 'url', url: c.url, token, label: 'bench', link: c.link }, { stageTimeoutMs: 2000 });
      times.push(last.totalMs);
    }
    rows.push({ verdict: last!.verdict, ms: pct(times, 50), handshakes: last!.attempts.filter((a) => a.selfId !== '-').length });
  }
  await ok.close();
  await wrong.close();
  return rows;
}

export interface GrowthRow {
  input: string;
  /** Microseconds per entry at each size. */
  usPerEntry: Record<string, number>;
  /** usPerEntry at the largest size over usPerEntry at the smallest: 1 is linear. */
  ratio: number;
}

const GROWTH_SIZES = [1000, 10_000, 40_000];

/** Each hostile input at 1k / 10k / 40k entries, whole analysis, best of a few runs per size. */
function growth(): GrowthRow[] {
  const rows: GrowthRow[] = [];
  for (const c of HOSTILE) {
    if (c.small === c.full) continue; // a fixed size (the depth just below the old crash), not a growth
    analyze([WS], hostileHost(c, 200)); // warm-up
    const usPerEntry: Record<string, number> = {};
    for (const n of GROWTH_SIZES) {
      const host = hostileHost(c, n);
      const runs = n >= 40_000 ? 1 : 3;
      let best = Infinity;
      for (let i = 0; i < runs; i++) {
        // CPU time of this process (user + system), less disturbed than wall time by other work on the machine.
        const t0 = process.cpuUsage();
        analyze([WS], host);
        const d = process.cpuUsage(t0);
        best = Math.min(best, (d.user + d.system) / 1000);
      }
      usPerEntry[String(n)] = r2((best * 1000) / n);
    }
    const first = usPerEntry[String(GROWTH_SIZES[0])];
    const last = usPerEntry[String(GROWTH_SIZES[GROWTH_SIZES.length - 1])];
    rows.push({ input: c.name, usPerEntry, ratio: Math.round((last / Math.max(first, 1e-6)) * 100) / 100 });
  }
  return rows;
}

function growthTable(rows: GrowthRow[]): string[] {
  const out = [
    `growth (whole analysis, CPU µs per entry)        ${GROWTH_SIZES.map((n) => `${n / 1000}k`.padStart(9)).join('')}   ratio ${GROWTH_SIZES[GROWTH_SIZES.length - 1] / 1000}k/${GROWTH_SIZES[0] / 1000}k`,
  ];
  for (const r of rows)
    out.push(`${r.input.slice(0, 44).padEnd(44)} ${GROWTH_SIZES.map((n) => r.usPerEntry[String(n)].toFixed(1).padStart(9)).join('')}   ${r.ratio.toFixed(2)}`);
  return out;
}

/**
 * CLI start against bare `node` (an empty script): `onebot-doctor --version` and `onebot-doctor check examples/fixed`
 * through the installed entry point (bin/onebot-doctor.js, which turns on V8's compile cache where Node has
 * `module.enableCompileCache`), p50 over alternating runs: the CPU time of the child process (user + system, read
 * by a preloaded exit hook, so a busy machine does not inflate it) and the wall-clock time. One line for the table.
 */
function cliStart(runs = Number(process.env.BENCH_CLI_RUNS ?? 30)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-bench-cli-'));
  const empty = path.join(dir, 'empty.js');
  const hook = path.join(dir, 'cpu.js');
  fs.writeFileSync(empty, '');
  fs.writeFileSync(hook, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(3, String((u.user + u.system) / 1000)); });\n");
  const cases: Record<'node' | 'version' | 'check', string[]> = {
    node: [empty],
    version: ['bin/onebot-doctor.js', '--version'],
    check: ['bin/onebot-doctor.js', 'check', 'examples/fixed'],
  };
  const wall: Record<keyof typeof cases, number[]> = { node: [], version: [], check: [] };
  const cpu: Record<keyof typeof cases, number[]> = { node: [], version: [], check: [] };
  for (let i = 0; i < runs; i++) {
    for (const k of Object.keys(cases) as (keyof typeof cases)[]) {
      const s = performance.now();
      const p = spawnSync(process.execPath, ['-r', hook, ...cases[k]], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
      wall[k].push(performance.now() - s);
      cpu[k].push(Number(String(p.output[3])));
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const p50 = (xs: number[]) => pct(xs, 50);
  const cache =
    typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function'
      ? 'compile cache on'
      : `no compile cache in Node ${process.version}`;
  const figures = {
    runs,
    compileCache: cache,
    cpuMs: { node: r2(p50(cpu.node)), version: r2(p50(cpu.version)), check: r2(p50(cpu.check)) },
    wallMs: { node: r2(p50(wall.node)), version: r2(p50(wall.version)), check: r2(p50(wall.check)) },
    cpuRatio: { version: r2(p50(cpu.version) / p50(cpu.node)), check: r2(p50(cpu.check) / p50(cpu.node)) },
    wallRatio: { version: r2(p50(wall.version) / p50(wall.node)), check: r2(p50(wall.check) / p50(wall.node)) },
  };
  const c = figures.cpuMs;
  const line =
    `CLI start, p50 of ${runs} (${cache}): CPU bare node ${c.node.toFixed(0)} ms, onebot-doctor --version +${(c.version - c.node).toFixed(0)} ms ` +
    `(ratio ${figures.cpuRatio.version}), check examples/fixed +${(c.check - c.node).toFixed(0)} ms (ratio ${figures.cpuRatio.check}); ` +
    `wall ratios ${figures.wallRatio.version} and ${figures.wallRatio.check}`;
  return { ...figures, line };
}

async function main() {
  if (process.env.BENCH_ONLY === 'growth') {
    const rows = growth();
    process.stdout.write(`${growthTable(rows).join('\n')}\n`);
    fs.mkdirSync('bench-results', { recursive: true });
    fs.writeFileSync('bench-results/growth.json', JSON.stringify({ when: new Date().toISOString(), growth: rows }, null, 2));
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-bench-'));
  const a = path.join(tmp, 'a');
  const b = path.join(tmp, 'b');
  const c = path.join(tmp, 'c');
  copyShipped(a);
  realistic(b);
  monorepo(c);
  const edits = [await editLatency('(a) shipped defaults', a), await editLatency('(b) realistic', b), await editLatency('(c) monorepo-like', c)];
  const json = await jsonSideBySide();
  const oneEdit = await oneEditSideBySide();
  const probe = await probeTimes();
  const grow = growth();
  const cli = cliStart();
  fs.rmSync(tmp, { recursive: true, force: true });

  const out: string[] = [];
  out.push(`node ${process.version}, ${os.cpus().length} cores, ${EDITS} edits per workspace`);
  out.push('');
  out.push('workspace               files  cold start  edit p50  edit p99  compute p50  compute p99   RSS');
  for (const e of edits) {
    out.push(
      `${e.workspace.padEnd(22)} ${String(e.files).padStart(6)} ${e.coldStartMs.toFixed(0).padStart(8)} ms ${e.editP50.toFixed(2).padStart(6)} ms ${e.editP99.toFixed(2).padStart(6)} ms ${e.computeP50.toFixed(2).padStart(8)} ms ${e.computeP99.toFixed(2).padStart(8)} ms ${e.rssMb.toFixed(1).padStart(5)} MB`,
    );
  }
  out.push('');
  out.push(
    `appsettings.json, same file: vscode-json-languageservice schema validation p50 ${json.theirsP50} ms; our whole cross-file lint p50 ${json.oursP50} ms (p99 ${json.oursP99} ms); ratio ours/theirs ${json.ratio}`,
  );
  for (const e of oneEdit) {
    out.push(
      `one edit of ${e.edited}, as the server lints it: our cross-file lint p50 ${e.oursP50} ms (p99 ${e.oursP99} ms, ${e.rulesRun} rules run, ${e.rulesReused} reused); schema validation of appsettings.json p50 ${e.theirsP50} ms; ratio ours/theirs ${e.ratio}`,
    );
  }
  out.push('');
  out.push('probe on loopback        verdict                      p50      handshakes');
  for (const p of probe) out.push(`                         ${p.verdict.padEnd(28)} ${String(p.ms).padStart(4)} ms  ${p.handshakes}`);
  out.push('');
  out.push(...growthTable(grow));
  out.push('');
  out.push(cli.line);
  process.stdout.write(`${out.join('\n')}\n`);
  fs.mkdirSync('bench-results', { recursive: true });
  fs.writeFileSync('bench-results/bench.json', JSON.stringify({ when: new Date().toISOString(), edits, json, oneEdit, probe, growth: grow, cli }, null, 2));
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
