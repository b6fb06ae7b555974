import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { AdapterRegistration, FileHost, NoneBotProject, ReadProblem } from '../model';
import { LineIndex } from '../text/lineIndex';
import { t } from '../l10n';
import { pythonLogicalLines, type LogicalLine } from './pyTokens';

/**
 * Which adapters a NoneBot project registers (docs/facts/nonebot.md#adapter-registration).
 *
 * - `bot.py` present: it decides, for `python bot.py` and for `nb run` alike. nb-cli's `nb run` runs the entry file
 *   (`-f/--file`, default `bot.py`) when it exists, and only otherwise generates a start script from pyproject.toml
 *   (nb-cli docs, "启动 Bot": "对于目录下已有 bot.py 的项目，CLI 会使用该脚本运行 bot"). Only
 *   `driver.register_adapter(X)` registers an adapter; `nonebot.load_from_toml` loads plugins and plugin_dirs, never
 *   adapters (nonebot2 `nonebot/plugin/load.py`), so adapters listed only in pyproject.toml are not registered by a
 *   bot.py that does not register them itself.
 * - no `bot.py`, a `pyproject.toml` with `[tool.nonebot]`: `nb run` generates the script of nb-cli's
 *   `template/scripts/project/_prepare.py.jinja`: `from {module_name} import Adapter as …`, `nonebot.init()`,
 *   `driver.register_adapter(…)` for every adapter listed (`[tool.nonebot.adapters]` table form, or the legacy
 *   `adapters = [{name, module_name}]` list), then `nonebot.load_from_toml("pyproject.toml")`.
 * - neither, or a bot.py whose registrations cannot be resolved statically (a loop, a variable): unknown
 *   (`known: false`: say nothing about adapters).
 */
export function readAdapters(dir: string, host: FileHost): NoneBotProject['adapters'] & { botPy?: string; pyproject?: string; problems: ReadProblem[] } {
  const problems: ReadProblem[] = [];
  const botFile = path.join(dir, 'bot.py');
  const botText = host.readFile(botFile);
  const pyFile = path.join(dir, 'pyproject.toml');
  const pyText = host.readFile(pyFile);
  const fromToml = pyText !== undefined ? readPyprojectAdapters(pyFile, pyText, problems) : undefined;
  if (botText !== undefined && !botText.includes('\u0000')) {
    const fromBot = readBotPyAdapters(botFile, botText);
    return {
      known: fromBot.resolved,
      list: fromBot.list,
      sources: [botFile],
      botPy: botFile,
      pyproject: fromToml ? pyFile : undefined,
      problems,
    };
  }
  if (fromToml) {
    return { known: true, list: fromToml, sources: [pyFile], pyproject: pyFile, problems };
  }
  return { known: false, list: [], sources: [], problems };
}

export function onebotVersion(module: string): 'v11' | 'v12' | undefined {
  const m = /^nonebot\.adapters\.onebot\.(v11|v12)(?:\.|$)/.exec(module);
  return m ? (m[1] as 'v11' | 'v12') : undefined;
}

const COMPOUND = new Set(['if', 'elif', 'else', 'while', 'for', 'with', 'def', 'class', 'try', 'except', 'finally', 'async']);
/** Conditions that are false before the program runs: their block never executes. */
const CONSTANT_FALSE = new Set(['False', 'None', '0', '0.0', '""', "''"]);

/** Splits tokens [from, to) at top-level occurrences of `sep` (bracket groups are skipped whole). */
function splitTop(line: LogicalLine, from: number, to: number, sep: string): [number, number][] {
  const out: [number, number][] = [];
  let start = from;
  for (let k = from; k < to; k++) {
    const tok = line.tokens[k];
    if (tok.kind !== 'op') continue;
    if (line.closeOf[k] >= 0) k = Math.min(line.closeOf[k], to - 1);
    else if (tok.text === sep) {
      out.push([start, k]);
      start = k + 1;
    }
  }
  out.push([start, to]);
  return out;
}

/** Where a compound statement's header ends (its top-level ':'), or -1. */
function headerColon(line: LogicalLine): number {
  for (let k = 1; k < line.tokens.length; k++) {
    const tok = line.tokens[k];
    if (tok.kind !== 'op') continue;
    if (line.closeOf[k] >= 0) k = line.closeOf[k];
    else if (tok.text === ':') return k;
  }
  return -1;
}

