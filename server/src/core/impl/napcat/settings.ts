import { t } from '../../l10n';
import { BOOLEAN_VALUES, type SettingDoc } from '../settings';

/**
 * NapCat's `onebot11_<uin>.json` keys outside the connection entries, and the values of entry keys that form a closed
 * set. Source: NapNeko/NapCatQQ af074793 (2026-08-14) `packages/napcat-onebot/config/config.ts` (TypeBox schema and
 * defaults); the v1 keys from NapNeko/NapCatQQ 9e1b8f83 `src/onebot/config/config.ts`.
 */
const NO_LINK = t('It does not change how NapCat connects to the bot framework.', '它不影响 NapCat 与机器人框架之间的连接。');

export const NAPCAT_SETTINGS: readonly SettingDoc[] = [
  {
    key: 'network',
    type: 'object',
    doc: t(
      'The connection arrays: `websocketClients` (reverse WebSocket), `websocketServers` (forward WebSocket), `httpClients` (HTTP POST), `httpServers`, `httpSseServers` (HTTP API), `plugins`.',
      '各连接数组：`websocketClients`（反向 WebSocket）、`websocketServers`（正向 WebSocket）、`httpClients`（HTTP POST）、`httpServers`、`httpSseServers`（HTTP API）、`plugins`。',
    ),
    link: t(
      'Every connection to a bot framework is an entry of one of these arrays, and only entries with `enable: true` start.',
      '与机器人框架的每个连接都是这些数组中的一个条目，只有 `enable: true` 的条目会启动。',
    ),
  },
  {
    key: 'musicSignUrl',
    type: 'string',
    default: '',
    doc: t(
      'URL of a music-card signing service, used to send custom music cards (`music` segments). Empty: such cards cannot be signed.',
      '音乐卡片签名服务的地址，用于发送自定义音乐卡片（`music` 消息段）。为空时无法签名这类卡片。',
    ),
  },
  {
    key: 'enableLocalFile2Url',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Turn local file paths in media segments into URLs NapCat serves.', '把媒体消息段中的本地文件路径转换成 NapCat 提供的 URL。'),
  },
  {
    key: 'parseMultMsg',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Fetch and parse the content of forwarded (merged) messages when reporting them.', '上报时获取并解析合并转发消息的内容。'),
  },
  {
    key: 'imageDownloadProxy',
    type: 'string',
    default: '',
    doc: t('Proxy NapCat uses to download images (empty: none).', 'NapCat 下载图片时使用的代理（为空则不使用）。'),
  },
  { key: 'timeout', type: 'object', doc: t('Upload and download time limits, computed from the file size.', '上传和下载的时间限制，按文件大小计算。') },
  { key: 'timeout.baseTimeout', type: 'number', default: 10000, doc: t('Base time limit of a transfer, in milliseconds.', '传输的基础超时（毫秒）。') },
  {
    key: 'timeout.uploadSpeedKBps',
    type: 'number',
    default: 256,
    doc: t('Assumed upload speed (KB/s) used to extend the time limit for large files.', '假定的上传速度（KB/s），用于为大文件延长超时。'),
  },
  {
    key: 'timeout.downloadSpeedKBps',
    type: 'number',
    default: 256,
    doc: t('Assumed download speed (KB/s) used to extend the time limit for large files.', '假定的下载速度（KB/s），用于为大文件延长超时。'),
  },
  {
    key: 'timeout.maxTimeout',
    type: 'number',
    default: 1800000,
    doc: t("Upper bound of a transfer's time limit, in milliseconds.", '传输超时的上限（毫秒）。'),
  },
  // v1 format (NapCat up to 4.3.x; migrated on start from 4.0 to 4.3.x)
  {
    key: 'reverseWs',
    type: 'object',
    doc: t(
      'v1 format: the reverse WebSocket (`enable`, `urls[]`). NapCat 4.0–4.3.x migrates it into `network.websocketClients`.',
      'v1 格式：反向 WebSocket（`enable`、`urls[]`）。NapCat 4.0–4.3.x 会把它迁移到 `network.websocketClients`。',
    ),
    link: t('Each URL becomes a reverse WebSocket client that dials the bot framework.', '每个地址都会成为一个连接机器人框架的反向 WebSocket 客户端。'),
  },
  {
    key: 'ws',
    type: 'object',
    doc: t('v1 format: the forward WebSocket server (`enable`, `host`, `port`).', 'v1 格式：正向 WebSocket 服务（`enable`、`host`、`port`）。'),
    link: t('The bot framework dials this server.', '机器人框架会连接这个服务。'),
  },
  {
    key: 'http',
    type: 'object',
    doc: t(
      'v1 format: the HTTP API server (`enable`, `host`, `port`, `secret`). The migration gives `secret` to the HTTP server as its token and drops `postUrls` / `enablePost` (HTTP POST is lost).',
      'v1 格式：HTTP API 服务（`enable`、`host`、`port`、`secret`）。迁移时 `secret` 会成为 HTTP 服务的令牌，`postUrls` / `enablePost` 会被丢弃（HTTP POST 失效）。',
    ),
    link: t("The bot framework calls this server's HTTP API.", '机器人框架会调用这个服务的 HTTP API。'),
  },
  {
    key: 'token',
    type: 'string',
    default: '',
    doc: t(
      'v1 format: the access token of every connection (the migration copies it into each entry).',
      'v1 格式：所有连接的访问令牌（迁移时复制到每个条目）。',
    ),
    link: t(
      "Reverse WebSocket sends it as `Authorization: Bearer`; it must equal the bot framework's token.",
      '反向 WebSocket 以 `Authorization: Bearer` 发送它；它必须与机器人框架的令牌相同。',
    ),
  },
  { key: 'heartInterval', type: 'number', default: 30000, doc: t('v1 format: heartbeat interval in milliseconds.', 'v1 格式：心跳间隔（毫秒）。') },
  { key: 'debug', type: 'boolean', default: false, values: BOOLEAN_VALUES, doc: t('v1 format: verbose logging.', 'v1 格式：调试日志。') },
  {
    key: 'reportSelfMessage',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t("v1 format: also report the account's own messages.", 'v1 格式：同时上报机器人自己发出的消息。'),
  },
  {
    key: 'messagePostFormat',
    type: 'string',
    default: 'array',
    values: ['array', 'string'],
    doc: t('v1 format: message format, `array` or `string`.', 'v1 格式：消息格式，`array` 或 `string`。'),
  },
];

/** Closed value sets of connection-entry keys (any network array). */
export const NAPCAT_ENTRY_VALUES: Readonly<Record<string, readonly string[]>> = {
  messagePostFormat: ['array', 'string'],
  enable: BOOLEAN_VALUES,
  reportSelfMessage: BOOLEAN_VALUES,
  debug: BOOLEAN_VALUES,
  verifyCertificate: BOOLEAN_VALUES,
  enableForcePushEvent: BOOLEAN_VALUES,
  enableCors: BOOLEAN_VALUES,
  enableWebsocket: BOOLEAN_VALUES,
};

export { NO_LINK as NAPCAT_NO_LINK };
