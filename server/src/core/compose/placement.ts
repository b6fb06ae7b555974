/**
 * Where each side of a link runs: in which compose service (or on the host), and what an address means from there.
 *
 * A side's folder (an implementation's config folder, a NoneBot project, the folder of koishi.yml) runs in a service
 * when a bind mount of that service maps a folder containing it into the container (`./napcat/config:/app/napcat/config`,
 * `./bot:/app`), or when the service builds from a context that contains it (`build: ./bot`). The most specific match
 * wins (the longest host path); among equals, a bind mount beats a build context (the mounted files are what runs).
 * A side that no service holds runs on the host, as it does without any compose file.
 */
import * as path from 'node:path';
import type { FileHost, Link, NoneBotProject } from '../model';
import { readNoneBotProject } from '../nonebot/project';
import { readComposeProject, type ComposeModel, type ComposeService } from './reader';

export interface Placement {
  compose: ComposeModel;
  service: ComposeService;
  /**
   * How the side was placed: the mount or build context that holds its folder, or `image` for a side that no file
   * holds (NapCat's image writing its config from the service's environment).
   */
  via: 'bind' | 'build' | 'image';
  /** The host folder of that mount or context (`image`: the compose file). */
  source: string;
}

export interface ComposeInfo {
  projects: ComposeModel[];
  /** Placement by the side's folder (ImplConfig.dir, NoneBotProject.dir, KoishiConfig.dir). */
  placement: Map<string, Placement>;
}

