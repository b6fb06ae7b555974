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
    checks:
      'Each `+`-separated part of the `DRIVER` NoneBot uses is `~name` for a built-in driver (`~fastapi`, `~quart`, `~websockets`, `~aiohttp`, `~httpx`, `~none`) or a dotted module path of another package (`nonebot.drivers.fastapi:Driver`).',
    why: "`~` stands for `nonebot.drivers.`; without it NoneBot imports the top-level package: `DRIVER=fastapi` fails at startup with \"module 'fastapi' has no attribute 'Driver'\". A misspelt `~fastpi` fails to import.",
    sources: ['docs/facts/nonebot.md#core-settings-and-drivers (DRIVER format, nonebot2 `nonebot/__init__.py:254-267`)'],
    example: '# .env\nDRIVER=fastapi+websockets',
    fix: 'Prefix built-in drivers with `~`: `DRIVER=~fastapi+~websockets` (the preferred quick fix).',
  },
  check(ctx) {
    const names = Object.keys(DRIVERS);
    for (const p of ctx.model.nonebot) {
      const e = p.driver.entry;
      if (!e || e.value === undefined) continue;
      const bad: string[] = [];
      let unfixed = 0;
      const fixed = e.value.split('+').map((raw) => {
        const part = raw.trim();
        const [mod, attr] = part.split(':');
        const suffix = attr !== undefined ? `:${attr}` : '';
        if (mod.startsWith('~')) {
          const name = mod.slice(1);
          if (names.includes(name)) return part;
          bad.push(part);
          const guess = names.find((n) => n === name.toLowerCase()) ?? didYouMean(name, names);
          if (!guess) unfixed++;
          return guess ? `~${guess}${suffix}` : part;
        }
        if (names.includes(mod.toLowerCase())) {
          // `fastapi` imports the top-level package, which has no Driver class
          bad.push(part);
          return `~${mod.toLowerCase()}${suffix}`;
        }
        if (!/^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$/.test(mod)) {
          bad.push(part || '(empty)');
          if (part) unfixed++;
          return part;
        }
        return part;
      });
      if (bad.length === 0) continue;
      const newValue = fixed.filter(Boolean).join('+');
      const changed = unfixed === 0 && newValue !== '' && newValue !== e.value;
      ctx.report({
        file: e.file,
        range: e.valueRange,
        message: t(
          `DRIVER ${bad.map((b) => `"${b}"`).join(', ')} is not a driver NoneBot can load: built-in drivers are written with "~" (~fastapi = nonebot.drivers.fastapi), and NoneBot stops at startup with "module has no attribute 'Driver'" or an import error.${changed ? ` Use ${newValue}.` : ' nb-cli writes ~fastapi+~httpx+~websockets.'}`,
          `DRIVER 中的 ${bad.map((b) => `"${b}"`).join('、')} 不是 NoneBot 能加载的驱动器：内置驱动器要写成带 "~" 的形式（~fastapi 即 nonebot.drivers.fastapi），否则 NoneBot 会在启动时因 "module has no attribute 'Driver'" 或导入错误而退出。${changed ? `请使用 ${newValue}。` : 'nb-cli 默认写入 ~fastapi+~httpx+~websockets。'}`,
        ),
        fixes: changed ? [fix(t(`Write DRIVER=${newValue}`, `改为 DRIVER=${newValue}`), [replaceEnvValue(e, newValue)], true)] : [],
      });
    }
  },
};
