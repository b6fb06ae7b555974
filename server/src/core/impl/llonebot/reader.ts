import * as path from 'node:path';
import type { FileHost, Localized } from '../../model';
import type { EndpointProtocol, EndpointRole, ImplConfig, ImplEndpoint, ValueNode } from '../../endpoints';
import { t } from '../../l10n';
import { didYouMean } from '../../text/similar';
import { member, parseJson5, valueNode, type J5Document, type J5Member, type J5Node } from '../json5';
import { unparsable } from '../json5Config';
import { CONNECT_FIELDS, CONNECT_TYPES, FLAT_OB11_KEYS, FLAT_TOP_KEYS, TOP_LEVEL_KEYS, V2024_OB11_KEYS, V2024_TOP_KEYS, type ConnectType } from './keys';

/**
 * Reads LLOneBot / LuckyLilliaBot's `config_<uin>.json` as the program does, in its three generations:
 * - **connect** (late 2025 onwards; LLOneBot/LuckyLilliaBot ab2b6aff `src/main/config/index.ts`): `data/config_<uin>.json`
 *   parsed with `json5`; `ob11.connect[]` entries of type ws / ws-reverse / http / http-post. A file without
 *   `ob11.connect` is converted by `migrateConfig` (the flat keys below; only the first reverse-WS and HTTP POST URL
 *   survive), `onlyLocalhost` becomes the `host` of ws/http entries that have none. A parse error: the shipped
 *   defaults, where every connection is off.
 * - **flat** (mid-2025; LLOneBot/LLOneBot e67c0af6 `src/common/config.ts`): same place, `ob11.token`,
 *   `ob11.wsReverseUrls`, `ob11.httpPostUrls`, `ob11.enableWs…`, top-level `onlyLocalhost`. Read here as the current
 *   version converts it.
 * - **2024** (the LiteLoader plugin; LLOneBot/LLOneBot fb602588 `src/common/config.ts`, `src/onebot11/adapter.ts`):
 *   `LiteLoader/data/LLOneBot/config_<uin>.json`, plain `JSON.parse`; `ob11.wsHosts` (reverse WS), `ob11.httpHosts`
 *   (HTTP POST), top-level `token`, `enableWsReverse` false but `enableWs`/`enableHttp`/`enableHttpPost` true by
 *   default, `listenLocalhost` false (servers on every interface); a parse error silently gives those defaults.
 */

export const LLONEBOT_FILE = /^config_(\d+)\.json$/;

export type LLOneBotGeneration = 'connect' | 'flat' | '2024';

export interface LLOneBotConfig extends ImplConfig {
  implementation: 'llonebot';
  generation: LLOneBotGeneration;
}

type P = (string | number)[];
/** Where each field of an endpoint lives in the file (paths from the root); shared with the adapter's edits. */
export interface Where {
  enable?: P;
  url?: P;
  host?: P;
  port?: P;
  token?: P;
  secret?: P;
}

const MARKERS = ['ob11', 'enableLLOB', 'webui', 'satori', 'milky'];

/** The 2024 plugin kept its data in `LiteLoader/data/LLOneBot/`; later versions in `data/` beside the program. */
function generationByPath(file: string): '2024' | 'data' | undefined {
  const parent = path.basename(path.dirname(file));
  if (parent === 'LLOneBot') return '2024';
  if (parent === 'data') return 'data';
  return undefined;
}

export function resolve(root: J5Node | undefined, p: P): { node?: J5Node; member?: J5Member; parent?: J5Node } {
  let cur: J5Node | undefined = root;
  let parent: J5Node | undefined;
  let m: J5Member | undefined;
  for (const seg of p) {
    parent = cur;
    if (!cur) return {};
    if (typeof seg === 'number') {
      m = undefined;
      cur = cur.kind === 'array' ? cur.items?.[seg] : undefined;
    } else {
      m = member(cur, seg);
      cur = m?.value;
    }
  }
  return { node: cur, member: m, parent };
}

/** The generation a parsed file is read as. */
export function generationOf(file: string, root: J5Node | undefined): LLOneBotGeneration {
  if (generationByPath(file) === '2024') return '2024';
  const connect = resolve(root, ['ob11', 'connect']).node;
  return connect?.kind === 'array' ? 'connect' : 'flat';
}

