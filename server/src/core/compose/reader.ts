/**
 * Docker Compose files, read statically (no Docker daemon): which services exist, what each one mounts, builds,
 * publishes and joins, so the link rules can tell where each side of a link runs and what an address means there.
 *
 * Semantics follow the Compose Specification (compose-spec/compose-spec `spec.md`, `interpolation.md`,
 * `13-merge.md`, `14-include.md`, `15-profiles.md`; docker/compose reads them through compose-spec/compose-go):
 * - the files: those the user gives (`-f`), else COMPOSE_FILE, else the first default name and the first override
 *   name found (`composeFilesOf`);
 * - interpolation applies to values (never keys): `${VAR}`, `$VAR`, `${VAR:-default}` (unset or empty),
 *   `${VAR-default}` (unset), `${VAR:?message}` / `${VAR?message}` (an error), `${VAR:+alt}` / `${VAR+alt}`, and `$$`
 *   for a literal `$`; variables come from the process environment, then from the `.env` file beside the compose file
 *   (compose's own .env grammar: ./dotenv.ts);
 * - merging later files: scalars are replaced; `environment` is merged by variable; `ports`, `extra_hosts`, `env_file`
 *   are appended; `volumes` are merged by container path; `networks` by name;
 * - `include` brings in other projects' services, `extends` merges a base service first, `profiles` decide which
 *   services `docker compose up` starts;
 * - a service's container environment: its Dockerfile's `ENV` (./dockerfile.ts), then `env_file`, then `environment`.
 *
 * Ranges point into the file as written: a value that went through interpolation keeps the range of the scalar that
 * holds it, and each substitution's range inside it (single-line literal scalars) is listed.
 */
import * as path from 'node:path';
import type { FileHost, Localized, Location, Range, ReadProblem } from '../model';
import { t } from '../l10n';
import { parseYamlWithRanges, type ParsedYaml, type YamlValue } from '../impl/yaml';
import { parseComposeEnv } from './dotenv';
import { interpolate } from './interpolate';
import { dockerfileEnv } from './dockerfile';

/** compose-spec/compose-go `cli/options.go` `DefaultFileNames`, in its order of preference. */
const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;
/** compose-spec/compose-go `cli/options.go` `DefaultOverrideFileNames`: the first that exists is merged over the base. */
const COMPOSE_OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'] as const;

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

/** One variable of a service's container environment and the line that sets it. */
export interface ComposeEnvVar {
  /** Undefined for `- VAR` / `VAR:` that the environment compose runs in does not set (compose leaves it out). */
  value?: string;
  /**
   * `environment` list form: the whole item (`HOST=0.0.0.0`); map form, env_file and Dockerfile: the value alone.
   * For `- VAR` / `VAR:` without a value: the key.
   */
  loc: Location;
  form: 'map' | 'list';
  /** Where the variable is set: compose's `environment`, a file of `env_file`, or the build's Dockerfile `ENV`. */
  from: 'environment' | 'env_file' | 'dockerfile';
  /** The value alone as written (inside its quotes), when it is exactly the value on one line (an edit may replace it). */
  valueLoc?: Location;
  /** The quotes around valueLoc as written ('' when none). */
  quote?: '' | '"' | "'";
  /** Where `env_file` or `ENV` set the same variable before `environment` (or a later file) replaced it. */
  shadowed?: { from: ComposeEnvVar['from']; loc: Location }[];
}

interface ComposeEnvFileRef {
  /** Absolute path. */
  path: string;
  /** `required: false` (long form) lets compose go on when the file is missing. */
  required: boolean;
  loc: Location;
  found: boolean;
}

