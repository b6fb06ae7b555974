import { t } from '../../l10n';
import { BOOLEAN_VALUES, type SettingDoc } from '../settings';

/**
 * LLOneBot / LuckyLilliaBot `config_<uin>.json` keys outside `ob11.connect[]` entries. Source: LLOneBot/LuckyLilliaBot
 * 1e126fb0 `src/common/types.ts` (`Config`, `OB11Config`, `SatoriConfig`, `MilkyConfig`, `WebUIConfig`) and
 * `src/main/config/default_config.json` (defaults); the flat-format keys from LLOneBot/LLOneBot e67c0af6
 * `src/common/types.ts`.
 */
export const LLONEBOT_NO_LINK = t('It does not change how LLOneBot connects to the bot framework.', '它不影响 LLOneBot 与机器人框架之间的连接。');
const OWN_PORT = t(
  'It is another protocol on its own port: it does not carry OneBot 11, but its port must not be one the bot framework listens on.',
  '这是另一种协议，使用自己的端口：它不承载 OneBot 11，但其端口不能与机器人框架监听的端口相同。',
);

export const LLONEBOT_SETTINGS: readonly SettingDoc[] = [
  {
    key: 'ob11',
    type: 'object',
    doc: t('The OneBot 11 side: `enable` and `connect[]`.', 'OneBot 11 部分：`enable` 和 `connect[]`。'),
    link: t('Every connection to the bot framework is an entry of `ob11.connect`.', '与机器人框架的每个连接都是 `ob11.connect` 中的一个条目。'),
  },
  {
    key: 'ob11.enable',
    type: 'boolean',
    default: true,
    values: BOOLEAN_VALUES,
    doc: t('Switches the whole OneBot 11 side.', '控制整个 OneBot 11 功能。'),
    link: t(
      '`false`: no `connect[]` entry starts, whatever its own `enable`.',
      '为 `false` 时，`connect[]` 中的条目都不会启动，无论它们自己的 `enable` 是什么。',
    ),
  },
  {
    key: 'ob11.connect',
    type: 'array',
    doc: t('The connections: `ws`, `ws-reverse`, `http`, `http-post` entries.', '连接列表：`ws`、`ws-reverse`、`http`、`http-post` 条目。'),
    link: t('Only entries with `enable: true` start.', '只有 `enable: true` 的条目会启动。'),
  },
  {
    key: 'webui',
    type: 'object',
    doc: t(
      "LLOneBot's web console (`enable`, `host`, `port`; default 127.0.0.1:3080).",
      'LLOneBot 的网页控制台（`enable`、`host`、`port`；默认 127.0.0.1:3080）。',
    ),
    link: OWN_PORT,
  },
  { key: 'webui.enable', type: 'boolean', default: true, values: BOOLEAN_VALUES, doc: t('Run the web console.', '启用网页控制台。') },
  { key: 'webui.host', type: 'string', default: '127.0.0.1', doc: t('Address the web console binds.', '网页控制台绑定的地址。') },
  { key: 'webui.port', type: 'number', default: 3080, doc: t('Port of the web console.', '网页控制台的端口。'), link: OWN_PORT },
  {
    key: 'satori',
    type: 'object',
    doc: t(
      'The Satori protocol server (`enable`, `host`, `port`, `token`; default off, 127.0.0.1:5600).',
      'Satori 协议服务（`enable`、`host`、`port`、`token`；默认关闭，127.0.0.1:5600）。',
    ),
    link: OWN_PORT,
  },
  { key: 'satori.enable', type: 'boolean', default: false, values: BOOLEAN_VALUES, doc: t('Run the Satori server.', '启用 Satori 服务。') },
  { key: 'satori.port', type: 'number', default: 5600, doc: t('Port of the Satori server.', 'Satori 服务的端口。'), link: OWN_PORT },
  {
    key: 'milky',
    type: 'object',
    doc: t(
      'The Milky protocol (`enable`, `http`, `webhook`; default off, 127.0.0.1:3010).',
      'Milky 协议（`enable`、`http`、`webhook`；默认关闭，127.0.0.1:3010）。',
    ),
    link: OWN_PORT,
  },
  { key: 'milky.enable', type: 'boolean', default: false, values: BOOLEAN_VALUES, doc: t('Run the Milky protocol.', '启用 Milky 协议。') },
  {
    key: 'enableLocalFile2Url',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t(
      'Turn local image paths into http links and voice files into base64 in what LLOneBot reports.',
      '上报时把本地图片路径转成 http 链接，把语音转成 base64。',
    ),
  },
  { key: 'log', type: 'boolean', default: true, values: BOOLEAN_VALUES, doc: t('Write log files.', '写入日志文件。') },
  {
    key: 'autoDeleteFile',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Delete received files after `autoDeleteFileSecond` seconds.', '在 `autoDeleteFileSecond` 秒后删除收到的文件。'),
  },
  { key: 'autoDeleteFileSecond', type: 'number', default: 60, doc: t('Seconds before received files are deleted.', '收到的文件被删除前的秒数。') },
  { key: 'musicSignUrl', type: 'string', default: 'https://llob.linyuchen.net/sign/music', doc: t('Music-card signing service.', '音乐卡片签名服务。') },
  {
    key: 'msgCacheExpire',
    type: 'number',
    default: 120,
    doc: t('Seconds messages stay in the cache (used by replies and recalls).', '消息在缓存中保留的秒数（回复和撤回会用到）。'),
  },
  { key: 'ffmpeg', type: 'string', default: '', doc: t('Path of ffmpeg, used to convert voice and video.', 'ffmpeg 的路径，用于转换语音和视频。') },
  {
    key: 'remotePathMappings',
    type: 'array',
    doc: t(
      "Path prefixes to rewrite between the bot's machine and LLOneBot's (`remotePrefix` → `localPrefix`).",
      '在机器人所在机器与 LLOneBot 所在机器之间改写的路径前缀（`remotePrefix` → `localPrefix`）。',
    ),
  },
  {
    key: 'rawMsgPB',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('With `debug`, add the raw protobuf of each message (`raw_pb`).', '配合 `debug`，为每条消息附加原始 protobuf（`raw_pb`）。'),
  },
  { key: 'email', type: 'object', doc: t('Mail notification settings (SMTP).', '邮件通知设置（SMTP）。') },
  // Flat format (mid-2025): migrated into ob11.connect on start.
  {
    key: 'ob11.token',
    type: 'string',
    default: '',
    doc: t('Flat format: the token of every connection (migrated into each `connect` entry).', '旧的扁平格式：所有连接的令牌（迁移到每个 `connect` 条目）。'),
    link: t(
      "Reverse WebSocket sends it as `Authorization: Bearer`; it must equal the bot framework's token.",
      '反向 WebSocket 以 `Authorization: Bearer` 发送它；它必须与机器人框架的令牌相同。',
    ),
  },
  {
    key: 'ob11.wsReverseUrls',
    type: 'array',
    doc: t('Flat format: reverse WebSocket URLs (migrated into `ws-reverse` entries).', '旧的扁平格式：反向 WebSocket 地址（迁移为 `ws-reverse` 条目）。'),
    link: t('Each URL is dialled when `enableWsReverse` is true.', '`enableWsReverse` 为 true 时会连接每个地址。'),
  },
  {
    key: 'ob11.enableWsReverse',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Flat format: dial the reverse WebSocket URLs.', '旧的扁平格式：连接反向 WebSocket 地址。'),
    link: t('`false`: `wsReverseUrls` are not dialled.', '为 `false` 时不会连接 `wsReverseUrls`。'),
  },
  {
    key: 'ob11.enableWs',
    type: 'boolean',
    values: BOOLEAN_VALUES,
    doc: t('Flat format: run the forward WebSocket server on `wsPort`.', '旧的扁平格式：在 `wsPort` 上运行正向 WebSocket 服务。'),
  },
  {
    key: 'ob11.enableHttp',
    type: 'boolean',
    values: BOOLEAN_VALUES,
    doc: t('Flat format: run the HTTP API server on `httpPort`.', '旧的扁平格式：在 `httpPort` 上运行 HTTP API 服务。'),
  },
  {
    key: 'ob11.enableHttpPost',
    type: 'boolean',
    values: BOOLEAN_VALUES,
    doc: t('Flat format: post events to `httpPostUrls`.', '旧的扁平格式：把事件推送到 `httpPostUrls`。'),
  },
  {
    key: 'ob11.messagePostFormat',
    type: 'string',
    default: 'array',
    values: ['array', 'string'],
    doc: t('Flat format: message format, `array` or `string`.', '旧的扁平格式：消息格式，`array` 或 `string`。'),
  },
  {
    key: 'onlyLocalhost',
    type: 'boolean',
    default: true,
    values: BOOLEAN_VALUES,
    doc: t("Flat format: bind LLOneBot's servers to 127.0.0.1 only.", '旧的扁平格式：LLOneBot 的服务只绑定 127.0.0.1。'),
    link: t(
      "`true`: a bot framework in another container or machine cannot reach LLOneBot's servers.",
      '为 `true` 时，其他容器或机器上的机器人框架无法访问 LLOneBot 的服务。',
    ),
  },
];

/** Closed value sets of `ob11.connect[]` keys. */
export const LLONEBOT_ENTRY_VALUES: Readonly<Record<string, readonly string[]>> = {
  type: ['ws', 'ws-reverse', 'http', 'http-post'],
  messageFormat: ['array', 'string'],
  enable: BOOLEAN_VALUES,
  reportSelfMessage: BOOLEAN_VALUES,
  reportOfflineMessage: BOOLEAN_VALUES,
  debug: BOOLEAN_VALUES,
  enableHeart: BOOLEAN_VALUES,
};
