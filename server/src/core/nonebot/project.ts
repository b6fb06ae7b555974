import * as path from 'node:path';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { EffectiveSetting, EnvEntry, EnvFile, FileHost, NoneBotProject, Range } from '../model';
import { LineIndex } from '../text/lineIndex';
import { parseDotenv } from './dotenv';
import { readAdapters } from './adapters';
import { nonebotKey } from './keys';
import { firstTooDeep } from '../text/jsonDepth';
import { cached, derived, type CacheOption } from '../cache';

/**
 * NoneBot's configuration as `nonebot.init()` resolves it (docs/facts/nonebot.md#env-file-loading; nonebot2 `nonebot/__init__.py`,
 * `nonebot/config.py` DotEnvSettingsSource):
 * 1. `Env` reads ENVIRONMENT from the process environment, else `.env` (default `prod`);
 * 2. `Config` reads `.env` then `.env.{ENVIRONMENT}` (`dotenv_vars.update(...)` per file): the later file wins;
 * 3. the process environment beats both files (`env_vars = {**env_file_vars, **env_vars}`);
 * 4. names are case-insensitive (NoneBot lower-cases them; we key them upper-case);
 * 5. keys that are not fields of the core Config ("custom"/extra keys, which include every adapter key) are
 *    JSON-decoded: `json.loads(value.strip())` when the value is non-empty, the string itself when that fails.
 *
 * The OneBot V11 adapter's Config declares `onebot_access_token` with `alias="onebot_v11_access_token"` (same for
 * secret, ws_urls, api_roots) and populates by name too. pydantic (v1 `validate_model`, v2 `populate_by_name`) looks
 * the alias up first, so when both are given the alias wins, whatever the file or line order: an
 * `ONEBOT_V11_ACCESS_TOKEN` in `.env` beats an `ONEBOT_ACCESS_TOKEN` in `.env.prod`. `accessToken`, `secret` and
 * `wsUrls` are that V11 view; their `overridden` lists the losing entries under either name.
 *
 * Process environment: `opts.processEnv` (empty by default: a static reader does not know NoneBot's). NoneBot
 * ≤ 2.4.3 ignores process-only custom keys (only keys found in a file become extras); 2.4.4+ reads them (nonebot2
 * PR #3673). We take the newer behaviour for the adapter's keys.
 */

const ENV_FILE = /^\.env(?:\..+)?$/;

/** Copies people keep next to their config that NoneBot never loads by design (not a selectable ENVIRONMENT). */
export const ENV_TEMPLATE = /\.(?:example|sample|template|tpl|dist|bak|orig|old|swp|save|backup)$/i;

/**
 * Does this folder hold a NoneBot project, rather than some other program's `.env`?
 * Yes when any of:
 * - `bot.py` mentions `nonebot` (an import);
 * - `pyproject.toml` has a `[tool.nonebot…]` table, or depends on `nonebot2` / a `nonebot-adapter-*` package;
 * - a `.env` / `.env.*` file (templates excepted) sets a key only NoneBot and its OneBot adapter use: any `ONEBOT_*`
 *   (also the misspelt `ONE_BOT_*`, `CQHTTP_*`), `SUPERUSERS`, `COMMAND_START`, `COMMAND_SEP`, or a `DRIVER` in
 *   NoneBot's notation (`~name` or `nonebot.drivers.…`).
 * HOST, PORT, ENVIRONMENT, LOG_LEVEL or a `DRIVER=postgres` alone are common to many programs and do not count.
 */