export interface ComposeService {
  name: string;
  /** Where the service is first defined (its key). */
  file: string;
  keyRange: Range;
  image?: ComposeValue;
  /** The build context as an absolute folder. */
  build?: ComposeValue;
  /** The Dockerfile whose `ENV` gave defaults (build.dockerfile, else `Dockerfile` in the context), when read. */
  dockerfile?: string;
  containerName?: ComposeValue;
  hostname?: ComposeValue;
  /**
   * The container's variables by name, as compose sets them: the build's Dockerfile `ENV` (defaults), then each
   * `env_file` in order, then `environment` (which wins).
   */
  environment: Record<string, ComposeEnvVar>;
  /** `env_file` entries, in order (override files append). */
  envFiles: ComposeEnvFileRef[];
  ports: ComposePort[];
  /** Networks the service joins; undefined when the key is absent (the project's `default` network). */
  networks?: ComposeNetworkRef[];
  networkMode?: ComposeValue;
  extraHosts: { host: string; ip: string; loc: Location }[];
  volumes: ComposeVolume[];
  /** `profiles:` as written (compose starts the service only when one of them is active). */
  profiles?: ComposeValue[];
  /** `docker compose up` starts it: no profiles, or one of them is active (COMPOSE_PROFILES, `*` for all). */
  active: boolean;
  /** The service's map in each file that defines it (for edits: the last one wins for scalars). */
  nodes: { yaml: ParsedYaml; node: YamlValue }[];
}

export interface ComposeModel {
  /** The project folder (the folder of the first compose file). */
  dir: string;
  /** Files read, base first (override, `-f` files, included and extended files after). */
  files: string[];
  /** How the files were chosen: the default names, `COMPOSE_FILE`, or files the user gave (`--compose-file`, the setting). */
  filesFrom: 'default' | 'COMPOSE_FILE' | 'option';
  services: ComposeService[];
  /** Top-level `networks:` names. */
  networks: string[];
  /** Active profiles (COMPOSE_PROFILES, comma-separated). */
  profiles: string[];
  problems: ReadProblem[];
  /** Variables the interpolation saw (process environment over `.env`). */
  env: Record<string, string | undefined>;
}

export interface ReadComposeOptions {
  processEnv?: Record<string, string | undefined>;
  /**
   * The compose files to read, as `docker compose -f a.yml -f b.yml` (absolute, or relative to the folder): they replace
   * COMPOSE_FILE and the default names.
   */
  files?: readonly string[];
}

/** The compose file of a folder, if it holds one (`compose.yaml` first, as `docker compose` looks). */
function composeFileIn(dir: string, host: FileHost): string | undefined {
  const names = new Set((host.readDir(dir) ?? []).filter((e) => !e.isDirectory).map((e) => e.name));
  const name = COMPOSE_FILE_NAMES.find((n) => names.has(n));
  return name ? path.join(dir, name) : undefined;
}

/**
 * The files that make a folder's project, as docker compose picks them (compose-spec/compose-go `cli/options.go`,
 * `WithConfigFileEnv`, `WithDefaultConfigPath`): files given by the user; else `COMPOSE_FILE` (split on
 * `COMPOSE_PATH_SEPARATOR`, by default the platform's path-list separator, `:` or `;`), from the process environment
 * or the `.env` of the folder, relative to the folder; else the first default name and the first override name found.
 */
function composeFilesOf(
  dir: string,
  host: FileHost,
  env: Record<string, string | undefined>,
  given?: readonly string[],
): { files: string[]; from: ComposeModel['filesFrom'] } {
  if (given && given.length > 0) return { files: given.map((f) => path.resolve(dir, f)), from: 'option' };
  const list = env.COMPOSE_FILE;
  if (list !== undefined && list.trim() !== '') {
    const sep = env.COMPOSE_PATH_SEPARATOR || path.delimiter;
    return {
      files: list
        .split(sep)
        .filter((f) => f.trim() !== '')
        .map((f) => path.resolve(dir, f.trim())),
      from: 'COMPOSE_FILE',
    };
  }
  const base = composeFileIn(dir, host);
  if (!base) return { files: [], from: 'default' };
  const names = new Set((host.readDir(dir) ?? []).filter((e) => !e.isDirectory).map((e) => e.name));
  const over = COMPOSE_OVERRIDE_NAMES.find((n) => names.has(n));
  return { files: over ? [base, path.join(dir, over)] : [base], from: 'default' };
}

