/**
 * Property-based robustness checks shared by the short run inside `npm test` and the long run of `npm run fuzz`:
 * every reader and the whole rule pipeline, on arbitrary and mutated inputs, never throws, never hangs, returns
 * ranges inside the document and is deterministic.
 */
import fc from 'fast-check';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { parseDotenv } from '../../server/src/core/nonebot/dotenv';
import { readLagrangeConfig } from '../../server/src/core/lagrange/reader';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import type { Range } from '../../server/src/core/model';
import { HOSTILE, runHostile } from './hostile';

/**
 * Longest a single input may take through one reader or the pipeline: 100 ms in `npm run fuzz`, which runs alone.
 * The short run inside `npm test` shares the machine with the other test files, so there it only catches hangs.
 */
export const limits = { maxMsPerInput: 100, maxMsPerHostileWorkspace: 60_000 };

const SHIPPED_APPSETTINGS = `{
    "$schema": "https://raw.githubusercontent.com/LagrangeDev/Lagrange.Core/master/Lagrange.OneBot/Resources/appsettings_schema.json",
    "Logging": {
        "LogLevel": {
            "Default": "Information",
            "Microsoft": "Warning",
            "Microsoft.Hosting.Lifetime": "Information"
        }
    },
    "SignServerUrl": "",
    "SignProxyUrl": "",
    "MusicSignServerUrl": "",
    "Account": {
        "Uin": 0,
        "Protocol": "Linux",
        "AutoReconnect": true,
        "GetOptimumServer": true
    },
    "Message": {
        "IgnoreSelf": true,
        "StringPost": false
    },
    "QrCode": {
        "ConsoleCompatibilityMode": false
    },
    "Implementations": [
        {
            "Type": "ReverseWebSocket",
            "Host": "127.0.0.1",
            "Port": 8080,
            "Suffix": "/onebot/v11/ws",
            "ReconnectInterval": 5000,
            "HeartBeatInterval": 5000,
            "AccessToken": ""
        }
    ]
}`;

const JSON_FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '//',
  '/*',
  '*/',
  '\n',
  '\r\n',
  ' ',
  '\uFEFF',
  '\u0000',
  'null',
  'true',
  'false',
  '-1',
  '65536',
  '8080',
  '1e3',
  '"Type"',
  '"type"',
  '"ReverseWebSocket"',
  '"ForwardWebSocket"',
  '"HttpPost"',
  '"Http"',
  '"Implementations"',
  '"Implementation"',
  '"Enable"',
  '"false"',
  '"Port"',
  '"Host"',
  '"Suffix"',
  '"AccessToken"',
  '"Secret"',
  '"0.0.0.0"',
  '"/onebot/v11"',
  '"\\u00e9"',
  '😀',
];

const ENV_FRAGMENTS = [
  '=',
  '"',
  "'",
  '\\',
  '\\n',
  '\\"',
  '#',
  ' #',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  'export ',
  '${',
  '}',
  '${HOST}',
  '${X:-d}',
  'HOST',
  'PORT',
  'DRIVER',
  'ENVIRONMENT',
  'ONEBOT_ACCESS_TOKEN',
  'ONEBOT_V11_ACCESS_TOKEN',
  'ONEBOT_WS_URLS',
  'ONE_BOT_ACCESS_TOKEN',
  '~fastapi',
  '+~websockets',
  '127.0.0.1',
  'localhost',
  '8080',
  '123456',
  'null',
  'true',
  '["ws://127.0.0.1:8081"]',
  '[',
  ']',
  ',',
  '\uFEFF',
  '\u0000',
  'é',
  '😀',
  'prod',
  'dev',
];

