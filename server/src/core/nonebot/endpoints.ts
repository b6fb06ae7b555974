import * as path from 'node:path';
import type { FrameworkEndpoint, Location, NoneBotProject } from '../model';
import { t } from '../l10n';

/**
 * NoneBot's OneBot V11 routes: exact, case-sensitive Starlette matches registered by the adapter when the driver is
 * ASGI (nonebot/adapter-onebot v2.4.6, `nonebot/adapters/onebot/v11/adapter.py` `setup`, L84-119).
 */
export const V11_WS_ROUTES: readonly string[] = ['/onebot/v11/ws', '/onebot/v11/ws/', '/onebot/v11/'];
export const V12_WS_ROUTES: readonly string[] = ['/onebot/v12/ws', '/onebot/v12/ws/', '/onebot/v12/'];
export const V11_HTTP_ROUTES: readonly string[] = ['/onebot/v11/', '/onebot/v11/http', '/onebot/v11/http/'];

/** "./bot" — the project folder as messages name it. */
function nonebotName(p: NoneBotProject): string {
  return path.basename(p.dir) || p.dir;
}

function firstFileLocation(p: NoneBotProject): Location {
  const file = p.loaded[0] ?? p.botPy ?? path.join(p.dir, '.env');
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

function settingLoc(p: NoneBotProject, name: 'host' | 'port'): Location | undefined {
  const e = p[name].entry;
  return e ? { file: e.file, range: e.valueRange } : undefined;
}

/**
 * NoneBot as framework endpoints: one WebSocket and one HTTP POST listener on HOST:PORT (the OneBot V11 adapter
 * serves both on the driver's server), one forward-WebSocket dialer per ONEBOT_WS_URLS entry, and one HTTP API dialer
 * per ONEBOT_API_ROOTS entry (the adapter's `_call_api` POSTs `<root>/<action>` for the bot whose self id is the
 * entry's key, nonebot/adapter-onebot v2.4.6 `nonebot/adapters/onebot/v11/adapter.py`).
 */
export function nonebotEndpoints(p: NoneBotProject): FrameworkEndpoint[] {
  // Derived once per project read: the linker, the rules and the link map all ask (and get the same objects).
  let eps = derived.get(p);
  if (!eps) {
    eps = derive(p);
    derived.set(p, eps);
  }
  return eps;
}

const derived = new WeakMap<NoneBotProject, FrameworkEndpoint[]>();

function derive(p: NoneBotProject): FrameworkEndpoint[] {
  const anchor = firstFileLocation(p);
  const tokenValue = p.accessToken?.value;
  const token = tokenValue === undefined || tokenValue === '' ? null : tokenValue;
  const tokenLoc = p.accessToken?.entry ? { file: p.accessToken.entry.file, range: p.accessToken.entry.valueRange } : undefined;
  const name = nonebotName(p);
  const base = {
    framework: 'nonebot' as const,
    file: anchor.file,
    dir: p.dir,
    anchor,
    enabled: true,
    host: (p.host.value ?? '').trim(),
    hostLoc: settingLoc(p, 'host'),
    port: p.portNumber,
    portLoc: settingLoc(p, 'port'),
    token,
    tokenLoc,
    checksToken: true,
  };
  const out: FrameworkEndpoint[] = [
    {
      ...base,
      key: `${name}#ws`,
      label: t(`NoneBot in ${name}`, `${name} 中的 NoneBot`),
      protocol: 'ws-reverse',
      role: 'listens',
      paths: [...V11_WS_ROUTES],
    },
    {
      ...base,
      key: `${name}#http`,
      label: t(`NoneBot in ${name}`, `${name} 中的 NoneBot`),
      protocol: 'http-post',
      role: 'listens',
      paths: [...V11_HTTP_ROUTES],
      secret: p.secret?.value ?? '',
      secretLoc: p.secret?.entry ? { file: p.secret.entry.file, range: p.secret.entry.valueRange } : undefined,
      checksToken: false,
    },
  ];
  p.wsUrlList.forEach((u, i) => {
    out.push({
      ...base,
      key: `${name}#ws-url-${i}`,
      label: t(`NoneBot's ONEBOT_WS_URLS entry`, 'NoneBot 的 ONEBOT_WS_URLS 条目'),
      protocol: 'ws-forward',
      role: 'dials',
      paths: [],
      url: u.url,
      urlLoc: u.file ? { file: u.file, range: u.range } : undefined,
      checksToken: false,
    });
  });
  // `_call_api` sends `Authorization: Bearer <token>` whenever the token is not None, so an empty
  // ONEBOT_ACCESS_TOKEN still sends a bare `Bearer ` (unlike the forward WebSocket, which sends nothing then).
  const apiToken = tokenValue === undefined ? null : tokenValue;
  p.apiRootList.forEach((r, i) => {
    const keyLoc = r.file ? { file: r.file, range: r.keyRange } : undefined;
    out.push({
      ...base,
      key: `${name}#api-root-${i}`,
      label: t(`NoneBot's ONEBOT_API_ROOTS entry ${r.selfId}`, `NoneBot 的 ONEBOT_API_ROOTS 条目 ${r.selfId}`),
      protocol: 'http-api',
      role: 'dials',
      paths: [],
      url: r.url,
      urlLoc: r.file ? { file: r.file, range: r.range } : undefined,
      token: apiToken,
      checksToken: false,
      // The root serves the bot with this self id only (the key `_call_api` looks up).
      selfIds: [{ value: r.selfId, loc: keyLoc }],
    });
  });
  return out;
}
