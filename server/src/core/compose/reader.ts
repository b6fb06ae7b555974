/**
 * Docker Compose files, read statically (no Docker daemon): which services exist, what each one mounts, builds,
 * publishes and joins, so the link rules can tell where each side of a link runs and what an address means there.
 *
 * Semantics follow the Compose Specification (compose-spec/compose-spec `spec.md`, `interpolation.md`,
 * `13-merge.md`; docker/compose reads them through compose-spec/compose-go):
 * - the project folder holds `compose.yaml`, `compose.yml`, `docker-compose.yaml` or `docker-compose.yml` (the first
 *   that exists, in that order), merged with the matching `*.override.*` file when there is one;
 * - interpolation applies to values (never keys): `${VAR}`, `$VAR`, `${VAR:-default}` (unset or empty),
 *   `${VAR-default}` (unset), `${VAR:?message}` / `${VAR?message}` (an error), `${VAR:+alt}` / `${VAR+alt}`, and `$$`
 *   for a literal `$`; variables come from the process environment, then from the `.env` file beside the compose file;
 * - merging an override: scalars are replaced; `environment` is merged by variable; `ports`, `extra_hosts` are
 *   appended; `volumes` are merged by container path; `networks` by name.
 *
 * Ranges point into the file as written: a value that went through interpolation keeps the range of the scalar that
 * holds it, and each substitution's range inside it (single-line literal scalars) is listed.
 */
import * as path from 'node:path';
import type { FileHost, Localized, Location, Range, ReadProblem } from '../model';
import { t } from '../l10n';
import { parseYamlWithRanges, type ParsedYaml, type YamlValue } from '../impl/yaml';

const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

/** `compose.override.yaml` for `compose.yaml`, and so on. */
function overrideName(name: string): string {
  return name.replace(/\.(ya?ml)$/, '.override.$1');
}

export function isComposeFileName(name: string): boolean {
  return COMPOSE_FILE_NAMES.some((n) => n === name || overrideName(n) === name);
}

/** A value after interpolation, with where it is written. */
export interface ComposeValue {
  value: string;
  loc: Location;
  /** Variables substituted in it (`${VAR}`), with their ranges where known. */
  vars?: { name: string; range?: Range }[];
}

export interface ComposePort {
  /** The port inside the container. */
  target?: number;
  /** The port on the host ("8080", "8080-8081"), undefined when none is published. */
  published?: string;
  hostIp?: string;
  loc: Location;
}

export interface ComposeVolume {
  type: 'bind' | 'volume' | 'other';
  /** Bind mounts: the absolute host path; volumes: the volume name. */
  source?: string;
  /** The path inside the container. */
  target: string;
  loc: Location;
}

interface ComposeNetworkRef {
  name: string;
  aliases: string[];
  loc: Location;
}

export interface ComposeService {
  name: string;
  /** Where the service is first defined (its key). */
  file: string;
  keyRange: Range;
  image?: ComposeValue;
  /** The build context as an absolute folder. */
  build?: ComposeValue;
  containerName?: ComposeValue;
  hostname?: ComposeValue;
  /** Variables by name; `value` undefined for `- VAR` / `VAR:` (taken from the shell, unknown here). */
  environment: Record<string, { value?: string; loc: Location; form: 'map' | 'list' }>;
  ports: ComposePort[];
  /** Networks the service joins; undefined when the key is absent (the project's `default` network). */
  networks?: ComposeNetworkRef[];
  networkMode?: ComposeValue;
  extraHosts: { host: string; ip: string; loc: Location }[];
  volumes: ComposeVolume[];
  /** The service's map in each file that defines it (for edits: the last one wins for scalars). */
  nodes: { yaml: ParsedYaml; node: YamlValue }[];
}

export interface ComposeModel {
  /** The project folder (the compose file's folder). */
  dir: string;
  /** Files read, base first. */
  files: string[];
  services: ComposeService[];
  /** Top-level `networks:` names. */
  networks: string[];
  problems: ReadProblem[];
  /** Variables the interpolation saw (process environment over `.env`). */
  env: Record<string, string | undefined>;
}

export interface ReadComposeOptions {
  processEnv?: Record<string, string | undefined>;
}

