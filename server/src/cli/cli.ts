import { langFromLocale, pick, t } from '../core/l10n';
import type { Lang, Localized } from '../core/model';
import { COMMON_OPTIONS, parseCommand, parseLang, UsageError, type CliIO } from './args';
import { VERSION } from './meta';

// The help, in English and Simplified Chinese. Option names, file names, values, numbers and examples are the same
// in both; only the prose is translated (a test compares them).

const SUMMARY = t(
  `onebot-doctor ${VERSION}: finds why a OneBot v11 implementation and a bot framework do not connect.`,
  `onebot-doctor ${VERSION}：找出 OneBot v11 实现端与机器人框架连接不上的原因。`,
);

const CHECK_USAGE = t(
  `Usage: onebot-doctor check [PATH...] [options]

Reads the configs of both sides of every OneBot v11 link under the folders, the way each program reads them:
  Lagrange.OneBot   appsettings.json + appsettings.{DOTNET_ENVIRONMENT}.json
  NapCat            onebot11_<uin>.json (onebot11.json where no uin file exists)
  go-cqhttp         config.yml
  LLOneBot          config_<uin>.json (LuckyLilliaBot too)
  NoneBot2          .env, .env.{ENVIRONMENT}, bot.py, pyproject.toml (and the process environment: --env)
  Koishi            koishi.yml
  Docker Compose    compose.yaml, docker-compose.yml and their overrides: the service each side runs in, and the
                    environment that service gives its program
then links each implementation to the framework it talks to and reports what would break the connection. A file
PATH is linted with the workspace around it (the nearest folder above it that holds both an implementation's config
and a framework's project, up to the repository root) and only its own findings are reported, so the command works
as a pre-commit hook. PATH defaults to ".".

Options:
  -f, --format FORMAT        text (default), json, sarif (SARIF 2.1.0 for code scanning) or github
                             (workflow commands: annotations on a pull request)
  -q, --quiet                report errors only (warnings are then not counted either)
      --max-warnings N       exit 1 when there are more than N warnings (default -1: no limit)
      --rule CODE=LEVEL      set a rule's severity: off, error, warning, information or hint (repeatable)
      --exclude GLOB         skip matching files and folders, relative to each folder (repeatable)
      --env NAME=VALUE       a variable of the programs' process environment: it beats NoneBot's .env files and
                             fills \${NAME} in go-cqhttp's config.yml and in Compose files, \${{ env.NAME }} in
                             koishi.yml (repeatable)
      --dotnet-environment NAME
                             Lagrange.OneBot's appsettings.{NAME}.json overlay (default Production)
      --compose-file FILE    a Docker Compose file, as \`docker compose -f FILE\` (repeatable, in order; replaces
                             COMPOSE_FILE and the default compose.yaml of its folder)
      --fix                  apply the certain fix of each finding reported (the quick fix marked preferred), on
                             both sides of a link; repeats until nothing is left to fix (at most 10 passes); then
                             reports what remains
      --fix-dry-run          the same, without writing any file: reports what would remain
      --lang en|zh-CN        language of the messages and of this help (default: from LC_ALL, LC_MESSAGES or LANG)
  -h, --help                 this help

Exit status: 0 no errors (and no more warnings than --max-warnings); 1 errors found, or too many warnings;
2 usage or internal failure.`,
  `用法：onebot-doctor check [PATH...] [选项]

按各程序自己的读法，读取各文件夹下每条 OneBot v11 连接两端的配置：
  Lagrange.OneBot   appsettings.json + appsettings.{DOTNET_ENVIRONMENT}.json
  NapCat            onebot11_<uin>.json（没有带 uin 的文件时读 onebot11.json）
  go-cqhttp         config.yml
  LLOneBot          config_<uin>.json（LuckyLilliaBot 也是）
  NoneBot2          .env、.env.{ENVIRONMENT}、bot.py、pyproject.toml（以及进程环境：--env）
  Koishi            koishi.yml
  Docker Compose    compose.yaml、docker-compose.yml 及其 override 文件：每一端运行在哪个服务中，
                    以及该服务给其程序的环境变量
然后把每个实现端与它所连接的框架配对，报告会导致连接失败的问题。PATH 为文件时，连同它所在的工作区一起检查
（从该文件向上、直到仓库根目录，第一个同时包含实现端配置和框架项目的文件夹），且只报告该文件自身的问题，
因此本命令可用作 pre-commit 钩子。PATH 默认为 "."。

选项：
  -f, --format FORMAT        text（默认）、json、sarif（SARIF 2.1.0，用于代码扫描）或 github
                             （工作流命令：在拉取请求上显示为注释）
  -q, --quiet                只报告错误（此时警告也不计数）
      --max-warnings N       警告多于 N 个时以 1 退出（默认 -1：不限）
      --rule CODE=LEVEL      设置规则的严重级别：off、error、warning、information 或 hint（可重复）
      --exclude GLOB         跳过匹配的文件和文件夹，路径相对于各个文件夹（可重复）
      --env NAME=VALUE       程序进程环境中的一个变量：优先于 NoneBot 的 .env 文件，并填入 go-cqhttp 的
                             config.yml 和 Compose 文件中的 \${NAME}、koishi.yml 中的 \${{ env.NAME }}（可重复）
      --dotnet-environment NAME
                             Lagrange.OneBot 的 appsettings.{NAME}.json 覆盖文件（默认 Production）
      --compose-file FILE    一个 Docker Compose 文件，如同 \`docker compose -f FILE\`（可重复，按顺序；
                             取代 COMPOSE_FILE 和所在文件夹默认的 compose.yaml）
      --fix                  对报告的每个问题应用其确定的修复（标记为首选的快速修复），连接两端都会修改；
                             重复进行直到没有可修复的内容（最多 10 轮），然后报告剩余的问题
      --fix-dry-run          同上，但不写入任何文件：报告修复后将会剩余的问题
      --lang en|zh-CN        消息和本帮助的语言（默认取自 LC_ALL、LC_MESSAGES 或 LANG）
  -h, --help                 显示本帮助

退出状态：0 没有错误（且警告不多于 --max-warnings）；1 发现错误，或警告过多；
2 用法错误或内部故障。`,
);

