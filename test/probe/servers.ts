/** Real servers on loopback that behave as the probe's peers do: NoneBot's check order, Lagrange's forward WS, and faults. */
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Running {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closer(server: net.Server, wss?: WebSocketServer): () => Promise<void> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return () =>
    new Promise((resolve) => {
      for (const c of wss?.clients ?? []) c.terminate();
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** NoneBot's V11 routes and check order (docs/facts/nonebot.md#routes, docs/facts/nonebot.md#handshake-checks, docs/facts/nonebot.md#how-a-rejection-looks): refusals are a bare 403; plain GET is FastAPI's 404. */
export async function nonebotLike(opts: { token?: string; adapter?: boolean; v12Only?: boolean; server?: http.Server }): Promise<Running> {
  const server = opts.server ?? http.createServer();
  const bots = new Set<string>();
  const wss = new WebSocketServer({ noServer: true });
  const routes = opts.adapter === false ? [] : ['/onebot/v11/', '/onebot/v11/ws', '/onebot/v11/ws/'];
  server.on('request', (_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json', server: 'uvicorn' });
    res.end('{"detail":"Not Found"}');
  });
  server.on('upgrade', (req, socket, head): void => {
    const reject = () => {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n');
    };
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const selfId = String(req.headers['x-self-id'] ?? '');
    if (!routes.includes(pathname) || !selfId || bots.has(selfId)) {
      reject();
      return;
    }
    const auth = String(req.headers.authorization ?? '');
    const [scheme, ...rest] = auth.split(' ');
    const bearer = ['bearer', 'token'].includes(scheme.toLowerCase()) ? rest.join(' ') : undefined;
    if (opts.token && opts.token !== bearer) {
      reject();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      bots.add(selfId);
      ws.on('close', () => bots.delete(selfId));
      ws.on('message', () => undefined); // V11 sends nothing
    });
  });
  const port = server.listening ? (server.address() as AddressInfo).port : await listen(server);
  return { port, close: closer(server, wss) };
}

/** Lagrange's ForwardWebSocket: token check (403), lifecycle on connect, answers get_login_info. */
export async function lagrangeForward(opts: { token?: string }): Promise<Running> {
  const server = http.createServer((_q, r) => r.writeHead(400).end());
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const auth = String(req.headers.authorization ?? '');
    const tok = auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (opts.token && tok !== opts.token) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ sub_type: 'connect', meta_event_type: 'lifecycle', time: 1, self_id: 10001, post_type: 'meta_event' }));
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.action === 'get_login_info') ws.send(JSON.stringify({ status: 'ok', retcode: 0, data: { user_id: 10001, nickname: 'bot' }, echo: m.echo }));
      });
    });
  });
  const port = await listen(server);
  return { port, close: closer(server, wss) };
}

/** A WebSocket server that accepts and then does something unhelpful. */
export async function wsThen(behaviour: 'close-1008' | 'garbage-frame' | 'flood'): Promise<Running> {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => {
    if (behaviour === 'close-1008') ws.close(1008, 'Missing connect meta event');
    else if (behaviour === 'flood') {
      for (let i = 0; i < 5000 && ws.readyState === ws.OPEN; i++) ws.send(JSON.stringify({ action: 'get_status', params: {}, echo: String(i) }));
    } else ws.send('this is not json');
  });
  const port = await listen(server);
  return { port, close: closer(server, wss) };
}

