/**
 * Reads go-cqhttp's `config.yml` as go-cqhttp does (Mrs4s/go-cqhttp a5923f179b360331786a6509eb33481e775a7bd1):
 * 1. modules/config/config.go `Parse`/`expand`: the whole text (comments included) is expanded first — every match of
 *    `\${([a-zA-Z_]+[a-zA-Z0-9_:/.]*)}` is replaced by the variable before the first `:`; when there is a `:` and the
 *    variable is unset or empty, by the text after it; an unset variable without a default becomes "".
 * 2. yaml.v3 (v3.0.1) decodes the result into `Config`; any error (syntax, a wrong type for a known field, a duplicate
 *    known field, an empty file) is fatal: `log.Fatal("配置文件不合法!", err)`.
 * 3. modules/servers/servers.go `Run`: each `servers:` item is a map; each of its keys names a server registered as
 *    `http`, `ws`, `ws-reverse`, `lambda` or `pprof`; other names are skipped without a word.
 * 4. Each server decodes its node into its struct (server/websocket.go, server/http.go); a decode error logs a warning
 *    and skips that server only; `disabled: true` skips it too.
 */
import * as path from 'node:path';
import type { ImplConfig, ImplEndpoint, ReadOptions, UnknownKey, ValueNode } from '../../endpoints';
import type { FileHost, Localized, Range } from '../../model';
import { t } from '../../l10n';
import { didYouMean } from '../../text/similar';
import { entry, parseYamlWithRanges, type Expansion, type ParsedYaml, type Substitution, type YamlValue } from '../yaml';
import { ANCHOR_HOLDERS, goBool, goInt, SERVER_NAMES, SERVER_TYPES, TOP_KEYS, type GoType } from './keys';

interface GoCqhttpNote {
  file: string;
  range: Range;
  message: Localized;
  node?: ValueNode;
}

export interface GoCqhttpConfig extends ImplConfig {
  implementation: 'gocqhttp';
  yaml: ParsedYaml;
  /** Things go-cqhttp accepts but warns about or that rarely mean what was meant (legacy host/port, split sockets). */
  notes: GoCqhttpNote[];
}

const EXPAND_RE = /\$\{([a-zA-Z_]+[a-zA-Z0-9_:/.]*)\}/g;

/** go-cqhttp's `${VAR}` / `${VAR:default}` expansion, with the offsets of every substitution. */
export function expandGoCqhttp(text: string, env: Record<string, string | undefined> = {}): Expansion {
  const subs: Substitution[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(EXPAND_RE)) {
    const start = m.index ?? 0;
    const inner = m[1];
    const colon = inner.indexOf(':');
    const name = colon < 0 ? inner : inner.slice(0, colon);
    const got = env[name] ?? '';
    const useDefault = colon >= 0 && got === '';
    const value = useDefault ? inner.slice(colon + 1) : got;
    out += text.slice(last, start);
    const expStart = out.length;
    out += value;
    subs.push({ orig: [start, start + m[0].length], exp: [expStart, out.length], name, set: got !== '', fromDefault: useDefault });
    last = start + m[0].length;
  }
  out += text.slice(last);
  return { text: out, substitutions: subs };
}

/** A go-cqhttp config by content: a top-level `servers:` plus `account:` or the template's `default-middlewares:`. */
export function looksLikeGoCqhttp(text: string): boolean {
  if (text.includes('\u0000')) return false;
  return /^\uFEFF?servers[ \t]*:/m.test(text) && /^\uFEFF?(?:account|default-middlewares)[ \t]*:/m.test(text);
}

const FATAL = (detail: string): Localized => t(`go-cqhttp refuses to start: 配置文件不合法! (${detail})`, `go-cqhttp 无法启动：配置文件不合法!（${detail}）`);

export function readGoCqhttpConfig(file: string, host: FileHost, opts: ReadOptions = {}): GoCqhttpConfig | undefined {
  const text = host.readFile(file);
  if (text === undefined || !looksLikeGoCqhttp(text)) return undefined;
  return parseGoCqhttpConfig(file, text, opts);
}

