import type { Localized } from '../../model';
import { t } from '../../l10n';

/**
 * What NapCat reads from `config/onebot11[_<uin>].json`: the TypeBox schema and its defaults in
 * NapNeko/NapCatQQ af074793 (2026-08-14) `packages/napcat-onebot/config/config.ts`, and the older (v1) format that
 * `migrateOneBotConfigsV1` translated (NapNeko/NapCatQQ 9e1b8f83, `src/onebot/config/config.ts`, 4.0–4.3.x).
 */
export type NapCatArray = 'httpServers' | 'httpSseServers' | 'httpClients' | 'websocketServers' | 'websocketClients' | 'plugins';

export const NAPCAT_ARRAYS: readonly NapCatArray[] = ['httpServers', 'httpSseServers', 'httpClients', 'websocketServers', 'websocketClients', 'plugins'];

/** What each array is, for hovers. */
export const NAPCAT_ARRAY_DOCS: Record<NapCatArray, Localized> = {
  websocketClients: t('Reverse WebSocket: NapCat dials `url` (the bot framework listens).', '反向 WebSocket：NapCat 连接 `url`（机器人框架监听）。'),
  websocketServers: t(
    'Forward WebSocket: NapCat listens on `host`:`port` (default 127.0.0.1:3001).',
    '正向 WebSocket：NapCat 监听 `host`:`port`（默认 127.0.0.1:3001）。',
  ),
  httpClients: t('HTTP POST: NapCat posts events to `url`.', 'HTTP POST：NapCat 把事件推送到 `url`。'),
  httpServers: t('HTTP API: NapCat listens on `host`:`port` (default 127.0.0.1:3000).', 'HTTP API：NapCat 监听 `host`:`port`（默认 127.0.0.1:3000）。'),
  httpSseServers: t(
    'HTTP API with server-sent events: NapCat listens on `host`:`port` (default 127.0.0.1:3000).',
    '带 SSE 的 HTTP API：NapCat 监听 `host`:`port`（默认 127.0.0.1:3000）。',
  ),
  plugins: t('In-process plugins (no network connection).', '进程内插件（不建立网络连接）。'),
};

export interface NapCatField {
  name: string;
  type: 'string' | 'number' | 'boolean';
  /** The schema default as NapCat fills it in ("(optional)" when the schema leaves it out). */
  default: string | number | boolean;
  arrays: readonly NapCatArray[];
  doc: Localized;
}

const CONNECTIONS: readonly NapCatArray[] = ['httpServers', 'httpSseServers', 'httpClients', 'websocketServers', 'websocketClients'];
const ALL: readonly NapCatArray[] = NAPCAT_ARRAYS;

export const NAPCAT_ENTRY_FIELDS: readonly NapCatField[] = [
  {
    name: 'name',
    type: 'string',
    default: '(per array)',
    arrays: ALL,
    doc: t("A name for the entry, shown in NapCat's WebUI and logs.", '条目名称，显示在 NapCat 的 WebUI 和日志里。'),
  },
  {
    name: 'enable',
    type: 'boolean',
    default: false,
    arrays: ALL,
    doc: t(
      'Defaults to **false**: an entry without `enable: true` is never opened, and NapCat logs no error about it.',
      '默认 **false**：没有 `enable: true` 的条目不会启动，NapCat 也不会报错。',
    ),
  },
  {
    name: 'url',
    type: 'string',
    default: '',
    arrays: ['websocketClients', 'httpClients'],
    doc: t(
      'The URL NapCat dials, used exactly as written (no slash is added or removed). Defaults: `ws://localhost:8082` (websocketClients), `http://localhost:8080` (httpClients).',
      'NapCat 连接的地址，按原样使用（不会增删斜杠）。默认：`ws://localhost:8082`（websocketClients）、`http://localhost:8080`（httpClients）。',
    ),
  },
  {
    name: 'host',
    type: 'string',
    default: '127.0.0.1',
    arrays: ['websocketServers', 'httpServers', 'httpSseServers'],
    doc: t(
      'Address the server binds. Default `127.0.0.1` since NapCat 4.8.105 (was `0.0.0.0`): inside a container it cannot be reached through a published port; use `0.0.0.0` there.',
      '服务端绑定的地址。NapCat 4.8.105 起默认 `127.0.0.1`（之前是 `0.0.0.0`）：在容器里无法通过映射端口访问，容器中请用 `0.0.0.0`。',
    ),
  },
  {
    name: 'port',
    type: 'number',
    default: 3001,
    arrays: ['websocketServers', 'httpServers', 'httpSseServers'],
    doc: t(
      'Port the server listens on. Defaults: 3001 (websocketServers), 3000 (httpServers, httpSseServers).',
      '服务端监听的端口。默认：3001（websocketServers）、3000（httpServers、httpSseServers）。',
    ),
  },
  {
    name: 'token',
    type: 'string',
    default: '',
    arrays: CONNECTIONS,
    doc: t(
      'Access token. WebSocket clients always send `Authorization: Bearer <token>` (also when it is empty); servers accept `Authorization: Bearer` or `?access_token=` and reject a wrong one. For httpClients it is the HMAC-SHA1 secret of the `X-Signature` header, not a bearer token. The WebUI fills a random 16-character token into new entries.',
      '访问令牌。WebSocket 客户端总是发送 `Authorization: Bearer <token>`（为空也发送）；服务端接受 `Authorization: Bearer` 或 `?access_token=`，错误则拒绝。对 httpClients 它是 `X-Signature` 头的 HMAC-SHA1 密钥，而不是 Bearer 令牌。WebUI 会为新条目填入一个随机的 16 位令牌。',
    ),
  },
  {
    name: 'messagePostFormat',
    type: 'string',
    default: 'array',
    arrays: CONNECTIONS,
    doc: t('Message format: `array` or `string`.', '消息格式：`array` 或 `string`。'),
  },
  {
    name: 'reportSelfMessage',
    type: 'boolean',
    default: false,
    arrays: ['websocketClients', 'websocketServers', 'httpClients', 'httpSseServers', 'plugins'],
    doc: t("Also report the account's own messages.", '同时上报机器人自己发出的消息。'),
  },
  { name: 'debug', type: 'boolean', default: false, arrays: ALL, doc: t('Verbose logging for this entry.', '为该条目输出调试日志。') },
  {
    name: 'reconnectInterval',
    type: 'number',
    default: 5000,
    arrays: ['websocketClients'],
    doc: t('Milliseconds between reconnection attempts.', '重连间隔（毫秒）。'),
  },
  {
    name: 'heartInterval',
    type: 'number',
    default: 30000,
    arrays: ['websocketClients', 'websocketServers'],
    doc: t('Heartbeat interval in milliseconds.', '心跳间隔（毫秒）。'),
  },
  {
    name: 'verifyCertificate',
    type: 'boolean',
    default: true,
    arrays: ['websocketClients'],
    doc: t('Check the TLS certificate of a `wss://` URL (optional).', '校验 `wss://` 地址的 TLS 证书（可选）。'),
  },
  {
    name: 'enableForcePushEvent',
    type: 'boolean',
    default: true,
    arrays: ['websocketServers'],
    doc: t('Push events to every connected client.', '向每个已连接的客户端推送事件。'),
  },
  { name: 'enableCors', type: 'boolean', default: true, arrays: ['httpServers', 'httpSseServers'], doc: t('Send CORS headers.', '发送 CORS 头。') },
  {
    name: 'enableWebsocket',
    type: 'boolean',
    default: false,
    arrays: ['httpServers', 'httpSseServers'],
    doc: t('Also accept WebSocket upgrades on the HTTP port.', '在 HTTP 端口上同时接受 WebSocket 升级。'),
  },
];

