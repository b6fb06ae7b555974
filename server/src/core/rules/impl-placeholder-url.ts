import type { Rule } from './types';
import type { Fix } from '../model';
import { t } from '../l10n';
import { isPlaceholderUrl } from '../link/urls';
import { implFieldLoc, implFix, implName } from './lib/link';
import { displayUrl } from './lib/sides';

export const rule: Rule = {
  code: 'impl-placeholder-url',
  defaultSeverity: 'warning',
  scope: 'implementation',
  title: t("An enabled entry still dials the template's placeholder address", '已启用的条目仍在连接模板中的占位地址'),
  doc: {
    checks:
      "An enabled client entry whose URL is still the generated template's placeholder (go-cqhttp writes `ws://your_websocket_universal.server`, `ws://your_websocket_api.server`, `ws://your_websocket_event.server` when you pick reverse WebSocket).",
    why: 'The program dials a name that does not resolve and retries forever, logging only a DNS error; it is not linked to any framework, so the other link rules cannot say more.',
    sources: ['Mrs4s/go-cqhttp `server/websocket.go` (reverse WebSocket template, `wsReverseDefault`)', 'docs/implementations/gocqhttp.md in this repository'],
    example: '# config.yml (go-cqhttp)\n  - ws-reverse:\n      universal: ws://your_websocket_universal.server',
    fix: "Write the framework's address: NoneBot `ws://127.0.0.1:8080/onebot/v11/ws`, Koishi `ws://127.0.0.1:5140/onebot` (the quick fix uses the framework found in the workspace).",
  },
  checkImpl(cfg, ctx) {
    for (const ep of cfg.endpoints) {
      if (!ep.enabled || ep.role !== 'dials' || !ep.url || !isPlaceholderUrl(ep.url)) continue;
      const m = ctx.model;
      const nb = m.nonebot[0];
      const ko = m.koishi.flatMap((k) => k.endpoints).find((f) => f.enabled && f.role === 'listens' && f.protocol === ep.protocol);
      const route = ep.protocol === 'ws-reverse' ? '/onebot/v11/ws' : '/onebot/v11/http';
      const target = ko
        ? `${ep.protocol === 'ws-reverse' ? 'ws' : 'http'}://127.0.0.1:${ko.port ?? 5140}${ko.paths[0] ?? '/onebot'}`
        : nb
          ? `${ep.protocol === 'ws-reverse' ? 'ws' : 'http'}://127.0.0.1:${nb.portNumber ?? 8080}${route}`
          : undefined;
      const fixIt: Fix | undefined = target ? implFix(ep, 'url', target, t(`Dial ${target}`, `连接 ${target}`), ctx.text, { preferred: true }) : undefined;
      const at = implFieldLoc(ep, 'url');
      const name = implName(ep);
      ctx.report({
        file: at.file,
        range: at.range,
        message: t(
          `${ep.label.en} still dials the template's placeholder ${displayUrl(ep.url)}: ${name} retries a name that does not resolve, and connects to nothing.${target ? ` Write the framework's address (${target}).` : ''}`,
          `${ep.label.zh} 仍在连接模板中的占位地址 ${displayUrl(ep.url)}：${name} 会不断重试一个无法解析的名字，什么也连不上。${target ? `请填写框架的地址（${target}）。` : ''}`,
        ),
        fixes: fixIt ? [fixIt] : [],
      });
    }
  },
};