export function parseGoCqhttpConfig(file: string, rawText: string, opts: ReadOptions = {}): GoCqhttpConfig {
  const text = rawText;
  const y = parseYamlWithRanges(file, text, { expandEnv: (s) => expandGoCqhttp(s, opts.processEnv ?? {}) });
  const cfg: GoCqhttpConfig = {
    implementation: 'gocqhttp',
    file,
    files: [file],
    dir: path.dirname(file),
    endpoints: [],
    unknownKeys: [],
    problems: [],
    notes: [],
    yaml: y,
  };
  const zero = y.lines.range(0, 0);
  const fatal = (range: Range, detail: string) => {
    cfg.problems.push({ file, range, message: FATAL(detail) });
    cfg.parseFailure ??= t(
      'go-cqhttp stops at startup with 配置文件不合法! — nothing connects.',
      'go-cqhttp 启动时以“配置文件不合法!”退出——任何连接都不会建立。',
    );
  };
  if (y.errors.length) {
    const e = y.errors[0];
    fatal(e.range, e.message.en);
    return cfg;
  }
  if (y.empty) {
    fatal(zero, 'EOF');
    return cfg;
  }
  if (y.aliasLimitHit) fatal(zero, 'document contains excessive aliasing');
  for (const a of y.badAliases) fatal(a.range, a.recursive ? `anchor '${a.name}' value contains itself` : `unknown anchor '${a.name}' referenced`);
  for (const m of y.badMerges) fatal(m.valueRange, 'map merge requires map or sequence of maps as the value');
  const root = y.root;
  if (!root || (root.kind !== 'object' && root.kind !== 'null')) {
    fatal(root?.valueRange ?? zero, 'the document is not a map');
    return cfg;
  }
  for (const s of y.substitutions) {
    if (!s.set && !s.fromDefault) {
      cfg.notes.push({
        file,
        range: y.lines.range(s.orig[0], s.orig[1]),
        message: t(`\${${s.name}} is not set in go-cqhttp's environment: go-cqhttp reads "" here`, `go-cqhttp 的环境中没有设置 \${${s.name}}：此处读作 ""`),
      });
    }
  }

  // Duplicate keys: fatal for the top-level struct and a servers[] item (map[string]yaml.Node); a server's own
  // decode error otherwise (that server is skipped). Keys of an anchor holder are never decoded in place.
  const skippedServers = new Map<string, Localized>();
  for (const d of y.duplicates) {
    const p = d.map.path;
    const server = /^servers\[\d+\]\.[^.[]+/.exec(`${p}.`)?.[0];
    const m = /^servers\[\d+\]\.([^.[]+)$/.exec(d.second.path);
    if (server && !m) {
      skippedServers.set(server, t(`the key ${d.second.key} is written twice`, `键 ${d.second.key} 写了两次`));
      continue;
    }
    const top = p.split(/[.[]/)[0];
    if (p !== '' && !TOP_KEYS.includes(top)) continue;
    fatal(d.second.keyRange ?? d.second.valueRange, `mapping key "${d.second.key}" already defined`);
  }

  if (root.kind === 'null') return cfg;
  for (const e of root.entries ?? []) {
    if (TOP_KEYS.includes(e.key!) || ANCHOR_HOLDERS.includes(e.key!) || e.anchor || e.merged) continue;
    const suggestion = didYouMean(e.key!, TOP_KEYS);
    if (suggestion)
      cfg.unknownKeys.push({
        node: e,
        key: e.key!,
        suggestion,
        reason: t(`go-cqhttp does not read a top-level ${e.key}`, `go-cqhttp 不读取顶层的 ${e.key}`),
      });
  }

  const account = entry(root, 'account');
  const uin = entry(account, 'uin');
  if (uin && uin.kind !== 'null') {
    const n = uin.kind === 'number' || uin.style === 'plain' ? goInt(uin.text ?? '') : undefined;
    if (n === undefined) fatal(uin.valueRange, `cannot unmarshal ${uin.text} into int64 (account.uin)`);
    else if (n !== 0) {
      cfg.selfId = String(n);
      cfg.selfIdNode = uin;
    }
  }

  const servers = entry(root, 'servers');
  if (!servers || servers.kind === 'null') return cfg;
  if (servers.kind !== 'array') {
    fatal(servers.valueRange, 'servers must be a list');
    return cfg;
  }
  (servers.items ?? []).forEach((item, i) => {
    if (item.kind === 'null') return;
    if (item.kind !== 'object') {
      fatal(item.valueRange, `servers[${i}] must be a map such as "- ws-reverse:"`);
      return;
    }
    for (const srv of item.entries ?? []) readServer(cfg, srv, i, skippedServers.get(`servers[${i}].${srv.key}`));
  });
  return cfg;
}

const WARN_NAMES: Record<string, string> = {
  ws: '读取正向Websocket配置失败',
  'ws-reverse': '读取反向Websocket配置失败',
  http: '读取http配置失败',
};

function readServer(cfg: GoCqhttpConfig, srv: YamlValue, i: number, dupReason: Localized | undefined): void {
  const name = srv.key!;
  const file = cfg.file;
  if (!SERVER_NAMES.includes(name)) {
    cfg.unknownKeys.push({
      node: srv,
      key: name,
      suggestion: didYouMean(name, SERVER_NAMES) ?? (/reverse/i.test(name) ? 'ws-reverse' : undefined),
      reason: t(`go-cqhttp has no server named ${name} and skips this entry without a warning`, `go-cqhttp 没有名为 ${name} 的服务，会不加提示地跳过此项`),
    });
    return;
  }
  if (name === 'lambda' || name === 'pprof') return;
  const spec = SERVER_TYPES[name];
  const key = `servers[${i}].${name}`;
  const label = t(`go-cqhttp's ${key}`, `go-cqhttp 的 ${key}`);
  const anchor = { file, range: srv.keyRange ?? srv.valueRange };
  const typeErrors: { node: YamlValue; detail: string }[] = [];
  if (srv.kind !== 'null') checkType(srv, { map: spec }, typeErrors, cfg.unknownKeys, name);
  const fields: Record<string, ValueNode> = {};
  collectFields(srv, '', fields);
  const disabledNode = entry(srv, 'disabled');
  let disabled = false;
  if (disabledNode && disabledNode.kind !== 'null') disabled = goBool(disabledNode.text ?? '', disabledNode.style !== 'plain') === true;
  let broken: Localized | undefined = dupReason;
  if (typeErrors.length) {
    const e = typeErrors[0];
    broken = t(`${e.node.path}: ${e.detail}`, `${e.node.path}：${e.detail}`);
  }
  if (broken) {
    cfg.problems.push({
      file,
      range: typeErrors[0]?.node.valueRange ?? anchor.range,
      message: t(
        `go-cqhttp cannot decode ${key} (${broken.en}): it logs "${WARN_NAMES[name]}" and skips this server`,
        `go-cqhttp 无法解析 ${key}（${broken.zh}）：日志显示“${WARN_NAMES[name]}”并跳过此服务`,
      ),
    });
  }
  const enabled = !disabled && !broken;
  const mw = entry(srv, 'middlewares');
  const tokenNode = entry(mw, 'access-token');
  const token = tokenNode ? (tokenNode.kind === 'null' ? '' : (tokenNode.text ?? '')) : null;
  const common = {
    implementation: 'gocqhttp' as const,
    file,
    anchor,
    enabledNode: disabledNode,
    token,
    tokenNode,
    auth: 'token-if-nonempty' as const,
    fields,
  };
  const str = (v: YamlValue | undefined) => (v && v.kind !== 'null' ? (v.text ?? '') : '');

  if (name === 'ws-reverse') {
    const universal = entry(srv, 'universal');
    const api = entry(srv, 'api');
    const event = entry(srv, 'event');
    let urlNode: YamlValue | undefined;
    if (str(universal)) urlNode = universal;
    else if (str(event)) urlNode = event;
    else if (str(api)) urlNode = api;
    if (!str(universal) && (str(api) || str(event))) {
      cfg.notes.push({
        file,
        range: (urlNode ?? srv).valueRange,
        node: urlNode,
        message: t(
          `${key} has no universal URL: go-cqhttp opens separate API (${str(api) || 'none'}) and Event (${str(event) || 'none'}) sockets`,
          `${key} 没有 universal 地址：go-cqhttp 分别打开 API（${str(api) || '无'}）和 Event（${str(event) || '无'}）连接`,
        ),
      });
    }
    cfg.endpoints.push({
      ...common,
      key,
      label,
      protocol: 'ws-reverse',
      role: 'dials',
      enabled: enabled && !!urlNode,
      url: urlNode ? str(urlNode) : undefined,
      urlNode,
    });
    return;
  }

  // ws and http listen on `address` (or the legacy host/port pair).
  const address = entry(srv, 'address');
  const hostNode = entry(srv, 'host');
  const portNode = entry(srv, 'port');
  const portNum = portNode && portNode.kind !== 'null' && portNode.style === 'plain' ? (goInt(portNode.text ?? '') ?? 0) : 0;
  const listen = (): Pick<ImplEndpoint, 'host' | 'hostNode' | 'port' | 'portNode'> & { ok: boolean } => {
    if (!str(address) && (str(hostNode) || portNum !== 0)) {
      cfg.notes.push({
        file,
        range: (hostNode ?? portNode ?? srv).keyRange ?? anchor.range,
        message: t(
          `${key} uses the legacy host/port pair: go-cqhttp still listens on ${str(hostNode)}:${portNum} but warns that the format is outdated (use address)`,
          `${key} 使用旧的 host/port 写法：go-cqhttp 仍监听 ${str(hostNode)}:${portNum}，但提示配置格式已过时（请用 address）`,
        ),
      });
      return { ok: true, host: str(hostNode) || '0.0.0.0', hostNode, port: portNum || undefined, portNode };
    }
    const parsed = goListenAddress(str(address));
    if (parsed.error) {
      cfg.problems.push({
        file,
        range: (address ?? srv).valueRange,
        message: t(
          `go-cqhttp cannot listen on ${key} address "${str(address)}": ${parsed.error.en}`,
          `go-cqhttp 无法监听 ${key} 的地址 "${str(address)}"：${parsed.error.zh}`,
        ),
      });
      return { ok: false };
    }
    return { ok: true, host: parsed.host, hostNode: address, port: parsed.port, portNode: address };
  };

  /** The server this entry opens (forward WebSocket or HTTP API), where `listen()` says. */
  const pushServer = (protocol: 'ws-forward' | 'http-api') => {
    const l = listen();
    cfg.endpoints.push({
      ...common,
      key,
      label,
      protocol,
      role: 'listens',
      enabled: enabled && l.ok,
      host: l.host,
      hostNode: l.hostNode,
      port: l.port,
      portNode: l.portNode,
    });
  };

  if (name === 'ws') {
    pushServer('ws-forward');
    return;
  }

  // http: the API server when address (or host/port) is set; then one POST client per post[] url.
  if (str(address) || str(hostNode) || portNum !== 0) pushServer('http-api');
  const post = entry(srv, 'post');
  (post?.items ?? []).forEach((p, j) => {
    const url = entry(p, 'url');
    if (!str(url)) return;
    const secretNode = entry(p, 'secret');
    const pkey = `${key}.post[${j}]`;
    const pf: Record<string, ValueNode> = {};
    collectFields(p, '', pf);
    cfg.endpoints.push({
      implementation: 'gocqhttp',
      file,
      key: pkey,
      label: t(`go-cqhttp's ${pkey}`, `go-cqhttp 的 ${pkey}`),
      protocol: 'http-post',
      role: 'dials',
      anchor: { file, range: url!.keyRange ?? url!.valueRange },
      enabled,
      enabledNode: disabledNode,
      url: str(url),
      urlNode: url,
      token: null,
      auth: 'token-if-nonempty',
      secret: str(secretNode),
      secretNode,
      fields: pf,
    });
  });
}

function collectFields(v: YamlValue, prefix: string, out: Record<string, ValueNode>): void {
  const stack: [YamlValue, string][] = [[v, prefix]];
  while (stack.length) {
    const [n, p] = stack.pop()!;
    for (const e of n.entries ?? []) {
      const k = (p ? `${p}.${e.key}` : String(e.key)).toLowerCase();
      out[k] = e;
      if (e.entries) stack.push([e, k]);
    }
  }
}

/** Checks a node against a Go type as yaml.v3 decodes it; reports keys the struct does not have. */
/** Unknown keys already reported (a typo in a shared anchor is reported once, where it is written). */
const REPORTED = new WeakMap<UnknownKey[], Set<YamlValue>>();

function checkType(v: YamlValue, type: GoType, errors: { node: YamlValue; detail: string }[], unknown: UnknownKey[], server: string): void {
  const reported = REPORTED.get(unknown) ?? new Set<YamlValue>();
  REPORTED.set(unknown, reported);
  const stack: [YamlValue, GoType][] = [[v, type]];
  while (stack.length) {
    const [n, ty] = stack.pop()!;
    if (n.kind === 'null') continue; // null decodes to the zero value
    if (typeof ty === 'object' && 'map' in ty) {
      if (n.kind !== 'object') {
        errors.push({ node: n, detail: 'must be a map' });
        continue;
      }
      const names = Object.keys(ty.map);
      for (const e of n.entries ?? []) {
        const sub = ty.map[e.key!];
        if (sub) stack.push([e, sub]);
        else if (!reported.has((e.origin as YamlValue | undefined) ?? e)) {
          reported.add((e.origin as YamlValue | undefined) ?? e);
          const atServerLevel = /^servers\[\d+\]\.[^.]+\.[^.]+$/.test(e.path);
          const tokenLike = /^(?:access[-_]?token|token)$/i.test(e.key!);
          unknown.push({
            node: (e.origin as YamlValue | undefined) ?? e,
            key: e.key!,
            suggestion: atServerLevel && tokenLike && 'middlewares' in ty.map ? 'middlewares.access-token' : didYouMean(e.key!, names),
            reason: t(`go-cqhttp's ${server} server has no ${e.key} here and ignores it`, `go-cqhttp 的 ${server} 服务在此处没有 ${e.key}，会忽略它`),
          });
        }
      }
      continue;
    }
    if (typeof ty === 'object' && 'list' in ty) {
      if (n.kind !== 'array') {
        errors.push({ node: n, detail: 'must be a list' });
        continue;
      }
      for (const it of n.items ?? []) stack.push([it, ty.list]);
      continue;
    }
    if (n.kind === 'object' || n.kind === 'array') {
      errors.push({ node: n, detail: `must be a ${ty === 'string' ? 'string' : ty === 'bool' ? 'boolean' : 'number'}` });
      continue;
    }
    const text = n.text ?? '';
    const quoted = n.style !== 'plain';
    if (ty === 'int' || ty === 'uint') {
      const num = quoted ? undefined : (goInt(text) ?? (n.kind === 'number' && Number.isFinite(n.value) ? Math.trunc(n.value as number) : undefined));
      if (num === undefined) errors.push({ node: n, detail: `cannot unmarshal "${text}" into an integer` });
      else if (ty === 'uint' && num < 0) errors.push({ node: n, detail: `cannot unmarshal ${text} into an unsigned integer` });
    } else if (ty === 'float') {
      if (quoted || n.kind !== 'number') errors.push({ node: n, detail: `cannot unmarshal "${text}" into a number` });
    } else if (ty === 'bool') {
      if (goBool(text, quoted) === undefined) errors.push({ node: n, detail: `cannot unmarshal "${text}" into a boolean` });
    }
  }
}

/**
 * How go-cqhttp turns `address` into a listener (server/websocket.go `runWSServer`, server/http.go `runHTTP`): Go's
 * `url.Parse`; with a scheme the scheme becomes the network and host+path the address, so `localhost:8080` means
 * network "localhost" and fails; without one, `net.Listen("tcp", address)`.
 */
export function goListenAddress(address: string): { host?: string; port?: number; error?: Localized } {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(address)?.[1];
  let hostport = address;
  if (scheme) {
    const lower = scheme.toLowerCase();
    if (lower === 'tcp' || lower === 'tcp4' || lower === 'tcp6') {
      const m = /^[^:]+:\/\/([^/?#]*)/.exec(address);
      hostport = m ? m[1] : '';
    } else if (lower === 'unix') {
      return { error: t('a unix socket is not reachable over TCP', 'unix 套接字无法通过 TCP 连接') };
    } else {
      return {
        error: t(
          `Go reads "${scheme}:" as a URL scheme and tries the network "${scheme}" (listen ${scheme}: unknown network); write an IP address such as 127.0.0.1:${address.slice(scheme.length + 1).replace(/^\/\//, '') || '8080'}`,
          `Go 把 "${scheme}:" 当作 URL scheme，尝试网络类型 "${scheme}"（listen ${scheme}: unknown network）；请写 IP 地址，例如 127.0.0.1:${address.slice(scheme.length + 1).replace(/^\/\//, '') || '8080'}`,
        ),
      };
    }
  }
  if (hostport === '') return { host: '0.0.0.0', port: undefined };
  const m = /^(\[[^\]]*\]|[^:]*):(\d*)$/.exec(hostport);
  if (!m) return { error: t(`missing port in address`, `地址缺少端口`) };
  const host = m[1].replace(/^\[|\]$/g, '') || '0.0.0.0';
  const port = m[2] === '' ? 0 : Number(m[2]);
  if (!(port >= 0 && port <= 65535)) return { error: t(`invalid port ${m[2]}`, `端口 ${m[2]} 无效`) };
  return { host, port: port === 0 ? undefined : port };
}
