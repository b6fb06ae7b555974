import WebSocket from 'ws';
import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { MAX_API_CALLS, MAX_FRAME_BYTES, printable } from './sanitize';

/** One WebSocket handshake and, after a 101, the first moments of the session as Lagrange or NoneBot would live them. */
export interface HandshakeResult {
  /** 101 when accepted, the HTTP status of a refusal, or an error kind. */
  status: number | 'refused' | 'timeout' | 'dns-failed' | 'tls-failed' | 'reset' | 'aborted' | 'error';
  ms: number;
  error?: string;
  /** First bytes of a refusal's body and its headers (lower-case). */
  body?: string;
  headers?: Record<string, string>;
  session?: {
    /** The server closed the socket before we did. */
    closedByServer: boolean;
    closeCode?: number;
    closeReason?: string;
    /** `action` of the API calls the server made (escaped, the first MAX_API_CALLS). */
    apiCalls: string[];
    /** API calls beyond those recorded. */
    apiCallsDropped?: number;
    /** The server sent a OneBot response with retcode 1403 (NapCat's and LLOneBot's "token验证失败") before closing. */
    authRefused?: boolean;
    /** A frame that was not JSON. */
    badFrame?: string;
    /** NoneBot side (forward WS): the first event's meta_event_type, and whether get_login_info was answered. */
    firstEvent?: string;
    loginAnswered?: boolean;
  };
}

export interface HandshakeOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** 'lagrange': send lifecycle + heartbeat and answer API calls; 'nonebot': wait for an event, call get_login_info. */
  role: 'lagrange' | 'nonebot';
  selfId: string;
  /** How long to watch the session after a 101 before closing with 1000. */
  sessionMs: number;
}

function classify(err: NodeJS.ErrnoException): HandshakeResult['status'] {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns-failed';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL/i.test(code) || /certificate|ssl|tls/i.test(err.message)) return 'tls-failed';
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(err.message)) return 'reset';
  if (/timed out|timeout/i.test(err.message)) return 'timeout';
  return 'error';
}

