/**
 * What each OneBot V11 implementation puts on the wire when it dials a bot framework, in one table, and the reverse
 * lookup that names the implementation behind a captured request. Each row is read from the implementation's source:
 *
 * - Lagrange.OneBot: LagrangeDev/Lagrange.Core `Lagrange.OneBot/Core/Network/Service/ReverseWSService.cs` (headers
 *   L93-104): `Authorization: Bearer <token>` whenever AccessToken is not null, trimmed, so `""` gives a bare `Bearer`;
 *   HttpPost (`HttpPostService.cs`): `X-Self-ID`, `X-Signature` with a Secret, never Authorization.
 * - NapCat: NapNeko/NapCatQQ `packages/napcat-onebot/network/websocket-client.ts` (L80-85 at af074793): `Bearer ${token}`
 *   even for an empty token, `x-client-role: Universal` ("for the Koishi adapter"), `User-Agent: OneBot/11`;
 *   `network/http-client.ts` (L16-26): `x-self-id`, `x-signature: sha1=<HMAC-SHA1(token, body)>` when a token is set.
 * - go-cqhttp: Mrs4s/go-cqhttp `server/websocket.go` (L238-247 at a5923f17): `X-Client-Role`, `X-Self-ID`,
 *   `User-Agent: CQHttp/4.15.0`, `Authorization: Token <t>` only for a non-empty token; `server/http.go` (L361-372):
 *   `X-Self-ID`, `User-Agent`, `X-Signature` with a secret.
 * - LLOneBot / LuckyLilliaBot: LLOneBot/LuckyLilliaBot `src/onebot11/connect/ws.ts` (L416-426 at ab2b6aff):
 *   `Bearer ${token}` always, `x-client-role: Universal`, `User-Agent: LLOneBot/<version>` (8.1.7 in `src/version.ts`);
 *   `connect/http.ts` (L236-245): `x-self-id`, `x-signature` with a token.
 */

export type { ImplementationKind, FrameworkKind } from '../endpoints';
import type { FrameworkKind, ImplementationKind } from '../endpoints';

export const IMPLEMENTATIONS: readonly ImplementationKind[] = ['lagrange', 'napcat', 'gocqhttp', 'llonebot'];

export interface ImplementationProfile {
  kind: ImplementationKind;
  /** How people name it in reports. */
  name: string;
  userAgent: string;
  /** The scheme word of its Authorization header. */
  scheme: 'Bearer' | 'Token';
  /**
   * How it writes a token that is empty or unset: `bare` sends `Bearer` (Lagrange trims the header), `space` sends
   * `Bearer ` (template string with an empty value), `omit` sends no header.
   */
  emptyToken: 'bare' | 'space' | 'omit';
  /** Header names as the implementation spells them (HTTP is case-insensitive; kept for a faithful capture). */
  selfIdHeader: string;
  roleHeader: string;
  /** How its requests are recognised in listen mode. */
  userAgentPattern: RegExp;
  /** Where the headers come from (repository and path), for the report. */
  source: string;
}

export const PROFILES: Record<ImplementationKind, ImplementationProfile> = {
  lagrange: {
    kind: 'lagrange',
    name: 'Lagrange.OneBot',
    userAgent: 'Lagrange.OneBot',
    scheme: 'Bearer',
    emptyToken: 'bare',
    selfIdHeader: 'X-Self-ID',
    roleHeader: 'X-Client-Role',
    userAgentPattern: /^Lagrange\.OneBot\b/i,
    source: 'LagrangeDev/Lagrange.Core Lagrange.OneBot/Core/Network/Service/ReverseWSService.cs',
  },
  napcat: {
    kind: 'napcat',
    name: 'NapCat',
    userAgent: 'OneBot/11',
    scheme: 'Bearer',
    emptyToken: 'space',
    selfIdHeader: 'X-Self-ID',
    roleHeader: 'x-client-role',
    userAgentPattern: /^OneBot\/11\b/i,
    source: 'NapNeko/NapCatQQ packages/napcat-onebot/network/websocket-client.ts',
  },
  gocqhttp: {
    kind: 'gocqhttp',
    name: 'go-cqhttp',
    userAgent: 'CQHttp/4.15.0',
    scheme: 'Token',
    emptyToken: 'omit',
    selfIdHeader: 'X-Self-ID',
    roleHeader: 'X-Client-Role',
    userAgentPattern: /^CQHttp\//i,
    source: 'Mrs4s/go-cqhttp server/websocket.go',
  },
  llonebot: {
    kind: 'llonebot',
    name: 'LLOneBot',
    userAgent: 'LLOneBot/8.1.7',
    scheme: 'Bearer',
    emptyToken: 'space',
    selfIdHeader: 'X-Self-ID',
    roleHeader: 'x-client-role',
    userAgentPattern: /^LLOneBot\//i,
    source: 'LLOneBot/LuckyLilliaBot src/onebot11/connect/ws.ts',
  },
};

