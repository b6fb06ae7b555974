/**
 * A real Koishi for the probe tests: `koishi` 4.18 with `koishi-plugin-adapter-onebot` 6.x (protocol ws-reverse),
 * `@koishijs/plugin-http` and `@koishijs/plugin-server` in a plain `new Context()`, in a child process on 127.0.0.1.
 *
 * `startKoishi()` spawns this same file; the child binds a port, starts Koishi and prints `{"port":N}` once the
 * server plugin emits `server/ready`. The parent waits for that line (no sleeps) and stops the child by its PID.
 */
import { spawn } from 'node:child_process';
import * as net from 'node:net';

export interface KoishiBot {
  selfId: string;
  /** The adapter's route (its default is /onebot). */
  path?: string;
}

export interface RunningKoishi {
  port: number;
  pid: number;
  /** Everything the child printed (Koishi's log), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export function startKoishi(bots: KoishiBot[], timeoutMs = 60_000): Promise<RunningKoishi> {
  const child = spawn(process.execPath, [__filename, JSON.stringify(bots)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KOISHI_ENV: '' } });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Koishi did not report its port within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(e);
    };
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /^\{"port":(\d+)\}$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (x: Buffer) => (out += x.toString()));
        resolve({
          port: Number(m[1]),
          pid: child.pid!,
          log: () => out,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code, signal) => fail(new Error(`Koishi exited (${code ?? signal}) before listening:\n${out}`)));
    child.once('error', fail);
  });
}

/** The child: a free port (Koishi's server does not listen on port 0), then Koishi on it. */
async function child(bots: KoishiBot[]): Promise<void> {
  const free = await new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Context } = require('koishi');
  const server = require('@koishijs/plugin-server');
  const http = require('@koishijs/plugin-http');
  const onebot = require('koishi-plugin-adapter-onebot');
  const ctx = new Context();
  ctx.plugin(http.default ?? http);
  // maxPort: should another process take the port in between, Koishi's own listen() moves to the next one.
  ctx.plugin(server.default ?? server, { host: '127.0.0.1', port: free, maxPort: free + 50 });
  for (const b of bots) ctx.plugin(onebot.default ?? onebot, { selfId: b.selfId, protocol: 'ws-reverse', path: b.path ?? '/onebot' });
  ctx.on('server/ready', () => process.stdout.write(`${JSON.stringify({ port: ctx.server.port })}\n`));
  const stop = () => {
    void Promise.resolve(ctx.stop?.()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await ctx.start();
}

if (require.main === module) {
  child(JSON.parse(process.argv[2] ?? '[]') as KoishiBot[]).catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
