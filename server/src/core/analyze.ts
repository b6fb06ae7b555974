import * as path from 'node:path';
import type { FileHost, Finding, ImplConfig, ImplementationKind, KoishiConfig, LagrangeConfig, NoneBotProject, WorkspaceModel } from './model';
import { lagrangeImplConfig } from './lagrange/adapter';
import { IMPL_ADAPTERS, adapterOf, readKoishi } from './impl';
import { readLagrangeConfig } from './lagrange/reader';
import { isNoneBotDir, readNoneBotProject } from './nonebot/project';
import { buildLinks } from './link/link';
import { runRules, type RuleFailure, type SeverityOverride } from './rules/engine';
import { makeExcluder } from './text/glob';
import { createSafeReader } from './readSafely';
import type { DiagnosingFileHost } from './fs';
import type { CacheOption } from './cache';
import { isComposeFileName } from './compose/reader';
import { buildComposeInfo, withServiceEnv, type ComposeInfo } from './compose/placement';
import { dotnetEnv, dotnetEnvironmentOf, napcatFromImage } from './compose/sideEnv';
import { publishedPortResolver } from './compose/where';

export { nodeFileHost } from './fs';

/** Folders never read: dependencies, build output, VCS data, virtual environments. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', 'dist', 'bin', 'obj']);

export interface AnalyzeOptions extends CacheOption {
  /** Per-code severity overrides (`off` drops a rule). */
  severities?: Record<string, SeverityOverride>;
  /** Globs (relative to each root) of files and folders never read. */
  exclude?: readonly string[];
  /** Process environment NoneBot would see (process env beats .env files); empty by default. */
  processEnv?: Record<string, string | undefined>;
  /** DOTNET_ENVIRONMENT for Lagrange's `appsettings.{env}.json` overlay (.NET's default: Production). */
  dotnetEnvironment?: string;
  /**
   * Compose files to read as `docker compose -f` would (absolute paths; the CLI's `--compose-file`, the setting
   * `onebotDoctor.composeFiles`): they make one project, in place of COMPOSE_FILE and the default names of their folder.
   */
  composeFiles?: readonly string[];
  /** How deep below a root discovery walks. */
  maxDepth?: number;
  /** A discovery made earlier for the same roots (the language server keeps one until files are created or deleted). */
  discovery?: Discovery;
  /** `performance.now()` after which no further file is read: the rest is reported as not checked this time. */
  deadline?: number;
}

export interface Discovery {
  /** Base `appsettings.json` files (overlays are read with their base). */
  lagrangeFiles: string[];
  /** Config files of the other implementations, each with the adapter that claimed it. */
  implFiles: { kind: ImplementationKind; file: string }[];
  /** Koishi's `koishi.yml` files. */
  koishiFiles: string[];
  /** Folders that hold a NoneBot project (.env family, bot.py or pyproject.toml). */
  nonebotDirs: string[];
  /** Folders that hold a Docker Compose file (compose.yaml, docker-compose.yml…). */
  composeDirs?: string[];
}

const NONEBOT_MARKERS = /^(?:\.env(?:\..+)?|bot\.py|pyproject\.toml)$/;

/** Is this a file the analysis reads (for file watchers and for deciding which edits matter)? */
export function isRelevantFile(file: string): boolean {
  const base = path.basename(file);
  return (
    /^appsettings(?:\..+)?\.json$/i.test(base) ||
    NONEBOT_MARKERS.test(base) ||
    KOISHI_FILE.test(base) ||
    isComposeFileName(base) ||
    /^(?:Dockerfile(?:\..+)?|.+\.dockerfile|.+\.env)$/i.test(base) || // a service's build and env_file
    IMPL_ADAPTERS.some((a) => a.kind !== 'lagrange' && a.claims(base, file.split(path.sep).join('/')))
  );
}

const KOISHI_FILE = /^koishi\.ya?ml$/i;