const PROBE_USAGE = t(
  `Usage: onebot-doctor probe [DIR] [options]
       onebot-doctor probe --url URL [--token-env VAR | --token-stdin] [options]
       onebot-doctor probe [DIR] --listen HOST:PORT [options]

Tests the running programs and names the one cause of a failed connection. Without --url it probes every link
\`check\` finds under DIR (default "."): as the implementation, it dials the framework (reverse WebSocket, or one
event by HTTP POST); as the framework, it dials the implementation (forward WebSocket, or one get_login_info call
to the HTTP API that NoneBot's ONEBOT_API_ROOTS or Koishi's protocol: http names). The framework sees a test bot
connect for a moment. With --listen it takes the
framework's place at HOST:PORT and reports which implementation dialled in, what it sent and how that differs from
its config.

Options:
      --url URL              probe this ws://, wss://, http:// or https:// URL instead of the workspace's links
      --token-env VAR        the access token, read from the environment variable VAR
      --token-stdin          the access token, read from standard input (one trailing newline dropped)
      --token T              the access token on the command line: visible to other users in \`ps\` and kept in
                             the shell history; prefer --token-env or --token-stdin
      --secret-env VAR       the HTTP POST secret, from the environment variable VAR
      --secret S             the HTTP POST secret on the command line (same caveat as --token)
      --as IMPL              speak as lagrange, napcat, gocqhttp or llonebot (default: the link's implementation;
                             lagrange for --url)
      --self-id N            X-Self-ID to send (default: a random four-digit id, which no QQ account has)
      --use-uin              send the account's uin from the implementation's config as X-Self-ID
      --listen HOST:PORT     listen mode: wait where the framework would listen and report the handshake the
                             implementation sends
      --timeout MS           bound of the whole probe (default 10000; 30000 in listen mode)
  -f, --format FORMAT        text (default) or json
      --lang en|zh-CN        language of the report and of this help (default: from LC_ALL, LC_MESSAGES or LANG)
  -h, --help                 this help

Tokens are shown masked (first two characters and the length) and sent only to the target host.
Exit status: 0 ok; 1 any other verdict (or nothing to probe); 2 usage or internal failure.`,
  `用法：onebot-doctor probe [DIR] [选项]
      onebot-doctor probe --url URL [--token-env VAR | --token-stdin] [选项]
      onebot-doctor probe [DIR] --listen HOST:PORT [选项]

测试正在运行的程序，指出连接失败的唯一原因。不带 --url 时，探测 DIR（默认 "."）下 \`check\` 找到的每条连接：
扮演实现端时连接框架（反向 WebSocket，或以 HTTP POST 发送一个事件）；扮演框架时连接实现端（正向 WebSocket，
或对 NoneBot 的 ONEBOT_API_ROOTS 或 Koishi 的 protocol: http 所指的 HTTP API 调用一次 get_login_info）。
框架会短暂地看到一个测试机器人连入。
使用 --listen 时，代替框架在 HOST:PORT 等待，报告连入的是哪个实现端、发送了什么，以及与其配置有何不同。

选项：
      --url URL              探测这个 ws://、wss://、http:// 或 https:// 地址，而不是工作区中的连接
      --token-env VAR        访问令牌，从环境变量 VAR 读取
      --token-stdin          访问令牌，从标准输入读取（去掉末尾的一个换行符）
      --token T              在命令行上给出访问令牌：其他用户可在 \`ps\` 中看到，且会留在 shell 历史中；
                             建议改用 --token-env 或 --token-stdin
      --secret-env VAR       HTTP POST 的 secret，从环境变量 VAR 读取
      --secret S             在命令行上给出 HTTP POST 的 secret（与 --token 有同样的风险）
      --as IMPL              模拟 lagrange、napcat、gocqhttp 或 llonebot（默认：该连接的实现端；
                             使用 --url 时为 lagrange）
      --self-id N            要发送的 X-Self-ID（默认：随机的四位数，不可能是任何 QQ 账号）
      --use-uin              把实现端配置中账号的 uin 作为 X-Self-ID 发送
      --listen HOST:PORT     监听模式：在框架本应监听的地址等待，报告实现端发送的握手
      --timeout MS           整个探测的时限（默认 10000；监听模式下 30000）
  -f, --format FORMAT        text（默认）或 json
      --lang en|zh-CN        报告和本帮助的语言（默认取自 LC_ALL、LC_MESSAGES 或 LANG）
  -h, --help                 显示本帮助

令牌以掩码显示（前两个字符和长度），且只发送给目标主机。
退出状态：0 ok；1 其他任何结论（或没有可探测的连接）；2 用法错误或内部故障。`,
);

