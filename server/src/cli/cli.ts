import { langFromLocale, pick } from '../core/l10n';
import type { Lang } from '../core/model';
import { RULES } from '../core/rules/index';
import { checkCommand, UsageError, type CliIO } from './check';
import { probeCommand } from './probe';

const VERSION = '0.1.0';

const USAGE = `onebot-doctor ${VERSION}: checks that Lagrange.OneBot and NoneBot2 can talk to each other.

Usage:
  onebot-doctor check [DIR...] [--format text|json] [--lang en|zh-CN]
                      [--rule CODE=off|error|warning|information|hint]... [--exclude GLOB]...
                      [--env NAME=VALUE]... [--dotnet-environment NAME]
  onebot-doctor probe [DIR] [--url URL [--token T]] [--self-id N] [--use-uin] [--listen HOST:PORT] [--timeout MS]
                      [--format text|json] [--lang en|zh-CN]
  onebot-doctor rules [--lang en|zh-CN]
  onebot-doctor --help | --version

check   reads every Lagrange appsettings.json and NoneBot project (.env, .env.{ENVIRONMENT}, bot.py,
        pyproject.toml) under the folders, links them and reports what would break the connection.
        Exit 0: no errors; 1: errors found; 2: usage or internal failure.
probe   connects the way Lagrange does (or as NoneBot does, for forward WebSocket) and names the one
        cause of a failed handshake. Exit 0: ok; 1: any other verdict; 2: usage error.
rules   lists the rule codes with their default severity.`;

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: Omit<CliIO, 'lang'> & { env?: NodeJS.ProcessEnv }): Promise<number> {
  let lang: Lang = langFromLocale(io.env?.LC_ALL || io.env?.LC_MESSAGES || io.env?.LANG?.split('.')[0]);
  const rest: string[] = [];
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--lang' || a.startsWith('--lang=')) {
        const v = a.includes('=') ? a.slice(7) : argv[++i];
        if (!v || !/^(en|en-us|zh|zh-cn|zh-hans)$/i.test(v)) throw new UsageError('--lang takes en or zh-CN');
        lang = langFromLocale(v);
      } else rest.push(a);
    }
    const full: CliIO = { ...io, lang };
    const [cmd, ...args] = rest;
    switch (cmd) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return cmd === undefined ? 2 : 0;
      case '--version':
      case '-v':
        io.out(VERSION);
        return 0;
      case 'check':
        return checkCommand(args, full);
      case 'probe':
        return await probeCommand(args, full);
      case 'rules':
        for (const r of RULES) io.out(`${r.code.padEnd(24)} ${r.defaultSeverity.padEnd(11)} ${pick(r.title, lang)}`);
        return 0;
      default:
        throw new UsageError(`unknown command: ${cmd}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`onebot-doctor: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`onebot-doctor: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (e instanceof Error && e.stack) io.err(e.stack);
    return 2;
  }
}

if (require.main === module) {
  // `onebot-doctor check | head`: a closed pipe ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    env: process.env,
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