/** The field paths of an endpoint, from its key and the generation (the key names the entry as written). */
export function whereFor(gen: LLOneBotGeneration, key: string, root: J5Node | undefined): Where | undefined {
  const m = /^ob11\.connect\[(\d+)\]$/.exec(key);
  if (gen === 'connect' && m) {
    const base: P = ['ob11', 'connect', Number(m[1])];
    const type = resolve(root, [...base, 'type']).node?.value;
    const w: Where = { enable: [...base, 'enable'] };
    if (type === 'ws-reverse' || type === 'http-post') w.url = [...base, 'url'];
    else {
      w.host = [...base, 'host'];
      w.port = [...base, 'port'];
    }
    if (type === 'http-post') w.secret = [...base, 'token'];
    else w.token = [...base, 'token'];
    return w;
  }
  if (gen === 'flat') {
    switch (key) {
      case 'ob11.wsPort':
        return { enable: ['ob11', 'enableWs'], port: ['ob11', 'wsPort'], token: ['ob11', 'token'] };
      case 'ob11.wsReverseUrls[0]':
        return { enable: ['ob11', 'enableWsReverse'], url: ['ob11', 'wsReverseUrls', 0], token: ['ob11', 'token'] };
      case 'ob11.httpPort':
        return { enable: ['ob11', 'enableHttp'], port: ['ob11', 'httpPort'], token: ['ob11', 'token'] };
      case 'ob11.httpPostUrls[0]':
        return { enable: ['ob11', 'enableHttpPost'], url: ['ob11', 'httpPostUrls', 0], secret: ['ob11', 'httpSecret'] };
    }
    return undefined;
  }
  if (gen === '2024') {
    const truthy = (k: string) =>
      Boolean(resolve(root, [k]).node?.value) || resolve(root, [k]).node?.kind === 'array' || resolve(root, [k]).node?.kind === 'object';
    const ws = /^(?:ob11\.wsHosts)\[(\d+)\]$/.exec(key);
    if (ws) return { enable: ['ob11', 'enableWsReverse'], url: ['ob11', 'wsHosts', Number(ws[1])], token: ['token'] };
    const http = /^(?:ob11\.httpHosts|hosts)\[(\d+)\]$/.exec(key);
    if (http) {
      return {
        enable: ['ob11', 'enableHttpPost'],
        url: [...(truthy('hosts') ? ['hosts'] : ['ob11', 'httpHosts']), Number(http[1])],
        secret: ['ob11', 'httpSecret'],
      };
    }
    if (key === 'ob11.wsPort') return { enable: ['ob11', 'enableWs'], port: truthy('wsPort') ? ['wsPort'] : ['ob11', 'wsPort'], token: ['token'] };
    if (key === 'ob11.httpPort') return { enable: ['ob11', 'enableHttp'], port: truthy('http') ? ['http'] : ['ob11', 'httpPort'], token: ['token'] };
  }
  return undefined;
}

const PARSE_FAILURE_CURRENT: Localized = t(
  'LLOneBot logs "json 内容不合格" and runs with its shipped defaults, where every OneBot connection is off: nothing connects.',
  'LLOneBot 只记录“json 内容不合格”，然后使用自带的默认配置运行，其中所有 OneBot 连接都是关闭的：什么都连不上。',
);
const PARSE_FAILURE_2024: Localized = t(
  'This LLOneBot (LiteLoader plugin) reads the file with JSON.parse and on an error silently uses its defaults: HTTP API on port 3000 and WebSocket on 3001 on every interface, no token, no reverse WebSocket.',
  '该 LLOneBot（LiteLoader 插件）用 JSON.parse 读取此文件，出错时静默使用默认配置：在所有网卡上开启 3000 端口的 HTTP API 和 3001 端口的 WebSocket，无令牌，不连接反向 WebSocket。',
);

const KIND: Record<ConnectType, { protocol: EndpointProtocol; role: EndpointRole }> = {
  ws: { protocol: 'ws-forward', role: 'listens' },
  'ws-reverse': { protocol: 'ws-reverse', role: 'dials' },
  http: { protocol: 'http-api', role: 'listens' },
  'http-post': { protocol: 'http-post', role: 'dials' },
};

