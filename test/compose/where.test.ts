/** What an address means from where each side runs, and what a probe from the host can prove: tables over the rule cases. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze, nodeFileHost } from '../../server/src/core/analyze';
import { captureVantage, linkWhereLines, probeVantage, publishedPortResolver } from '../../server/src/core/compose/where';
import { buildComposeInfo } from '../../server/src/core/compose/placement';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { allProbeTargets } from '../../server/src/core/probe';

const CASES = path.resolve('server/src/core/rules');
const model = (rel: string) => analyze([path.join(CASES, rel)], nodeFileHost, {}).model;

describe('probe vantage: what a probe run on the host proves', () => {
  // [case, English notes (each must match one), Chinese notes]
  const rows: [string, RegExp[], RegExp[]][] = [
    [
      'compose-loopback.cases/fires-napcat-dials-loopback',
      [
        /A success here does not prove that NapCat's own connection works/,
        /Here `127\.0\.0\.1` is this machine; inside service `napcat` it is that container itself\./,
        /reachable only through its published port \(127\.0\.0\.1:8080\).*not that `napcat` reaches `nonebot:8080`/,
      ],
      [/这里成功并不能证明 NapCat 自己的连接可用/, /在这里 `127\.0\.0\.1` 是本机/],
    ],
    [
      'compose-port-unpublished.cases/silent-napcat-docker-koishi-template',
      [
        /NapCat dials from inside service `napcat`/,
        /`koishi` is a compose service name: it resolves only inside the compose networks/,
        /Koishi \(service `koishi`\) is reachable only through its published port \(127\.0\.0\.1:5140\)/,
      ],
      [/`koishi` 是 compose 服务名/],
    ],
    [
      'compose-port-unpublished.cases/silent-remapped-port',
      [/NoneBot runs in service `nonebot`; NapCat dials it from the host, as this probe does/],
      [/NoneBot 运行在服务 `nonebot` 中；NapCat 与本探测一样从宿主机/],
    ],
    [
      'compose-port-unpublished.cases/fires-nonebot-dials-napcat-server',
      [/NapCat runs in service `napcat`; NoneBot dials it from the host/],
      [/NapCat 运行在服务 `napcat` 中/],
    ],
  ];
  for (const [rel, en, zh] of rows)
    it(rel, () => {
      const m = model(rel);
      assert.equal(m.links.length, 1);
      const notes = probeVantage(m, m.links[0]);
      assert.equal(notes.length, en.length);
      en.forEach((re, i) => {
        assert.match(notes[i].en, re);
      });
      for (const re of zh)
        assert.ok(
          notes.some((n) => re.test(n.zh)),
          `a Chinese note matches ${re}`,
        );
      const target = allProbeTargets(m).find((x) => x.link === m.links[0]);
      assert.deepEqual(target?.vantage, notes, 'the probe target carries the notes');
    });
  it('both sides on the host (no compose file, or neither side in a service): nothing to say', () => {
    for (const rel of ['port-mismatch.cases/fires-napcat', 'compose-port-unpublished.cases/silent-host-network']) {
      const m = model(rel);
      for (const l of m.links) assert.deepEqual(probeVantage(m, l), []);
      assert.ok(allProbeTargets(m).every((x) => x.vantage === undefined));
    }
  });
});

describe('capture vantage: what listening on the host can and cannot show', () => {
  const ALL = /^The capture listens on this machine, outside the containers; NapCat dials from inside service `napcat`\./;
  const ALL_ZH = /^捕获在本机、容器之外监听；而 NapCat 是从服务 `napcat` 的容器内发起连接。/;
  const LOOP = /NapCat dials `(?:127\.0\.0\.1|localhost)`: inside service `napcat` that is the container itself, so its connection never reaches this capture/;
  const LOOP_ZH = /在服务 `napcat` 内它指的是该容器自身，因此它的连接永远到不了这个捕获/;
  const NO_EXTRA = /service `napcat` has no `extra_hosts: \["host\.docker\.internal:host-gateway"\]`/;
  const NO_EXTRA_ZH = /服务 `napcat` 没有 `extra_hosts/;
  const GATEWAY = /a capture bound to `127\.0\.0\.1` does not receive it\. Listen on `0\.0\.0\.0`/;
  const GATEWAY_ZH = /绑定在 `127\.0\.0\.1` 上的捕获收不到它/;
  // [case, the capture's listen host, English notes in order, Chinese notes in order]
  const rows: [string, string, RegExp[], RegExp[]][] = [
    ['compose-loopback.cases/fires-nonebot-on-host', '127.0.0.1', [ALL, LOOP], [ALL_ZH, LOOP_ZH]],
    ['compose-loopback.cases/fires-napcat-dials-loopback', '0.0.0.0', [ALL, LOOP], [ALL_ZH, LOOP_ZH]],
    [
      'compose-loopback.cases/silent-service-name',
      '127.0.0.1',
      [ALL, /NapCat dials `nonebot`, a compose service name: it resolves to that container on the compose network, not to this machine/],
      [ALL_ZH, /`nonebot`，这是 compose 服务名/],
    ],
    ['compose-host-gateway.cases/fires-no-extra-hosts', '127.0.0.1', [ALL, NO_EXTRA, GATEWAY], [ALL_ZH, NO_EXTRA_ZH, GATEWAY_ZH]],
    ['compose-host-gateway.cases/fires-no-extra-hosts', '0.0.0.0', [ALL, NO_EXTRA], [ALL_ZH, NO_EXTRA_ZH]],
    [
      'compose-host-gateway.cases/silent-extra-hosts',
      'localhost',
      [ALL, /a capture bound to `localhost` does not receive it/],
      [ALL_ZH, /绑定在 `localhost` 上的捕获收不到它/],
    ],
    ['compose-host-gateway.cases/silent-extra-hosts', '0.0.0.0', [ALL], [ALL_ZH]],
    [
      'compose-port-unpublished.cases/silent-remapped-port',
      '127.0.0.1',
      [/^NoneBot runs in service `nonebot`: while that container runs, Docker forwards its published port on this machine to the container, so stop it/],
      [/^NoneBot 运行在服务 `nonebot` 中：该容器运行时/],
    ],
    // Nothing to say: the implementation in the host's network, no compose file, or a link where the framework dials.
    ['compose-loopback.cases/silent-host-network', '127.0.0.1', [], []],
    ['port-mismatch.cases/fires-napcat', '127.0.0.1', [], []],
    ['compose-port-unpublished.cases/fires-nonebot-dials-napcat-server', '127.0.0.1', [], []],
  ];
  for (const [rel, host, en, zh] of rows)
    it(`${rel} listening on ${host}`, () => {
      const m = model(rel);
      assert.equal(m.links.length, 1);
      const notes = captureVantage(m, m.links[0], host);
      assert.equal(notes.length, en.length, notes.map((n) => n.en).join('\n'));
      en.forEach((re, i) => {
        assert.match(notes[i].en, re);
      });
      zh.forEach((re, i) => {
        assert.match(notes[i].zh, re);
      });
    });
});

describe('where a link runs, in words', () => {
  const rows: [string, RegExp[]][] = [
    [
      'compose-port-unpublished.cases/fires-published-as-another-port',
      [/NapCat runs on the host/, /On the host, `localhost` is the host itself\./, /reachable through the published port: `127\.0\.0\.1:18080`/],
    ],
    [
      'compose-port-unpublished.cases/silent-container-to-container',
      [/NapCat runs in service `napcat`/, /Inside service `napcat`, `nonebot` is service `nonebot`/, /reachable as `nonebot:8080` \(network default\)/],
    ],
  ];
  for (const [rel, want] of rows)
    it(rel, () => {
      const m = model(rel);
      const lines = linkWhereLines(m, m.links[0]).map((l) => l.en);
      want.forEach((re, i) => {
        assert.match(lines[i], re);
      });
    });
  it('no compose file: no lines', () => {
    const m = model('port-mismatch.cases/fires-napcat');
    assert.deepEqual(
      m.links.flatMap((l) => linkWhereLines(m, l)),
      [],
    );
  });
});

describe('pairing through a published port', () => {
  const W = path.resolve('/w');
  const at = (...p: string[]) => path.join(W, ...p);
  const host = new MemoryFileHost({
    [at('compose.yaml')]: `services:
  napcat:
    image: mlikiowa/napcat-docker:latest
    ports: ["13001:3001", "127.0.0.1:3100-3101:4100-4101"]
    volumes: ["./napcat/config:/app/napcat/config"]
  nonebot:
    build: ./bot
  hostnet:
    build: ./hn
    network_mode: host
`,
    [at('napcat', 'config', 'onebot11_1.json')]: '{}',
    [at('bot', 'bot.py')]: '',
    [at('hn', 'bot.py')]: '',
  });
  const info = buildComposeInfo([W], [at('napcat', 'config'), at('bot'), at('hn'), at('elsewhere')], host)!;
  const resolve = publishedPortResolver(info);
  // [host port, dialler's folder, dialled host, container port]
  const rows: [number, string, string, number | undefined][] = [
    [13001, at('elsewhere'), '127.0.0.1', 3001],
    [13001, at('hn'), '127.0.0.1', 3001],
    [3101, at('elsewhere'), '127.0.0.1', 4101],
    [13002, at('elsewhere'), '127.0.0.1', undefined],
    [13001, at('bot'), 'napcat', undefined],
    [13001, at('bot'), 'host.docker.internal', 3001],
    [13001, at('napcat', 'config'), '127.0.0.1', undefined],
  ];
  for (const [port, from, dialHost, want] of rows)
    it(`${dialHost}:${port} from ${path.relative(W, from)} → ${want ?? 'none'}`, () => {
      assert.equal(resolve(port, at('napcat', 'config'), from, dialHost), want);
    });
});
