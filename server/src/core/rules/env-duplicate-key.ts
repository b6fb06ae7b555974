import type { Rule } from './types';
import type { EnvEntry } from '../model';
import { t } from '../l10n';
import { related } from './lib/edits';

/** The OneBot V11 adapter's fields and the aliases pydantic looks up first (adapter-onebot `v11/config.py`). */
const V11_ALIASES: Readonly<Record<string, string>> = {
  ONEBOT_ACCESS_TOKEN: 'ONEBOT_V11_ACCESS_TOKEN',
  ONEBOT_SECRET: 'ONEBOT_V11_SECRET',
  ONEBOT_WS_URLS: 'ONEBOT_V11_WS_URLS',
  ONEBOT_API_ROOTS: 'ONEBOT_V11_API_ROOTS',
};

export const rule: Rule = {
  code: 'env-duplicate-key',
  defaultSeverity: 'warning',
  scope: 'nonebot',
  title: t('Setting given twice in one .env file', '同一个 .env 文件中设置了两次'),
  doc: {
    checks:
      'A key appears more than once in the same `.env` file, compared ignoring case as NoneBot does; or an OneBot adapter setting is given under both its name and its V11 alias (`ONEBOT_ACCESS_TOKEN` and `ONEBOT_V11_ACCESS_TOKEN`) with different values.',
    why: 'python-dotenv keeps the last binding of a key and NoneBot matches names case-insensitively: `PORT=8080` early in the file is silently replaced by `port=8090` further down. For an alias pair the order does not matter: the V11 adapter reads the alias `ONEBOT_V11_ACCESS_TOKEN` first (pydantic looks up the alias before the field name), so the plain `ONEBOT_ACCESS_TOKEN` then only reaches a V12 adapter.',
    sources: [
      'python-dotenv `main.py` (DotEnv.parse warns "Duplicate key"; the dict keeps the last value)',
      'docs/facts/nonebot.md#adapter-settings (aliases), docs/facts/nonebot.md#env-file-loading (case-insensitive; "lowercase port= works")',
      'adapter-onebot `nonebot/adapters/onebot/v11/config.py` (Field(alias="onebot_v11_access_token"))',
    ],
    example: '# .env\nPORT=8080\n# …\nport=8090',
    fix: 'Keep one line.',
  },
  checkNoneBot(p, ctx) {
    const v12 = p.adapters.list.some((a) => a.onebot === 'v12');
    for (const f of p.envFiles) {
      const last = new Map<string, EnvEntry>();
      for (const e of f.entries) last.set(e.key.toUpperCase(), e);
      for (const e of f.entries) {
        const winner = last.get(e.key.toUpperCase())!;
        if (winner !== e) {
          ctx.report({
            file: e.file,
            range: e.keyRange,
            message: t(
              `${e.key} is set again on line ${winner.line + 1}${winner.key !== e.key ? ` (as ${winner.key}; NoneBot ignores case)` : ''}: the last one wins, so this line has no effect.`,
              `${e.key} 在第 ${winner.line + 1} 行再次设置${winner.key !== e.key ? `（写作 ${winner.key}；NoneBot 不区分大小写）` : ''}：以最后一次为准，此行无效。`,
            ),
            related: [related(winner.file, winner.keyRange, t('the value that wins', '生效的值'))],
            tags: ['unnecessary'],
          });
          continue;
        }
        const alias = V11_ALIASES[e.key.toUpperCase()];
        const aliasEntry = alias ? last.get(alias) : undefined;
        if (!aliasEntry || aliasEntry.value === e.value) continue;
        ctx.report({
          file: e.file,
          range: e.keyRange,
          message: t(
            `${e.key} and ${aliasEntry.key} (line ${aliasEntry.line + 1}) both set the OneBot V11 adapter's ${e.key.toLowerCase()}: the V11 adapter uses ${aliasEntry.key} whatever their order, so this line ${v12 ? 'only reaches the V12 adapter' : 'has no effect'}.`,
            `${e.key} 与 ${aliasEntry.key}（第 ${aliasEntry.line + 1} 行）都设置了 OneBot V11 适配器的 ${e.key.toLowerCase()}：无论先后顺序，V11 适配器都使用 ${aliasEntry.key}，因此此行${v12 ? '只对 V12 适配器生效' : '无效'}。`,
          ),
          related: [related(aliasEntry.file, aliasEntry.keyRange, t('the value the V11 adapter uses', 'V11 适配器实际使用的值'))],
          ...(v12 ? {} : { tags: ['unnecessary' as const] }),
        });
      }
    }
  },
};
