/** The compose reader as tables: files found, interpolation, override merge, service fields with their ranges. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { interpolate, readComposeProject, shortPort, shortVolume, parseDotEnv } from '../../server/src/core/compose/reader';
import { placeDir, serviceHostNames, serviceNetworks } from '../../server/src/core/compose/placement';

const W = path.resolve('/w');
const at = (...p: string[]) => path.join(W, ...p);

describe('interpolation', () => {
  const env = { SET: 'v', EMPTY: '', PORT: '8080' };
  const cases: [string, string, string[], number][] = [
    // raw, value, substituted names, errors
    ['plain', 'plain', [], 0],
    ['$$SET', '$SET', [], 0],
    ['${SET}', 'v', ['SET'], 0],
    ['$SET/x', 'v/x', ['SET'], 0],
    ['${UNSET}', '', ['UNSET'], 0],
    ['${EMPTY:-d}', 'd', ['EMPTY'], 0],
    ['${EMPTY-d}', '', ['EMPTY'], 0],
    ['${UNSET-d}', 'd', ['UNSET'], 0],
    ['${UNSET:-${PORT}}', '8080', ['UNSET'], 0],
    ['${SET:+alt}', 'alt', ['SET'], 0],
    ['${UNSET:+alt}', '', ['UNSET'], 0],
    ['${UNSET:?need it}', '', ['UNSET'], 1],
    ['${SET:?need it}', 'v', ['SET'], 0],
    ['ws://${HOST:-nonebot}:${PORT}/onebot/v11/ws', 'ws://nonebot:8080/onebot/v11/ws', ['HOST', 'PORT'], 0],
    ['${unclosed', '${unclosed', [], 0],
    ['cost $5', 'cost $5', [], 0],
  ];
  for (const [raw, value, names, errors] of cases)
    it(raw, () => {
      const r = interpolate(raw, env);
      assert.equal(r.value, value);
      assert.deepEqual(
        r.subs.map((s) => s.name),
        names,
      );
      assert.equal(r.errors.length, errors);
    });
});

describe('short syntaxes', () => {
  const loc = { file: 'f', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const ports: [string, { target?: number; published?: string; hostIp?: string }][] = [
    ['8080', { target: 8080 }],
    ['8080:80', { target: 80, published: '8080' }],
    ['127.0.0.1:8080:80/tcp', { target: 80, published: '8080', hostIp: '127.0.0.1' }],
    ['[::1]:6099:6099', { target: 6099, published: '6099', hostIp: '::1' }],
    ['3000-3005:3000-3005', { target: 3000, published: '3000-3005' }],
  ];
  for (const [s, want] of ports)
    it(`port ${s}`, () => {
      const p = shortPort({ value: s, loc })!;
      assert.deepEqual({ target: p.target, published: p.published, hostIp: p.hostIp }, { target: want.target, published: want.published, hostIp: want.hostIp });
    });
  const vols: [string, string | undefined, string, string][] = [
    // spec, source, target, type
    ['./bot:/app', at('bot'), '/app', 'bind'],
    ['./napcat/config:/app/napcat/config:rw', at('napcat', 'config'), '/app/napcat/config', 'bind'],
    ['data:/data', 'data', '/data', 'volume'],
    ['/var/lib/x', undefined, '/var/lib/x', 'volume'],
    ['/abs/dir:/y', path.resolve('/abs/dir'), '/y', 'bind'],
  ];
  for (const [s, source, target, type] of vols)
    it(`volume ${s}`, () => {
      const v = shortVolume({ value: s, loc }, W)!;
      assert.deepEqual([v.source, v.target, v.type], [source, target, type]);
    });
  it('.env beside the compose file', () => {
    assert.deepEqual(parseDotEnv('A=1\nexport B="two words"\n# c\nC=x # note\nbad line\n'), { A: '1', B: 'two words', C: 'x' });
  });
});

const BASE = `services:
  napcat:
    image: mlikiowa/napcat-docker:latest
    environment:
      - ACCOUNT=\${QQ:-123}
      - MODE=nonebot
    ports:
      - "6099:6099"
    volumes:
      - ./napcat/config:/app/napcat/config
    networks: [bot]
  nonebot:
    build: ./bot
    environment:
      HOST: 0.0.0.0
      PORT: \${PORT}
    extra_hosts:
      - "host.docker.internal:host-gateway"
    networks:
      bot:
        aliases: [nb]
networks:
  bot: {}
`;

describe('readComposeProject', () => {
  it('finds no project in a folder without a compose file', () => {
    assert.equal(readComposeProject(W, new MemoryFileHost({ [at('.env')]: 'A=1' })), undefined);
  });

  it('prefers compose.yaml over docker-compose.yml', () => {
    const host = new MemoryFileHost({ [at('compose.yaml')]: 'services:\n  a: {image: x}\n', [at('docker-compose.yml')]: 'services:\n  b: {image: y}\n' });
    assert.deepEqual(
      readComposeProject(W, host)!.services.map((s) => s.name),
      ['a'],
    );
  });

  const host = new MemoryFileHost({ [at('compose.yaml')]: BASE, [at('.env')]: 'PORT=8080\nQQ=42\n' });
  const m = readComposeProject(W, host, { processEnv: { QQ: '99' } })!;
  const svc = (n: string) => m.services.find((s) => s.name === n)!;
  const cases: [string, () => unknown, unknown][] = [
    ['services', () => m.services.map((s) => s.name), ['napcat', 'nonebot']],
    ['list environment, process env beats .env', () => svc('napcat').environment.ACCOUNT.value, '99'],
    ['map environment from .env', () => svc('nonebot').environment.PORT.value, '8080'],
    ['map environment range', () => svc('nonebot').environment.HOST.loc.range, { start: { line: 14, character: 12 }, end: { line: 14, character: 19 } }],
    ['image', () => svc('napcat').image?.value, 'mlikiowa/napcat-docker:latest'],
    ['build context', () => svc('nonebot').build?.value, at('bot')],
    ['ports', () => svc('napcat').ports.map((p) => [p.published, p.target]), [['6099', 6099]]],
    ['bind mount', () => svc('napcat').volumes.map((v) => v.source), [at('napcat', 'config')]],
    ['networks (list)', () => serviceNetworks(svc('napcat')), ['bot']],
    ['networks (map) and aliases', () => serviceHostNames(svc('nonebot')), ['nonebot', 'nb']],
    ['extra_hosts', () => svc('nonebot').extraHosts.map((h) => [h.host, h.ip]), [['host.docker.internal', 'host-gateway']]],
    ['top-level networks', () => m.networks, ['bot']],
    ['no problems', () => m.problems.length, 0],
  ];
  for (const [name, get, want] of cases) it(name, () => assert.deepEqual(get(), want));

  it('merges compose.override.yaml: scalars replaced, environment by key, volumes by target, ports appended', () => {
    const h = new MemoryFileHost({
      [at('compose.yaml')]: BASE,
      [at('compose.override.yaml')]: `services:
  nonebot:
    environment:
      HOST: 127.0.0.1
    ports: ["8080:8080"]
  napcat:
    network_mode: bridge
    volumes:
      - ./other:/app/napcat/config
`,
    });
    const o = readComposeProject(W, h)!;
    const nb = o.services.find((s) => s.name === 'nonebot')!;
    const nc = o.services.find((s) => s.name === 'napcat')!;
    assert.deepEqual(o.files, [at('compose.yaml'), at('compose.override.yaml')]);
    assert.equal(nb.environment.HOST.value, '127.0.0.1');
    assert.equal(nb.environment.HOST.loc.file, at('compose.override.yaml'));
    assert.equal(nb.environment.PORT.value, '');
    assert.deepEqual(
      nb.ports.map((p) => p.published),
      ['8080'],
    );
    assert.equal(nc.networkMode?.value, 'bridge');
    assert.deepEqual(serviceNetworks(nc), []);
    assert.deepEqual(
      nc.volumes.map((v) => v.source),
      [at('other')],
    );
  });

  it('reports ${VAR:?message} with the variable unset', () => {
    const h = new MemoryFileHost({ [at('compose.yaml')]: 'services:\n  a:\n    image: "${IMG:?set IMG}"\n' });
    const p = readComposeProject(W, h)!;
    assert.equal(p.problems.length, 1);
    assert.match(p.problems[0].message.en, /set IMG/);
  });

  const bad: [string, string][] = [
    ['not YAML', 'services: [\n'],
    ['services is a list', 'services:\n  - a\n'],
    ['empty', ''],
    ['scalar root', 'hello'],
    ['service is a scalar', 'services:\n  a: 1\n'],
  ];
  for (const [name, text] of bad)
    it(`never throws: ${name}`, () => {
      const p = readComposeProject(W, new MemoryFileHost({ [at('compose.yaml')]: text }));
      assert.ok(p);
    });
});

describe('placement', () => {
  const host = new MemoryFileHost({ [at('compose.yaml')]: BASE });
  const m = readComposeProject(W, host)!;
  const cases: [string, string | undefined, string | undefined][] = [
    // folder, service, via
    [at('napcat', 'config'), 'napcat', 'bind'],
    [at('bot'), 'nonebot', 'build'],
    [at('bot', 'sub'), 'nonebot', 'build'],
    [at('elsewhere'), undefined, undefined],
    [W, undefined, undefined],
  ];
  for (const [dir, service, via] of cases)
    it(path.relative(W, dir) || '.', () => {
      const p = placeDir(dir, [m]);
      assert.deepEqual([p?.service.name, p?.via], [service, via]);
    });
});
