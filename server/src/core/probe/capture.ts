import * as http from 'node:http';
import * as fs from 'node:fs';
import { isIP } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Link, Localized } from '../model';
import { maskToken, t } from '../l10n';
import { KOISHI_DEFAULT_PATH, linkFacts, NONEBOT_V11_WS_ROUTES, type LinkFacts } from './link-facts';
import { identifyClient, PROFILES, type FrameworkKind } from './profiles';
import { MAX_FRAME_BYTES, printable } from './sanitize';
import type { ProbeReport, ProbeStage, VerdictCode } from './types';

/** Kept for callers that still catch it; captureHandshake now resolves a `port-busy` report instead of throwing. */
export class PortBusyError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`${host}:${port} is in use (NoneBot may be running): use the client probe instead`);
  }
}

export interface CaptureOptions {
  host: string;
  port: number;
  /** How long to wait for the implementation to connect (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The link whose sides set the expectations (the framework's token and routes, the implementation's config). */
  link?: Link;
  /** The framework whose place the capture takes (default: the link's, else NoneBot). */
  framework?: FrameworkKind;
  /**
   * What listening here can and cannot show, from where the implementation runs (compose/where.ts `captureVantage`):
   * opens the report's notes.
   */
  vantage?: Localized[];
  /** Called once the port is bound (the moment to start the implementation), with the port actually bound. */
  onListening?: (port: number) => void;
}

