/**
 * Which implementations and frameworks the rule cases cover: for each cross-file rule, the fires-* and silent-* case
 * folders of `server/src/core/rules/<code>.cases/`, counted per implementation (what the case's workspace model reads:
 * Lagrange.OneBot, NapCat, go-cqhttp, LLOneBot) and per framework (NoneBot, Koishi). A cell a rule does not apply to
 * carries its reason in APPLIES below. The same per (implementation, framework) pair: a pair needs cases when the rule
 * applies to both its sides, unless PAIR_NA names why the pair cannot occur. test/caseMatrix.test.ts fails when an
 * applicable cell or pair has no fires or no silent case. `node out/scripts/case-matrix.js` (after
 * `npm run compile-tests`) prints the table and the gaps; `--pairs` prints the pair table too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildModel } from '../server/src/core/analyze';
import { nodeFileHost } from '../server/src/core/fs';
import { casesOnDisk } from '../test/ruleCases';

export const IMPLS = ['lagrange', 'napcat', 'gocqhttp', 'llonebot'] as const;
export const FRAMEWORKS = ['nonebot', 'koishi'] as const;
export type Side = (typeof IMPLS)[number] | (typeof FRAMEWORKS)[number];

const NONEBOT_ONLY = 'a NoneBot rule (its drivers, adapters or token check); Koishi has none of them';
const NO_TOKEN_CHECK =
  "Koishi's reverse WebSocket never checks the token (koishijs/koishi-plugin-adapter-onebot src/ws.ts): token-unused covers a token sent to it";
const FILE_RULE = 'a rule about the implementation file alone; no framework is involved';
const LAGRANGE_OWN = 'Lagrange has its own code for it (json-syntax, lagrange-unknown-key)';

/** Sides each rule does not apply to, with the reason; every other (rule, side) needs a fires and a silent case. */
export const APPLIES: Record<string, Partial<Record<Side, string>>> = {
  'token-mismatch': { koishi: NO_TOKEN_CHECK },
  'token-missing-client': { koishi: NO_TOKEN_CHECK },
  'token-unused': {},
  'ws-path': {},
  'port-mismatch': {},
  'host-unreachable': {},
  'driver-not-server': { koishi: NONEBOT_ONLY },
  'driver-not-client': { koishi: NONEBOT_ONLY },
  'adapter-not-registered': { koishi: NONEBOT_ONLY },
  'adapter-version': { koishi: NONEBOT_ONLY },
  'forward-ws-mismatch': {},
  'secret-mismatch': {},
  'impl-config-syntax': { lagrange: LAGRANGE_OWN, nonebot: FILE_RULE, koishi: FILE_RULE },
  'impl-unknown-key': { lagrange: LAGRANGE_OWN, nonebot: FILE_RULE, koishi: FILE_RULE },
  'impl-disabled': {},
  'mode-mismatch': {},
  'port-conflict': {},
  'selfid-mismatch': { nonebot: 'Koishi checks X-Self-ID against selfId; NoneBot takes any account' },
};

export interface Cell {
  fires: string[];
  silent: string[];
  /** Why the rule does not apply to this side (then the cell needs no case). */
  excluded?: string;
}

const RULES_DIR = path.resolve(__dirname, '../../server/src/core/rules');

/** The implementations and frameworks a case folder's workspace model holds. */
const sidesCache = new Map<string, Set<Side>>();
export function sidesOf(caseDir: string): Set<Side> {
  const known = sidesCache.get(path.resolve(caseDir));
  if (known) return new Set(known);
  const model = buildModel([caseDir], nodeFileHost, {});
  const sides = new Set<Side>();
  for (const c of model.implementations) sides.add(c.implementation as Side);
  if (model.nonebot.length > 0) sides.add('nonebot');
  if (model.koishi.length > 0) sides.add('koishi');
  sidesCache.set(path.resolve(caseDir), sides);
  return new Set(sides);
}

export function caseMatrix(rulesDir = RULES_DIR): Map<string, Map<Side, Cell>> {
  const out = new Map<string, Map<Side, Cell>>();
  for (const [code, excluded] of Object.entries(APPLIES)) {
    const row = new Map<Side, Cell>();
    for (const side of [...IMPLS, ...FRAMEWORKS]) row.set(side, { fires: [], silent: [], excluded: excluded[side] });
    const dir = path.join(rulesDir, `${code}.cases`);
    const cases = fs.existsSync(dir) ? fs.readdirSync(dir).filter((c) => fs.statSync(path.join(dir, c)).isDirectory()) : [];
    for (const c of cases.sort()) {
      const kind = c.startsWith('fires') ? 'fires' : c.startsWith('silent') ? 'silent' : undefined;
      if (!kind) continue;
      for (const side of sidesOf(path.join(dir, c))) row.get(side)![kind].push(c);
    }
    out.set(code, row);
  }
  return out;
}

