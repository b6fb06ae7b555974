/**
 * Reads Koishi's `koishi.yml` as Koishi 4 does (koishijs/koishi 77eae20 packages/loader/src/shared.ts and index.ts):
 * - js-yaml `load` (anchors and merge keys resolved, a duplicate key or a syntax error stops Koishi);
 * - `.env` then `.env.local` beside the file are loaded into `process.env` (variables already set win), and string
 *   values are interpolated with `${{ expr }}` where `env` is `process.env` (a whole-string `${{ env.X }}` keeps the
 *   variable's value, `undefined` when unset);
 * - the plugin tree: `plugins` maps `name[:ident]` to a config; a key starting with `~` is not loaded (nor anything
 *   in it), a key starting with `$` is metadata, `group[:ident]` holds more plugins, `$if` skips a plugin whose
 *   expression is falsy;
 * - top-level `port` (with `host`, `maxPort`, `selfUrl`) is moved into a `server` plugin at startup (loader `migrate`).
 * The OneBot adapter (koishijs/koishi-plugin-adapter-onebot c32206b) validates its config with schemastery: `selfId`
 * is a required string (a YAML number is rejected, not converted), `protocol` one of http / ws / ws-reverse (default
 * ws-reverse), `path` default `/onebot`, `endpoint` required for ws and http.
 */
import * as path from 'node:path';
import type { FrameworkEndpoint, KoishiConfig, UnknownKey, ValueNode } from '../../endpoints';
import type { FileHost, Localized, Location, Range } from '../../model';
import { t } from '../../l10n';
import { parseDotenv } from '../../nonebot/dotenv';
import { didYouMean } from '../../text/similar';
import { entry, parseYamlWithRanges, type ParsedYaml, type YamlValue } from '../../impl/yaml';
import { ADAPTER_KEYS, DEFAULT_HOST, DEFAULT_PATH, ONEBOT_NAMES, PROTOCOLS, SERVER_KEYS, SERVER_NAMES, type KoishiProtocol } from './keys';

interface KoishiNote {
  file: string;
  range: Range;
  message: Localized;
}

export interface KoishiConfigEx extends KoishiConfig {
  yaml: ParsedYaml;
  /** Koishi's server listens at all: an enabled `server` plugin (or top-level `port`) with a port. */
  serverListens: boolean;
  /** The `server` plugin entry (or the top-level map when top-level `port` is used) that decides host/port. */
  serverNode?: YamlValue;
  /** Facts worth a hint that are not errors (a `$if` we could not evaluate, a token that reverse WS never checks). */
  notes: KoishiNote[];
  /** The file Koishi would stop on (syntax, duplicate key). */
  parseFailure?: Localized;
}

export interface ReadKoishiOptions {
  /** Koishi's process environment (for `${{ env.X }}`); `.env` / `.env.local` beside the file are added. */
  processEnv?: Record<string, string | undefined>;
}

/** Koishi's config file names, YAML only (koishi.config.* / koishi.* with .yml or .yaml). */
export function isKoishiFileName(name: string): boolean {
  return /^koishi(?:\.config)?\.ya?ml$/i.test(name);
}

export function readKoishiConfig(file: string, host: FileHost, opts: ReadKoishiOptions = {}): KoishiConfigEx | undefined {
  const text = host.readFile(file);
  if (text === undefined || text.includes('\u0000')) return undefined;
  const dir = path.dirname(file);
  const env: Record<string, string | undefined> = {};
  for (const name of ['.env', '.env.local']) {
    const envText = host.readFile(path.join(dir, name));
    if (envText === undefined) continue;
    for (const e of parseDotenv(envText, path.join(dir, name)).entries) if (e.value !== undefined) env[e.key] = e.value;
  }
  for (const [k, v] of Object.entries(opts.processEnv ?? {})) if (v !== undefined) env[k] = v;
  return parseKoishiConfig(file, text, env);
}

