import * as path from 'node:path';
import type { FileHost, Localized, ReadProblem } from '../../model';
import type { EndpointProtocol, EndpointRole, ImplConfig, ImplEndpoint, ValueNode } from '../../endpoints';
import { t } from '../../l10n';
import { didYouMean } from '../../text/similar';
import { member, parseJson5, valueNode, type J5Document, type J5Member, type J5Node } from '../json5';
import { unparsable } from '../json5Config';
import { NAPCAT_ARRAYS, NAPCAT_TIMEOUT_KEYS, NAPCAT_TOP_LEVEL_KEYS, NAPCAT_V1_KEYS, napcatDefault, napcatEntryFields, type NapCatArray } from './keys';

/**
 * Reads NapCat's OneBot config as NapCat does (NapNeko/NapCatQQ af074793, 2026-08-14):
 * - `packages/napcat-core/helper/config-base.ts`: `config/onebot11_<uin>.json`; `onebot11.json` only when the uin file
 *   does not exist (it is then copied to the uin file). Parsed with the `json5` package; a parse error, or a value
 *   the schema rejects, is logged and the config becomes `{}`: no network connection at all.
 * - `packages/napcat-onebot/config/config.ts`: the TypeBox schema (`Value.Parse`: unknown keys dropped, defaults
 *   filled, scalars converted, then asserted), every entry's `enable` false by default.
 * - The v1 format (`http`, `ws`, `reverseWs`, top-level `token`) as `migrateOneBotConfigsV1` translated it
 *   (NapNeko/NapCatQQ 9e1b8f83, `src/onebot/config/config.ts`, NapCat 4.0–4.3.x); removed in 07a51e8d (4.3.9,
 *   2025-01-21), after which such a file yields no connection.
 */

export const NAPCAT_FILE = /^onebot11(?:_(\d+))?\.json$/;

export interface NapCatConfig extends ImplConfig {
  implementation: 'napcat';
  format: 'network' | 'v1' | 'empty' | 'unreadable';
  /** `onebot11.json` while uin files exist beside it: NapCat only copies it for an account that has no file yet. */
  templateFor?: string[];
}

const SERVER_ARRAYS: Record<string, { protocol: EndpointProtocol; role: EndpointRole }> = {
  websocketClients: { protocol: 'ws-reverse', role: 'dials' },
  websocketServers: { protocol: 'ws-forward', role: 'listens' },
  httpClients: { protocol: 'http-post', role: 'dials' },
  httpServers: { protocol: 'http-api', role: 'listens' },
  httpSseServers: { protocol: 'http-api', role: 'listens' },
};

const DROPPED: Localized = t('NapCat drops keys its schema does not know', 'NapCat 会丢弃其配置结构中没有的键');

export function readNapCatConfig(file: string, host: FileHost): NapCatConfig | undefined {
  const name = path.basename(file);
  const m = NAPCAT_FILE.exec(name);
  if (!m) return undefined;
  const text = host.readFile(file);
  if (text === undefined) return undefined;
  const dir = path.dirname(file);
  const cfg: NapCatConfig = {
    implementation: 'napcat',
    file,
    files: [file],
    dir,
    selfId: m[1],
    endpoints: [],
    unknownKeys: [],
    problems: [],
    format: 'empty',
  };
  if (!m[1]) {
    const uinFiles = (host.readDir(dir) ?? [])
      .filter((e) => !e.isDirectory && /^onebot11_\d+\.json$/.test(e.name))
      .map((e) => path.join(dir, e.name))
      .sort();
    if (uinFiles.length) cfg.templateFor = uinFiles;
  }

  const doc = parseJson5(text);
  if (doc.error || !doc.root) {
    const e = doc.error!;
    cfg.format = 'unreadable';
    cfg.problems.push(unparsable(file, doc, 'NapCat', 'JSON5', e));
    cfg.parseFailure = cfg.templateFor ? TEMPLATE_FAILURE : PARSE_FAILURE;
    return cfg;
  }
  const root = doc.root;
  if (root.kind !== 'object') {
    fail(cfg, doc, root, t('the top level must be an object', '顶层必须是对象'));
    return cfg;
  }
  const r = new Reader(cfg, doc, file);
  const network = member(root, 'network');
  const isV1 = !network && ['http', 'ws', 'reverseWs'].some((k) => member(root, k));
  if (isV1) {
    cfg.format = 'v1';
    r.readV1(root);
  } else {
    if (network) cfg.format = 'network';
    r.readTopLevel(root);
    if (network) r.readNetwork(network);
  }
  // A file with a schema error is as good as an unparsable one: nothing connects.
  if (r.schemaErrors.length) {
    cfg.problems.push(...r.schemaErrors);
    cfg.parseFailure = PARSE_FAILURE;
    cfg.endpoints = [];
  }
  if (cfg.templateFor) {
    // NapCat reads the uin files; this one only seeds a new account's file.
    for (const ep of cfg.endpoints) ep.enabled = false;
    if (cfg.parseFailure) cfg.parseFailure = TEMPLATE_FAILURE;
  }
  return cfg;
}