export function isNoneBotDir(dir: string, host: FileHost): boolean {
  const entries = host.readDir(dir) ?? [];
  for (const e of entries) {
    if (e.isDirectory) continue;
    if (e.name === 'bot.py') {
      const text = host.readFile(path.join(dir, e.name)) ?? '';
      if (/^[ \t]*(?:import|from)[ \t]+nonebot\b/m.test(text)) return true;
    } else if (e.name === 'pyproject.toml') {
      const text = host.readFile(path.join(dir, e.name)) ?? '';
      // [ \t] rather than \s: `^\s*` under the m flag rescans every following blank line from each line start.
      if (/^[ \t]*\[[ \t]*tool\.nonebot\b|["']nonebot2\b|["']nonebot-adapter-/m.test(text)) return true;
    }
  }
  for (const e of entries) {
    if (e.isDirectory || !ENV_FILE.test(e.name) || ENV_TEMPLATE.test(e.name)) continue;
    const text = host.readFile(path.join(dir, e.name));
    if (text === undefined || text.includes('\u0000')) continue;
    for (const entry of parseDotenv(text, path.join(dir, e.name)).entries) {
      const k = entry.key.toUpperCase();
      if (/^(?:ONEBOT|ONE_BOT|CQHTTP)_/.test(k) || k === 'SUPERUSERS' || k === 'COMMAND_START' || k === 'COMMAND_SEP') return true;
      if (k === 'DRIVER' && entry.value !== undefined && /(?:^|\+)\s*(?:~|nonebot\.drivers\.)/.test(entry.value)) return true;
    }
  }
  return false;
}

export interface ReadNoneBotOptions extends CacheOption {
  /** The process environment NoneBot runs with; unknown to a static reader, so empty unless told. */
  processEnv?: Record<string, string | undefined>;
}

/** Core defaults (`nonebot/config.py` Env and Config). */
const NONEBOT_DEFAULTS: Readonly<Record<string, string>> = { HOST: '127.0.0.1', PORT: '8080', DRIVER: '~fastapi', ENVIRONMENT: 'prod' };

/** The V11 adapter's fields and their aliases (adapter-onebot `v11/config.py`). */
const V11_FIELDS = {
  token: ['ONEBOT_ACCESS_TOKEN', 'ONEBOT_V11_ACCESS_TOKEN'],
  secret: ['ONEBOT_SECRET', 'ONEBOT_V11_SECRET'],
  wsUrls: ['ONEBOT_WS_URLS', 'ONEBOT_V11_WS_URLS'],
  apiRoots: ['ONEBOT_API_ROOTS', 'ONEBOT_V11_API_ROOTS'],
} as const;

export function readNoneBotProject(dir: string, host: FileHost, opts: ReadNoneBotOptions = {}): NoneBotProject | undefined {
  return derived(opts.cache, 'nonebot', dir, host, (h) => readProject(dir, h, opts), JSON.stringify(opts.processEnv ?? {}));
}

function readProject(dir: string, host: FileHost, opts: ReadNoneBotOptions): NoneBotProject | undefined {
  const dirEntries = host.readDir(dir);
  if (!dirEntries) return undefined;
  const rawEnv = opts.processEnv ?? {};
  const processEnv = upperKeys(rawEnv);
  const envFiles: EnvFile[] = [];
  const names = dirEntries
    .filter((x) => !x.isDirectory && ENV_FILE.test(x.name))
    .map((x) => x.name)
    .sort((a, b) => (a === '.env' ? -1 : b === '.env' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const file = path.join(dir, name);
    const text = host.readFile(file);
    if (text === undefined) continue;
    envFiles.push(cached(opts.cache, 'dotenv', file, text, () => parseDotenv(text, file, rawEnv), JSON.stringify(rawEnv)));
  }
  const dotEnv = envFiles.find((f) => f.name === '.env');

  // 1. ENVIRONMENT (class Env: process environment, else `.env`)
  let environment = NONEBOT_DEFAULTS.ENVIRONMENT;
  let environmentEntry: EnvEntry | undefined;
  if (processEnv.ENVIRONMENT !== undefined) environment = processEnv.ENVIRONMENT;
  else if (dotEnv) {
    const last = dotEnv.entries.filter((x) => x.key.toUpperCase() === 'ENVIRONMENT').pop();
    if (last) {
      environmentEntry = last;
      if (last.value !== undefined) environment = last.value;
    }
  }

  // 2–4. load order and precedence
  const envFile = envFiles.find((f) => f.name === `.env.${environment}`);
  const loadedFiles = [dotEnv, envFile].filter((f, i, arr): f is EnvFile => f !== undefined && arr.indexOf(f) === i);
  const settings: Record<string, EffectiveSetting> = {};
  for (const f of loadedFiles) {
    for (const entry of f.entries) {
      const name = entry.key.toUpperCase();
      const prev = settings[name];
      // The loser's list is taken over, not copied: a file repeating one key N times stays linear.
      const overridden = prev ? prev.overridden : [];
      if (prev?.entry) overridden.push(prev.entry);
      settings[name] = { name, value: entry.value, entry, overridden };
    }
  }
  for (const [name, value] of Object.entries(processEnv)) {
    if (!settings[name] && !nonebotKey(name)) continue; // only what NoneBot would read matters here
    const prev = settings[name];
    const overridden = prev ? prev.overridden : [];
    if (prev?.entry) overridden.push(prev.entry);
    settings[name] = { name, value, fromProcessEnv: true, overridden };
  }
  // 5. JSON decoding of custom keys
  for (const s of Object.values(settings)) {
    if (nonebotKey(s.name)?.core) continue;
    const d = decodeCustom(s.value);
    s.decoded = d;
    s.decodedKind = kindOf(d);
  }

  const withDefault = (name: string): EffectiveSetting => settings[name] ?? { name, value: NONEBOT_DEFAULTS[name], overridden: [], isDefault: true };
  const order = (e: EnvEntry) => loadedFiles.findIndex((f) => f.file === e.file) * 1e9 + e.line;
  /** The adapter's view of a field: the alias wins over the field name; the loser's entries become overridden. */
  const adapterField = ([field, alias]: readonly [string, string]): EffectiveSetting | undefined => {
    const a = settings[alias];
    const f = settings[field];
    const win = a ?? f;
    const lose = a ? f : undefined;
    if (!win) return undefined;
    if (!lose) return win;
    const overridden = [...win.overridden, ...lose.overridden, ...(lose.entry ? [lose.entry] : [])].sort((x, y) => order(x) - order(y));
    return { ...win, overridden };
  };

  const hostSetting = withDefault('HOST');
  const portSetting = withDefault('PORT');
  const driverSetting = withDefault('DRIVER');
  const portNumber = portSetting.value !== undefined && /^\s*\+?\d+\s*$/.test(portSetting.value) ? Number(portSetting.value) : undefined;
  const wsUrls = adapterField(V11_FIELDS.wsUrls);
  const apiRoots = adapterField(V11_FIELDS.apiRoots);

  const adapters = derived(opts.cache, 'adapters', dir, host, (h) => readAdapters(dir, h));
  return {
    kind: 'nonebot',
    dir,
    envFiles,
    environment,
    environmentEntry,
    loaded: loadedFiles.map((f) => f.file),
    settings,
    host: hostSetting,
    port: portSetting,
    portNumber,
    driver: driverSetting,
    drivers: parseDrivers(driverSetting.value ?? ''),
    accessToken: adapterField(V11_FIELDS.token),
    secret: adapterField(V11_FIELDS.secret),
    wsUrls,
    wsUrlList: wsUrls ? wsUrlRanges(wsUrls, host) : [],
    apiRoots,
    apiRootList: apiRoots ? apiRootRanges(apiRoots, host) : [],
    adapters: { known: adapters.known, list: adapters.list, sources: adapters.sources },
    botPy: adapters.botPy,
    pyproject: adapters.pyproject,
    problems: [...envFiles.flatMap((f) => f.problems), ...adapters.problems],
  };
}

/**
 * DRIVER → driver modules: `~` stands for `nonebot.drivers.` (nonebot2 `nonebot/__init__.py` _resolve_combine_expr);
 * `~fastapi+~httpx+~websockets` → ["fastapi", "httpx", "websockets"]; other modules are kept as written.
 */
export function parseDrivers(value: string): string[] {
  return value
    .split('+')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const mod = p.split(':')[0];
      if (mod.startsWith('~')) return mod.slice(1);
      return mod.startsWith('nonebot.drivers.') ? mod.slice('nonebot.drivers.'.length) : mod;
    });
}

function upperKeys(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k.toUpperCase()] = v;
  return out;
}

/** Python's `str.strip()` whitespace. */
const PY_STRIP =
  /^[\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * A custom key's value as NoneBot's DotEnvSettingsSource leaves it: None stays None, "" (or blanks) stays a string,
 * anything else is `json.loads(value.strip())` when that succeeds, else the string as written.
 */
export function decodeCustom(value: string | undefined): unknown {
  if (value === undefined) return null;
  const stripped = value.replace(PY_STRIP, '');
  if (!stripped) return value;
  const d = pythonJsonLoads(stripped);
  return d.ok ? d.value : value;
}

/** Python's json.loads: JSON plus NaN/Infinity/-Infinity. */
function pythonJsonLoads(value: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (value === undefined) return { ok: true, value: null };
  const v = value.trim();
  if (v === 'NaN') return { ok: true, value: NaN };
  if (v === 'Infinity') return { ok: true, value: Infinity };
  if (v === '-Infinity') return { ok: true, value: -Infinity };
  // A JSON text starts with one of these (after whitespace): anything else fails without the cost of a throw.
  if (!/^[\s]*[[{"\-0-9tfn]/.test(value)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

function kindOf(v: unknown): EffectiveSetting['decodedKind'] {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/**
 * Each URL of an ONEBOT_WS_URLS JSON list with the exact range of its text inside the value. When python-dotenv's
 * unquoting changed the text (escapes, `${VAR}`), positions inside it are unknown: the URL gets the value's range.
 */
function wsUrlRanges(s: EffectiveSetting, host: FileHost): NoneBotProject['wsUrlList'] {
  const decoded = decodeCustom(s.value);
  const urls = Array.isArray(decoded) ? decoded.filter((u): u is string => typeof u === 'string') : [];
  const entry = s.entry;
  if (!entry) return urls.map((url) => ({ url, range: ZERO, file: '' }));
  const text = host.readFile(entry.file);
  const idx = text !== undefined ? new LineIndex(text) : undefined;
  const innerStart = idx ? idx.offset(entry.innerRange.start) : 0;
  const inner = idx ? text!.slice(innerStart, idx.offset(entry.innerRange.end)) : '';
  /** URL text → its string nodes in document order, each used once. */
  const nodes = new Map<unknown, { list: JsonNode[]; next: number }>();
  // parseTree recurses once per level: a value nested deeper than any list of URLs is not parsed for positions.
  if (idx && inner === entry.value && !firstTooDeep(inner, MAX_URL_LIST_DEPTH)) {
    const tree = parseTree(inner);
    if (tree?.type === 'array') {
      for (const c of tree.children ?? []) {
        if (c.type !== 'string') continue;
        const q = nodes.get(c.value);
        if (q) q.list.push(c);
        else nodes.set(c.value, { list: [c], next: 0 });
      }
    }
  }
  return urls.map((url) => {
    const q = nodes.get(url);
    const n = q && q.next < q.list.length ? q.list[q.next++] : undefined;
    if (n) {
      const base = innerStart + n.offset + 1;
      return { url, range: idx!.range(base, base + n.length - 2), file: entry.file };
    }
    return { url, range: entry.valueRange, file: entry.file };
  });
}

/**
 * Each root of an ONEBOT_API_ROOTS JSON object (`{"<self id>": "http://host:port/"}`, nonebot/adapter-onebot
 * `v11/config.py` `onebot_api_roots: dict[str, AnyUrl]`) with the exact ranges of its URL text and of its key inside
 * the value, in document order (a repeated key: the last one, as json.loads keeps it). Values that are not strings
 * are no roots (pydantic rejects them). As for ONEBOT_WS_URLS, a value whose text python-dotenv's unquoting changed
 * gives every root the value's range.
 */
function apiRootRanges(s: EffectiveSetting, host: FileHost): NoneBotProject['apiRootList'] {
  const decoded = decodeCustom(s.value);
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) return [];
  const roots = Object.entries(decoded as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
  const entry = s.entry;
  if (!entry) return roots.map(([selfId, url]) => ({ selfId, url, range: ZERO, keyRange: ZERO, file: '' }));
  const whole = (selfId: string, url: string) => ({ selfId, url, range: entry.valueRange, keyRange: entry.valueRange, file: entry.file });
  const text = host.readFile(entry.file);
  if (text === undefined) return roots.map(([id, url]) => whole(id, url));
  const idx = new LineIndex(text);
  const innerStart = idx.offset(entry.innerRange.start);
  const inner = text.slice(innerStart, idx.offset(entry.innerRange.end));
  if (inner !== entry.value || firstTooDeep(inner, MAX_URL_LIST_DEPTH)) return roots.map(([id, url]) => whole(id, url));
  const tree = parseTree(inner);
  /** Key → its last property node whose value is a string (json.loads keeps the last of repeated keys). */
  const props = new Map<string, { key: JsonNode; value: JsonNode }>();
  if (tree?.type === 'object')
    for (const prop of tree.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k?.type !== 'string') continue;
      // A repeated key keeps its first place and takes the last value (json.loads); a last value that is not a string
      // makes it no root.
      if (v?.type === 'string') props.set(k.value as string, { key: k, value: v });
      else props.delete(k.value as string);
    }
  const inside = (n: JsonNode): Range => idx.range(innerStart + n.offset + 1, innerStart + n.offset + n.length - 1);
  const byKey = new Map(roots);
  const out: NoneBotProject['apiRootList'] = [];
  for (const [id, p] of props) {
    // JSON.parse and parseTree agree on well-formed text; a root jsonc-parser reads differently keeps the value's range.
    if (byKey.get(id) !== p.value.value) continue;
    out.push({ selfId: id, url: p.value.value as string, range: inside(p.value), keyRange: inside(p.key), file: entry.file });
    byKey.delete(id);
  }
  for (const [id, url] of byKey) out.push(whole(id, url));
  return out;
}

/** A list of URLs is one level deep; anything past this is not a list of URLs. */
const MAX_URL_LIST_DEPTH = 64;

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
