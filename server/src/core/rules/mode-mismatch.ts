import type { Rule } from './types';
import type { FrameworkEndpoint, Localized, Location } from '../model';
import { t } from '../l10n';
import { IMPL_NAMES } from '../impl';
import { displayUrl, settingValueLocation } from './lib/sides';
import { implFieldLoc } from './lib/link';
import { nonebotEndpoints } from '../nonebot/endpoints';

function fwWhere(f: FrameworkEndpoint): string {
  if (f.role === 'dials') return displayUrl(f.url ?? '');
  return `${f.host || '?'}:${f.port ?? '?'}${f.paths[0] ?? ''}`;
}

export const rule: Rule = {
  code: 'mode-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('Both ends listen, or both dial: nobody connects', '两端都在监听或都在连接：没有一方发起连接'),
  doc: {
    checks:
      'An implementation whose enabled entries all wait for a connection (a forward WebSocket or HTTP API server) while the framework only listens too (NoneBot with neither `ONEBOT_WS_URLS` nor `ONEBOT_API_ROOTS`, Koishi with `protocol: ws-reverse`); or whose entries all dial while the framework only dials too (Koishi `protocol: ws` towards a server that does not exist). Reported only when nothing links the two at all.',
    why: 'A OneBot link needs one side to dial the other. Two servers wait forever for each other and two clients each get "connection refused", with no error that names the cause. A common form: a NapCat `websocketServers` entry (a server) configured where NoneBot expected NapCat to connect (`websocketClients`).',
    sources: [
      'nonebot/adapter-onebot `nonebot/adapters/onebot/v11/adapter.py` (reverse WebSocket server routes; forward connections only from ONEBOT_WS_URLS)',
      'koishijs/koishi-plugin-adapter-onebot `src/bot/index.ts` (`protocol`: ws dials `endpoint`, ws-reverse listens on `path`)',
      'NapNeko/NapCatQQ `packages/napcat-onebot/config/config.ts` (websocketClients dial, websocketServers listen)',
    ],
    example:
      '// config/onebot11_12345.json (NapCat)\n"websocketServers": [ { "host": "127.0.0.1", "port": 3001, "enable": true } ]\n# .env (NoneBot, no ONEBOT_WS_URLS)\nDRIVER=~fastapi',
    fix: "Make one side dial the other: add a client entry on the implementation's side that dials the framework (the usual setup), or point the framework at the implementation's server (NoneBot `ONEBOT_WS_URLS`, Koishi `protocol: ws` + `endpoint`).",
  },
  check(ctx) {
    const m = ctx.model;
    const fws: { fw: FrameworkEndpoint; name: string; at?: Location }[] = [
      ...m.nonebot.flatMap((p) => nonebotEndpoints(p).map((fw) => ({ fw, name: 'NoneBot', at: settingValueLocation(p, p.port, ctx.text) }))),
      ...m.koishi.flatMap((k) => k.endpoints.filter((f) => f.enabled).map((fw) => ({ fw, name: 'Koishi' }))),
    ];
    if (fws.length === 0) return;
    const linked = new Set(m.links.map((l) => l.implConfig));
    const fwDials = fws.filter((x) => x.fw.role === 'dials');
    const fwListens = fws.filter((x) => x.fw.role === 'listens' && x.fw.protocol === 'ws-reverse');
    for (const cfg of m.implementations) {
      if (linked.has(cfg)) continue;
      const on = cfg.endpoints.filter((e) => e.enabled);
      if (on.length === 0) continue;
      const name = IMPL_NAMES[cfg.implementation];
      let msg: Localized | undefined;
      let fwSide: { at: Location; message: Localized } | undefined;
      if (on.every((e) => e.role === 'listens') && fwDials.length === 0 && fwListens.length > 0) {
        const fw = fwListens[0];
        const servers = on.map((e) => `${e.host || '?'}:${e.port ?? '?'}`).join(', ');
        msg = t(
          `Both ends listen: ${name} only runs servers (${servers}) and waits for the bot to dial, while ${fw.name} only listens too (${fwWhere(fw.fw)}) and dials nothing. Nothing ever connects. Add a reverse WebSocket client to ${name} that dials ${fw.name}, or make ${fw.name} dial ${name}'s server.`,
          `两端都在监听：${name} 只运行服务端（${servers}），等待机器人来连接，而 ${fw.name} 也只在监听（${fwWhere(fw.fw)}），不会主动连接。双方永远连不上。请在 ${name} 中添加连接 ${fw.name} 的反向 WebSocket 客户端，或让 ${fw.name} 连接 ${name} 的服务端。`,
        );
        fwSide = {
          at: fw.at ?? fw.fw.portLoc ?? fw.fw.anchor,
          message: t(
            `${fw.name} only listens, and ${name} only listens too (${servers}): nobody dials.`,
            `${fw.name} 只在监听，而 ${name} 也只在监听（${servers}）：没有一方发起连接。`,
          ),
        };
      } else if (on.every((e) => e.role === 'dials') && fwListens.length === 0 && fwDials.length > 0) {
        const fw = fwDials[0];
        msg = t(
          `Both ends dial: ${name} only dials (${on.map((e) => displayUrl(e.url ?? '')).join(', ')}) while ${fw.name} dials too (${fwWhere(fw.fw)}) and listens for no OneBot connection: each gets "connection refused". Make ${fw.name} listen (Koishi: protocol ws-reverse) or run a server in ${name}.`,
          `两端都在连接：${name} 只会主动连接（${on.map((e) => displayUrl(e.url ?? '')).join('、')}），而 ${fw.name} 也在主动连接（${fwWhere(fw.fw)}），没有监听 OneBot 连接：双方都会得到 "connection refused"。请让 ${fw.name} 监听（Koishi：protocol ws-reverse），或在 ${name} 中开启服务端。`,
        );
        fwSide = fw.fw.urlLoc && {
          at: fw.fw.urlLoc,
          message: t(`${fw.name} dials, and ${name} only dials too: nobody listens.`, `${fw.name} 在主动连接，而 ${name} 也只会主动连接：没有一方在监听。`),
        };
      }
      if (!msg) continue;
      for (const e of on) {
        const at = e.role === 'listens' ? implFieldLoc(e, 'port') : implFieldLoc(e, 'url');
        ctx.report({
          file: at.file,
          range: at.range,
          message: t(`${e.label.en}: ${msg.en}`, `${e.label.zh}：${msg.zh}`),
          related: fwSide ? [{ file: fwSide.at.file, range: fwSide.at.range, message: fwSide.message }] : [],
        });
      }
      if (fwSide && on[0]) {
        const at = on[0].anchor;
        ctx.report({
          file: fwSide.at.file,
          range: fwSide.at.range,
          message: fwSide.message,
          related: [{ file: at.file, range: at.range, message: on[0].label }],
        });
      }
    }
  },
};
