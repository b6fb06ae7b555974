/**
 * Navigation between the two sides of a link: from an implementation's token, port, host, path or account to the
 * framework setting it must agree with, and back. Also the one-line summary of each link shown above its entry.
 *
 * Plain functions over the workspace model (no editor types): the language server turns them into Go to Definition,
 * Find References and code lenses.
 */
import type { Finding, Link, LinkKind, Localized, Location, Position, Range, ValueNode, WorkspaceModel } from '../model';
import { t } from '../l10n';
import { registrationAnchor } from '../rules/lib/adapters';
import type { ComposeInfo } from '../compose/placement';
import { serviceHostNames } from '../compose/placement';
import { parseDialUrl } from './urls';

/** What two places of a link agree on. */
type CounterpartField = 'token' | 'port' | 'host' | 'path' | 'selfId' | 'url' | 'service';

/** A place on one side of a link: where to land (`at`) and what a click may touch to start there (`hit`). */
interface Place {
  at: Location;
  hit: Range[];
}

/** One agreement of one link: the implementation's places and the framework's. */
interface InternalPair {
  field: CounterpartField;
  link: Link;
  impl: Place[];
  fw: Place[];
}

interface CounterpartAnswer {
  /** Which side the position is on. */
  side: 'impl' | 'fw';
  field: CounterpartField;
  link: Link;
  /** The other side's places (Go to Definition). */
  targets: Location[];
  /** Both sides' places (Find References). */
  all: Location[];
}

function nodePlace(n: ValueNode | undefined): Place | undefined {
  if (!n) return undefined;
  const shown = n.origin ?? n;
  const hit = [n.valueRange, ...(n.keyRange ? [n.keyRange] : [])];
  if (shown !== n) hit.push(shown.valueRange, ...(shown.keyRange ? [shown.keyRange] : []));
  return { at: { file: shown.file, range: shown.valueRange }, hit: dedupeRanges(hit) };
}

/** A framework location; for a NoneBot .env value, the key of the same entry is a place to click too. */
function fwPlace(link: Link, loc: Location | undefined): Place | undefined {
  if (!loc?.file) return undefined;
  const hit = [loc.range];
  if (link.framework === 'nonebot') {
    for (const f of link.nonebot.envFiles) {
      if (f.file !== loc.file) continue;
      const e = f.entries.find(
        (x) =>
          sameRange(x.valueRange, loc.range) ||
          sameRange(x.innerRange, loc.range) ||
          (x.line === loc.range.start.line && contains(x.valueRange, loc.range.start)),
      );
      if (e) hit.push(e.keyRange, e.valueRange);
    }
  }
  return { at: loc, hit: dedupeRanges(hit) };
}

function defined<T>(xs: (T | undefined)[]): T[] {
  return xs.filter((x): x is T => x !== undefined);
}

/**
 * The agreements of one link. `text` reads a file (for NoneBot's adapter registration when bot.py registers none);
 * without it the registration falls back to the file's first line.
 */
