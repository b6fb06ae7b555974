/**
 * The reproductions of the robustness findings as one table, each a hostile file put beside a linked pair whose
 * tokens differ. `npm test` runs them at small sizes (test/core/hostile.test.ts), `npm run fuzz` at the sizes of the
 * findings (scripts/fuzz.ts), and the bench measures how their cost grows (scripts/bench.ts).
 * The property: the hostile file never throws out of analyze() and never removes a finding from the pair.
 */
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import type { Finding } from '../../server/src/core/model';

export const WS = path.resolve('/hostile-ws');

/** A Lagrange + NoneBot pair with a token mismatch (two findings) that every hostile file sits beside. */
export const PAIR: Record<string, string> = {
  'lagrange/appsettings.json': `{
  "Implementations": [
    { "Type": "ReverseWebSocket", "Host": "127.0.0.1", "Port": 8080, "Suffix": "/onebot/v11/ws", "AccessToken": "lagrange-side" }
  ]
}
`,
  'nonebot/.env': 'ENVIRONMENT=prod\nDRIVER=~fastapi\nHOST=127.0.0.1\nPORT=8080\nONEBOT_ACCESS_TOKEN=nonebot-side\n',
  'nonebot/bot.py':
    'import nonebot\nfrom nonebot.adapters.onebot.v11 import Adapter as ONEBOT_V11Adapter\n\nnonebot.init()\ndriver = nonebot.get_driver()\ndriver.register_adapter(ONEBOT_V11Adapter)\n',
};

export interface HostileCase {
  name: string;
  /** Size used by `npm test`; `full` is the size of the finding (npm run fuzz, bench). */
  small: number;
  full: number;
  /** Files (relative to WS) for size n; they are added to PAIR (or replace a PAIR file of the same name). */
  files(n: number): Record<string, string>;
  /** The pair itself is the hostile input (its findings then need not survive). */
  replacesPair?: boolean;
}

const implementation = (i: number) =>
  `{ "Type": "ReverseWebSocket", "Host": "127.0.0.1", "Port": ${1024 + (i % 60000)}, "Suffix": "/onebot/v11/ws", "AccessToken": "t${i}" }`;

