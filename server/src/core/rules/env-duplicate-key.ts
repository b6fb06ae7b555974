import type { Rule } from './types';
import { t } from '../l10n';
import { related } from './lib/edits';

export const rule: Rule = {
  code: 'env-duplicate-key',
  defaultSeverity: 'warning',
  scope: 'nonebot',
  title: t('Key set twice in one .env file; the last one wins', '同一个 .env 文件中设置了两次；以最后一次为准'),
  doc: {
    checks: 'A key appears more than once in the same `.env` file (compared ignoring case, as NoneBot does).',
    why: 'python-dotenv keeps the last binding, and NoneBot matches names case-insensitively: `PORT=8080` early in the file is silently replaced by `port=8090` further down.',
    sources: ['python-dotenv `dotenv_values` (dict: later wins)', 'nonebot-onebot.md §8 (case-insensitive; "lowercase port= works")'],
    example: '# .env\nPORT=8080\n# …\nport=8090',
    fix: 'Keep one line.',
  },
  check(ctx) {
    for (const p of ctx.model.nonebot) {
      for (const f of p.envFiles) {
        const last = new Map<string, (typeof f.entries)[number]>();
        for (const e of f.entries) last.set(e.key.toUpperCase(), e);
        for (const e of f.entries) {
          const winner = last.get(e.key.toUpperCase())!;
          if (winner === e) continue;
          ctx.report({
            file: e.file,
            range: e.keyRange,
            message: t(
              `${e.key} is set again on line ${winner.line + 1} (${winner.key}); the last one wins, so this line has no effect.`,
              `${e.key} 在第 ${winner.line + 1} 行（${winner.key}）再次设置；以最后一次为准，此行无效。`,
            ),
            related: [related(winner.file, winner.keyRange, t('the value that wins', '生效的值'))],
            tags: ['unnecessary'],
          });
        }
      }
    }
  },
};