/** Walks the roots for Lagrange and NoneBot files, skipping ignored trees. Never throws. */
export function discover(roots: readonly string[], host: FileHost, opts: AnalyzeOptions = {}): Discovery {
  const lagrangeFiles: string[] = [];
  const nonebotDirs: string[] = [];
  const implFiles: { kind: ImplementationKind; file: string }[] = [];
  const koishiFiles: string[] = [];
  const composeDirs: string[] = [];
  const maxDepth = opts.maxDepth ?? 8;
  for (const root of roots) {
    const excluded = makeExcluder(opts.exclude ?? []);
    const seen = new Set<string>();
    const rootReal = (host as DiagnosingFileHost).realPath?.(root) ?? root;
    const walk = (dir: string, depth: number) => {
      // A folder reached twice through symbolic links (or a link loop) is walked once, and a link up to a folder
      // that contains the root (`ln -s / all`) is not followed.
      const real = (host as DiagnosingFileHost).realPath?.(dir) ?? dir;
      if (seen.has(real) || (real !== rootReal && rootReal.startsWith(real.endsWith(path.sep) ? real : real + path.sep))) return;
      seen.add(real);
      const entries = host.readDir(dir);
      if (!entries) return;
      let nonebotMarker = false;
      if (entries.some((e) => !e.isDirectory && isComposeFileName(e.name))) composeDirs.push(dir);
      for (const e of entries) {
        const full = path.join(dir, e.name);
        const rel = path.relative(root, full).split(path.sep).join('/');
        if (excluded(rel)) continue;
        if (e.isDirectory) {
          if (!SKIPPED_DIRS.has(e.name) && depth < maxDepth) walk(full, depth + 1);
        } else if (/^appsettings\.json$/i.test(e.name)) {
          lagrangeFiles.push(full);
        } else if (NONEBOT_MARKERS.test(e.name)) {
          nonebotMarker = true;
        } else if (KOISHI_FILE.test(e.name)) {
          koishiFiles.push(full);
        } else {
          const claim = IMPL_ADAPTERS.find((a) => a.kind !== 'lagrange' && a.claims(e.name, rel));
          if (claim) implFiles.push({ kind: claim.kind, file: full });
        }
      }
      if (nonebotMarker) nonebotDirs.push(dir);
    };
    walk(root, 0);
  }
  return {
    lagrangeFiles: unique(lagrangeFiles),
    nonebotDirs: unique(nonebotDirs),
    implFiles,
    koishiFiles: unique(koishiFiles),
    composeDirs: unique(composeDirs),
  };
}

/** Reads every Lagrange config and NoneBot project under the roots and links them. */
export function buildModel(roots: readonly string[], host: FileHost, opts: AnalyzeOptions = {}): WorkspaceModel {
  const found = opts.discovery ?? discover(roots, host, opts);
  // Each config is read in isolation: a file that cannot be read or analysed is one problem, the rest still counts.
  const safe = createSafeReader(host, { deadline: opts.deadline });
  const lagrange: LagrangeConfig[] = [];
  for (const file of found.lagrangeFiles) {
    const cfg = safe.read(file, (h) => readLagrangeConfig(file, h, { dotnetEnvironment: opts.dotnetEnvironment, cache: opts.cache }));
    if (cfg) lagrange.push(cfg);
  }
  const nonebot: NoneBotProject[] = [];
  for (const dir of found.nonebotDirs) {
    const project = safe.read(dir, (h) => (isNoneBotDir(dir, h) ? readNoneBotProject(dir, h, { processEnv: opts.processEnv, cache: opts.cache }) : undefined));
    if (project) nonebot.push(project);
  }
  const implementations: ImplConfig[] = lagrange.map(lagrangeImplConfig);
  const readOpts = { processEnv: opts.processEnv, dotnetEnvironment: opts.dotnetEnvironment };
  for (const { kind, file } of found.implFiles) {
    const cfg = safe.read(file, (h) => adapterOf(kind)?.read(file, h, readOpts));
    if (cfg) implementations.push(cfg);
  }
  const koishi: KoishiConfig[] = [];
  for (const file of found.koishiFiles) {
    const k = safe.read(file, (h) => readKoishi(file, h, opts.processEnv));
    if (k) koishi.push(k);
  }
  const sideDirs = [...implementations.map((c) => c.dir), ...nonebot.map((p) => p.dir), ...koishi.map((k) => k.dir)];
  const composeDirs = found.composeDirs ?? [];
  // A folder's `.env` may name the compose files (COMPOSE_FILE) where no file has a default name: roots are candidates too.
  const composeFiles = opts.composeFiles ?? [];
  const composeCandidates =
    composeDirs.length > 0 || composeFiles.length > 0 ? unique([...composeDirs, ...roots]) : roots.filter((r) => composeNamedIn(r, host, opts.processEnv));
  const compose =
    composeCandidates.length > 0 || composeFiles.length > 0
      ? safe.read(composeCandidates[0] ?? composeFiles[0], (h) => buildComposeInfo(composeCandidates, sideDirs, h, opts.processEnv, composeFiles))
      : undefined;
  if (compose) {
    // A NoneBot project in a compose service sees the service's `environment` as its process environment.
    nonebot.forEach((p, i) => {
      nonebot[i] = safe.read(p.dir, (h) => withServiceEnv(p, compose.placement.get(p.dir)?.service, h, opts.processEnv)) ?? p;
    });
    applyServiceEnvironments(compose, lagrange, implementations, safe, opts);
  }
  const model: WorkspaceModel = {
    roots: [...roots],
    implementations,
    lagrange,
    nonebot,
    koishi,
    links: buildLinks(implementations, nonebot, koishi, compose ? publishedPortResolver(compose) : undefined),
    fileProblems: safe.problems,
  };
  if (compose) model.compose = compose;
  return model;
}

