import * as path from 'node:path';
import type { Rule } from './types';
import { assumedNote } from './lib/link';
import { IMPL_NAMES } from '../impl';
import { t } from '../l10n';
import { fix, related } from './lib/edits';
import { registerV11Edits, registrationAnchor } from './lib/adapters';

export const rule: Rule = {
  code: 'adapter-not-registered',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('No OneBot adapter is registered in NoneBot', 'NoneBot 没有注册 OneBot 适配器'),
  doc: {
    checks:
      "A NoneBot project that Lagrange talks to registers no OneBot adapter: `bot.py` has no `driver.register_adapter(...)` of `nonebot.adapters.onebot.v11` (or, without `bot.py`, `pyproject.toml`'s `[tool.nonebot]` lists none). Said only when `bot.py` or a `[tool.nonebot]` pyproject exists and its registrations can be read. (Only V12 registered: `adapter-version`.)",
    why: "Routes exist only once the adapter is registered. Without it every path — even the right one with the right token — answers the same bare 403, with no NoneBot warning (uvicorn's `403` line only); ONEBOT_WS_URLS is never dialled either. `nonebot.load_from_toml()` loads plugins only, never adapters; `nb run` runs `bot.py` when it exists.",
    sources: [
      'docs/facts/nonebot.md#observed-handshake-results ("no adapter registered" rows), docs/facts/nonebot.md#adapter-registration (nonebot2 `nonebot/plugin/load.py:102-157`, `nonebot/internal/driver/abstract.py:91-107`; nb-cli `_prepare.py.jinja`), docs/facts/nonebot.md#known-failure-reports',
      'nonebot/nonebot2#110, Mrs4s/go-cqhttp#658, JustUndertaker/ntchat-client#7',
    ],
    example: '# bot.py\nimport nonebot\nnonebot.init()\nnonebot.load_from_toml("pyproject.toml")\nnonebot.run()',
    fix: 'Register it: `from nonebot.adapters.onebot.v11 import Adapter as ONEBOT_V11Adapter` and `driver.register_adapter(ONEBOT_V11Adapter)` after `nonebot.init()` (the preferred quick fix).',
  },
  check(ctx) {
    const done = new Set<string>();
    for (const link of ctx.model.links) {
      if (link.framework !== 'nonebot') continue;
      const p = link.nonebot;
      if (!p.adapters.known || p.adapters.list.some((a) => a.onebot)) continue;
      const anchor = registrationAnchor(p, ctx.text);
      if (!anchor) continue;
      const edits = registerV11Edits(p, ctx.text);
      const fixes = edits ? [fix(t('Register the OneBot V11 adapter in bot.py', '在 bot.py 中注册 OneBot V11 适配器'), edits, true)] : [];
      const inToml =
        p.botPy && p.pyproject
          ? t(
              ' (adapters listed in pyproject.toml are not loaded by load_from_toml(), which loads plugins only)',
              '（pyproject.toml 中列出的适配器不会被 load_from_toml() 加载，它只加载插件）',
            )
          : t('', '');
      const label = link.impl.label;
      const la = link.impl.anchor;
      const note = assumedNote(link);
      // NoneBot dials for a forward WebSocket and for the HTTP API (ONEBOT_API_ROOTS): without the adapter it does neither.
      const dials = (l: { kind: string }) => l.kind === 'forward-ws' || l.kind === 'http-api';
      const forward = dials(link);
      const mine = ctx.model.links.filter((l) => l.nonebot === p);
      const apiOnly = mine.every((l) => l.kind === 'http-api');
      const effect = !mine.some((l) => !dials(l))
        ? apiOnly
          ? t(
              `NoneBot never calls ONEBOT_API_ROOTS, so ${label.en} never hears from it`,
              `NoneBot 永远不会调用 ONEBOT_API_ROOTS，${label.zh} 收不到它的任何请求`,
            )
          : t(`NoneBot never dials ONEBOT_WS_URLS, so ${label.en} waits forever`, `NoneBot 永远不会连接 ONEBOT_WS_URLS，${label.zh} 会一直等待`)
        : t(
            `NoneBot answers every handshake from ${IMPL_NAMES[link.impl.implementation]} with a bare 403, on every path`,
            `NoneBot 会对 ${IMPL_NAMES[link.impl.implementation]} 的每次握手返回空的 403，任何路径都一样`,
          );
      if (!done.has(p.dir)) {
        done.add(p.dir);
        ctx.report({
          file: anchor.file,
          range: anchor.range,
          message: t(
            `No OneBot V11 adapter is registered${inToml.en}: ${effect.en}. Register nonebot.adapters.onebot.v11's Adapter with driver.register_adapter().${note.en}`,
            `没有注册 OneBot V11 适配器${inToml.zh}：${effect.zh}。请用 driver.register_adapter() 注册 nonebot.adapters.onebot.v11 的 Adapter。${note.zh}`,
          ),
          related: [related(la.file, la.range, t(`${label.en} talks to this project`, `${label.zh} 与此项目通信`))],
          fixes,
        });
      }
      const where = path.basename(anchor.file);
      ctx.report({
        file: la.file,
        range: la.range,
        message: forward
          ? link.kind === 'http-api'
            ? t(
                `NoneBot registers no OneBot V11 adapter (${where}), so it never calls the HTTP API of ${label.en}. Register the adapter in bot.py.${note.en}`,
                `NoneBot 没有注册 OneBot V11 适配器（${where}），因此不会调用 ${label.zh} 的 HTTP API。请在 bot.py 中注册该适配器。${note.zh}`,
              )
            : t(
                `NoneBot registers no OneBot V11 adapter (${where}), so it never dials ${label.en}. Register the adapter in bot.py.${note.en}`,
                `NoneBot 没有注册 OneBot V11 适配器（${where}），因此不会连接 ${label.zh}。请在 bot.py 中注册该适配器。${note.zh}`,
              )
          : t(
              `NoneBot registers no OneBot V11 adapter (${where}): every handshake of ${label.en} is answered with a bare 403, whatever the path and token. Register the adapter in bot.py.${note.en}`,
              `NoneBot 没有注册 OneBot V11 适配器（${where}）：无论路径和令牌如何，${label.zh} 的每次握手都会收到空的 403。请在 bot.py 中注册该适配器。${note.zh}`,
            ),
        related: [related(anchor.file, anchor.range, t('where the adapter should be registered', '应注册适配器的位置'))],
        fixes,
      });
    }
  },
};
