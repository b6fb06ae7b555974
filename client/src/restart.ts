import * as path from 'node:path';
import type { ProbeReport } from '../../server/src/core/probe/types';

/**
 * Which running program must restart before a fix in `file` reaches the live link: the implementations and NoneBot
 * read their configuration when they start (Lagrange.OneBot's `appsettings.json`, NapCat's `onebot11_<uin>.json`,
 * go-cqhttp's `config.yml`, LLOneBot's `config_<uin>.json`, NoneBot's `.env*` through pydantic settings at
 * `nonebot.init()`, and `bot.py` itself), so the next "Test again" meets the old values until then. No vscode import:
 * the unit tests read it as a table.
 */
export type Program = 'NoneBot' | 'Koishi' | 'Lagrange.OneBot' | 'NapCat' | 'go-cqhttp' | 'LLOneBot';

const BY_KIND: Record<string, Program> = {
  nonebot: 'NoneBot',
  koishi: 'Koishi',
  lagrange: 'Lagrange.OneBot',
  napcat: 'NapCat',
  gocqhttp: 'go-cqhttp',
  llonebot: 'LLOneBot',
};

export function programToRestart(report: Pick<ProbeReport, 'action' | 'target'>): Program | undefined {
  const file = report.action?.file;
  if (!file) return undefined;
  const name = path.basename(file).toLowerCase();
  if (/^\.env(?:\..+)?$/.test(name) || name === 'bot.py' || name === 'pyproject.toml') return 'NoneBot';
  if (/^koishi\.ya?ml$/.test(name)) return 'Koishi';
  if (/^appsettings.*\.json$/.test(name)) return 'Lagrange.OneBot';
  if (/^onebot11.*\.json$/.test(name)) return 'NapCat';
  if (/^config\.ya?ml$/.test(name)) return 'go-cqhttp';
  if (/^config_.*\.json$/.test(name)) return report.target.as === 'napcat' ? 'NapCat' : 'LLOneBot';
  // Another file: the side the probe spoke to owns it when the link says which.
  const kind = report.target.kind === 'forward-ws' || report.target.kind === 'http-api' ? report.target.as : report.target.framework;
  return kind ? BY_KIND[kind] : undefined;
}
