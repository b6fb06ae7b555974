import * as path from 'node:path';
import type { Rule } from './types';
import type { EffectiveSetting, EnvEntry, Localized } from '../model';
import { t } from '../l10n';
import { related } from './lib/edits';

function where(e: EnvEntry): Localized {
  return t(`${path.basename(e.file)} line ${e.line + 1}`, `${path.basename(e.file)} 第 ${e.line + 1} 行`);
}

export const rule: Rule = {
  code: 'env-shadowed',
  defaultSeverity: 'hint',
  scope: 'nonebot',
  title: t('Overridden by .env.{ENVIRONMENT}, an alias or the process environment', '被 .env.{ENVIRONMENT}、别名或进程环境变量覆盖'),
  doc: {
    checks:
      'A setting in a loaded `.env` file that something else decides: the `.env.{ENVIRONMENT}` file NoneBot loads after `.env`, a variable of the process environment given to the check, or (for the OneBot V11 adapter) the same setting under its alias `ONEBOT_V11_*` in any loaded file. Repeats inside one file are `env-duplicate-key`.',
    why: 'NoneBot loads `.env`, then `.env.{ENVIRONMENT}`; the later file wins and the process environment beats both. The V11 adapter reads `ONEBOT_V11_ACCESS_TOKEN` before `ONEBOT_ACCESS_TOKEN` whatever the file, so an `ONEBOT_ACCESS_TOKEN` in `.env.prod` does not override an `ONEBOT_V11_ACCESS_TOKEN` in `.env`. Editing a shadowed line changes nothing: "I changed the port and nothing happened".',
    sources: [
      'docs/facts/nonebot.md#env-file-loading (nonebot2 `nonebot/__init__.py:280-308`, nonebot2 `nonebot/config.py:190`), docs/facts/nonebot.md#observed-handshake-results ("`.env.prod` overrides `.env`"), docs/facts/nonebot.md#adapter-settings (aliases)',
      'adapter-onebot `nonebot/adapters/onebot/v11/config.py` (Field(alias="onebot_v11_access_token"))',
    ],
    example: '# .env\nPORT=8080\n# .env.prod\nPORT=8090',
    fix: 'Change the value where it takes effect, or remove the shadowed line.',
  },
  checkNoneBot(p, ctx) {
    const v12 = p.adapters.list.some((a) => a.onebot === 'v12');
    const seen = new Set<EnvEntry>();
    const adapterViews = new Set<EffectiveSetting | undefined>([p.accessToken, p.secret, p.wsUrls]);
    const all: EffectiveSetting[] = [...Object.values(p.settings), ...[...adapterViews].filter((s): s is EffectiveSetting => s !== undefined)];
    for (const s of all) {
      for (const e of s.overridden) {
        if (seen.has(e)) continue;
        if (s.entry && s.entry.file === e.file) continue; // same file: env-duplicate-key
        const file = p.envFiles.find((f) => f.file === e.file);
        const lastInFile = file?.entries.filter((x) => x.key.toUpperCase() === e.key.toUpperCase()).pop();
        if (lastInFile && lastInFile !== e) continue; // repeated in its own file: env-duplicate-key
        seen.add(e);
        const viaAlias = s.name.toUpperCase() !== e.key.toUpperCase();
        const winner = s.entry;
        const message = s.fromProcessEnv
          ? t(
              `${e.key} is overridden by the process environment variable ${s.name}; this value has no effect.`,
              `${e.key} 被进程环境变量 ${s.name} 覆盖；此值无效。`,
            )
          : viaAlias && winner
            ? t(
                `${e.key} is not what the OneBot V11 adapter uses: it reads ${winner.key} (${where(winner).en}) first, whatever the file order, so this value ${v12 ? 'only reaches the V12 adapter' : 'has no effect'}.`,
                `OneBot V11 适配器不使用 ${e.key}：无论文件先后，它都优先读取 ${winner.key}（${where(winner).zh}），因此此值${v12 ? '只对 V12 适配器生效' : '无效'}。`,
              )
            : winner
              ? t(
                  `${e.key} is overridden by ${where(winner).en} (NoneBot loads .env.${p.environment} after .env); this value has no effect.`,
                  `${e.key} 被 ${where(winner).zh} 覆盖（NoneBot 在 .env 之后加载 .env.${p.environment}）；此值无效。`,
                )
              : undefined;
        if (!message) continue;
        const empty = e.valueRange.start.line === e.valueRange.end.line && e.valueRange.start.character === e.valueRange.end.character;
        ctx.report({
          file: e.file,
          range: empty ? e.keyRange : e.valueRange,
          message,
          related: winner ? [related(winner.file, winner.valueRange, t('the value NoneBot uses', 'NoneBot 实际使用的值'))] : [],
          ...(viaAlias && v12 ? {} : { tags: ['unnecessary' as const] }),
        });
      }
    }
  },
};