/** Plain HTTP that answers every request (upgrade or not) with a fixed status. */
export async function httpStatus(status: number, body = ''): Promise<Running> {
  const server = http.createServer((_q, r) => r.writeHead(status).end(body));
  server.on('upgrade', (_req, socket) => socket.end(`HTTP/1.1 ${status} X\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
  const port = await listen(server);
  return { port, close: closer(server) };
}

/** Accepts TCP and never answers. */
export async function blackhole(): Promise<Running> {
  const server = net.createServer(() => undefined);
  const port = await listen(server);
  return { port, close: closer(server) };
}

/** Answers the upgrade with bytes that are not HTTP. */
export async function garbage(): Promise<Running> {
  const server = net.createServer((s) => s.end('\u0000\u0001 not http at all\r\n\r\n'));
  const port = await listen(server);
  return { port, close: closer(server) };
}

/** A port that was free a moment ago: nothing listens there. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

export function httpsServer(key: string, cert: string): https.Server {
  return https.createServer({ key, cert });
}

// ---------------------------------------------------------------------------------------------------------------
// Stand-ins for the implementations that cannot run here (they need a QQ login). Each follows its source: the
// checks, their order and what goes on the wire, nothing more.
// ---------------------------------------------------------------------------------------------------------------

export type Impl = 'lagrange' | 'napcat' | 'gocqhttp' | 'llonebot';

const lifecycle = (selfId: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...extra, meta_event_type: 'lifecycle', post_type: 'meta_event', self_id: selfId, sub_type: 'connect', time: 1 });
const loginInfo = (echo: unknown, userId = 10001) =>
  JSON.stringify({ status: 'ok', retcode: 0, data: { user_id: userId, nickname: 'bot' }, message: '', wording: '', echo });
/** OneBot's failure shape (NapCat `action/OneBotAction.ts` OB11Response.res; LLOneBot the same). */
const res1403 = JSON.stringify({
  status: 'failed',
  retcode: 1403,
  data: null,
  message: 'token验证失败',
  wording: 'token验证失败',
  echo: null,
  stream: 'normal-action',
});

/**
 * How each implementation reads the token of a forward WS or HTTP API request:
 * - NapCat `network/websocket-server.ts` / `http-server.ts` authorize: empty token → accept; `?access_token=` when
 *   non-empty, else the text after the last "Bearer " in Authorization.
 * - LLOneBot (github.com/LLOneBot/LLOneBot, `src/onebot11/connect/ws.ts` and `src/onebot11/connect/http.ts`
 *   `authorize`, commit c9bd964df7b9c550b2b94031f65b3207b5c241dd): the header first: a non-empty Authorization gives
 *   the text after its last "Bearer " (the whole header when there is none), and only without one `?access_token=`.
 * - go-cqhttp (github.com/Mrs4s/go-cqhttp, `server/http.go` checkAuth, used by `server/websocket.go` event/api/any
 *   too, commit a5923f179b360331786a6509eb33481e775a7bd1): an empty server token accepts all; a non-empty
 *   Authorization gives the text after its first space whatever the scheme (`Token`, `Bearer`…; the whole header
 *   when there is no space), else `?access_token=`; then "" → 401, another token → 403.
 * - Lagrange `ForwardWSService.cs` / `HttpService.cs`: text after "Bearer " (case-sensitive), else `?access_token=`.
 */
function clientToken(impl: Impl, req: http.IncomingMessage): string {
  const u = new URL(req.url ?? '/', 'http://x');
  const auth = req.headers.authorization;
  const query = u.searchParams.get('access_token') ?? '';
  if (impl === 'napcat') return query !== '' ? query : (auth?.split('Bearer ').pop() ?? '');
  if (impl === 'llonebot') return auth ? auth.split('Bearer ').pop()! : query;
  if (impl === 'gocqhttp') {
    if (!auth) return query;
    const i = auth.indexOf(' ');
    return i < 0 ? auth : auth.slice(i + 1);
  }
  if (auth === undefined) return query;
  return auth.startsWith('Bearer ') ? auth.slice(7) : '\u0000no-bearer';
}

/**
 * An implementation's forward WebSocket server. NapCat and LLOneBot: wrong token → 101, a retcode 1403 response,
 * close() without a code (1005) (LLOneBot `src/onebot11/connect/ws.ts` authorize, at the commit above); go-cqhttp:
 * 401 without a token, 403 with a wrong one, else 101 and a lifecycle frame with `_post_method` on `/event` and `/`
 * (none on `/api`); a plain request (no upgrade) is checked the same way, then gorilla/websocket's Upgrade answers 400
 * (`server/websocket.go`, at the commit above); Lagrange: 403, else 101 and lifecycle. All answer get_login_info.
 */
export async function implementationForward(impl: Impl, opts: { token?: string }): Promise<Running> {
  const server = http.createServer((q, r) => {
    const token = opts.token ?? '';
    const sent = impl === 'gocqhttp' ? clientToken(impl, q) : token;
    r.writeHead(token !== '' && sent !== token ? (sent === '' ? 401 : 403) : impl === 'lagrange' || impl === 'gocqhttp' ? 400 : 426).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  const serve = (ws: WebSocket, path: string) => {
    if (impl !== 'gocqhttp' || path !== '/api') ws.send(lifecycle(10001, impl === 'gocqhttp' ? { _post_method: 2 } : {}));
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if (m.action === 'get_login_info') ws.send(loginInfo(m.echo));
    });
  };
  server.on('upgrade', (req, socket, head) => {
    const token = opts.token ?? '';
    const sent = clientToken(impl, req);
    if (impl === 'gocqhttp' && token !== '' && sent !== token) {
      socket.end(`HTTP/1.1 ${sent === '' ? '401 Unauthorized' : '403 Forbidden'}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    if (impl === 'lagrange' && token !== '' && sent !== token) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if ((impl === 'napcat' || impl === 'llonebot') && token !== '' && sent !== token) {
        ws.send(res1403);
        ws.close();
        return;
      }
      serve(ws, new URL(req.url ?? '/', 'http://x').pathname);
    });
  });
  const port = await listen(server);
  return { port, close: closer(server, wss) };
}