const PARSE_FAILURE: Localized = t(
  'NapCat logs a config error and starts with an empty configuration: no WebSocket or HTTP connection is opened at all, and nothing else says so.',
  'NapCat 只记录一条配置错误，然后以空配置启动：不会建立任何 WebSocket 或 HTTP 连接，也没有其他提示。',
);

const TEMPLATE_FAILURE: Localized = t(
  'NapCat copies this file for an account that has no onebot11_<uin>.json yet; such an account would start with an empty configuration and no network connection at all.',
  'NapCat 会为还没有 onebot11_<uin>.json 的账号复制此文件；这样的账号会以空配置启动，不建立任何网络连接。',
);

function fail(cfg: NapCatConfig, doc: J5Document, node: J5Node, why: Localized): void {
  cfg.problems.push({
    file: cfg.file,
    range: doc.lines.range(node.start, node.end),
    message: t(`NapCat rejects this file: ${why.en}.`, `NapCat 拒绝此文件：${why.zh}。`),
  });
  cfg.parseFailure = cfg.templateFor ? TEMPLATE_FAILURE : PARSE_FAILURE;
}

type Scalar = string | number | boolean | null;

/** TypeBox `Value.Convert` then `Check` for one scalar schema type; undefined when the assertion would fail. */
function convertScalar(kind: 'string' | 'number' | 'boolean', node: J5Node): Scalar | undefined {
  const v = node.value;
  if (node.kind === 'object' || node.kind === 'array' || v === null || v === undefined) return undefined;
  if (kind === 'string') return typeof v === 'string' ? v : String(v);
  if (kind === 'number') {
    let n: number | undefined;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'boolean') n = v ? 1 : 0;
    else if (v.trim() !== '' && !Number.isNaN(Number(v)) && !Number.isNaN(parseFloat(v))) n = parseFloat(v);
    return n !== undefined && Number.isFinite(n) ? n : undefined;
  }
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || (typeof v === 'string' && v.toLowerCase() === 'true')) return true;
  if (v === 0 || v === '0' || (typeof v === 'string' && v.toLowerCase() === 'false')) return false;
  return undefined;
}

class Reader {
  schemaErrors: ReadProblem[] = [];

  constructor(
    readonly cfg: NapCatConfig,
    readonly doc: J5Document,
    readonly file: string,
  ) {}

  node(p: string, n: J5Node, m?: J5Member): ValueNode {
    return valueNode(this.doc, this.file, p, n, m);
  }

  unknown(m: J5Member, p: string, candidates: readonly string[], reason: Localized = DROPPED): void {
    this.cfg.unknownKeys.push({ node: this.node(p, m.value, m), key: m.key, suggestion: didYouMean(m.key, candidates), reason });
  }

  schemaError(n: J5Node, p: string, expected: string): void {
    this.schemaErrors.push({
      file: this.file,
      range: this.doc.lines.range(n.start, n.end),
      message: t(
        `NapCat's schema rejects ${p}: expected ${expected}. NapCat then drops the whole file.`,
        `NapCat 的配置结构不接受 ${p}：应为 ${expected}。NapCat 会因此丢弃整个文件。`,
      ),
    });
  }

  readTopLevel(root: J5Node): void {
    const known = NAPCAT_TOP_LEVEL_KEYS.map((k) => k.name);
    for (const m of root.members ?? []) {
      if (known.includes(m.key)) {
        if (m.key === 'timeout') this.readTimeout(m.value);
        else if (m.key !== 'network') {
          const kind = m.key === 'enableLocalFile2Url' || m.key === 'parseMultMsg' ? 'boolean' : 'string';
          if (convertScalar(kind, m.value) === undefined) this.schemaError(m.value, m.key, kind);
        }
        continue;
      }
      if (NAPCAT_V1_KEYS.includes(m.key)) {
        this.unknown(m, m.key, known, V1_IGNORED);
        continue;
      }
      this.unknown(m, m.key, known);
    }
  }

