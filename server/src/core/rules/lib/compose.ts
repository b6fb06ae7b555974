import type { Fix, Link, Localized, Location, RelatedInfo, TextEdit } from '../../model';
import { t } from '../../l10n';
import { isHostNetwork, linkPlacement, type Placement } from '../../compose/placement';
import type { ComposePort, ComposeService } from '../../compose/reader';
import { eol, insertEntry } from '../../impl/yaml';
import { isLoopbackHost, isWildcardHost, parseDialUrl, type DialTarget } from '../../link/urls';
import { editKoishi } from '../../framework/koishi/editor';
import type { RuleContext } from '../types';
import { fix, setEnvSetting } from './edits';
import { fwName, implFieldLoc, implFix, implName } from './link';
import { settingValueLocation } from './sides';

/** Helpers for the compose rules: which side dials, where each side runs, and edits of the dialled host. */

export interface ComposeLinkView {
  /** Which side opens the connection. */
  dialer: 'impl' | 'fw';
  dialerPlace?: Placement;
  listenerPlace?: Placement;
  target: DialTarget;
  /** Where the dialled host is written. */
  dialAt: Location;
  /** "NapCat's websocketClients[0]", "NoneBot's ONEBOT_WS_URLS". */
  dialerLabel: Localized;
  /** "NoneBot", "NapCat". */
  dialerName: string;
  listenerName: string;
}

/** The link seen from compose; undefined when the workspace has no compose project or the URL does not parse. */
export function composeView(link: Link, ctx: RuleContext): ComposeLinkView | undefined {
  const info = ctx.model.compose;
  if (!info || !link.url) return undefined;
  const target = parseDialUrl(link.url);
  if (!target) return undefined;
  const places = linkPlacement(info, link);
  const implDials = link.kind === 'reverse-ws' || link.kind === 'http-post';
  if (implDials)
    return {
      dialer: 'impl',
      dialerPlace: places.impl,
      listenerPlace: places.fw,
      target,
      dialAt: implFieldLoc(link.impl, 'host'),
      dialerLabel: link.impl.label,
      dialerName: implName(link.impl),
      listenerName: fwName(link),
    };
  return {
    dialer: 'fw',
    dialerPlace: places.fw,
    listenerPlace: places.impl,
    target,
    dialAt: link.wsUrl ? { file: link.wsUrl.file, range: link.wsUrl.range } : (link.fw.urlLoc ?? link.fw.anchor),
    dialerLabel: link.fw.label,
    dialerName: fwName(link),
    listenerName: implName(link.impl),
  };
}

/** Two placements are the same container, or share one network namespace (`network_mode: service:x`). */
export function sameNamespace(a: Placement | undefined, b: Placement | undefined): boolean {
  if (!a || !b) return false;
  if (a.compose === b.compose && a.service === b.service) return true;
  const mode = (s: ComposeService) => s.networkMode?.value.trim() ?? '';
  return a.compose === b.compose && (mode(a.service) === `service:${b.service.name}` || mode(b.service) === `service:${a.service.name}`);
}

/** The compose line of a service, as related information. */
export function serviceRelated(p: Placement, message: Localized): RelatedInfo {
  return { file: p.service.file, range: p.service.keyRange, message };
}

/** Where a side runs, in words: `in the container of service "nonebot"`, `on the host`. */
export function whereWords(p: Placement | undefined): Localized {
  return p ? t(`in the container of service "${p.service.name}"`, `在服务 "${p.service.name}" 的容器中`) : t('on the host', '在宿主机上');
}

/** A fix that changes the host the dialer dials. */
export function dialHostFix(link: Link, view: ComposeLinkView, newHost: string, title: Localized, ctx: RuleContext, preferred = false): Fix | undefined {
  if (view.dialer === 'impl') return implFix(link.impl, 'host', newHost, title, ctx.text, { preferred });
  const edit = replaceUrlHost(view.dialAt, view.target.host, newHost, ctx.text);
  return edit ? fix(title, [edit], preferred) : undefined;
}

/** Replaces `//host` inside a single-line URL written at `loc`. */
function replaceUrlHost(loc: Location, oldHost: string, newHost: string, text: (file: string) => string | undefined): TextEdit | undefined {
  const body = text(loc.file);
  if (body === undefined || loc.range.start.line !== loc.range.end.line) return undefined;
  const line = body.split(/\r\n|\r|\n/)[loc.range.start.line] ?? '';
  const seg = line.slice(loc.range.start.character, loc.range.end.character);
  const written = oldHost.includes(':') ? `[${oldHost}]` : oldHost;
  const i = seg.toLowerCase().indexOf(`//${written.toLowerCase()}`);
  if (i < 0) return undefined;
  const start = loc.range.start.character + i + 2;
  return {
    file: loc.file,
    range: { start: { line: loc.range.start.line, character: start }, end: { line: loc.range.start.line, character: start + written.length } },
    newText: newHost,
  };
}