/**
 * The Authorization header an implementation sends for `token`. `null` means "no token configured": Lagrange then
 * sends nothing, NapCat and LLOneBot still send `Bearer ` (their token defaults to ""), go-cqhttp nothing.
 */
function authorizationFor(kind: ImplementationKind, token: string | null): string | undefined {
  const p = PROFILES[kind];
  if (token === null) return p.emptyToken === 'space' ? `${p.scheme} ` : undefined;
  if (token !== '') return `${p.scheme} ${token}`;
  if (p.emptyToken === 'omit') return undefined;
  return p.emptyToken === 'bare' ? p.scheme : `${p.scheme} `;
}

/** The reverse-WebSocket handshake headers of `kind`, with `role` as X-Client-Role (Universal unless split). */
export function implementationHeaders(kind: ImplementationKind, selfId: string, token: string | null, role = 'Universal'): Record<string, string> {
  const p = PROFILES[kind];
  const h: Record<string, string> = { [p.selfIdHeader]: selfId, [p.roleHeader]: role, 'User-Agent': p.userAgent };
  const auth = authorizationFor(kind, token);
  if (auth !== undefined) h.Authorization = auth;
  return h;
}

/** The headers of an event POST (HTTP mode): X-Self-ID, and X-Signature = sha1=HMAC-SHA1(secret, body) with a secret. */
export function httpPostHeaders(kind: ImplementationKind, selfId: string, signature: string | undefined): Record<string, string> {
  const p = PROFILES[kind];
  const h: Record<string, string> = { 'Content-Type': 'application/json', [p.selfIdHeader]: selfId };
  if (kind !== 'lagrange') h['User-Agent'] = p.userAgent;
  if (signature !== undefined) h['X-Signature'] = signature;
  return h;
}

/**
 * The headers a framework sends when it dials an implementation (forward WebSocket, HTTP API): NoneBot's adapter
 * (nonebot/adapter-onebot `v11/adapter.py` `_forward_ws`, `_call_api`) and Koishi's (koishijs/koishi-plugin-adapter-onebot
 * `src/ws.ts` WsClient.prepare) both send `Authorization: Bearer <token>` only when a token is set.
 */
export function frameworkHeaders(framework: FrameworkKind, token: string | null): Record<string, string> {
  const h: Record<string, string> = {};
  if (framework === 'nonebot') h['User-Agent'] = 'NoneBot2';
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

/** Which implementation made a request, from its User-Agent, then from its header style. */
export function identifyClient(headers: Record<string, string | string[] | undefined>): {
  kind?: ImplementationKind;
  by: 'user-agent' | 'header-style' | 'unknown';
} {
  const one = (k: string) => {
    const v = headers[k];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  const ua = one('user-agent') ?? '';
  for (const k of IMPLEMENTATIONS) if (PROFILES[k].userAgentPattern.test(ua)) return { kind: k, by: 'user-agent' };
  const auth = one('authorization');
  if (auth !== undefined && /^Token\b/.test(auth)) return { kind: 'gocqhttp', by: 'header-style' };
  if (auth === 'Bearer') return { kind: 'lagrange', by: 'header-style' };
  return { by: 'unknown' };
}
