import type { Localized } from '../model';
import { t } from '../l10n';

/**
 * NoneBot's configuration keys that matter to a OneBot link: core keys (nonebot2 `nonebot/config.py`, reference
 * docs/facts/nonebot.md#core-settings-and-drivers) and the OneBot V11/V12 adapter's keys (adapter-onebot `nonebot/adapters/onebot/v11/config.py`, docs/facts/nonebot.md#adapter-settings).
 * Names are upper-case canonical; NoneBot itself matches them case-insensitively.
 */
export interface NoneBotKey {
  name: string;
  /** Alias accepted by pydantic (`validation_alias` / `alias`), e.g. ONEBOT_V11_ACCESS_TOKEN. */
  aliases: string[];
  kind: 'core' | 'adapter-v11' | 'adapter-v11-v12' | 'adapter-v12';
  /** Core fields are parsed by their pydantic type; other keys are JSON-decoded when they parse as JSON. */
  core: boolean;
  type: string;
  default?: string;
  doc: Localized;
}

export const NONEBOT_KEYS: readonly NoneBotKey[] = [
  {
    name: 'ENVIRONMENT',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'str',
    default: 'prod',
    doc: t(
      'Selects the second file NoneBot loads: `.env.{ENVIRONMENT}` after `.env`. Read from the process environment or `.env`.',
      '决定 NoneBot 加载的第二个文件：在 `.env` 之后加载 `.env.{ENVIRONMENT}`。从进程环境变量或 `.env` 读取。',
    ),
  },
  {
    name: 'DRIVER',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'str',
    default: '~fastapi',
    doc: t(
      'The driver(s): `<module>[:<Driver>][+<module>...]`, `~` = `nonebot.drivers.`. Reverse WebSocket (Lagrange dials NoneBot) needs a server driver (`~fastapi` or `~quart`); forward WebSocket (ONEBOT_WS_URLS) needs `~websockets` or `~aiohttp`. nb-cli writes `~fastapi+~httpx+~websockets`.',
      '驱动器：`<模块>[:<Driver>][+<模块>...]`，`~` 表示 `nonebot.drivers.`。反向 WebSocket（Lagrange 连接 NoneBot）需要服务端驱动器（`~fastapi` 或 `~quart`）；正向 WebSocket（ONEBOT_WS_URLS）需要 `~websockets` 或 `~aiohttp`。nb-cli 默认写入 `~fastapi+~httpx+~websockets`。',
    ),
  },
  {
    name: 'HOST',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'IPvAnyAddress',
    default: '127.0.0.1',
    doc: t(
      "The address NoneBot's server listens on. Must be an IP address (`localhost` fails validation at startup). `127.0.0.1` accepts only connections from the same machine or container; use `0.0.0.0` for other containers or hosts.",
      'NoneBot 服务端监听的地址。必须是 IP 地址（`localhost` 会在启动时校验失败）。`127.0.0.1` 只接受同一台机器或同一容器内的连接；其他容器或主机连接时请用 `0.0.0.0`。',
    ),
  },
  {
    name: 'PORT',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'int (1-65535)',
    default: '8080',
    doc: t(
      "The port NoneBot's server listens on. Lagrange's ReverseWebSocket `Port` must equal it.",
      'NoneBot 服务端监听的端口。Lagrange 的 ReverseWebSocket `Port` 必须与之相同。',
    ),
  },
  {
    name: 'LOG_LEVEL',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'int | str',
    default: 'INFO',
    doc: t('Log level; `DEBUG` shows each connection and rejected handshake reason.', '日志级别；`DEBUG` 会显示每次连接与握手被拒绝的原因。'),
  },
  {
    name: 'API_TIMEOUT',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'float | None',
    default: '30.0',
    doc: t('Seconds to wait for an API answer from the OneBot implementation.', '等待 OneBot 实现返回 API 结果的秒数。'),
  },
  {
    name: 'SUPERUSERS',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'set[str] (JSON)',
    default: '[]',
    doc: t('Bot superusers, as a JSON list: `SUPERUSERS=["123456"]`.', '机器人超级用户，JSON 列表：`SUPERUSERS=["123456"]`。'),
  },
  {
    name: 'NICKNAME',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'set[str] (JSON)',
    default: '[]',
    doc: t('Names the bot answers to, as a JSON list.', '机器人的昵称，JSON 列表。'),
  },
  {
    name: 'COMMAND_START',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'set[str] (JSON)',
    default: '["/"]',
    doc: t('Command prefixes, as a JSON list.', '命令前缀，JSON 列表。'),
  },
  {
    name: 'COMMAND_SEP',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'set[str] (JSON)',
    default: '["."]',
    doc: t('Command separators, as a JSON list.', '命令分隔符，JSON 列表。'),
  },
  {
    name: 'SESSION_EXPIRE_TIMEOUT',
    aliases: [],
    kind: 'core',
    core: true,
    type: 'timedelta',
    default: '120 s',
    doc: t('How long a conversation session waits.', '会话等待的时长。'),
  },
  {
    name: 'ONEBOT_ACCESS_TOKEN',
    aliases: ['ONEBOT_V11_ACCESS_TOKEN'],
    kind: 'adapter-v11-v12',
    core: false,
    type: 'str | None',
    doc: t(
      "The token the OneBot adapter requires in `Authorization: Bearer <token>` (V11 ignores `?access_token=`). Must equal Lagrange's `AccessToken`. Unset: anyone can connect. `ONEBOT_V11_ACCESS_TOKEN` sets it for V11 only.",
      'OneBot 适配器要求在 `Authorization: Bearer <token>` 中携带的令牌（V11 不读取 `?access_token=`）。必须与 Lagrange 的 `AccessToken` 相同。未设置时任何人都能连接。`ONEBOT_V11_ACCESS_TOKEN` 只对 V11 生效。',
    ),
  },
  {
    name: 'ONEBOT_SECRET',
    aliases: ['ONEBOT_V11_SECRET'],
    kind: 'adapter-v11',
    core: false,
    type: 'str | None',
    doc: t(
      "HTTP POST only: the HMAC-SHA1 key for `X-Signature`. Must equal the `Secret` of Lagrange's HttpPost entry.",
      '仅用于 HTTP POST：`X-Signature` 的 HMAC-SHA1 密钥。必须与 Lagrange HttpPost 条目的 `Secret` 相同。',
    ),
  },
  {
    name: 'ONEBOT_WS_URLS',
    aliases: ['ONEBOT_V11_WS_URLS'],
    kind: 'adapter-v11-v12',
    core: false,
    type: 'set[WSUrl] (JSON)',
    default: '[]',
    doc: t(
      'Forward WebSocket: URLs NoneBot connects to, as a JSON list, e.g. `["ws://127.0.0.1:8081"]` — Lagrange\'s ForwardWebSocket Host:Port. Needs a `~websockets` or `~aiohttp` driver.',
      '正向 WebSocket：NoneBot 主动连接的地址，JSON 列表，例如 `["ws://127.0.0.1:8081"]`，即 Lagrange ForwardWebSocket 的 Host:Port。需要 `~websockets` 或 `~aiohttp` 驱动器。',
    ),
  },
  {
    name: 'ONEBOT_API_ROOTS',
    aliases: ['ONEBOT_V11_API_ROOTS'],
    kind: 'adapter-v11-v12',
    core: false,
    type: 'dict[str, AnyUrl] (JSON)',
    default: '{}',
    doc: t(
      'HTTP API roots per bot id, as a JSON object: `{"123456": "http://127.0.0.1:8083/"}` (Lagrange\'s Http entry).',
      '按机器人账号配置的 HTTP API 地址，JSON 对象：`{"123456": "http://127.0.0.1:8083/"}`（对应 Lagrange 的 Http 条目）。',
    ),
  },
  ...(['ACCESS_TOKEN', 'WS_URLS', 'API_ROOTS'] as const).map(
    (k): NoneBotKey => ({
      name: `ONEBOT_V12_${k}`,
      aliases: [],
      kind: 'adapter-v12',
      core: false,
      type: k === 'ACCESS_TOKEN' ? 'str | None' : 'JSON',
      doc: t(
        `OneBot V12 adapter only (a bare ONEBOT_${k} applies to V11 and V12). Lagrange speaks V11: this does not affect it.`,
        `仅用于 OneBot V12 适配器（不带版本的 ONEBOT_${k} 同时作用于 V11 和 V12）。Lagrange 使用 V11：此项对其无效。`,
      ),
    }),
  ),
  {
    name: 'ONEBOT_USE_MSGPACK',
    aliases: ['ONEBOT_V12_USE_MSGPACK'],
    kind: 'adapter-v12',
    core: false,
    type: 'bool',
    default: 'false',
    doc: t('OneBot V12 only: use MessagePack frames.', '仅 OneBot V12：使用 MessagePack 帧。'),
  },
];

