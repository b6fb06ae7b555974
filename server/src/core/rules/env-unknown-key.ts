import type { Rule } from './types';
import { t } from '../l10n';
import { editDistance } from '../text/similar';
import { fix } from './lib/edits';
import { NONEBOT_KEYS, WRONG_KEYS, nonebotKey, wrongKeyEffect } from '../nonebot/keys';

/** Prefixes only NoneBot's OneBot adapter (or its misspellings) uses: near-misses there are typos, not plugin keys. */
const ONEBOT_PREFIX = /^(?:ONE_?BOT|ONEBOT_?V1[12]|CQHTTP|NONEBOT)_/;

/**
 * What a key that NoneBot does not read was meant to be, or undefined when it may well be a plugin's own key.
 * - the catalogue of known wrong keys (ONE_BOT_ACCESS_TOKEN, ONEBOT_TOKEN, ACCESS_TOKEN…);
 * - keys with a OneBot/CQHTTP/NoneBot prefix: the nearest adapter key within distance 3 (a plugin never names its
 *   keys `ONEBOT_…`);
 * - other keys: only one edit away from a core key and at least 6 characters long (`LOG_LEVLE`, `SUPERUSRES`), so
 *   that plugin keys such as `PORTAL` or `HOSTS` are left alone.
 */
function meantKey(key: string): string | undefined {
  const k = key.toUpperCase();
  if (nonebotKey(k)) return undefined;
  if (WRONG_KEYS[k]) return WRONG_KEYS[k];
  const adapter = NONEBOT_KEYS.filter((x) => !x.core).flatMap((x) => [x.name, ...x.aliases]);
  const core = NONEBOT_KEYS.filter((x) => x.core).map((x) => x.name);
  const nearest = (cands: string[], limit: number) => {
    let best: string | undefined;
    let bestD = limit + 1;
    for (const c of cands) {
      if (Math.abs(k.length - c.length) > limit) continue; // the distance is at least the length difference
      const d = editDistance(k, c);
      if (d < bestD) [best, bestD] = [c, d];
    }
    return best;
  };
  if (ONEBOT_PREFIX.test(k)) return nearest(adapter, 3);
  if (k.length >= 6) return nearest(core, 1);
  return undefined;
}

export const rule: Rule = {
  code: 'env-unknown-key',
  defaultSeverity: 'warning',
  scope: 'nonebot',
  title: t('Misspelt OneBot/NoneBot key: NoneBot does not read it', '拼错的 OneBot/NoneBot 配置项：NoneBot 不读取'),
  doc: {
    checks:
      'Keys of the `.env` family that look like OneBot or NoneBot settings but are not: the forum favourites (`ONE_BOT_ACCESS_TOKEN`, `ONEBOT_TOKEN`, `ACCESS_TOKEN`, `CQHTTP_ACCESS_TOKEN`…), near-misses of adapter keys (`ONEBOT_ACCES_TOKEN`), and one-letter slips of core keys (`LOG_LEVLE`). Keys with their own names (plugin settings) are left alone.',
    why: 'NoneBot keeps any extra key without a word, so a misspelt token key leaves the adapter token unset and auth silently off (anyone can connect); a misspelt `PORT` leaves NoneBot on 8080.',
    sources: [
      'docs/facts/nonebot.md#adapter-settings ("ONE_BOT_ACCESS_TOKEN is not recognised … auth is off (observed)"), docs/facts/nonebot.md#core-settings-and-drivers',
      'adapter-onebot `nonebot/adapters/onebot/v11/config.py`',
    ],
    example: '# .env\nONE_BOT_ACCESS_TOKEN=s3cret',
    fix: 'Rename the key (the preferred quick fix).',
  },
  checkNoneBot(p, ctx) {
    for (const f of p.envFiles) {
      for (const e of f.entries) {
        const guess = meantKey(e.key);
        if (!guess) continue;
        const effect = wrongKeyEffect(guess);
        ctx.report({
          file: e.file,
          range: e.keyRange,
          message: t(
            `NoneBot does not read ${e.key}: it is kept as an unused extra key, so ${effect.en}. Did you mean ${guess}?`,
            `NoneBot 不读取 ${e.key}：它只会作为无用的额外配置项保留，因此${effect.zh}。是否应为 ${guess}？`,
          ),
          fixes: [fix(t(`Rename to ${guess}`, `重命名为 ${guess}`), [{ file: e.file, range: e.keyRange, newText: guess }], true)],
        });
      }
    }
  },
};