const PY_FRAGMENTS = [
  'import nonebot\n',
  'from nonebot.adapters.onebot.v11 import Adapter as ONEBOT_V11Adapter\n',
  'from nonebot.adapters.onebot.v12 import Adapter\n',
  'import nonebot.adapters.onebot.v11 as v11\n',
  'driver = nonebot.get_driver()\n',
  'driver.register_adapter(ONEBOT_V11Adapter)\n',
  'driver.register_adapter(v11.Adapter)\n',
  'register_adapter(',
  ')',
  '(',
  '#',
  '"""',
  "'",
  '\\\n',
  'nonebot.init()\n',
  'nonebot.load_from_toml("pyproject.toml")\n',
  '    ',
  '\n',
  'as',
  ' ',
  '.',
  ',',
];

const TOML_FRAGMENTS = [
  '[tool.nonebot]\n',
  '[tool.nonebot.adapters]\n',
  'adapters = [{ name = "OneBot V11", module_name = "nonebot.adapters.onebot.v11" }]\n',
  'nonebot-adapter-onebot = [{ name = "OneBot V11", module_name = "nonebot.adapters.onebot.v11" }]\n',
  '"@local" = []\n',
  'plugins = []\n',
  '[',
  ']',
  '{',
  '}',
  '=',
  '"',
  "'''",
  '\n',
  ' ',
  '#',
  'module_name',
  ',',
];

function textFrom(fragments: string[], maxLength: number): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fragments) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), {
      maxLength,
    })
    .map((parts) => parts.join(''));
}

/** A known-good text with random edits: deletions, insertions of grammar fragments, duplications. */
function mutated(base: string, fragments: string[]): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat({ max: base.length }),
    del: fc.nat({ max: 12 }),
    insert: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 4 })),
  });
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let s = base;
    for (const e of edits) {
      const at = Math.min(e.at, s.length);
      s = s.slice(0, at) + e.insert + s.slice(at + e.del);
    }
    return s;
  });
}

export const arbAppsettings = fc.oneof(
  { weight: 3, arbitrary: mutated(SHIPPED_APPSETTINGS, JSON_FRAGMENTS) },
  { weight: 1, arbitrary: textFrom(JSON_FRAGMENTS, 60) },
);
export const arbEnv = textFrom(ENV_FRAGMENTS, 40);
const arbBotPy = textFrom(PY_FRAGMENTS, 20);
const arbPyproject = textFrom(TOML_FRAGMENTS, 16);

class PropertyFailure extends Error {}

function check(cond: boolean, what: string): void {
  if (!cond) throw new PropertyFailure(what);
}

