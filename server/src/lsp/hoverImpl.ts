import type { Hover, Position } from 'vscode-languageserver';
import type { FrameworkEndpoint, ImplEndpoint, KoishiConfig, Lang, Link, Localized, Range, ValueNode, WorkspaceModel } from '../core/model';
import { pick, t } from '../core/l10n';
import { maskToken, maskTokenZh, maskUrl, maskUrlsIn } from '../core/text/secrets';
import { rangeContains } from '../core/text/lineIndex';
import { IMPL_NAMES } from '../core/impl';
import { NAPCAT_ARRAYS, NAPCAT_ENTRY_FIELDS, napcatDefault, type NapCatArray } from '../core/impl/napcat/keys';
import { CONNECT_FIELDS } from '../core/impl/llonebot/keys';
import { SERVER_TYPES, type GoType } from '../core/impl/gocqhttp/keys';
import { DEFAULT_HOST, DEFAULT_PATH, ONEBOT_NAMES, SERVER_NAMES as KOISHI_SERVER_NAMES } from '../core/framework/koishi/keys';
import { keyAtJson5, keyAtYaml, lookupSetting, type KeyAt, type SettingDoc } from '../core/impl/settings';
import { NAPCAT_NO_LINK, NAPCAT_SETTINGS } from '../core/impl/napcat/settings';
import { NAPCAT_ARRAY_DOCS } from '../core/impl/napcat/keys';
import { GOCQ_NO_LINK, GOCQ_SETTINGS } from '../core/impl/gocqhttp/settings';
import { LLONEBOT_NO_LINK, LLONEBOT_SETTINGS } from '../core/impl/llonebot/settings';
import { KOISHI_ADAPTER_SETTINGS, KOISHI_NO_LINK, KOISHI_SERVER_SETTINGS } from '../core/framework/koishi/settings';
import { implFileKind } from './completionImpl';
import { linkWhereLines } from '../core/compose/where';

/**
 * Hovers in NapCat, go-cqhttp and LLOneBot configs and in koishi.yml: on a key of a connection entry, what the program
 * does with it (and its default); on the URL/host/port, what the program dials or binds and, when linked, what the
 * other side listens on or dials. Tokens and URLs are masked.
 */
export function hoverImplAt(model: WorkspaceModel, file: string, pos: Position, lang: Lang, text?: string): Hover | undefined {
  return hoverEntryAt(model, file, pos, lang) ?? (text === undefined ? undefined : hoverSettingAt(model, file, text, pos, lang));
}

function hoverEntryAt(model: WorkspaceModel, file: string, pos: Position, lang: Lang): Hover | undefined {
  const md = (parts: (Localized | string)[]) => maskUrlsIn(parts.map((p) => (typeof p === 'string' ? p : pick(p, lang))).join('\n\n'));
  for (const cfg of model.implementations) {
    if (cfg.implementation === 'lagrange' || !cfg.files.includes(file)) continue;
    for (const ep of cfg.endpoints) {
      if (ep.file !== file) continue;
      for (const [name, node] of Object.entries(ep.fields)) {
        const onKey = !!node.keyRange && rangeContains(node.keyRange, pos);
        const onValue = node.kind !== 'object' && node.kind !== 'array' && rangeContains(node.valueRange, pos);
        if (!onKey && !onValue) continue;
        const lines = [...keyDoc(ep, name, lang)];
        // Readers may build the field and the typed node separately: the same place is the same value.
        const is = (v: ValueNode | undefined) => !!v && v.file === node.file && samePos(v.valueRange.start, node.valueRange.start);
        if (is(ep.tokenNode) || is(ep.secretNode))
          lines.push(t(`Value: ${maskToken(is(ep.tokenNode) ? ep.token : ep.secret)}`, `值：${maskTokenZh(is(ep.tokenNode) ? ep.token : ep.secret)}`));
        if (is(ep.urlNode) || is(ep.hostNode) || is(ep.portNode)) lines.push(...implSide(model, ep));
        if (lines.length === 0) return undefined;
        return { contents: { kind: 'markdown', value: md(lines) }, range: onKey ? node.keyRange : node.valueRange };
      }
    }
  }
  for (const k of model.koishi) {
    if (k.file !== file) continue;
    return koishiHover(model, k, pos, md);
  }
  return undefined;
}