export function parseKoishiConfig(file: string, rawText: string, env: Record<string, string | undefined> = {}): KoishiConfigEx {
  const text = rawText;
  const y = parseYamlWithRanges(file, text);
  const cfg: KoishiConfigEx = {
    framework: 'koishi',
    file,
    dir: path.dirname(file),
    host: DEFAULT_HOST,
    port: 0,
    endpoints: [],
    unknownKeys: [],
    problems: [],
    notes: [],
    yaml: y,
    serverListens: false,
  };
  const zero = y.lines.range(0, 0);
  const fatal = (range: Range, detail: string) => {
    cfg.problems.push({ file, range, message: t(`Koishi cannot load koishi.yml: ${detail}`, `Koishi 无法加载 koishi.yml：${detail}`) });
    cfg.parseFailure ??= t('Koishi stops at startup: nothing connects.', 'Koishi 启动即退出：任何连接都不会建立。');
  };
  if (y.errors.length) {
    fatal(y.errors[0].range, y.errors[0].message.en);
    return cfg;
  }
  if (y.documents > 1) fatal(zero, 'expected a single document in the stream, but found more');
  if (y.aliasLimitHit) fatal(zero, 'too many aliases');
  for (const a of y.badAliases) fatal(a.range, `unidentified alias "${a.name}"`);
  for (const d of y.duplicates) fatal(d.second.keyRange ?? d.second.valueRange, `duplicated mapping key "${d.second.key}"`);
  const root = y.root;
  if (root?.kind !== 'object') return cfg;

  // Koishi's server: the first loaded `server` plugin, else top-level port/host (moved into one at startup).
  const plugins = entry(root, 'plugins');
  const adapters: { node: YamlValue; key: string; ident: string; disabledBy?: YamlValue[]; ifNode?: YamlValue; ifFalse: boolean }[] = [];
  let serverPlugin: YamlValue | undefined;
  const stack: { map: YamlValue; off: YamlValue[]; ifFalse: boolean }[] =
    plugins && plugins.kind === 'object' ? [{ map: plugins, off: [], ifFalse: false }] : [];
  while (stack.length) {
    const { map, off, ifFalse } = stack.pop()!;
    const children: typeof stack = [];
    for (const e of map.entries ?? []) {
      const key = e.key ?? '';
      if (key.startsWith('$')) continue;
      const tilde = key.startsWith('~');
      const bare = tilde ? key.slice(1) : key;
      const name = bare.split(':', 1)[0];
      const ident = bare.slice(name.length + 1);
      const offHere = tilde ? [...off, e] : off;
      const ifNode = entry(e, '$if');
      const cond = ifNode ? evalIf(ifNode, env) : true;
      if (cond === undefined)
        cfg.notes.push({
          file,
          range: ifNode!.valueRange,
          message: t(`Koishi loads ${key} only when $if holds; assumed here that it does`, `只有 $if 成立时 Koishi 才加载 ${key}；此处假定成立`),
        });
      const ifOff = ifFalse || cond === false;
      if (name === 'group') {
        if (e.kind === 'object') children.push({ map: e, off: offHere, ifFalse: ifOff });
        continue;
      }
      if (ONEBOT_NAMES.includes(name)) adapters.push({ node: e, key, ident, disabledBy: offHere.length ? offHere : undefined, ifNode, ifFalse: ifOff });
      else if (SERVER_NAMES.includes(name) && !offHere.length && !ifOff && !serverPlugin) serverPlugin = e;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }

  const topPort = entry(root, 'port');
  const useTop = topPort && topPort.kind === 'number' && topPort.value !== 0;
  const serverCfg = useTop ? root : serverPlugin;
  if (serverCfg) {
    cfg.serverNode = serverCfg;
    const h = entry(serverCfg, 'host');
    const p = entry(serverCfg, 'port');
    const hv = h ? interp(h, env) : undefined;
    if (typeof hv === 'string' && hv) {
      cfg.host = hv;
      cfg.hostNode = h;
    } else if (h) cfg.hostNode = h;
    const pv = p ? interp(p, env) : undefined;
    if (typeof pv === 'number' && Number.isInteger(pv) && pv > 0 && pv <= 65535) {
      cfg.port = pv;
      cfg.portNode = p;
      cfg.serverListens = true;
      const mp = entry(serverCfg, 'maxPort');
      const mv = mp ? interp(mp, env) : undefined;
      if (typeof mv === 'number' && Number.isInteger(mv) && mv > pv && mv <= 65535) cfg.maxPort = mv;
    } else if (p && p.kind !== 'null') {
      cfg.portNode = p;
      cfg.problems.push({
        file,
        range: p.valueRange,
        message: t(
          `Koishi's server port must be a whole number from 1 to 65535 (schemastery rejects ${p.text})`,
          `Koishi 服务器端口必须是 1 到 65535 的整数（schemastery 不接受 ${p.text}）`,
        ),
      });
    }
    if (!useTop) {
      for (const e of serverCfg.entries ?? []) {
        if (SERVER_KEYS.includes(e.key!) || e.key!.startsWith('$')) continue;
        const suggestion = didYouMean(e.key!, SERVER_KEYS);
        if (suggestion)
          cfg.unknownKeys.push({ node: e, key: e.key!, suggestion, reason: t(`Koishi's server plugin has no ${e.key}`, `Koishi 的 server 插件没有 ${e.key}`) });
      }
    }
  }

  for (const a of adapters) readAdapter(cfg, a, env);
  return cfg;
}

function readAdapter(
  cfg: KoishiConfigEx,
  a: { node: YamlValue; key: string; ident: string; disabledBy?: YamlValue[]; ifNode?: YamlValue; ifFalse: boolean },
  env: Record<string, string | undefined>,
): void {
  const file = cfg.file;
  const n = a.node;
  const yamlPath = n.path;
  const label = t(`Koishi's ${a.key.replace(/^~/, '')}`, `Koishi 的 ${a.key.replace(/^~/, '')}`);
  const anchor: Location = { file, range: n.keyRange ?? n.valueRange };
  const loc = (v: ValueNode | undefined): Location | undefined => (v ? { file, range: v.valueRange } : undefined);
  const invalid: Localized[] = [];
  const problem = (v: ValueNode | undefined, m: Localized) => {
    invalid.push(m);
    cfg.problems.push({ file, range: v?.valueRange ?? anchor.range, message: m });
  };
  const loaded = !a.disabledBy && !a.ifFalse;

  const selfIdNode = entry(n, 'selfId');
  const protocolNode = entry(n, 'protocol');
  const tokenNode = entry(n, 'token');
  const pathNode = entry(n, 'path');
  const endpointNode = entry(n, 'endpoint');
  const secretNode = entry(n, 'secret');

  let protocol: KoishiProtocol = 'ws-reverse';
  const pv = protocolNode ? interp(protocolNode, env) : undefined;
  if (pv !== undefined && pv !== null) {
    if (typeof pv === 'string' && (PROTOCOLS as readonly string[]).includes(pv)) protocol = pv as KoishiProtocol;
    else if (loaded)
      problem(
        protocolNode,
        t(
          `Koishi's OneBot adapter accepts protocol http, ws or ws-reverse, not ${String(pv)}: the adapter is not loaded`,
          `Koishi 的 OneBot 适配器的 protocol 只能是 http、ws 或 ws-reverse，不能是 ${String(pv)}：适配器不会加载`,
        ),
      );
  }

  let selfId: string | undefined;
  const sv = selfIdNode ? interp(selfIdNode, env) : undefined;
  if (sv === undefined || sv === null || sv === '') {
    if (loaded)
      problem(
        selfIdNode,
        t(
          `Koishi's OneBot adapter requires selfId (the bot's QQ number, as a string): without it the adapter is not loaded`,
          `Koishi 的 OneBot 适配器必须填写 selfId（机器人的 QQ 号，字符串）：缺少时适配器不会加载`,
        ),
      );
  } else if (typeof sv !== 'string') {
    if (loaded)
      problem(
        selfIdNode,
        t(
          `selfId must be a string: schemastery rejects the YAML number ${String(sv)} ("expected string but got ${String(sv)}") and the adapter is not loaded; write '${String(selfIdNode?.text ?? sv)}'`,
          `selfId 必须是字符串：schemastery 拒绝 YAML 数字 ${String(sv)}（expected string but got ${String(sv)}），适配器不会加载；请写成 '${String(selfIdNode?.text ?? sv)}'`,
        ),
      );
  } else selfId = sv;

  const tv = tokenNode ? interp(tokenNode, env) : undefined;
  const token = typeof tv === 'string' && tv !== '' ? tv : typeof tv === 'number' ? String(tv) : null;
  if (typeof tv === 'number' && loaded)
    problem(
      tokenNode,
      t(
        `token must be a string: schemastery rejects the YAML number ${tv} and the adapter is not loaded; quote it`,
        `token 必须是字符串：schemastery 拒绝 YAML 数字 ${tv}，适配器不会加载；请加引号`,
      ),
    );

  const rawPath = pathNode ? interp(pathNode, env) : undefined;
  const routePath = typeof rawPath === 'string' && rawPath !== '' ? rawPath : DEFAULT_PATH;
  if (pathNode && (protocol === 'ws-reverse' || protocol === 'http') && loaded) {
    const bad = pathProblem(routePath);
    if (bad) problem(pathNode, bad);
  }

  const ev = endpointNode ? interp(endpointNode, env) : undefined;
  const endpoint = typeof ev === 'string' && ev !== '' ? ev : undefined;
  if ((protocol === 'ws' || protocol === 'http') && !endpoint && loaded)
    problem(
      endpointNode,
      t(
        `Koishi's OneBot adapter with protocol ${protocol} requires endpoint (the OneBot implementation's ${protocol === 'ws' ? 'WebSocket' : 'HTTP API'} URL)`,
        `protocol 为 ${protocol} 时 Koishi 的 OneBot 适配器必须填写 endpoint（OneBot 实现的 ${protocol === 'ws' ? 'WebSocket' : 'HTTP API'} 地址）`,
      ),
    );

  const sec = secretNode ? interp(secretNode, env) : undefined;
  const secret = typeof sec === 'string' && sec !== '' ? sec : undefined;

  // Keys the adapter does not read for this protocol.
  const known = ADAPTER_KEYS[protocol];
  const allKnown = new Set(Object.values(ADAPTER_KEYS).flat());
  for (const e of n.entries ?? []) {
    const k = e.key!;
    if (k.startsWith('$') || known.includes(k)) continue;
    const suggestion = didYouMean(k, known) ?? (/^self[-_]?id$/i.test(k) ? 'selfId' : /^access[-_]?token$/i.test(k) ? 'token' : undefined);
    cfg.unknownKeys.push({
      node: e,
      key: k,
      suggestion,
      reason: allKnown.has(k)
        ? t(`Koishi's OneBot adapter reads ${k} only for another protocol, not ${protocol}`, `Koishi 的 OneBot 适配器只在其他协议下读取 ${k}，${protocol} 不读`)
        : t(`Koishi's OneBot adapter has no ${k}`, `Koishi 的 OneBot 适配器没有 ${k}`),
    } satisfies UnknownKey);
  }

  const needsServer = protocol === 'ws-reverse' || protocol === 'http';
  if (needsServer && loaded && !cfg.serverListens && !invalid.length) {
    problem(
      undefined,
      t(
        `Koishi's OneBot adapter (${protocol}) needs Koishi's server, but no loaded server plugin has a port: nothing listens`,
        `Koishi 的 OneBot 适配器（${protocol}）需要 Koishi 的 server 插件，但没有已加载且设置了端口的 server 插件：没有任何监听`,
      ),
    );
  }
  const enabled = loaded && invalid.length === 0;
  const enabledNode = a.disabledBy?.[0] ?? (a.ifFalse ? a.ifNode : undefined);
  const selfIds = selfId !== undefined ? [{ value: selfId, loc: loc(selfIdNode) }] : [];
  const base = {
    framework: 'koishi' as const,
    file,
    dir: path.dirname(file),
    label,
    anchor,
    enabled,
    enabledNode,
    token,
    tokenLoc: loc(tokenNode),
  };
  // The route the adapter serves on the server plugin's host and port (ws-reverse), and the URL it dials (ws, http).
  const served = (key: string, protocol: 'ws-reverse' | 'http-post'): FrameworkEndpoint => ({
    ...base,
    key,
    protocol,
    role: 'listens',
    host: cfg.host,
    hostLoc: loc(cfg.hostNode),
    port: cfg.port,
    portLoc: loc(cfg.portNode),
    paths: [routePath],
    pathLoc: loc(pathNode),
    checksToken: false,
    selfIds,
  });
  const dialled = (key: string, protocol: 'ws-forward' | 'http-api'): FrameworkEndpoint => ({
    ...base,
    key,
    protocol,
    role: 'dials',
    paths: [],
    url: endpoint,
    urlLoc: loc(endpointNode),
    checksToken: false,
    selfIds,
  });
  if (protocol === 'ws-reverse') {
    if (token !== null && enabled)
      cfg.notes.push({
        file,
        range: tokenNode!.valueRange,
        message: t(
          `Koishi's reverse WebSocket never checks this token; it only checks X-Client-Role and X-Self-ID`,
          `Koishi 的反向 WebSocket 从不校验此 token，只校验 X-Client-Role 和 X-Self-ID`,
        ),
      });
    cfg.endpoints.push(served(yamlPath, 'ws-reverse'));
  } else if (protocol === 'ws') {
    cfg.endpoints.push(dialled(yamlPath, 'ws-forward'));
  } else {
    cfg.endpoints.push(dialled(`${yamlPath}#api`, 'http-api'), { ...served(`${yamlPath}#post`, 'http-post'), secret, secretLoc: loc(secretNode) });
  }
}

/**
 * The route is registered with path-to-regexp 6 (@cordisjs/plugin-server `ctx.server.ws` / `post`): a `:` not followed
 * by a parameter name throws ("Missing parameter name"), so a full URL breaks the adapter; a path without a leading
 * `/` never matches a request.
 */
export function pathProblem(p: string): Localized | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(p) || /:(?![A-Za-z0-9_])/.test(p))
    return t(
      `path must be a path such as /onebot, not a URL: path-to-regexp throws "Missing parameter name" and the adapter fails to start`,
      `path 必须是路径（如 /onebot），不能是 URL：path-to-regexp 抛出 “Missing parameter name”，适配器无法启动`,
    );
  if (!p.startsWith('/'))
    return t(
      `path must start with "/": Koishi compares it with the request path /…, which never matches ${p}`,
      `path 必须以 “/” 开头：Koishi 拿它与以 / 开头的请求路径比较，永远匹配不上 ${p}`,
    );
  return undefined;
}