function inside(text: string, r: Range, what: string): void {
  const idx = new LineIndex(text);
  const ok = (p: Range['start']) => p.line >= 0 && p.line < idx.lineCount && p.character >= 0 && p.character <= idx.lineText(p.line).length + 1;
  check(ok(r.start) && ok(r.end), `${what}: range ${JSON.stringify(r)} outside the document`);
  check(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: start after end`);
}

function timed<T>(what: string, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  const ms = performance.now() - t0;
  check(ms <= limits.maxMsPerInput, `${what} took ${ms.toFixed(1)} ms`);
  return r;
}

const ROOT = path.resolve('/fuzz-ws');

export function dotenvProperty(): fc.IPropertyWithHooks<[string]> {
  return fc.property(arbEnv, (text) => {
    const a = timed('parseDotenv', () => parseDotenv(text, '/x/.env'));
    const b = parseDotenv(text, '/x/.env');
    check(JSON.stringify(a) === JSON.stringify(b), 'parseDotenv is deterministic');
    for (const e of a.entries) {
      inside(text, e.keyRange, `key ${e.key}`);
      inside(text, e.valueRange, `value of ${e.key}`);
      inside(text, e.innerRange, `inner value of ${e.key}`);
    }
    for (const p of a.problems) inside(text, p.range, 'problem');
  });
}

export function lagrangeProperty(): fc.IPropertyWithHooks<[string]> {
  return fc.property(arbAppsettings, (text) => {
    const file = path.join(ROOT, 'appsettings.json');
    const host = new MemoryFileHost({ [file]: text });
    const a = timed('readLagrangeConfig', () => readLagrangeConfig(file, host));
    const b = readLagrangeConfig(file, host);
    check(JSON.stringify(a) === JSON.stringify(b), 'readLagrangeConfig is deterministic');
    if (!a) return;
    for (const n of a.nodes) {
      if (n.keyRange) inside(text, n.keyRange, `key ${n.path}`);
      inside(text, n.valueRange, `value ${n.path}`);
    }
    for (const p of a.problems) inside(text, p.range, 'problem');
  });
}

export function pipelineProperty(): fc.IPropertyWithHooks<[string, string, string, string, string]> {
  return fc.property(arbAppsettings, arbEnv, arbEnv, arbBotPy, arbPyproject, (appsettings, env, envProd, botPy, pyproject) => {
    const files: Record<string, string> = {
      [path.join(ROOT, 'lagrange/appsettings.json')]: appsettings,
      [path.join(ROOT, 'nonebot/.env')]: env,
      [path.join(ROOT, 'nonebot/.env.prod')]: envProd,
      [path.join(ROOT, 'nonebot/bot.py')]: botPy,
      [path.join(ROOT, 'nonebot/pyproject.toml')]: pyproject,
    };
    const host = new MemoryFileHost(files);
    const a = timed('analyze', () => analyze([ROOT], host));
    const b = analyze([ROOT], host);
    check(a.failures.length === 0, `no rule throws: ${a.failures.map((f) => `${f.code}: ${f.error}`).join('; ')}`);
    const summary = (r: typeof a) => JSON.stringify(r.findings.map((f) => [f.code, f.file, f.range, f.message.en]));
    check(summary(a) === summary(b), 'analyze is deterministic');
    for (const f of a.findings) {
      const text = files[f.file];
      check(text !== undefined, `${f.code} reports on a file of the workspace (${f.file})`);
      inside(text, f.range, f.code);
      for (const r of f.related) {
        check(files[r.file] !== undefined, `${f.code}: related file exists`);
        inside(files[r.file], r.range, `${f.code} related`);
      }
      for (const x of f.fixes) for (const e of x.edits) inside(files[e.file] ?? '', e.range, `${f.code} fix edit`);
    }
  });
}

/** Garbage that is no configuration of either program: deep brackets, NUL, unclosed strings and calls, long runs. */
const HOSTILE_UNITS = ['[', '{"a":', '(', '"', "'", '\\', '\u0000', '\n', ' ', ':', '#', '${', 'register_adapter(', 'from a import (', 'nonebot.init(', '"""'];

/**
 * The workspace-level property: a hostile file of any kind and size (a case of test/fuzz/hostile.ts at a random
 * size, or random garbage repeated) put beside a linked pair never throws and never removes a finding of the pair.
 */
export function hostileProperty(maxN = 3000, maxRepeat = 20_000): fc.IPropertyWithHooks<[number, number, string[], number, number]> {
  return fc.property(
    fc.nat({ max: HOSTILE.length - 1 }),
    fc.integer({ min: 1, max: maxN }),
    fc.array(fc.constantFrom(...HOSTILE_UNITS), { minLength: 1, maxLength: 6 }),
    fc.integer({ min: 1, max: maxRepeat }),
    fc.nat({ max: 4 }),
    (which, n, units, repeat, kind) => {
      const garbage = units.join('').repeat(Math.max(1, Math.floor(repeat / units.length)));
      const name = ['g/appsettings.json', 'g/.env', 'g/bot.py', 'g/pyproject.toml', 'nonebot/.env.fuzz'][kind];
      const base = HOSTILE[which];
      const withGarbage = { ...base, files: (k: number) => ({ ...base.files(k), [name]: kind === 1 || kind === 4 ? `ONEBOT_X=${garbage}` : garbage }) };
      const t0 = performance.now();
      const r = runHostile(withGarbage, n);
      const ms = performance.now() - t0;
      check(ms <= limits.maxMsPerHostileWorkspace, `hostile workspace took ${ms.toFixed(0)} ms (${base.name}, N = ${n})`);
      check(r.missing.length === 0, `the pair lost ${r.missing.join(', ')} (${base.name}, N = ${n}, ${name})`);
    },
  );
}
