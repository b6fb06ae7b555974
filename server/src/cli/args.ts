/** Argument parsing for every command, over node's own `util.parseArgs` (`--opt value` and `--opt=value`, strict). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Lang } from '../core/model';

export interface CliIO {
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
  lang: Lang;
  /** The process environment (for `--token-env`/`--secret-env`); empty when absent. */
  env?: NodeJS.ProcessEnv;
  /** Reads standard input to its end (for `--token-stdin`). */
  readStdin?: () => Promise<string>;
}

/** Bad command line: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to print (undefined: the general usage). */
    readonly command?: string,
  ) {
    super(message);
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
} as const satisfies OptionSpec;

/** Parses `args` for `command`; every parse error becomes a UsageError naming the command. */
export function parseCommand<O extends OptionSpec>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = e instanceof Error ? e.message : String(e);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      // Node's message suggests `--`; the option's name is what helps.
      const name = /Unknown option '([^']+)'/.exec(msg)?.[1] ?? msg;
      throw new UsageError(`unknown option ${name}`, command);
    }
    throw new UsageError(
      msg
        .replace(/\n/g, ' ')
        .replace(/^Option '(?:-\w, )?(-[^' ]+)[^']*'/, '$1')
        .replace(/\.$/, ''),
      command,
    );
  }
}

/** `--lang en|zh-CN` → the language, or undefined when absent. */
export function parseLang(v: string | undefined, command?: string): Lang | undefined {
  if (v === undefined) return undefined;
  if (/^(en|en-us|en-gb)$/i.test(v)) return 'en';
  if (/^(zh|zh-cn|zh-hans|zh-sg)$/i.test(v)) return 'zh';
  throw new UsageError(`--lang takes en or zh-CN, not ${v}`, command);
}

/** One of the allowed values, or a UsageError. */
export function oneOf<T extends string>(name: string, v: string, allowed: readonly T[], command: string): T {
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new UsageError(`--${name} must be ${allowed.join(', ').replace(/, ([^,]+)$/, ' or $1')}, not ${v}`, command);
}
