import type { Rule } from './types';
import { assumedNote } from './lib/link';
import { IMPL_NAMES } from '../impl';
import { t } from '../l10n';
import { fix, related } from './lib/edits';
import { registerV11Edits } from './lib/adapters';

export const rule: Rule = {
  code: 'adapter-version',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('Only the OneBot V12 adapter is registered; Lagrange speaks V11', '只注册了 OneBot V12 适配器；Lagrange 使用 V11'),
  doc: {
    checks: 'The NoneBot project Lagrange talks to registers `nonebot.adapters.onebot.v12` but not `nonebot.adapters.onebot.v11`.',
    why: 'Lagrange.OneBot implements OneBot V11. The V12 adapter serves only `/onebot/v12/…` and, after the handshake, closes with 1008 "Missing connect meta event" because V11\'s lifecycle event is not a V12 `meta` `connect` event; the V11 paths answer 403. Its ONEBOT_WS_URLS client speaks V12 too.',
    sources: [
      'docs/facts/nonebot.md#routes (routes, adapter-onebot `nonebot/adapters/onebot/v12/adapter.py:102-143`), docs/facts/nonebot.md#after-the-handshake (V12 first frame), docs/facts/nonebot.md#observed-handshake-results, docs/facts/nonebot.md#adapter-registration',
      'docs/facts/lagrange.md#after-opening-and-reconnecting (lifecycle event Lagrange sends first)',
    ],
    example: '# bot.py\nfrom nonebot.adapters.onebot.v12 import Adapter\ndriver.register_adapter(Adapter)',
    fix: "Register `nonebot.adapters.onebot.v11`'s Adapter (both can be registered side by side; the preferred quick fix adds it to bot.py).",
  },
  check(ctx) {
    const done = new Set<string>();
    for (const link of ctx.model.links) {
      if (link.framework !== 'nonebot') continue;
      const p = link.nonebot;
      if (!p.adapters.known || p.adapters.list.some((a) => a.onebot === 'v11')) continue;
      const v12 = p.adapters.list.filter((a) => a.onebot === 'v12');
      if (v12.length === 0) continue;
      const edits = registerV11Edits(p, ctx.text);
      const fixes = edits ? [fix(t('Register the OneBot V11 adapter in bot.py', '在 bot.py 中注册 OneBot V11 适配器'), edits, true)] : [];
      const label = link.impl.label;
      const la = link.impl.anchor;
      const note = assumedNote(link);
      if (!done.has(p.dir)) {
        done.add(p.dir);
        for (const a of v12) {
          ctx.report({
            file: a.file,
            range: a.range,
            message: t(
              `This registers the OneBot V12 adapter only, but ${IMPL_NAMES[link.impl.implementation]} speaks OneBot V11: its handshakes get 403 (V11 paths) or a 1008 close (V12 paths). Register nonebot.adapters.onebot.v11's Adapter as well.${note.en}`,
              `这里只注册了 OneBot V12 适配器，而 ${IMPL_NAMES[link.impl.implementation]} 使用 OneBot V11：握手会收到 403（V11 路径）或 1008 关闭（V12 路径）。请同时注册 nonebot.adapters.onebot.v11 的 Adapter。${note.zh}`,
            ),
            related: [related(la.file, la.range, t(`${label.en} (OneBot V11)`, `${label.zh}（OneBot V11）`))],
            fixes,
          });
        }
      }
      ctx.report({
        file: la.file,
        range: la.range,
        message: t(
          `NoneBot registers only the OneBot V12 adapter; ${IMPL_NAMES[link.impl.implementation]} speaks V11, so ${label.en} cannot connect. Register the V11 adapter in NoneBot.${note.en}`,
          `NoneBot 只注册了 OneBot V12 适配器；${IMPL_NAMES[link.impl.implementation]} 使用 V11，因此 ${label.zh} 无法连接。请在 NoneBot 中注册 V11 适配器。${note.zh}`,
        ),
        related: v12.map((a) => related(a.file, a.range, t('V12 adapter registration', 'V12 适配器注册位置'))),
        fixes,
      });
    }
  },
};