  readTimeout(n: J5Node): void {
    if (n.kind !== 'object') {
      this.schemaError(n, 'timeout', 'object');
      return;
    }
    for (const m of n.members ?? []) {
      if (!NAPCAT_TIMEOUT_KEYS.includes(m.key)) this.unknown(m, `timeout.${m.key}`, NAPCAT_TIMEOUT_KEYS);
      else if (convertScalar('number', m.value) === undefined) this.schemaError(m.value, `timeout.${m.key}`, 'number');
    }
  }

  readNetwork(network: J5Member): void {
    const n = network.value;
    if (n.kind !== 'object') {
      this.schemaError(n, 'network', 'object');
      return;
    }
    for (const m of n.members ?? []) {
      const array = m.key as NapCatArray;
      if (!NAPCAT_ARRAYS.includes(array)) {
        this.unknown(m, `network.${m.key}`, NAPCAT_ARRAYS);
        continue;
      }
      if (m.value.kind !== 'array') {
        this.schemaError(m.value, `network.${m.key}`, 'array');
        continue;
      }
      // Duplicate keys: the last one wins, as in json5.
      if (member(n, m.key) !== m) continue;
      (m.value.items ?? []).forEach((item, i) => {
        this.readEntry(array, item, i);
      });
    }
  }

  readEntry(array: NapCatArray, item: J5Node, index: number): void {
    const key = `${array}[${index}]`;
    const p = `network.${key}`;
    if (item.kind !== 'object') {
      this.schemaError(item, p, 'object');
      return;
    }
    const fields: Record<string, ValueNode> = {};
    const schema = napcatEntryFields(array);
    const names = schema.map((f) => f.name);
    const vals: Record<string, Scalar> = {};
    for (const m of item.members ?? []) {
      const f = schema.find((x) => x.name === m.key);
      if (!f) {
        this.unknown(m, `${p}.${m.key}`, names);
        continue;
      }
      if (member(item, m.key) !== m) continue;
      const vn = this.node(`${p}.${m.key}`, m.value, m);
      fields[m.key.toLowerCase()] = vn;
      const v = convertScalar(f.type, m.value);
      if (v === undefined) this.schemaError(m.value, `${key}.${m.key}`, f.type);
      else vals[m.key] = v;
    }
    const kind = SERVER_ARRAYS[array];
    if (!kind) return; // plugins: no network
    const get = <T extends Scalar>(k: string): T => (k in vals ? vals[k] : napcatDefault(array, k)) as T;
    const nameMember = member(item, 'name');
    const anchorRange = nameMember ? this.doc.lines.range(nameMember.keyStart, nameMember.value.end) : this.doc.lines.range(item.start, item.start + 1);
    const token = get<string>('token') ?? '';
    const ep: ImplEndpoint = {
      implementation: 'napcat',
      file: this.file,
      key,
      label: t(`NapCat's ${key}`, `NapCat 的 ${key}`),
      protocol: kind.protocol,
      role: kind.role,
      anchor: { file: this.file, range: anchorRange },
      enabled: get<boolean>('enable') === true,
      enabledNode: fields.enable ?? this.node(p, item),
      token: array === 'httpClients' ? null : token,
      tokenNode: array === 'httpClients' ? undefined : fields.token,
      auth: 'bearer-always',
      fields,
    };
    if (array === 'httpClients') {
      ep.secret = token;
      ep.secretNode = fields.token;
    }
    if (kind.role === 'dials') {
      ep.url = String(get<string>('url'));
      ep.urlNode = fields.url;
    } else {
      ep.host = String(get<string>('host'));
      ep.hostNode = fields.host;
      ep.port = Number(get<number>('port'));
      ep.portNode = fields.port;
    }
    this.cfg.endpoints.push(ep);
  }