/** Reads a folder's compose project; undefined when it holds no compose file. Never throws. */
export function readComposeProject(dir: string, host: FileHost, opts: ReadComposeOptions = {}): ComposeModel | undefined {
  const processEnv: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(opts.processEnv ?? {})) if (v !== undefined) processEnv[k] = v;
  // compose reads the `.env` of the working folder before choosing files (COMPOSE_FILE may be set there).
  const dotenvText = host.readFile(path.join(dir, '.env'));
  const dotenv = dotenvText === undefined ? { entries: [] } : parseComposeEnv(dotenvText, processEnv);
  const env: Record<string, string | undefined> = {};
  for (const e of dotenv.entries) if (e.value !== undefined) env[e.key] = e.value;
  Object.assign(env, processEnv);
  const chosen = composeFilesOf(dir, host, env, opts.files);
  const files = chosen.files.filter((f) => host.readFile(f) !== undefined);
  if (files.length === 0) return undefined;
  const projectDir = chosen.from === 'default' ? dir : path.dirname(files[0]);
  const profiles = (env.COMPOSE_PROFILES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const model: ComposeModel = { dir: projectDir, files: [], filesFrom: chosen.from, services: [], networks: [], profiles, problems: [], env };
  if (dotenv.error) model.problems.push({ file: path.join(dir, '.env'), range: dotenv.error.range, message: envFileError(dotenv.error.message) });
  const state: LoadState = { host, pending: new Map(), including: [] };
  for (const file of files) loadFile(model, file, projectDir, env, state);
  finish(model, state);
  return model;
}

/**
 * The `.env` beside a compose file as plain name → value (compose's grammar: see ./dotenv.ts). Bare `KEY` lines are
 * left out (nothing to inherit here).
 */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of parseComposeEnv(text).entries) if (e.value !== undefined) out[e.key] = e.value;
  return out;
}

export { interpolate } from './interpolate';

function envFileError(message: string): Localized {
  return t(`docker compose refuses this env file: ${message}.`, `docker compose 拒绝读取此 env 文件：${message}。`);
}

// ---------------------------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------------------------

/** What a service collects while the files are merged, resolved once all are read. */
interface Pending {
  /** `environment` entries as merged (they win over env_file and the Dockerfile). */
  explicit: Record<string, ComposeEnvVar>;
  build?: { dockerfile?: string; target?: string; args: Record<string, string | undefined> };
  /** The interpolation environment of the file that defines the service (env_file `KEY` lines inherit from it). */
  env: Record<string, string | undefined>;
}

interface LoadState {
  host: FileHost;
  pending: Map<ComposeService, Pending>;
  /** Files being included (an include cycle is refused). */
  including: string[];
}

type Ctx = { y: ParsedYaml; env: Record<string, string | undefined>; model: ComposeModel; dir: string; state: LoadState };

/** Reads one compose file into the model: include first (its services come in as they are), then its services. */
function loadFile(model: ComposeModel, file: string, dir: string, env: Record<string, string | undefined>, state: LoadState): void {
  const text = state.host.readFile(file);
  if (text === undefined) return;
  if (!model.files.includes(file)) model.files.push(file);
  try {
    const y = parseYamlWithRanges(file, text);
    model.problems.push(...y.errors);
    const root = y.root;
    if (root?.kind !== 'object') return;
    const ctx: Ctx = { y, env, model, dir, state };
    const inc = field(root, 'include');
    if (inc) applyInclude(inc, ctx);
    mergeRoot(root, ctx);
  } catch {
    // Bad input is normal input: what was read so far stays.
  }
}

