import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { CHECK_OPTIONS } from '../server/src/cli/check';
import { escapeData, escapeProperty, FORMATS, sarifRegion } from '../server/src/cli/formats';
import { IMPERSONATIONS, PROBE_OPTIONS } from '../server/src/cli/probe';
import { COMMON_OPTIONS } from '../server/src/cli/args';
import { envLang, main, usageText } from '../server/src/cli/cli';
import { rulesDocUrl } from '../server/src/cli/meta';
import { RULES } from '../server/src/core/rules/index';
import { isRelevantFile } from '../server/src/core/analyze';
import * as S from './probe/servers';
import { casesOnDisk } from './ruleCases';

const TOKEN = 'MyS3cretToken';
const PKG = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
};
const SARIF_SCHEMA = 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function cli(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Run {
  const p = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    input: opts.input ?? '',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', ...opts.env },
  });
  return { code: p.status, out: p.stdout, err: p.stderr };
}

/** The same, without blocking this process (the probe's peer runs in it). */
function cliAsync(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['dist/cli.js', ...args], { env: { ...process.env, LANG: 'C', LC_ALL: '', ...opts.env } });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    p.stdin.end(opts.input ?? '');
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

interface Row {
  name: string;
  args: string[];
  code: number;
  out?: RegExp[];
  notOut?: RegExp[];
  err?: RegExp;
  env?: Record<string, string>;
  input?: string;
}

function check(rows: Row[]) {
  for (const row of rows) {
    it(row.name, () => {
      const r = cli(row.args, { env: row.env, input: row.input });
      assert.equal(r.code, row.code, r.out + r.err);
      for (const re of row.out ?? []) assert.match(r.out, re);
      for (const re of row.notOut ?? []) assert.doesNotMatch(r.out, re);
      if (row.err) assert.match(r.err, row.err);
      assert.ok(!(r.out + r.err).includes(TOKEN), 'the token never appears in full');
    });
  }
}

describe('onebot-doctor: command line', () => {
  check([
    { name: 'no argument: the usage on stderr, exit 2', args: [], code: 2, err: /^onebot-doctor .*\n\nUsage:/ },
    { name: '--help: the usage, exit 0', args: ['--help'], code: 0, out: [/Usage:\n {2}onebot-doctor check/] },
    { name: '-h: the usage, exit 0', args: ['-h'], code: 0, out: [/onebot-doctor rules/] },
    { name: '--version: package.json version', args: ['--version'], code: 0, out: [new RegExp(`^${PKG.version.replace(/\./g, '\\.')}\\n$`)] },
    { name: '-V: package.json version', args: ['-V'], code: 0, out: [new RegExp(`^${PKG.version.replace(/\./g, '\\.')}\\n$`)] },
    { name: 'check --help, exit 0', args: ['check', '--help'], code: 0, out: [/^Usage: onebot-doctor check/, /--max-warnings N/, /sarif/, /Exit status/] },
    { name: 'check -h after other options', args: ['check', 'examples/broken', '-h'], code: 0, out: [/^Usage: onebot-doctor check/] },
    {
      name: 'probe --help names the safe token sources',
      args: ['probe', '--help'],
      code: 0,
      out: [/^Usage: onebot-doctor probe/, /--token-env VAR/, /--token-stdin/, /visible to other users in `ps`/, /--as IMPL/, /--secret-env VAR/],
    },
    { name: 'rules --help, exit 0', args: ['rules', '--help'], code: 0, out: [/^Usage: onebot-doctor rules/] },
    { name: 'help check', args: ['help', 'check'], code: 0, out: [/^Usage: onebot-doctor check/] },
    { name: 'unknown command: usage, exit 2', args: ['frobnicate'], code: 2, err: /unknown command: frobnicate\n\n.*\n\nUsage:/ },
    { name: 'unknown top-level option: usage, exit 2', args: ['--bogus'], code: 2, err: /unknown option --bogus\n\n.*Usage:/s },
    { name: 'unknown check option: the check usage, exit 2', args: ['check', '--bogus'], code: 2, err: /unknown option --bogus\n\nUsage: onebot-doctor check/ },
    { name: 'unknown check option with a value', args: ['check', '--bogus=1'], code: 2, err: /unknown option --bogus\n/ },
    { name: 'unknown probe option: the probe usage', args: ['probe', '--tokne', 'x'], code: 2, err: /unknown option --tokne\n\nUsage: onebot-doctor probe/ },
    { name: 'rules takes no argument', args: ['rules', 'x'], code: 2, err: /rules takes no argument/ },
    { name: 'option missing its value', args: ['check', '--format'], code: 2, err: /--format argument missing/ },
    { name: 'boolean option given a value', args: ['check', '--quiet=yes'], code: 2, err: /--quiet does not take an argument/ },
    { name: 'bad --format', args: ['check', '--format', 'xml'], code: 2, err: /--format must be text, json, sarif or github, not xml/ },
    { name: 'bad --lang', args: ['check', '--lang', 'fr'], code: 2, err: /--lang takes en or zh-CN/ },
    { name: 'bad --max-warnings', args: ['check', '--max-warnings', 'many'], code: 2, err: /--max-warnings takes a whole number/ },
    { name: 'unknown rule code', args: ['check', '--rule', 'nope=off'], code: 2, err: /unknown rule code: nope/ },
    { name: 'missing path', args: ['check', 'no/such/dir'], code: 2, err: /no such file or folder: no\/such\/dir/ },
    { name: 'rules lists the catalogue', args: ['rules'], code: 0, out: [/^token-mismatch\s+error/m] },
    {
      name: 'rules in Chinese (--lang before the command)',
      args: ['--lang', 'zh-CN', 'rules'],
      code: 0,
      out: [/^token-mismatch\s+error\s+.*[\u4e00-\u9fff]/m],
    },
  ]);
});