const RULES_USAGE = t(
  `Usage: onebot-doctor rules [--lang en|zh-CN]

Lists the rule codes with their default severity and title (docs/rules.md has each rule's details).

Options:
      --lang en|zh-CN        language of the titles and of this help (default: from LC_ALL, LC_MESSAGES or LANG)
  -h, --help                 this help

Exit status: 0; 2 usage failure.`,
  `用法：onebot-doctor rules [--lang en|zh-CN]

列出规则代码及其默认严重级别和标题（每条规则的详细说明见 docs/rules.md）。

选项：
      --lang en|zh-CN        标题和本帮助的语言（默认取自 LC_ALL、LC_MESSAGES 或 LANG）
  -h, --help                 显示本帮助

退出状态：0；2 用法错误。`,
);

/** The synopsis of every command: the same lines in both languages. */
const SYNOPSIS = `  onebot-doctor check [PATH...] [--format text|json|sarif|github] [--quiet] [--max-warnings N]
                      [--rule CODE=off|error|warning|information|hint]... [--exclude GLOB]...
                      [--env NAME=VALUE]... [--dotnet-environment NAME] [--compose-file FILE]...
                      [--fix | --fix-dry-run] [--lang en|zh-CN]
  onebot-doctor probe [DIR] [--url URL [--token-env VAR | --token-stdin | --token T]] [--as IMPL]
                      [--secret-env VAR | --secret S] [--self-id N] [--use-uin] [--listen HOST:PORT]
                      [--timeout MS] [--format text|json] [--lang en|zh-CN]
  onebot-doctor rules [--lang en|zh-CN]
  onebot-doctor COMMAND --help | --help | --version`;

