import type { NoneBotProject, Range, TextEdit } from '../../model';
import { LineIndex } from '../../text/lineIndex';

/** Where to point at "the adapter registration" of a project: its register_adapter calls, nonebot.init(), or line 1. */
export function registrationAnchor(p: NoneBotProject, text: (file: string) => string | undefined): { file: string; range: Range } | undefined {
  const src = p.adapters.sources[0];
  if (!src) return undefined;
  const last = p.adapters.list[p.adapters.list.length - 1];
  if (last) return { file: last.file, range: last.range };
  const body = text(src) ?? '';
  const idx = new LineIndex(body);
  const m = /nonebot\.init\([^()]*\)|\[tool\.nonebot\.adapters\]|\[tool\.nonebot\]|nonebot\.run\(\)/.exec(body);
  if (m) return { file: src, range: idx.range(m.index, m.index + m[0].length) };
  return { file: src, range: { start: { line: 0, character: 0 }, end: { line: 0, character: idx.lineText(0).length } } };
}

/**
 * Edits that register the OneBot V11 adapter in bot.py as nb-cli's template does: the import after the last
 * top-level import, `driver.register_adapter(ONEBOT_V11Adapter)` after `nonebot.init(...)` (with `driver = …`
 * when the file has none).
 */
export function registerV11Edits(p: NoneBotProject, text: (file: string) => string | undefined): TextEdit[] | undefined {
  if (!p.botPy) return undefined;
  const body = text(p.botPy);
  if (body === undefined) return undefined;
  const idx = new LineIndex(body);
  const init = /^([ \t]*)nonebot\.init\([^()]*\)[ \t]*$/m.exec(body);
  if (!init) return undefined;
  let lastImport = -1;
  for (let l = 0; l < idx.lineCount; l++) if (/^(?:import|from)\s+\S/.test(idx.lineText(l))) lastImport = l;
  const importLine = lastImport + 1;
  const initEnd = idx.position(init.index + init[0].length);
  const indent = init[1];
  const hasDriver = /^\s*driver\s*=\s*nonebot\.get_driver\(\)/m.test(body);
  const driverVar = hasDriver ? 'driver' : undefined;
  const registration = driverVar
    ? `\n${indent}${driverVar}.register_adapter(ONEBOT_V11Adapter)`
    : `\n\n${indent}driver = nonebot.get_driver()\n${indent}driver.register_adapter(ONEBOT_V11Adapter)`;
  // With `driver = nonebot.get_driver()` after init, register right after that line instead.
  let at = initEnd;
  const drv = /^[ \t]*driver\s*=\s*nonebot\.get_driver\(\)[ \t]*$/m.exec(body);
  if (drv && drv.index > init.index) at = idx.position(drv.index + drv[0].length);
  return [
    {
      file: p.botPy,
      range: { start: { line: importLine, character: 0 }, end: { line: importLine, character: 0 } },
      newText: 'from nonebot.adapters.onebot.v11 import Adapter as ONEBOT_V11Adapter\n',
    },
    { file: p.botPy, range: { start: at, end: at }, newText: registration },
  ];
}