const samePos = (a: Position, b: Position) => a.line === b.line && a.character === b.character;

const ARRAY_RE = /^(\w+)\[\d+\]/;

function keyDoc(ep: ImplEndpoint, name: string, lang: Lang): (Localized | string)[] {
  const dflt = (v: unknown) => ` · ${pick(t('default', '默认值'), lang)} \`${String(v === '' ? '""' : v)}\``;
  if (ep.implementation === 'napcat') {
    const array = ARRAY_RE.exec(ep.key)?.[1] as NapCatArray | undefined;
    const f = NAPCAT_ENTRY_FIELDS.find((x) => x.name.toLowerCase() === name && (!array || !NAPCAT_ARRAYS.includes(array) || x.arrays.includes(array)));
    if (!f) return [];
    const d = array && NAPCAT_ARRAYS.includes(array) ? napcatDefault(array, f.name) : f.default;
    return [`**${f.name}** · \`${f.type}\`${d === undefined ? '' : dflt(d)}`, f.doc];
  }
  if (ep.implementation === 'llonebot') {
    const f = CONNECT_FIELDS.find((x) => x.name.toLowerCase() === name);
    return f ? [`**${f.name}**`, f.doc] : [];
  }
  if (ep.implementation === 'gocqhttp') {
    const server = /\.([\w-]+)$/.exec(ep.key)?.[1] ?? '';
    const type = goTypeAt(SERVER_TYPES[server], name);
    const doc = GOCQ_DOCS[name.replace(/^post\.\d+\./, 'post.')];
    if (!type && !doc) return [];
    return [`**${server}.${name}**${type ? ` · \`${goTypeName(type)}\`` : ''}`, ...(doc ? [doc] : [])];
  }
  return [];
}

function goTypeAt(spec: Record<string, GoType> | undefined, dotted: string): GoType | undefined {
  let cur: GoType | undefined = spec ? { map: spec } : undefined;
  for (const part of dotted.split('.')) {
    if (!cur || typeof cur === 'string') return undefined;
    if ('list' in cur) cur = /^\d+$/.test(part) ? cur.list : undefined;
    else cur = Object.entries(cur.map).find(([k]) => k.toLowerCase() === part)?.[1];
  }
  return cur;
}

function goTypeName(g: GoType): string {
  if (typeof g === 'string') return g;
  return 'list' in g ? `[]${goTypeName(g.list)}` : 'map';
}

/** What go-cqhttp does with the keys of a servers[] entry (Mrs4s/go-cqhttp a5923f1 server/websocket.go, server/http.go, server/middlewares.go). */
const GOCQ_DOCS: Record<string, Localized> = {
  disabled: t('`true` skips this server.', '为 `true` 时跳过此服务。'),
  universal: t(
    'Reverse WebSocket: the one URL go-cqhttp dials for API calls and events. When set, `api` and `event` are ignored.',
    '反向 WebSocket：go-cqhttp 同时用于 API 和事件的地址。设置后 `api` 和 `event` 被忽略。',
  ),
  api: t('Reverse WebSocket for API calls only (used when `universal` is empty).', '仅用于 API 调用的反向 WebSocket 地址（`universal` 为空时使用）。'),
  event: t('Reverse WebSocket for events only (used when `universal` is empty).', '仅用于事件的反向 WebSocket 地址（`universal` 为空时使用）。'),
  'reconnect-interval': t('Milliseconds between reconnection attempts.', '重连间隔（毫秒）。'),
  address: t('`host:port` to bind; when set it replaces `host` and `port`.', '要绑定的 `host:port`；设置后取代 `host` 和 `port`。'),
  host: t('Address to bind.', '绑定的地址。'),
  port: t('Port to listen on.', '监听的端口。'),
  middlewares: t(
    'Access token, filter and rate limit of this server (the template merges `*default`).',
    '此服务的访问令牌、过滤器和限速（模板会合并 `*default`）。',
  ),
  'middlewares.access-token': t(
    'Access token. As a client go-cqhttp sends `Authorization: Token <token>` only when it is non-empty; as a server it checks `Authorization: Token`/`Bearer` or `?access_token=`.',
    '访问令牌。作为客户端时，仅在非空时发送 `Authorization: Token <token>`；作为服务端时检查 `Authorization: Token`/`Bearer` 或 `?access_token=`。',
  ),
  'middlewares.filter': t('Event filter file.', '事件过滤器文件。'),
  timeout: t('HTTP timeout in seconds.', 'HTTP 超时（秒）。'),
  post: t('Where go-cqhttp POSTs events (HTTP POST).', 'go-cqhttp 推送事件（HTTP POST）的地址列表。'),
  'post.url': t('The URL go-cqhttp POSTs events to.', 'go-cqhttp 推送事件的地址。'),
  'post.secret': t('HMAC-SHA1 secret of the `X-Signature` header.', '`X-Signature` 头的 HMAC-SHA1 密钥。'),
};

function tokenNote(ep: ImplEndpoint): Localized {
  if (ep.auth === 'token-if-nonempty')
    return ep.token
      ? t(`It sends \`Authorization: Token ${maskToken(ep.token)}\`.`, `它发送 \`Authorization: Token ${maskTokenZh(ep.token)}\`。`)
      : t('It sends no token.', '它不发送令牌。');
  if (ep.auth === 'bearer-always')
    return t(`It sends \`Authorization: Bearer ${maskToken(ep.token ?? '')}\`.`, `它发送 \`Authorization: Bearer ${maskTokenZh(ep.token ?? '')}\`。`);
  return ep.token === null
    ? t('It sends no token.', '它不发送令牌。')
    : t(`It sends \`Authorization: Bearer ${maskToken(ep.token)}\`.`, `它发送 \`Authorization: Bearer ${maskTokenZh(ep.token)}\`。`);
}

