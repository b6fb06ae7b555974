/**
 * What Koishi and its OneBot adapter read from `koishi.yml`.
 * Sources: koishijs/koishi-plugin-adapter-onebot c32206b4f3a38d89feddb2338870eb8f64940eb8 (src/bot/index.ts
 * `OneBotBot.BaseConfig`, src/ws.ts `WsClient.Options` / `WsServer.Options`, src/http.ts `HttpServer.Options`);
 * @cordisjs/plugin-server 0.2.9 (src/index.ts `Server.Config`, behind @koishijs/plugin-server 3.2.x);
 * koishijs/koishi 77eae20c1d373c07a6267aebcda881201ea48f9b packages/loader/src/shared.ts (plugin tree).
 */

/** Plugin names that load the OneBot adapter (the loader resolves `adapter-onebot` to either package). */
export const ONEBOT_NAMES = ['adapter-onebot', 'koishi-plugin-adapter-onebot', '@koishijs/plugin-adapter-onebot'];
export const SERVER_NAMES = ['server', '@koishijs/plugin-server', 'koishi-plugin-server'];

export const PROTOCOLS = ['http', 'ws', 'ws-reverse'] as const;
export type KoishiProtocol = (typeof PROTOCOLS)[number];

/** Keys of the adapter's config per protocol (schemastery drops nothing: unknown keys are kept and ignored). */
export const ADAPTER_KEYS: Record<KoishiProtocol, string[]> = {
  'ws-reverse': ['selfId', 'token', 'protocol', 'path', 'responseTimeout', 'advanced'],
  ws: [
    'selfId',
    'token',
    'protocol',
    'endpoint',
    'responseTimeout',
    'retryTimes',
    'retryInterval',
    'retryLazy',
    'headers',
    'timeout',
    'proxyAgent',
    'keepAlive',
    'baseURL',
    'advanced',
  ],
  http: ['selfId', 'token', 'protocol', 'path', 'secret', 'endpoint', 'headers', 'timeout', 'proxyAgent', 'keepAlive', 'baseURL', 'advanced'],
};

export const SERVER_KEYS = ['host', 'port', 'maxPort', 'selfUrl'];

/** @cordisjs/plugin-server: `host` defaults to 127.0.0.1; `port` has no default (no port → the server does not listen). */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PATH = '/onebot';