const USAGE = t(
  `${SUMMARY.en}

Usage:
${SYNOPSIS}

check   reads the configs of both sides of each link under the folders (or around the files): implementations
        Lagrange.OneBot, NapCat, go-cqhttp and LLOneBot, frameworks NoneBot2 and Koishi, and Docker Compose files;
        reports what would break the connection (--fix applies the certain fixes).
        Exit 0: no errors; 1: errors found (or more warnings than --max-warnings); 2: usage or internal failure.
probe   tests a running link the way its other side connects (as any of the four implementations with --as) and
        names the one cause of a failed connection; --listen shows what the implementation sends.
        Exit 0: ok; 1: any other verdict (or nothing to probe); 2: usage or internal failure.
rules   lists the rule codes with their default severity and title.

Options anywhere: --lang en|zh-CN (default: from LC_ALL, LC_MESSAGES or LANG), -h/--help; -V/--version prints
the version.`,
  `${SUMMARY.zh}

用法：
${SYNOPSIS}

check   读取各文件夹下（或各文件周围）每条连接两端的配置：实现端 Lagrange.OneBot、NapCat、go-cqhttp 和
        LLOneBot，框架 NoneBot2 和 Koishi，以及 Docker Compose 文件；报告会导致连接失败的问题
        （--fix 应用确定的修复）。
        退出状态 0：没有错误；1：发现错误（或警告多于 --max-warnings）；2：用法错误或内部故障。
probe   以连接另一端的方式测试一条正在运行的连接（用 --as 可模拟四种实现端中的任意一种），指出连接失败的
        唯一原因；--listen 显示实现端发送的内容。
        退出状态 0：ok；1：其他任何结论（或没有可探测的连接）；2：用法错误或内部故障。
rules   列出规则代码及其默认严重级别和标题。

任何位置都可用的选项：--lang en|zh-CN（默认取自 LC_ALL、LC_MESSAGES 或 LANG）、-h/--help；
-V/--version 显示版本号。`,
);

const COMMAND_USAGE: Record<string, Localized> = { check: CHECK_USAGE, probe: PROBE_USAGE, rules: RULES_USAGE };

/** The help of `command` (the general usage for none, or one this CLI does not have), in `lang`. */
export function usageText(command: string | undefined, lang: Lang): string {
  return pick((command !== undefined && Object.hasOwn(COMMAND_USAGE, command) ? COMMAND_USAGE[command] : undefined) ?? USAGE, lang);
}

/**
 * The language the locale environment asks for, as POSIX chooses the locale of messages: LC_ALL, else LC_MESSAGES,
 * else LANG (the first one set and not empty), without its codeset and modifier (`zh_CN.UTF-8@cjknarrow` → zh_CN).
 */
export function envLang(env: NodeJS.ProcessEnv | undefined): Lang {
  return langFromLocale((env?.LC_ALL || env?.LC_MESSAGES || env?.LANG)?.replace(/[.@].*$/s, ''));
}

const isCommand = (name: string | undefined): name is string => name !== undefined && Object.hasOwn(COMMAND_USAGE, name);

/** The value of `--lang` in `args` (as `--lang V` or `--lang=V`), if given. */
function langArg(args: readonly string[]): string | undefined {
  const at = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (at < 0) return undefined;
  return args[at].includes('=') ? args[at].slice('--lang='.length) : (args[at + 1] ?? '');
}

