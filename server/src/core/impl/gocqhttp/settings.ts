import { t } from '../../l10n';
import { BOOLEAN_VALUES, type SettingDoc } from '../settings';

/**
 * go-cqhttp's `config.yml` keys outside `servers:`. Source: Mrs4s/go-cqhttp a5923f1 `modules/config/config.go`
 * (`Config`, `Account`, `Message`, `Output`…) and `modules/config/default_config.yml` (defaults and their comments).
 */
export const GOCQ_NO_LINK = t('It does not change how go-cqhttp connects to the bot framework.', '它不影响 go-cqhttp 与机器人框架之间的连接。');

export const GOCQ_SETTINGS: readonly SettingDoc[] = [
  { key: 'account', type: 'object', doc: t('The QQ account go-cqhttp logs in with.', 'go-cqhttp 登录使用的 QQ 账号。') },
  {
    key: 'account.uin',
    type: 'number',
    doc: t('The QQ account number.', 'QQ 账号。'),
    link: t(
      "go-cqhttp sends it as `X-Self-ID`; Koishi's OneBot adapter accepts the connection only when it equals its `selfId`.",
      'go-cqhttp 把它作为 `X-Self-ID` 发送；Koishi 的 OneBot 适配器只接受与其 `selfId` 相同的账号。',
    ),
  },
  { key: 'account.password', type: 'string', default: '', doc: t('Password; empty: log in by scanning a QR code.', '密码；为空时扫码登录。') },
  { key: 'account.encrypt', type: 'boolean', default: false, values: BOOLEAN_VALUES, doc: t('Store the password encrypted.', '加密保存密码。') },
  { key: 'account.status', type: 'number', default: 0, doc: t('Online status shown to contacts (0: online).', '在线状态（0：在线）。') },
  {
    key: 'account.relogin',
    type: 'object',
    doc: t(
      "Reconnection to QQ's servers: `delay` (first delay, s), `interval` (s), `max-times` (0: no limit).",
      '与 QQ 服务器的重连：`delay`（首次延迟，秒）、`interval`（秒）、`max-times`（0 为不限）。',
    ),
  },
  { key: 'account.relogin.delay', type: 'number', default: 3, doc: t('Seconds before the first reconnection to QQ.', '首次重连 QQ 前等待的秒数。') },
  { key: 'account.relogin.interval', type: 'number', default: 3, doc: t('Seconds between reconnections to QQ.', '重连 QQ 的间隔秒数。') },
  { key: 'account.relogin.max-times', type: 'number', default: 0, doc: t('Most reconnections to QQ (0: no limit).', '最多重连 QQ 的次数（0 为不限）。') },
  {
    key: 'account.use-sso-address',
    type: 'boolean',
    default: true,
    values: BOOLEAN_VALUES,
    doc: t('Reconnect to the server address QQ hands out.', '使用服务器下发的新地址重连。'),
  },
  {
    key: 'account.allow-temp-session',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Allow sending temporary-session messages.', '允许发送临时会话消息。'),
  },
  {
    key: 'account.disable-protocol-update',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Do not update the login protocol.', '禁用协议更新。'),
  },
  {
    key: 'account.sign-servers',
    type: 'array',
    doc: t(
      'Signing servers (read by later go-cqhttp builds that need one); the first one is the main one.',
      '签名服务器（需要签名的较新版本读取）；第一个为主服务器。',
    ),
  },
  { key: 'heartbeat', type: 'object', doc: t('Heartbeat events go-cqhttp reports.', 'go-cqhttp 上报的心跳事件。') },
  { key: 'heartbeat.interval', type: 'number', default: 5, doc: t('Seconds between heartbeat events; -1 turns them off.', '心跳事件的间隔秒数；-1 为关闭。') },
  { key: 'message', type: 'object', doc: t('How messages are reported and sent.', '消息的上报和发送方式。') },
  {
    key: 'message.post-format',
    type: 'string',
    default: 'string',
    values: ['string', 'array'],
    doc: t(
      'Format of reported messages: `string` (CQ codes) or `array` (message segments). NoneBot and Koishi read both.',
      '上报消息的格式：`string`（CQ 码）或 `array`（消息段）。NoneBot 和 Koishi 都能读取。',
    ),
  },
  {
    key: 'message.ignore-invalid-cqcode',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Drop invalid CQ codes instead of sending them as text.', '忽略无效的 CQ 码，而不是原样发送。'),
  },
  {
    key: 'message.force-fragment',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Always send long messages in fragments.', '强制分片发送消息。'),
  },
  { key: 'message.fix-url', type: 'boolean', default: false, values: BOOLEAN_VALUES, doc: t('Send URLs in fragments.', '将 URL 分片发送。') },
  { key: 'message.proxy-rewrite', type: 'string', default: '', doc: t('Proxy for downloading images and other media.', '下载图片等媒体时使用的代理。') },
  {
    key: 'message.report-self-message',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t("Also report the account's own messages.", '同时上报机器人自己发出的消息。'),
  },
  {
    key: 'message.remove-reply-at',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Remove the @ QQ adds to replies.', '移除回复消息附带的 @。'),
  },
  {
    key: 'message.extra-reply-data',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Add more data to reply segments.', '为回复消息段附加更多信息。'),
  },
  {
    key: 'message.skip-mime-scan',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Skip the MIME check of media files.', '跳过媒体文件的 MIME 检查。'),
  },
  {
    key: 'message.convert-webp-image',
    type: 'boolean',
    default: false,
    values: BOOLEAN_VALUES,
    doc: t('Convert WebP images automatically.', '自动转换 WebP 图片。'),
  },
  { key: 'message.http-timeout', type: 'number', default: 15, doc: t("Time limit (s) of go-cqhttp's own downloads.", 'go-cqhttp 自身下载的超时（秒）。') },
  { key: 'output', type: 'object', doc: t('Logging.', '日志设置。') },
  {
    key: 'output.log-level',
    type: 'string',
    default: 'warn',
    values: ['trace', 'debug', 'info', 'warn', 'error'],
    doc: t('Log level: trace, debug, info, warn or error.', '日志等级：trace、debug、info、warn 或 error。'),
  },
  { key: 'output.log-aging', type: 'number', default: 15, doc: t('Days logs are kept (0: forever).', '日志保留天数（0 为永久）。') },
  {
    key: 'output.log-force-new',
    type: 'boolean',
    default: true,
    values: BOOLEAN_VALUES,
    doc: t('Start a new log file on each start.', '每次启动创建新的日志文件。'),
  },
  { key: 'output.log-colorful', type: 'boolean', default: true, values: BOOLEAN_VALUES, doc: t('Coloured console log.', '彩色控制台日志。') },
  { key: 'output.debug', type: 'boolean', default: false, values: BOOLEAN_VALUES, doc: t('Debug mode.', '调试模式。') },
  {
    key: 'default-middlewares',
    type: 'object',
    doc: t("The template's anchor (`&default`): go-cqhttp never reads this key itself.", '模板中的锚点（`&default`）：go-cqhttp 本身不读取这个键。'),
    link: t(
      'Every server block merges it with `<<: *default`, so its `access-token` is the token of those servers.',
      '每个服务块都通过 `<<: *default` 合并它，因此这里的 `access-token` 就是这些服务的令牌。',
    ),
  },
  {
    key: 'default-middlewares.access-token',
    type: 'string',
    default: '',
    doc: t('Access token of every server block that merges `<<: *default`.', '所有通过 `<<: *default` 合并它的服务块的访问令牌。'),
    link: t(
      "As a client go-cqhttp sends `Authorization: Token <token>` only when it is non-empty; it must equal the bot framework's token.",
      '作为客户端时，仅在非空时发送 `Authorization: Token <token>`；它必须与机器人框架的令牌相同。',
    ),
  },
  {
    key: 'default-middlewares.filter',
    type: 'string',
    default: '',
    doc: t('Event filter file of the servers that merge it.', '合并它的服务所用的事件过滤器文件。'),
  },
  {
    key: 'default-middlewares.rate-limit',
    type: 'object',
    doc: t(
      'API rate limit (token bucket): `enabled`, `frequency` (tokens per second), `bucket`.',
      'API 限速（令牌桶）：`enabled`、`frequency`（每秒令牌数）、`bucket`。',
    ),
  },
  {
    key: 'database',
    type: 'object',
    doc: t('Message storage: without one, recall, reply and `get_msg` do not work.', '消息存储：没有它，撤回、回复和 `get_msg` 等功能不可用。'),
  },
  { key: 'database.leveldb', type: 'object', doc: t('Built-in LevelDB store.', '内置 LevelDB 数据库。') },
  {
    key: 'database.leveldb.enable',
    type: 'boolean',
    default: true,
    values: BOOLEAN_VALUES,
    doc: t('Use the built-in LevelDB (10–20 MB of memory).', '启用内置 LevelDB（约占用 10–20 MB 内存）。'),
  },
  { key: 'database.sqlite3', type: 'object', doc: t('Built-in SQLite store.', '内置 SQLite 数据库。') },
  { key: 'database.sqlite3.enable', type: 'boolean', default: false, values: BOOLEAN_VALUES, doc: t('Use the built-in SQLite.', '启用内置 SQLite。') },
  {
    key: 'database.sqlite3.cachettl',
    type: 'number',
    default: 3600000000000,
    doc: t('Cache lifetime in nanoseconds (3600000000000 = 1 h).', '缓存有效期（纳秒，3600000000000 为 1 小时）。'),
  },
  {
    key: 'servers',
    type: 'array',
    doc: t(
      'The connections: one block per entry, named `http`, `ws`, `ws-reverse`, `lambda` or `pprof` (any other name is ignored).',
      '连接列表：每项一个块，名称为 `http`、`ws`、`ws-reverse`、`lambda` 或 `pprof`（其他名称会被忽略）。',
    ),
    link: t('Every connection to the bot framework is one of these blocks.', '与机器人框架的每个连接都是其中一个块。'),
  },
];

/** Closed value sets of keys inside `servers[]` blocks. */
export const GOCQ_SERVER_VALUES: Readonly<Record<string, readonly string[]>> = {
  disabled: BOOLEAN_VALUES,
  enabled: BOOLEAN_VALUES,
};
