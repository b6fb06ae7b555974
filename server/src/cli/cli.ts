import { langFromLocale, pick } from '../core/l10n';
import type { Lang } from '../core/model';
import { COMMON_OPTIONS, parseCommand, parseLang, UsageError, type CliIO } from './args';
import { VERSION } from './meta';

const SUMMARY = `onebot-doctor ${VERSION}: finds why a OneBot v11 implementation (Lagrange.OneBot) and NoneBot2 do not connect.`;

const CHECK_USAGE = `Usage: onebot-doctor check [PATH...] [options]

Reads every Lagrange appsettings.json and NoneBot project (.env, .env.{ENVIRONMENT}, bot.py, pyproject.toml)
under the folders, links them and reports what would break the connection. A file PATH is linted with the
workspace around it (the nearest folder above it that holds both sides, up to the repository root) and only
its own findings are reported, so the command works as a pre-commit hook. PATH defaults to ".".

Options:
  -f, --format FORMAT        text (default), json, sarif (SARIF 2.1.0 for code scanning) or github
                             (workflow commands: annotations on a pull request)
  -q, --quiet                report errors only (warnings are then not counted either)
      --max-warnings N       exit 1 when there are more than N warnings (default -1: no limit)
      --rule CODE=LEVEL      set a rule's severity: off, error, warning, information or hint (repeatable)
      --exclude GLOB         skip matching files and folders, relative to each folder (repeatable)
      --env NAME=VALUE       a variable in NoneBot's process environment, which beats .env files (repeatable)
      --dotnet-environment NAME
                             Lagrange's appsettings.{NAME}.json overlay (default Production)
      --compose-file FILE    a Docker Compose file, as \`docker compose -f FILE\` (repeatable, in order; replaces
                             COMPOSE_FILE and the default compose.yaml of its folder)
      --lang en|zh-CN        language of the messages (default: from LC_ALL, LC_MESSAGES or LANG)
  -h, --help                 this help

Exit status: 0 no errors (and no more warnings than --max-warnings); 1 errors found, or too many warnings;
2 usage or internal failure.`;

const PROBE_USAGE = `Usage: onebot-doctor probe [DIR] [options]
       onebot-doctor probe --url ws://HOST:PORT/PATH [--token-env VAR | --token-stdin] [options]
       onebot-doctor probe [DIR] --listen HOST:PORT [options]

Connects the way Lagrange does (or as NoneBot does, for a forward WebSocket) and names the one cause of a
failed handshake. Without --url it probes every link found under DIR (default "."). With --listen it waits
where NoneBot would listen and reports what Lagrange sends.

Options:
      --url URL              probe this ws:// or wss:// URL instead of the workspace's links
      --token-env VAR        the access token, read from the environment variable VAR
      --token-stdin          the access token, read from standard input (one trailing newline dropped)
      --token T              the access token on the command line: visible to other users in \`ps\` and kept in
                             the shell history; prefer --token-env or --token-stdin
      --secret-env VAR       the HTTP POST secret, from the environment variable VAR
      --secret S             the HTTP POST secret on the command line (same caveat as --token)
      --as IMPL              handshake as lagrange (default), napcat, gocqhttp or llonebot
      --self-id N            X-Self-ID to send (default: a random probe id)
      --use-uin              send the account's Uin from the Lagrange config as X-Self-ID
      --listen HOST:PORT     capture mode: listen and report Lagrange's handshake
      --timeout MS           bound of the whole probe (default 10000; 30000 in capture mode)
  -f, --format FORMAT        text (default) or json
      --lang en|zh-CN        language of the report
  -h, --help                 this help

Tokens are shown masked (first two characters and the length) and sent only to the target host.
Exit status: 0 ok; 1 any other verdict (or nothing to probe); 2 usage or internal failure.`;

const RULES_USAGE = `Usage: onebot-doctor rules [--lang en|zh-CN]

Lists the rule codes with their default severity and title (docs/rules.md has each rule's details).

Exit status: 0; 2 usage failure.`;

const USAGE = `${SUMMARY}

Usage:
  onebot-doctor check [PATH...] [--format text|json|sarif|github] [--quiet] [--max-warnings N]
                      [--rule CODE=off|error|warning|information|hint]... [--exclude GLOB]...
                      [--env NAME=VALUE]... [--dotnet-environment NAME] [--compose-file FILE]...
                      [--lang en|zh-CN]
  onebot-doctor probe [DIR] [--url URL [--token-env VAR | --token-stdin | --token T]] [--as IMPL]
                      [--secret-env VAR | --secret S] [--self-id N] [--use-uin] [--listen HOST:PORT]
                      [--timeout MS] [--format text|json] [--lang en|zh-CN]
  onebot-doctor rules [--lang en|zh-CN]
  onebot-doctor COMMAND --help | --help | --version

check   lints the Lagrange and NoneBot configs under the folders (or around the files) and reports what would
        break the connection. Exit 0: no errors; 1: errors found (or more warnings than --max-warnings);
        2: usage or internal failure.
probe   connects the way Lagrange does and names the one cause of a failed handshake. Exit 0: ok; 1: any other
        verdict; 2: usage or internal failure.
rules   lists the rule codes with their default severity.

Options anywhere: --lang en|zh-CN, -h/--help; -V/--version prints the version.`;

const COMMAND_USAGE: Record<string, string> = { check: CHECK_USAGE, probe: PROBE_USAGE, rules: RULES_USAGE };

export type MainIO = Omit<CliIO, 'lang'>;

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: MainIO): Promise<number> {
  let lang: Lang = langFromLocale(io.env?.LC_ALL || io.env?.LC_MESSAGES || io.env?.LANG?.split('.')[0]);
  // The command is the first word that is neither an option nor the value of --lang.
  const at = argv.findIndex((a, i) => !a.startsWith('-') && argv[i - 1] !== '--lang');
  const cmd = at < 0 ? undefined : argv[at];
  const rest = at < 0 ? argv : [...argv.slice(0, at), ...argv.slice(at + 1)];
  try {
    const langAt = rest.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
    if (langAt >= 0) lang = parseLang(rest[langAt].includes('=') ? rest[langAt].slice(7) : (rest[langAt + 1] ?? ''), cmd) ?? lang;
    const full: CliIO = { ...io, lang };
    if (cmd !== undefined && cmd in COMMAND_USAGE && (rest.includes('--help') || rest.includes('-h'))) {
      io.out(COMMAND_USAGE[cmd]);
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
          io.out(USAGE);
          return 0;
        }
        // No command: the usage, as a usage failure.
        io.err(USAGE);
        return 2;
      }
      case 'help': {
        const topic = rest.find((a) => !a.startsWith('-'));
        if (topic !== undefined && !(topic in COMMAND_USAGE)) throw new UsageError(`unknown command: ${topic}`);
        io.out(topic ? COMMAND_USAGE[topic] : USAGE);
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
        if (positionals.length > 0) throw new UsageError(`rules takes no argument: ${positionals[0]}`, 'rules');
        const { RULES } = await import('../core/rules/index');
        for (const r of RULES) io.out(`${r.code.padEnd(24)} ${r.defaultSeverity.padEnd(11)} ${pick(r.title, lang)}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command: ${cmd}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`onebot-doctor: ${e.message}\n\n${(e.command && COMMAND_USAGE[e.command]) || USAGE}`);
      return 2;
    }
    io.err(`onebot-doctor: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (e instanceof Error && e.stack) io.err(e.stack);
    return 2;
  }
}

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('onebot-doctor: reading from standard input (end with Ctrl-D)…\n');
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
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    env: process.env,
    readStdin,
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