/**
 * Top-level `include` (compose-spec/compose-spec `14-include.md`; compose-spec/compose-go `loader/include.go`): each
 * entry (a path, or `{path, project_directory, env_file}`, `path` a string or a list whose later files override the
 * first) is loaded as its own project: paths relative to its project directory (by default the folder of its first
 * file), interpolated from its env files (by default the `.env` of that folder) under the including project's
 * variables, which win.
 */
function applyInclude(inc: YamlValue, ctx: Ctx): void {
  const items = inc.kind === 'array' ? (inc.items ?? []) : [inc];
  for (const item of items) {
    const pathNode = item.kind === 'object' ? field(item, 'path') : item;
    const paths = (pathNode?.kind === 'array' ? (pathNode.items ?? []) : pathNode ? [pathNode] : [])
      .map((p) => str(p, ctx)?.value)
      .filter((p): p is string => !!p)
      .map((p) => path.resolve(ctx.dir, p));
    if (paths.length === 0) continue;
    const pdNode = item.kind === 'object' ? str(field(item, 'project_directory'), ctx) : undefined;
    const projectDir = pdNode?.value ? path.resolve(ctx.dir, pdNode.value) : path.dirname(paths[0]);
    const efNode = item.kind === 'object' ? field(item, 'env_file') : undefined;
    const envFiles = efNode
      ? (efNode.kind === 'array' ? (efNode.items ?? []) : [efNode])
          .map((e) => str(e, ctx)?.value)
          .filter((e): e is string => !!e && e !== '/dev/null')
          .map((e) => path.resolve(ctx.dir, e))
      : [path.join(projectDir, '.env')];
    const env: Record<string, string | undefined> = {};
    for (const f of envFiles) {
      const text = ctx.state.host.readFile(f);
      if (text === undefined) continue;
      for (const e of parseComposeEnv(text, ctx.env).entries) if (e.value !== undefined) env[e.key] = e.value;
    }
    Object.assign(env, Object.fromEntries(Object.entries(ctx.env).filter(([, v]) => v !== undefined)));
    if (ctx.state.including.includes(paths[0]) || ctx.state.including.length > 8) {
      ctx.model.problems.push({
        file: ctx.y.file,
        range: item.valueRange,
        message: t(
          `docker compose refuses this include: ${path.basename(paths[0])} includes itself.`,
          `docker compose 拒绝此 include：${path.basename(paths[0])} 包含了自身。`,
        ),
      });
      continue;
    }
    ctx.state.including.push(paths[0]);
    for (const p of paths) {
      if (ctx.state.host.readFile(p) === undefined) {
        ctx.model.problems.push({
          file: ctx.y.file,
          range: item.valueRange,
          message: t(`docker compose stops: the included file ${p} does not exist.`, `docker compose 会停止：被 include 的文件 ${p} 不存在。`),
        });
        continue;
      }
      loadFile(ctx.model, p, projectDir, env, ctx.state);
    }
    ctx.state.including.pop();
  }
}

function mergeRoot(root: YamlValue, ctx: Ctx): void {
  const { model, y } = ctx;
  const nets = root.entries?.find((e) => e.key === 'networks');
  for (const n of nets?.entries ?? []) if (n.key && !model.networks.includes(n.key)) model.networks.push(n.key);
  const services = root.entries?.find((e) => e.key === 'services');
  for (const s of services?.entries ?? []) {
    if (!s.key) continue;
    let svc = model.services.find((x) => x.name === s.key);
    if (!svc) {
      svc = {
        name: s.key,
        file: y.file,
        keyRange: s.keyRange ?? s.valueRange,
        environment: {},
        envFiles: [],
        ports: [],
        extraHosts: [],
        volumes: [],
        active: true,
        nodes: [],
      };
      model.services.push(svc);
      ctx.state.pending.set(svc, { explicit: {}, env: ctx.env });
    }
    svc.nodes.push({ yaml: y, node: s });
    if (s.kind === 'object') {
      applyExtends(svc, s, ctx, [`${y.file}#${s.key}`]);
      mergeService(svc, s, ctx);
    }
  }
}

