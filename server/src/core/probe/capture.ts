import * as http from 'node:http';
import { WebSocketServer } from 'ws';
import type { Link, Localized } from '../model';
import { maskToken, t } from '../l10n';
import type { ProbeReport, ProbeStage, VerdictCode } from './types';

const V11_ROUTES = ['/onebot/v11/ws', '/onebot/v11/ws/', '/onebot/v11/'];

export class PortBusyError extends Error {
  constructor(readonly host: string, readonly port: number) {
    super(`${host}:${port} is in use (NoneBot may be running): use the client probe instead`);
  }
}

export interface CaptureOptions {
  host: string;
  port: number;
  /** How long to wait for Lagrange to connect (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The link whose NoneBot side sets the expectations (token, routes). */
  link?: Link;
  /** Called once the port is bound (the moment to start Lagrange). */
  onListening?: () => void;
}

/**
 * Listen mode: stand where NoneBot would, wait for Lagrange to connect, record its request (token masked), answer
 * 101, read its first frames, close with 1000, and list every difference from what NoneBot expects.
 */
export function captureHandshake(opts: CaptureOptions): Promise<ProbeReport> {
  const t0 = performance.now();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const stages: ProbeStage[] = [];
  const notes: Localized[] = [];
  return new Promise((resolve, reject) => {
    const server = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}'));
    const wss = new WebSocketServer({ noServer: true });
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (r: ProbeReport | Error) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections?.();
      server.close(() => (r instanceof Error ? reject(r) : resolve(r)));
    };
    const report = (verdict: VerdictCode, cause: Localized, fix: Localized, extra: Partial<ProbeReport> = {}): ProbeReport => ({
      verdict,
      cause,
      fix,
      target: { url: `ws://${opts.host}:${opts.port}`, token: '-', selfId: '-', label: 'listen', kind: 'reverse-ws' },
      stages,
      attempts: [],
      notes,
      totalMs: Math.round(performance.now() - t0),
      ...extra,
    });
    const onAbort = () => finish(report('timeout', t('Listening was cancelled.', '监听已取消。'), t('Run it again and start Lagrange while it listens.', '请重新运行，并在监听期间启动 Lagrange。')));
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    server.once('error', (e: NodeJS.ErrnoException) => finish(e.code === 'EADDRINUSE' ? new PortBusyError(opts.host, opts.port) : e));
    server.listen(opts.port, opts.host, () => {
      stages.push({ name: 'listen', ms: Math.round(performance.now() - t0), outcome: `listening on ${opts.host}:${opts.port}` });
      opts.onListening?.();
      timer = setTimeout(
        () =>
          finish(
            report('timeout', t(`Lagrange did not connect within ${timeoutMs} ms.`, `Lagrange 在 ${timeoutMs} 毫秒内没有连接。`), t("Check that Lagrange is logged in (services start only after login) and that its ReverseWebSocket Host:Port point here.", '请确认 Lagrange 已登录（服务在登录后才启动），并且其 ReverseWebSocket 的 Host:Port 指向这里。')),
          ),
        timeoutMs,
      );
    });

    server.on('upgrade', (req, socket, head) => {
      const connectedAt = performance.now();
      stages.push({ name: 'upgrade', ms: Math.round(connectedAt - t0), outcome: `${req.method} ${req.url}` });
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const selfId = String(req.headers['x-self-id'] ?? '');
      const auth = req.headers.authorization;
      const bearer = auth === undefined ? undefined : /^(?:bearer|token)(?: (.*))?$/i.exec(auth)?.[1] ?? '';
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = k === 'authorization' ? (bearer === undefined ? '(malformed)' : `Bearer ${maskToken(bearer)}`) : String(v);
      const frames: string[] = [];
      wss.handleUpgrade(req, socket, head, (ws) => {
        const close = () => {
          if (ws.readyState === ws.OPEN) ws.close(1000);
          stages.push({ name: 'session', ms: Math.round(performance.now() - connectedAt), outcome: `${frames.length} frame(s): ${frames.join(', ') || 'none'}` });
          finish(judge());
        };
        const frameTimer = setTimeout(close, 1000);
        ws.on('message', (d) => {
          try {
            const m = JSON.parse(d.toString()) as { post_type?: string; meta_event_type?: string };
            frames.push(`${m.post_type ?? '?'}${m.meta_event_type ? `.${m.meta_event_type}` : ''}`);
          } catch {
            frames.push('non-JSON');
          }
          if (frames.length >= 2) {
            clearTimeout(frameTimer);
            close();
          }
        });
      });

      const judge = (): ProbeReport => {
        const differences: { verdict: VerdictCode; text: Localized }[] = [];
        const p = opts.link?.nonebot;
        const required = p?.accessToken?.value || undefined;
        if (!V11_ROUTES.includes(path)) differences.push({ verdict: 'forbidden-path', text: t(`Path ${path} is not a NoneBot OneBot V11 route (/onebot/v11/ws).`, `路径 ${path} 不是 NoneBot 的 OneBot V11 路由（/onebot/v11/ws）。`) });
        if (!selfId) differences.push({ verdict: 'forbidden-token-or-adapter', text: t('No X-Self-ID header: NoneBot refuses it ("Missing X-Self-ID Header").', '没有 X-Self-ID 头：NoneBot 会拒绝（"Missing X-Self-ID Header"）。') });
        if (required !== undefined && bearer !== required)
          differences.push({ verdict: 'forbidden-token', text: bearer === undefined ? t(`No Authorization header, but NoneBot requires ${maskToken(required)}.`, `没有 Authorization 头，但 NoneBot 要求 ${maskToken(required)}。`) : t(`Token ${maskToken(bearer)} differs from NoneBot's ${maskToken(required)}.`, `令牌 ${maskToken(bearer)} 与 NoneBot 的 ${maskToken(required)} 不同。`) });
        if (p && required === undefined && bearer) notes.push(t(`Lagrange sends a token (${maskToken(bearer)}) that NoneBot does not check: auth is off.`, `Lagrange 发送了令牌（${maskToken(bearer)}），但 NoneBot 不校验：鉴权关闭。`));
        for (const d of differences) notes.push(d.text);
        const extra = { attempts: [{ path, selfId: selfId || '(none)', auth: (bearer === undefined ? 'none' : 'configured') as 'none' | 'configured', status: 101, ms: 0 }], captured: { method: req.method ?? 'GET', path: req.url ?? '/', headers, frames } };
        if (differences.length === 0)
          return report('ok', t(`Lagrange connected as NoneBot expects (path ${path}, X-Self-ID ${selfId}${bearer !== undefined ? `, token ${maskToken(bearer)}` : ''}).`, `Lagrange 的连接符合 NoneBot 的预期（路径 ${path}，X-Self-ID ${selfId}${bearer !== undefined ? `，令牌 ${maskToken(bearer)}` : ''}）。`), t('Start NoneBot: the handshake will succeed.', '启动 NoneBot 即可：握手会成功。'), extra);
        return report(differences[0].verdict, differences.map((d) => d.text).reduce((a, b) => t(`${a.en} ${b.en}`, `${a.zh}${b.zh}`)), t('Fix the differences listed above in appsettings.json (or NoneBot\'s .env).', '请在 appsettings.json（或 NoneBot 的 .env）中修正上述差异。'), extra);
      };
    });
  });
}