function fwListens(link: Link): Localized {
  const fw = link.fw;
  const paths = fw.paths.join(', ');
  const name = link.framework === 'koishi' ? 'Koishi' : 'NoneBot';
  const tok =
    link.framework === 'koishi'
      ? t('it checks X-Self-ID against selfId, never the token', '它只按 selfId 校验 X-Self-ID，从不校验令牌')
      : t(`token ${maskToken(fw.token)}`, `令牌 ${maskTokenZh(fw.token)}`);
  const self =
    link.framework === 'koishi' && fw.selfIds?.length
      ? t(` (selfId ${fw.selfIds.map((s) => s.value).join(', ')})`, `（selfId ${fw.selfIds.map((s) => s.value).join('、')}）`)
      : t('', '');
  const assumed = link.assumed ? t(` Pairing ${link.reason.en}.`, ` 配对${link.reason.zh}。`) : t('', '');
  return t(
    `${name} listens on \`${fw.host}:${fw.port ?? '?'}\`, path ${paths}; ${tok.en}${self.en}.${assumed.en}`,
    `${name} 监听 \`${fw.host}:${fw.port ?? '?'}\`，路径 ${fw.paths.join('、')}；${tok.zh}${self.zh}。${assumed.zh}`,
  );
}

function implSide(model: WorkspaceModel, ep: ImplEndpoint): Localized[] {
  const name = IMPL_NAMES[ep.implementation];
  const link = model.links.find((l) => l.impl === ep);
  const out: Localized[] = [];
  if (ep.role === 'dials') {
    if (ep.url !== undefined)
      out.push(t(`${name} dials \`${maskUrl(ep.url)}\`. ${tokenNote(ep).en}`, `${name} 会连接 \`${maskUrl(ep.url)}\`。${tokenNote(ep).zh}`));
    if (link) out.push(fwListens(link), ...linkWhereLines(model, link));
    else out.push(t('No bot framework in the workspace listens for it.', '工作区里没有机器人框架监听它。'));
  } else {
    const host = ep.host ?? '?';
    out.push(t(`${name} listens on \`${host}:${ep.port ?? '?'}\`.`, `${name} 监听 \`${host}:${ep.port ?? '?'}\`。`));
    if (link) {
      const who = link.framework === 'koishi' ? 'Koishi' : 'NoneBot';
      const url = link.url ?? link.fw.url;
      out.push(url ? t(`${who} dials \`${maskUrl(url)}\`.`, `${who} 会连接 \`${maskUrl(url)}\`。`) : t(`${who} is paired with it.`, `${who} 与它配对。`));
      out.push(...linkWhereLines(model, link));
    }
  }
  return out;
}