  /** The v1 format, as `migrateOneBotConfigsV1` turned it into entries (NapNeko/NapCatQQ 9e1b8f83). */
  readV1(root: J5Node): void {
    const top = (k: string) => member(root, k);
    const tokenM = top('token');
    const token =
      tokenM && typeof tokenM.value.value === 'string'
        ? tokenM.value.value
        : tokenM && tokenM.value.value !== null && tokenM.value.kind !== 'object' && tokenM.value.kind !== 'array'
          ? String(tokenM.value.value)
          : '';
    const tokenNode = tokenM ? this.node('token', tokenM.value, tokenM) : undefined;
    for (const m of root.members ?? []) {
      if (m.key === 'http' || m.key === 'ws' || m.key === 'reverseWs') this.unknown(m, m.key, [], V1_IGNORED);
      else if (!NAPCAT_V1_KEYS.includes(m.key)) this.unknown(m, m.key, NAPCAT_V1_KEYS);
    }
    const sub = (obj: J5Member | undefined, k: string): J5Member | undefined => (obj && obj.value.kind === 'object' ? member(obj.value, k) : undefined);
    const scalar = (m: J5Member | undefined): Scalar | undefined =>
      m && m.value.kind !== 'object' && m.value.kind !== 'array' ? (m.value.value as Scalar) : undefined;
    const fieldsOf = (obj: J5Member | undefined, prefix: string): Record<string, ValueNode> => {
      const out: Record<string, ValueNode> = {};
      if (obj && obj.value.kind === 'object') for (const m of obj.value.members ?? []) out[m.key.toLowerCase()] = this.node(`${prefix}.${m.key}`, m.value, m);
      return out;
    };
    const server = (k: 'http' | 'ws', protocol: EndpointProtocol, defPort: number) => {
      const obj = top(k);
      if (obj?.value.kind !== 'object') return;
      const fields = fieldsOf(obj, k);
      const enable = sub(obj, 'enable');
      const hostM = sub(obj, 'host');
      const portM = sub(obj, 'port');
      const secretM = sub(obj, 'secret');
      const h = scalar(hostM);
      const p = Number(scalar(portM) ?? defPort);
      // The migration gave the HTTP server `http.secret` as its token, the WebSocket server the top-level token.
      const tok = k === 'http' ? String(scalar(secretM) ?? '') : token;
      this.cfg.endpoints.push({
        implementation: 'napcat',
        file: this.file,
        key: k,
        label: t(`NapCat's ${k} (old format)`, `NapCat 的 ${k}（旧格式）`),
        protocol,
        role: 'listens',
        anchor: { file: this.file, range: this.doc.lines.range(obj.keyStart, obj.keyEnd) },
        enabled: scalar(enable) === true,
        enabledNode: enable ? this.node(`${k}.enable`, enable.value, enable) : this.node(k, obj.value, obj),
        host: typeof h === 'string' && h !== '' ? h : '0.0.0.0',
        hostNode: fields.host,
        port: Number.isFinite(p) ? p : defPort,
        portNode: fields.port,
        token: tok,
        tokenNode: k === 'http' ? fields.secret : tokenNode,
        auth: 'bearer-always',
        fields,
      });
      if (k === 'http') {
        for (const dropped of ['postUrls', 'enablePost']) {
          const d = sub(obj, dropped);
          if (d) this.unknown(d, `http.${dropped}`, [], V1_POST_DROPPED);
        }
      }
    };
    server('http', 'http-api', 3000);
    server('ws', 'ws-forward', 3001);
    const rws = top('reverseWs');
    if (rws && rws.value.kind === 'object') {
      const enable = sub(rws, 'enable');
      const urls = sub(rws, 'urls');
      (urls && urls.value.kind === 'array' ? (urls.value.items ?? []) : []).forEach((u, i) => {
        const urlNode = this.node(`reverseWs.urls[${i}]`, u);
        this.cfg.endpoints.push({
          implementation: 'napcat',
          file: this.file,
          key: `reverseWs.urls[${i}]`,
          label: t(`NapCat's reverseWs.urls[${i}] (old format)`, `NapCat 的 reverseWs.urls[${i}]（旧格式）`),
          protocol: 'ws-reverse',
          role: 'dials',
          anchor: { file: this.file, range: this.doc.lines.range(u.start, u.end) },
          enabled: scalar(enable) === true,
          enabledNode: enable ? this.node('reverseWs.enable', enable.value, enable) : this.node('reverseWs', rws.value, rws),
          url: typeof u.value === 'string' ? u.value : String(u.value ?? ''),
          urlNode,
          token,
          tokenNode,
          auth: 'bearer-always',
          fields: { url: urlNode, ...(tokenNode ? { token: tokenNode } : {}) },
        });
      });
    }
  }
}

const V1_IGNORED: Localized = t(
  'old (v1) NapCat format: NapCat 4.0–4.3 converted it to `network` on start; since 4.3.9 (January 2025) it is ignored and no connection opens. Move it into `network.websocketClients` / `websocketServers` / `httpServers`',
  'NapCat 旧版（v1）格式：NapCat 4.0–4.3 启动时会把它转换为 `network`；自 4.3.9（2025 年 1 月）起被忽略，不会建立任何连接。请移到 `network.websocketClients` / `websocketServers` / `httpServers`',
);

const V1_POST_DROPPED: Localized = t(
  "NapCat 4.x's conversion of the old format drops the HTTP POST URLs: add them as `network.httpClients` entries",
  'NapCat 4.x 转换旧格式时会丢弃 HTTP POST 地址：请把它们添加为 `network.httpClients` 条目',
);