/**
 * `extends` (compose-spec/compose-spec `05-services.md#extends`, compose-spec/compose-go `loader/extends.go`): the
 * service named (in the same file, or in `file`, relative to this file's folder) is merged first, with the paths of
 * its file resolved from that file's folder, then this service over it with the usual merge rules.
 */
function applyExtends(svc: ComposeService, s: YamlValue, ctx: Ctx, chain: string[]): void {
  const ext = field(s, 'extends');
  if (!ext) return;
  const name = ext.kind === 'object' ? str(field(ext, 'service'), ctx)?.value : str(ext, ctx)?.value;
  if (!name) return;
  const fileNode = ext.kind === 'object' ? str(field(ext, 'file'), ctx) : undefined;
  let y = ctx.y;
  let dir = ctx.dir;
  if (fileNode?.value) {
    const f = path.resolve(path.dirname(ctx.y.file), fileNode.value);
    const text = ctx.state.host.readFile(f);
    if (text === undefined) {
      ctx.model.problems.push({
        file: ctx.y.file,
        range: fileNode.loc.range,
        message: t(
          `docker compose stops: the file ${fileNode.value} that "extends" names does not exist.`,
          `docker compose 会停止："extends" 指定的文件 ${fileNode.value} 不存在。`,
        ),
      });
      return;
    }
    y = parseYamlWithRanges(f, text);
    dir = path.dirname(f);
    if (!ctx.model.files.includes(f)) ctx.model.files.push(f);
  }
  const key = `${y.file}#${name}`;
  const services = y.root?.kind === 'object' ? field(y.root, 'services') : undefined;
  const base = services?.kind === 'object' ? field(services, name) : undefined;
  if (base?.kind !== 'object' || chain.includes(key) || chain.length > 16) {
    ctx.model.problems.push({
      file: ctx.y.file,
      range: ext.valueRange,
      message: chain.includes(key)
        ? t(
            `docker compose stops: "extends" of service "${svc.name}" loops back to "${name}".`,
            `docker compose 会停止：服务 "${svc.name}" 的 "extends" 循环回到了 "${name}"。`,
          )
        : t(
            `docker compose stops: "extends" names a service "${name}" that is not defined there.`,
            `docker compose 会停止："extends" 指定的服务 "${name}" 未定义。`,
          ),
    });
    return;
  }
  const sub: Ctx = { ...ctx, y, dir };
  applyExtends(svc, base, sub, [...chain, key]);
  mergeService(svc, base, sub);
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
      ? {
          start: { line: v.innerRange.start.line, character: v.innerRange.start.character + s.start },
          end: { line: v.innerRange.start.line, character: v.innerRange.start.character + s.end },
        }
      : undefined,
  }));
  return { value: r.value, loc, ...(vars.length ? { vars } : {}) };
}

function quoteOf(v: YamlValue): '' | '"' | "'" {
  return v.style === 'double' ? '"' : v.style === 'single' ? "'" : '';
}

function field(map: YamlValue, key: string): YamlValue | undefined {
  return map.entries?.find((e) => e.key === key);
}