/** What Koishi's OneBot adapter and its server plugin do with a key (koishijs/koishi-plugin-adapter-onebot c32206b src/bot/index.ts, src/ws.ts, src/http.ts; @cordisjs/plugin-server 0.2.9). */
const KOISHI_DOCS: Record<string, Localized> = {
  host: t(`Address Koishi's server binds (default \`${DEFAULT_HOST}\`).`, `Koishi 的 server 绑定的地址（默认 \`${DEFAULT_HOST}\`）。`),
  port: t(
    "Port Koishi's server listens on. No default: without a port the server does not listen.",
    'Koishi 的 server 监听的端口。没有默认值：不设端口则不监听。',
  ),
  path: t(`Route of the reverse WebSocket / HTTP POST (default \`${DEFAULT_PATH}\`).`, `反向 WebSocket / HTTP POST 的路由（默认 \`${DEFAULT_PATH}\`）。`),
  endpoint: t(
    'The URL of the OneBot implementation Koishi dials (forward WebSocket, HTTP API).',
    'Koishi 连接的 OneBot 实现地址（正向 WebSocket、HTTP API）。',
  ),
  token: t('Token Koishi sends when it dials. Its reverse WebSocket never checks it.', 'Koishi 主动连接时发送的令牌。它的反向 WebSocket 从不校验它。'),
  selfId: t('The account (X-Self-ID) this adapter accepts.', '此适配器接受的账号（X-Self-ID）。'),
  secret: t('HMAC-SHA1 secret that checks `X-Signature` of HTTP POST events.', '校验 HTTP POST 事件 `X-Signature` 的 HMAC-SHA1 密钥。'),
};

function koishiHover(model: WorkspaceModel, k: KoishiConfig, pos: Position, md: (parts: (Localized | string)[]) => string): Hover | undefined {
  const hit = (r: Range | undefined) => !!r && rangeContains(r, pos);
  const node = (v: ValueNode | undefined) => (v && (hit(v.valueRange) || hit(v.keyRange)) ? v : undefined);
  const server = node(k.hostNode) ?? node(k.portNode);
  if (server) {
    const key = server === k.hostNode ? 'host' : 'port';
    const lines: (Localized | string)[] = [
      `**${key}**`,
      KOISHI_DOCS[key],
      t(`Koishi listens on \`${k.host}:${k.port}\`.`, `Koishi 监听 \`${k.host}:${k.port}\`。`),
    ];
    for (const l of model.links.filter((x) => x.koishi === k && x.fw.role === 'listens')) lines.push(dialer(l), ...linkWhereLines(model, l));
    return { contents: { kind: 'markdown', value: md(lines) }, range: server.valueRange };
  }
  for (const ep of k.endpoints) {
    const field: [string, Range | undefined][] = [
      ['path', ep.pathLoc?.range],
      ['endpoint', ep.urlLoc?.range],
      ['token', ep.tokenLoc?.range],
      ['secret', ep.secretLoc?.range],
      ...(ep.selfIds ?? []).map((s) => ['selfId', s.loc?.range] as [string, Range | undefined]),
    ];
    const f = field.find(([, r]) => hit(r));
    if (!f) continue;
    const lines: (Localized | string)[] = [`**${f[0]}**`, KOISHI_DOCS[f[0]]];
    if (f[0] === 'token') lines.push(t(`Value: ${maskToken(ep.token)}`, `值：${maskTokenZh(ep.token)}`));
    if (f[0] === 'secret') lines.push(t(`Value: ${maskToken(ep.secret)}`, `值：${maskTokenZh(ep.secret)}`));
    lines.push(...fwSide(model, ep));
    return { contents: { kind: 'markdown', value: md(lines) }, range: f[1] };
  }
  return undefined;
}