export function readLLOneBotConfig(file: string, host: FileHost): LLOneBotConfig | undefined {
  const m = LLONEBOT_FILE.exec(path.basename(file));
  if (!m) return undefined;
  const text = host.readFile(file);
  if (text === undefined) return undefined;
  const byPath = generationByPath(file);
  const doc = parseJson5(text, byPath === '2024' ? 'json' : 'json5');
  const root = doc.root;
  const looksLike = root?.kind === 'object' && (root.members ?? []).some((x) => MARKERS.includes(x.key));
  // `config_<uin>.json` is a common name: without the folder convention, only the content decides.
  if (!looksLike && !(byPath && (doc.error || root?.kind !== 'object'))) return undefined;
  const gen = generationOf(file, root);
  const cfg: LLOneBotConfig = {
    implementation: 'llonebot',
    generation: gen,
    file,
    files: [file],
    dir: path.dirname(file),
    selfId: m[1],
    endpoints: [],
    unknownKeys: [],
    problems: [],
  };
  if (doc.error || !root || root.kind !== 'object') {
    const e = doc.error ?? { start: root!.start, end: root!.end, message: 'the top level is not an object' };
    cfg.problems.push(unparsable(file, doc, 'LLOneBot', gen === '2024' ? 'JSON' : 'JSON5', e));
    cfg.parseFailure = gen === '2024' ? PARSE_FAILURE_2024 : PARSE_FAILURE_CURRENT;
    return cfg;
  }
  const r = new Reader(cfg, doc, file);
  if (gen === 'connect') r.readConnect(root);
  else if (gen === 'flat') r.readFlat(root);
  else r.read2024(root);
  return cfg;
}

const truthy = (n: J5Node | undefined): boolean => {
  if (!n) return false;
  if (n.kind === 'object' || n.kind === 'array') return true;
  return Boolean(n.value);
};
const str = (n: J5Node | undefined): string =>
  n === undefined || n.kind === 'object' || n.kind === 'array' || n.value === null || n.value === undefined ? '' : String(n.value);

class Reader {
  constructor(
    readonly cfg: LLOneBotConfig,
    readonly doc: J5Document,
    readonly file: string,
  ) {}

  vn(p: P): ValueNode | undefined {
    const { node, member: m } = resolve(this.doc.root, p);
    return node ? valueNode(this.doc, this.file, pathText(p), node, m) : undefined;
  }

  unknown(m: J5Member, p: string, candidates: readonly string[], reason?: Localized): void {
    this.cfg.unknownKeys.push({
      node: valueNode(this.doc, this.file, p, m.value, m),
      key: m.key,
      suggestion: candidates.length ? didYouMean(m.key, candidates) : undefined,
      reason,
    });
  }

  /** An endpoint from its Where, with values computed by the caller. */
  push(
    key: string,
    label: string,
    type: ConnectType,
    anchor: J5Node | J5Member,
    enabled: boolean,
    values: { url?: string; host?: string; port?: number; token: string },
    fields: Record<string, ValueNode>,
  ): void {
    const where = whereFor(this.cfg.generation, key, this.doc.root)!;
    const kind = KIND[type];
    const a = 'keyStart' in anchor ? this.doc.lines.range(anchor.keyStart, anchor.keyEnd) : this.doc.lines.range(anchor.start, anchor.start + 1);
    const enableNode = where.enable ? this.vn(where.enable) : undefined;
    const ep: ImplEndpoint = {
      implementation: 'llonebot',
      file: this.file,
      key,
      label: t(`LLOneBot's ${label}`, `LLOneBot 的 ${label}`),
      protocol: kind.protocol,
      role: kind.role,
      anchor: { file: this.file, range: a },
      enabled,
      enabledNode:
        enableNode ?? ('keyStart' in anchor ? valueNode(this.doc, this.file, key, anchor.value, anchor) : valueNode(this.doc, this.file, key, anchor)),
      token: type === 'http-post' ? null : values.token,
      tokenNode: where.token ? this.vn(where.token) : undefined,
      auth: 'bearer-always',
      fields,
    };
    if (type === 'http-post') {
      ep.secret = values.token;
      ep.secretNode = where.secret ? this.vn(where.secret) : undefined;
    }
    if (kind.role === 'dials') {
      ep.url = values.url ?? '';
      ep.urlNode = where.url ? this.vn(where.url) : undefined;
    } else {
      ep.host = values.host;
      ep.hostNode = where.host ? this.vn(where.host) : undefined;
      ep.port = values.port;
      ep.portNode = where.port ? this.vn(where.port) : undefined;
    }
    this.cfg.endpoints.push(ep);
  }