export type MainIO = Omit<CliIO, 'lang'>;

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: MainIO): Promise<number> {
  // The language of everything said, help and usage errors included: --lang, else the locale environment.
  let lang: Lang = envLang(io.env);
  // The command is the first word that is neither an option nor the value of --lang.
  const at = argv.findIndex((a, i) => !a.startsWith('-') && argv[i - 1] !== '--lang');
  const cmd = at < 0 ? undefined : argv[at];
  const rest = at < 0 ? argv : [...argv.slice(0, at), ...argv.slice(at + 1)];
  try {
    lang = parseLang(langArg(rest), cmd) ?? lang;
    const full: CliIO = { ...io, lang };
    if (isCommand(cmd) && (rest.includes('--help') || rest.includes('-h'))) {
      io.out(usageText(cmd, lang));
      return 0;
    }
    switch (cmd) {
      case undefined: {
        const { values: v } = parseCommand('', rest, { ...COMMON_OPTIONS, version: { type: 'boolean', short: 'V' } });
        if (v.version) {
          io.out(VERSION);
          return 0;
        }
        if (v.help) {
          io.out(usageText(undefined, lang));
          return 0;
        }
        // No command: the usage, as a usage failure.
        io.err(usageText(undefined, lang));
        return 2;
      }
      case 'help': {
        const topic = rest.find((a, i) => !a.startsWith('-') && rest[i - 1] !== '--lang');
        if (topic !== undefined && !isCommand(topic)) throw new UsageError(t(`unknown command: ${topic}`, `未知命令：${topic}`));
        io.out(usageText(topic, lang));
        return 0;
      }
      // Each command's code is loaded when it runs: `--version` and `--help` read no rule, `check` loads no
      // WebSocket library.
      case 'check': {
        const { checkCommand } = await import('./check');
        return checkCommand(rest, full);
      }
      case 'probe': {
        const { probeCommand } = await import('./probe');
        return await probeCommand(rest, full);
      }
      case 'rules': {
        const { positionals } = parseCommand('rules', rest, COMMON_OPTIONS);
        if (positionals.length > 0) throw new UsageError(t(`rules takes no argument: ${positionals[0]}`, `rules 不接受参数：${positionals[0]}`), 'rules');
        const { RULES } = await import('../core/rules/index');
        for (const r of RULES) io.out(`${r.code.padEnd(24)} ${r.defaultSeverity.padEnd(11)} ${pick(r.title, lang)}`);
        return 0;
      }
      default:
        throw new UsageError(t(`unknown command: ${cmd}`, `未知命令：${cmd}`));
    }
  } catch (e) {
    if (e instanceof UsageError) {
      // The message, then the usage of the command it concerns, both in the chosen language.
      io.err(`onebot-doctor: ${e.text(lang)}\n\n${usageText(e.command, lang)}`);
      return 2;
    }
    io.err(`onebot-doctor: ${lang === 'zh' ? '内部错误：' : 'internal error: '}${e instanceof Error ? e.message : String(e)}`);
    if (e instanceof Error && e.stack) io.err(e.stack);
    return 2;
  }
}

function readStdin(lang: Lang): Promise<string> {
  if (process.stdin.isTTY)
    process.stderr.write(
      lang === 'zh' ? 'onebot-doctor: 正在读取标准输入（以 Ctrl-D 结束）…\n' : 'onebot-doctor: reading from standard input (end with Ctrl-D)…\n',
    );
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c: string) => (text += c));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

/** The process entry point (bin/onebot-doctor.js and `node dist/cli.js`). */
export function run(): void {
  // `onebot-doctor check | head`: a closed pipe ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const argv = process.argv.slice(2);
  main(argv, {
    cwd: process.cwd(),
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    env: process.env,
    // The prompt in the language main chose (a bad --lang has failed before anything reads standard input).
    readStdin: () => {
      let lang = envLang(process.env);
      try {
        lang = parseLang(langArg(argv)) ?? lang;
      } catch {
        // main has reported it.
      }
      return readStdin(lang);
    },
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`onebot-doctor: internal error: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) run();