/** The compose file of a folder, if it holds one (`compose.yaml` first, as `docker compose` looks). */
function composeFileIn(dir: string, host: FileHost): string | undefined {
  const names = new Set((host.readDir(dir) ?? []).filter((e) => !e.isDirectory).map((e) => e.name));
  const name = COMPOSE_FILE_NAMES.find((n) => names.has(n));
  return name ? path.join(dir, name) : undefined;
}

/** Reads a folder's compose project; undefined when it holds no compose file. Never throws. */
export function readComposeProject(dir: string, host: FileHost, opts: ReadComposeOptions = {}): ComposeModel | undefined {
  const base = composeFileIn(dir, host);
  if (!base) return undefined;
  const files = [base];
  const over = path.join(dir, overrideName(path.basename(base)));
  if (host.readFile(over) !== undefined) files.push(over);
  const dotenv = parseDotEnv(host.readFile(path.join(dir, '.env')) ?? '');
  const env: Record<string, string | undefined> = { ...dotenv };
  for (const [k, v] of Object.entries(opts.processEnv ?? {})) if (v !== undefined) env[k] = v;
  const model: ComposeModel = { dir, files: [], services: [], networks: [], problems: [], env };
  for (const file of files) {
    const text = host.readFile(file);
    if (text === undefined) continue;
    model.files.push(file);
    try {
      mergeFile(model, parseYamlWithRanges(file, text), env);
    } catch {
      // Bad input is normal input: what was read so far stays.
    }
  }
  return model;
}

/** The `.env` beside a compose file: `KEY=VALUE` lines, optional `export`, quotes removed, `#` comments. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    let v = m[2];
    const q = v[0];
    if ((q === '"' || q === "'") && v.lastIndexOf(q) > 0) v = v.slice(1, v.lastIndexOf(q));
    else v = v.replace(/\s+#.*$/, '').trim();
    out[m[1]] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Interpolation
// ---------------------------------------------------------------------------------------------------------------

export interface Interpolated {
  value: string;
  /** Substitutions as offsets into the raw string. */
  subs: { name: string; start: number; end: number }[];
  /** `${VAR:?message}` with VAR unset: compose stops with the message. */
  errors: { name: string; message: string; start: number; end: number }[];
}

