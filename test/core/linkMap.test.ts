/** The link map built from analysed workspaces: sides, places, who dials whom, findings by code, the certain fix. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze, nodeFileHost } from '../../server/src/core/analyze';
import { buildLinkMap, linkId, type LinkMap, type LinkMapProbe } from '../../server/src/core/link/linkMap';
import { MemoryFileHost } from '../../server/src/core/memoryHost';

const EXAMPLES = path.resolve('examples');
const COMPOSE = path.resolve('server/src/core/rules/compose-loopback.cases');

/** The map with the workspace folder cut from ids, one line per endpoint and per link. */
function summary(map: LinkMap, root: string): { places: string[]; endpoints: string[]; links: string[] } {
  const cut = (s: string) => s.split(root).join('');
  return {
    places: map.places.map((p) => `${p.kind} ${p.label}`),
    endpoints: map.endpoints.map(
      (e) =>
        `${e.side} ${e.programName} ${e.role} ${e.protocol} ${e.address ?? '-'} ${e.enabled ? 'on' : 'off'} @${map.places.find((p) => p.id === e.place)?.label}`,
    ),
    links: map.links.map((l) => {
      const name = (id: string) => map.endpoints.find((e) => e.id === id)?.programName;
      return cut(`${l.kind}: ${name(l.from)} → ${name(l.to)} ${l.state} [${l.codes.join(',')}] fix=${l.fix?.code ?? '-'}`);
    }),
  };
}

// [workspace, places, endpoints, links]
const CASES: [string, string, string[], string[], string[]][] = [
  [
    'broken Lagrange + NoneBot: one reverse WS link with ws-path (certain fix) and token-unused; the forward WS server is unlinked',
    path.join(EXAMPLES, 'broken'),
    ['host Host'],
    [
      'impl Lagrange dials ws-reverse ws://127.0.0.1:8080/onebot/v11 on @Host',
      'impl Lagrange listens ws-forward 0.0.0.0:8081 on @Host',
      'fw NoneBot listens ws-reverse 127.0.0.1:8080 on @Host',
      'fw NoneBot listens http-post 127.0.0.1:8080 on @Host',
    ],
    ['reverse-ws: Lagrange → NoneBot error [ws-path,token-unused] fix=ws-path'],
  ],
  [
    'fixed Lagrange + NoneBot: the link is clean, the disabled forward WS server is listed as off',
    path.join(EXAMPLES, 'fixed'),
    ['host Host'],
    [
      'impl Lagrange dials ws-reverse ws://127.0.0.1:8080/onebot/v11/ws on @Host',
      'impl Lagrange listens ws-forward 127.0.0.1:8081 off @Host',
      'fw NoneBot listens ws-reverse 127.0.0.1:8080 on @Host',
      'fw NoneBot listens http-post 127.0.0.1:8080 on @Host',
    ],
    ['reverse-ws: Lagrange → NoneBot ok [] fix=-'],
  ],
  [
    'NapCat + NoneBot',
    path.join(EXAMPLES, 'napcat-nonebot'),
    ['host Host'],
    [
      'impl NapCat dials ws-reverse ws://127.0.0.1:8080/onebot/v11 on @Host',
      'fw NoneBot listens ws-reverse 127.0.0.1:8080 on @Host',
      'fw NoneBot listens http-post 127.0.0.1:8080 on @Host',
    ],
    ['reverse-ws: NapCat → NoneBot error [token-mismatch,ws-path] fix=ws-path'],
  ],
  [
    'go-cqhttp + Koishi',
    path.join(EXAMPLES, 'gocqhttp-koishi'),
    ['host Host'],
    ['impl go-cqhttp dials ws-reverse ws://127.0.0.1:5140/onebot/v11/ws on @Host', 'fw Koishi listens ws-reverse 127.0.0.1:5140 on @Host'],
    ['reverse-ws: go-cqhttp → Koishi error [selfid-mismatch,ws-path] fix=selfid-mismatch'],
  ],
  [
    'compose: each side in its service; NapCat dials its own loopback',
    path.join(COMPOSE, 'fires-napcat-dials-loopback'),
    ['service napcat', 'service nonebot'],
    [
      'impl NapCat dials ws-reverse ws://127.0.0.1:8080/onebot/v11/ws on @napcat',
      'fw NoneBot listens ws-reverse 0.0.0.0:8080 on @nonebot',
      'fw NoneBot listens http-post 0.0.0.0:8080 on @nonebot',
    ],
    ['reverse-ws: NapCat → NoneBot error [compose-loopback] fix=compose-loopback'],
  ],
  [
    'compose: NapCat dials the service name, clean',
    path.join(COMPOSE, 'silent-service-name'),
    ['service napcat', 'service nonebot'],
    [
      'impl NapCat dials ws-reverse ws://nonebot:8080/onebot/v11/ws on @napcat',
      'fw NoneBot listens ws-reverse 0.0.0.0:8080 on @nonebot',
      'fw NoneBot listens http-post 0.0.0.0:8080 on @nonebot',
    ],
    ['reverse-ws: NapCat → NoneBot ok [] fix=-'],
  ],
];