/**
 * Reads `driver.register_adapter(X)` calls and the imports that name X, over Python's tokens (pyTokens.ts): comments
 * and strings never count, calls may span lines, and a block under `if False:` / `if 0:` / `while False:` (also on
 * one line: `if False: driver.register_adapter(V11)`) registers nothing, since it never runs. Linear in the file.
 */
export function readBotPyAdapters(file: string, text: string): { list: AdapterRegistration[]; resolved: boolean } {
  const idx = new LineIndex(text);
  /** local name → module (for `X.Adapter`) or module + '.Adapter' (for a class). */
  const names = new Map<string, string>();
  /** `from M import *` */
  const starModules: string[] = [];
  const list: AdapterRegistration[] = [];
  let resolved = true;
  /** Lines indented deeper than this belong to a block that never runs. */
  let deadAbove: number | undefined;

  for (const line of pythonLogicalLines(text)) {
    if (deadAbove !== undefined) {
      if (line.indent > deadAbove) continue;
      deadAbove = undefined;
    }
    const toks = line.tokens;
    let from = 0;
    if (toks[0].kind === 'name' && COMPOUND.has(toks[0].text)) {
      const colon = headerColon(line);
      if (colon < 0) continue; // not a statement Python accepts
      const kw = toks[0].text;
      const cond = toks
        .slice(1, colon)
        .map((x) => x.text)
        .join(' ');
      if ((kw === 'if' || kw === 'elif' || kw === 'while') && CONSTANT_FALSE.has(cond)) {
        if (colon === toks.length - 1) deadAbove = line.indent;
        continue;
      }
      from = colon + 1;
    }
    for (const [a, b] of splitTop(line, from, toks.length, ';')) {
      if (a >= b) continue;
      const head = toks[a];
      if (head.kind === 'name' && head.text === 'from') readFromImport(line, a, b, names, starModules);
      else if (head.kind === 'name' && head.text === 'import') readImport(line, a, b, names);
      for (let k = a; k < b - 1; k++) {
        if (toks[k].kind !== 'name' || toks[k].text !== 'register_adapter' || toks[k + 1].text !== '(') continue;
        const close = line.closeOf[k + 1];
        if (close < 0 || close > b) continue; // an unclosed call: Python stops with a SyntaxError
        let argStart = k + 2;
        let argEnd = close;
        if (argEnd > argStart && toks[argEnd - 1].text === ',') argEnd--;
        const rangeStart = argStart < argEnd ? toks[argStart].start : toks[k + 1].end;
        const rangeEnd = argStart < argEnd ? toks[argEnd - 1].end : toks[k + 1].end;
        if (argEnd - argStart >= 2 && toks[argStart].text === 'adapter' && toks[argStart + 1].text === '=') argStart += 2;
        let expr = '';
        for (let j = argStart; j < argEnd; j++) expr += toks[j].text;
        const module = resolveAdapterExpr(expr, names, starModules);
        if (!module) {
          resolved = false;
          continue;
        }
        list.push({ module, onebot: onebotVersion(module), file, range: idx.range(rangeStart, rangeEnd), via: 'bot.py' });
      }
    }
  }
  return { list, resolved };
}

/** `from M import A [as B], …`, `from M import (…)`, `from M import *`. */
function readFromImport(line: LogicalLine, a: number, b: number, names: Map<string, string>, starModules: string[]): void {
  const toks = line.tokens;
  let k = a + 1;
  let module = '';
  while (k < b && !(toks[k].kind === 'name' && toks[k].text === 'import')) module += toks[k++].text;
  if (k >= b || !module) return;
  k++;
  if (k < b && toks[k].text === '*') {
    starModules.push(module);
    return;
  }
  let end = b;
  if (k < b && toks[k].text === '(') {
    end = line.closeOf[k] >= 0 ? line.closeOf[k] : b;
    k++;
  }
  for (const [s, e] of splitTop(line, k, end, ',')) {
    const part = toks.slice(s, e);
    if (part.length === 1 && part[0].kind === 'name') names.set(part[0].text, `${module}.${part[0].text}`);
    else if (part.length === 3 && part[0].kind === 'name' && part[1].text === 'as' && part[2].kind === 'name')
      names.set(part[2].text, `${module}.${part[0].text}`);
  }
}