function pairsOf(link: Link, text: (file: string) => string | undefined, compose?: ComposeInfo): InternalPair[] {
  const { impl, fw } = link;
  const out: InternalPair[] = [];
  const add = (field: CounterpartField, i: (Place | undefined)[], f: (Place | undefined)[]) => {
    const a = defined(i);
    const b = defined(f);
    if (a.length && b.length) out.push({ field, link, impl: a, fw: b });
  };
  const url = nodePlace(impl.urlNode);
  const wsUrl = link.wsUrl?.file ? fwPlace(link, { file: link.wsUrl.file, range: link.wsUrl.range }) : undefined;
  if (link.kind === 'forward-ws' || link.kind === 'http-api') {
    // The framework dials the implementation's server: its URL names the server's host and port.
    const dial = wsUrl ?? fwPlace(link, fw.urlLoc);
    add('port', [nodePlace(impl.portNode) ?? url], [dial]);
    add('host', [nodePlace(impl.hostNode)], [dial]);
  } else {
    // The implementation dials (or posts to) the framework's server.
    add('port', [nodePlace(impl.portNode) ?? url], [fwPlace(link, fw.portLoc)]);
    add('host', [nodePlace(impl.hostNode) ?? url], [fwPlace(link, fw.hostLoc)]);
    const route =
      link.framework === 'nonebot'
        ? (() => {
            const r = registrationAnchor(link.nonebot, text);
            return r ? { at: r, hit: [r.range] } : undefined;
          })()
        : fwPlace(link, fw.pathLoc);
    add('path', [nodePlace(impl.fields.suffix) ?? url], [route]);
  }
  add('token', [nodePlace(impl.tokenNode)], [fwPlace(link, fw.tokenLoc)]);
  if (fw.selfIds?.length)
    add(
      'selfId',
      [nodePlace(link.implConfig.selfIdNode)],
      // A NoneBot API root's key sits in the same value as its URL: only the key itself is its place.
      fw.selfIds.map((s) => (fw.role === 'dials' ? s.loc && { at: s.loc, hit: [s.loc.range] } : fwPlace(link, s.loc))),
    );
  // A compose service named as the host of the URL one side dials: the URL ↔ the service's definition.
  const svc = compose && link.url ? dialledService(compose, link.url) : undefined;
  if (svc) {
    const key: Place = { at: { file: svc.file, range: svc.keyRange }, hit: [svc.keyRange] };
    if (link.kind === 'forward-ws' || link.kind === 'http-api') add('service', [key], [wsUrl ?? fwPlace(link, fw.urlLoc)]);
    else add('service', [url ?? nodePlace(impl.hostNode)], [key]);
  }
  return out;
}

/** The compose service a URL's host names (its name, an alias, its container_name or hostname), if any. */
function dialledService(compose: ComposeInfo, url: string) {
  const host = parseDialUrl(url)?.host.toLowerCase();
  if (!host) return undefined;
  for (const p of compose.projects) for (const s of p.services) if (serviceHostNames(s).includes(host)) return s;
  return undefined;
}

/**
 * The counterparts of what is at `pos` in `file`: every agreement whose place on either side contains the position
 * (a NapCat URL holds the port, the host and the path at once), merged. Undefined when the position is on no link.
 */
function counterpartsAt(model: WorkspaceModel, file: string, pos: Position, text: (file: string) => string | undefined = () => undefined): CounterpartAnswer[] {
  const out: CounterpartAnswer[] = [];
  for (const link of model.links) {
    for (const p of pairsOf(link, text, model.compose)) {
      const onImpl = p.impl.some((x) => x.at.file === file && x.hit.some((r) => contains(r, pos)));
      const onFw = p.fw.some((x) => x.at.file === file && x.hit.some((r) => contains(r, pos)));
      if (!onImpl && !onFw) continue;
      const impl = p.impl.map((x) => x.at);
      const fw = p.fw.map((x) => x.at);
      out.push({ side: onImpl ? 'impl' : 'fw', field: p.field, link, targets: dedupe(onImpl ? fw : impl), all: dedupe([...impl, ...fw]) });
    }
  }
  return out;
}

/** Go to Definition: the other side's places, merged over every agreement at the position. */
export function definitionsAt(model: WorkspaceModel, file: string, pos: Position, text?: (file: string) => string | undefined): Location[] {
  return dedupe(counterpartsAt(model, file, pos, text).flatMap((a) => a.targets));
}

/** Find References: both sides' places (the position's own place included when asked). */
export function referencesAt(
  model: WorkspaceModel,
  file: string,
  pos: Position,
  includeDeclaration: boolean,
  text?: (file: string) => string | undefined,
): Location[] {
  const all = dedupe(counterpartsAt(model, file, pos, text).flatMap((a) => a.all));
  return includeDeclaration ? all : all.filter((l) => !(l.file === file && contains(l.range, pos)));
}

const KIND_NAMES: Record<LinkKind, Localized> = {
  'reverse-ws': t('reverse WebSocket', '反向 WebSocket'),
  'forward-ws': t('forward WebSocket', '正向 WebSocket'),
  'http-post': t('HTTP POST', 'HTTP POST'),
  'http-api': t('HTTP API', 'HTTP API'),
};

