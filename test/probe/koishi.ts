/**
 * A real Koishi for the probe tests: `koishi` 4.18 with `koishi-plugin-adapter-onebot` 6.x (protocol ws-reverse or
 * http), `@koishijs/plugin-http` and `@koishijs/plugin-server` in a plain `new Context()`, in a child process on
 * 127.0.0.1 (test/probe/koishi-child.cjs, shared with the real-VS-Code suite).
 *
 * `startKoishi()` spawns the child; it binds a free port, starts Koishi and prints `{"port":N,…}` once the server
 * plugin emits `server/ready`. The parent waits for that line (no sleeps) and stops the child by its PID.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface KoishiBot {
  selfId: string;
  /** The adapter's route (its default is /onebot). */
  path?: string;
  /** ws-reverse (the default) or http (events POSTed to `path`, checked with `secret`). */
  protocol?: 'ws-reverse' | 'http';
  secret?: string;
  /** protocol http: the implementation's HTTP API (Koishi requires it and calls get_login_info there). */
  endpoint?: string;
}

/** The child script; `repo` is the repository root (the unit tests run from it). */
function koishiChild(repo = process.cwd()): string {
  return path.join(repo, 'test', 'probe', 'koishi-child.cjs');
}

export interface RunningKoishi {
  port: number;
  pid: number;
  /** Everything the child printed (Koishi's log), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export function startKoishi(bots: KoishiBot[], timeoutMs = 60_000): Promise<RunningKoishi> {
  const child = spawn(process.execPath, [koishiChild(), JSON.stringify(bots)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KOISHI_ENV: '' } });
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
      const m = /^\{"port":(\d+)/m.exec(out);
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
