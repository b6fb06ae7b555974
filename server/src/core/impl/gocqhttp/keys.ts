/**
 * The keys go-cqhttp decodes from `config.yml`, with the Go types yaml.v3 decodes them into.
 * Source: Mrs4s/go-cqhttp a5923f179b360331786a6509eb33481e775a7bd1 — modules/config/config.go (`Config`),
 * server/websocket.go (`WebsocketServer`, `WebsocketReverse`), server/http.go (`HTTPServer`, `httpServerPost`),
 * server/middlewares.go (`MiddleWares`), server/scf.go (`LambdaServer`), modules/pprof/pprof.go.
 */

/** A Go field type as yaml.v3 decodes into it. */
export type GoType = 'string' | 'int' | 'uint' | 'float' | 'bool' | 'any' | { map: Record<string, GoType> } | { list: GoType };

const MIDDLEWARES: GoType = {
  map: {
    'access-token': 'string',
    filter: 'string',
    'rate-limit': { map: { enabled: 'bool', frequency: 'float', bucket: 'int' } },
  },
};

/** servers[] entries are one-key maps; the key selects the server (modules/servers/servers.go `Run`). */
export const SERVER_TYPES: Record<string, Record<string, GoType>> = {
  ws: { disabled: 'bool', address: 'string', host: 'string', port: 'int', middlewares: MIDDLEWARES },
  'ws-reverse': {
    disabled: 'bool',
    universal: 'string',
    api: 'string',
    event: 'string',
    'reconnect-interval': 'int',
    middlewares: MIDDLEWARES,
  },
  http: {
    disabled: 'bool',
    version: 'uint',
    address: 'string',
    host: 'string',
    port: 'int',
    timeout: 'int',
    'long-polling': { map: { enabled: 'bool', 'max-queue-size': 'int' } },
    post: { list: { map: { url: 'string', secret: 'string', 'max-retries': 'uint', 'retries-interval': 'uint' } } },
    middlewares: MIDDLEWARES,
  },
  lambda: { disabled: 'bool', type: 'string', middlewares: MIDDLEWARES },
  pprof: { disabled: 'bool', host: 'string', port: 'int' },
};

export const SERVER_NAMES = Object.keys(SERVER_TYPES);

/** Top-level keys of `Config` (unknown top-level keys are ignored by yaml.v3). */
export const TOP_KEYS = ['account', 'heartbeat', 'message', 'output', 'servers', 'database'];

/** The shipped template's anchor holder: not read by go-cqhttp, only referenced through `<<: *default`. */
export const ANCHOR_HOLDERS = ['default-middlewares'];

/** Go's `strconv.ParseInt(s, 0, 64)` after yaml.v3 removes `_` (resolve.go): decimal, 0x, 0o/leading 0 octal, 0b. */
export function goInt(text: string): number | undefined {
  const s = text.replace(/_/g, '');
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|0|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2];
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (body.length > 1 && body.startsWith('0')) n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  return m[1] === '-' ? -n : n;
}

/** yaml.v3 bool for a typed bool field: YAML 1.2 true/false plus the YAML 1.1 words (decode.go `scalar`). */
export function goBool(text: string, quoted: boolean): boolean | undefined {
  if (!quoted && /^(?:true|True|TRUE)$/.test(text)) return true;
  if (!quoted && /^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^(?:y|Y|yes|Yes|YES|on|On|ON)$/.test(text)) return true;
  if (/^(?:n|N|no|No|NO|off|Off|OFF)$/.test(text)) return false;
  return undefined;
}