/** Look-up by any accepted name (canonical or alias), case-insensitive. */
export function nonebotKey(name: string): NoneBotKey | undefined {
  const u = name.toUpperCase();
  return NONEBOT_KEYS.find((k) => k.name === u || k.aliases.includes(u));
}

/**
 * Keys copied from forum posts, old go-cqhttp/CQHTTP guides and other frameworks that NoneBot does not read, with
 * the key that was meant. NoneBot accepts any extra key without a word, so each silently leaves the setting it was
 * meant for at its default; for a token that means auth is off (docs/facts/nonebot.md#adapter-settings, and the
 * observed handshake with a misspelt `ONE_BOT_ACCESS_TOKEN` in docs/facts/nonebot.md#observed-handshake-results).
 */
export const WRONG_KEYS: Readonly<Record<string, string>> = {
  ONE_BOT_ACCESS_TOKEN: 'ONEBOT_ACCESS_TOKEN',
  ONEBOT_TOKEN: 'ONEBOT_ACCESS_TOKEN',
  ONEBOT_AUTH_TOKEN: 'ONEBOT_ACCESS_TOKEN',
  ONEBOT_ACCESSTOKEN: 'ONEBOT_ACCESS_TOKEN',
  ONEBOT_ACCESS_KEY: 'ONEBOT_ACCESS_TOKEN',
  ONEBOT_V11_TOKEN: 'ONEBOT_V11_ACCESS_TOKEN',
  ONEBOT_V11_ACCESSTOKEN: 'ONEBOT_V11_ACCESS_TOKEN',
  ONEBOT_V12_TOKEN: 'ONEBOT_V12_ACCESS_TOKEN',
  ONEBOT11_ACCESS_TOKEN: 'ONEBOT_V11_ACCESS_TOKEN',
  ONEBOTV11_ACCESS_TOKEN: 'ONEBOT_V11_ACCESS_TOKEN',
  ACCESS_TOKEN: 'ONEBOT_ACCESS_TOKEN',
  ACCESSTOKEN: 'ONEBOT_ACCESS_TOKEN',
  CQHTTP_ACCESS_TOKEN: 'ONEBOT_ACCESS_TOKEN',
  CQHTTP_SECRET: 'ONEBOT_SECRET',
  CQHTTP_WS_URLS: 'ONEBOT_WS_URLS',
  CQHTTP_API_ROOTS: 'ONEBOT_API_ROOTS',
  ONE_BOT_SECRET: 'ONEBOT_SECRET',
  ONEBOT_SECRET_KEY: 'ONEBOT_SECRET',
  ONEBOT_V11_SECRET_KEY: 'ONEBOT_V11_SECRET',
  ONEBOT_WS_URL: 'ONEBOT_WS_URLS',
  ONEBOT_WSURLS: 'ONEBOT_WS_URLS',
  ONEBOT_V11_WS_URL: 'ONEBOT_V11_WS_URLS',
  ONEBOT_API_ROOT: 'ONEBOT_API_ROOTS',
  ONEBOT_V11_API_ROOT: 'ONEBOT_V11_API_ROOTS',
  ONEBOT_API_TIMEOUT: 'API_TIMEOUT',
  NONEBOT_HOST: 'HOST',
  NONEBOT_PORT: 'PORT',
  NONEBOT_DRIVER: 'DRIVER',
  DRIVERS: 'DRIVER',
  SUPERUSER: 'SUPERUSERS',
  SUPER_USERS: 'SUPERUSERS',
  LOGLEVEL: 'LOG_LEVEL',
  ENV: 'ENVIRONMENT',
};

