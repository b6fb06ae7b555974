// A real Koishi for the tests (the unit tests in test/probe and the real-VS-Code suite test/e2e/suite/live.ts):
// `koishi` 4.18 with `koishi-plugin-adapter-onebot` 6.x, `@koishijs/plugin-http` and `@koishijs/plugin-server` in a
// plain `new Context()`, on 127.0.0.1.
//
// argv[2]: either a JSON array of adapter configs ({ selfId, protocol: 'ws-reverse' | 'http', path, secret, token,
// endpoint }), or the path of a koishi.yml whose plugin tree is read the way Koishi's loader reads it (groups
// recursed, `~name` entries disabled, `name:id` keys), taking every `adapter-onebot` entry (protocol ws-reverse unless
// set). The server listens on 127.0.0.1 and a free port, or the port in the environment variable KOISHI_PORT (the
// file's own server port is not read). Prints `{"port":N}` once the server plugin emits `server/ready`; SIGTERM stops Koishi and exits 0.
'use strict';
const fs = require('node:fs');
const net = require('node:net');

function adaptersOf(plugins, out = []) {
  for (const [key, value] of Object.entries(plugins ?? {})) {
    if (key.startsWith('~') || key.startsWith('$')) continue;
    const name = key.split(':')[0];
    if (name === 'group') adaptersOf(value, out);
    else if (name === 'adapter-onebot') out.push({ protocol: 'ws-reverse', ...(value ?? {}) });
  }
  return out;
}

function readBots(arg) {
  if (arg.trim().startsWith('[')) return JSON.parse(arg);
  const { parse } = require('yaml');
  return adaptersOf(parse(fs.readFileSync(arg, 'utf8'))?.plugins).map((b) => ({ ...b, selfId: b.selfId === undefined ? undefined : String(b.selfId) }));
}

async function main() {
  const bots = readBots(process.argv[2] ?? '[]');
  // Koishi's server does not listen on port 0: take a free port first (or the one KOISHI_PORT names).
  const free = Number(process.env.KOISHI_PORT) || await new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const { Context } = require('koishi');
  const server = require('@koishijs/plugin-server');
  const http = require('@koishijs/plugin-http');
  const onebot = require('koishi-plugin-adapter-onebot');
  const ctx = new Context();
  ctx.plugin(http.default ?? http);
  // maxPort: should another process take the port in between, Koishi's own listen() moves to the next one.
  ctx.plugin(server.default ?? server, { host: '127.0.0.1', port: free, maxPort: free + 50 });
  for (const b of bots) ctx.plugin(onebot.default ?? onebot, { path: '/onebot', ...b });
  // Ready when Koishi has started every plugin and the server listens (server/ready may come before the adapters
  // are forked).
  const listening = new Promise((resolve) => ctx.on('server/ready', resolve));
  const stop = () => {
    void Promise.resolve(ctx.stop?.()).finally(() => process.exit(0));
  };
  // As `koishi start` does (koishi/lib/worker/index.js): an unhandled rejection is logged and Koishi keeps running.
  process.on('unhandledRejection', (e) => process.stderr.write(`unhandledRejection: ${(e && e.message) || e}\n`));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await ctx.start();
  await listening;
  // The server plugin emits server/ready right after calling listen() on its HTTP server, before the socket is bound
  // (@cordisjs/plugin-server src/index.ts, `ctx.on('ready')`): wait for the bind itself, so "ready" means connectable.
  const httpServer = ctx.server._http;
  if (httpServer && !httpServer.listening) await new Promise((resolve) => httpServer.once('listening', resolve));
  process.stdout.write(`${JSON.stringify({ port: ctx.server.port, bots: bots.map((b) => b.selfId) })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e && e.stack) || e}\n`);
  process.exit(1);
});