  topLevel(root: J5Node, known: readonly string[], alsoRead: readonly string[], reason?: Localized): void {
    for (const m of root.members ?? []) {
      if (known.includes(m.key) || alsoRead.includes(m.key)) continue;
      const old2024 = V2024_TOP_KEYS.includes(m.key) && !known.includes(m.key);
      this.unknown(m, m.key, known, old2024 ? OLD_2024 : reason);
    }
  }

  readConnect(root: J5Node): void {
    this.topLevel(root, TOP_LEVEL_KEYS, ['onlyLocalhost'], DROPPED);
    const ob11 = member(root, 'ob11')!.value;
    for (const m of ob11.members ?? []) {
      if (m.key === 'enable' || m.key === 'connect') continue;
      this.unknown(
        m,
        `ob11.${m.key}`,
        ['enable', 'connect'],
        FLAT_OB11_KEYS.includes(m.key) || V2024_OB11_KEYS.includes(m.key) ? IGNORED_WITH_CONNECT : DROPPED,
      );
    }
    const enableM = member(ob11, 'enable');
    // mergeNewProperties fills an absent `ob11.enable` with true.
    const ob11Enabled = enableM ? truthy(enableM.value) : true;
    const only = member(root, 'onlyLocalhost');
    const onlyHost = only ? (truthy(only.value) ? '127.0.0.1' : '') : undefined;
    const items = member(ob11, 'connect')!.value.items ?? [];
    let badType = false;
    items.forEach((item, i) => {
      const key = `ob11.connect[${i}]`;
      if (item.kind !== 'object') {
        badType = true;
        this.cfg.problems.push({
          file: this.file,
          range: this.doc.lines.range(item.start, item.end),
          message: t(
            `LLOneBot's ${key} is not an object: LLOneBot fails and starts none of its OneBot connections.`,
            `LLOneBot 的 ${key} 不是对象：LLOneBot 会出错，所有 OneBot 连接都不会启动。`,
          ),
        });
        return;
      }
      const typeM = member(item, 'type');
      const type = typeM?.value.value as ConnectType;
      if (!CONNECT_TYPES.includes(type)) {
        badType = true;
        const at = typeM ? typeM.value : item;
        this.cfg.problems.push({
          file: this.file,
          range: this.doc.lines.range(at.start, typeM ? at.end : at.start + 1),
          message: t(
            `LLOneBot's ${key} has type ${typeM ? JSON.stringify(str(typeM.value)) : '(missing)'}: LLOneBot throws "incorrect ob11 connect type" and starts none of its OneBot connections. Use ws, ws-reverse, http or http-post.`,
            `LLOneBot 的 ${key} 的 type 为 ${typeM ? JSON.stringify(str(typeM.value)) : '（缺失）'}：LLOneBot 会抛出 "incorrect ob11 connect type"，所有 OneBot 连接都不会启动。请使用 ws、ws-reverse、http 或 http-post。`,
          ),
        });
        return;
      }
      const names = CONNECT_FIELDS.filter((f) => f.types.includes(type)).map((f) => f.name);
      const fields: Record<string, ValueNode> = {};
      for (const fm of item.members ?? []) {
        if (!names.includes(fm.key)) this.unknown(fm, `${key}.${fm.key}`, names, t(`not read for type ${type}`, `类型 ${type} 不读取此键`));
        else fields[fm.key.toLowerCase()] = valueNode(this.doc, this.file, `${key}.${fm.key}`, fm.value, fm);
      }
      const get = (k: string) => member(item, k)?.value;
      const hostV = get('host');
      const host = truthy(hostV) ? str(hostV) : onlyHost !== undefined ? onlyHost : '';
      this.push(
        key,
        `${key} (${type})`,
        type,
        typeM!,
        ob11Enabled && truthy(get('enable')),
        {
          url: str(get('url')),
          host: host === '' ? '0.0.0.0' : host,
          port: Number(str(get('port'))) || undefined,
          token: str(get('token')),
        },
        fields,
      );
    });
    if (badType) for (const ep of this.cfg.endpoints) ep.enabled = false;
  }

