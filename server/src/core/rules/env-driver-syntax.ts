import type { Rule } from './types';
import { t } from '../l10n';
import { didYouMean } from '../text/similar';
import { fix, replaceEnvValue } from './lib/edits';
import { DRIVERS } from '../nonebot/keys';

export const rule: Rule = {
  code: 'env-driver-syntax',
  defaultSeverity: 'error',
  scope: 'nonebot',
  title: t('DRIVER names a driver NoneBot cannot load', 'DRIVER 指定了 NoneBot 无法加载的驱动器'),
  doc: {
    checks: 'Each `+`-separated part of `DRIVER` is `~name` for a built-in driver (`~fastapi`, `~quart`, `~websockets`, `~aiohttp`, `~httpx`, `~none`) or a dotted module path.',
    why: '`~` stands for `nonebot.drivers.`; without it NoneBot imports the top-level package: `DRIVER=fastapi` fails at startup with "module \'fastapi\' has no attribute \'Driver\'". A misspelt `~fastpi` fails to import.',
    sources: ['nonebot-onebot.md §7 (DRIVER format, `core:__init__.py:254-267`)'],
    example: '# .env\nDRIVER=fastapi+websockets',
    fix: 'Prefix built-in drivers with `~`: `DRIVER=~fastapi+~websockets` (the preferred quick fix).',
  },
  check(ctx) {
    const names = Object.keys(DRIVERS);
    for (const p of ctx.model.nonebot) {
      for (const f of p.envFiles) {
        for (const e of f.entries) {
          if (e.key.toUpperCase() !== 'DRIVER' || e.value === undefined) continue;
          const parts = e.value.split('+').map((x) => x.trim());
          const problems: string[] = [];
          const fixed = parts.map((part) => {
            const [mod, attr] = part.split(':');
            if (mod.startsWith('~')) {
              const name = mod.slice(1);
              if (names.includes(name)) return part;
              const guess = didYouMean(name, names) ?? names.find((n) => n === name.toLowerCase());
              problems.push(`"${part}"`);
              return guess ? `~${guess}${attr ? ':' + attr : ''}` : part;
            }
            if (names.includes(mod.toLowerCase())) {
              problems.push(`"${part}"`);
              return `~${mod.toLowerCase()}${attr ? ':' + attr : ''}`;
            }
            if (mod === '' || !/^[A-Za-z_][\w.]*$/.test(mod)) {
              problems.push(`"${part}"`);
              return part;
            }
            return part;
          });
          if (problems.length === 0) continue;
          const newValue = fixed.filter(Boolean).join('+');
          const changed = newValue !== e.value;
          ctx.report({
            file: e.file,
            range: e.valueRange,
            message: t(
              `DRIVER part ${problems.join(', ')} is not a driver NoneBot can load (built-in drivers need "~", e.g. ~fastapi): NoneBot fails at startup.${changed ? ` Use ${newValue}.` : ''}`,
              `DRIVER 中的 ${problems.join('、')} 不是 NoneBot 能加载的驱动器（内置驱动器需要 "~"，例如 ~fastapi）：NoneBot 会在启动时失败。${changed ? `请使用 ${newValue}。` : ''}`,
            ),
            fixes: changed ? [fix(t(`Write DRIVER=${newValue}`, `改为 DRIVER=${newValue}`), [replaceEnvValue(e, newValue)], true)] : [],
          });
        }
      }
    }
  },
};
