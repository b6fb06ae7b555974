import type { Rule } from './types';
import { t } from '../l10n';
import { fix } from './lib/edits';

export const rule: Rule = {
  code: 'koishi-config',
  defaultSeverity: 'error',
  scope: 'koishi',
  title: t('Koishi cannot load its OneBot adapter or server as configured', 'Koishi 无法按当前配置加载 OneBot 适配器或服务器'),
  doc: {
    checks:
      "`koishi.yml` as Koishi's loader and the adapter's schema read it: the file parses; the OneBot adapter has a `selfId` and it is a string; `protocol` is `http`, `ws` or `ws-reverse`; `path` is a path, not a URL; `ws` and `http` have an `endpoint`; a server plugin with a port is loaded (the OneBot reverse WebSocket listens on it); keys the adapter or the server plugin do not have (warning, with a suggestion).",
    why: 'Koishi validates plugin configs with schemastery: a numeric `selfId` or `token` (YAML reads `selfId: 123456` as a number) fails with "expected string" and the adapter is simply not loaded, so every implementation\'s connection is refused or dropped. A full URL in `path` breaks the route registration. Without a server plugin that has a port, nothing listens at all: the server plugin has no default port (the boilerplate writes 5140).',
    sources: [
      'koishijs/koishi-plugin-adapter-onebot `src/bot/index.ts` (Config schema: `selfId` required string, `protocol`, `path`, `endpoint`)',
      'cordiverse/server `@cordisjs/plugin-server` 0.2.9 (host 127.0.0.1, no default port)',
      'koishijs/koishi `packages/loader/src/shared.ts` (plugin tree: `~` disabled, groups, `$if`, env interpolation)',
      'docs/frameworks/koishi.md in this repository',
    ],
    example: '# koishi.yml\nplugins:\n  adapter-onebot:\n    selfId: 123456',
    fix: "Quote `selfId` and `token` (`selfId: '123456'`), write a path (`/onebot`) in `path`, give `ws` / `http` an `endpoint`, keep a `server` plugin with a port.",
  },
  checkKoishi(k, ctx) {
    for (const p of k.problems) ctx.report({ file: p.file, range: p.range, message: p.message });
    for (const u of k.unknownKeys) {
      const at = u.node.keyRange ?? u.node.valueRange;
      const why = u.reason ?? t('', '');
      ctx.report({
        severity: 'warning',
        file: u.node.file,
        range: at,
        message: t(
          `Koishi ignores "${u.key}"${why.en ? ` (${why.en})` : ''}.${u.suggestion ? ` Did you mean "${u.suggestion}"?` : ''}`,
          `Koishi 会忽略 "${u.key}"${why.zh ? `（${why.zh}）` : ''}。${u.suggestion ? `是否应为 "${u.suggestion}"？` : ''}`,
        ),
        fixes:
          u.suggestion && u.node.keyRange
            ? [
                fix(
                  t(`Rename to "${u.suggestion}"`, `重命名为 "${u.suggestion}"`),
                  [{ file: u.node.file, range: u.node.keyRange, newText: u.suggestion }],
                  true,
                ),
              ]
            : [],
        tags: ['unnecessary'],
      });
    }
  },
};