  /** The mid-2025 keys, as `migrateConfig` converts them into four connect entries. */
  readFlat(root: J5Node): void {
    this.topLevel(root, TOP_LEVEL_KEYS, FLAT_TOP_KEYS, DROPPED);
    const ob11M = member(root, 'ob11');
    const ob11 = ob11M?.value.kind === 'object' ? ob11M.value : undefined;
    for (const m of ob11?.members ?? []) {
      if (FLAT_OB11_KEYS.includes(m.key)) continue;
      this.unknown(m, `ob11.${m.key}`, FLAT_OB11_KEYS, V2024_OB11_KEYS.includes(m.key) ? OLD_2024 : DROPPED);
    }
    for (const list of ['wsReverseUrls', 'httpPostUrls']) {
      const arr = ob11 ? member(ob11, list)?.value : undefined;
      (arr?.kind === 'array' ? (arr.items ?? []) : []).slice(1).forEach((it, j) => {
        this.cfg.unknownKeys.push({ node: valueNode(this.doc, this.file, `ob11.${list}[${j + 1}]`, it), key: `${list}[${j + 1}]`, reason: ONLY_FIRST_URL });
      });
    }
    if (!ob11M) return;
    const g = (k: string) => (ob11 ? member(ob11, k)?.value : undefined);
    const ob11Enabled = truthy(g('enable'));
    const token = str(g('token'));
    const only = member(root, 'onlyLocalhost');
    const host = only && truthy(only.value) ? '127.0.0.1' : '0.0.0.0';
    const first = (k: string) => {
      const a = g(k);
      return a?.kind === 'array' ? str(a.items?.[0]) : '';
    };
    const anchor = (k: string) => (ob11 ? member(ob11, k) : undefined) ?? ob11M;
    const fieldsOf = (...ks: string[]) =>
      Object.fromEntries(ks.map((k) => [k.toLowerCase(), this.vn(['ob11', k])]).filter(([, v]) => v)) as Record<string, ValueNode>;
    // Each flat entry: its key, its type, the values it dials or listens with, and its fields (the first is where it
    // is written, the second the switch that enables it).
    const entries: { key: string; type: ConnectType; values: { url?: string; host?: string; port?: number; token: string }; fields: string[] }[] = [
      { key: 'ob11.wsPort', type: 'ws', values: { host, port: Number(str(g('wsPort'))) || 3001, token }, fields: ['wsPort', 'enableWs', 'token'] },
      {
        key: 'ob11.wsReverseUrls[0]',
        type: 'ws-reverse',
        values: { url: first('wsReverseUrls'), token },
        fields: ['wsReverseUrls', 'enableWsReverse', 'token'],
      },
      { key: 'ob11.httpPort', type: 'http', values: { host, port: Number(str(g('httpPort'))) || 3000, token }, fields: ['httpPort', 'enableHttp', 'token'] },
      {
        key: 'ob11.httpPostUrls[0]',
        type: 'http-post',
        values: { url: first('httpPostUrls'), token: str(g('httpSecret')) },
        fields: ['httpPostUrls', 'enableHttpPost', 'httpSecret'],
      },
    ];
    for (const e of entries)
      this.push(e.key, `${e.key} (${e.type})`, e.type, anchor(e.fields[0]), ob11Enabled && truthy(g(e.fields[1])), e.values, fieldsOf(...e.fields));
  }

