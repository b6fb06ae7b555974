import type { Rule } from './types';
import { t } from '../l10n';
import { didYouMean } from '../text/similar';
import { fix } from './lib/edits';
import { WRONG_KEYS, allKeyNames, nonebotKey } from '../nonebot/keys';

export const rule: Rule = {
  code: 'env-unknown-key',
  defaultSeverity: 'warning',
  scope: 'nonebot',
  title: t('Key NoneBot does not read (a misspelt OneBot/NoneBot key)', 'NoneBot 不读取的键（拼错的 OneBot/NoneBot 配置项）'),
  doc: {
    checks: 'Keys of the `.env` family that look like OneBot or NoneBot settings but are not: the forum favourites (`ONE_BOT_ACCESS_TOKEN`, `ONEBOT_TOKEN`, `ACCESS_TOKEN`, `CQHTTP_ACCESS_TOKEN`…), and near-misses of known keys. Plugin settings with their own names are left alone.',
    why: 'NoneBot accepts any extra key without a word, so a misspelt token key leaves the adapter token unset and auth silently off; a misspelt `PORT` leaves NoneBot on 8080.',
    sources: ['nonebot-onebot.md §6 ("ONE_BOT_ACCESS_TOKEN is not recognised … auth is off (observed)"), §7'],
    example: '# .env\nONE_BOT_ACCESS_TOKEN=s3cret',
    fix: 'Rename the key (the preferred quick fix).',
  },
  check(ctx) {
    const known = allKeyNames();
    for (const p of ctx.model.nonebot) {
      for (const f of p.envFiles) {
        for (const e of f.entries) {
          const k = e.key.replace(/^\uFEFF/, '').toUpperCase();
          if (nonebotKey(k)) continue;
          let guess: string | undefined = WRONG_KEYS[k];
          if (!guess && (/^(?:ONE_?BOT|NONEBOT|CQHTTP)_/.test(k) || k.length >= 6)) {
            const near = didYouMean(k, known);
            if (near && near !== k) guess = near;
          }
          if (!guess) continue;
          const token = /TOKEN/.test(guess);
          ctx.report({
            file: e.file,
            range: e.keyRange,
            message: t(
              `NoneBot does not read ${e.key}: it is ignored silently${token ? ', so no token is checked and anyone can connect' : ''}. Did you mean ${guess}?`,
              `NoneBot 不读取 ${e.key}：它会被静默忽略${token ? '，因此不会校验令牌，任何人都能连接' : ''}。是否应为 ${guess}？`,
            ),
            fixes: [fix(t(`Rename to ${guess}`, `重命名为 ${guess}`), [{ file: e.file, range: e.keyRange, newText: guess }], true)],
          });
        }
      }
    }
  },
};
