import * as path from 'node:path';
import type { Rule } from './types';
import { t } from '../l10n';
import { related } from './lib/edits';

/** Suffixes people use for copies that are never meant to load. */
const NOT_CONFIG = /\.(?:example|sample|template|tpl|dist|bak|orig|old|swp|save|backup)$/i;

export const rule: Rule = {
  code: 'env-inactive-file',
  defaultSeverity: 'hint',
  scope: 'nonebot',
  title: t('This .env.* file is not loaded by NoneBot', 'NoneBot 不会加载此 .env.* 文件'),
  doc: {
    checks: 'A `.env.*` file other than `.env.{ENVIRONMENT}` (for the ENVIRONMENT NoneBot resolves: process environment, else `.env`, else `prod`). Copies such as `.env.example` are left alone.',
    why: 'NoneBot loads exactly two files: `.env` and `.env.{ENVIRONMENT}`. Settings in `.env.dev` do nothing while ENVIRONMENT=prod, and `.env.local` is never loaded at all. nb-cli writes `ENVIRONMENT=dev` into `.env`, so `.env.prod` is the inactive one in a fresh project.',
    sources: ['nonebot-onebot.md §8.1–8.2, §9 (nb-cli templates), §5 ("ENVIRONMENT=dev selects .env.dev")'],
    example: '# .env\nENVIRONMENT=prod\n# .env.dev (not loaded)\nPORT=8090',
    fix: 'Move the settings into the loaded file, or set ENVIRONMENT to select this file.',
  },
  check(ctx) {
    for (const p of ctx.model.nonebot) {
      for (const f of p.envFiles) {
        if (f.name === '.env' || p.loaded.includes(f.file) || NOT_CONFIG.test(f.name)) continue;
        const first = f.entries[0];
        const range = first ? { start: first.keyRange.start, end: first.keyRange.end } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        const from = p.environmentEntry
          ? t(`${path.basename(p.environmentEntry.file)} line ${p.environmentEntry.line + 1}`, `${path.basename(p.environmentEntry.file)} 第 ${p.environmentEntry.line + 1} 行`)
          : t('the default', '默认值');
        ctx.report({
          file: f.file,
          range,
          message: t(
            `NoneBot does not load ${f.name}: ENVIRONMENT is "${p.environment}" (from ${from.en}), so it loads .env and .env.${p.environment}. The settings in this file have no effect.`,
            `NoneBot 不会加载 ${f.name}：ENVIRONMENT 为 "${p.environment}"（来自 ${from.zh}），因此只加载 .env 和 .env.${p.environment}。此文件中的设置不会生效。`,
          ),
          related: p.environmentEntry ? [related(p.environmentEntry.file, p.environmentEntry.valueRange, t('ENVIRONMENT', 'ENVIRONMENT'))] : [],
          tags: ['unnecessary'],
        });
      }
    }
  },
};