const ENV_EXPR = /^\s*env(?:\.([A-Za-z_$][\w$]*)|\[\s*(['"])([^'"]*)\2\s*\])\s*$/;

/** A value as Koishi hands it to the plugin: scalars as js-yaml decodes them, strings after `${{ … }}`. */
function interp(v: YamlValue, env: Record<string, string | undefined>): string | number | boolean | null | undefined {
  if (v.kind === 'object' || v.kind === 'array') return undefined;
  if (v.kind !== 'string') return v.value as number | boolean | null;
  const s = String(v.value ?? '');
  const re = /\$\{\{(.+?)\}\}/g;
  let out = '';
  let last = 0;
  for (const m of s.matchAll(re)) {
    const val = evalEnv(m[1], env);
    if (m[0] === s) return val === UNKNOWN ? undefined : (val as string | undefined);
    out += s.slice(last, m.index) + (val === UNKNOWN || val === undefined ? '' : String(val));
    last = (m.index ?? 0) + m[0].length;
  }
  return out + s.slice(last);
}

const UNKNOWN = Symbol('unknown');

function evalEnv(expr: string, env: Record<string, string | undefined>): string | undefined | typeof UNKNOWN {
  const m = ENV_EXPR.exec(expr);
  if (!m) return UNKNOWN;
  return env[m[1] ?? m[3]];
}

/** `$if`: true/false when we can tell (a boolean, `env.X`, `env.X === 'v'`, `!env.X`), undefined otherwise. */
function evalIf(v: YamlValue, env: Record<string, string | undefined>): boolean | undefined {
  if (v.kind === 'null') return true;
  if (v.kind === 'boolean') return v.value as boolean;
  if (v.kind === 'number') return v.value !== 0;
  if (v.kind !== 'string') return undefined;
  const s = String(v.value).trim();
  if (s === 'true') return true;
  if (s === 'false') return false;
  const neg = /^!\s*(.*)$/.exec(s);
  const inner = neg ? neg[1] : s;
  const eq = /^(.+?)\s*(===|!==)\s*(['"])(.*)\3$/.exec(inner);
  let r: boolean | undefined;
  if (eq) {
    const val = evalEnv(eq[1], env);
    if (val === UNKNOWN) return undefined;
    r = eq[2] === '===' ? val === eq[4] : val !== eq[4];
  } else {
    const val = evalEnv(inner, env);
    if (val === UNKNOWN) return undefined;
    r = !!val;
  }
  return neg ? !r : r;
}
