import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { AdapterRegistration, FileHost, NoneBotProject, ReadProblem } from '../model';
import { LineIndex } from '../text/lineIndex';
import { t } from '../l10n';

/**
 * Which adapters a NoneBot project registers (nonebot-onebot.md §9).
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

/** Python source with comments and string contents blanked (same length, so offsets stay valid). */
function blankCommentsAndStrings(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '"' || c === "'") {
      const triple = src.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      out += q;
      i += q.length;
      while (i < src.length && !src.startsWith(q, i) && (triple || src[i] !== '\n')) {
        if (src[i] === '\\' && i + 1 < src.length) {
          out += '  ';
          i += 2;
          continue;
        }
        out += src[i] === '\n' ? '\n' : ' ';
        i++;
      }
      if (i < src.length && src.startsWith(q, i)) {
        out += q;
        i += q.length;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export function readBotPyAdapters(file: string, text: string): { list: AdapterRegistration[]; resolved: boolean } {
  const code = blankCommentsAndStrings(text);
  const idx = new LineIndex(text);
  /** local name → module (for `X.Adapter`) or module + '.Adapter' (for a class). */
  const names = new Map<string, string>();
  /** `from M import *` */
  const starModules: string[] = [];
  // from M import A [as B], C ... ; also parenthesised over several lines
  const fromImport = /(^|\n)[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*(?:\\\n[^\n]*)*)/g;
  for (const m of code.matchAll(fromImport)) {
    const module = m[2];
    const list = m[3].replace(/[()\\\n]/g, ' ');
    if (/^\s*\*\s*$/.test(list)) {
      starModules.push(module);
      continue;
    }
    for (const part of list.split(',')) {
      const pm = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (!pm) continue;
      names.set(pm[2] ?? pm[1], `${module}.${pm[1]}`);
    }
  }
  // import M [as B], N
  const plainImport = /(^|\n)[ \t]*import[ \t]+([^\n]*)/g;
  for (const m of code.matchAll(plainImport)) {
    for (const part of m[2].split(',')) {
      const pm = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (!pm) continue;
      if (pm[2]) names.set(pm[2], pm[1]);
      else names.set(pm[1].split('.')[0], pm[1].split('.')[0]);
    }
  }
  const list: AdapterRegistration[] = [];
  let resolved = true;
  const call = /register_adapter[ \t]*\(\s*([^)]*?)\s*\)/g;
  for (const m of code.matchAll(call)) {
    const expr = m[1].replace(/\s+/g, '').replace(/^adapter=/, '').replace(/,$/, '');
    let start = m.index! + m[0].indexOf('(') + 1;
    while (/\s/.test(code[start])) start++;
    const module = resolveAdapterExpr(expr, names, starModules);
    if (!module) {
      resolved = false;
      continue;
    }
    list.push({
      module,
      onebot: onebotVersion(module),
      file,
      range: idx.range(start, start + m[1].length),
      via: 'bot.py',
    });
  }
  return { list, resolved };
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
  if (Array.isArray(adapters)) entries.push(...(adapters as TomlAdapter[])); // legacy list form
  else if (adapters && typeof adapters === 'object') {
    for (const v of Object.values(adapters as Record<string, unknown>)) if (Array.isArray(v)) entries.push(...(v as TomlAdapter[]));
  }
  const idx = new LineIndex(text);
  const used = new Set<number>();
  const out: AdapterRegistration[] = [];
  for (const a of entries) {
    if (!a || typeof a.module_name !== 'string') continue;
    const module = a.module_name;
    const at = findModuleName(text, module, used);
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

function findModuleName(text: string, module: string, used: Set<number>): number | undefined {
  const re = /module_name\s*=\s*(["'])([^"'\n]*)\1/g;
  for (const m of text.matchAll(re)) {
    if (m[2] !== module) continue;
    const at = m.index! + m[0].length - 1 - m[2].length;
    if (used.has(at)) continue;
    used.add(at);
    return at;
  }
  return undefined;
}
