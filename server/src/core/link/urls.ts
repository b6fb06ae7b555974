import type { LagrangeImplementation } from '../model';

/**
 * The URL Lagrange dials for a ReverseWebSocket entry: `$"{Host}:{Port}{Suffix}"`, prefixed `ws://` unless Host
 * already starts with `ws://`/`wss://` (ReverseWSService.cs L108-130). No normalisation beyond what .NET's Uri does:
 * an empty Suffix becomes `/`. Returns undefined where .NET's Uri.TryCreate would fail (see `parseDialUrl`).
 */
export function reverseWsUrl(impl: LagrangeImplementation, suffix = impl.suffix): string {
  const host = impl.host;
  const prefixed = /^wss?:\/\//i.test(host) ? host : `ws://${host}`;
  return `${prefixed}:${impl.port ?? 0}${suffix}`;
}

/** HttpPost: `{Host}:{Port}{Suffix}` with `http://` prepended unless Host starts with http:// or https://. */
export function httpPostUrl(impl: LagrangeImplementation): string {
  const host = impl.host;
  const prefixed = /^https?:\/\//i.test(host) ? host : `http://${host}`;
  return `${prefixed}:${impl.port ?? 0}${impl.suffix}`;
}

export interface DialTarget {
  scheme: string;
  /** Host name without brackets. */
  host: string;
  port: number;
  /** Path as the server sees it ("/" for an empty path), without the query. */
  path: string;
}

/** Parses a dial URL the way .NET's Uri would accept it; undefined where Lagrange reports an invalid URL. */
export function parseDialUrl(url: string): DialTarget | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!u.hostname) return undefined;
  const defaultPort = u.protocol === 'wss:' || u.protocol === 'https:' ? 443 : 80;
  return {
    scheme: u.protocol.replace(/:$/, ''),
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : defaultPort,
    path: u.pathname || '/',
  };
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|::1|localhost|0:0:0:0:0:0:0:1)$/i;
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}

export function isWildcardHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::' || h === '*' || h === '+';
}

/**
 * A template placeholder rather than an address: go-cqhttp's generated config dials
 * `ws://your_websocket_universal.server` until the user edits it (Mrs4s/go-cqhttp `server/websocket.go` templates).
 */
export function isPlaceholderUrl(url: string): boolean {
  const host = parseDialUrl(url)?.host ?? '';
  return /^your[_-]/i.test(host);
}