function mergeService(svc: ComposeService, s: YamlValue, ctx: Ctx): void {
  const pending = ctx.state.pending.get(svc)!;
  const image = str(field(s, 'image'), ctx);
  if (image) svc.image = image;
  const build = field(s, 'build');
  const context = build?.kind === 'object' ? str(field(build, 'context'), ctx) : str(build, ctx);
  if (context) svc.build = { ...context, value: path.resolve(ctx.dir, context.value || '.') };
  else if (build?.kind === 'object') svc.build = { value: ctx.dir, loc: { file: ctx.y.file, range: build.keyRange ?? build.valueRange } };
  if (build) {
    pending.build ??= { args: {} };
    const b = pending.build;
    if (build.kind === 'object') {
      const df = str(field(build, 'dockerfile'), ctx)?.value;
      if (df) b.dockerfile = df;
      const target = str(field(build, 'target'), ctx)?.value;
      if (target) b.target = target;
      const args = field(build, 'args');
      for (const e of args?.kind === 'object' ? (args.entries ?? []) : []) if (e.key) b.args[e.key] = e.kind === 'null' ? ctx.env[e.key] : str(e, ctx)?.value;
      for (const item of args?.kind === 'array' ? (args.items ?? []) : []) {
        const v = str(item, ctx)?.value;
        const eq = v?.indexOf('=') ?? -1;
        if (v && eq > 0) b.args[v.slice(0, eq)] = v.slice(eq + 1);
        else if (v) b.args[v] = ctx.env[v];
      }
    }
  }
  const cn = str(field(s, 'container_name'), ctx);
  if (cn) svc.containerName = cn;
  const hn = str(field(s, 'hostname'), ctx);
  if (hn) svc.hostname = hn;
  const nm = str(field(s, 'network_mode'), ctx);
  if (nm) svc.networkMode = nm;
  const prof = field(s, 'profiles');
  if (prof)
    svc.profiles = (prof.kind === 'array' ? (prof.items ?? []) : [prof]).map((p) => str(p, ctx)).filter((p): p is ComposeValue => !!p && p.value !== '');

  const env = field(s, 'environment');
  const at = (range: Range): Location => ({ file: ctx.y.file, range });
  if (env?.kind === 'object')
    for (const e of env.entries ?? []) {
      if (!e.key) continue;
      const v = e.kind === 'null' ? undefined : str(e, ctx);
      const plain = v && !v.vars && e.literal && e.innerRange.start.line === e.innerRange.end.line;
      pending.explicit[e.key] = {
        // `VAR:` with no value takes VAR from the environment compose runs in (compose-go `resolveEnvironment`).
        value: e.kind === 'null' ? ctx.env[e.key] : v?.value,
        loc: at(e.kind === 'null' ? (e.keyRange ?? e.valueRange) : e.valueRange),
        form: 'map',
        from: 'environment',
        ...(plain ? { valueLoc: at(e.innerRange), quote: quoteOf(e) } : {}),
      };
    }
  else if (env?.kind === 'array')
    for (const item of env.items ?? []) {
      const v = str(item, ctx);
      if (!v) continue;
      const eq = v.value.indexOf('=');
      const name = eq < 0 ? v.value : v.value.slice(0, eq);
      if (!name) continue;
      const plain = eq >= 0 && !v.vars && item.literal && item.innerRange.start.line === item.innerRange.end.line;
      const r = item.innerRange;
      pending.explicit[name] = {
        value: eq < 0 ? ctx.env[name] : v.value.slice(eq + 1),
        loc: v.loc,
        form: 'list',
        from: 'environment',
        ...(plain ? { valueLoc: at({ start: { line: r.start.line, character: r.start.character + eq + 1 }, end: r.end }), quote: quoteOf(item) } : {}),
      };
    }

  const envFile = field(s, 'env_file');
  if (envFile) {
    const items = envFile.kind === 'array' ? (envFile.items ?? []) : [envFile];
    for (const item of items) {
      const p = item.kind === 'object' ? str(field(item, 'path'), ctx) : str(item, ctx);
      if (!p?.value) continue;
      const req = item.kind === 'object' ? str(field(item, 'required'), ctx)?.value : undefined;
      const format = item.kind === 'object' ? str(field(item, 'format'), ctx)?.value : undefined;
      const abs = path.resolve(ctx.dir, p.value);
      // Override files append env_file entries; the same path twice is read once, at its last place.
      svc.envFiles = svc.envFiles.filter((f) => f.path !== abs);
      const ref: ComposeEnvFileRef & { raw?: boolean } = { path: abs, required: !/^(?:false|no|off|n)$/i.test(req ?? ''), loc: p.loc, found: false };
      if (format === 'raw') ref.raw = true;
      svc.envFiles.push(ref);
    }
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
    const v = item.kind === 'object' ? longVolume(item, ctx) : shortVolume(str(item, ctx), ctx.dir);
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
    source: type === 'bind' && source ? resolveSource(ctx.dir, source) : source,
    target,
    loc: { file: ctx.y.file, range: item.valueRange },
  };
}

