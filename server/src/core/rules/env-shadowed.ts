import * as path from 'node:path';
import type { Rule } from './types';
import { t } from '../l10n';
import { related } from './lib/edits';

export const rule: Rule = {
  code: 'env-shadowed',
  defaultSeverity: 'hint',
  scope: 'nonebot',
  title: t('Overridden by .env.{ENVIRONMENT}', '被 .env.{ENVIRONMENT} 覆盖'),
  doc: {
    checks: 'A `.env` setting that the `.env.{ENVIRONMENT}` file NoneBot loads after it sets again (or that a variable of the process environment given to the check overrides).',
    why: 'NoneBot loads `.env`, then `.env.{ENVIRONMENT}`; the later file wins and the process environment beats both. Editing the shadowed line changes nothing, a frequent source of "I changed the port and nothing happened".',
    sources: ['nonebot-onebot.md §8 (`core:__init__.py:280-308`, `core:config.py:190`), §5 ("`.env.prod` overrides `.env`")'],
    example: '# .env\nPORT=8080\n# .env.prod\nPORT=8090',
    fix: 'Change the value where it takes effect, or remove one of the two.',
  },
  check(ctx) {
    for (const p of ctx.model.nonebot) {
      for (const s of Object.values(p.settings)) {
        for (const e of s.overridden) {
          if (s.entry && s.entry.file === e.file) continue; // same file: env-duplicate-key
          const by = s.entry
            ? t(`${path.basename(s.entry.file)} line ${s.entry.line + 1}`, `${path.basename(s.entry.file)} 第 ${s.entry.line + 1} 行`)
            : t('the process environment', '进程环境变量');
          ctx.report({
            file: e.file,
            range: e.valueRange.start.line === e.valueRange.end.line && e.valueRange.start.character === e.valueRange.end.character ? e.keyRange : e.valueRange,
            message: t(`${e.key} is overridden by ${by.en}; this value has no effect.`, `${e.key} 被 ${by.zh} 覆盖；此值无效。`),
            related: s.entry ? [related(s.entry.file, s.entry.valueRange, t('the value NoneBot uses', 'NoneBot 实际使用的值'))] : [],
            tags: ['unnecessary'],
          });
        }
      }
    }
  },
};
