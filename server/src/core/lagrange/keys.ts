import type { LagrangeType, Localized } from '../model';
import { t } from '../l10n';

/**
 * What Lagrange.OneBot reads from `appsettings.json` (docs/facts/lagrange.md#loading-and-binding, docs/facts/lagrange.md#implementations-dispatch; Lagrange.Core branch v1,
 * `Lagrange.OneBot/Core/Network/Options/*.cs`, `Extensions/HostApplicationBuilderExtension.cs`).
 */
export interface LagrangeField {
  name: string;
  /** C# type as bound. */
  type: 'string' | 'string?' | 'uint' | 'bool';
  default: string;
  types: readonly LagrangeType[];
  doc: Localized;
}

const ALL: readonly LagrangeType[] = ['ReverseWebSocket', 'ForwardWebSocket', 'HttpPost', 'Http'];

export const IMPLEMENTATION_FIELDS: readonly LagrangeField[] = [
  {
    name: 'Type',
    type: 'string',
    default: '(section key)',
    types: ALL,
    doc: t(
      'Connection type, matched case-sensitively: `ReverseWebSocket` (Lagrange dials NoneBot), `ForwardWebSocket` (NoneBot dials Lagrange), `HttpPost` (Lagrange posts events), `Http` (HTTP API server). Any other value silently skips the entry.',
      '连接类型，区分大小写：`ReverseWebSocket`（Lagrange 连接 NoneBot）、`ForwardWebSocket`（NoneBot 连接 Lagrange）、`HttpPost`（Lagrange 推送事件）、`Http`（HTTP API 服务端）。其他值会让该条目被静默跳过。',
    ),
  },
  {
    name: 'Enable',
    type: 'string',
    default: '(enabled)',
    types: ALL,
    doc: t(
      'Only the string `"false"` disables the entry (an ordinal comparison). JSON `false` is stored as "False" and does NOT disable it.',
      '只有字符串 `"false"` 能禁用该条目（按序号比较）。JSON 的 `false` 会被存成 "False"，不会禁用。',
    ),
  },
  {
    name: 'Host',
    type: 'string',
    default: '""',
    types: ALL,
    doc: t(
      "ReverseWebSocket/HttpPost: the host to dial (a `ws://`/`wss://` or `http://`/`https://` prefix is allowed). ForwardWebSocket/Http: the address to listen on (`*` for all; on Linux a specific name must equal the request's Host header).",
      'ReverseWebSocket/HttpPost：要连接的主机（可带 `ws://`/`wss://` 或 `http://`/`https://` 前缀）。ForwardWebSocket/Http：监听地址（`*` 表示全部；在 Linux 上指定的名称必须与请求的 Host 头一致）。',
    ),
  },
  {
    name: 'Port',
    type: 'uint',
    default: '0',
    types: ALL,
    doc: t(
      'Port to dial or listen on (1–65535). A value that is not an unsigned integer crashes Lagrange right after login.',
      '连接或监听的端口（1–65535）。不是无符号整数的值会让 Lagrange 在登录后立即崩溃。',
    ),
  },
  {
    name: 'AccessToken',
    type: 'string?',
    default: 'null (no Authorization header)',
    types: ALL,
    doc: t(
      'Sent as `Authorization: Bearer <token>` (ReverseWebSocket) or required from clients (ForwardWebSocket, Http). `""` still sends a bare `Authorization: Bearer`; remove the key to send none. Bound but unused by HttpPost.',
      '作为 `Authorization: Bearer <token>` 发送（ReverseWebSocket），或要求客户端携带（ForwardWebSocket、Http）。`""` 仍会发送空的 `Authorization: Bearer`；删除此键才不发送。HttpPost 不使用它。',
    ),
  },
  {
    name: 'HeartBeatInterval',
    type: 'uint',
    default: '5000',
    types: ['ReverseWebSocket', 'ForwardWebSocket', 'HttpPost'],
    doc: t('Milliseconds between heartbeat events.', '心跳事件的间隔（毫秒）。'),
  },
  {
    name: 'HeartBeatEnable',
    type: 'bool',
    default: 'true',
    types: ['ReverseWebSocket', 'ForwardWebSocket', 'HttpPost'],
    doc: t('Send heartbeat events (also needs HeartBeatInterval > 0).', '是否发送心跳事件（还需要 HeartBeatInterval > 0）。'),
  },
  {
    name: 'Suffix',
    type: 'string',
    default: '""',
    types: ['ReverseWebSocket', 'HttpPost'],
    doc: t(
      "Path appended to `Host:Port`; must start with `/`. NoneBot's V11 WebSocket routes are `/onebot/v11/ws`, `/onebot/v11/ws/` and `/onebot/v11/`; its HTTP routes `/onebot/v11/http`, `/onebot/v11/http/`, `/onebot/v11/`.",
      '拼接在 `Host:Port` 后的路径，必须以 `/` 开头。NoneBot V11 的 WebSocket 路由为 `/onebot/v11/ws`、`/onebot/v11/ws/`、`/onebot/v11/`；HTTP 路由为 `/onebot/v11/http`、`/onebot/v11/http/`、`/onebot/v11/`。',
    ),
  },
  {
    name: 'ReconnectInterval',
    type: 'uint',
    default: '5000',
    types: ['ReverseWebSocket'],
    doc: t('Milliseconds between reconnect attempts (fixed, no backoff, forever).', '重连间隔（毫秒；固定间隔、无退避、无限重试）。'),
  },
  {
    name: 'ApiSuffix',
    type: 'string',
    default: '""',
    types: ['ReverseWebSocket'],
    doc: t('With UseUniversalClient false: path of the API socket, appended to the URL.', 'UseUniversalClient 为 false 时：API 连接的路径，拼接在 URL 后。'),
  },
  {
    name: 'EventSuffix',
    type: 'string',
    default: '""',
    types: ['ReverseWebSocket'],
    doc: t('With UseUniversalClient false: path of the event socket, appended to the URL.', 'UseUniversalClient 为 false 时：事件连接的路径，拼接在 URL 后。'),
  },
  {
    name: 'UseUniversalClient',
    type: 'bool',
    default: 'true',
    types: ['ReverseWebSocket'],
    doc: t('One Universal socket (true) or separate Api and Event sockets (false).', '使用一个 Universal 连接（true），或分开的 Api 与 Event 连接（false）。'),
  },
  {
    name: 'IgnoreSslCertificate',
    type: 'bool',
    default: 'false',
    types: ['ReverseWebSocket'],
    doc: t('Accept any TLS certificate for `wss://` (self-signed).', '对 `wss://` 接受任意 TLS 证书（自签名）。'),
  },
  {
    name: 'Secret',
    type: 'string',
    default: '""',
    types: ['HttpPost'],
    doc: t(
      "Signs each post with `X-Signature: sha1=<HMAC-SHA1(Secret, body)>`; must equal NoneBot's ONEBOT_SECRET.",
      '用 `X-Signature: sha1=<HMAC-SHA1(Secret, body)>` 为每次推送签名；必须与 NoneBot 的 ONEBOT_SECRET 相同。',
    ),
  },
];