export const HOSTILE: HostileCase[] = [
  {
    name: 'appsettings.json nested N deep (crash depth)',
    small: 20_000,
    full: 200_000,
    files: (n) => ({ 'deep/appsettings.json': `{"Implementations": ${'['.repeat(n)}${']'.repeat(n)}}` }),
  },
  {
    name: 'appsettings.json nested N deep (just below the crash)',
    small: 3000,
    full: 3000,
    files: (n) => ({ 'deep/appsettings.json': `{"Implementations": [${'{"a":'.repeat(n)}1${'}'.repeat(n)}]}` }),
  },
  {
    name: 'appsettings.json with N implementations',
    small: 1000,
    full: 40_000,
    files: (n) => ({ 'many/appsettings.json': `{"Implementations": [${Array.from({ length: n }, (_, i) => implementation(i)).join(',\n')}]}` }),
  },
  {
    name: '.env ONEBOT_WS_URLS= N [ then N ]',
    small: 6000,
    full: 200_000,
    files: (n) => ({ 'nb2/.env': `ONEBOT_ACCESS_TOKEN=x\nONEBOT_WS_URLS=${'['.repeat(n)}${']'.repeat(n)}\n` }),
  },
  {
    name: '.env of N unquoted lines without #',
    small: 20_000,
    full: 200_000,
    files: (n) => ({ 'nb2/.env': `ONEBOT_ACCESS_TOKEN=x\n${Array.from({ length: n }, (_, i) => `K${i}=value${i}`).join('\n')}\n` }),
  },
  { name: '.env with N PORT=1 lines', small: 10_000, full: 40_000, files: (n) => ({ 'nb2/.env': `ONEBOT_ACCESS_TOKEN=x\n${'PORT=1\n'.repeat(n)}` }) },
  {
    name: 'bot.py register_adapter( + N spaces, no )',
    small: 4000,
    full: 400_000,
    files: (n) => ({ 'nb2/bot.py': `import nonebot\ndriver.register_adapter(${' '.repeat(n)}`, 'nb2/.env': 'ONEBOT_ACCESS_TOKEN=x\n' }),
  },
  {
    name: 'bot.py N lines of `from a import (`',
    small: 4000,
    full: 40_000,
    files: (n) => ({ 'nb2/bot.py': `import nonebot\n${'from a import (\n'.repeat(n)}`, 'nb2/.env': 'ONEBOT_ACCESS_TOKEN=x\n' }),
  },
  {
    name: 'bot.py N unclosed nonebot.init(',
    small: 4000,
    full: 40_000,
    files: (n) => ({ 'nb2/bot.py': `import nonebot\n${'nonebot.init(\n'.repeat(n)}`, 'nb2/.env': 'ONEBOT_ACCESS_TOKEN=x\n' }),
  },
  {
    name: 'pyproject.toml of N blank lines, no bot.py',
    small: 40_000,
    full: 400_000,
    files: (n) => ({ 'nb2/pyproject.toml': `${'\n'.repeat(n)}x`, 'nb2/.env': 'PORT=1\n' }),
  },
  {
    name: 'pyproject.toml nested N deep',
    small: 20_000,
    full: 200_000,
    files: (n) => ({ 'nb2/pyproject.toml': `[tool.nonebot]\nadapters = ${'['.repeat(n)}${']'.repeat(n)}\n` }),
  },
  {
    name: 'Lagrange Host of N colons then x',
    small: 4000,
    full: 40_000,
    files: (n) => ({ 'colons/appsettings.json': `{"Implementations": [{ "Type": "ReverseWebSocket", "Host": "${':'.repeat(n)}x", "Port": 8080 }]}` }),
  },
  {
    name: '.env keys of N characters (near-miss search)',
    small: 10_000,
    full: 1_000_000,
    files: (n) => ({ 'nb2/.env': `ONEBOT_${'A'.repeat(n)}=1\nLOG_${'B'.repeat(n)}=1\n`, 'nb2/bot.py': 'import nonebot\n' }),
  },
  {
    name: 'NUL bytes in every file kind',
    small: 1000,
    full: 100_000,
    files: (n) => ({
      'nul/appsettings.json': '\u0000'.repeat(n),
      'nul/.env': `ONEBOT_ACCESS_TOKEN=x\n${'\u0000'.repeat(n)}`,
      'nul/bot.py': '\u0000'.repeat(n),
    }),
  },
];

export function pairFiles(): Record<string, string> {
  return Object.fromEntries(Object.entries(PAIR).map(([k, v]) => [path.join(WS, k), v]));
}

export function hostileHost(c: HostileCase, n: number): MemoryFileHost {
  const files = pairFiles();
  for (const [k, v] of Object.entries(c.files(n))) files[path.join(WS, k)] = v;
  return new MemoryFileHost(files);
}

export function key(f: Finding): string {
  return `${f.code} ${path.relative(WS, f.file)} ${f.range.start.line}:${f.range.start.character}`;
}

/** The findings of the pair alone, which every hostile workspace must keep. */
export function pairFindings(): Set<string> {
  return new Set(analyze([WS], new MemoryFileHost(pairFiles())).findings.map(key));
}

/** Runs one case; returns what is missing from the pair's findings (empty when the property holds). */
export function runHostile(c: HostileCase, n: number): { missing: string[]; findings: Finding[] } {
  const r = analyze([WS], hostileHost(c, n));
  const have = new Set(r.findings.map(key));
  const pairDir = (k: string) => k.split(' ')[1].startsWith('lagrange/') || k.split(' ')[1].startsWith('nonebot/');
  const missing = [...pairFindings()].filter((k) => pairDir(k) && !have.has(k));
  return { missing, findings: r.findings };
}