/** Why a wrong key matters, for messages and hovers. */
export function wrongKeyEffect(right: string): Localized {
  if (/ACCESS_TOKEN$/.test(right)) return t('no token is checked and anyone can connect (auth is off)', '不会校验令牌，任何人都能连接（鉴权关闭）');
  if (/SECRET$/.test(right)) return t('NoneBot does not check the X-Signature of HTTP POST reports', 'NoneBot 不会校验 HTTP POST 上报的 X-Signature');
  if (/WS_URLS$/.test(right)) return t('NoneBot dials no forward WebSocket', 'NoneBot 不会发起正向 WebSocket 连接');
  if (/API_ROOTS$/.test(right)) return t('NoneBot has no HTTP API root', 'NoneBot 没有 HTTP API 地址');
  if (right === 'HOST' || right === 'PORT')
    return t(
      `NoneBot listens on its default ${right === 'HOST' ? 'host 127.0.0.1' : 'port 8080'}`,
      `NoneBot 使用默认的${right === 'HOST' ? '地址 127.0.0.1' : '端口 8080'}监听`,
    );
  if (right === 'DRIVER') return t('NoneBot uses its default driver ~fastapi', 'NoneBot 使用默认驱动器 ~fastapi');
  if (right === 'ENVIRONMENT') return t('NoneBot loads .env.prod (ENVIRONMENT defaults to prod)', 'NoneBot 会加载 .env.prod（ENVIRONMENT 默认为 prod）');
  return t(`${right} keeps its default`, `${right} 保持默认值`);
}

