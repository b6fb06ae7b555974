import * as path from 'node:path';
import type { Rule } from './types';
import { t } from '../l10n';
import { related } from './lib/edits';
import { ENV_TEMPLATE } from '../nonebot/project';

export const rule: Rule = {
  code: 'env-inactive-file',
  defaultSeverity: 'hint',
  scope: 'nonebot',
  title: t('This .env.* file is not loaded by NoneBot', 'NoneBot 不会加载此 .env.* 文件'),
  doc: {
    checks:
      "A `.env.*` file other than `.env.{ENVIRONMENT}`, for the ENVIRONMENT NoneBot resolves (process environment, else `.env`, else `prod`). Reported once, on the file's first setting. Copies such as `.env.example` or `.env.bak` are left alone.",
    why: 'NoneBot loads exactly two files: `.env` and `.env.{ENVIRONMENT}`. Settings in `.env.dev` do nothing while ENVIRONMENT=prod, and `.env.local` is never loaded unless ENVIRONMENT=local. nb-cli writes `ENVIRONMENT=dev` into `.env`, so in a fresh project `.env.prod` is the inactive one.',
    sources: [
      'docs/facts/nonebot.md#env-file-loading, docs/facts/nonebot.md#adapter-registration (nb-cli templates), docs/facts/nonebot.md#observed-handshake-results ("ENVIRONMENT=dev selects .env.dev")',
      'nonebot2 `nonebot/__init__.py` init(): `Config(_env_file=(".env", f".env.{env.environment}"))`',
    ],
    example: '# .env\nENVIRONMENT=prod\n# .env.dev (not loaded)\nPORT=8090',
    fix: 'Move the settings into a file NoneBot loads, or set ENVIRONMENT to select this file.',
  },
  checkNoneBot(p, ctx) {
    for (const f of p.envFiles) {
      if (f.name === '.env' || p.loaded.includes(f.file) || ENV_TEMPLATE.test(f.name)) continue;
      const first = f.entries[0];
      let range = first?.keyRange;
      if (!range) {
        const text = ctx.text(f.file) ?? '';
        const firstLine = text.split(/\r\n|\r|\n/)[0] ?? '';
        range = { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } };
      }
      const env = f.name.slice('.env.'.length);
      const from = p.environmentEntry
        ? t(
            `set in ${path.basename(p.environmentEntry.file)} line ${p.environmentEntry.line + 1}`,
            `在 ${path.basename(p.environmentEntry.file)} 第 ${p.environmentEntry.line + 1} 行设置`,
          )
        : p.settings.ENVIRONMENT?.fromProcessEnv
          ? t('from the process environment', '来自进程环境变量')
          : t('the default', '默认值');
      ctx.report({
        file: f.file,
        range,
        message: t(
          `NoneBot does not load ${f.name}: ENVIRONMENT is "${p.environment}" (${from.en}), so it loads .env and .env.${p.environment} only. The settings in this file have no effect unless ENVIRONMENT=${env}.`,
          `NoneBot 不会加载 ${f.name}：ENVIRONMENT 为 "${p.environment}"（${from.zh}），因此只加载 .env 和 .env.${p.environment}。除非 ENVIRONMENT=${env}，此文件中的设置不会生效。`,
        ),
        related: p.environmentEntry
          ? [related(p.environmentEntry.file, p.environmentEntry.valueRange, t('ENVIRONMENT is set here', 'ENVIRONMENT 在此设置'))]
          : [],
        tags: ['unnecessary'],
      });
    }
  },
};