/** A root whose `.env` (or the process environment) names compose files with COMPOSE_FILE. */
function composeNamedIn(root: string, host: FileHost, processEnv: Record<string, string | undefined> | undefined): boolean {
  if (processEnv?.COMPOSE_FILE) return true;
  return /^\s*(?:export\s+)?COMPOSE_FILE\s*[=:]/m.test(host.readFile(path.join(root, '.env')) ?? '');
}

/**
 * What a service's environment does to the implementation inside it: Lagrange reads the service's .NET variables
 * (`Implementations__0__Port`, DOTNET_ENVIRONMENT) over its files; a NapCat image service whose environment describes
 * its config (MODE, the old variables) gets that config even with no file in the workspace.
 */
function applyServiceEnvironments(
  compose: ComposeInfo,
  lagrange: LagrangeConfig[],
  implementations: ImplConfig[],
  safe: ReturnType<typeof createSafeReader>,
  opts: AnalyzeOptions,
): void {
  lagrange.forEach((cfg, i) => {
    const svc = compose.placement.get(cfg.dir)?.service;
    if (!svc) return;
    const env = dotnetEnv(svc);
    const dotnetEnvironment = dotnetEnvironmentOf(svc) ?? opts.dotnetEnvironment;
    if (env.length === 0 && dotnetEnvironment === opts.dotnetEnvironment) return;
    const again = safe.read(cfg.file, (h) => readLagrangeConfig(cfg.file, h, { dotnetEnvironment, env }));
    if (!again) return;
    lagrange[i] = again;
    const j = implementations.findIndex((c) => c.implementation === 'lagrange' && c.file === cfg.file);
    if (j >= 0) implementations[j] = lagrangeImplConfig(again);
  });
  for (const project of compose.projects)
    for (const service of project.services) {
      const placed = implementations.filter((c) => c.implementation === 'napcat' && compose.placement.get(c.dir)?.service === service);
      const side = napcatFromImage(
        service,
        placed.map((c) => c.file),
      );
      if (!side) continue;
      for (const f of side.replaces) {
        const k = implementations.findIndex((c) => c.file === f);
        if (k >= 0) implementations.splice(k, 1);
      }
      implementations.push(side.cfg);
      compose.placement.set(side.cfg.dir, { compose: project, service, via: 'image', source: service.file });
    }
}

export interface AnalysisResult {
  model: WorkspaceModel;
  findings: Finding[];
  failures: RuleFailure[];
}

/** The whole pipeline: discover → read → link → rules (with severities and disable comments). */
export function analyze(roots: readonly string[], host: FileHost, opts: AnalyzeOptions = {}): AnalysisResult {
  const model = buildModel(roots, host, opts);
  const { findings, failures } = runRules(model, { severities: opts.severities, host });
  return { model, findings, failures };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