/** Drivers NoneBot ships (`nonebot.drivers.*`), and which side they serve. */
export const DRIVERS: Readonly<Record<string, { server: boolean; wsClient: boolean; httpClient: boolean; doc: Localized }>> = {
  fastapi: {
    server: true,
    wsClient: false,
    httpClient: false,
    doc: t('ASGI server (FastAPI + uvicorn): receives reverse WebSocket and HTTP POST.', 'ASGI 服务端（FastAPI + uvicorn）：接收反向 WebSocket 和 HTTP POST。'),
  },
  quart: {
    server: true,
    wsClient: false,
    httpClient: false,
    doc: t('ASGI server (Quart): receives reverse WebSocket and HTTP POST.', 'ASGI 服务端（Quart）：接收反向 WebSocket 和 HTTP POST。'),
  },
  websockets: {
    server: false,
    wsClient: true,
    httpClient: false,
    doc: t('WebSocket client: forward WebSocket (ONEBOT_WS_URLS).', 'WebSocket 客户端：正向 WebSocket（ONEBOT_WS_URLS）。'),
  },
  aiohttp: {
    server: false,
    wsClient: true,
    httpClient: true,
    doc: t('HTTP and WebSocket client: forward WebSocket and HTTP API calls.', 'HTTP 与 WebSocket 客户端：正向 WebSocket 与 HTTP API 调用。'),
  },
  httpx: {
    server: false,
    wsClient: false,
    httpClient: true,
    doc: t('HTTP client: HTTP API calls (ONEBOT_API_ROOTS).', 'HTTP 客户端：HTTP API 调用（ONEBOT_API_ROOTS）。'),
  },
  none: { server: false, wsClient: false, httpClient: false, doc: t('No driver: nothing listens, nothing connects.', '无驱动器：既不监听也不连接。') },
};

/** Common DRIVER values for completion. */
export const DRIVER_VALUES: readonly string[] = [
  '~fastapi+~httpx+~websockets',
  '~fastapi+~websockets',
  '~fastapi',
  '~fastapi+~aiohttp',
  '~quart+~websockets',
  '~websockets',
  '~aiohttp',
  '~httpx+~websockets',
  '~none',
];