/**
 * An implementation's HTTP API server: `POST /get_login_info`. go-cqhttp and Lagrange: 401 without a token
 * (Lagrange adds `WWW-Authenticate: Bearer`), 403 with a wrong one; NapCat and LLOneBot: 403 with a JSON message
 * (LLOneBot's is `{"message":"403"}`, `src/onebot11/connect/http.ts` authorize, at the commit above).
 */
/** `userId`: the account get_login_info reports (Koishi takes it as the bot's selfId). */
export async function implementationHttpApi(impl: Impl, opts: { token?: string; userId?: number }): Promise<Running> {
  const server = http.createServer((req, res) => {
    const token = opts.token ?? '';
    const sent = clientToken(impl, req);
    if (token !== '' && sent !== token) {
      if (impl === 'gocqhttp' || impl === 'lagrange') {
        const none =
          impl === 'gocqhttp' ? sent === '' : req.headers.authorization === undefined && !new URL(req.url ?? '/', 'http://x').searchParams.has('access_token');
        res.writeHead(none ? 401 : 403, none && impl === 'lagrange' ? { 'WWW-Authenticate': 'Bearer' } : {}).end();
      } else res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: impl === 'napcat' ? 'token verify failed!' : '403' }));
      return;
    }
    const action = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\//, '').replace(/\/$/, '');
    req.resume();
    req.on('end', () => {
      if (action === 'get_login_info') res.writeHead(200, { 'content-type': 'application/json' }).end(loginInfo(null, opts.userId));
      else res.writeHead(404).end();
    });
  });
  const port = await listen(server);
  return { port, close: closer(server) };
}

/** Accepts the first WebSocket with 101, then closes its listening socket: the next attempt is refused. */
export async function acceptOnceThenGone(): Promise<Running> {
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  const close = closer(server, wss);
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', () => undefined);
      server.close();
    });
  });
  const port = await listen(server);
  return { port, close };
}

/** 101, then something a hostile or broken peer would send. */
export async function wsHostile(behaviour: 'control-close' | 'control-actions' | 'huge-frame'): Promise<Running> {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => {
    if (behaviour === 'control-close') ws.close(4000, '\u001b[31mred\u0007\r\nfake line');
    else if (behaviour === 'control-actions') ws.send(JSON.stringify({ action: '\u001b]0;title\u0007get_status', params: {}, echo: 1 }));
    else ws.send('x'.repeat(2 * 1024 * 1024));
  });
  const port = await listen(server);
  return { port, close: closer(server, wss) };
}
