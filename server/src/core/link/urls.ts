import { BlockList, isIP } from 'node:net';
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

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4'); // IPv4-mapped IPv6 (::ffff:127.0.0.1) is checked against it too
LOOPBACK.addAddress('::1', 'ipv6');
const WILDCARD = new BlockList();
WILDCARD.addAddress('0.0.0.0', 'ipv4');
WILDCARD.addAddress('::', 'ipv6');

/**
 * A host as an address, when it is one: brackets and a trailing dot dropped, lower-cased, and IPv4 in any form the
 * WHATWG URL parser (and inet_aton) accepts turned into dotted quads (`127.1`, `0x7f.1`, `2130706433` → 127.0.0.1).
 */
function normaliseHost(host: string): { name: string; family?: 'ipv4' | 'ipv6' } {
  let h = host
    .trim()
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  if (h.endsWith('.') && !h.endsWith('..')) h = h.slice(0, -1);
  if (isIP(h) === 6) return { name: h, family: 'ipv6' };
  if (/^[0-9a-fx.]+$/.test(h)) {
    try {
      const parsed = new URL(`http://${h}/`).hostname;
      if (isIP(parsed) === 4) return { name: parsed, family: 'ipv4' };
    } catch {
      // not an address
    }
  }
  return { name: h, family: isIP(h) === 4 ? 'ipv4' : undefined };
}

/** `localhost` (trailing dot or not, any case), 127.0.0.0/8 in any IPv4 spelling, ::1 in any IPv6 spelling, ::ffff:127.x. */
export function isLoopbackHost(host: string): boolean {
  return memo(loopbackMemo, host, () => {
    const h = normaliseHost(host);
    if (h.family) return LOOPBACK.check(h.name, h.family);
    return h.name === 'localhost';
  });
}

/** Every interface: 0.0.0.0 (also `0`), :: in any spelling, and the URL-prefix wildcards `*` and `+`. */
export function isWildcardHost(host: string): boolean {
  return memo(wildcardMemo, host, () => {
    const h = normaliseHost(host);
    if (h.family) return WILDCARD.check(h.name, h.family);
    return h.name === '*' || h.name === '+';
  });
}

// Rules ask about the same few hosts for every implementation; a BlockList check allocates, so answers are kept.
const loopbackMemo = new Map<string, boolean>();
const wildcardMemo = new Map<string, boolean>();
function memo(m: Map<string, boolean>, host: string, f: () => boolean): boolean {
  const hit = m.get(host);
  if (hit !== undefined) return hit;
  const v = f();
  if (m.size >= 4096) m.clear(); // bounded: hostile hosts never grow it without end
  m.set(host, v);
  return v;
}

/**
 * A template placeholder rather than an address: go-cqhttp's generated config dials
 * `ws://your_websocket_universal.server` until the user edits it (Mrs4s/go-cqhttp `server/websocket.go` templates).
 */
export function isPlaceholderUrl(url: string): boolean {
  const host = parseDialUrl(url)?.host ?? '';
  return /^your[_-]/i.test(host);
}