export function napcatEntryFields(array: NapCatArray): NapCatField[] {
  return NAPCAT_ENTRY_FIELDS.filter((f) => f.arrays.includes(array));
}

/** Schema default of a field in one array (where it differs per array). */
export function napcatDefault(array: NapCatArray, field: string): string | number | boolean | undefined {
  if (field === 'port') return array === 'websocketServers' ? 3001 : 3000;
  if (field === 'url') return array === 'websocketClients' ? 'ws://localhost:8082' : array === 'httpClients' ? 'http://localhost:8080' : undefined;
  if (field === 'name') return DEFAULT_NAMES[array];
  const f = NAPCAT_ENTRY_FIELDS.find((x) => x.name === field && x.arrays.includes(array));
  return f?.default;
}

const DEFAULT_NAMES: Record<NapCatArray, string> = {
  httpServers: 'http-server',
  httpSseServers: 'http-sse-server',
  httpClients: 'http-client',
  websocketServers: 'websocket-server',
  websocketClients: 'websocket-client',
  plugins: 'plugin',
};

/** Top-level keys of the current format. */
export const NAPCAT_TOP_LEVEL_KEYS: readonly { name: string; doc: Localized }[] = [
  { name: 'network', doc: t('The six connection arrays.', '六个连接数组。') },
  { name: 'musicSignUrl', doc: t('Music card signing service (default empty).', '音乐卡片签名服务（默认为空）。') },
  { name: 'enableLocalFile2Url', doc: t('Turn local file paths into URLs (default false).', '把本地文件路径转换成 URL（默认 false）。') },
  { name: 'parseMultMsg', doc: t('Parse forwarded messages (default false).', '解析合并转发消息（默认 false）。') },
  { name: 'imageDownloadProxy', doc: t('Proxy for image downloads (default empty).', '图片下载代理（默认为空）。') },
  {
    name: 'timeout',
    doc: t(
      'Upload/download timeouts: `baseTimeout`, `uploadSpeedKBps`, `downloadSpeedKBps`, `maxTimeout`.',
      '上传/下载超时：`baseTimeout`、`uploadSpeedKBps`、`downloadSpeedKBps`、`maxTimeout`。',
    ),
  },
];

export const NAPCAT_TIMEOUT_KEYS: readonly string[] = ['baseTimeout', 'uploadSpeedKBps', 'downloadSpeedKBps', 'maxTimeout'];

/** Top-level keys of the v1 format (NapCat up to 4.3.x, migrated on start from 4.0 to 4.3.x). */
export const NAPCAT_V1_KEYS: readonly string[] = [
  'http',
  'ws',
  'reverseWs',
  'debug',
  'heartInterval',
  'messagePostFormat',
  'enableLocalFile2Url',
  'musicSignUrl',
  'reportSelfMessage',
  'token',
];
