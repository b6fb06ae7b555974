import type { Rule } from './types';
import type { Localized, Location } from '../model';
import { t } from '../l10n';
import { implFieldLoc } from './lib/link';
import { settingValueLocation } from './lib/sides';
import { isLoopbackHost, isWildcardHost } from '../link/urls';
import { DRIVERS } from '../nonebot/keys';

interface Listener {
  owner: object;
  host: string;
  port: number;
  at: Location;
  label: Localized;
}

/** Two listeners on one port collide when their addresses overlap: the same address, or a wildcard with anything. */
function overlaps(a: string, b: string): boolean {
  const x = a
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  const y = b
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (x === '' || y === '' || x === y) return true;
  if (isWildcardHost(x) || isWildcardHost(y)) return true;
  return isLoopbackHost(x) && isLoopbackHost(y) && (x === 'localhost' || y === 'localhost');
}

export const rule: Rule = {
  code: 'port-conflict',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('Two listeners of the workspace on one host and port', '工作区中有两个程序监听同一地址和端口'),
  doc: {
    checks:
      "Two programs of the workspace that run on the same machine listen on the same port with overlapping addresses: an implementation's server (Lagrange ForwardWebSocket / Http, NapCat websocketServers / httpServers, go-cqhttp ws / http, LLOneBot ws / http), NoneBot's `HOST:PORT`, Koishi's server. A wildcard address (`0.0.0.0`, `*`, `::`) overlaps every address.",
    why: 'Whichever starts second cannot bind ("address already in use", EADDRINUSE) and either exits or runs without that server (Koishi\'s server with a `maxPort` instead moves to the next free port without an error, so clients of the configured port reach the other program); or, when both bind different addresses, a client reaches the wrong program and gets a 404 or a protocol error instead of a handshake. A forward WebSocket server left on the port the bot listens on is a common leftover of switching from forward to reverse WebSocket.',
    sources: [
      'nonebot/nonebot2 `nonebot/config.py` (HOST 127.0.0.1, PORT 8080 defaults)',
      'NapNeko/NapCatQQ `packages/napcat-onebot/config/config.ts` (server defaults 127.0.0.1:3001 / 3000)',
      'CMHopeSunshine/LittlePaimon#76 ("换个端口": a port already in use)',
      'cordiverse/server `packages/core/src/listen.ts` (@cordisjs/plugin-server 0.2.9: on EADDRINUSE or EACCES tries the next port, up to `maxPort`)',
    ],
    example: '// appsettings.json\n{ "Type": "ForwardWebSocket", "Host": "127.0.0.1", "Port": 8080 }\n# .env (NoneBot listens on the default 8080)',
    fix: 'Give one of them another port, or remove the server that is no longer used.',
  },
  check(ctx) {
    const m = ctx.model;
    const all: Listener[] = [];
    for (const cfg of m.implementations)
      for (const ep of cfg.endpoints)
        if (ep.enabled && ep.role === 'listens' && ep.port !== undefined && ep.port > 0)
          all.push({ owner: ep, host: ep.host ?? '', port: ep.port, at: implFieldLoc(ep, 'port'), label: ep.label });
    for (const p of m.nonebot) {
      if (p.portNumber === undefined) continue;
      const serves = p.drivers.some((d) => DRIVERS[d]?.server || !(d in DRIVERS));
      if (!serves) continue;
      all.push({
        owner: p,
        host: (p.host.value ?? '').trim(),
        port: p.portNumber,
        at: settingValueLocation(p, p.port, ctx.text),
        label: t(
          `NoneBot (${p.port.isDefault ? 'default PORT' : 'PORT'} ${p.portNumber})`,
          `NoneBot（${p.port.isDefault ? '默认 PORT' : 'PORT'} ${p.portNumber}）`,
        ),
      });
    }
    for (const k of m.koishi)
      if (k.port > 0)
        all.push({
          owner: k,
          host: k.host,
          port: k.port,
          at: k.portNode
            ? { file: k.portNode.file, range: k.portNode.valueRange }
            : { file: k.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
          label: t(`Koishi's server (port ${k.port})`, `Koishi 的服务器（端口 ${k.port}）`),
        });
    const byPort = new Map<number, Listener[]>();
    for (const l of all) {
      const list = byPort.get(l.port);
      if (list) list.push(l);
      else byPort.set(l.port, [l]);
    }
    for (const [port, list] of byPort) {
      if (list.length < 2) continue;
      for (const a of list) {
        const others = list.filter((b) => b.owner !== a.owner && overlaps(a.host, b.host));
        if (others.length === 0) continue;
        const names = others.map((o) => o.label);
        // Koishi with a maxPort does not fail when it starts second: it moves to the next free port, quietly.
        const moving = m.koishi.find((k) => k.maxPort !== undefined && [a, ...others].some((l) => l.owner === k));
        const effect = moving
          ? t(
              `when Koishi starts second it quietly moves to the next free port (maxPort ${moving.maxPort}), so whatever dials ${port} reaches the other program; when it starts first, the other cannot bind the port ("address already in use")`,
              `Koishi 后启动时会悄悄改用下一个空闲端口（maxPort ${moving.maxPort}），于是连接 ${port} 的一方连到了另一个程序；Koishi 先启动时，另一方无法绑定端口（"address already in use"）`,
            )
          : t(
              'whichever starts second cannot bind the port ("address already in use"), or a client reaches the wrong program',
              '后启动的一方无法绑定端口（"address already in use"），或者客户端连到了错误的程序',
            );
        ctx.report({
          file: a.at.file,
          range: a.at.range,
          message: t(
            `${a.label.en} listens on ${a.host || '?'}:${port}, and so does ${names.map((n) => n.en).join(', ')}: ${effect.en}. Give one of them another port.`,
            `${a.label.zh} 监听 ${a.host || '?'}:${port}，${names.map((n) => n.zh).join('、')} 也监听同一端口：${effect.zh}。请为其中一方换一个端口。`,
          ),
          related: others.map((o) => ({ file: o.at.file, range: o.at.range, message: o.label })),
        });
      }
    }
  },
};