export function handshake(url: string, opts: HandshakeOptions): Promise<HandshakeResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    let ws: WebSocket | undefined;
    const finish = (r: Omit<HandshakeResult, 'ms'>) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      if (ws && ws.readyState !== WebSocket.CLOSED) ws.terminate();
      resolve({ ...r, ms: Math.round((performance.now() - t0) * 10) / 10 });
    };
    const onAbort = () => finish({ status: 'aborted' });
    if (opts.signal?.aborted) return finish({ status: 'aborted' });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      ws = new WebSocket(url, {
        headers: opts.headers,
        handshakeTimeout: opts.timeoutMs,
        perMessageDeflate: false,
        followRedirects: false,
        // Report certificate problems instead of hiding them; Lagrange checks certificates unless told not to.
        rejectUnauthorized: true,
        // A probe needs a few small frames; a peer that sends more than this is not talking OneBot to us.
        maxPayload: MAX_FRAME_BYTES,
      });
    } catch (e) {
      return finish({ status: 'error', error: (e as Error).message });
    }
    // A bound on the whole attempt, whatever the server does. Once upgraded, the handshake did answer: what ran out
    // is the session (a busy peer, a loaded machine), so the result is the 101 and what was seen of the session.
    timers.push(
      setTimeout(
        () => (session ? finish({ status: 101, session }) : finish({ status: 'timeout', error: `no answer within ${opts.timeoutMs} ms` })),
        opts.timeoutMs + opts.sessionMs + 50,
      ),
    );

    ws.on('unexpected-response', (req, res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
      const done = () =>
        finish({
          status: res.statusCode ?? 'error',
          body: Buffer.concat(chunks as Uint8Array[])
            .toString('utf8')
            .slice(0, 2048),
          headers,
        });
      res.on('data', (c: Buffer) => {
        if (size < 4096) chunks.push(c);
        size += c.length;
      });
      res.on('end', done);
      res.on('error', done);
      res.on('close', done);
      timers.push(setTimeout(done, Math.min(500, opts.timeoutMs)));
      void req;
    });
    let session: NonNullable<HandshakeResult['session']> | undefined;
    ws.on('error', (err: NodeJS.ErrnoException) => {
      if (/Unexpected server response/.test(err.message)) return; // handled by unexpected-response
      // After the upgrade (e.g. a frame over MAX_FRAME_BYTES): the session failed, not the handshake.
      if (session) return finish({ status: 101, session: { ...session, badFrame: session.badFrame ?? printable(`(${err.message})`) } });
      finish({ status: classify(err), error: printable(`${err.code ?? ''} ${err.message}`.trim(), 300) });
    });
    ws.on('open', () => {
      session = { closedByServer: false, apiCalls: [] };
      const s = session;
      const socket = ws!;
      let weClosed = false;
      const closeOurs = () => {
        if (settled || weClosed) return;
        weClosed = true;
        socket.once('close', () => finish({ status: 101, session: s }));
        timers.push(setTimeout(() => finish({ status: 101, session: s }), 300));
        socket.close(1000);
      };
      socket.on('close', (code: number, reason: Buffer) => {
        if (settled || weClosed) return;
        s.closedByServer = true;
        s.closeCode = code;
        s.closeReason = printable(reason.toString('utf8'), 125);
        finish({ status: 101, session: s });
      });
      socket.on('message', (data: WebSocket.RawData) => {
        const text = data.toString();
        let msg: { action?: unknown; echo?: unknown; post_type?: unknown; meta_event_type?: unknown; retcode?: unknown };
        try {
          msg = JSON.parse(text);
          if (msg === null || typeof msg !== 'object') throw new Error('not an object');
        } catch {
          s.badFrame = printable(text, 120);
          return closeOurs();
        }
        if (msg.retcode === 1403) s.authRefused = true;
        if (opts.role === 'lagrange' && typeof msg.action === 'string') {
          if (s.apiCalls.length < MAX_API_CALLS) s.apiCalls.push(printable(msg.action, 60));
          else s.apiCallsDropped = (s.apiCallsDropped ?? 0) + 1;
          // Answer with a failure so nothing waits on the probe.
          socket.send(JSON.stringify({ status: 'failed', retcode: 1404, data: null, message: 'probe', wording: 'probe', echo: msg.echo }));
        } else if (opts.role === 'nonebot') {
          if (msg.post_type && !s.firstEvent) {
            s.firstEvent = printable(`${String(msg.post_type)}${msg.meta_event_type ? `.${String(msg.meta_event_type)}` : ''}`, 60);
            socket.send(JSON.stringify({ action: 'get_login_info', params: {}, echo: 'onebot-doctor-probe' }));
          } else if (msg.echo === 'onebot-doctor-probe') {
            s.loginAnswered = true;
            closeOurs();
          }
        }
      });
      if (opts.role === 'lagrange') {
        const now = Math.floor(Date.now() / 1000);
        const selfId = /^\d+$/.test(opts.selfId) ? Number(opts.selfId) : opts.selfId;
        socket.send(JSON.stringify({ sub_type: 'connect', meta_event_type: 'lifecycle', time: now, self_id: selfId, post_type: 'meta_event' }));
        socket.send(
          JSON.stringify({
            interval: 5000,
            status: { app_initialized: true, app_enabled: true, app_good: true, online: true, good: true },
            meta_event_type: 'heartbeat',
            time: now,
            self_id: selfId,
            post_type: 'meta_event',
          }),
        );
      }
      timers.push(setTimeout(closeOurs, opts.sessionMs));
    });
  });
}

/** GET without Upgrade: what the server answers a plain HTTP request on the path (FastAPI: 404 {"detail":"Not Found"}). */
export function plainGet(url: string, timeoutMs: number, signal?: AbortSignal): Promise<{ status: number | string; body: string; server?: string }> {
  const httpUrl = url.replace(/^ws/i, 'http');
  const get = httpUrl.startsWith('https:') ? https.get : http.get;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: { status: number | string; body: string; server?: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(r);
    };
    const onAbort = () => finish({ status: 'aborted', body: '' });
    const req = get(httpUrl, { agent: false, rejectUnauthorized: true }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body = (body + c).slice(0, 512)));
      res.on('end', () => finish({ status: res.statusCode ?? 'error', body, server: String(res.headers.server ?? '') }));
      res.on('error', () => finish({ status: res.statusCode ?? 'error', body, server: String(res.headers.server ?? '') }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => finish({ status: e.code ?? 'error', body: '' }));
    const timer = setTimeout(() => finish({ status: 'timeout', body: '' }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
