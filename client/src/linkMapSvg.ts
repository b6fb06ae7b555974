/**
 * The link map's picture: an inline SVG drawn from the same data as the view (server/src/core/link/linkMap.ts). One
 * column per place (the host, then each Compose service), each place a frame holding its endpoints, implementations
 * on the left and frameworks on the right; one arrow per link from the side that dials to the side that listens, red
 * where a rule fires, amber for warnings. No editor types here (the webview and the tests both use it); every text
 * is escaped.
 */
import type { LinkMap, LinkMapEndpoint, LinkMapLink } from '../../server/src/protocol/lspExt';

/** The texts the picture needs, in the user's language (the client's l10n bundle provides them). */
export interface DiagramLabels {
  title: string;
  implementation: string;
  framework: string;
  dials: string;
  listens: string;
  disabled: string;
  notLinked: string;
  service: string;
  hostNetwork: string;
  legendDials: string;
  legendError: string;
  legendWarning: string;
  legendOk: string;
  probe: string;
  empty: string;
  /** The four ways the sides meet, by endpoint protocol. */
  protocols: Record<LinkMapEndpoint['protocol'], string>;
}

const BOX_W = 270;
const BOX_H = 84;
const GAP_Y = 22;
const COL_GAP = 250;
const PAD = 18;
const HEAD = 34;
const TOP = 56;

/** The one command a click in the picture may run (the panel allows no other): open a config line. */
export const REVEAL_COMMAND = 'onebotDoctor.linkMap.reveal';