function contains(dir: string, inner: string): boolean {
  const rel = path.relative(dir, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The programs a side folder holds, as words a service's image or name would carry ("napcat", "koishi"…): when one
 * folder is mounted into several services (NapCat-Docker's Koishi template mounts `./koishi` and `./napcat/config`
 * into both containers), the service that runs that program is the one that runs the side.
 */
function programWords(dir: string, host: FileHost): RegExp | undefined {
  const names = (host.readDir(dir) ?? []).filter((e) => !e.isDirectory).map((e) => e.name.toLowerCase());
  const words: string[] = [];
  if (names.some((n) => /^onebot11(?:_\d+)?\.json$/.test(n) || /^napcat/.test(n))) words.push('napcat');
  if (names.some((n) => /^appsettings(?:\..+)?\.json$/.test(n))) words.push('lagrange');
  if (names.includes('config.yml')) words.push('go-?cqhttp', 'gocq');
  if (names.some((n) => /^config_\d+\.json$/.test(n))) words.push('llonebot', 'llbot', 'lucky');
  if (names.includes('koishi.yml')) words.push('koishi');
  if (names.some((n) => n === 'bot.py' || n === 'pyproject.toml' || n.startsWith('.env'))) words.push('nonebot', 'nb-?cli');
  return words.length > 0 ? new RegExp(words.join('|'), 'i') : undefined;
}

/** The service that runs a folder, if any (`program`: the words of the side's program, see programWords). */
export function placeDir(dir: string, projects: readonly ComposeModel[], program?: RegExp): Placement | undefined {
  const all: { p: Placement; len: number }[] = [];
  for (const compose of projects)
    for (const service of compose.services) {
      const cands: { via: 'bind' | 'build'; source: string }[] = [];
      for (const v of service.volumes) if (v.type === 'bind' && v.source && path.isAbsolute(v.source)) cands.push({ via: 'bind', source: v.source });
      if (service.build) cands.push({ via: 'build', source: service.build.value });
      for (const c of cands)
        if (contains(c.source, dir)) all.push({ p: { compose, service, via: c.via, source: c.source }, len: path.resolve(c.source).length });
    }
  const runs = (p: Placement) => !!program && (program.test(p.service.name) || program.test(p.service.image?.value ?? ''));
  const pool = all.some((c) => runs(c.p)) ? all.filter((c) => runs(c.p)) : all;
  let best: Placement | undefined;
  let bestLen = -1;
  for (const c of pool)
    if (c.len > bestLen || (c.len === bestLen && c.p.via === 'bind' && best?.via === 'build')) {
      best = c.p;
      bestLen = c.len;
    }
  return best;
}

/** Reads the compose projects in the given folders and places every side folder. */
export function buildComposeInfo(
  composeDirs: readonly string[],
  sideDirs: readonly string[],
  host: FileHost,
  processEnv?: Record<string, string | undefined>,
  /** Files the user gave (`-f`): one project of their own, in place of the one their folder would make. */
  composeFiles: readonly string[] = [],
): ComposeInfo | undefined {
  const projects: ComposeModel[] = [];
  const given = composeFiles.length > 0 ? readComposeProject(path.dirname(composeFiles[0]), host, { processEnv, files: composeFiles }) : undefined;
  if (given && given.services.length > 0) projects.push(given);
  for (const dir of composeDirs) {
    if (given && dir === path.dirname(composeFiles[0])) continue;
    const p = readComposeProject(dir, host, { processEnv });
    // The same files reached from two folders (COMPOSE_FILE with absolute paths) make one project.
    if (p && p.services.length > 0 && !projects.some((q) => q.files[0] === p.files[0])) projects.push(p);
  }
  if (projects.length === 0) return undefined;
  const placement = new Map<string, Placement>();
  for (const dir of sideDirs) {
    const p = placeDir(dir, projects, programWords(dir, host));
    if (p) placement.set(dir, p);
  }
  return { projects, placement };
}

/** The placements of both sides of a link (undefined where a side runs on the host). */
export function linkPlacement(info: ComposeInfo | undefined, link: Link): { impl?: Placement; fw?: Placement } {
  if (!info) return {};
  const fwDir = link.framework === 'nonebot' ? link.nonebot.dir : link.koishi.dir;
  return { impl: info.placement.get(link.implConfig.dir), fw: info.placement.get(fwDir) };
}

/** The service runs in the host's network namespace (`network_mode: host`): addresses mean what they mean on the host. */
export function isHostNetwork(svc: ComposeService): boolean {
  return svc.networkMode?.value.trim() === 'host';
}

/** `network_mode` set to something other than the project's networks (host, bridge, none, service:x, container:x). */
export function networkModeName(svc: ComposeService): string | undefined {
  return svc.networkMode?.value.trim() || undefined;
}

/** The networks a service joins by name ("default" when the key is absent); empty with a network_mode. */
export function serviceNetworks(svc: ComposeService): string[] {
  if (svc.networkMode) return [];
  return svc.networks ? svc.networks.map((n) => n.name) : ['default'];
}

/** Names that resolve to the service from a container on a shared network: name, aliases, container_name, hostname. */
export function serviceHostNames(svc: ComposeService): string[] {
  const names = [svc.name, ...(svc.networks ?? []).flatMap((n) => n.aliases)];
  if (svc.containerName?.value) names.push(svc.containerName.value);
  if (svc.hostname?.value) names.push(svc.hostname.value);
  return names.map((n) => n.toLowerCase());
}

/** The service maps `host.docker.internal` itself (extra_hosts), or runs in the host's network. */
export function hasHostGateway(svc: ComposeService): boolean {
  return svc.extraHosts.some((h) => h.host.toLowerCase() === 'host.docker.internal');
}

/**
 * A NoneBot project re-read with its service's `environment` as process environment (the container's variables beat
 * every .env file, as the process environment does); the project as read when the service sets nothing.
 */
export function withServiceEnv(
  project: NoneBotProject,
  svc: ComposeService | undefined,
  host: FileHost,
  processEnv?: Record<string, string | undefined>,
): NoneBotProject {
  const vars = Object.entries(svc?.environment ?? {}).filter(([, v]) => v.value !== undefined);
  if (vars.length === 0) return project;
  const env: Record<string, string | undefined> = { ...(processEnv ?? {}) };
  for (const [k, v] of vars) env[k] = v.value;
  try {
    return readNoneBotProject(project.dir, host, { processEnv: env }) ?? project;
  } catch {
    return project;
  }
}

/**
 * The files outside the usual names that a compose project's analysis read or would read: its compose files (also
 * those named by COMPOSE_FILE or the setting), the `.env` beside them, each service's `env_file` entries (missing ones
 * too: creating one changes the result) and the Dockerfile of its build. An editor watches these so that saving one
 * re-lints; nothing is listed where no compose project was found.
 */
export function composeWatchFiles(info: ComposeInfo | undefined): string[] {
  const out = new Set<string>();
  for (const p of info?.projects ?? []) {
    for (const f of p.files) out.add(f);
    out.add(path.join(p.dir, '.env'));
    for (const s of p.services) {
      for (const e of s.envFiles) out.add(e.path);
      if (s.dockerfile) out.add(s.dockerfile);
      else if (s.build) out.add(path.join(s.build.value, 'Dockerfile'));
    }
  }
  return [...out].sort();
}
