/** NoneBot's resolution of the .env family (docs/facts/nonebot.md#env-file-loading), as tables. Adapter registration: adapters.test.ts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { decodeCustom, isNoneBotDir, parseDrivers, readNoneBotProject } from '../../server/src/core/nonebot/project';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import type { EnvEntry } from '../../server/src/core/model';

const DIR = path.resolve('/nb');
function hostOf(files: Record<string, string>): MemoryFileHost {
  return new MemoryFileHost(Object.fromEntries(Object.entries(files).map(([k, v]) => [path.join(DIR, k), v])));
}
function project(files: Record<string, string>, processEnv?: Record<string, string>) {
  return readNoneBotProject(DIR, hostOf(files), { processEnv })!;
}
const where = (e: EnvEntry | undefined) => (e ? `${path.basename(e.file)}:${e.line + 1}` : undefined);

describe('NoneBot settings resolution', () => {
  type Check = Partial<Record<'environment' | 'HOST' | 'PORT' | 'DRIVER' | 'token' | 'tokenFrom' | 'secret' | 'loaded', string | number | undefined>>;
  const rows: [name: string, files: Record<string, string>, check: Check, env?: Record<string, string>][] = [
    ['defaults', { '.env': 'DRIVER=~fastapi' }, { environment: 'prod', HOST: '127.0.0.1', PORT: 8080, DRIVER: '~fastapi', loaded: '.env' }],
    ['defaults without any .env file', { 'bot.py': 'import nonebot' }, { environment: 'prod', HOST: '127.0.0.1', PORT: 8080, DRIVER: '~fastapi', loaded: '' }],
    [
      'ENVIRONMENT selects .env.dev',
      { '.env': 'ENVIRONMENT=dev', '.env.dev': 'PORT=8090', '.env.prod': 'PORT=9000' },
      { environment: 'dev', PORT: 8090, loaded: '.env,.env.dev' },
    ],
    [
      '.env.prod loaded by default and overrides .env',
      { '.env': 'PORT=8080', '.env.prod': 'PORT=9000' },
      { environment: 'prod', PORT: 9000, loaded: '.env,.env.prod' },
    ],
    ['ENVIRONMENT is case-sensitive in the file name', { '.env': 'ENVIRONMENT=Dev', '.env.dev': 'PORT=1' }, { environment: 'Dev', PORT: 8080, loaded: '.env' }],
    ['the last ENVIRONMENT of .env wins', { '.env': 'ENVIRONMENT=a\nenvironment=dev', '.env.dev': 'PORT=1' }, { environment: 'dev', PORT: 1 }],
    [
      'ENVIRONMENT only from .env, not from .env.prod',
      { '.env': 'A=1', '.env.prod': 'ENVIRONMENT=dev', '.env.dev': 'PORT=1' },
      { environment: 'prod', PORT: 8080 },
    ],
    ['process env beats the files', { '.env': 'PORT=8080' }, { PORT: 19999 }, { PORT: '19999' }],
    [
      'process ENVIRONMENT selects the file',
      { '.env': 'ENVIRONMENT=prod', '.env.test': 'PORT=7000' },
      { environment: 'test', PORT: 7000 },
      { ENVIRONMENT: 'test' },
    ],
    ['process env keys are case-insensitive', { '.env': 'PORT=8080' }, { PORT: 9 }, { port: '9' }],
    ['keys are case-insensitive', { '.env': 'port=8091' }, { PORT: 8091 }],
    ['a later line wins within a file', { '.env': 'PORT=1\nPort=2' }, { PORT: 2 }],
    ['non-integer PORT', { '.env': 'PORT=80a' }, { PORT: undefined }],
    ['token from ONEBOT_ACCESS_TOKEN', { '.env': 'ONEBOT_ACCESS_TOKEN=b2' }, { token: 'b2', tokenFrom: '.env:1' }],
    [
      'alias ONEBOT_V11_ACCESS_TOKEN wins in one file, either order',
      { '.env': 'ONEBOT_V11_ACCESS_TOKEN=a1\nONEBOT_ACCESS_TOKEN=b2' },
      { token: 'a1', tokenFrom: '.env:1' },
    ],
    [
      'alias in .env beats the field name in .env.prod',
      { '.env': 'ONEBOT_V11_ACCESS_TOKEN=a1', '.env.prod': 'ONEBOT_ACCESS_TOKEN=b2' },
      { token: 'a1', tokenFrom: '.env:1' },
    ],
    [
      'alias in .env.prod beats the field name in .env',
      { '.env': 'ONEBOT_ACCESS_TOKEN=b2', '.env.prod': 'ONEBOT_V11_ACCESS_TOKEN=a1' },
      { token: 'a1', tokenFrom: '.env.prod:1' },
    ],
    ['lower-case alias', { '.env': 'onebot_v11_access_token=a1\nONEBOT_ACCESS_TOKEN=b2' }, { token: 'a1' }],
    ['V12-only token is not V11', { '.env': 'ONEBOT_V12_ACCESS_TOKEN=c3' }, { token: undefined }],
    ['misspelt key sets nothing', { '.env': 'ONE_BOT_ACCESS_TOKEN=x' }, { token: undefined }],
    [
      'token only in the process environment (NoneBot 2.4.4+ reads it)',
      { '.env': 'DRIVER=~fastapi' },
      { token: 'fromenv', tokenFrom: undefined },
      { ONEBOT_ACCESS_TOKEN: 'fromenv' },
    ],
    ['secret and its alias', { '.env': 'ONEBOT_SECRET=s1\nONEBOT_V11_SECRET=s2' }, { secret: 's2' }],
    ['a key without = is None', { '.env': 'ONEBOT_ACCESS_TOKEN' }, { token: undefined, tokenFrom: '.env:1' }],
    ['interpolation from the process environment', { '.env': 'PORT=${NB_PORT:-8080}' }, { PORT: 8123 }, { NB_PORT: '8123' }],
    ['interpolation does not see .env from .env.prod', { '.env': 'P=9000', '.env.prod': 'PORT=${P:-7000}' }, { PORT: 7000 }],
  ];
  for (const [name, files, check, env] of rows) {
    it(name, () => {
      const p = project(files, env);
      const got: Check = {};
      for (const k of Object.keys(check) as (keyof Check)[]) {
        got[k] =
          k === 'environment'
            ? p.environment
            : k === 'PORT'
              ? p.portNumber
              : k === 'HOST'
                ? p.host.value
                : k === 'DRIVER'
                  ? p.driver.value
                  : k === 'token'
                    ? p.accessToken?.value
                    : k === 'tokenFrom'
                      ? where(p.accessToken?.entry)
                      : k === 'secret'
                        ? p.secret?.value
                        : p.loaded.map((f) => path.basename(f)).join(',');
      }
      assert.deepEqual(got, check);
    });
  }

  it('every effective value remembers its entry and what it overrides', () => {
    const p = project({ '.env': 'ENVIRONMENT=prod\nPORT=8080\n', '.env.prod': 'HOST=0.0.0.0\nPORT=9000\n' });
    assert.equal(where(p.port.entry), '.env.prod:2');
    assert.deepEqual(p.port.overridden.map(where), ['.env:2']);
    assert.ok(p.host.entry && !p.host.isDefault);
    assert.ok(p.driver.isDefault && !p.driver.entry);
    assert.equal(where(p.environmentEntry), '.env:1');
  });
  it('the token view lists the losing entries under either name, in load order', () => {
    const p = project({ '.env': 'ONEBOT_ACCESS_TOKEN=a\nONEBOT_V11_ACCESS_TOKEN=b', '.env.prod': 'ONEBOT_ACCESS_TOKEN=c' });
    assert.equal(p.accessToken?.value, 'b');
    assert.deepEqual(p.accessToken?.overridden.map(where), ['.env:1', '.env.prod:1']);
    assert.equal(p.settings.ONEBOT_ACCESS_TOKEN.value, 'c', 'the plain name is still what a V12 adapter reads');
  });
  it('process env overrides and remembers the file entry', () => {
    const p = project({ '.env': 'PORT=8080' }, { PORT: '1' });
    assert.ok(p.port.fromProcessEnv);
    assert.deepEqual(p.port.overridden.map(where), ['.env:1']);
  });
  it('every env file is listed, loaded or not', () => {
    const p = project({ '.env': 'ENVIRONMENT=dev', '.env.dev': 'A=1', '.env.prod': 'A=2', '.env.example': 'A=3' });
    assert.deepEqual(
      p.envFiles.map((f) => f.name),
      ['.env', '.env.dev', '.env.example', '.env.prod'],
    );
    assert.deepEqual(
      p.loaded.map((f) => path.basename(f)),
      ['.env', '.env.dev'],
    );
  });

  const decode: [raw: string, kind: string | undefined, value: unknown][] = [
    ['123456', 'number', 123456],
    ['"123456"', 'number', 123456],
    ['\'"123456"\'', 'string', '123456'],
    ['true', 'boolean', true],
    ['null', 'null', null],
    ['1e3', 'number', 1000],
    ['NaN', 'number', NaN],
    ['007', 'string', '007'],
    ['abc', 'string', 'abc'],
    ['', 'string', ''],
    ["'  '", 'string', '  '],
    ['" 42 "', 'number', 42],
    ['["ws://a:1"]', 'array', ['ws://a:1']],
    ['{"a": 1}', 'object', { a: 1 }],
  ];
  for (const [raw, kind, value] of decode) {
    it(`JSON decoding of a custom value: ${raw || '(empty)'}`, () => {
      const p = project({ '.env': `ONEBOT_ACCESS_TOKEN=${raw}` });
      assert.equal(p.accessToken?.decodedKind, kind);
      assert.deepEqual(p.accessToken?.decoded, value);
    });
  }
  it('a key without = decodes to null', () => assert.equal(decodeCustom(undefined), null));
  it('core keys are not JSON-decoded', () => {
    const p = project({ '.env': 'PORT=8080\nHOST=127.0.0.1' });
    assert.equal(p.port.decodedKind, undefined);
  });

  const wsRows: [name: string, line: string, urls: [string, string][]][] = [
    [
      'unquoted JSON list',
      'ONEBOT_WS_URLS=["ws://127.0.0.1:8081", "ws://10.0.0.2:8082/x"]',
      [
        ['ws://127.0.0.1:8081', '1:18-1:37'],
        ['ws://10.0.0.2:8082/x', '1:41-1:61'],
      ],
    ],
    ['single-quoted JSON list', `ONEBOT_V11_WS_URLS='["ws://h:1"]'`, [['ws://h:1', '1:23-1:31']]],
    ['double-quoted with escapes: the value range', 'ONEBOT_WS_URLS="[\\"ws://h:1\\"]"', [['ws://h:1', '1:16-1:32']]],
    ['not a list', 'ONEBOT_WS_URLS=ws://h:1', []],
  ];
  for (const [name, line, urls] of wsRows) {
    it(`ONEBOT_WS_URLS: ${name}`, () => {
      const p = project({ '.env': line });
      const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
        `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
      assert.deepEqual(
        p.wsUrlList.map((u) => [u.url, at(u.range)]),
        urls,
      );
    });
  }

  /** [self id, url, url range, key range] of each root. */
  const rootRows: [name: string, files: Record<string, string>, roots: [string, string, string, string][]][] = [
    [
      'unquoted JSON object, two roots in document order',
      { '.env': 'ONEBOT_API_ROOTS={"222": "http://127.0.0.1:5700/", "111": "http://h:3000"}' },
      [
        ['222', 'http://127.0.0.1:5700/', '1:27-1:49', '1:20-1:23'],
        ['111', 'http://h:3000', '1:60-1:73', '1:53-1:56'],
      ],
    ],
    ['single-quoted, the V11 alias', { '.env': `ONEBOT_V11_API_ROOTS='{"1": "http://h:1/"}'` }, [['1', 'http://h:1/', '1:30-1:41', '1:25-1:26']]],
    [
      'the alias beats the field name, whatever the file',
      { '.env': 'ONEBOT_V11_API_ROOTS={"1": "http://a:1/"}', '.env.prod': 'ONEBOT_API_ROOTS={"2": "http://b:2/"}' },
      [['1', 'http://a:1/', '1:29-1:40', '1:24-1:25']],
    ],
    [
      'a repeated key: the last one, as json.loads keeps it',
      { '.env': 'ONEBOT_API_ROOTS={"1": "http://a:1/", "1": "http://b:2/"}' },
      [['1', 'http://b:2/', '1:45-1:56', '1:40-1:41']],
    ],
    [
      'a value that is not a string is no root',
      { '.env': 'ONEBOT_API_ROOTS={"1": 5700, "2": "http://h:2/"}' },
      [['2', 'http://h:2/', '1:36-1:47', '1:31-1:32']],
    ],
    [
      'double-quoted with escapes: the value range for both',
      { '.env': 'ONEBOT_API_ROOTS="{\\"1\\": \\"http://h:1/\\"}"' },
      [['1', 'http://h:1/', '1:18-1:44', '1:18-1:44']],
    ],
    ['a list is no object', { '.env': 'ONEBOT_API_ROOTS=["http://h:1/"]' }, []],
    ['not JSON', { '.env': 'ONEBOT_API_ROOTS=http://h:1/' }, []],
    ['empty', { '.env': 'ONEBOT_API_ROOTS=' }, []],
  ];
  for (const [name, files, roots] of rootRows) {
    it(`ONEBOT_API_ROOTS: ${name}`, () => {
      const p = project(files);
      const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
        `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
      assert.deepEqual(
        p.apiRootList.map((r) => [r.selfId, r.url, at(r.range), at(r.keyRange)]),
        roots,
      );
    });
  }
  it('ONEBOT_API_ROOTS only in the process environment: roots without a file', () => {
    const p = project({ '.env': 'DRIVER=~fastapi+~httpx' }, { ONEBOT_API_ROOTS: '{"9": "http://h:9/"}' });
    assert.deepEqual(
      p.apiRootList.map((r) => [r.selfId, r.url, r.file]),
      [['9', 'http://h:9/', '']],
    );
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
  const rows: [name: string, files: Record<string, string>, want: boolean][] = [
    ['bot.py importing nonebot', { 'bot.py': 'import nonebot\n' }, true],
    ['bot.py with from nonebot import', { 'bot.py': 'from nonebot.adapters.onebot.v11 import Adapter\n' }, true],
    ['pyproject with [tool.nonebot]', { 'pyproject.toml': '[tool.nonebot]\nplugins = []\n' }, true],
    ['pyproject depending on nonebot2', { 'pyproject.toml': '[project]\ndependencies = ["nonebot2[fastapi]>=2.3"]\n' }, true],
    ['.env with DRIVER in NoneBot notation', { '.env': 'DRIVER=~fastapi\n' }, true],
    ['.env.dev with an ONEBOT_ key', { '.env.dev': 'ONEBOT_ACCESS_TOKEN=x\n' }, true],
    ['.env with SUPERUSERS', { '.env': 'SUPERUSERS=["1"]\n' }, true],
    ['another program’s .env', { '.env': 'DATABASE_URL=postgres://x\nPORT=3000\nHOST=0.0.0.0\n' }, false],
    ['a database DRIVER', { '.env': 'DRIVER=postgresql\nENVIRONMENT=dev\n' }, false],
    ['a template only', { '.env.example': 'ONEBOT_ACCESS_TOKEN=\n' }, false],
    ['a Flask bot.py', { 'bot.py': 'import flask\n# a nonebot-like bot\n' }, false],
    ['a pyproject of something else', { 'pyproject.toml': '[project]\nname = "x"\n' }, false],
  ];
  for (const [name, files, want] of rows) it(name, () => assert.equal(isNoneBotDir(DIR, hostOf(files)), want));
});
