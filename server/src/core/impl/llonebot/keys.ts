import type { Localized } from '../../model';
import { t } from '../../l10n';

/**
 * What LLOneBot / LuckyLilliaBot reads from `config_<uin>.json`, per generation:
 * - connect (late 2025 onwards): LLOneBot/LuckyLilliaBot ab2b6aff (2026-08-07) `src/common/types.ts`,
 *   `src/main/config/default_config.json`, `src/main/config/index.ts` (`migrateConfig`).
 * - flat (mid-2025): LLOneBot/LLOneBot e67c0af6 (2025-07-25) `src/common/config.ts`, `src/common/types.ts`.
 * - 2024 (LiteLoader plugin): LLOneBot/LLOneBot fb602588 (2024-10-19) `src/common/config.ts`, `src/common/types.ts`.
 */
export type ConnectType = 'ws' | 'ws-reverse' | 'http' | 'http-post';
export const CONNECT_TYPES: readonly ConnectType[] = ['ws', 'ws-reverse', 'http', 'http-post'];

export interface LLOneBotField {
  name: string;
  types: readonly ConnectType[];
  doc: Localized;
}

const ALL = CONNECT_TYPES;

export const CONNECT_FIELDS: readonly LLOneBotField[] = [
  {
    name: 'type',
    types: ALL,
    doc: t(
      '`ws` (LLOneBot listens for a WebSocket), `ws-reverse` (LLOneBot dials `url`), `http` (HTTP API server), `http-post` (LLOneBot posts events to `url`). Any other value makes LLOneBot throw and start none of its OneBot connections.',
      '`ws`（LLOneBot 监听 WebSocket）、`ws-reverse`（LLOneBot 连接 `url`）、`http`（HTTP API 服务端）、`http-post`（LLOneBot 把事件推送到 `url`）。其他值会让 LLOneBot 抛出异常，所有 OneBot 连接都不会启动。',
    ),
  },
  { name: 'name', types: ALL, doc: t('A name for the entry (optional).', '条目名称（可选）。') },
  {
    name: 'enable',
    types: ALL,
    doc: t(
      'The entry starts only when this is true (shipped default: false) and `ob11.enable` is true.',
      '只有它为 true（默认配置里为 false）且 `ob11.enable` 为 true 时条目才会启动。',
    ),
  },
  {
    name: 'token',
    types: ALL,
    doc: t(
      'Access token. `ws-reverse` always sends `Authorization: Bearer <token>`; `ws`/`http` check `Authorization: Bearer` or `?access_token=` when it is non-empty. For `http-post` it is the HMAC-SHA1 secret of `X-Signature`.',
      '访问令牌。`ws-reverse` 总是发送 `Authorization: Bearer <token>`；`ws`/`http` 在它非空时检查 `Authorization: Bearer` 或 `?access_token=`。对 `http-post` 它是 `X-Signature` 的 HMAC-SHA1 密钥。',
    ),
  },
  {
    name: 'host',
    types: ['ws', 'http'],
    doc: t('Bind address (shipped default 127.0.0.1; empty or absent: every interface).', '绑定地址（默认配置为 127.0.0.1；为空或缺省：所有网卡）。'),
  },
  { name: 'port', types: ['ws', 'http'], doc: t('Port (shipped defaults: 3001 for ws, 3000 for http).', '端口（默认配置：ws 为 3001，http 为 3000）。') },
  {
    name: 'url',
    types: ['ws-reverse', 'http-post'],
    doc: t('The URL LLOneBot dials, used as written. Empty: nothing is dialled.', 'LLOneBot 连接的地址，按原样使用。为空则不连接。'),
  },
  { name: 'heartInterval', types: ['ws', 'ws-reverse', 'http-post'], doc: t('Heartbeat interval in milliseconds.', '心跳间隔（毫秒）。') },
  { name: 'enableHeart', types: ['http-post'], doc: t('Post heartbeat events.', '推送心跳事件。') },
  { name: 'reportSelfMessage', types: ALL, doc: t("Also report the account's own messages.", '同时上报机器人自己发出的消息。') },
  { name: 'reportOfflineMessage', types: ALL, doc: t('Report messages received while offline.', '上报离线期间收到的消息。') },
  { name: 'messageFormat', types: ALL, doc: t('`array` or `string`.', '`array` 或 `string`。') },
  { name: 'debug', types: ALL, doc: t('Verbose logging for this entry.', '为该条目输出调试日志。') },
  { name: 'filter', types: ALL, doc: t('Event filter (optional).', '事件过滤器（可选）。') },
];

/** Top-level keys of the current format (`defaultConfig` + `default_config.json`). */
export const TOP_LEVEL_KEYS: readonly string[] = [
  'webui',
  'milky',
  'satori',
  'ob11',
  'enableLocalFile2Url',
  'log',
  'logLevel',
  'autoDeleteFile',
  'autoDeleteFileSecond',
  'musicSignUrl',
  'msgCacheExpire',
  'ffmpeg',
];

/** Keys of `ob11` in the flat (mid-2025) format, which the current version migrates into `ob11.connect`. */
export const FLAT_OB11_KEYS: readonly string[] = [
  'enable',
  'token',
  'httpPort',
  'httpPostUrls',
  'httpSecret',
  'wsPort',
  'wsReverseUrls',
  'enableHttp',
  'enableHttpPost',
  'enableWs',
  'enableWsReverse',
  'messagePostFormat',
  'enableHttpHeart',
  'reportSelfMessage',
  'enableQOAutoQuote',
];
/** Top-level keys of the flat format that the migration reads. */
export const FLAT_TOP_KEYS: readonly string[] = ['onlyLocalhost', 'heartInterval', 'debug', 'receiveOfflineMsg'];

/** `ob11` keys of the 2024 LiteLoader plugin. */
export const V2024_OB11_KEYS: readonly string[] = [
  'enable',
  'httpPort',
  'httpHosts',
  'httpSecret',
  'wsPort',
  'wsHosts',
  'enableHttp',
  'enableHttpPost',
  'enableWs',
  'enableWsReverse',
  'messagePostFormat',
  'enableHttpHeart',
  'enableQOAutoQuote',
  'listenLocalhost',
  'reportSelfMessage',
];
export const V2024_TOP_KEYS: readonly string[] = [
  'enableLLOB',
  'satori',
  'ob11',
  'heartInterval',
  'token',
  'enableLocalFile2Url',
  'debug',
  'log',
  'autoDeleteFile',
  'autoDeleteFileSecond',
  'ffmpeg',
  'musicSignUrl',
  'ignoreBeforeLoginMsg',
  'msgCacheExpire',
  // older names it moves into ob11 on start
  'http',
  'hosts',
  'wsPort',
  'reportSelfMessage',
];