function resolveSource(dir: string, source: string): string {
  if (source.startsWith('~')) return source; // the user's home folder: outside the workspace
  if (/^[A-Za-z]:/.test(source)) return source;
  return path.resolve(dir, source);
}

/**
 * Once every file is merged: each service's container environment (the Dockerfile's `ENV`, then each `env_file` in
 * order, then `environment`; compose-spec/compose-spec `05-services.md#env_file`: "environment" wins over env_file),
 * and whether `docker compose up` starts it (compose-spec/compose-spec `15-profiles.md`: a service with profiles
 * starts only when one of them is active; compose-go `cli/options.go` `WithDefaultProfiles` reads COMPOSE_PROFILES,
 * comma-separated, and `*` activates all).
 */
function finish(model: ComposeModel, state: LoadState): void {
  for (const svc of model.services) {
    const pending = state.pending.get(svc);
    if (!pending) continue;
    const out: Record<string, ComposeEnvVar> = {};
    const put = (name: string, v: ComposeEnvVar) => {
      const prev = out[name];
      out[name] = prev ? { ...v, shadowed: [...(prev.shadowed ?? []), { from: prev.from, loc: prev.loc }] } : v;
    };
    if (pending.build && svc.build) {
      const file = path.resolve(svc.build.value, pending.build.dockerfile ?? 'Dockerfile');
      const text = state.host.readFile(file);
      if (text !== undefined) {
        svc.dockerfile = file;
        try {
          const env = dockerfileEnv(file, text, { target: pending.build.target, buildArgs: pending.build.args });
          for (const [k, v] of Object.entries(env)) put(k, { value: v.value, loc: v.loc, form: 'map', from: 'dockerfile' });
        } catch {
          // An unreadable Dockerfile gives no defaults.
        }
      }
    }
    for (const ref of svc.envFiles as (ComposeEnvFileRef & { raw?: boolean })[]) {
      const text = state.host.readFile(ref.path);
      ref.found = text !== undefined;
      if (text === undefined) {
        if (ref.required)
          model.problems.push({
            file: ref.loc.file,
            range: ref.loc.range,
            message: t(
              `docker compose stops: the env file ${path.basename(ref.path)} does not exist (add "required: false" to the long form if it is optional).`,
              `docker compose 会停止：env 文件 ${path.basename(ref.path)} 不存在（若它是可选的，请在长格式中加上 "required: false"）。`,
            ),
          });
        continue;
      }
      const parsed = parseComposeEnv(text, pending.env, { raw: ref.raw });
      if (parsed.error) model.problems.push({ file: ref.path, range: parsed.error.range, message: envFileError(parsed.error.message) });
      for (const e of parsed.entries) {
        if (e.value === undefined) continue;
        put(e.key, {
          value: e.value,
          loc: { file: ref.path, range: e.inherited ? e.keyRange : e.valueRange },
          form: 'map',
          from: 'env_file',
          ...(e.literal ? { valueLoc: { file: ref.path, range: e.innerRange }, quote: e.quote } : {}),
        });
      }
    }
    for (const [k, v] of Object.entries(pending.explicit)) put(k, v);
    svc.environment = out;
    for (const ref of svc.envFiles) delete (ref as { raw?: boolean }).raw;
    svc.active = !svc.profiles || svc.profiles.length === 0 || svc.profiles.some((p) => model.profiles.includes(p.value) || model.profiles.includes('*'));
  }
}