/** Compose interpolation of one value. Unknown syntax is kept as written. */
export function interpolate(raw: string, env: Record<string, string | undefined>): Interpolated {
  const out: Interpolated = { value: '', subs: [], errors: [] };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c !== '$') {
      out.value += c;
      i++;
      continue;
    }
    const next = raw[i + 1];
    if (next === '$') {
      out.value += '$';
      i += 2;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(raw.slice(i + 1));
    if (bare) {
      const name = bare[0];
      out.value += env[name] ?? '';
      out.subs.push({ name, start: i, end: i + 1 + name.length });
      i += 1 + name.length;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(raw, i + 1);
      if (close < 0) {
        out.value += raw.slice(i);
        break;
      }
      const body = raw.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
      if (!m) {
        out.value += raw.slice(i, close + 1);
        i = close + 1;
        continue;
      }
      const [, name, op, arg = ''] = m;
      const v = env[name];
      const unset = op?.startsWith(':') ? v === undefined || v === '' : v === undefined;
      let value: string;
      if (!op) value = v ?? '';
      else if (op.endsWith('-')) value = unset ? interpolate(arg, env).value : v!;
      else if (op.endsWith('+')) value = unset ? '' : interpolate(arg, env).value;
      else {
        value = unset ? '' : v!;
        if (unset) out.errors.push({ name, message: interpolate(arg, env).value, start: i, end: close + 1 });
      }
      out.value += value;
      out.subs.push({ name, start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    out.value += c;
    i++;
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------------------------

type Ctx = { y: ParsedYaml; env: Record<string, string | undefined>; model: ComposeModel };

function mergeFile(model: ComposeModel, y: ParsedYaml, env: Record<string, string | undefined>): void {
  model.problems.push(...y.errors);
  const root = y.root;
  if (!root || root.kind !== 'object') return;
  const ctx: Ctx = { y, env, model };
  const nets = root.entries?.find((e) => e.key === 'networks');
  for (const n of nets?.entries ?? []) if (n.key && !model.networks.includes(n.key)) model.networks.push(n.key);
  const services = root.entries?.find((e) => e.key === 'services');
  for (const s of services?.entries ?? []) {
    if (!s.key) continue;
    let svc = model.services.find((x) => x.name === s.key);
    if (!svc) {
      svc = { name: s.key, file: y.file, keyRange: s.keyRange ?? s.valueRange, environment: {}, ports: [], extraHosts: [], volumes: [], nodes: [] };
      model.services.push(svc);
    }
    svc.nodes.push({ yaml: y, node: s });
    if (s.kind === 'object') mergeService(svc, s, ctx);
  }
}

function str(v: YamlValue | undefined, ctx: Ctx): ComposeValue | undefined {
  if (!v || v.kind === 'object' || v.kind === 'array') return undefined;
  const raw = v.text ?? (v.value === null || v.value === undefined ? '' : String(v.value));
  const r = interpolate(raw, ctx.env);
  const loc = { file: ctx.y.file, range: v.valueRange };
  for (const e of r.errors)
    ctx.model.problems.push({
      file: ctx.y.file,
      range: v.valueRange,
      message: t(`\${${e.name}} is not set: compose stops with "${e.message}".`, `未设置 \${${e.name}}：compose 会停止并提示 "${e.message}"。`),
    });
  const single = v.literal && v.innerRange.start.line === v.innerRange.end.line;
  const vars = r.subs.map((s) => ({
    name: s.name,
    range: single
      ? { start: { line: v.innerRange.start.line, character: v.innerRange.start.character + s.start }, end: { line: v.innerRange.start.line, character: v.innerRange.start.character + s.end } }
      : undefined,
  }));
  return { value: r.value, loc, ...(vars.length ? { vars } : {}) };
}

function field(map: YamlValue, key: string): YamlValue | undefined {
  return map.entries?.find((e) => e.key === key);
}

function mergeService(svc: ComposeService, s: YamlValue, ctx: Ctx): void {
  const image = str(field(s, 'image'), ctx);
  if (image) svc.image = image;
  const build = field(s, 'build');
  const context = build?.kind === 'object' ? str(field(build, 'context'), ctx) : str(build, ctx);
  if (context) svc.build = { ...context, value: path.resolve(ctx.model.dir, context.value || '.') };
  else if (build?.kind === 'object') svc.build = { value: ctx.model.dir, loc: { file: ctx.y.file, range: build.keyRange ?? build.valueRange } };
  const cn = str(field(s, 'container_name'), ctx);
  if (cn) svc.containerName = cn;
  const hn = str(field(s, 'hostname'), ctx);
  if (hn) svc.hostname = hn;
  const nm = str(field(s, 'network_mode'), ctx);
  if (nm) svc.networkMode = nm;

  const env = field(s, 'environment');
  if (env?.kind === 'object')
    for (const e of env.entries ?? []) {
      if (!e.key) continue;
      const v = e.kind === 'null' ? undefined : str(e, ctx);
      svc.environment[e.key] = { value: v?.value, loc: { file: ctx.y.file, range: e.kind === 'null' ? (e.keyRange ?? e.valueRange) : e.valueRange }, form: 'map' };
    }
  else if (env?.kind === 'array')
    for (const item of env.items ?? []) {
      const v = str(item, ctx);
      if (!v) continue;
      const eq = v.value.indexOf('=');
      const name = eq < 0 ? v.value : v.value.slice(0, eq);
      if (name) svc.environment[name] = { value: eq < 0 ? undefined : v.value.slice(eq + 1), loc: v.loc, form: 'list' };
    }

  const ports = field(s, 'ports');
  for (const item of ports?.items ?? []) {
    const p = item.kind === 'object' ? longPort(item, ctx) : shortPort(str(item, ctx));
    if (p) svc.ports.push(p);
  }

  const hosts = field(s, 'extra_hosts');
  if (hosts?.kind === 'object')
    for (const e of hosts.entries ?? []) {
      const v = str(e, ctx);
      if (e.key && v) svc.extraHosts.push({ host: e.key, ip: v.value, loc: { file: ctx.y.file, range: e.keyRange ?? e.valueRange } });
    }
  else
    for (const item of hosts?.items ?? []) {
      const v = str(item, ctx);
      const m = v && /^([^:=\s]+)[:=](.+)$/.exec(v.value.trim());
      if (v && m) svc.extraHosts.push({ host: m[1], ip: m[2].replace(/^\[|\]$/g, ''), loc: v.loc });
    }

  const nets = field(s, 'networks');
  if (nets) {
    const refs: ComposeNetworkRef[] = [];
    if (nets.kind === 'array')
      for (const item of nets.items ?? []) {
        const v = str(item, ctx);
        if (v) refs.push({ name: v.value, aliases: [], loc: v.loc });
      }
    else
      for (const e of nets.entries ?? []) {
        if (!e.key) continue;
        const aliases = (e.kind === 'object' ? (field(e, 'aliases')?.items ?? []) : []).map((a) => str(a, ctx)?.value).filter((a): a is string => !!a);
        refs.push({ name: e.key, aliases, loc: { file: ctx.y.file, range: e.keyRange ?? e.valueRange } });
      }
    const kept = (svc.networks ?? []).filter((n) => !refs.some((r) => r.name === n.name));
    svc.networks = [...kept, ...refs];
  }

  const vols = field(s, 'volumes');
  for (const item of vols?.items ?? []) {
    const v = item.kind === 'object' ? longVolume(item, ctx) : shortVolume(str(item, ctx), ctx.model.dir);
    if (!v) continue;
    svc.volumes = svc.volumes.filter((x) => x.target !== v.target);
    svc.volumes.push(v);
  }
}

/** `"8080"`, `"8080:8080"`, `"127.0.0.1:8080:8080/tcp"`, `"[::1]:80:80"`. */
export function shortPort(v: ComposeValue | undefined): ComposePort | undefined {
  if (!v) return undefined;
  const s = v.value.trim().replace(/\/(?:tcp|udp|sctp)$/i, '');
  const m = /^(?:(?:\[([^\]]+)\]|([^:[\]]+)):)?(?:([\d-]*):)?([\d-]+)$/.exec(s);
  if (!m) return { loc: v.loc };
  let hostIp: string | undefined = m[1] ?? m[2];
  let published: string | undefined = m[3];
  // "8080:80": the first part is the published port, not an IP.
  if (hostIp !== undefined && published === undefined && /^[\d-]+$/.test(hostIp)) {
    published = hostIp;
    hostIp = undefined;
  }
  const target = Number(m[4].split('-')[0]);
  return { target: Number.isFinite(target) ? target : undefined, published: published || undefined, hostIp, loc: v.loc };
}

function longPort(item: YamlValue, ctx: Ctx): ComposePort | undefined {
  const target = Number(str(field(item, 'target'), ctx)?.value);
  return {
    target: Number.isFinite(target) ? target : undefined,
    published: str(field(item, 'published'), ctx)?.value,
    hostIp: str(field(item, 'host_ip'), ctx)?.value,
    loc: { file: ctx.y.file, range: item.valueRange },
  };
}

/** `./dir:/app`, `/abs:/app:ro`, `name:/data`, `C:\dir:/app`, `/anonymous`. */
export function shortVolume(v: ComposeValue | undefined, dir: string): ComposeVolume | undefined {
  if (!v) return undefined;
  let s = v.value.trim();
  let drive = '';
  const d = /^([A-Za-z]:)[\\/]/.exec(s);
  if (d) {
    drive = d[1];
    s = s.slice(2);
  }
  const parts = s.split(':');
  if (parts.length === 1) return { type: 'volume', target: parts[0], loc: v.loc };
  const source = drive + parts[0];
  const target = parts[1];
  const isPath = drive !== '' || /^(?:\.|\/|~)/.test(source);
  return { type: isPath ? 'bind' : 'volume', source: isPath ? resolveSource(dir, source) : source, target, loc: v.loc };
}

function longVolume(item: YamlValue, ctx: Ctx): ComposeVolume | undefined {
  const type = str(field(item, 'type'), ctx)?.value ?? 'volume';
  const target = str(field(item, 'target'), ctx)?.value;
  if (!target) return undefined;
  const source = str(field(item, 'source'), ctx)?.value;
  return {
    type: type === 'bind' ? 'bind' : type === 'volume' ? 'volume' : 'other',
    source: type === 'bind' && source ? resolveSource(ctx.model.dir, source) : source,
    target,
    loc: { file: ctx.y.file, range: item.valueRange },
  };
}

function resolveSource(dir: string, source: string): string {
  if (source.startsWith('~')) return source; // the user's home folder: outside the workspace
  if (/^[A-Za-z]:/.test(source)) return source;
  return path.resolve(dir, source);
}