/** Keys of old configs that v1 reads nowhere. */
export const LEGACY_IMPLEMENTATION_KEYS: Readonly<Record<string, Localized>> = {
  timeout: t('`Timeout` is read nowhere by current Lagrange.OneBot.', '当前 Lagrange.OneBot 不读取 `Timeout`。'),
  eventenabled: t('`EventEnabled` is read nowhere by current Lagrange.OneBot.', '当前 Lagrange.OneBot 不读取 `EventEnabled`。'),
};

export interface SectionKey {
  name: string;
  type: string;
  default: string;
  doc: Localized;
}

/** Top-level keys and the keys of the fixed sections (Account, Message, QrCode, ConfigPath). */
export const TOP_LEVEL_KEYS: Readonly<Record<string, readonly SectionKey[] | SectionKey>> = {
  $schema: {
    name: '$schema',
    type: 'string',
    default: '',
    doc: t('JSON schema for editors; Lagrange ignores it.', '供编辑器使用的 JSON Schema；Lagrange 忽略它。'),
  },
  Logging: { name: 'Logging', type: 'object', default: '', doc: t('.NET logging configuration (free-form).', '.NET 日志配置（自由格式）。') },
  SignServerUrl: {
    name: 'SignServerUrl',
    type: 'string',
    default: '(built-in)',
    doc: t("Sign server; empty uses Lagrange's public one.", '签名服务器；留空使用 Lagrange 的公共服务器。'),
  },
  SignProxyUrl: {
    name: 'SignProxyUrl',
    type: 'string',
    default: '""',
    doc: t('HTTP proxy for the sign server; an invalid URI stops startup.', '签名服务器使用的 HTTP 代理；无效的 URI 会导致启动失败。'),
  },
  MusicSignServerUrl: { name: 'MusicSignServerUrl', type: 'string', default: '""', doc: t('Music card sign server.', '音乐卡片签名服务器。') },
  Implementations: {
    name: 'Implementations',
    type: 'array',
    default: '',
    doc: t(
      'The connections Lagrange opens (array, or an object keyed by type). Services start only after login.',
      'Lagrange 建立的连接（数组，或以类型为键的对象）。服务在登录成功后才启动。',
    ),
  },
  Implementation: {
    name: 'Implementation',
    type: 'object',
    default: '',
    doc: t('Legacy single-connection form, keyed by type; ignored when Implementations exists.', '旧版单连接格式，以类型为键；存在 Implementations 时被忽略。'),
  },
  Account: [
    {
      name: 'Uin',
      type: 'uint',
      default: '0',
      doc: t('QQ account number; names the keystore and database files.', 'QQ 账号；用于命名 keystore 与数据库文件。'),
    },
    {
      name: 'Protocol',
      type: 'string',
      default: 'Linux',
      doc: t(
        'Exactly `Linux`, `Windows` or `MacOs`; anything else silently becomes Linux.',
        '只能是 `Linux`、`Windows` 或 `MacOs`；其他值会被静默当作 Linux。',
      ),
    },
    { name: 'AutoReconnect', type: 'bool', default: 'true', doc: t('Reconnect to QQ after a network loss.', '网络断开后自动重连 QQ。') },
    { name: 'UseIPv6Network', type: 'bool', default: 'false', doc: t('Connect to QQ over IPv6.', '通过 IPv6 连接 QQ。') },
    { name: 'GetOptimumServer', type: 'bool', default: 'true', doc: t('Pick the fastest QQ server.', '选择最快的 QQ 服务器。') },
    { name: 'AutoReLogin', type: 'bool', default: 'true', doc: t('Log in again when the session expires.', '会话过期时自动重新登录。') },
    { name: 'Password', type: 'string', default: '', doc: t('No longer supported: password login was removed.', '已不再支持：密码登录已被移除。') },
  ],
  Message: [
    { name: 'IgnoreSelf', type: 'bool', default: 'false', doc: t("Drop the bot's own messages.", '忽略机器人自己发送的消息。') },
    {
      name: 'StringPost',
      type: 'bool',
      default: 'false',
      doc: t('Post messages as CQ-code strings instead of arrays.', '以 CQ 码字符串而不是数组格式推送消息。'),
    },
  ],
  QrCode: [
    { name: 'ConsoleCompatibilityMode', type: 'bool', default: 'false', doc: t('Draw the login QR code with plain characters.', '用普通字符绘制登录二维码。') },
  ],
  ConfigPath: [
    { name: 'Keystore', type: 'string', default: 'keystore.json', doc: t('Where the login session is kept.', '登录会话的保存位置。') },
    { name: 'DeviceInfo', type: 'string', default: 'device.json', doc: t('Device identity file.', '设备信息文件。') },
    { name: 'Database', type: 'string', default: './lagrange-{Uin}-db', doc: t('Message database folder.', '消息数据库目录。') },
    { name: 'AppInfo', type: 'string', default: 'appinfo.json', doc: t('Protocol app info file.', '协议 AppInfo 文件。') },
  ],
};