describe('buildLinkMap over analysed workspaces', () => {
  for (const [name, root, places, endpoints, links] of CASES) {
    it(name, () => {
      const r = analyze([root], nodeFileHost);
      const map = buildLinkMap(r.model, r.findings, { lang: 'en' });
      assert.deepEqual(summary(map, root), { places, endpoints, links });
      // Every link names listed endpoints; every endpoint names a listed place.
      for (const l of map.links)
        for (const id of [l.impl, l.fw, l.from, l.to])
          assert.ok(
            map.endpoints.some((e) => e.id === id),
            id,
          );
      for (const e of map.endpoints)
        assert.ok(
          map.places.some((p) => p.id === e.place),
          e.place,
        );
    });
  }
});

/** A forward WebSocket NapCat server that NoneBot dials with a token in the URL's query. */
function forwardWorkspace(): MemoryFileHost {
  return new MemoryFileHost({
    '/w/napcat/config/onebot11_10001.json': JSON.stringify({
      network: { websocketServers: [{ name: 's', enable: true, host: '0.0.0.0', port: 3001, token: 'SeCrEt-napcat-1' }] },
    }),
    '/w/bot/.env': 'DRIVER=~fastapi+~websockets\nONEBOT_WS_URLS=["ws://127.0.0.1:3001/?access_token=SeCrEt-query-2"]\nONEBOT_ACCESS_TOKEN=SeCrEt-other-3\n',
    '/w/bot/pyproject.toml': '[tool.nonebot]\nadapters = [{ name = "OneBot V11", module_name = "nonebot.adapters.onebot.v11" }]\n',
  });
}

describe('buildLinkMap: direction, language, probe state, secrets', () => {
  const r = analyze(['/w'], forwardWorkspace());
  const [link] = r.model.links;
  const probes = new Map<string, LinkMapProbe>([[linkId(link), { verdict: 'forbidden-token', ok: false, at: 1 }]]);
  // [what, language, check]
  const rows: [string, 'en' | 'zh', (m: LinkMap) => void][] = [
    [
      'forward WS: the framework dials the implementation',
      'en',
      (m) => {
        const l = m.links[0];
        assert.equal(l.kind, 'forward-ws');
        assert.equal(m.endpoints.find((e) => e.id === l.from)?.side, 'fw');
        assert.equal(m.endpoints.find((e) => e.id === l.to)?.side, 'impl');
        assert.equal(l.kindLabel, 'forward WebSocket');
      },
    ],
    [
      'the last probe verdict and the probe target index are carried',
      'en',
      (m) => {
        assert.deepEqual(m.links[0].probe, { verdict: 'forbidden-token', ok: false, at: 1 });
        assert.equal(m.links[0].probeIndex, 0);
      },
    ],
    [
      'Chinese labels',
      'zh',
      (m) => {
        assert.equal(m.places[0].label, '主机');
        assert.equal(m.links[0].kindLabel, '正向 WebSocket');
        assert.ok(m.links[0].findings.length > 0, 'the token differs: a finding on the link');
        assert.ok(
          m.links[0].findings.every((f) => /[\u4e00-\u9fff]/.test(f.message)),
          JSON.stringify(m.links[0].findings),
        );
      },
    ],
    ['no token appears anywhere', 'en', (m) => assert.doesNotMatch(JSON.stringify(m), /SeCrEt-(napcat-1|query-2|other-3)/)],
    ['no token appears anywhere (zh)', 'zh', (m) => assert.doesNotMatch(JSON.stringify(m), /SeCrEt-(napcat-1|query-2|other-3)/)],
  ];
  for (const [what, lang, check] of rows) {
    it(what, () => check(buildLinkMap(r.model, r.findings, { lang, probes, probeIndex: (l) => (l === link ? 0 : undefined) })));
  }
});

describe('buildLinkMap on bad input', () => {
  // [what, files]
  const rows: [string, Record<string, string>][] = [
    ['an empty workspace', {}],
    ['a NoneBot project alone: its listeners, no link', { '/w/bot/.env': 'DRIVER=~fastapi\nPORT=8080\n', '/w/bot/bot.py': 'import nonebot\n' }],
    ['a config that does not parse', { '/w/napcat/config/onebot11_1.json': '{ "network": ', '/w/bot/.env': 'DRIVER=~fastapi\n' }],
  ];
  for (const [what, files] of rows) {
    it(`${what}: no link, every endpoint on a listed place`, () => {
      const r = analyze(['/w'], new MemoryFileHost(files));
      const map = buildLinkMap(r.model, r.findings);
      assert.equal(map.links.length, 0);
      for (const e of map.endpoints) assert.ok(map.places.some((p) => p.id === e.place));
    });
  }
});