function dialer(l: Link): Localized {
  const name = IMPL_NAMES[l.impl.implementation];
  const url = l.url ?? l.impl.url;
  return url
    ? t(
        `${pick(l.impl.label, 'en')} dials \`${maskUrl(url)}\`. ${tokenNote(l.impl).en}`,
        `${pick(l.impl.label, 'zh')} 会连接 \`${maskUrl(url)}\`。${tokenNote(l.impl).zh}`,
      )
    : t(`${name} is paired with it.`, `${name} 与它配对。`);
}

function fwSide(model: WorkspaceModel, ep: FrameworkEndpoint): Localized[] {
  const link = model.links.find((l) => l.fw === ep);
  const out: Localized[] = [];
  if (ep.role === 'listens') {
    out.push(
      t(
        `Koishi listens on \`${ep.host}:${ep.port ?? '?'}\`, path ${ep.paths.join(', ')}; it checks X-Self-ID against selfId, never the token.`,
        `Koishi 监听 \`${ep.host}:${ep.port ?? '?'}\`，路径 ${ep.paths.join('、')}；它只按 selfId 校验 X-Self-ID，从不校验令牌。`,
      ),
    );
    out.push(link ? dialer(link) : t('No OneBot implementation in the workspace dials it.', '工作区里没有 OneBot 实现连接它。'));
    if (link) out.push(...linkWhereLines(model, link));
  } else {
    if (ep.url) out.push(t(`Koishi dials \`${maskUrl(ep.url)}\`.`, `Koishi 会连接 \`${maskUrl(ep.url)}\`。`));
    if (link) {
      const i = link.impl;
      out.push(
        t(`${pick(i.label, 'en')} listens on \`${i.host ?? '?'}:${i.port ?? '?'}\`.`, `${pick(i.label, 'zh')} 监听 \`${i.host ?? '?'}:${i.port ?? '?'}\`。`),
        ...linkWhereLines(model, link),
      );
    }
  }
  return out;
}

/** A plugin key of koishi.yml without its `~` (disabled) and `:id` suffix: "adapter-onebot". */
function koishiPluginName(key: string): string {
  return key.replace(/^~/, '').replace(/:[\w-]+$/, '');
}

/** The settings table and the path inside it for a key of a NapCat, go-cqhttp, LLOneBot or Koishi file. */
function settingFor(
  kind: 'napcat' | 'gocqhttp' | 'llonebot' | 'koishi',
  at: KeyAt,
): { doc?: SettingDoc; noLink: Localized; rel: string[]; plugin?: 'onebot' | 'server' } {
  if (kind === 'napcat') return { doc: lookupSetting(NAPCAT_SETTINGS, at.path), noLink: NAPCAT_NO_LINK, rel: at.path };
  if (kind === 'gocqhttp') return { doc: lookupSetting(GOCQ_SETTINGS, at.path), noLink: GOCQ_NO_LINK, rel: at.path };
  if (kind === 'llonebot') return { doc: lookupSetting(LLONEBOT_SETTINGS, at.path), noLink: LLONEBOT_NO_LINK, rel: at.path };
  for (let i = at.path.length - 1; i >= 0; i--) {
    const name = koishiPluginName(at.path[i]);
    const plugin = ONEBOT_NAMES.includes(name) ? 'onebot' : KOISHI_SERVER_NAMES.includes(name) ? 'server' : undefined;
    if (!plugin) continue;
    const rel = at.path.slice(i + 1);
    return {
      doc: rel.length ? lookupSetting(plugin === 'onebot' ? KOISHI_ADAPTER_SETTINGS : KOISHI_SERVER_SETTINGS, rel) : undefined,
      noLink: KOISHI_NO_LINK,
      rel,
      plugin,
    };
  }
  return { noLink: KOISHI_NO_LINK, rel: at.path };
}

