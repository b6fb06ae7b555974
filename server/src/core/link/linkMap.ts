/**
 * The link map: every implementation endpoint and every framework endpoint of a workspace, grouped by where it runs
 * (on the host, or in a Docker Compose service), the links between them with who dials whom, each link's state from
 * the last analysis (its findings, by code) and from the last live probe (its verdict), and the certain fix that
 * applies to it. The editor's link map view and its diagram are drawn from this one structure.
 *
 * Plain data in, plain data out: no editor types. Texts are rendered in the requested language and tokens never
 * appear (addresses and messages are masked).
 */
import type { EndpointProtocol, EndpointRole, FrameworkEndpoint, FrameworkKind, ImplementationKind, ImplEndpoint } from '../endpoints';
import type { Finding, Lang, Link, LinkKind, Location, Range, Severity, WorkspaceModel } from '../model';
import { pick, t } from '../l10n';
import { IMPL_NAMES } from '../impl';
import { nonebotEndpoints } from '../nonebot/endpoints';
import { linkFindings } from './counterparts';
import { maskUrl, maskUrlsIn } from '../text/secrets';

/** Where endpoints run: the host, or one Compose service. */
interface LinkMapPlace {
  /** "host", or "service:<compose folder>:<service name>". */
  id: string;
  kind: 'host' | 'service';
  /** "Host" / "主机", or the service's name. */
  label: string;
  /** The service's compose file and key, to reveal it. */
  at?: Location;
  /** The service runs in the host's network namespace (`network_mode: host`). */
  hostNetwork?: boolean;
}

export interface LinkMapEndpoint {
  /** Stable across analyses while the entry keeps its file and key. */
  id: string;
  side: 'impl' | 'fw';
  program: ImplementationKind | FrameworkKind;
  /** "NapCat", "NoneBot"… */
  programName: string;
  /** The entry as messages name it ("NapCat's websocketClients[0]"). */
  label: string;
  protocol: EndpointProtocol;
  role: EndpointRole;
  /** What it dials (masked URL) or where it listens (host:port). */
  address?: string;
  enabled: boolean;
  /** A LinkMapPlace id. */
  place: string;
  /** The config line that defines it (to reveal). */
  at: Location;
}

/** The last live probe of a link, as the server remembers it. */
export interface LinkMapProbe {
  verdict: string;
  ok: boolean;
  /** Date.now() when it ended. */
  at: number;
}

export interface LinkMapFinding {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
}

export interface LinkMapLink {
  /** Stable: the two endpoints' ids and the kind. */
  id: string;
  kind: LinkKind;
  /** "reverse WebSocket", "正向 WebSocket"… */
  kindLabel: string;
  impl: string;
  fw: string;
  /** Who opens the connection: reverse WS and HTTP POST: the implementation; forward WS and HTTP API: the framework. */
  from: string;
  to: string;
  /** The URL dialled, masked. */
  url?: string;
  assumed: boolean;
  reason: string;
  /** Findings of the last analysis on the link's places, errors first. */
  findings: LinkMapFinding[];
  /** The distinct codes of `findings`, in that order. */
  codes: string[];
  /** The worst severity among the findings ("ok" without any). */
  state: 'ok' | Severity;
  /** The first finding that has a certain (preferred) fix: the quick fix to apply at its range. */
  fix?: { code: string; title: string; file: string; range: Range };
  /** The link's entry in the live probe's target list (`ProbeParams.targetIndex`), when it can be probed. */
  probeIndex?: number;
  probe?: LinkMapProbe;
}

export interface LinkMap {
  places: LinkMapPlace[];
  endpoints: LinkMapEndpoint[];
  links: LinkMapLink[];
}

export interface LinkMapOptions {
  lang?: Lang;
  /** Reads a file (for NoneBot's adapter registration when bot.py registers none); the disk is not read without it. */
  text?: (file: string) => string | undefined;
  /** The last probe verdict by link id. */
  probes?: ReadonlyMap<string, LinkMapProbe>;
  /** The link's index in the live probe's target list, when it can be probed (the probe's own list decides). */
  probeIndex?: (link: Link) => number | undefined;
}

const KIND_LABELS: Record<LinkKind, { en: string; zh: string }> = {
  'reverse-ws': t('reverse WebSocket', '反向 WebSocket'),
  'forward-ws': t('forward WebSocket', '正向 WebSocket'),
  'http-post': t('HTTP POST', 'HTTP POST'),
  'http-api': t('HTTP API', 'HTTP API'),
};

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

const FRAMEWORK_NAMES: Record<FrameworkKind, string> = { nonebot: 'NoneBot', koishi: 'Koishi' };

function implEndpointId(ep: Pick<ImplEndpoint, 'file' | 'key'>): string {
  return `impl:${ep.file}#${ep.key}`;
}

function fwEndpointId(ep: Pick<FrameworkEndpoint, 'dir' | 'key' | 'framework'>): string {
  return `fw:${ep.framework}:${ep.dir}#${ep.key}`;
}

export function linkId(link: Pick<Link, 'kind' | 'impl' | 'fw'>): string {
  return `${link.kind}|${implEndpointId(link.impl)}|${fwEndpointId(link.fw)}`;
}

