/**
 * What a compose service's environment does to the side inside it, through the whole pipeline: NapCat's Docker image
 * (MODE templates, the variables of its old entrypoint), Lagrange's .NET variables, NoneBot's process environment
 * from env_file and the Dockerfile; and that fixes land on the variable that sets the value.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { analyze } from '../../server/src/core/analyze';
import { editImpl } from '../../server/src/core/impl';
import { napcatImage } from '../../server/src/core/compose/sideEnv';
import { editEnvBinding } from '../../server/src/core/compose/envEdit';
import { parseCheckArgs } from '../../server/src/cli/check';
import { applyEdits } from '../../server/src/core/text/applyEdits';

const W = path.resolve('/w');
const at = (...p: string[]) => path.join(W, ...p);
const BOT = {
  'bot/.env': 'HOST=0.0.0.0\nPORT=8080\nDRIVER=~fastapi\n',
  'bot/bot.py': 'import nonebot\nfrom nonebot.adapters.onebot.v11 import Adapter\nnonebot.init()\nnonebot.get_driver().register_adapter(Adapter)\n',
};
function run(files: Record<string, string>, opts: Parameters<typeof analyze>[2] = {}) {
  const host = new MemoryFileHost(Object.fromEntries(Object.entries(files).map(([k, v]) => [at(k), v])));
  return { host, ...analyze([W], host, opts) };
}

describe('napcatImage', () => {
  const cases: [string, string | undefined][] = [
    ['mlikiowa/napcat-docker', 'latest'],
    ['mlikiowa/napcat-docker:latest', 'latest'],
    ['docker.io/mlikiowa/napcat-docker:v4.5.0', 'v4.5.0'],
    ['ghcr.io/napneko/napcat-docker@sha256:abc', 'latest'],
    ['localhost:5000/napcat-docker', 'latest'],
    ['napcat', undefined],
    ['mlikiowa/napcat-docker-extra', undefined],
  ];
  for (const [image, tag] of cases) it(image, () => assert.equal(napcatImage(image)?.tag, tag));
});

describe('NapCat described only by its image and environment', () => {
  const cases: [string, string, { url?: string; enabled?: boolean; token?: string | null; selfId?: string; endpoints: number; linked: boolean }][] = [
    [
      'MODE=nonebot',
      'services:\n  napcat:\n    image: mlikiowa/napcat-docker\n    environment: [MODE=nonebot]\n  nonebot:\n    build: ./bot\n',
      { url: 'ws://nonebot:8080/onebot/v11/ws', enabled: true, token: '', endpoints: 1, linked: true },
    ],
    [
      'MODE=koishi (the only framework is paired, as the link model does)',
      'services:\n  napcat:\n    image: mlikiowa/napcat-docker\n    environment: [MODE=koishi]\n  nonebot:\n    build: ./bot\n',
      { url: 'ws://koishi:5140/onebot', enabled: true, endpoints: 1, linked: true },
    ],
    [
      'old variables, pinned old image',
      'services:\n  napcat:\n    image: mlikiowa/napcat-docker:v2.6.4\n    environment:\n      - ACCOUNT=123456\n      - WSR_ENABLE=true\n      - WS_URLS=ws://127.0.0.1:8080/onebot/v11/ws\n      - TOKEN=s3cret-token\n  nonebot:\n    build: ./bot\n',
      { url: 'ws://127.0.0.1:8080/onebot/v11/ws', enabled: true, token: 's3cret-token', selfId: '123456', endpoints: 3, linked: true },
    ],
    [
      'old variables, latest image: nothing',
      'services:\n  napcat:\n    image: mlikiowa/napcat-docker\n    environment: [WSR_ENABLE=true, "WS_URLS=ws://nonebot:8080/onebot/v11/ws"]\n  nonebot:\n    build: ./bot\n',
      { endpoints: 0, linked: false },
    ],
  ];
  for (const [name, compose, want] of cases)
    it(name, () => {
      const { model } = run({ 'compose.yaml': compose, ...BOT });
      const cfg = model.implementations.find((c) => c.image);
      assert.ok(cfg, 'an implementation built from the image');
      assert.equal(cfg.endpoints.length, want.endpoints);
      const dialer = cfg.endpoints.find((e) => e.role === 'dials' && e.enabled) ?? cfg.endpoints[0];
      if (want.url !== undefined) assert.equal(dialer.url, want.url);
      if (want.token !== undefined) assert.equal(dialer.token, want.token);
      if (want.selfId !== undefined) assert.equal(cfg.selfId, want.selfId);
      assert.equal(
        model.links.some((l) => l.implConfig === cfg),
        want.linked,
      );
      // Whatever points at it points into the compose file.
      for (const ep of cfg.endpoints) assert.equal(ep.anchor.file, at('compose.yaml'));
      assert.equal(model.compose?.placement.get(cfg.dir)?.service.name, 'napcat');
    });

  it('compose-loopback fires on the WS_URLS line, and its fix rewrites the variable', () => {
    const compose =
      'services:\n  napcat:\n    image: mlikiowa/napcat-docker:v2.6.4\n    environment:\n      - ACCOUNT=123456\n      - WSR_ENABLE=true\n      - WS_URLS=ws://127.0.0.1:8080/onebot/v11/ws\n  nonebot:\n    build: ./bot\n';
    const { findings, host } = run({ 'compose.yaml': compose, ...BOT });
    const f = findings.find((x) => x.code === 'compose-loopback');
    assert.ok(f, 'compose-loopback');
    assert.equal(f.file, at('compose.yaml'));
    assert.equal(f.range.start.line, 6);
    const fx = f.fixes.find((x) => x.edits.every((e) => e.file === at('compose.yaml')));
    assert.ok(fx, 'a fix in compose.yaml');
    const out = applyEdits(host.readFile(at('compose.yaml'))!, fx.edits);
    assert.match(out, /- WS_URLS=ws:\/\/nonebot:8080\/onebot\/v11\/ws\n/);
  });
});

describe("Lagrange's .NET variables in its service", () => {
  const appsettings = `{
  "Account": { "Uin": 0 },
  "Implementations": [
    { "Type": "ReverseWebSocket", "Host": "nonebot", "Port": 8080, "Suffix": "/onebot/v11/ws", "AccessToken": "" }
  ]
}`;
  const compose = (env: string) =>
    `services:\n  lagrange:\n    image: ghcr.io/lagrangedev/lagrange.onebot\n    volumes: ["./lagrange:/app/data"]\n    environment:\n${env}  nonebot:\n    build: ./bot\n`;
  const cases: [string, string, { port?: number; host?: string; enabled?: boolean; portFile?: string }][] = [
    ['no variable: the file', '      TZ: Asia/Shanghai\n', { port: 8080, host: 'nonebot', portFile: 'lagrange/appsettings.json' }],
    ['Implementations__0__Port (map form)', '      Implementations__0__Port: "9000"\n', { port: 9000, portFile: 'compose.yaml' }],
    ['keys are case-insensitive (list form)', '      - implementations__0__host=bot\n', { host: 'bot', port: 8080 }],
    ['Enable=false', '      - Implementations__0__Enable=false\n', { enabled: false }],
  ];
  for (const [name, env, want] of cases)
    it(name, () => {
      const { model } = run({ 'compose.yaml': compose(env), 'lagrange/appsettings.json': appsettings, ...BOT });
      const ep = model.implementations.find((c) => c.implementation === 'lagrange')!.endpoints[0];
      if (want.port !== undefined) assert.equal(ep.port, want.port);
      if (want.host !== undefined) assert.equal(ep.host, want.host);
      if (want.enabled !== undefined) assert.equal(ep.enabled, want.enabled);
      if (want.portFile) assert.equal(ep.portNode?.file, at(want.portFile));
    });
  it('a port fix rewrites the variable, not appsettings.json', () => {
    const files = { 'compose.yaml': compose('      Implementations__0__Port: "9000"\n'), 'lagrange/appsettings.json': appsettings, ...BOT };
    const { model, host } = run(files);
    const ep = model.implementations.find((c) => c.implementation === 'lagrange')!.endpoints[0];
    const edits = editImpl(ep, 'port', '8080', (f) => host.readFile(f));
    assert.ok(edits);
    assert.deepEqual(
      edits.map((e) => e.file),
      [at('compose.yaml')],
    );
    assert.match(applyEdits(host.readFile(at('compose.yaml'))!, edits), /Implementations__0__Port: "8080"/);
  });
  it('port-mismatch points at the variable', () => {
    const { findings } = run({ 'compose.yaml': compose('      Implementations__0__Port: "9000"\n'), 'lagrange/appsettings.json': appsettings, ...BOT });
    const f = findings.find((x) => x.code === 'port-mismatch' && x.file === at('compose.yaml'));
    assert.ok(f, `port-mismatch in compose.yaml: ${findings.map((x) => `${x.code} ${x.file}`).join('; ')}`);
  });
});

describe("NoneBot's process environment from the service", () => {
  const cases: [string, Record<string, string>, { host?: string; port?: number }][] = [
    ['environment', { 'compose.yaml': 'services:\n  nonebot:\n    build: ./bot\n    environment: { PORT: "9000" }\n' }, { port: 9000 }],
    ['env_file', { 'compose.yaml': 'services:\n  nonebot:\n    build: ./bot\n    env_file: bot.env\n', 'bot.env': 'PORT=9001\n' }, { port: 9001 }],
    ['Dockerfile ENV', { 'compose.yaml': 'services:\n  nonebot:\n    build: ./bot\n', 'bot/Dockerfile': 'FROM python:3.12\nENV PORT=9002\n' }, { port: 9002 }],
    [
      'environment beats env_file',
      { 'compose.yaml': 'services:\n  nonebot:\n    build: ./bot\n    env_file: bot.env\n    environment: [PORT=9003]\n', 'bot.env': 'PORT=9001\n' },
      { port: 9003 },
    ],
  ];
  for (const [name, files, want] of cases)
    it(name, () => {
      const { model } = run({ ...files, ...BOT });
      const p = model.nonebot[0];
      if (want.port !== undefined) assert.equal(p.portNumber, want.port);
      if (want.host !== undefined) assert.equal(p.host.value, want.host);
    });
});

describe('compose files the user gives', () => {
  it('--compose-file reads a file with another name', () => {
    const { model } = run(
      { 'deploy/bots.yml': 'services:\n  nonebot:\n    build: ../bot\n    environment: { PORT: "9100" }\n', ...BOT },
      { composeFiles: [at('deploy', 'bots.yml')] },
    );
    assert.equal(model.compose?.projects[0].filesFrom, 'option');
    assert.equal(model.nonebot[0].portNumber, 9100);
  });
  it('COMPOSE_FILE in the .env of a root', () => {
    const { model } = run({ '.env': 'COMPOSE_FILE=deploy/bots.yml\n', 'deploy/bots.yml': 'services:\n  nonebot:\n    build: ../bot\n', ...BOT });
    assert.equal(model.compose?.placement.get(at('bot'))?.service.name, 'nonebot');
  });
});

describe('editEnvBinding', () => {
  const loc = (line: number, a: number, b: number) => ({ file: 'f', range: { start: { line, character: a }, end: { line, character: b } } });
  const cases: [string, Parameters<typeof editEnvBinding>[0], string, string | undefined][] = [
    [
      'map, plain, fits',
      { name: 'HOST', from: 'environment', form: 'map', loc: loc(0, 6, 15), valueLoc: loc(0, 6, 15), quote: '', whole: true },
      '0.0.0.0',
      '0.0.0.0',
    ],
    [
      'map, a number is quoted whole',
      { name: 'PORT', from: 'environment', form: 'map', loc: loc(0, 6, 10), valueLoc: loc(0, 6, 10), quote: '', whole: true },
      '8080',
      "'8080'",
    ],
    [
      'map, inside double quotes',
      { name: 'PORT', from: 'environment', form: 'map', loc: loc(0, 6, 12), valueLoc: loc(0, 7, 11), quote: '"', whole: true },
      '8080',
      '8080',
    ],
    [
      'list, plain',
      { name: 'HOST', from: 'environment', form: 'list', loc: loc(0, 2, 16), valueLoc: loc(0, 7, 16), quote: '', whole: true },
      '0.0.0.0',
      '0.0.0.0',
    ],
    ['list, `$` doubled', { name: 'T', from: 'environment', form: 'list', loc: loc(0, 2, 5), whole: true }, 'a$b', "'T=a$$b'"],
    ['env_file, plain', { name: 'T', from: 'env_file', form: 'map', loc: loc(0, 2, 5), whole: true }, 'abc', 'abc'],
    ['env_file, needs quotes', { name: 'T', from: 'env_file', form: 'map', loc: loc(0, 2, 5), whole: true }, 'a #b', "'a #b'"],
    ['newline: no edit', { name: 'T', from: 'env_file', form: 'map', loc: loc(0, 2, 5), whole: true }, 'a\nb', undefined],
  ];
  for (const [name, b, value, want] of cases) it(name, () => assert.equal(editEnvBinding(b, value)?.newText, want));
});

describe('--compose-file', () => {
  const cases: [string[], string[]][] = [
    [[], []],
    [['--compose-file', 'a.yml'], ['a.yml']],
    [
      ['--compose-file', 'a.yml', '--compose-file=deploy/b.yml'],
      ['a.yml', 'deploy/b.yml'],
    ],
  ];
  for (const [args, want] of cases) it(args.join(' ') || '(none)', () => assert.deepEqual(parseCheckArgs(args).composeFiles, want));
});
