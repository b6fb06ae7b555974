import type { Rule } from './types';
import { t } from '../l10n';
import { fix, related } from './lib/edits';
import { implAnchor, implLabel } from './lib/sides';
import { registerV11Edits, registrationAnchor } from './lib/adapters';

export const rule: Rule = {
  code: 'adapter-not-registered',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('No OneBot adapter is registered in NoneBot', 'NoneBot 没有注册 OneBot 适配器'),
  doc: {
    checks: "A NoneBot project that Lagrange connects to registers no OneBot adapter: `bot.py` has no `driver.register_adapter(...)` of `nonebot.adapters.onebot.v11` (or, without `bot.py`, `pyproject.toml`'s `[tool.nonebot]` lists none). Said only when `bot.py` or `pyproject.toml` exists and its registrations can be read.",
    why: 'Routes exist only once the adapter is registered. Without it every path — even the right one with the right token — answers the same bare 403, with no NoneBot warning. `nonebot.load_from_toml()` loads plugins only, never adapters; `nb run` runs `bot.py` when it exists.',
    sources: ['nonebot-onebot.md §5 ("no adapter registered"), §9 (`core:plugin/load.py:102-157`, `core:internal/driver/abstract.py:91-107`)', 'nonebot/nonebot2#110, Mrs4s/go-cqhttp#658'],
    example: '# bot.py\nimport nonebot\nnonebot.init()\nnonebot.load_from_toml("pyproject.toml")\nnonebot.run()',
    fix: 'Register it: `from nonebot.adapters.onebot.v11 import Adapter as ONEBOT_V11Adapter` and `driver.register_adapter(ONEBOT_V11Adapter)` after `nonebot.init()` (the preferred quick fix).',
  },
  check(ctx) {
    const done = new Set<string>();
    for (const link of ctx.model.links) {
      if (link.kind === 'forward-ws') continue;
      const p = link.nonebot;
      if (!p.adapters.known || p.adapters.list.some((a) => a.onebot)) continue;
      const anchor = registrationAnchor(p, ctx.text);
      if (!anchor) continue;
      const edits = registerV11Edits(p, ctx.text);
      const fixes = edits ? [fix(t('Register the OneBot V11 adapter in bot.py', '在 bot.py 中注册 OneBot V11 适配器'), edits, true)] : [];
      const inToml = p.botPy && p.pyproject ? t(' (pyproject.toml lists adapters, but load_from_toml() loads plugins only)', '（pyproject.toml 中列出的适配器不会被 load_from_toml() 加载，它只加载插件）') : t('', '');
      const label = implLabel(link.impl);
      const la = implAnchor(link.impl);
      if (!done.has(p.dir)) {
        done.add(p.dir);
        ctx.report({
          file: anchor.file,
          range: anchor.range,
          message: t(
            `No OneBot V11 adapter is registered${inToml.en}: NoneBot answers every handshake from Lagrange with a bare 403, on every path.`,
            `没有注册 OneBot V11 适配器${inToml.zh}：NoneBot 会对 Lagrange 的每次握手返回空的 403，任何路径都一样。`,
          ),
          related: [related(la.file, la.range, t(`Lagrange's ${label.en} connects here`, `Lagrange 的 ${label.zh} 连接到这里`))],
          fixes,
        });
      }
      ctx.report({
        file: la.file,
        range: la.range,
        message: t(
          `NoneBot registers no OneBot V11 adapter (${anchor.file.split(/[\\/]/).pop()}): every handshake of ${label.en} is answered with a bare 403.`,
          `NoneBot 没有注册 OneBot V11 适配器（${anchor.file.split(/[\\/]/).pop()}）：${label.zh} 的每次握手都会收到空的 403。`,
        ),
        related: [related(anchor.file, anchor.range, t('adapter registration', '适配器注册位置'))],
        fixes,
      });
    }
  },
};