/** `import M [as B], N`. */
function readImport(line: LogicalLine, a: number, b: number, names: Map<string, string>): void {
  const toks = line.tokens;
  for (const [s, e] of splitTop(line, a + 1, b, ',')) {
    const part = toks.slice(s, e);
    const asAt = part.findIndex((x) => x.kind === 'name' && x.text === 'as');
    const dotted = (asAt >= 0 ? part.slice(0, asAt) : part).map((x) => x.text).join('');
    if (!/^[\w.]+$/.test(dotted)) continue;
    if (asAt >= 0) {
      const alias = part[asAt + 1];
      if (alias && alias.kind === 'name' && asAt + 2 === part.length) names.set(alias.text, dotted);
    } else names.set(dotted.split('.')[0], dotted.split('.')[0]);
  }
}

/** `ONEBOT_V11Adapter`, `v11.Adapter`, `nonebot.adapters.onebot.v11.Adapter` → the adapter's module. */
function resolveAdapterExpr(expr: string, names: Map<string, string>, starModules: string[]): string | undefined {
  if (!/^[\w.]+$/.test(expr)) return undefined;
  const parts = expr.split('.');
  const star = starModules.filter((m) => /^nonebot\.adapters\./.test(m));
  const head = names.get(parts[0]) ?? (star.length === 1 ? `${star[0]}.${parts[0]}` : undefined);
  if (!head) return undefined;
  const full = [head, ...parts.slice(1)].join('.');
  // The class is `Adapter` in the package or its `.adapter` submodule.
  const m = /^(.*?)(?:\.adapter)?\.Adapter$/.exec(full);
  return m ? m[1] : undefined;
}

interface TomlAdapter {
  name?: unknown;
  module_name?: unknown;
}

function readPyprojectAdapters(file: string, text: string, problems: ReadProblem[]): AdapterRegistration[] | undefined {
  if (text.includes('\u0000')) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown>;
  } catch (e) {
    if (!/\[tool\.nonebot/.test(text)) return undefined;
    const idx = new LineIndex(text);
    const line = Math.max(0, ((e as { line?: number }).line ?? 1) - 1);
    problems.push({
      file,
      range: { start: { line, character: 0 }, end: { line, character: idx.lineText(line).length } },
      message: t(
        `pyproject.toml is not valid TOML: ${(e as Error).message.split('\n')[0]}. nb-cli cannot read [tool.nonebot].`,
        `pyproject.toml 不是有效的 TOML：${(e as Error).message.split('\n')[0]}。nb-cli 无法读取 [tool.nonebot]。`,
      ),
    });
    return undefined;
  }
  const tool = (doc.tool as Record<string, unknown> | undefined)?.nonebot as Record<string, unknown> | undefined;
  if (!tool || typeof tool !== 'object') return undefined;
  const entries: TomlAdapter[] = [];
  const adapters = tool.adapters;
  if (Array.isArray(adapters))
    entries.push(...(adapters as TomlAdapter[])); // legacy list form
  else if (adapters && typeof adapters === 'object') {
    for (const v of Object.values(adapters as Record<string, unknown>)) if (Array.isArray(v)) entries.push(...(v as TomlAdapter[]));
  }
  const idx = new LineIndex(text);
  const places = moduleNamePlaces(text);
  const out: AdapterRegistration[] = [];
  for (const a of entries) {
    if (!a || typeof a.module_name !== 'string') continue;
    const module = a.module_name;
    const q = places.get(module);
    const at = q && q.next < q.offsets.length ? q.offsets[q.next++] : undefined;
    out.push({
      module,
      onebot: onebotVersion(module),
      file,
      range: at ? idx.range(at, at + module.length) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      via: 'pyproject',
    });
  }
  return out;
}

/** Every `module_name = "…"` in the file, by value, in document order (one pass, however many adapters). */
function moduleNamePlaces(text: string): Map<string, { offsets: number[]; next: number }> {
  const places = new Map<string, { offsets: number[]; next: number }>();
  const re = /module_name[ \t]*=[ \t]*(["'])([^"'\n]*)\1/g;
  for (const m of text.matchAll(re)) {
    const at = m.index! + m[0].length - 1 - m[2].length;
    const q = places.get(m[2]);
    if (q) q.offsets.push(at);
    else places.set(m[2], { offsets: [at], next: 0 });
  }
  return places;
}
