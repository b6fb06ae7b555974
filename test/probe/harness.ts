/** Scaffolding shared by the probe tests: URLs and targets, servers closed after a suite, the uvicorn stand-in. */
import { after, it } from 'node:test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProbeTarget } from '../../server/src/core/probe';
import * as S from './servers';

/** A reverse WebSocket URL on loopback, NoneBot's path unless told. */
export const wsUrl = (port: number, p = '/onebot/v11/ws') => `ws://127.0.0.1:${port}${p}`;

/** A `url` target builder whose token defaults to `defaultToken`. */
export const targetWith =
  (defaultToken: string) =>
  (u: string, token: string | null = defaultToken, extra: Partial<ProbeTarget> = {}): ProbeTarget => ({ kind: 'url', url: u, token, label: 'test', ...extra });

/** Call inside a `describe`: returns `start`, which awaits a server and closes it after the suite. */
export function serverPool(): (p: Promise<S.Running>) => Promise<S.Running> {
  const servers: S.Running[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return async (p) => {
    const s = await p;
    servers.push(s);
    return s;
  };
}

/**
 * Call inside a `describe`: the FastAPI/uvicorn NoneBot stand-in (test/probe/fixtures/nonebot_like_app.py). `start`
 * launches one with the given arguments after the port and resolves with the port once uvicorn listens; every process
 * is killed after the suite. When /usr/bin/python3 lacks the stack, `available` is false and a skipped test says why.
 */
export function uvicornStandIn(): { available: boolean; start: (...args: string[]) => Promise<number> } {
  const py = '/usr/bin/python3';
  const available = fs.existsSync(py) && spawnSync(py, ['-c', 'import uvicorn, fastapi, websockets'], { stdio: 'ignore' }).status === 0;
  const procs: ChildProcess[] = [];
  after(() => {
    for (const p of procs) p.kill('SIGKILL');
  });
  if (!available)
    it('skipped: /usr/bin/python3 cannot import uvicorn, fastapi, websockets (apt-get install python3-fastapi python3-uvicorn python3-websockets)', (t) =>
      t.skip());
  const start = async (...args: string[]): Promise<number> => {
    const port = await S.closedPort();
    const p = spawn(py, [path.resolve('test/probe/fixtures/nonebot_like_app.py'), String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(p);
    let err = '';
    await new Promise<void>((resolve, reject) => {
      p.stderr!.on('data', (d) => {
        err += d;
        if (err.includes('Uvicorn running on')) resolve();
      });
      p.on('exit', (c) => reject(new Error(`uvicorn exited ${c}: ${err}`)));
    });
    return port;
  };
  return { available, start };
}

/** A self-signed certificate for 127.0.0.1 made with openssl (undefined when openssl is not installed). */
export function selfSignedCert(): { key: string; cert: string } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-tls-'));
  try {
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        path.join(dir, 'k.pem'),
        '-out',
        path.join(dir, 'c.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      {
        stdio: 'ignore',
      },
    );
    if (made.status !== 0) return undefined;
    return { key: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'c.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