/** Where the listener's bind host is written, with a fix to listen on every interface (undefined where no edit is safe). */
export function listenerHost(link: Link, view: ComposeLinkView, ctx: RuleContext): { host: string; at: Location; fix?: Fix; fromCompose?: boolean } {
  if (view.dialer === 'fw') {
    const ep = link.impl;
    const wildcard = ep.implementation === 'lagrange' ? '*' : '0.0.0.0';
    return {
      host: ep.host ?? '',
      at: implFieldLoc(ep, 'host'),
      fix: implFix(ep, 'host', wildcard, t(`Listen on all interfaces (${wildcard})`, `监听所有网卡（${wildcard}）`), ctx.text, { preferred: true }),
    };
  }
  const title = t('Listen on all interfaces (0.0.0.0)', '监听所有网卡（0.0.0.0）');
  if (link.framework === 'nonebot') {
    const p = link.nonebot;
    const s = p.host;
    const svcVar = view.listenerPlace?.service.environment.HOST;
    if (s.fromProcessEnv && !s.entry && svcVar && svcVar.value === s.value) {
      const edit: TextEdit = { file: svcVar.loc.file, range: svcVar.loc.range, newText: svcVar.form === 'list' ? 'HOST=0.0.0.0' : '0.0.0.0' };
      return { host: s.value ?? '', at: svcVar.loc, fix: fix(title, [edit], true), fromCompose: true };
    }
    const at = s.entry || p.loaded.length > 0 ? settingValueLocation(p, s, ctx.text) : link.fw.anchor;
    const edits = s.fromProcessEnv && !s.entry ? undefined : [setEnvSetting(p, 'HOST', '0.0.0.0', ctx.text, s.isDefault ? undefined : s)];
    return { host: s.value ?? link.fw.host ?? '', at, fix: edits ? fix(title, edits, true) : undefined };
  }
  const k = link.koishi;
  const edits = editKoishi(k.file, undefined, 'host', '0.0.0.0', ctx.text);
  return { host: k.host, at: link.fw.hostLoc ?? link.fw.anchor, fix: edits ? fix(title, edits, true) : undefined };
}

// ---------------------------------------------------------------------------------------------------------------
// Reaching a container through the host (published ports)
// ---------------------------------------------------------------------------------------------------------------

/**
 * How the dialer reaches a listener that runs in a bridge-network container, when it goes through the host's
 * published ports: `loopback` (a dialer on the host dials 127.0.0.1 / localhost / ::1), `external` (a dialer on the
 * host or another machine dials a LAN address or a domain name), `gateway` (a dialer in a container dials
 * `host.docker.internal`). Undefined when the path does not go through published ports (container to container,
 * a shared namespace, a listener on the host or in the host's network) or another rule owns the address (a service
 * name from the host: compose-unknown-host; the wildcard: host-unreachable; loopback from a container: compose-loopback).
 */
export interface HostRoute {
  via: 'loopback' | 'external' | 'gateway';
  /** The service whose network namespace the listener uses (itself, or the `service:x` it shares). */
  portsOf: ComposeService;
  listener: Placement;
}

export function hostRoute(view: ComposeLinkView): HostRoute | undefined {
  const to = view.listenerPlace;
  if (!to) return undefined;
  const from = view.dialerPlace;
  if (sameNamespace(from, to)) return undefined;
  let portsOf = to.service;
  const mode = portsOf.networkMode?.value.trim();
  if (mode) {
    const m = /^service:(.+)$/.exec(mode);
    if (!m) return undefined; // host: nothing is published; none / container:x: not judged here
    const owner = to.compose.services.find((s) => s.name === m[1].trim());
    if (!owner || owner.networkMode) return undefined;
    portsOf = owner;
  }
  const host = view.target.host.toLowerCase();
  if (isWildcardHost(host)) return undefined;
  const onHost = !from || isHostNetwork(from.service);
  if (onHost) {
    if (isLoopbackHost(host)) return { via: 'loopback', portsOf, listener: to };
    // A single-label name from the host: a service name is compose-unknown-host's; any other is unknown here.
    if (!host.includes('.') && !host.includes(':')) return undefined;
    return { via: 'external', portsOf, listener: to };
  }
  if (host === 'host.docker.internal' || from.service.extraHosts.some((h) => h.host.toLowerCase() === host && h.ip.trim() === 'host-gateway'))
    return { via: 'gateway', portsOf, listener: to };
  return undefined;
}