describe('onebot-doctor help: every program and option, in English and Chinese', () => {
  /** Runs main in this process; what it printed, by stream. */
  async function inProcess(argv: string[], env: Record<string, string> = { LANG: 'C' }) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { cwd: process.cwd(), out: (s) => out.push(s), err: (s) => err.push(s), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  type Options = Record<string, { type: string; short?: string }>;
  const PROGRAMS = ['Lagrange.OneBot', 'NapCat', 'go-cqhttp', 'LLOneBot', 'NoneBot2', 'Koishi', 'Docker Compose'];
  const FILES = [
    'appsettings.json',
    'onebot11_<uin>.json',
    'config.yml',
    'config_<uin>.json',
    '.env',
    'bot.py',
    'pyproject.toml',
    'koishi.yml',
    'compose.yaml',
  ];
  /** Each help and the options of its parser; the general help also gives every command's options, by long name. */
  const TOPICS: { command?: string; options: Options; mentions?: Options; names: readonly string[] }[] = [
    { options: { ...COMMON_OPTIONS, version: { type: 'boolean', short: 'V' } }, mentions: { ...CHECK_OPTIONS, ...PROBE_OPTIONS }, names: PROGRAMS },
    { command: 'check', options: CHECK_OPTIONS, names: [...PROGRAMS, ...FILES] },
    { command: 'probe', options: PROBE_OPTIONS, names: IMPERSONATIONS },
    { command: 'rules', options: COMMON_OPTIONS, names: [] },
  ];
  const LANGS = [
    { lang: 'en', flag: 'en' },
    { lang: 'zh', flag: 'zh-CN' },
  ] as const;
  const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** Display width in a terminal: CJK characters and full-width punctuation take two columns. */
  const width = (line: string) => [...line].reduce((n, ch) => n + (CJK.test(ch) ? 2 : 1), 0);
  const helpOf = async (command: string | undefined, flag: string) => {
    const r = await inProcess([...(command ? [command] : []), '--help', '--lang', flag]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    return r.out;
  };
  /** Lines that only show command lines (the same in both languages). */
  const isSynopsis = (line: string) => /^(?:Usage: |用法：)?\s*onebot-doctor (?:check|probe|rules|COMMAND)\b/.test(line) || /^\s+\[/.test(line);
  /** `-f, --format FORMAT   description`: the description (undefined for an option alone on its line). */
  const optionLine = /^ {2,6}(?:-\w, )?--[\w-]+(?: \S+)?(?: {2,}(.+))?$/;
  const tableRow = new RegExp(`^ {2}(?:${PROGRAMS.map(reEscape).join('|')}) {2,}`);
  /** Two Latin words in a row outside backquotes: English prose. */
  const englishProse = (line: string) => /(?<![\w.$<{-])[a-z]{2,} [a-z]{2,}(?![\w.-])/.test(line.replace(/`[^`]*`/g, ''));

  for (const { lang, flag } of LANGS)
    for (const topic of TOPICS) {
      const name = `${topic.command ?? '(no command)'} --help --lang ${flag}`;
      it(`${name}: names every program and every option the parser accepts`, async () => {
        const text = await helpOf(topic.command, flag);
        for (const n of topic.names) assert.ok(text.includes(n), `${name} names ${n}`);
        for (const [long, spec] of [...Object.entries(topic.options), ...Object.entries(topic.mentions ?? {})]) {
          assert.match(text, new RegExp(`(?<![\\w-])--${reEscape(long)}(?![\\w-])`), `${name} documents --${long}`);
          if (spec.short && Object.hasOwn(topic.options, long))
            assert.match(text, new RegExp(`-${spec.short}(?:, |/)--${reEscape(long)}(?![\\w-])`), `${name} gives -${spec.short} with --${long}`);
        }
      });
      it(`${name}: every line fits 120 columns${lang === 'zh' ? ', every descriptive line is Chinese' : ' and is English'}`, async () => {
        const lines = (await helpOf(topic.command, flag)).split('\n');
        for (const line of lines) assert.ok(width(line) <= 120, `too wide: ${line}`);
        if (lang === 'en') {
          for (const line of lines) assert.doesNotMatch(line, CJK);
          return;
        }
        let described = 0;
        for (const line of lines.filter((l) => l.trim() !== '' && !isSynopsis(l))) {
          assert.ok(!englishProse(line), `English prose in the Chinese help: ${line}`);
          if (tableRow.test(line)) continue; // a program and its file names
          const option = optionLine.exec(line);
          if (option && option[1] === undefined) continue; // an option whose description is on the next line
          assert.match(option ? option[1] : line, CJK, `untranslated: ${line}`);
          described++;
        }
        assert.ok(described >= 3, `${name}: ${described} descriptive lines found`);
      });
    }

  /** What must be the same in both languages: options, numbers (exit statuses, defaults, limits), quoted examples. */
  const facts = (text: string) => ({
    options: [...new Set(text.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g))].sort(),
    numbers: (text.match(/-?\d+(?:\.\d+)*/g) ?? []).sort(),
    quoted: [...new Set(text.match(/`[^`]+`/g))].sort(),
    synopsis: text
      .split('\n')
      .filter(isSynopsis)
      .map((l) =>
        l
          .replace(/^(?:Usage: |用法：)|^\s+/, '')
          .replace('[选项]', '[options]')
          .trimEnd(),
      ),
  });
  for (const topic of TOPICS)
    it(`${topic.command ?? '(no command)'} --help: the same options, numbers, examples and command lines in both languages`, async () => {
      const en = facts(await helpOf(topic.command, 'en'));
      const zh = facts(await helpOf(topic.command, 'zh-CN'));
      assert.deepEqual(zh, en);
      assert.ok(en.synopsis.length > 0 && en.options.length > 0);
    });

  const FIX = [
    {
      lang: 'en',
      flag: 'en',
      fix: /^ {6}--fix {18}apply the certain fix .*\n.*at most 10 passes/m,
      dry: /^ {6}--fix-dry-run {10}the same, without writing any file/m,
    },
    {
      lang: 'zh',
      flag: 'zh-CN',
      fix: /^ {6}--fix {18}对报告的每个问题应用其确定的修复.*\n.*最多 10 轮/m,
      dry: /^ {6}--fix-dry-run {10}同上，但不写入任何文件/m,
    },
  ];
  for (const row of FIX)
    it(`check --help --lang ${row.flag} documents --fix and --fix-dry-run (also in the synopsis)`, async () => {
      assert.match(await helpOf('check', row.flag), row.fix);
      assert.match(await helpOf('check', row.flag), row.dry);
      assert.match(await helpOf(undefined, row.flag), /^ {22}\[--fix \| --fix-dry-run\]/m);
    });

  // The language: --lang, else LC_ALL, LC_MESSAGES, LANG (the first set), codeset and modifier ignored.
  const CHOICE: { name: string; env: Record<string, string>; argv?: string[]; lang: 'en' | 'zh' }[] = [
    { name: 'LANG=C', env: { LANG: 'C' }, lang: 'en' },
    { name: 'nothing set', env: {}, lang: 'en' },
    { name: 'LANG=zh_CN.UTF-8', env: { LANG: 'zh_CN.UTF-8' }, lang: 'zh' },
    { name: 'LANG=zh_CN.GB18030', env: { LANG: 'zh_CN.GB18030' }, lang: 'zh' },
    { name: 'LANG=zh_SG.UTF-8', env: { LANG: 'zh_SG.UTF-8' }, lang: 'zh' },
    { name: 'LANG=zh_TW.UTF-8 (no traditional Chinese)', env: { LANG: 'zh_TW.UTF-8' }, lang: 'en' },
    { name: 'LC_ALL=zh_CN.UTF-8', env: { LC_ALL: 'zh_CN.UTF-8', LANG: 'C' }, lang: 'zh' },
    { name: 'LC_ALL=zh_CN.utf8@cjknarrow', env: { LC_ALL: 'zh_CN.utf8@cjknarrow' }, lang: 'zh' },
    { name: 'LC_ALL=C beats LANG=zh_CN.UTF-8', env: { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }, lang: 'en' },
    { name: 'LC_MESSAGES=zh_CN.UTF-8 beats LANG', env: { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, lang: 'zh' },
    { name: 'LC_ALL beats LC_MESSAGES', env: { LC_ALL: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }, lang: 'en' },
    { name: 'an empty LC_ALL is unset', env: { LC_ALL: '', LANG: 'zh_CN.UTF-8' }, lang: 'zh' },
    { name: '--lang en beats LANG', env: { LANG: 'zh_CN.UTF-8' }, argv: ['--lang', 'en'], lang: 'en' },
    { name: '--lang zh-CN beats LC_ALL', env: { LC_ALL: 'en_US.UTF-8' }, argv: ['--lang', 'zh-CN'], lang: 'zh' },
    { name: '--lang=zh-CN', env: { LANG: 'C' }, argv: ['--lang=zh-CN'], lang: 'zh' },
  ];
  for (const row of CHOICE)
    for (const command of [undefined, 'check', 'probe', 'rules'])
      it(`${row.name}: ${command ?? '(no command)'} --help in ${row.lang}`, async () => {
        const r = await inProcess([...(command ? [command] : []), '--help', ...(row.argv ?? [])], row.env);
        assert.equal(r.code, 0, r.err);
        assert.equal(r.out, usageText(command, row.lang));
      });
  it('envLang reads the same variables as the messages', () => {
    for (const row of CHOICE.filter((c) => !c.argv)) assert.equal(envLang(row.env), row.lang, row.name);
  });

  // A usage error: the message, then the usage of the command it concerns, both in the chosen language.
  const ERRORS: { args: string[]; usage?: string; en: string; zh: string }[] = [
    { args: ['frobnicate'], en: 'unknown command: frobnicate', zh: '未知命令：frobnicate' },
    { args: ['toString', '--help'], en: 'unknown command: toString', zh: '未知命令：toString' },
    { args: ['help', 'constructor'], en: 'unknown command: constructor', zh: '未知命令：constructor' },
    { args: ['--bogus'], en: 'unknown option --bogus', zh: '未知选项 --bogus' },
    { args: ['check', '--bogus'], usage: 'check', en: 'unknown option --bogus', zh: '未知选项 --bogus' },
    { args: ['probe', '--tokne', 'x'], usage: 'probe', en: 'unknown option --tokne', zh: '未知选项 --tokne' },
    { args: ['rules', 'x'], usage: 'rules', en: 'rules takes no argument: x', zh: 'rules 不接受参数：x' },
    { args: ['check', '--format'], usage: 'check', en: '--format argument missing', zh: '--format 缺少参数值' },
    { args: ['check', '--quiet=yes'], usage: 'check', en: '--quiet does not take an argument', zh: '--quiet 不接受参数值' },
    {
      args: ['check', '--format', 'xml'],
      usage: 'check',
      en: '--format must be text, json, sarif or github, not xml',
      zh: '--format 必须是 text、json、sarif 或 github，而不是 xml',
    },
    {
      args: ['probe', '--as', 'cqhttp'],
      usage: 'probe',
      en: '--as must be lagrange, napcat, gocqhttp or llonebot, not cqhttp',
      zh: '--as 必须是 lagrange、napcat、gocqhttp 或 llonebot，而不是 cqhttp',
    },
    { args: ['rules', '--lang', 'fr'], usage: 'rules', en: '--lang takes en or zh-CN, not fr', zh: '--lang 只接受 en 或 zh-CN，而不是 fr' },
  ];
  for (const row of ERRORS)
    for (const [lang, env] of [
      ['en', { LANG: 'C' }],
      ['zh', { LANG: 'zh_CN.UTF-8' }],
    ] as const)
      it(`${row.args.join(' ')} (${env.LANG}): exit 2, the message and the ${row.usage ?? 'general'} usage in ${lang}`, async () => {
        const r = await inProcess(row.args, env);
        assert.equal(r.code, 2);
        assert.equal(r.out, '');
        assert.equal(r.err, `onebot-doctor: ${row[lang]}\n\n${usageText(row.usage, lang)}`);
      });

  it('help --lang zh-CN check: the value of --lang is not the topic', async () => {
    const r = await inProcess(['help', '--lang', 'zh-CN', 'check']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, usageText('check', 'zh'));
  });

  // The same through the bundled command, as a user runs it.
  check([
    {
      name: 'bundle: LC_ALL=zh_CN.UTF-8 check --help',
      args: ['check', '--help'],
      env: { LC_ALL: 'zh_CN.UTF-8' },
      code: 0,
      out: [/^用法：onebot-doctor check/, /^ {6}--fix-dry-run /m],
    },
    {
      name: 'bundle: LANG=zh_CN.UTF-8 probe --bogus',
      args: ['probe', '--bogus'],
      env: { LANG: 'zh_CN.UTF-8' },
      code: 2,
      err: /^onebot-doctor: 未知选项 --bogus\n\n用法：onebot-doctor probe/,
    },
    { name: 'bundle: no argument with --lang zh-CN', args: ['--lang', 'zh-CN'], code: 2, err: /^onebot-doctor .*：.*\n\n用法：\n {2}onebot-doctor check/ },
  ]);
});

describe('onebot-doctor check', () => {
  check([
    {
      name: 'broken example: errors on both sides, exit 1',
      args: ['check', 'examples/broken'],
      code: 1,
      out: [
        /^examples\/broken\/lagrange\/appsettings\.json:32:\d+ error ws-path /m,
        /^examples\/broken\/nonebot\/\.env\.prod:9:1 warning env-unknown-key /m,
        /token-unused/,
        /\d+ errors?, \d+ warnings?/,
        /link reverse-ws: examples\/broken\/lagrange\/appsettings\.json \[Implementations\[0\] \(ReverseWebSocket\)\] → nonebot examples\/broken\/nonebot ws:\/\/127\.0\.0\.1:8080\/onebot\/v11/,
      ],
    },
    { name: 'fixed example: exit 0', args: ['check', 'examples/fixed'], code: 0, out: [/^0 errors, 0 warnings/m] },
    { name: 'Chinese messages', args: ['check', 'examples/broken', '--lang', 'zh-CN'], code: 1, out: [/个错误/] },
    { name: '--lang=zh-CN', args: ['check', 'examples/broken', '--lang=zh-CN'], code: 1, out: [/个错误/] },
    {
      name: 'a rule turned off (--rule CODE=off)',
      args: ['check', 'examples/broken', '--rule', 'env-unknown-key=off'],
      code: 1,
      notOut: [/ env-unknown-key /],
    },
    { name: 'a rule turned off (--rule=CODE=off)', args: ['check', 'examples/broken', '--rule=env-unknown-key=off'], code: 1, notOut: [/ env-unknown-key /] },
    {
      name: '--quiet: errors only',
      args: ['check', 'examples/broken', '--quiet'],
      code: 1,
      out: [/ error ws-path /, /^\d+ errors?, 0 warnings, 0 notes/m],
      notOut: [/ warning /, / hint /],
    },
    {
      name: '--max-warnings 0 on a file with warnings only: exit 1',
      args: ['check', 'examples/broken/nonebot/.env.prod', '--max-warnings', '0'],
      code: 1,
      out: [/^0 errors, 2 warnings/m],
      err: /too many warnings \(2, maximum 0/,
    },
    {
      name: '--max-warnings=2: within the limit, exit 0',
      args: ['check', 'examples/broken/nonebot/.env.prod', '--max-warnings=2'],
      code: 0,
      out: [/^0 errors, 2 warnings/m],
    },
    { name: '--max-warnings -1 form is ambiguous; =-1 means no limit', args: ['check', 'examples/broken/nonebot/.env.prod', '--max-warnings=-1'], code: 0 },
    { name: '--quiet --max-warnings 0: warnings are not counted', args: ['check', 'examples/broken/nonebot/.env.prod', '-q', '--max-warnings', '0'], code: 0 },
    {
      name: 'a file: linted with the other side, only its findings reported',
      args: ['check', 'examples/broken/nonebot/.env.prod'],
      code: 0,
      out: [
        /^examples\/broken\/nonebot\/\.env\.prod:9:1 warning token-unused /m,
        /^ {4}examples\/broken\/lagrange\/appsettings\.json:35:28 /m,
        /link reverse-ws/,
      ],
      notOut: [/^examples\/broken\/lagrange\//m, /^examples\/broken\/nonebot\/\.env:/m],
    },
    {
      name: 'files on both sides (as pre-commit passes them)',
      args: ['check', 'examples/broken/nonebot/.env.prod', 'examples/broken/lagrange/appsettings.json'],
      code: 1,
      out: [/^examples\/broken\/nonebot\/\.env\.prod:9:1 /m, /^examples\/broken\/lagrange\/appsettings\.json:32:\d+ error ws-path /m, /1 link\)/],
      notOut: [/^examples\/broken\/nonebot\/bot\.py/m],
    },
    {
      name: 'a file the analysis does not read: nothing to report',
      args: ['check', 'README.md'],
      code: 0,
      out: [/^0 errors, 0 warnings, 0 notes in 0 files/m],
    },
    {
      name: 'github: workflow commands with escaped properties and data',
      args: ['check', 'examples/broken', '--format', 'github'],
      code: 1,
      out: [
        /^::error file=examples\/broken\/lagrange\/appsettings\.json,line=32,endLine=32,col=23,endColumn=\d+,title=ws-path::\S/m,
        /^::warning file=examples\/broken\/nonebot\/\.env\.prod,line=9,endLine=9,col=1,endColumn=\d+,title=env-unknown-key::/m,
        /^::notice file=/m,
        /%0Aexamples\/broken\/nonebot\/bot\.py:\d+:\d+ /,
      ],
      notOut: [/^examples\//m],
    },
    {
      name: 'github --quiet: errors only',
      args: ['check', 'examples/broken', '-f', 'github', '-q'],
      code: 1,
      out: [/^::error /m],
      notOut: [/^::warning /m, /^::notice /m],
    },
  ]);

  it('json output: LSP ranges, codes, related locations relative to DIR, masked token fixes', () => {
    const r = cli(['check', 'examples/broken', '--format', 'json']);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as {
      diagnostics: {
        file: string;
        range: { start: { line: number; character: number } };
        severity: string;
        code: string;
        message: string;
        related: { file: string }[];
        fixes: { sensitive: boolean; edits: { newText: string }[] }[];
      }[];
      links: { kind: string }[];
    };
    const wsPath = json.diagnostics.filter((d) => d.code === 'ws-path');
    assert.ok(wsPath.some((d) => d.file === 'lagrange/appsettings.json' && d.range.start.line === 31 && d.severity === 'error'));
    assert.ok(
      wsPath.every((d) => d.related.length > 0),
      'cross-file findings point at the other side',
    );
    assert.ok(
      json.diagnostics.some((d) => d.code === 'token-unused' && d.fixes.some((f) => f.sensitive && f.edits.some((e) => e.newText.includes('My… (13 chars)')))),
    );
    assert.deepEqual(
      json.links.map((l) => l.kind),
      ['reverse-ws'],
    );
    assert.ok(!r.out.includes(TOKEN));
  });
});

describe('onebot-doctor check: the compose service of each side', () => {
  const CASES = 'server/src/core/rules/compose-port-unpublished.cases';
  const rows: { name: string; dir: string; impl?: string; fw?: string; text: RegExp; zh: RegExp }[] = [
    {
      name: 'both sides in services (NapCat-Docker Koishi template)',
      dir: `${CASES}/silent-napcat-docker-koishi-template`,
      impl: 'napcat',
      fw: 'koishi',
      text: /link reverse-ws: .*onebot11_123456\.json \[websocketClients\[0\]\] \(service "napcat"\) → koishi .*koishi \(service "koishi"\) ws:\/\/koishi:5140\/onebot/,
      zh: /连接 reverse-ws: .*（服务 "napcat"） → koishi .*koishi（服务 "koishi"）/,
    },
    {
      name: 'NapCat on the host, NoneBot in a service',
      dir: `${CASES}/fires-nonebot-no-ports`,
      fw: 'nonebot',
      text: /\[websocketClients\[0\]\] \(on the host\) → nonebot .*bot \(service "nonebot"\)/,
      zh: /\[websocketClients\[0\]\]（宿主机） → nonebot .*bot（服务 "nonebot"）/,
    },
  ];
  for (const row of rows)
    it(row.name, () => {
      const json = JSON.parse(cli(['check', row.dir, '--format', 'json']).out) as {
        links: { implementation: { service?: string; composeFile?: string }; framework: { service?: string; composeFile?: string } }[];
      };
      assert.equal(json.links.length, 1);
      const [l] = json.links;
      assert.deepEqual([l.implementation.service, l.framework.service], [row.impl, row.fw]);
      for (const side of [l.implementation, l.framework]) assert.equal(side.composeFile, side.service ? 'compose.yaml' : undefined);
      assert.match(cli(['check', row.dir]).out, row.text);
      assert.match(cli(['check', row.dir, '--lang', 'zh-cn']).out, row.zh);
    });
  it('no compose file: no service and no placement words', () => {
    const json = JSON.parse(cli(['check', 'examples/broken', '--format', 'json']).out) as { links: { implementation: object; framework: object }[] };
    assert.ok(json.links.every((l) => !('service' in l.implementation) && !('service' in l.framework)));
    assert.doesNotMatch(cli(['check', 'examples/broken']).out, /on the host|\(service "/);
  });
});

describe('onebot-doctor check --format sarif', () => {
  // unicodeRegExp off: the schema's `language` pattern (`…-[a-zA-Z]{2}]?$`) is not valid with the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')));
  const rows: { name: string; args: string[]; code: number }[] = [
    { name: 'broken example (errors, related locations, fixes)', args: ['check', 'examples/broken', '--format', 'sarif'], code: 1 },
    { name: 'fixed example (no results)', args: ['check', 'examples/fixed', '--format=sarif'], code: 0 },
    { name: 'one file, in Chinese', args: ['check', 'examples/broken/nonebot/.env.prod', '-f', 'sarif', '--lang', 'zh-CN'], code: 0 },
    { name: 'every rule case folder at once', args: ['check', casesOnDisk(), '-f', 'sarif'], code: 1 },
  ];
  for (const row of rows) {
    it(`validates against the SARIF 2.1.0 schema: ${row.name}`, () => {
      const r = cli(row.args);
      assert.equal(r.code, row.code, r.err);
      const log = JSON.parse(r.out);
      assert.ok(validate(log), ajv.errorsText(validate.errors, { separator: '\n' }));
      assert.ok(!r.out.includes(TOKEN), 'no token in the SARIF file');
    });
  }

  it('rules from the catalogue with help URIs; results with locations, related locations and fixes', () => {
    const r = cli(['check', 'examples/broken', '--format', 'sarif']);
    const run = JSON.parse(r.out).runs[0];
    assert.equal(run.tool.driver.name, 'onebot-doctor');
    assert.equal(run.tool.driver.version, PKG.version);
    assert.deepEqual(
      run.tool.driver.rules.map((x: { id: string }) => x.id),
      RULES.map((x) => x.code),
    );
    for (const rule of run.tool.driver.rules) {
      const entry = RULES.find((x) => x.code === rule.id)!;
      assert.equal(rule.helpUri, `${rulesDocUrl()}#${rule.id}`);
      assert.equal(rule.shortDescription.text, entry.title.en);
      assert.equal(rule.defaultConfiguration.level, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[entry.defaultSeverity]);
      assert.ok(fs.readFileSync('docs/rules.md', 'utf8').includes(`\n### ${rule.id}\n`), `docs/rules.md has a section for ${rule.id}`);
    }
    const wsPath = run.results.find((x: { ruleId: string }) => x.ruleId === 'ws-path');
    assert.equal(wsPath.level, 'error');
    assert.equal(run.tool.driver.rules[wsPath.ruleIndex].id, 'ws-path');
    assert.deepEqual(wsPath.locations[0].physicalLocation.artifactLocation, { uri: 'examples/broken/lagrange/appsettings.json', uriBaseId: '%SRCROOT%' });
    assert.equal(wsPath.locations[0].physicalLocation.region.startLine, 32);
    assert.equal(wsPath.locations[0].physicalLocation.region.startColumn, 23);
    assert.ok(
      wsPath.relatedLocations.length > 0 &&
        wsPath.relatedLocations.every((l: { physicalLocation: { artifactLocation: { uri: string } } }) =>
          l.physicalLocation.artifactLocation.uri.startsWith('examples/broken/'),
        ),
    );
    assert.ok(wsPath.fixes.length > 0);
    assert.match(wsPath.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, /\/onebot\/v11\/ws/);
    // Fixes that write a token are left out; the others are all there, in the order of the JSON output.
    const json = JSON.parse(cli(['check', 'examples/broken', '--format', 'json']).out) as { diagnostics: { code: string; fixes: { sensitive: boolean }[] }[] };
    assert.ok(
      json.diagnostics.some((d) => d.fixes.some((f) => f.sensitive)),
      'the example has a fix that writes a token',
    );
    assert.deepEqual(
      run.results.map((x: { ruleId: string; fixes?: unknown[] }) => [x.ruleId, x.fixes?.length ?? 0]),
      json.diagnostics.map((d) => [d.code, d.fixes.filter((f) => !f.sensitive).length]),
    );
    assert.ok(run.results.some((x: { level: string }) => x.level === 'note'));
    assert.deepEqual(Object.keys(run.originalUriBaseIds), ['%SRCROOT%']);
  });

  const regions: { name: string; range: [number, number, number, number]; want: [number, number, number, number] }[] = [
    { name: 'one line', range: [31, 22, 31, 35], want: [32, 23, 32, 36] },
    { name: 'empty (insertion point)', range: [0, 0, 0, 0], want: [1, 1, 1, 1] },
    { name: 'two lines', range: [3, 4, 4, 0], want: [4, 5, 5, 1] },
  ];
  for (const c of regions) {
    it(`LSP range → SARIF region (1-based, end exclusive): ${c.name}`, () => {
      const [a, b, d, e] = c.range;
      const got = sarifRegion({ start: { line: a, character: b }, end: { line: d, character: e } });
      assert.deepEqual([got.startLine, got.startColumn, got.endLine, got.endColumn], c.want);
    });
  }
});

describe('GitHub workflow command escaping', () => {
  const rows: { input: string; data: string; property: string }[] = [
    { input: 'plain', data: 'plain', property: 'plain' },
    { input: '100%', data: '100%25', property: '100%25' },
    { input: 'a\nb\r\nc', data: 'a%0Ab%0D%0Ac', property: 'a%0Ab%0D%0Ac' },
    { input: 'C:\\x,y:z', data: 'C:\\x,y:z', property: 'C%3A\\x%2Cy%3Az' },
    { input: '%0A', data: '%250A', property: '%250A' },
    { input: '::error::', data: '::error::', property: '%3A%3Aerror%3A%3A' },
  ];
  for (const r of rows) {
    it(JSON.stringify(r.input), () => {
      assert.equal(escapeData(r.input), r.data);
      assert.equal(escapeProperty(r.input), r.property);
    });
  }

  it('a path with a comma and a colon stays one property', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-gh-'));
    try {
      const ws = path.join(dir, 'a,b:c');
      fs.cpSync('examples/broken', ws, { recursive: true });
      const r = cli(['check', '.', '--format', 'github'], { cwd: ws });
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /^::error file=lagrange\/appsettings\.json,line=32,/m);
      const r2 = cli(['check', 'a,b:c', '--format', 'github'], { cwd: dir });
      assert.match(r2.out, /^::error file=a%2Cb%3Ac\/lagrange\/appsettings\.json,line=32,/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('onebot-doctor probe: what a probe from the host proves when a side runs in a container', () => {
  let nb: S.Running;
  const dirs: string[] = [];
  before(async () => {
    nb = await S.nonebotLike({ token: TOKEN });
  });
  after(async () => {
    await nb.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const BOT_PY = 'import nonebot\nfrom nonebot.adapters.onebot.v11 import Adapter\nnonebot.init()\nnonebot.get_driver().register_adapter(Adapter)\n';
  const napcat = (url: string) => JSON.stringify({ network: { websocketClients: [{ name: 'nb', enable: true, url, token: TOKEN }] } });
  /** A workspace: compose.yaml, bot/ (NoneBot), napcat/config/ (NapCat), written with the live server's port. */
  function workspace(port: number, compose: string, env: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-compose-probe-'));
    dirs.push(root);
    fs.mkdirSync(path.join(root, 'bot'));
    fs.mkdirSync(path.join(root, 'napcat', 'config'), { recursive: true });
    fs.writeFileSync(path.join(root, 'compose.yaml'), compose.replace(/PORT/g, String(port)));
    fs.writeFileSync(
      path.join(root, 'bot', '.env'),
      `ENVIRONMENT=prod\nDRIVER=~fastapi+~websockets\nONEBOT_ACCESS_TOKEN=${TOKEN}\n${env.replace(/PORT_N/g, String(port))}`,
    );
    fs.writeFileSync(path.join(root, 'bot', 'bot.py'), BOT_PY);
    fs.writeFileSync(path.join(root, 'napcat', 'config', 'onebot11_123456.json'), napcat(`ws://127.0.0.1:${port}/onebot/v11/ws`));
    return root;
  }
  const rows: { name: string; compose: string; env: string; en: RegExp; zh: RegExp }[] = [
    {
      name: 'NapCat in a container, NoneBot on the host: a success does not prove the container path',
      compose: 'services:\n  napcat:\n    image: mlikiowa/napcat-docker:latest\n    volumes: ["./napcat/config:/app/napcat/config"]\n',
      env: 'HOST=0.0.0.0\nPORT=PORT_N\n',
      en: /Note: The probe runs on this machine, outside the containers; NapCat dials from inside service `napcat`\. A success here does not prove/,
      zh: /注意: 探测运行在本机、容器之外；而 NapCat 是从服务 `napcat` 的容器内发起连接。这里成功并不能证明/,
    },
    {
      name: 'NapCat on the host, NoneBot in a container behind a published port: the result stands',
      compose: 'services:\n  nonebot:\n    build: ./bot\n    ports: ["PORT:8080"]\n',
      env: 'HOST=0.0.0.0\nPORT=8080\n',
      en: /Note: NoneBot runs in service `nonebot`; NapCat dials it from the host, as this probe does, through the port the service publishes/,
      zh: /注意: NoneBot 运行在服务 `nonebot` 中；NapCat 与本探测一样从宿主机经该服务发布的端口连接它/,
    },
  ];
  for (const row of rows)
    it(row.name, async () => {
      const root = workspace(nb.port, row.compose, row.env);
      const en = await cliAsync(['probe', root]);
      assert.equal(en.code, 0, en.out + en.err);
      assert.match(en.out, /ok/);
      assert.match(en.out, row.en);
      const zh = await cliAsync(['probe', root, '--lang', 'zh-CN']);
      assert.match(zh.out, row.zh);
      const json = JSON.parse((await cliAsync(['probe', root, '--format', 'json'])).out) as { verdict: string; notes: string[] };
      assert.equal(json.verdict, 'ok');
      assert.ok(json.notes.some((n) => (row.en.source.includes('NoneBot runs') ? /NoneBot runs in service/.test(n) : /does not prove/.test(n))));
      assert.ok(!(en.out + en.err + zh.out).includes(TOKEN), 'the token never appears in full');
    });
  it('capture (--listen) with NapCat in a container dialling 127.0.0.1: what listening here cannot show (en, zh-CN)', async () => {
    const root = workspace(
      nb.port,
      'services:\n  napcat:\n    image: mlikiowa/napcat-docker:latest\n    volumes: ["./napcat/config:/app/napcat/config"]\n',
      'HOST=0.0.0.0\nPORT=PORT_N\n',
    );
    // Port 0: a free port of the OS's choosing; nothing connects, so the capture times out with its notes.
    const en = await cliAsync(['probe', root, '--listen', '127.0.0.1:0', '--timeout', '300']);
    assert.equal(en.code, 1, en.out + en.err);
    assert.match(en.out, /Note: The capture listens on this machine, outside the containers; NapCat dials from inside service `napcat`/);
    assert.match(
      en.out,
      /Note: NapCat dials `127\.0\.0\.1`: inside service `napcat` that is the container itself, so its connection never reaches this capture/,
    );
    const zh = await cliAsync(['probe', root, '--listen', '127.0.0.1:0', '--timeout', '300', '--lang', 'zh-CN']);
    assert.match(zh.out, /注意: NapCat 连接 `127\.0\.0\.1`：在服务 `napcat` 内它指的是该容器自身/);
    assert.ok(!(en.out + en.err + zh.out).includes(TOKEN), 'the token never appears in full');
  });
});

describe('onebot-doctor probe: token and secret sources', () => {
  let ok: S.Running;
  before(async () => {
    ok = await S.nonebotLike({ token: TOKEN });
  });
  after(async () => {
    await ok.close();
  });
  const url = () => `ws://127.0.0.1:${ok.port}/onebot/v11/ws`;
  const rows: { name: string; args: () => string[]; env?: Record<string, string>; input?: string; code: number; out?: RegExp; err?: RegExp }[] = [
    {
      name: '--token-env VAR',
      args: () => ['probe', '--url', url(), '--token-env', 'OB_TOKEN', '--format', 'json'],
      env: { OB_TOKEN: TOKEN },
      code: 0,
      out: /"verdict": "ok"/,
    },
    {
      name: '--token-env=VAR',
      args: () => ['probe', `--url=${url()}`, '--token-env=OB_TOKEN', '--format=json'],
      env: { OB_TOKEN: TOKEN },
      code: 0,
      out: /"verdict": "ok"/,
    },
    {
      name: '--token-stdin (trailing newline dropped)',
      args: () => ['probe', '--url', url(), '--token-stdin', '-f', 'json'],
      input: `${TOKEN}\n`,
      code: 0,
      out: /"verdict": "ok"/,
    },
    { name: '--token T still works', args: () => ['probe', '--url', url(), '--token', TOKEN, '-f', 'json'], code: 0, out: /"verdict": "ok"/ },
    {
      name: 'a wrong token from the environment is named',
      args: () => ['probe', '--url', url(), '--token-env', 'OB_TOKEN', '-f', 'json'],
      env: { OB_TOKEN: 'wrong-token' },
      code: 1,
      out: /"verdict": "forbidden-token(-or-adapter)?"/,
    },
    {
      name: '--as and --secret-env are accepted and passed on',
      args: () => ['probe', '--url', url(), '--token-env', 'OB_TOKEN', '--as', 'lagrange', '--secret-env', 'OB_SECRET', '-f', 'json'],
      env: { OB_TOKEN: TOKEN, OB_SECRET: 'hmac-secret' },
      code: 0,
      out: /"verdict": "ok"/,
    },
    {
      name: '--token-env naming an unset variable: exit 2',
      args: () => ['probe', '--url', url(), '--token-env', 'OB_UNSET_VAR'],
      code: 2,
      err: /--token-env OB_UNSET_VAR: that environment variable is not set/,
    },
    { name: 'two token sources: exit 2', args: () => ['probe', '--url', url(), '--token', 'x', '--token-stdin'], code: 2, err: /give the token one way/ },
    {
      name: 'two secret sources: exit 2',
      args: () => ['probe', '--url', url(), '--secret', 'x', '--secret-env', 'Y'],
      code: 2,
      err: /give the secret one way/,
    },
    {
      name: 'a token without --url: exit 2',
      args: () => ['probe', 'examples/fixed', '--token-env', 'OB_TOKEN'],
      env: { OB_TOKEN: TOKEN },
      code: 2,
      err: /go with --url/,
    },
    {
      name: 'unknown --as: exit 2',
      args: () => ['probe', '--url', url(), '--as', 'koishi'],
      code: 2,
      err: /--as must be lagrange, napcat, gocqhttp or llonebot, not koishi/,
    },
    {
      name: 'a token starting with "-" needs the = form',
      args: () => ['probe', '--url', url(), '--token', '-MyS3cretToken'],
      code: 2,
      err: /--token argument is ambiguous/,
    },
  ];
  for (const row of rows) {
    it(row.name, async () => {
      const r = await cliAsync(row.args(), { env: row.env, input: row.input });
      assert.equal(r.code, row.code, r.out + r.err);
      if (row.out) assert.match(r.out, row.out);
      if (row.err) assert.match(r.err, row.err);
      assert.ok(!(r.out + r.err).includes(TOKEN), 'the token never appears in full');
    });
  }
});

describe('README: the CLI section documents every format, flag and exit code', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## The CLI\n'), readme.indexOf('\n## ', readme.indexOf('## The CLI\n') + 1));
  const options = [...new Set([...Object.keys(CHECK_OPTIONS), ...Object.keys(PROBE_OPTIONS), 'version'])];
  for (const o of options) it(`--${o}`, () => assert.ok(section.includes(`--${o}`), `README's CLI section names --${o}`));
  for (const f of FORMATS) it(`format ${f}`, () => assert.match(section, new RegExp(`\\*\\*\`${f}\`\\*\\*`)));
  for (const a of IMPERSONATIONS) it(`--as ${a}`, () => assert.ok(section.includes(`\`${a}\``)));
  it('exit status 0, 1 and 2 for every command', () => {
    assert.match(section, /### Exit status\n\n\| Command \| 0 \| 1 \| 2 \|/);
    for (const c of ['check', 'probe', 'rules']) assert.match(section, new RegExp(`^\\| \`${c}\``, 'm'));
  });
  it('npx and the installed binary', () => {
    assert.ok(section.includes(`npx ${PKG.name} check .`));
    assert.match(section, /^\$ onebot-doctor check /m);
  });
});

describe('installable', () => {
  it('package.json: the onebot-doctor binary, built on prepare', () => {
    assert.deepEqual(PKG.bin, { 'onebot-doctor': './bin/onebot-doctor.js' });
    assert.match(PKG.scripts.prepare, /npm run build/);
    assert.match(fs.readFileSync('bin/onebot-doctor.js', 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  const hooks = fs.readFileSync('.pre-commit-hooks.yaml', 'utf8');
  const files = new RegExp(/^\s*files: (.*)$/m.exec(hooks)![1]);
  const paths: { path: string; matches: boolean }[] = [
    { path: 'lagrange/appsettings.json', matches: true },
    { path: 'appsettings.Development.json', matches: true },
    { path: 'bot/.env', matches: true },
    { path: '.env.prod', matches: true },
    { path: 'nonebot/bot.py', matches: true },
    { path: 'pyproject.toml', matches: true },
    { path: 'napcat/config/onebot11_123456789.json', matches: true },
    { path: 'config/onebot11.json', matches: true },
    { path: 'go-cqhttp/config.yml', matches: true },
    { path: 'llbot/data/config_123456789.json', matches: true },
    { path: 'koishi/koishi.yml', matches: true },
    { path: 'compose.yaml', matches: true },
    { path: 'deploy/docker-compose.override.yml', matches: true },
    { path: 'napcat.env', matches: true },
    { path: 'Dockerfile', matches: true },
    { path: 'src/plugins/x/__init__.py', matches: false },
    { path: 'package.json', matches: false },
    { path: 'my.envrc', matches: false },
    { path: 'napcat/config/napcat_123456789.json', matches: false },
    { path: 'tsconfig.json', matches: false },
  ];
  for (const p of paths) {
    it(`.pre-commit-hooks.yaml passes ${p.path}: ${p.matches}`, () => {
      assert.match(hooks, /^- id: onebot-doctor$/m);
      assert.match(hooks, /^ {2}entry: onebot-doctor check$/m);
      assert.match(hooks, /^ {2}language: node$/m);
      assert.equal(files.test(p.path), p.matches);
      // The hook passes exactly the files the analysis reads (discovery's own test of a file name).
      assert.equal(isRelevantFile(p.path), p.matches, 'isRelevantFile agrees');
    });
  }

  it('npm pack ships only the CLI; the packed package runs from a clean folder (as npx does)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-npx-'));
    try {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const pack = spawnSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { encoding: 'utf8' });
      assert.equal(pack.status, 0, pack.stderr);
      const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      assert.deepEqual(info.files.map((f) => f.path).sort(), [
        'CHANGELOG.md',
        'LICENSE',
        'README.md',
        'bin/onebot-doctor.js',
        'dist/cli.js',
        'docs/rules.md',
        'package.json',
      ]);
      const clean = path.join(tmp, 'clean');
      fs.cpSync('examples/broken', clean, { recursive: true });
      const run = spawnSync(
        npm,
        ['exec', '--yes', '--offline', '--cache', path.join(tmp, 'cache'), `--package=${path.join(tmp, info.filename)}`, '--', 'onebot-doctor', 'check', '.'],
        {
          cwd: clean,
          encoding: 'utf8',
          env: { ...process.env, LANG: 'C', npm_config_update_notifier: 'false' },
        },
      );
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /^lagrange\/appsettings\.json:32:\d+ error ws-path /m);
      assert.match(run.stdout, /link reverse-ws: lagrange\/appsettings\.json \[.*\] → nonebot nonebot /);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
