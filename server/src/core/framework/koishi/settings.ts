import { t } from '../../l10n';
import { BOOLEAN_VALUES, type SettingDoc } from '../../impl/settings';
import { PROTOCOLS } from './keys';

/**
 * Keys of Koishi's OneBot adapter and server plugins in `koishi.yml`, relative to the plugin (`protocol`,
 * `advanced.splitMixedContent`…). Sources: koishi-plugin-adapter-onebot 6.9.4 `lib/index.js` (`OneBotBot.BaseConfig`,
 * `HttpServer.Options`, `WsClient.Options`, `WsServer.Options`, `BaseBot.AdvancedConfig`); @cordisjs/plugin-server 0.2.9
 * (`Server.Config`); @satorijs/core (`Adapter.WsClientConfig`: `retryTimes`, `retryInterval`, `retryLazy`).
 */
export const KOISHI_NO_LINK = t('It does not change whether Koishi and the OneBot implementation connect.', '它不影响 Koishi 与 OneBot 实现之间能否连接。');

export const KOISHI_ADAPTER_SETTINGS: readonly SettingDoc[] = [
  {
    key: 'selfId',
    type: 'string',
    doc: t("The bot's account (required, a string).", '机器人的账号（必填，字符串）。'),
    link: t(
      'On reverse WebSocket Koishi closes the connection (1008 "invalid x-self-id") unless the implementation\'s `X-Self-ID` equals it.',
      '反向 WebSocket 下，除非实现端的 `X-Self-ID` 与它相同，Koishi 会关闭连接（1008 "invalid x-self-id"）。',
    ),
  },
  {
    key: 'token',
    type: 'string',
    doc: t(
      'Token Koishi sends when it dials (`Authorization: Bearer`), only when set.',
      'Koishi 主动连接时发送的令牌（`Authorization: Bearer`），仅在设置时发送。',
    ),
    link: t(
      "`ws` / `http`: it must equal the implementation's token. `ws-reverse`: Koishi never checks it.",
      '`ws` / `http`：它必须与实现端的令牌相同。`ws-reverse`：Koishi 从不校验它。',
    ),
  },
  {
    key: 'protocol',
    type: 'string',
    default: 'ws-reverse',
    values: PROTOCOLS,
    doc: t(
      '`ws-reverse` (the implementation dials Koishi at `path`), `ws` (Koishi dials `endpoint`), `http` (Koishi calls the HTTP API at `endpoint` and receives events at `path`).',
      '`ws-reverse`（实现端连接 Koishi 的 `path`）、`ws`（Koishi 连接 `endpoint`）、`http`（Koishi 调用 `endpoint` 的 HTTP API，并在 `path` 接收事件）。',
    ),
    link: t(
      "It decides who dials: the implementation's entry must be the matching client or server.",
      '它决定由谁发起连接：实现端的条目必须是对应的客户端或服务端。',
    ),
  },
  {
    key: 'path',
    type: 'string',
    default: '/onebot',
    doc: t(
      "Route on Koishi's server for `ws-reverse` and `http` events (a path, not a URL).",
      '`ws-reverse` 和 `http` 事件在 Koishi 服务上的路由（是路径，不是 URL）。',
    ),
    link: t("The implementation must dial exactly this path on Koishi's port.", '实现端必须在 Koishi 的端口上连接这个路径。'),
  },
  {
    key: 'endpoint',
    type: 'string',
    doc: t(
      "The implementation's URL Koishi dials (`ws`: its WebSocket server; `http`: its HTTP API).",
      'Koishi 连接的实现端地址（`ws`：其 WebSocket 服务；`http`：其 HTTP API）。',
    ),
    link: t("It must name the implementation's server host and port.", '它必须指向实现端服务的主机和端口。'),
  },
  {
    key: 'secret',
    type: 'string',
    doc: t(
      '`http`: HMAC-SHA1 secret that checks `X-Signature` of posted events (no signature → 401, wrong → 403).',
      '`http`：校验推送事件 `X-Signature` 的 HMAC-SHA1 密钥（无签名 → 401，错误 → 403）。',
    ),
    link: t('It must equal the secret the implementation signs with.', '它必须与实现端签名所用的密钥相同。'),
  },
  { key: 'responseTimeout', type: 'number', default: 60000, doc: t('Milliseconds Koishi waits for an API response.', 'Koishi 等待 API 响应的毫秒数。') },
  { key: 'retryTimes', type: 'number', default: 6, doc: t('`ws`: most retries of the first connection.', '`ws`：初次连接的最大重试次数。') },
  {
    key: 'retryInterval',
    type: 'number',
    default: 5000,
    doc: t('`ws`: milliseconds between retries of the first connection.', '`ws`：初次连接的重试间隔（毫秒）。'),
  },
  {
    key: 'retryLazy',
    type: 'number',
    default: 60000,
    doc: t('`ws`: milliseconds between retries after the connection closed.', '`ws`：连接关闭后的重试间隔（毫秒）。'),
  },
  { key: 'headers', type: 'object', doc: t("Extra HTTP headers of Koishi's requests.", 'Koishi 请求附加的 HTTP 头。') },
  { key: 'timeout', type: 'number', doc: t("Time limit of Koishi's HTTP requests (ms).", 'Koishi HTTP 请求的超时（毫秒）。') },
  { key: 'proxyAgent', type: 'string', doc: t("Proxy for Koishi's requests.", 'Koishi 请求使用的代理。') },
  { key: 'keepAlive', type: 'boolean', values: BOOLEAN_VALUES, doc: t('Keep HTTP connections open.', '保持 HTTP 连接。') },
  { key: 'advanced', type: 'object', doc: t('Advanced settings.', '高级设置。') },
  {
    key: 'advanced.splitMixedContent',
    type: 'boolean',
    default: true,
    values: BOOLEAN_VALUES,
    doc: t('Insert spaces between mixed content (text and mentions…).', '在混合内容（文字与 @ 等）之间自动插入空格。'),
  },
];

export const KOISHI_SERVER_SETTINGS: readonly SettingDoc[] = [
  {
    key: 'host',
    type: 'string',
    default: '127.0.0.1',
    doc: t("Address Koishi's server binds.", 'Koishi 服务绑定的地址。'),
    link: t(
      '`127.0.0.1`: an implementation in another container or machine cannot reach Koishi; use `0.0.0.0` there.',
      '`127.0.0.1`：其他容器或机器上的实现端无法访问 Koishi；这种情况请用 `0.0.0.0`。',
    ),
  },
  {
    key: 'port',
    type: 'number',
    doc: t("Port Koishi's server listens on (no default: without a port nothing listens).", 'Koishi 服务监听的端口（没有默认值：不设端口则不监听）。'),
    link: t('Reverse WebSocket and HTTP POST implementations dial this port.', '反向 WebSocket 和 HTTP POST 的实现端会连接这个端口。'),
  },
  {
    key: 'maxPort',
    type: 'number',
    doc: t('When `port` is taken, Koishi tries the next ports up to this one.', '`port` 被占用时，Koishi 会依次尝试直到此端口。'),
    link: t('Koishi may then listen on another port than the implementation dials.', '此时 Koishi 可能监听在实现端所连接端口之外的端口上。'),
  },
  {
    key: 'selfUrl',
    type: 'string',
    doc: t("The public URL of Koishi's server, for links Koishi generates.", 'Koishi 服务的公开地址，用于 Koishi 生成的链接。'),
  },
];