/** `ws://host:port`, with brackets around an IPv6 address. */
function wsOrigin(host: string, port: number): string {
  return `ws://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/**
 * Who holds a listening TCP port, when the OS says so (Linux /proc: the socket's inode, then the process whose
 * descriptors include it; other users' processes are not readable without privileges). Undefined otherwise.
 */
function portHolder(port: number): string | undefined {
  try {
    const inodes = new Set<string>();
    for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!fs.existsSync(f)) continue;
      for (const line of fs.readFileSync(f, 'utf8').split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols.length < 10 || cols[3] !== '0A') continue; // 0A = LISTEN
        if (parseInt(cols[1].split(':').pop() ?? '', 16) === port) inodes.add(cols[9]);
      }
    }
    if (inodes.size === 0) return undefined;
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let fds: string[];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let link: string;
        try {
          link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1])) {
          let cmd = '';
          try {
            cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
          } catch {
            cmd = '';
          }
          return printable(`PID ${pid}${cmd ? ` (${cmd})` : ''}`, 160);
        }
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** What a framework expects from the connection, and what the implementation's config should have sent. */
interface Expectations {
  framework: FrameworkKind;
  frameworkPaths: readonly string[];
  frameworkToken?: string;
  frameworkSelfIds?: string[];
  facts?: LinkFacts;
}

function expectations(opts: CaptureOptions): Expectations {
  const facts = opts.link ? linkFacts(opts.link) : undefined;
  const framework = opts.framework ?? facts?.framework ?? 'nonebot';
  const paths = framework === 'koishi' ? (facts?.framework === 'koishi' ? facts.frameworkPaths : [KOISHI_DEFAULT_PATH]) : NONEBOT_V11_WS_ROUTES;
  return { framework, frameworkPaths: paths, frameworkToken: facts?.frameworkToken, frameworkSelfIds: facts?.frameworkSelfIds, facts };
}

/** How the Authorization header reads: its scheme, the credential after it, and how NoneBot would read it. */
function readAuthorization(auth: string | undefined): { scheme?: string; credential?: string; display: string; nonebotToken?: string } {
  if (auth === undefined) return { display: '(none)' };
  const space = auth.indexOf(' ');
  const scheme = space < 0 ? auth : auth.slice(0, space);
  const param = space < 0 ? '' : auth.slice(space + 1);
  // nonebot/adapter-onebot utils.get_auth_bearer: `scheme, _, param = value.partition(" ")`; Bearer or Token.
  const known = /^(bearer|token)$/i.test(scheme);
  if (known) return { scheme, credential: param, display: `${printable(scheme, 20)} ${maskToken(param)}`, nonebotToken: param };
  if (/^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme) && space > 0) return { scheme, credential: param, display: `${printable(scheme, 20)} ${maskToken(param)}` };
  return { credential: auth, display: `(no scheme) ${maskToken(auth)}` };
}

/**
 * Listen mode: stand where the framework would, wait for the implementation to connect, record its request (token
 * masked), say which implementation it is, answer 101, read its first frames, close with 1000, and list every
 * difference from what the framework expects and from the config file that should have produced the request.
 * Never throws for a port that cannot be bound: the report says why (and who holds a busy port, when the OS tells).
 */
export function captureHandshake(opts: CaptureOptions): Promise<ProbeReport> {
  const t0 = performance.now();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const stages: ProbeStage[] = [];
  const notes: Localized[] = [...(opts.vantage ?? [])];
  const exp = expectations(opts);
  const fwName = exp.framework === 'koishi' ? 'Koishi' : 'NoneBot';
  let boundPort = opts.port;
  const report = (verdict: VerdictCode, cause: Localized, fix: Localized, extra: Partial<ProbeReport> = {}): ProbeReport => ({
    verdict,
    cause,
    fix,
    target: { url: wsOrigin(opts.host, boundPort), token: '-', selfId: '-', label: 'listen', kind: 'reverse-ws', framework: exp.framework },
    stages,
    attempts: [],
    notes,
    totalMs: Math.round(performance.now() - t0),
    ...extra,
  });
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)
    return Promise.resolve(
      report(
        'listen-failed',
        t(`${opts.port} is not a TCP port (0-65535).`, `${opts.port} 不是 TCP 端口（0-65535）。`),
        t("Give the framework's port, e.g. 127.0.0.1:8080.", '请给出框架的端口，例如 127.0.0.1:8080。'),
      ),
    );
  return new Promise((resolve) => {
    const server = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}'));
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (r: ProbeReport) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections?.();
      if (server.listening) server.close(() => resolve(r));
      else resolve(r);
    };
    const onAbort = () =>
      finish(
        report(
          'timeout',
          t('Listening was cancelled.', '监听已取消。'),
          t('Run it again and start the implementation while it listens.', '请重新运行，并在监听期间启动实现端。'),
        ),
      );
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    server.once('error', (e: NodeJS.ErrnoException) => {
      const where = `${opts.host}:${opts.port}`;
      if (e.code === 'EADDRINUSE') {
        const holder = portHolder(opts.port);
        return finish(
          report(
            'port-busy',
            holder
              ? t(
                  `${where} is already in use by ${holder}${/python|nonebot|uvicorn|koishi|node/i.test(holder) ? ` (${fwName} may be running)` : ''}.`,
                  `${where} 已被 ${holder} 占用${/python|nonebot|uvicorn|koishi|node/i.test(holder) ? `（${fwName} 可能正在运行）` : ''}。`,
                )
              : t(
                  `${where} is already in use (the OS does not say by whom; ${fwName} may be running).`,
                  `${where} 已被占用（系统没有说明是谁；${fwName} 可能正在运行）。`,
                ),
            t(
              `Stop that program to listen here, or, if it is ${fwName}, test it with the probe (onebot-doctor probe) instead.`,
              `请停止该程序后再监听；如果它就是 ${fwName}，请改用探测（onebot-doctor probe）测试它。`,
            ),
          ),
        );
      }
      const cause =
        e.code === 'EADDRNOTAVAIL'
          ? t(`${opts.host} is not an address of this machine: nothing can listen there.`, `${opts.host} 不是本机地址：无法在此监听。`)
          : e.code === 'EACCES'
            ? t(`Listening on ${where} needs privileges (ports below 1024 on Linux).`, `在 ${where} 上监听需要权限（Linux 上 1024 以下的端口）。`)
            : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
              ? t(`The name ${opts.host} does not resolve here.`, `此处无法解析主机名 ${opts.host}。`)
              : t(
                  `Cannot listen on ${where}: ${printable(`${e.code ?? ''} ${e.message}`.trim(), 200)}.`,
                  `无法在 ${where} 上监听：${printable(`${e.code ?? ''} ${e.message}`.trim(), 200)}。`,
                );
      finish(
        report(
          'listen-failed',
          cause,
          t('Listen on 127.0.0.1 or 0.0.0.0 with the port the framework would use.', '请使用 127.0.0.1 或 0.0.0.0 以及框架会使用的端口进行监听。'),
        ),
      );
    });
    try {
      server.listen(opts.port, opts.host, () => {
        const addr = server.address();
        if (addr && typeof addr === 'object') boundPort = addr.port;
        stages.push({ name: 'listen', ms: Math.round(performance.now() - t0), outcome: `listening on ${wsOrigin(opts.host, boundPort).slice(5)}` });
        opts.onListening?.(boundPort);
        timer = setTimeout(
          () =>
            finish(
              report(
                'timeout',
                t(`No implementation connected within ${timeoutMs} ms.`, `没有实现端在 ${timeoutMs} 毫秒内连接。`),
                t(
                  'Check that the implementation is logged in (services start only after login) and that its reverse WebSocket URL points here.',
                  '请确认实现端已登录（服务在登录后才启动），并且其反向 WebSocket 地址指向这里。',
                ),
              ),
            ),
          timeoutMs,
        );
      });
    } catch (e) {
      finish(
        report(
          'listen-failed',
          t(
            `Cannot listen on ${opts.host}:${opts.port}: ${printable((e as Error).message, 200)}.`,
            `无法在 ${opts.host}:${opts.port} 上监听：${printable((e as Error).message, 200)}。`,
          ),
          t('Give HOST:PORT, e.g. 127.0.0.1:8080.', '请给出 HOST:PORT，例如 127.0.0.1:8080。'),
        ),
      );
    }

    server.on('upgrade', (req, socket, head) => {
      if (done) {
        socket.destroy();
        return;
      }
      const connectedAt = performance.now();
      stages.push({ name: 'upgrade', ms: Math.round(connectedAt - t0), outcome: printable(`${req.method} ${req.url}`, 200) });
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const selfId = String(req.headers['x-self-id'] ?? '');
      const role = req.headers['x-client-role'] === undefined ? undefined : String(req.headers['x-client-role']);
      const rawAuth = req.headers.authorization;
      const auth = readAuthorization(rawAuth);
      const who = identifyClient(req.headers);
      const implName = who.kind ? PROFILES[who.kind].name : 'the client';
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        headers[k] = k === 'authorization' ? auth.display : printable(Array.isArray(v) ? v.join(', ') : String(v), 200);
      const frames: string[] = [];
      let badFrames = 0;
      wss.handleUpgrade(req, socket, head, (ws) => {
        const close = () => {
          if (ws.readyState === ws.OPEN) ws.close(1000);
          stages.push({
            name: 'session',
            ms: Math.round(performance.now() - connectedAt),
            outcome: `${frames.length} frame(s): ${frames.join(', ') || 'none'}`,
          });
          finish(judge());
        };
        const frameTimer = setTimeout(close, 2000);
        ws.on('error', () => {
          frames.push('(frame too large or malformed)');
          badFrames++;
          clearTimeout(frameTimer);
          close();
        });
        ws.on('message', (d) => {
          try {
            const m = JSON.parse(d.toString()) as { post_type?: unknown; meta_event_type?: unknown };
            if (m === null || typeof m !== 'object') throw new Error('not an object');
            frames.push(printable(`${m.post_type === undefined ? '?' : String(m.post_type)}${m.meta_event_type ? `.${String(m.meta_event_type)}` : ''}`, 60));
          } catch {
            frames.push('non-JSON');
            badFrames++;
          }
          if (frames.length >= 2) {
            clearTimeout(frameTimer);
            close();
          }
        });
      });

      const judge = (): ProbeReport => {
        const differences: { verdict: VerdictCode; text: Localized }[] = [];
        // What the framework checks.
        if (!exp.frameworkPaths.includes(path))
          differences.push({
            verdict: 'forbidden-path',
            text: t(
              `Path ${printable(path, 100)} is not ${fwName}'s OneBot V11 route (${exp.frameworkPaths[0]}).`,
              `路径 ${printable(path, 100)} 不是 ${fwName} 的 OneBot V11 路由（${exp.frameworkPaths[0]}）。`,
            ),
          });
        if (exp.framework === 'koishi' && role !== 'Universal')
          differences.push({
            verdict: 'forbidden-client-role',
            text: t(
              `X-Client-Role is ${role === undefined ? 'missing' : printable(role, 40)}: Koishi closes with 1008 "invalid x-client-role" unless it is Universal.`,
              `X-Client-Role ${role === undefined ? '缺失' : `为 ${printable(role, 40)}`}：除非为 Universal，否则 Koishi 会以 1008 "invalid x-client-role" 关闭。`,
            ),
          });
        if (!selfId)
          differences.push({
            verdict: 'forbidden-self-id',
            text:
              exp.framework === 'koishi'
                ? t('No X-Self-ID header: Koishi cannot match it to a bot.', '没有 X-Self-ID 头：Koishi 无法将其对应到机器人。')
                : t(
                    'No X-Self-ID header: NoneBot refuses it ("Missing X-Self-ID Header").',
                    '没有 X-Self-ID 头：NoneBot 会拒绝（"Missing X-Self-ID Header"）。',
                  ),
          });
        else if (exp.frameworkSelfIds && !exp.frameworkSelfIds.includes(selfId))
          differences.push({
            verdict: 'forbidden-self-id',
            text: t(
              `X-Self-ID ${printable(selfId, 30)} is not a selfId configured in ${fwName} (${exp.frameworkSelfIds.join(', ')}).`,
              `X-Self-ID ${printable(selfId, 30)} 不是 ${fwName} 中配置的 selfId（${exp.frameworkSelfIds.join('、')}）。`,
            ),
          });
        const required = exp.framework === 'nonebot' ? exp.frameworkToken : undefined;
        if (required !== undefined && auth.nonebotToken !== required) {
          const text =
            rawAuth === undefined
              ? t(`No Authorization header, but NoneBot requires ${maskToken(required)}.`, `没有 Authorization 头，但 NoneBot 要求 ${maskToken(required)}。`)
              : auth.nonebotToken === undefined
                ? t(
                    `The Authorization header is "${auth.display}": NoneBot reads only "Bearer <token>" or "Token <token>", so it sees no token (it requires ${maskToken(required)}).`,
                    `Authorization 头为 "${auth.display}"：NoneBot 只识别 "Bearer <令牌>" 或 "Token <令牌>"，因此视为没有令牌（它要求 ${maskToken(required)}）。`,
                  )
                : t(
                    `Token ${maskToken(auth.nonebotToken)} differs from NoneBot's ${maskToken(required)}.`,
                    `令牌 ${maskToken(auth.nonebotToken)} 与 NoneBot 的 ${maskToken(required)} 不同。`,
                  );
          differences.push({ verdict: 'forbidden-token', text });
        }
        if (badFrames > 0)
          differences.push({
            verdict: 'protocol-error',
            text: t(
              `${badFrames} frame(s) after the handshake were not OneBot JSON: ${fwName} would fail on them.`,
              `握手后有 ${badFrames} 个帧不是 OneBot JSON：${fwName} 会在处理它们时出错。`,
            ),
          });
        if (exp.framework === 'nonebot' && exp.facts && required === undefined && auth.credential)
          notes.push(
            t(
              `${implName} sends a token (${maskToken(auth.credential)}) that NoneBot does not check: auth is off.`,
              `${implName} 发送了令牌（${maskToken(auth.credential)}），但 NoneBot 不校验：鉴权关闭。`,
            ),
          );
        if (exp.framework === 'koishi' && auth.credential)
          notes.push(t("Koishi's OneBot adapter does not check the token on reverse WebSocket.", 'Koishi 的 OneBot 适配器在反向 WebSocket 上不校验令牌。'));
        // What the implementation's config file should have produced.
        const f = exp.facts;
        if (f) {
          const file = f.anchors.any.file;
          if (who.kind && who.kind !== f.implementation)
            notes.push(
              t(
                `${PROFILES[who.kind].name} connected, but the workspace configures ${PROFILES[f.implementation].name} (${file}).`,
                `连接的是 ${PROFILES[who.kind].name}，但工作区配置的是 ${PROFILES[f.implementation].name}（${file}）。`,
              ),
            );
          const sent = auth.credential ?? null;
          const configured = f.implementationToken;
          const same = configured === null || configured === '' ? sent === null || sent === '' : sent === configured;
          if (!same)
            notes.push(
              t(
                `Differs from ${file}: it configures token ${maskToken(configured)}, the request carried ${maskToken(sent)} (the running program does not use this file, or was not restarted).`,
                `与 ${file} 不同：文件中配置的令牌为 ${maskToken(configured)}，请求携带的是 ${maskToken(sent)}（运行中的程序没有使用该文件，或修改后未重启）。`,
              ),
            );
          if (f.accountSelfId && selfId && selfId !== f.accountSelfId)
            notes.push(
              t(
                `Differs from ${file}: the account there is ${f.accountSelfId}, the request says X-Self-ID ${printable(selfId, 30)}.`,
                `与 ${file} 不同：文件中的账号为 ${f.accountSelfId}，请求中的 X-Self-ID 为 ${printable(selfId, 30)}。`,
              ),
            );
          if (f.implementationPath && path !== new URL(f.implementationPath, 'http://x').pathname)
            notes.push(
              t(
                `Differs from ${file}: it dials path ${f.implementationPath}, the request came to ${printable(path, 100)}.`,
                `与 ${file} 不同：文件中连接的路径为 ${f.implementationPath}，请求到达的是 ${printable(path, 100)}。`,
              ),
            );
          if (role !== undefined && role !== 'Universal')
            notes.push(
              t(
                `X-Client-Role is ${printable(role, 40)}: a split API/Event client; NoneBot accepts it, Koishi does not.`,
                `X-Client-Role 为 ${printable(role, 40)}：拆分的 API/Event 客户端；NoneBot 接受，Koishi 不接受。`,
              ),
            );
        }
        for (const d of differences) notes.push(d.text);
        const captured = {
          method: req.method ?? 'GET',
          path: printable(req.url ?? '/', 200),
          headers,
          frames,
          ...(who.kind ? { implementation: who.kind } : {}),
          identifiedBy: who.by,
        };
        const extra = {
          attempts: [
            {
              path: printable(path, 100),
              selfId: printable(selfId, 30) || '(none)',
              auth: (rawAuth === undefined ? 'none' : 'configured') as 'none' | 'configured',
              status: 101,
              ms: 0,
            },
          ],
          captured,
        };
        const ident = who.kind
          ? t(
              `${PROFILES[who.kind].name} (by its ${who.by === 'user-agent' ? 'User-Agent' : 'header style'})`,
              `${PROFILES[who.kind].name}（根据其 ${who.by === 'user-agent' ? 'User-Agent' : '请求头风格'}）`,
            )
          : t('A client that could not be identified', '一个无法识别的客户端');
        const base = report('ok', t('', ''), t('', ''), extra);
        base.target.as = who.kind;
        if (differences.length === 0)
          return {
            ...base,
            cause: t(
              `${ident.en} connected as ${fwName} expects (path ${printable(path, 100)}, X-Self-ID ${printable(selfId, 30)}${rawAuth !== undefined ? `, Authorization ${auth.display}` : ''}).`,
              `${ident.zh}的连接符合 ${fwName} 的预期（路径 ${printable(path, 100)}，X-Self-ID ${printable(selfId, 30)}${rawAuth !== undefined ? `，Authorization ${auth.display}` : ''}）。`,
            ),
            fix: t(`Start ${fwName}: the handshake will succeed.`, `启动 ${fwName} 即可：握手会成功。`),
          };
        return {
          ...base,
          verdict: differences[0].verdict,
          cause: t(`${ident.en} connected. ${differences.map((d) => d.text.en).join(' ')}`, `${ident.zh}已连接。${differences.map((d) => d.text.zh).join('')}`),
          fix: t(`Fix the differences listed above in the implementation's config (or ${fwName}'s).`, `请在实现端（或 ${fwName}）的配置中修正上述差异。`),
        };
      };
    });
  });
}