/** One `ports` entry as ranges: host ports `pubLo..pubHi` (none when the host port is left to Docker). */
export interface PortMapping {
  port: ComposePort;
  pubLo?: number;
  pubHi?: number;
  tgtLo: number;
  tgtHi: number;
  hostIp?: string;
}

/** The ranges of a `ports` entry; undefined when the container port is unknown. */
export function portMapping(p: ComposePort, text: (file: string) => string | undefined): PortMapping | undefined {
  if (p.target === undefined) return undefined;
  const tgtLo = p.target;
  let tgtHi = p.target;
  // A container range ("8080-8081") keeps only its start in the model: read its end from the entry as written.
  const body = text(p.loc.file);
  if (body !== undefined && p.loc.range.start.line === p.loc.range.end.line) {
    const raw = (body.split(/\r\n|\r|\n/)[p.loc.range.start.line] ?? '').slice(p.loc.range.start.character, p.loc.range.end.character);
    const m = /(\d+)-(\d+)["']?(?:\/\w+)?["']?\s*$/.exec(raw);
    if (!raw.includes('$') && !raw.includes('{') && m && Number(m[1]) === p.target && Number(m[2]) >= p.target) tgtHi = Number(m[2]);
  }
  const range = (s: string | undefined): [number, number] | undefined => {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(s ?? '');
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] !== undefined ? Number(m[2]) : lo;
    return hi >= lo ? [lo, hi] : undefined;
  };
  const pub = range(p.published);
  const hostIp = p.hostIp?.trim().replace(/^\[|\]$/g, '') || undefined;
  return { port: p, pubLo: pub?.[0], pubHi: pub?.[1], tgtLo, tgtHi, hostIp };
}

/**
 * The container port a host port reaches through a mapping: `certain` when the ranges pair one to one; a host range
 * over one container port lets Docker pick one host port of the range, so the answer is only possible.
 */
export function mappedPort(m: PortMapping, hostPort: number): { port: number; certain: boolean } | undefined {
  if (m.pubLo === undefined || m.pubHi === undefined || hostPort < m.pubLo || hostPort > m.pubHi) return undefined;
  if (m.pubHi - m.pubLo === m.tgtHi - m.tgtLo) return { port: m.tgtLo + (hostPort - m.pubLo), certain: true };
  if (m.tgtLo === m.tgtHi) return { port: m.tgtLo, certain: false };
  return undefined;
}

/**
 * A sequence item appended to a `ports`-like list of the service (the list created when the service has none);
 * undefined when the list is written in a way no safe edit reaches (an anchor, a merge, a multi-line flow list).
 */
export function appendServiceListItem(svc: ComposeService, key: string, item: string): TextEdit | undefined {
  const last = svc.nodes[svc.nodes.length - 1];
  if (last?.node.kind !== 'object') return undefined;
  const y = last.yaml;
  const list = last.node.entries?.find((e) => e.key === key);
  if (!list) {
    const e = insertEntry(y, last.node, key, `[${item}]`);
    return e ? { file: y.file, ...e } : undefined;
  }
  if (list.origin || list.via || list.merged || list.kind !== 'array') return undefined;
  const items = list.items ?? [];
  if (list.flow || items.length === 0) {
    const endOff = y.lines.offset(list.valueRange.end);
    const close = y.text.lastIndexOf(']', endOff);
    if (close < 0 || y.text.slice(y.lines.offset(list.valueRange.start), close).includes('\n')) return undefined;
    const inner = y.text.slice(y.lines.offset(list.valueRange.start) + 1, close).trim();
    let at = close;
    while (at > 0 && /[ \t]/.test(y.text[at - 1])) at--;
    const pos = y.lines.position(at);
    return { file: y.file, range: { start: pos, end: pos }, newText: inner ? `, ${item}` : item };
  }
  const first = items[0].valueRange.start;
  const lineText = y.lines.lineText(first.line);
  const dash = lineText.lastIndexOf('-', first.character);
  if (dash < 0 || lineText.slice(0, dash).trim() !== '') return undefined;
  const endLine = (list.lastEntryEnd ?? items[items.length - 1].valueRange.end).line;
  const end = { line: endLine, character: y.lines.lineText(endLine).length };
  return { file: y.file, range: { start: end, end }, newText: `${eol(y.text)}${' '.repeat(dash)}- ${item}` };
}
