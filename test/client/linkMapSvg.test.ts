/** The link map's picture: one frame per place, one box per endpoint, one arrow per link, red where a rule fires. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze, nodeFileHost } from '../../server/src/core/analyze';
import { buildLinkMap, type LinkMap } from '../../server/src/core/link/linkMap';
import { diagramHtml, linkMapSvg, REVEAL_COMMAND, type DiagramLabels } from '../../client/src/linkMapSvg';

const LABELS: DiagramLabels = {
  title: 'OneBot Link Map',
  implementation: 'implementation',
  framework: 'framework',
  dials: 'dials',
  listens: 'listens on',
  disabled: 'disabled',
  notLinked: 'not linked',
  service: 'Compose service',
  hostNetwork: 'host network',
  legendDials: 'arrow: who dials whom',
  legendError: 'a rule fires (error)',
  legendWarning: 'warning',
  legendOk: 'linked, no problem',
  probe: 'last test',
  empty: 'Nothing here.',
  protocols: { 'ws-reverse': 'reverse WebSocket', 'ws-forward': 'forward WebSocket', 'http-post': 'HTTP POST', 'http-api': 'HTTP API' },
};

function mapOf(dir: string, lang: 'en' | 'zh' = 'en'): LinkMap {
  const r = analyze([dir], nodeFileHost);
  return buildLinkMap(r.model, r.findings, { lang });
}

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('linkMapSvg', () => {
  // [workspace, frames, boxes, red arrows, green arrows, red boxes, texts that must appear]
  const rows: [string, number, number, number, number, number, string[]][] = [
    ['examples/broken', 1, 4, 1, 0, 1, ['Host', 'ws-path, token-unused', 'reverse WebSocket', 'not linked']],
    ['examples/fixed', 1, 4, 0, 1, 0, ['✓', 'disabled']],
    ['examples/gocqhttp-koishi', 1, 2, 1, 0, 2, ['selfid-mismatch, ws-path']],
    [
      'server/src/core/rules/compose-loopback.cases/fires-napcat-dials-loopback',
      2,
      3,
      1,
      0,
      1,
      ['Compose service napcat', 'Compose service nonebot', 'compose-loopback'],
    ],
  ];
  for (const [dir, frames, boxes, red, green, redBoxes, texts] of rows) {
    it(dir, () => {
      const { svg } = linkMapSvg(mapOf(path.resolve(dir)), LABELS);
      assert.equal(count(svg, /class="frame"/g), frames, 'frames');
      assert.equal(count(svg, /<g class="endpoint/g), boxes, 'boxes');
      assert.equal(count(svg, /<g class="link err"/g), red, 'red arrows');
      assert.equal(count(svg, /<g class="link ok"/g), green, 'green arrows');
      assert.equal(count(svg, /<g class="endpoint err/g), redBoxes, 'red boxes');
      for (const t of texts) assert.ok(svg.includes(t), t);
    });
  }

  it('the arrow goes from the side that dials: forward WS from the framework, reverse WS from the implementation', () => {
    const map = mapOf(path.resolve('examples/broken'));
    const { svg } = linkMapSvg(map, LABELS);
    const m = /<path d="M(\d+(?:\.\d+)?),/.exec(svg.slice(svg.indexOf('<g class="link')));
    const impl = /<g class="endpoint[^"]*" data-id="impl:[^"]*"><a href="[^"]*"><title>[^<]*<\/title><rect x="(\d+)"/.exec(svg);
    assert.ok(m && impl);
    assert.equal(Number(m[1]), Number(impl[1]) + 270, 'starts at the right edge of the implementation box');
  });

  it('texts are escaped, the page has a strict policy and no script or remote resource', () => {
    const map = mapOf(path.resolve('examples/broken'));
    map.endpoints[0] = { ...map.endpoints[0], label: '<script>alert(1)</script> & "x"' };
    const html = diagramHtml(map, LABELS, 'NONCE', 'en');
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(html.includes('&lt;script&gt;'));
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-NONCE'; img-src data:;"/);
    assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('a click on a box opens the line that defines it; on an arrow, its first finding (or the dialling side): one command only', () => {
    const map = mapOf(path.resolve('examples/broken'));
    const { svg } = linkMapSvg(map, LABELS);
    const fromXml = (s: string) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    /** data-id → the [file, range] its link opens. */
    const targets = new Map(
      [...svg.matchAll(/data-id="([^"]*)"><a href="([^"]*)">/g)].map(([, id, href]) => {
        const h = fromXml(href);
        assert.ok(h.startsWith(`command:${REVEAL_COMMAND}?`), h);
        return [fromXml(id), JSON.parse(decodeURIComponent(h.slice(`command:${REVEAL_COMMAND}?`.length)))];
      }),
    );
    assert.equal(targets.size, map.endpoints.length + map.links.length, 'every box and every arrow is a link');
    for (const ep of map.endpoints) assert.deepEqual(targets.get(ep.id), [ep.at.file, ep.at.range], ep.id);
    for (const k of map.links) {
      const want = k.findings[0] ?? map.endpoints.find((e) => e.id === k.from)!.at;
      assert.deepEqual(targets.get(k.id), [want.file, want.range], k.id);
    }
    assert.deepEqual([...new Set([...svg.matchAll(/href="command:([^?"]*)/g)].map((m) => m[1]))], [REVEAL_COMMAND], 'no other command');
  });

  it('Chinese labels come through', () => {
    const { svg } = linkMapSvg(mapOf(path.resolve('examples/broken'), 'zh'), { ...LABELS, title: 'OneBot 连接图' });
    for (const t of ['主机', '反向 WebSocket', 'OneBot 连接图']) assert.ok(svg.includes(t), t);
  });

  it('an empty map says so', () => {
    const { svg } = linkMapSvg({ places: [], endpoints: [], links: [] }, LABELS);
    assert.ok(svg.includes('Nothing here.'));
  });
});
