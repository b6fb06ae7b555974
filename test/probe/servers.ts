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

/** NoneBot's V11 routes and check order (nonebot-onebot.md §1–3): refusals are a bare 403; plain GET is FastAPI's 404. */
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
    if (!routes.includes(pathname) || !selfId || bots.has(selfId)) return reject();
    const auth = String(req.headers.authorization ?? '');
    const [scheme, ...rest] = auth.split(' ');
    const bearer = ['bearer', 'token'].includes(scheme.toLowerCase()) ? rest.join(' ') : undefined;
    if (opts.token && opts.token !== bearer) return reject();
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