  /** The 2024 LiteLoader plugin: defaults merged in, then the oldest top-level names moved into ob11. */
  read2024(root: J5Node): void {
    this.topLevel(root, V2024_TOP_KEYS, [], DROPPED);
    const ob11M = member(root, 'ob11');
    const ob11 = ob11M?.value.kind === 'object' ? ob11M.value : undefined;
    for (const m of ob11?.members ?? []) if (!V2024_OB11_KEYS.includes(m.key)) this.unknown(m, `ob11.${m.key}`, V2024_OB11_KEYS, DROPPED);
    const g = (k: string) => (ob11 ? member(ob11, k)?.value : undefined);
    const top = (k: string) => member(root, k)?.value;
    /** mergeNewProperties: an absent key takes the default. */
    const flag = (k: string, def: boolean) => (g(k) ? truthy(g(k)) : def);
    const on = (top('enableLLOB') ? truthy(top('enableLLOB')) : true) && flag('enable', true);
    const token = str(top('token'));
    const host = flag('listenLocalhost', false) ? '127.0.0.1' : '0.0.0.0';
    // checkOldConfig: a truthy old top-level key replaces the ob11 one.
    const wsPort = truthy(top('wsPort')) ? top('wsPort') : g('wsPort');
    const httpPort = truthy(top('http')) ? top('http') : g('httpPort');
    const anchorOf = (k: string) => (ob11 ? member(ob11, k) : undefined) ?? ob11M ?? member(root, k) ?? root;
    const fieldsOf = (...ks: string[]) =>
      Object.fromEntries(ks.map((k) => [k.toLowerCase(), this.vn(['ob11', k])]).filter(([, v]) => v)) as Record<string, ValueNode>;
    this.push(
      'ob11.wsPort',
      'ob11.wsPort (ws)',
      'ws',
      anchorOf('wsPort'),
      on && flag('enableWs', true),
      { host, port: Number(str(wsPort)) || 3001, token },
      fieldsOf('wsPort', 'enableWs'),
    );
    this.push(
      'ob11.httpPort',
      'ob11.httpPort (http)',
      'http',
      anchorOf('httpPort'),
      on && flag('enableHttp', true),
      { host, port: Number(str(httpPort)) || 3000, token },
      fieldsOf('httpPort', 'enableHttp'),
    );
    const items = (a: J5Node | undefined) => (a?.kind === 'array' ? (a.items ?? []) : []);
    const hostsFromTop = truthy(top('hosts'));
    items(g('wsHosts')).forEach((it, i) => {
      this.push(`ob11.wsHosts[${i}]`, `ob11.wsHosts[${i}]`, 'ws-reverse', it, on && flag('enableWsReverse', false), { url: str(it), token }, {});
    });
    items(hostsFromTop ? top('hosts') : g('httpHosts')).forEach((it, i) => {
      const key = hostsFromTop ? `hosts[${i}]` : `ob11.httpHosts[${i}]`;
      this.push(key, key, 'http-post', it, on && flag('enableHttpPost', true), { url: str(it), token: str(g('httpSecret')) }, {});
    });
  }
}

function pathText(p: P): string {
  return p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
}

const DROPPED: Localized = t('LLOneBot does not read this key', 'LLOneBot 不读取此键');
const OLD_2024: Localized = t(
  'a key of the 2024 LLOneBot (LiteLoader plugin); later versions do not read it. Reverse WebSocket URLs now go in `ob11.connect` entries of type ws-reverse, the token on each entry',
  '这是 2024 年 LLOneBot（LiteLoader 插件）的键，之后的版本不再读取。反向 WebSocket 地址现在写在 `ob11.connect` 中 type 为 ws-reverse 的条目里，令牌写在每个条目上',
);
const IGNORED_WITH_CONNECT: Localized = t(
  'an older LLOneBot key: once `ob11.connect` exists, LLOneBot no longer converts it and drops it. Set it on the `ob11.connect` entries',
  'LLOneBot 旧版的键：一旦存在 `ob11.connect`，LLOneBot 不再转换它并会删除它。请在 `ob11.connect` 的条目上设置',
);
const ONLY_FIRST_URL: Localized = t(
  "LLOneBot's conversion to `ob11.connect` keeps only the first URL of this list; add the others as their own `ob11.connect` entries",
  'LLOneBot 转换为 `ob11.connect` 时只保留此列表的第一个地址；其余地址请各自添加为 `ob11.connect` 条目',
);