/**
 * Hover on a key outside the connection entries (NapCat `musicSignUrl`, go-cqhttp `account.uin`, LLOneBot `log`,
 * Koishi's adapter `protocol`): what the program does with it, its type, default and values, and whether it matters
 * to the link. No value is shown (a key may hold a token).
 */
function hoverSettingAt(model: WorkspaceModel, file: string, text: string, pos: Position, lang: Lang): Hover | undefined {
  const kind = implFileKind(model, file);
  if (!kind) return undefined;
  const at = kind === 'napcat' || kind === 'llonebot' ? keyAtJson5(text, pos) : keyAtYaml(file, text, pos);
  if (!at) return undefined;
  const md = (parts: (Localized | string)[]) => maskUrlsIn(parts.map((p) => (typeof p === 'string' ? p : pick(p, lang))).join('\n\n'));
  const s = settingFor(kind, at);
  if (kind === 'napcat' && at.on === 'key' && at.path.length === 2 && at.path[0] === 'network' && NAPCAT_ARRAYS.includes(at.path[1] as NapCatArray)) {
    return {
      contents: {
        kind: 'markdown',
        value: md([
          `**network.${at.path[1]}** · \`array\``,
          NAPCAT_ARRAY_DOCS[at.path[1] as NapCatArray],
          t('Only entries with `enable: true` start (the default is false).', '只有 `enable: true` 的条目会启动（默认为 false）。'),
        ]),
      },
      range: at.range,
    };
  }
  if (kind === 'koishi' && s.plugin && s.rel.length === 0 && at.on === 'key') {
    const doc =
      s.plugin === 'onebot'
        ? t(
            "Koishi's OneBot adapter: one bot per entry. A `~` before the name disables the plugin (nothing listens or dials); the part after `:` is the loader's id.",
            'Koishi 的 OneBot 适配器：每个条目一个机器人。名称前的 `~` 会停用该插件（不监听也不连接）；`:` 之后是加载器的 id。',
          )
        : t(
            "Koishi's HTTP server (`host`, `port`): reverse WebSocket and HTTP POST implementations dial it. A `~` before the name disables it.",
            'Koishi 的 HTTP 服务（`host`、`port`）：反向 WebSocket 和 HTTP POST 的实现端会连接它。名称前的 `~` 会停用它。',
          );
    return { contents: { kind: 'markdown', value: md([`**${at.path[at.path.length - 1]}**`, doc]) }, range: at.range };
  }
  const d = s.doc;
  if (!d) return undefined;
  const dflt = d.default === undefined ? '' : ` · ${pick(t('default', '默认值'), lang)} \`${d.default === '' ? '""' : String(d.default)}\``;
  const lines: (Localized | string)[] = [`**${d.key}**${d.type ? ` · \`${d.type}\`` : ''}${dflt}`, d.doc];
  if (d.values) lines.push(t(`Values: ${d.values.map((v) => `\`${v}\``).join(', ')}.`, `可选值：${d.values.map((v) => `\`${v}\``).join('、')}。`));
  lines.push(d.link ?? s.noLink);
  return { contents: { kind: 'markdown', value: md(lines) }, range: at.range };
}
