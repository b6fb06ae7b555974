/**
 * What makes a compose project, as tables: compose's own .env grammar, env_file, the Dockerfile's ENV, extends,
 * include, profiles, and which files are read (COMPOSE_FILE, files the user gives).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { readComposeProject, type ComposeModel } from '../../server/src/core/compose/reader';
import { parseComposeEnv } from '../../server/src/core/compose/dotenv';
import { dockerfileEnv } from '../../server/src/core/compose/dockerfile';
import fc from 'fast-check';

const W = path.resolve('/w');
const at = (...p: string[]) => path.join(W, ...p);
const read = (files: Record<string, string>, opts: Parameters<typeof readComposeProject>[2] = {}) =>
  readComposeProject(W, new MemoryFileHost(Object.fromEntries(Object.entries(files).map(([k, v]) => [at(k), v]))), opts);
const svc = (m: ComposeModel | undefined, name: string) => m?.services.find((s) => s.name === name);
const envOf = (m: ComposeModel | undefined, name: string) => Object.fromEntries(Object.entries(svc(m, name)?.environment ?? {}).map(([k, v]) => [k, v.value]));

describe("compose's .env grammar (compose-go dotenv/parser.go)", () => {
  const lookup = { FROM_SHELL: 'shell', PORT: '9000' };
  const cases: [string, string, Record<string, string | undefined>, boolean][] = [
    // text, description, bindings, refused
    ['A=1\nB = two\n', 'plain, spaces around =', { A: '1', B: 'two' }, false],
    ['export A=1', 'export prefix', { A: '1' }, false],
    ['A: 1', 'YAML-like colon (python-dotenv ignores it)', { A: '1' }, false],
    ['A=x #note\nB=y#z', 'inline comment needs a space', { A: 'x', B: 'y#z' }, false],
    ['A="a\\nb"', 'double quotes decode escapes', { A: 'a\nb' }, false],
    ["A='a\\nb'", 'single quotes are literal', { A: 'a\\nb' }, false],
    ["A='it\\'s'", "\\' in single quotes is a quote", { A: "it's" }, false],
    ['A="multi\nline"', 'quoted values span lines', { A: 'multi\nline' }, false],
    ['A=${PORT}\nB=$A', 'the environment wins, $VAR works', { A: '9000', B: '9000' }, false],
    ['P=${UNSET:-d}', 'defaults', { P: 'd' }, false],
    ["A='${PORT}'", 'no substitution in single quotes', { A: '${PORT}' }, false],
    ['A="\\$PORT"', '\\$ is a literal dollar', { A: '$PORT' }, false],
    ['FROM_SHELL\nMISSING\n', 'a bare key inherits, or is left out', { FROM_SHELL: 'shell', MISSING: undefined }, false],
    ['# comment\n\nA=1', 'comments and blank lines', { A: '1' }, false],
    ['BAD KEY=1', 'a space in a key is refused', {}, true],
    ['A="open', 'an unterminated quote is refused', {}, true],
    ['A$=1', 'a bad character in a key is refused', {}, true],
  ];
  for (const [text, name, want, refused] of cases)
    it(name, () => {
      const r = parseComposeEnv(text, lookup);
      assert.equal(!!r.error, refused);
      if (!refused) assert.deepEqual(Object.fromEntries(r.entries.map((e) => [e.key, e.value])), want);
    });
  it('value ranges point inside the quotes', () => {
    const e = parseComposeEnv('X=1\nHOST="127.0.0.1"\n').entries[1];
    assert.deepEqual(e.innerRange, { start: { line: 1, character: 6 }, end: { line: 1, character: 15 } });
    assert.equal(e.literal, true);
  });
  it('format: raw takes lines as written', () => {
    assert.deepEqual(
      parseComposeEnv('A="x" #y\n', {}, { raw: true }).entries.map((e) => e.value),
      ['"x" #y'],
    );
  });
});

describe('Dockerfile ENV', () => {
  const cases: [string, string, Record<string, string>, { target?: string; buildArgs?: Record<string, string> }?][] = [
    ['FROM python:3.12\nENV HOST=0.0.0.0 PORT=8080\n', 'several per line', { HOST: '0.0.0.0', PORT: '8080' }],
    ['FROM python\nENV HOST 0.0.0.0\n', 'legacy form', { HOST: '0.0.0.0' }],
    ['FROM python\nARG P=8080\nENV PORT=${P}\n', 'ARG default used by ENV', { PORT: '8080' }],
    ['FROM python\nARG P=8080\nENV PORT=$P\n', 'build.args override the default', { PORT: '9090' }, { buildArgs: { P: '9090' } }],
    ['ARG P=1\nFROM python\nENV PORT=${P:-7}\n', 'a global ARG is not seen unless repeated', { PORT: '7' }],
    ['ARG P=1\nFROM python\nARG P\nENV PORT=$P\n', 'a repeated global ARG', { PORT: '1' }],
    ['FROM a AS build\nENV X=1\nFROM b\nENV Y=2\n', 'the last stage', { Y: '2' }],
    ['FROM a AS base\nENV X=1\nFROM base\nENV Y=2\n', 'a stage inherits its parent stage', { X: '1', Y: '2' }],
    ['FROM a AS dev\nENV X=1\nFROM b\nENV Y=2\n', 'build.target', { X: '1' }, { target: 'dev' }],
    ['FROM a\nENV A="two words" \\\n    B=\'$x\'\n', 'quotes and continuation', { A: 'two words', B: '$x' }],
    ['FROM a\n# ENV X=1\nenv y=2\n', 'comments; instructions are case-insensitive', { y: '2' }],
    ['ENV X=1\n', 'ENV before FROM is ignored', {}],
    ['', 'empty', {}],
  ];
  for (const [text, name, want, opts] of cases)
    it(name, () => {
      const env = dockerfileEnv('/w/Dockerfile', text, opts);
      assert.deepEqual(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.value])), want);
    });
  it('value range', () => {
    const env = dockerfileEnv('/w/Dockerfile', 'FROM a\nENV HOST="127.0.0.1" PORT=8080\n');
    assert.deepEqual(env.HOST.loc.range, { start: { line: 1, character: 10 }, end: { line: 1, character: 19 } });
    assert.deepEqual(env.PORT.loc.range, { start: { line: 1, character: 26 }, end: { line: 1, character: 30 } });
  });
});

describe('env_file and the Dockerfile under environment', () => {
  const files = {
    'compose.yaml': `services:
  bot:
    build: ./bot
    env_file:
      - bot.env
      - path: ./optional.env
        required: false
    environment:
      PORT: "8081"
  short:
    image: x
    env_file: short.env
  missing:
    image: x
    env_file: nope.env
`,
    'bot.env': 'HOST=127.0.0.1\nPORT=8080\nTOKEN=${TOKEN_FROM_DOTENV}\n',
    'short.env': 'A=1\n',
    '.env': 'TOKEN_FROM_DOTENV=secret\n',
    'bot/Dockerfile': 'FROM python:3.12\nENV HOST=0.0.0.0 DRIVER=~fastapi\n',
  };
  const m = read(files);
  const bot = svc(m, 'bot')!;
  const cases: [string, () => unknown, unknown][] = [
    ['environment > env_file > Dockerfile', () => envOf(m, 'bot'), { HOST: '127.0.0.1', DRIVER: '~fastapi', PORT: '8081', TOKEN: 'secret' }],
    [
      'where each comes from',
      () => Object.fromEntries(Object.entries(bot.environment).map(([k, v]) => [k, v.from])),
      { HOST: 'env_file', DRIVER: 'dockerfile', PORT: 'environment', TOKEN: 'env_file' },
    ],
    ['env_file value range (HOST)', () => [bot.environment.HOST.loc.file, bot.environment.HOST.loc.range.start], [at('bot.env'), { line: 0, character: 5 }]],
    ['shadowed entries listed', () => bot.environment.HOST.shadowed?.map((s) => s.from), ['dockerfile']],
    ['Dockerfile read', () => bot.dockerfile, at('bot', 'Dockerfile')],
    [
      'env_file list with the long form',
      () => bot.envFiles.map((f) => [path.basename(f.path), f.required, f.found]),
      [
        ['bot.env', true, true],
        ['optional.env', false, false],
      ],
    ],
    ['env_file as a string', () => envOf(m, 'short'), { A: '1' }],
    ['a missing required env_file is a problem', () => m!.problems.map((p) => p.file), [at('compose.yaml')]],
  ];
  for (const [name, get, want] of cases) it(name, () => assert.deepEqual(get(), want));
  it('an override file appends env_file entries', () => {
    const o = read({ ...files, 'compose.override.yml': 'services:\n  short:\n    env_file: [more.env]\n', 'more.env': 'A=2\nB=3\n' });
    assert.deepEqual(envOf(o, 'short'), { A: '2', B: '3' });
  });
  it('the Dockerfile named by build.dockerfile, with build.args', () => {
    const o = read({
      'compose.yaml': 'services:\n  bot:\n    build:\n      context: ./bot\n      dockerfile: docker/Bot.dockerfile\n      args:\n        P: "9000"\n',
      'bot/docker/Bot.dockerfile': 'FROM python\nARG P=8080\nENV PORT=$P\n',
    });
    assert.deepEqual(envOf(o, 'bot'), { PORT: '9000' });
  });
});

describe('extends', () => {
  const files = {
    'compose.yaml': `services:
  base:
    image: base
    environment: { HOST: 0.0.0.0, PORT: "8080" }
    volumes: [./bot:/app]
  bot:
    extends: base
    environment: { PORT: "9000" }
  remote:
    extends:
      file: common/services.yml
      service: napcat
  loop:
    extends: loop
  nowhere:
    extends: { service: ghost }
`,
    'common/services.yml': 'services:\n  napcat:\n    image: mlikiowa/napcat-docker\n    volumes: [./config:/app/napcat/config]\n',
  };
  const m = read(files);
  const cases: [string, () => unknown, unknown][] = [
    ['same file: environment merged, extending wins', () => envOf(m, 'bot'), { HOST: '0.0.0.0', PORT: '9000' }],
    ['same file: volumes inherited', () => svc(m, 'bot')!.volumes.map((v) => v.source), [at('bot')]],
    ['file form: image', () => svc(m, 'remote')!.image?.value, 'mlikiowa/napcat-docker'],
    ['file form: paths relative to that file', () => svc(m, 'remote')!.volumes.map((v) => v.source), [at('common', 'config')]],
    ['file listed', () => m!.files.includes(at('common', 'services.yml')), true],
    ['a loop and a missing service are problems', () => m!.problems.length, 2],
  ];
  for (const [name, get, want] of cases) it(name, () => assert.deepEqual(get(), want));
});

describe('include', () => {
  const files = {
    'compose.yaml': `include:
  - napcat/compose.yaml
  - path: [bot/compose.yaml, bot/compose.extra.yaml]
    env_file: bot.env
services:
  web: { image: nginx }
`,
    'napcat/compose.yaml':
      'services:\n  napcat:\n    image: mlikiowa/napcat-docker\n    environment: ["ACCOUNT=${QQ}"]\n    volumes: [./config:/app/napcat/config]\n',
    'napcat/.env': 'QQ=123\n',
    'bot/compose.yaml': 'services:\n  nonebot:\n    build: .\n    environment: { PORT: "${PORT}" }\n',
    'bot/compose.extra.yaml': 'services:\n  nonebot:\n    environment: { HOST: 0.0.0.0 }\n',
    'bot.env': 'PORT=8080\n',
  };
  const m = read(files);
  const cases: [string, () => unknown, unknown][] = [
    ['services of every file', () => m!.services.map((s) => s.name).sort(), ['napcat', 'nonebot', 'web']],
    ['paths relative to the included project', () => svc(m, 'napcat')!.volumes.map((v) => v.source), [at('napcat', 'config')]],
    ['its own .env', () => envOf(m, 'napcat'), { ACCOUNT: '123' }],
    ['build context relative to it', () => svc(m, 'nonebot')!.build?.value, at('bot')],
    ['env_file of the include, and its override', () => envOf(m, 'nonebot'), { PORT: '8080', HOST: '0.0.0.0' }],
    ['no problems', () => m!.problems.length, 0],
  ];
  for (const [name, get, want] of cases) it(name, () => assert.deepEqual(get(), want));
  it('the including project wins over the included env files', () => {
    assert.deepEqual(envOf(read(files, { processEnv: { QQ: '999' } }), 'napcat'), { ACCOUNT: '999' });
  });
  it('an include cycle is a problem, not a hang', () => {
    const c = read({ 'compose.yaml': 'include: [a.yaml]\nservices: {x: {image: x}}\n', 'a.yaml': 'include: [a.yaml]\nservices: {y: {image: y}}\n' });
    assert.ok(c!.problems.length >= 1);
    assert.deepEqual(c!.services.map((s) => s.name).sort(), ['x', 'y']);
  });
});

describe('profiles', () => {
  const text = 'services:\n  always: {image: a}\n  qq: {image: b, profiles: [qq]}\n  debug: {image: c, profiles: [debug, qq]}\n';
  const cases: [string, Record<string, string> | undefined, string | undefined, string[]][] = [
    // name, process env, .env, active services
    ['none active', undefined, undefined, ['always']],
    ['COMPOSE_PROFILES=qq', { COMPOSE_PROFILES: 'qq' }, undefined, ['always', 'qq', 'debug']],
    ['COMPOSE_PROFILES=debug in .env', undefined, 'COMPOSE_PROFILES=debug\n', ['always', 'debug']],
    ['* activates all', { COMPOSE_PROFILES: '*' }, undefined, ['always', 'qq', 'debug']],
    ['comma-separated, spaces trimmed', { COMPOSE_PROFILES: 'x, debug' }, undefined, ['always', 'debug']],
  ];
  for (const [name, processEnv, dotenv, want] of cases)
    it(name, () => {
      const m = read({ 'compose.yaml': text, ...(dotenv ? { '.env': dotenv } : {}) }, { processEnv });
      assert.deepEqual(
        m!.services.filter((s) => s.active).map((s) => s.name),
        want,
      );
    });
});

describe('which files make the project', () => {
  const files = {
    'compose.yaml': 'services:\n  a: {image: a}\n',
    'compose.override.yml': 'services:\n  a: {image: a2}\n',
    'docker-compose.override.yaml': 'services:\n  z: {image: z}\n',
    'base.yml': 'services:\n  b: {image: b}\n',
    'prod.yml': 'services:\n  b: {image: b-prod}\n',
    'deploy/c.yml': 'services:\n  c: {image: c, volumes: [./data:/data]}\n',
  };
  const cases: [string, Record<string, string> | undefined, string | undefined, string[] | undefined, string[], string][] = [
    // name, process env, .env, files given, files read, filesFrom
    ['default names: the first override name found', undefined, undefined, undefined, ['compose.yaml', 'compose.override.yml'], 'default'],
    ['COMPOSE_FILE from the process', { COMPOSE_FILE: `base.yml${path.delimiter}prod.yml` }, undefined, undefined, ['base.yml', 'prod.yml'], 'COMPOSE_FILE'],
    [
      'COMPOSE_FILE from .env with COMPOSE_PATH_SEPARATOR',
      undefined,
      'COMPOSE_PATH_SEPARATOR=,\nCOMPOSE_FILE=base.yml,prod.yml\n',
      undefined,
      ['base.yml', 'prod.yml'],
      'COMPOSE_FILE',
    ],
    ['files given beat COMPOSE_FILE', { COMPOSE_FILE: 'base.yml' }, undefined, ['prod.yml'], ['prod.yml'], 'option'],
    ['a missing file given is skipped', undefined, undefined, ['nope.yml', 'base.yml'], ['base.yml'], 'option'],
  ];
  for (const [name, processEnv, dotenv, given, want, from] of cases)
    it(name, () => {
      const m = read({ ...files, ...(dotenv ? { '.env': dotenv } : {}) }, { processEnv, files: given });
      assert.deepEqual(
        m!.files.map((f) => path.relative(W, f)),
        want,
      );
      assert.equal(m!.filesFrom, from);
    });
  it('the project folder is the folder of the first file given', () => {
    const m = read(files, { files: ['deploy/c.yml'] });
    assert.equal(m!.dir, at('deploy'));
    assert.deepEqual(
      svc(m, 'c')!.volumes.map((v) => v.source),
      [at('deploy', 'data')],
    );
  });
  it('prod.yml overrides base.yml', () => {
    const m = read(files, { files: ['base.yml', 'prod.yml'] });
    assert.equal(svc(m, 'b')!.image?.value, 'b-prod');
  });
});

describe('bad input is normal input', () => {
  const pieces = ['A', '=', ':', '"', "'", '\\', '$', '{', '}', '#', ' ', '\n', 'export ', 'FROM ', 'ENV ', 'ARG ', 'x', '-', '[', ']', 'include:', 'extends:'];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((a) => a.join(''));
  it('env files, Dockerfiles and compose files never throw', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        parseComposeEnv(a, { A: '1' });
        dockerfileEnv('/w/Dockerfile', a, { buildArgs: { A: b } });
        read({ 'compose.yaml': `services:\n  s:\n    build: .\n    env_file: e.env\n    ${b}\n`, 'e.env': a, Dockerfile: a, '.env': b });
      }),
      { numRuns: 300 },
    );
  });
});
