/** NoneBot's resolution of the .env family (nonebot-onebot.md §8) and adapter registration (§9), as tables. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { isNoneBotDir, parseDrivers, readNoneBotProject } from '../../server/src/core/nonebot/project';
import { readBotPyAdapters } from '../../server/src/core/nonebot/adapters';
import { MemoryFileHost } from '../../server/src/core/memoryHost';

const DIR = path.resolve('/nb');
function project(files: Record<string, string>, processEnv?: Record<string, string>) {
  const host = new MemoryFileHost(Object.fromEntries(Object.entries(files).map(([k, v]) => [path.join(DIR, k), v])));
  return readNoneBotProject(DIR, host, { processEnv })!;
}

describe('NoneBot settings resolution', () => {
  type Row = [name: string, files: Record<string, string>, check: Record<string, string | number | undefined>, env?: Record<string, string>];
  const rows: Row[] = [
    ['defaults', { '.env': 'DRIVER=~fastapi' }, { environment: 'prod', HOST: '127.0.0.1', PORT: 8080, DRIVER: '~fastapi' }],
    ['ENVIRONMENT selects .env.dev', { '.env': 'ENVIRONMENT=dev', '.env.dev': 'PORT=8090', '.env.prod': 'PORT=9000' }, { environment: 'dev', PORT: 8090 }],
    ['.env.prod overrides .env', { '.env': 'PORT=8080', '.env.prod': 'PORT=9000' }, { environment: 'prod', PORT: 9000 }],
    ['process env beats the files', { '.env': 'PORT=8080' }, { PORT: 19999 }, { PORT: '19999' }],
    ['process ENVIRONMENT selects the file', { '.env': 'ENVIRONMENT=prod', '.env.test': 'PORT=7000' }, { environment: 'test', PORT: 7000 }, { ENVIRONMENT: 'test' }],
    ['keys are case-insensitive', { '.env': 'port=8091' }, { PORT: 8091 }],
    ['alias ONEBOT_V11_ACCESS_TOKEN wins', { '.env': 'ONEBOT_V11_ACCESS_TOKEN=a1\nONEBOT_ACCESS_TOKEN=b2' }, { token: 'a1' }],
    ['ONEBOT_ACCESS_TOKEN alone', { '.env': 'ONEBOT_ACCESS_TOKEN=b2' }, { token: 'b2' }],
    ['V12-only token is not V11', { '.env': 'ONEBOT_V12_ACCESS_TOKEN=c3' }, { token: undefined }],
    ['misspelt key sets nothing', { '.env': 'ONE_BOT_ACCESS_TOKEN=x' }, { token: undefined }],
    ['ENVIRONMENT only from .env, not .env.prod', { '.env': 'A=1', '.env.prod': 'ENVIRONMENT=dev', '.env.dev': 'PORT=1' }, { environment: 'prod', PORT: 8080 }],
    ['non-integer PORT', { '.env': 'PORT=80a' }, { PORT: undefined }],
  ];
  for (const [name, files, check, env] of rows) {
    it(name, () => {
      const p = project(files, env);
      const got: Record<string, string | number | undefined> = {};
      for (const k of Object.keys(check)) {
        got[k] =
          k === 'environment' ? p.environment : k === 'PORT' ? p.portNumber : k === 'HOST' ? p.host.value : k === 'DRIVER' ? p.driver.value : k === 'token' ? p.accessToken?.value : undefined;
      }
      assert.deepEqual(got, check);
    });
  }

  it('every effective value remembers its entry and what it overrides', () => {
    const p = project({ '.env': 'ENVIRONMENT=prod\nPORT=8080\n', '.env.prod': 'HOST=0.0.0.0\nPORT=9000\n' });
    assert.equal(path.basename(p.port.entry!.file), '.env.prod');
    assert.equal(p.port.entry!.line, 1);
    assert.deepEqual(p.port.overridden.map((e) => [path.basename(e.file), e.line]), [['.env', 1]]);
    assert.ok(p.host.entry && !p.host.isDefault);
    assert.ok(p.driver.isDefault);
  });

  const decode: [string, string | undefined, unknown][] = [
    ['123456', 'number', 123456],
    ['"123456"', 'number', 123456],
    ['true', 'boolean', true],
    ['null', 'null', null],
    ['1e3', 'number', 1000],
    ['007', 'string', '007'],
    ['abc', 'string', 'abc'],
    ['["ws://a:1"]', 'array', ['ws://a:1']],
  ];
  for (const [raw, kind, value] of decode) {
    it(`JSON decoding of a non-core value: ${raw}`, () => {
      const p = project({ '.env': `ONEBOT_ACCESS_TOKEN=${raw}` });
      assert.equal(p.accessToken?.decodedKind, kind);
      assert.deepEqual(p.accessToken?.decoded, value);
    });
  }

  it('ONEBOT_WS_URLS: each URL with its exact range', () => {
    const p = project({ '.env': 'ONEBOT_WS_URLS=["ws://127.0.0.1:8081", "ws://10.0.0.2:8082/x"]' });
    assert.deepEqual(p.wsUrlList.map((u) => [u.url, u.range.start.character, u.range.end.character]), [
      ['ws://127.0.0.1:8081', 17, 36],
      ['ws://10.0.0.2:8082/x', 40, 60],
    ]);
  });

  const drivers: [string, string[]][] = [
    ['~fastapi+~httpx+~websockets', ['fastapi', 'httpx', 'websockets']],
    ['nonebot.drivers.fastapi:Driver', ['fastapi']],
    [' ~fastapi + ~aiohttp ', ['fastapi', 'aiohttp']],
    ['fastapi', ['fastapi']],
    ['my.custom:Driver', ['my.custom']],
  ];
  for (const [v, want] of drivers) it(`DRIVER ${v}`, () => assert.deepEqual(parseDrivers(v), want));
});

describe('isNoneBotDir', () => {
  const rows: [string, Record<string, string>, boolean][] = [
    ['bot.py importing nonebot', { 'bot.py': 'import nonebot\n' }, true],
    ['pyproject with [tool.nonebot]', { 'pyproject.toml': '[tool.nonebot]\nplugins = []\n' }, true],
    ['.env with DRIVER', { '.env': 'DRIVER=~fastapi\n' }, true],
    ['.env with ONEBOT_ key', { '.env': 'ONEBOT_ACCESS_TOKEN=x\n' }, true],
    ['another program’s .env', { '.env': 'DATABASE_URL=postgres://x\nPORT=3000\n' }, false],
    ['a Flask bot.py', { 'bot.py': 'import flask\n' }, false],
  ];
  for (const [name, files, want] of rows) {
    it(name, () => {
      const host = new MemoryFileHost(Object.fromEntries(Object.entries(files).map(([k, v]) => [path.join(DIR, k), v])));
      assert.equal(isNoneBotDir(DIR, host), want);
    });
  }
});

describe('adapter registration in bot.py', () => {
  const rows: [string, string, string[], boolean][] = [
    ['nb-cli template (aliased import)', 'from nonebot.adapters.onebot.v11 import Adapter as ONEBOT_V11Adapter\ndriver.register_adapter(ONEBOT_V11Adapter)', ['nonebot.adapters.onebot.v11'], true],
    ['plain import of the class', 'from nonebot.adapters.onebot.v11 import Adapter\nnonebot.get_driver().register_adapter(Adapter)', ['nonebot.adapters.onebot.v11'], true],
    ['module alias', 'import nonebot.adapters.onebot.v11 as v11\ndriver.register_adapter(v11.Adapter)', ['nonebot.adapters.onebot.v11'], true],
    ['from package import module', 'from nonebot.adapters.onebot import v11, v12\ndriver.register_adapter(v11.Adapter)\ndriver.register_adapter(v12.Adapter)', ['nonebot.adapters.onebot.v11', 'nonebot.adapters.onebot.v12'], true],
    ['full dotted path', 'import nonebot.adapters.onebot.v11\ndriver.register_adapter(nonebot.adapters.onebot.v11.Adapter)', ['nonebot.adapters.onebot.v11'], true],
    ['parenthesised import list', 'from nonebot.adapters.onebot.v11 import (\n    Bot,\n    Adapter as OB11,\n)\ndriver.register_adapter(OB11)', ['nonebot.adapters.onebot.v11'], true],
    ['commented-out registration', 'from nonebot.adapters.onebot.v11 import Adapter\n# driver.register_adapter(Adapter)', [], true],
    ['registration inside a string', 'from nonebot.adapters.onebot.v11 import Adapter\nx = "driver.register_adapter(Adapter)"', [], true],
    ['another adapter', 'from nonebot.adapters.console import Adapter as ConsoleAdapter\ndriver.register_adapter(ConsoleAdapter)', ['nonebot.adapters.console'], true],
    ['dynamic registration cannot be read', 'for a in adapters:\n    driver.register_adapter(a)', [], false],
  ];
  for (const [name, text, modules, resolved] of rows) {
    it(name, () => {
      const r = readBotPyAdapters('/nb/bot.py', text);
      assert.deepEqual(r.list.map((a) => a.module), modules);
      assert.equal(r.resolved, resolved);
    });
  }
  it('the range covers the registered expression', () => {
    const r = readBotPyAdapters('/nb/bot.py', 'from nonebot.adapters.onebot.v11 import Adapter as A\ndriver.register_adapter( A )');
    assert.deepEqual(r.list[0].range, { start: { line: 1, character: 25 }, end: { line: 1, character: 26 } });
  });
});

describe('adapters from pyproject.toml (no bot.py)', () => {
  const rows: [string, string, string[]][] = [
    ['table form', '[tool.nonebot]\n[tool.nonebot.adapters]\nnonebot-adapter-onebot = [{ name = "OneBot V11", module_name = "nonebot.adapters.onebot.v11" }]\n"@local" = []\n', ['nonebot.adapters.onebot.v11']],
    ['legacy list form', '[tool.nonebot]\nadapters = [{ name = "OneBot V11", module_name = "nonebot.adapters.onebot.v11" }]\nplugins = []\n', ['nonebot.adapters.onebot.v11']],
    ['no adapters', '[tool.nonebot]\nplugins = []\n', []],
  ];
  for (const [name, toml, modules] of rows) {
    it(name, () => {
      const p = project({ 'pyproject.toml': toml, '.env': 'DRIVER=~fastapi' });
      assert.equal(p.adapters.known, true);
      assert.deepEqual(p.adapters.list.map((a) => a.module), modules);
      for (const a of p.adapters.list) assert.ok(a.range.start.line > 0, 'points at module_name');
    });
  }
  it('bot.py decides when both exist (load_from_toml loads plugins only)', () => {
    const p = project({
      'bot.py': 'import nonebot\nnonebot.init()\nnonebot.load_from_toml("pyproject.toml")\n',
      'pyproject.toml': '[tool.nonebot]\nadapters = [{ name = "OneBot V11", module_name = "nonebot.adapters.onebot.v11" }]\n',
    });
    assert.equal(p.adapters.known, true);
    assert.deepEqual(p.adapters.list, []);
  });
  it('neither file: unknown', () => {
    assert.equal(project({ '.env': 'DRIVER=~fastapi' }).adapters.known, false);
  });
});
