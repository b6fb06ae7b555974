import * as path from 'node:path';
import type { EffectiveSetting, EnvEntry, EnvFile, FileHost, NoneBotProject, Range } from '../model';
import { LineIndex } from '../text/lineIndex';
import { parseDotenv } from './dotenv';
import { readAdapters } from './adapters';
import { WRONG_KEYS, nonebotKey } from './keys';

/**
 * NoneBot's configuration as `nonebot.init()` resolves it (nonebot-onebot.md §8, nonebot2 `nonebot/__init__.py`,
 * `nonebot/config.py`):
 * 1. `Env` reads ENVIRONMENT from the process environment, else `.env` (default `prod`);
 * 2. `Config` loads `.env` then `.env.{ENVIRONMENT}`: the later file wins;
 * 3. the process environment beats both files;
 * 4. names are case-insensitive (we key them upper-case);
 * 5. values come from python-dotenv; keys that are not core fields are JSON-decoded when they parse as JSON.
 * The OneBot adapter reads its fields by name or alias, the alias (`ONEBOT_V11_ACCESS_TOKEN`) winning when both are
 * given (pydantic looks the alias up first under populate_by_name / allow_population_by_field_name).
 */

const ENV_FILE = /^\.env(?:\..+)?$/;

/** Does this folder hold a NoneBot project (not just some other program's `.env`)? */
export function isNoneBotDir(dir: string, host: FileHost): boolean {
  const entries = host.readDir(dir) ?? [];
  for (const e of entries) {
    if (e.isDirectory) continue;
    if (e.name === 'bot.py') {
      const text = host.readFile(path.join(dir, e.name)) ?? '';
      if (/\bnonebot\b/.test(text)) return true;
    } else if (e.name === 'pyproject.toml') {
      const text = host.readFile(path.join(dir, e.name)) ?? '';
      if (/\[tool\.nonebot\b|["']nonebot2\b|\bnonebot-adapter-/.test(text)) return true;
    }
  }
  for (const e of entries) {
    if (e.isDirectory || !ENV_FILE.test(e.name)) continue;
    const text = host.readFile(path.join(dir, e.name));
    if (text === undefined || text.includes('\u0000')) continue;
    for (const entry of parseDotenv(text, path.join(dir, e.name)).entries) {
      const k = entry.key.replace(/^\uFEFF/, '').toUpperCase();
      if (k === 'DRIVER' || k.startsWith('ONEBOT_') || k.startsWith('ONE_BOT_') || k in WRONG_KEYS && k !== 'ENV' && k !== 'ACCESS_TOKEN' ||
          k === 'SUPERUSERS' || k === 'COMMAND_START' || k === 'NICKNAME') return true;
    }
  }
  return false;
}

export interface ReadNoneBotOptions {
  /** The process environment NoneBot runs with; unknown to a static reader, so empty unless told. */
  processEnv?: Record<string, string | undefined>;
}

const DEFAULTS: Record<string, string> = { HOST: '127.0.0.1', PORT: '8080', DRIVER: '~fastapi', ENVIRONMENT: 'prod' };

export function readNoneBotProject(dir: string, host: FileHost, opts: ReadNoneBotOptions = {}): NoneBotProject | undefined {
  const entries = host.readDir(dir);
  if (!entries) return undefined;
  const processEnv = upperKeys(opts.processEnv ?? {});
  const envFiles: EnvFile[] = [];
  for (const e of entries.filter((x) => !x.isDirectory && ENV_FILE.test(x.name)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(dir, e.name);
    const text = host.readFile(file);
    if (text === undefined) continue;
    envFiles.push(parseDotenv(text, file, opts.processEnv ?? {}));
  }
  const dotEnv = envFiles.find((f) => f.name === '.env');

  // 1. ENVIRONMENT
  let environment = DEFAULTS.ENVIRONMENT;
  let environmentEntry: EnvEntry | undefined;
  if (processEnv.ENVIRONMENT !== undefined) environment = processEnv.ENVIRONMENT;
  else if (dotEnv) {
    const hits = dotEnv.entries.filter((x) => x.key.toUpperCase() === 'ENVIRONMENT');
    const last = hits[hits.length - 1];
    if (last) {
      environmentEntry = last;
      if (last.value !== undefined) environment = last.value;
    }
  }

  // 2–4. load order and precedence
  const loadedFiles = [dotEnv, envFiles.find((f) => f.name === `.env.${environment}`)].filter(
    (f, i, arr): f is EnvFile => f !== undefined && arr.indexOf(f) === i,
  );
  const settings: Record<string, EffectiveSetting> = {};
  for (const f of loadedFiles) {
    for (const entry of f.entries) {
      const name = entry.key.toUpperCase();
      const prev = settings[name];
      settings[name] = {
        name,
        value: entry.value,
        entry,
        overridden: prev ? [...prev.overridden, ...(prev.entry ? [prev.entry] : [])] : [],
      };
    }
  }
  for (const [name, value] of Object.entries(processEnv)) {
    if (!settings[name] && !nonebotKey(name)) continue; // only what NoneBot would read matters here
    const prev = settings[name];
    settings[name] = {
      name,
      value,
      entry: undefined,
      fromProcessEnv: true,
      overridden: prev ? [...prev.overridden, ...(prev.entry ? [prev.entry] : [])] : [],
    };
  }
  // 5. JSON decoding of non-core keys
  for (const s of Object.values(settings)) {
    const key = nonebotKey(s.name);
    if (key?.core) continue;
    const d = pythonJsonLoads(s.value);
    if (d.ok) {
      s.decoded = d.value;
      s.decodedKind = kindOf(d.value);
    } else if (s.value !== undefined) {
      s.decoded = s.value;
      s.decodedKind = 'string';
    }
  }

  const withDefault = (name: string): EffectiveSetting =>
    settings[name] ?? { name, value: DEFAULTS[name], overridden: [], isDefault: true };
  const first = (...names: string[]) => names.map((n) => settings[n]).find((s) => s !== undefined);

  const hostSetting = withDefault('HOST');
  const portSetting = withDefault('PORT');
  const driverSetting = withDefault('DRIVER');
  const portNumber = portSetting.value !== undefined && /^\s*[+]?\d+\s*$/.test(portSetting.value) ? Number(portSetting.value) : undefined;
  const wsUrls = first('ONEBOT_V11_WS_URLS', 'ONEBOT_WS_URLS');

  const adapters = readAdapters(dir, host);
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
    accessToken: first('ONEBOT_V11_ACCESS_TOKEN', 'ONEBOT_ACCESS_TOKEN'),
    secret: first('ONEBOT_V11_SECRET', 'ONEBOT_SECRET'),
    wsUrls,
    wsUrlList: wsUrls ? wsUrlRanges(wsUrls, host) : [],
    adapters: { known: adapters.known, list: adapters.list, sources: adapters.sources },
    botPy: adapters.botPy,
    pyproject: adapters.pyproject,
    problems: [...envFiles.flatMap((f) => f.problems), ...adapters.problems],
  };
}

/** `~fastapi+~httpx+~websockets` → ["fastapi", "httpx", "websockets"]; other modules are kept as written. */
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

/** Python's json.loads: JSON plus NaN/Infinity/-Infinity. */
export function pythonJsonLoads(value: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (value === undefined) return { ok: true, value: null };
  const v = value.trim();
  if (v === 'NaN') return { ok: true, value: NaN };
  if (v === 'Infinity') return { ok: true, value: Infinity };
  if (v === '-Infinity') return { ok: true, value: -Infinity };
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

/** Each URL of a JSON list value with its exact range in the file (the value's range when escapes hide it). */
function wsUrlRanges(s: EffectiveSetting, host: FileHost): NoneBotProject['wsUrlList'] {
  const decoded = pythonJsonLoads(s.value);
  const urls = decoded.ok && Array.isArray(decoded.value) ? decoded.value.filter((u): u is string => typeof u === 'string') : [];
  const entry = s.entry;
  if (!entry) return urls.map((url) => ({ url, range: ZERO, file: '' }));
  const text = host.readFile(entry.file);
  const idx = text !== undefined ? new LineIndex(text) : undefined;
  const inner = idx ? text!.slice(idx.offset(entry.innerRange.start), idx.offset(entry.innerRange.end)) : '';
  const exact = idx !== undefined && inner === entry.value;
  let from = 0;
  return urls.map((url) => {
    if (exact) {
      const at = inner.indexOf(JSON.stringify(url), from);
      if (at >= 0) {
        from = at + 1;
        const base = idx!.offset(entry.innerRange.start) + at + 1;
        return { url, range: idx!.range(base, base + url.length), file: entry.file };
      }
    }
    return { url, range: entry.innerRange, file: entry.file };
  });
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