/** A `command:` link that opens `file` at `range` (the webview turns a click on it into the command, with no script). */
export function revealHref(at: { file: string; range: LinkMapLink['findings'][number]['range'] }): string {
  return `command:${REVEAL_COMMAND}?${encodeURIComponent(JSON.stringify([at.file, at.range]))}`;
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Cuts a text to `n` characters (with an ellipsis), so that it stays inside its box. */
function fit(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

interface Box {
  ep: LinkMapEndpoint;
  x: number;
  y: number;
}

type State = LinkMapLink['state'];
const STROKE: Record<State, string> = { ok: 'ok', hint: 'ok', information: 'ok', warning: 'warn', error: 'err' };
const RANK: Record<State, number> = { ok: 0, hint: 0, information: 0, warning: 1, error: 2 };

function worst(states: State[]): State {
  return states.reduce<State>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
}

/** The label without the program's name in front ("NapCat's websocketClients[0]" → "websocketClients[0]"). */
function shortLabel(ep: LinkMapEndpoint): string {
  const l = ep.label;
  if (l.startsWith(`${ep.programName}'s `)) return l.slice(ep.programName.length + 3);
  if (l.startsWith(`${ep.programName} 的`)) return l.slice(ep.programName.length + 2).trim();
  return l;
}

/** The SVG of the map, with its width and height. */
export function linkMapSvg(map: LinkMap, l: DiagramLabels): { svg: string; width: number; height: number } {
  if (map.endpoints.length === 0) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80" role="img" aria-label="${escapeXml(l.title)}"><text x="20" y="44" class="muted">${escapeXml(l.empty)}</text></svg>`;
    return { svg, width: 600, height: 80 };
  }
  const boxes = new Map<string, Box>();
  const frames: string[] = [];
  let x = PAD;
  let maxBottom = 0;
  for (const place of map.places) {
    const eps = map.endpoints.filter((e) => e.place === place.id);
    if (eps.length === 0) continue;
    const impls = eps.filter((e) => e.side === 'impl');
    // Frameworks in the order of the implementations they link with (fewer crossing arrows); the unlinked last.
    const partner = (fw: LinkMapEndpoint) => {
      const rows = map.links
        .filter((k) => k.fw === fw.id)
        .map((k) => impls.findIndex((e) => e.id === k.impl))
        .filter((i) => i >= 0);
      return rows.length ? Math.min(...rows) : Number.MAX_SAFE_INTEGER;
    };
    const fws = eps
      .filter((e) => e.side === 'fw')
      .map((e, i) => ({ e, i, p: partner(e) }))
      .sort((a, b) => a.p - b.p || a.i - b.i)
      .map((x) => x.e);
    const cols = [impls, fws].filter((c) => c.length > 0);
    const width = cols.length * BOX_W + (cols.length - 1) * COL_GAP + 2 * PAD;
    const rows = Math.max(...cols.map((c) => c.length));
    const height = HEAD + rows * BOX_H + (rows - 1) * GAP_Y + 2 * PAD;
    cols.forEach((col, ci) => {
      col.forEach((ep, ri) => {
        boxes.set(ep.id, { ep, x: x + PAD + ci * (BOX_W + COL_GAP), y: TOP + HEAD + PAD + ri * (BOX_H + GAP_Y) });
      });
    });
    const title = place.kind === 'host' ? place.label : `${l.service} ${place.label}${place.hostNetwork ? ` (${l.hostNetwork})` : ''}`;
    frames.push(
      `<g class="place ${place.kind}"><rect x="${x}" y="${TOP}" width="${width}" height="${height}" rx="10" class="frame"/>` +
        `<text x="${x + 14}" y="${TOP + 22}" class="place-title">${escapeXml(fit(title, 60))}</text></g>`,
    );
    x += width + COL_GAP / 2;
    maxBottom = Math.max(maxBottom, TOP + height);
  }
  const width = Math.max(x - COL_GAP / 2 + PAD, 640);

  // An endpoint's state: the worst of the links that touch it and have a finding in its folder.
  const dirOf = (f: string) => f.replace(/[\\/][^\\/]*$/, '');
  const epState = (ep: LinkMapEndpoint): State =>
    worst(
      map.links
        .filter((k) => k.impl === ep.id || k.fw === ep.id)
        .flatMap((k) => k.findings.filter((f) => dirOf(f.file) === dirOf(ep.at.file)).map((f) => f.severity)),
    );
  const linked = new Set(map.links.flatMap((k) => [k.impl, k.fw]));

  const boxSvg = [...boxes.values()].map(({ ep, x: bx, y: by }) => {
    const state = epState(ep);
    const cls = ['endpoint', STROKE[state], ep.enabled ? '' : 'disabled', linked.has(ep.id) ? '' : 'unlinked'].filter(Boolean).join(' ');
    const role = ep.role === 'dials' ? l.dials : l.listens;
    const flags = [!ep.enabled ? l.disabled : '', !linked.has(ep.id) ? l.notLinked : ''].filter(Boolean).join(' · ');
    return (
      // A click on the box opens the line that defines the endpoint.
      `<g class="${cls}" data-id="${escapeXml(ep.id)}"><a href="${escapeXml(revealHref(ep.at))}">` +
      `<title>${escapeXml(`${ep.label}${ep.address ? ` — ${ep.address}` : ''}`)}</title>` +
      `<rect x="${bx}" y="${by}" width="${BOX_W}" height="${BOX_H}" rx="6" class="box"/>` +
      `<text x="${bx + 10}" y="${by + 19}" class="name">${escapeXml(ep.programName)}</text>` +
      `<text x="${bx + 10}" y="${by + 37}" class="label">${escapeXml(fit(shortLabel(ep), 42))}</text>` +
      `<text x="${bx + 10}" y="${by + 55}" class="addr">${escapeXml(fit(`${role} ${ep.address ?? ''}`.trim(), 44))}</text>` +
      `<text x="${bx + 10}" y="${by + 73}" class="small">${escapeXml(fit(`${ep.side === 'impl' ? l.implementation : l.framework} · ${l.protocols[ep.protocol]}${flags ? ` · ${flags}` : ''}`, 48))}</text></a></g>`
    );
  });

  const arrows = map.links.flatMap((k, i) => {
    const a = boxes.get(k.from);
    const b = boxes.get(k.to);
    if (!a || !b) return [];
    const rightward = b.x >= a.x;
    const x1 = rightward ? a.x + BOX_W : a.x;
    const x2 = rightward ? b.x : b.x + BOX_W;
    // Several links between the same rows are spread a little.
    const y1 = a.y + BOX_H / 2 + ((i % 3) - 1) * 8;
    const y2 = b.y + BOX_H / 2 + ((i % 3) - 1) * 8;
    const cls = STROKE[k.state];
    const mx = (x1 + x2) / 2;
    const my = (y1 + y2) / 2;
    const codes = k.codes.length ? k.codes.join(', ') : '✓';
    const probe = k.probe ? `${l.probe}: ${k.probe.verdict}` : '';
    // A click on the arrow opens its first finding, or the line that makes the dialling side dial.
    const target = k.findings[0] ?? a.ep.at;
    return [
      `<g class="link ${cls}" data-id="${escapeXml(k.id)}"><a href="${escapeXml(revealHref(target))}">` +
        `<title>${escapeXml([k.kindLabel, k.url ?? '', ...k.findings.map((f) => `${f.code}: ${f.message}`), probe].filter(Boolean).join('\n'))}</title>` +
        `<path d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" class="arrow" marker-end="url(#head-${cls})"/>` +
        `<text x="${mx}" y="${my - 8}" text-anchor="middle" class="kind">${escapeXml(fit(k.kindLabel, 30))}</text>` +
        `<text x="${mx}" y="${my + 10}" text-anchor="middle" class="codes">${escapeXml(fit(codes, 34))}</text>` +
        (probe ? `<text x="${mx}" y="${my + 26}" text-anchor="middle" class="small">${escapeXml(fit(probe, 34))}</text>` : '') +
        `</a></g>`,
    ];
  });

  const legendY = maxBottom + 34;
  const legend =
    `<g class="legend">` +
    `<path d="M${PAD},${legendY} L${PAD + 40},${legendY}" class="arrow ok" marker-end="url(#head-ok)"/><text x="${PAD + 50}" y="${legendY + 4}" class="small">${escapeXml(l.legendDials)}</text>` +
    `<rect x="${PAD + 300}" y="${legendY - 7}" width="14" height="14" class="swatch err"/><text x="${PAD + 320}" y="${legendY + 4}" class="small">${escapeXml(l.legendError)}</text>` +
    `<rect x="${PAD + 480}" y="${legendY - 7}" width="14" height="14" class="swatch warn"/><text x="${PAD + 500}" y="${legendY + 4}" class="small">${escapeXml(l.legendWarning)}</text>` +
    `<rect x="${PAD + 620}" y="${legendY - 7}" width="14" height="14" class="swatch ok"/><text x="${PAD + 640}" y="${legendY + 4}" class="small">${escapeXml(l.legendOk)}</text>` +
    `</g>`;
  const height = legendY + 24;
  const defs =
    `<defs>` +
    (['ok', 'warn', 'err'] as const)
      .map(
        (c) =>
          `<marker id="head-${c}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head ${c}"/></marker>`,
      )
      .join('') +
    `</defs>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(width, 780)}" height="${height}" viewBox="0 0 ${Math.max(width, 780)} ${height}" role="img" aria-label="${escapeXml(l.title)}">` +
    defs +
    `<text x="${PAD}" y="30" class="title">${escapeXml(l.title)}</text>` +
    frames.join('') +
    arrows.join('') +
    boxSvg.join('') +
    legend +
    `</svg>`;
  return { svg, width: Math.max(width, 780), height };
}

/** The CSS of the picture (theme colours from VS Code's variables, with fallbacks). */
const DIAGRAM_CSS = `
body { margin: 0; padding: 12px; background: var(--vscode-editor-background, #fff); color: var(--vscode-editor-foreground, #222); font-family: var(--vscode-font-family, sans-serif); }
svg { font-size: 12px; }
svg text { fill: var(--vscode-editor-foreground, #222); }
.title { font-size: 16px; font-weight: 600; }
.place-title { font-weight: 600; font-size: 13px; }
.frame { fill: none; stroke: var(--vscode-panel-border, #999); stroke-dasharray: 6 4; }
.place.service .frame { stroke: var(--vscode-charts-blue, #3b82f6); }
.box { fill: var(--vscode-editorWidget-background, #f6f6f6); stroke: var(--vscode-charts-green, #2e7d32); stroke-width: 1.5; }
.endpoint.warn .box { stroke: var(--vscode-editorWarning-foreground, #b26b00); stroke-width: 2; }
.endpoint.err .box { stroke: var(--vscode-errorForeground, #d13438); stroke-width: 2.5; }
.endpoint.unlinked .box { stroke: var(--vscode-descriptionForeground, #888); stroke-dasharray: 4 3; }
.endpoint.disabled { opacity: 0.55; }
.endpoint a, .link a { cursor: pointer; }
.endpoint a:hover .box { stroke-width: 3; }
.link a:hover .arrow { stroke-width: 4; }
.name { font-weight: 600; font-size: 13px; }
.small, .addr { font-size: 11px; }
.muted, .small { fill: var(--vscode-descriptionForeground, #666) !important; }
.arrow { fill: none; stroke-width: 2.5; }
.arrow.ok, .link.ok .arrow { stroke: var(--vscode-charts-green, #2e7d32); }
.link.warn .arrow { stroke: var(--vscode-editorWarning-foreground, #b26b00); }
.link.err .arrow { stroke: var(--vscode-errorForeground, #d13438); }
.link.err .codes { fill: var(--vscode-errorForeground, #d13438) !important; font-weight: 600; }
.link.warn .codes { fill: var(--vscode-editorWarning-foreground, #b26b00) !important; font-weight: 600; }
.kind { font-size: 11px; }
.head.ok, .swatch.ok { fill: var(--vscode-charts-green, #2e7d32); }
.head.warn, .swatch.warn { fill: var(--vscode-editorWarning-foreground, #b26b00); }
.head.err, .swatch.err { fill: var(--vscode-errorForeground, #d13438); }
`;

/** The webview's whole page: a strict policy (no script, no remote resource, styles by nonce), the inline SVG. */
export function diagramHtml(map: LinkMap, labels: DiagramLabels, nonce: string, lang: string): string {
  const { svg } = linkMapSvg(map, labels);
  return (
    `<!DOCTYPE html><html lang="${escapeXml(lang)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; img-src data:;">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(labels.title)}</title>` +
    `<style nonce="${nonce}">${DIAGRAM_CSS}</style></head><body>${svg}</body></html>`
  );
}