/** The applicable cells (per side or per pair) with no fires or no silent case. */
export function gaps(matrix: Map<string, Map<string, Cell>>): string[] {
  const out: string[] = [];
  for (const [code, row] of matrix) {
    for (const [side, cell] of row) {
      if (cell.excluded) continue;
      if (cell.fires.length === 0) out.push(`${code} × ${side}: no fires case`);
      if (cell.silent.length === 0) out.push(`${code} × ${side}: no silent case`);
    }
  }
  return out;
}

export function renderMatrix(matrix: Map<string, Map<Side, Cell>>): string {
  const sides = [...IMPLS, ...FRAMEWORKS];
  const lines = [`| rule | ${sides.join(' | ')} |`, `|---|${sides.map(() => '---').join('|')}|`];
  for (const [code, row] of matrix) {
    const cells = sides.map((s) => {
      const c = row.get(s)!;
      if (c.excluded) return 'n/a';
      const mark = c.fires.length > 0 && c.silent.length > 0 ? '' : ' ✗';
      return `F${c.fires.length} S${c.silent.length}${mark}`;
    });
    lines.push(`| ${code} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export type Impl = (typeof IMPLS)[number];
export type Framework = (typeof FRAMEWORKS)[number];
export type Pair = `${Impl}+${Framework}`;
export const PAIRS: readonly (readonly [Impl, Framework])[] = IMPLS.flatMap((i) => FRAMEWORKS.map((f) => [i, f] as const));

/**
 * Pairs a rule cannot meet although it applies to both sides on their own, with the reason from the programs'
 * behaviour. Every other pair (rule applies to the implementation and to the framework) needs a fires and a silent
 * case holding both.
 */
export const PAIR_NA: Record<string, Partial<Record<Pair, string>>> = {};

/** Why the pair needs no case: a side the rule does not apply to, or a pair-specific reason. */
export function pairExcluded(code: string, impl: Impl, fw: Framework): string | undefined {
  const row = APPLIES[code] ?? {};
  return row[impl] ?? row[fw] ?? PAIR_NA[code]?.[`${impl}+${fw}`];
}

/** fires/silent cases per (implementation, framework) pair: the case folders whose model holds both. */
export function pairMatrix(rulesDir = RULES_DIR): Map<string, Map<Pair, Cell>> {
  const out = new Map<string, Map<Pair, Cell>>();
  for (const code of Object.keys(APPLIES)) {
    const row = new Map<Pair, Cell>();
    for (const [i, f] of PAIRS) row.set(`${i}+${f}`, { fires: [], silent: [], excluded: pairExcluded(code, i, f) });
    const dir = path.join(rulesDir, `${code}.cases`);
    const cases = fs.existsSync(dir) ? fs.readdirSync(dir).filter((c) => fs.statSync(path.join(dir, c)).isDirectory()) : [];
    for (const c of cases.sort()) {
      const kind = c.startsWith('fires') ? 'fires' : c.startsWith('silent') ? 'silent' : undefined;
      if (!kind) continue;
      const sides = sidesOf(path.join(dir, c));
      for (const [i, f] of PAIRS) if (sides.has(i) && sides.has(f)) row.get(`${i}+${f}`)![kind].push(c);
    }
    out.set(code, row);
  }
  return out;
}

/** fires/silent counts per (implementation, framework) pair; n/a where the rule cannot meet the pair. */
export function renderPairs(matrix: Map<string, Map<Pair, Cell>>): string {
  const pairs = PAIRS.map(([i, f]) => `${i}+${f}` as Pair);
  const lines = [`| rule | ${pairs.join(' | ')} |`, `|---|${pairs.map(() => '---').join('|')}|`];
  for (const [code, row] of matrix) {
    const cells = pairs.map((p) => {
      const c = row.get(p)!;
      if (c.excluded) return 'n/a';
      const mark = c.fires.length > 0 && c.silent.length > 0 ? '' : ' ✗';
      return `F${c.fires.length} S${c.silent.length}${mark}`;
    });
    lines.push(`| ${code} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  // Case folders keep shipped defaults by reference (test/ruleCases.ts): read them written out whole.
  const dir = casesOnDisk();
  const m = caseMatrix(dir);
  console.log(renderMatrix(m));
  const g = gaps(m);
  console.log(g.length ? `\n${g.length} gaps:\n${g.map((x) => `  ${x}`).join('\n')}` : '\nno gaps');
  const pm = pairMatrix(dir);
  if (process.argv.includes('--pairs')) console.log(`\n${renderPairs(pm)}`);
  const pg = gaps(pm);
  console.log(pg.length ? `\n${pg.length} pair gaps:\n${pg.map((x) => `  ${x}`).join('\n')}` : '\nno pair gaps');
  if (process.argv.includes('--list')) {
    for (const [code, row] of m)
      for (const [side, c] of row) if (!c.excluded) console.log(`${code} ${side}: fires ${c.fires.join(',') || '-'}; silent ${c.silent.join(',') || '-'}`);
  }
}