function address(ep: { role: EndpointRole; url?: string; host?: string; port?: number }): string | undefined {
  if (ep.role === 'dials') return ep.url === undefined ? undefined : maskUrl(ep.url);
  if (ep.port === undefined && !ep.host) return undefined;
  const host = ep.host || '0.0.0.0';
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${ep.port ?? '?'}`;
}

/** Builds the link map of one analysed workspace. */
export function buildLinkMap(model: WorkspaceModel, findings: readonly Finding[], opts: LinkMapOptions = {}): LinkMap {
  const lang = opts.lang ?? 'en';
  const text = opts.text ?? (() => undefined);
  const places = new Map<string, LinkMapPlace>();
  const host: LinkMapPlace = { id: 'host', kind: 'host', label: pick(t('Host', '主机'), lang) };
  const placeOf = (dir: string): string => {
    const p = model.compose?.placement.get(dir);
    if (!p) {
      places.set(host.id, host);
      return host.id;
    }
    const id = `service:${p.compose.dir}:${p.service.name}`;
    if (!places.has(id))
      places.set(id, {
        id,
        kind: 'service',
        label: p.service.name,
        at: { file: p.service.file, range: p.service.keyRange },
        ...(p.service.networkMode?.value.trim() === 'host' ? { hostNetwork: true } : {}),
      });
    return id;
  };

  const endpoints: LinkMapEndpoint[] = [];
  const seen = new Set<string>();
  /** One row per endpoint, whichever side it is on (an endpoint reached twice is listed once). */
  const add = (id: string, side: LinkMapEndpoint['side'], ep: ImplEndpoint | FrameworkEndpoint, dir: string, at: Location) => {
    if (seen.has(id)) return;
    seen.add(id);
    const program = 'implementation' in ep ? ep.implementation : ep.framework;
    const programName = 'implementation' in ep ? IMPL_NAMES[ep.implementation] : FRAMEWORK_NAMES[ep.framework];
    endpoints.push({
      id,
      side,
      program,
      programName,
      label: maskUrlsIn(pick(ep.label, lang)),
      protocol: ep.protocol,
      role: ep.role,
      address: address(ep),
      enabled: ep.enabled,
      place: placeOf(dir),
      at,
    });
  };
  const addImpl = (ep: ImplEndpoint, dir: string) => add(implEndpointId(ep), 'impl', ep, dir, ep.anchor);
  const addFw = (ep: FrameworkEndpoint) =>
    add(fwEndpointId(ep), 'fw', ep, ep.dir, (ep.role === 'dials' ? ep.urlLoc : undefined) ?? ep.portLoc ?? ep.pathLoc ?? ep.anchor);
  for (const cfg of model.implementations) for (const ep of cfg.endpoints) addImpl(ep, cfg.dir);
  for (const p of model.nonebot) for (const ep of nonebotEndpoints(p)) addFw(ep);
  for (const k of model.koishi) for (const ep of k.endpoints) addFw(ep);
  // A link's sides are listed even when their config did not list them as above (defensive: the model is plain data).
  for (const link of model.links) {
    addImpl(link.impl, link.implConfig.dir);
    addFw(link.fw);
  }

  const links: LinkMapLink[] = model.links.map((link) => {
    const impl = implEndpointId(link.impl);
    const fw = fwEndpointId(link.fw);
    const implDials = link.kind === 'reverse-ws' || link.kind === 'http-post';
    const on = linkFindings(link, findings, text)
      .slice()
      .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code));
    const codes = [...new Set(on.map((f) => f.code))];
    const certain = on.find((f) => f.fixes.some((x) => x.preferred === true && x.edits.length > 0));
    const fix = certain?.fixes.find((x) => x.preferred === true && x.edits.length > 0);
    const id = linkId(link);
    const probeIndex = opts.probeIndex?.(link);
    const probe = opts.probes?.get(id);
    return {
      id,
      kind: link.kind,
      kindLabel: pick(KIND_LABELS[link.kind], lang),
      impl,
      fw,
      from: implDials ? impl : fw,
      to: implDials ? fw : impl,
      ...(link.url !== undefined ? { url: maskUrl(link.url) } : {}),
      assumed: link.assumed,
      reason: maskUrlsIn(pick(link.reason, lang)),
      findings: on.map((f) => ({ code: f.code, severity: f.severity, message: maskUrlsIn(pick(f.message, lang)), file: f.file, range: f.range })),
      codes,
      state: on.length === 0 ? 'ok' : on[0].severity,
      ...(certain && fix ? { fix: { code: certain.code, title: maskUrlsIn(pick(fix.title, lang)), file: certain.file, range: certain.range } } : {}),
      ...(probeIndex !== undefined ? { probeIndex } : {}),
      ...(probe ? { probe } : {}),
    };
  });

  // Host first, then the services by name; endpoints in their model order within.
  const placeList = [...places.values()].sort((a, b) => (a.kind === b.kind ? a.label.localeCompare(b.label) : a.kind === 'host' ? -1 : 1));
  return { places: placeList, endpoints, links };
}