/** One summary line of a link, at a place on one of its sides. */
export interface LinkLens {
  at: Location;
  title: Localized;
  link: Link;
  problems: number;
}

/** Every place that belongs to a link (its entries' fields and anchors on both sides). */
function linkRanges(link: Link, text: (file: string) => string | undefined): Location[] {
  const impl = link.impl;
  const out: Location[] = [impl.anchor];
  for (const n of Object.values(impl.fields)) {
    const shown = n.origin ?? n;
    out.push({ file: n.file, range: n.valueRange }, { file: shown.file, range: shown.valueRange });
    if (n.keyRange) out.push({ file: n.file, range: n.keyRange });
  }
  for (const p of pairsOf(link, text)) for (const x of [...p.impl, ...p.fw]) out.push(...x.hit.map((range) => ({ file: x.at.file, range })));
  return out;
}

/** The findings that lie on the link's places (or point at them as related information), whatever their severity. */
export function linkFindings(link: Link, findings: readonly Finding[], text: (file: string) => string | undefined = () => undefined): Finding[] {
  const places = linkRanges(link, text);
  const on = (file: string, r: Range) => places.some((p) => p.file === file && overlaps(p.range, r));
  return findings.filter((f) => on(f.file, f.range) || f.related.some((r) => on(r.file, r.range)));
}

/** How many errors and warnings lie on the link's places (or point at them as related information). */
function linkProblems(link: Link, findings: readonly Finding[], text: (file: string) => string | undefined = () => undefined): number {
  return linkFindings(link, findings, text).filter((f) => f.severity === 'error' || f.severity === 'warning').length;
}

/**
 * One lens per link on the implementation entry ("→ NoneBot in bot (reverse WebSocket) ✓ linked") and one on the
 * framework side where it has a place in a file ("← NapCat's websocketClients[0] (reverse WebSocket) — 2 problems").
 */
export function linkLenses(model: WorkspaceModel, findings: readonly Finding[], text: (file: string) => string | undefined = () => undefined): LinkLens[] {
  const out: LinkLens[] = [];
  for (const link of model.links) {
    const problems = linkProblems(link, findings, text);
    const kind = KIND_NAMES[link.kind];
    const state = problems === 0 ? t('✓ linked', '✓ 已连通') : t(`✗ ${problems} problem${problems === 1 ? '' : 's'}`, `✗ ${problems} 个问题`);
    const assumed = link.assumed ? t(' (assumed pairing)', '（推测的配对）') : t('', '');
    // A label that already names its type ("Lagrange's Implementations[0] (ForwardWebSocket)") is not followed by the kind.
    const title = (arrow: string, other: Localized): Localized =>
      t(
        `${arrow} ${other.en}${/\)$/.test(other.en) ? '' : ` (${kind.en})`} ${state.en}${assumed.en}`,
        `${arrow} ${other.zh}${/[)）]$/.test(other.zh) ? ' ' : `（${kind.zh}）`}${state.zh}${assumed.zh}`,
      );
    out.push({ at: link.impl.anchor, title: title('→', link.fw.label), link, problems });
    const fwAt =
      (link.wsUrl?.file ? { file: link.wsUrl.file, range: link.wsUrl.range } : undefined) ??
      link.fw.urlLoc ??
      link.fw.tokenLoc ??
      link.fw.portLoc ??
      (link.fw.file ? link.fw.anchor : undefined);
    if (fwAt?.file) out.push({ at: fwAt, title: title('←', link.impl.label), link, problems });
  }
  return out;
}

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

function cmp(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function overlaps(a: Range, b: Range): boolean {
  return cmp(a.start, b.end) <= 0 && cmp(b.start, a.end) <= 0;
}

function sameRange(a: Range, b: Range): boolean {
  return cmp(a.start, b.start) === 0 && cmp(a.end, b.end) === 0;
}

function dedupeRanges(rs: Range[]): Range[] {
  return rs.filter((r, i) => rs.findIndex((x) => sameRange(x, r)) === i);
}

function dedupe(ls: Location[]): Location[] {
  return ls.filter((l, i) => ls.findIndex((x) => x.file === l.file && sameRange(x.range, l.range)) === i);
}
