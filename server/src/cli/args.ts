/** Argument parsing for every command, over node's own `util.parseArgs` (`--opt value` and `--opt=value`, strict). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { t } from '../core/l10n';
import type { Lang, Localized } from '../core/model';

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

/** Bad command line: the CLI prints the message and the command's usage, in the chosen language, and exits 2. */
export class UsageError extends Error {
  /** The message in Simplified Chinese, when the thrower gave one (else the English `message` is shown). */
  readonly zh?: string;
  constructor(
    message: string | Localized,
    /** The command whose usage to print (undefined: the general usage). */
    readonly command?: string,
  ) {
    super(typeof message === 'string' ? message : message.en);
    if (typeof message !== 'string') this.zh = message.zh;
  }

  /** The message in `lang`. */
  text(lang: Lang): string {
    return lang === 'zh' && this.zh !== undefined ? this.zh : this.message;
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
      throw new UsageError(t(`unknown option ${name}`, `未知选项 ${name}`), command);
    }
    const en = msg
      .replace(/\n/g, ' ')
      .replace(/^Option '(?:-\w, )?(-[^' ]+)[^']*'/, '$1')
      .replace(/\.$/, '');
    // Node's two messages for an option's value, in Chinese; any other stays in English.
    const zh = en.replace(/^(-\S+) argument missing$/, '$1 缺少参数值').replace(/^(-\S+) does not take an argument$/, '$1 不接受参数值');
    throw new UsageError(t(en, zh), command);
  }
}

/** `--lang en|zh-CN` → the language, or undefined when absent. */
export function parseLang(v: string | undefined, command?: string): Lang | undefined {
  if (v === undefined) return undefined;
  if (/^(en|en-us|en-gb)$/i.test(v)) return 'en';
  if (/^(zh|zh-cn|zh-hans|zh-sg)$/i.test(v)) return 'zh';
  throw new UsageError(t(`--lang takes en or zh-CN, not ${v}`, `--lang 只接受 en 或 zh-CN，而不是 ${v}`), command);
}

/** One of the allowed values, or a UsageError. */
export function oneOf<T extends string>(name: string, v: string, allowed: readonly T[], command: string): T {
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new UsageError(
    t(
      `--${name} must be ${allowed.join(', ').replace(/, ([^,]+)$/, ' or $1')}, not ${v}`,
      `--${name} 必须是 ${allowed.join('、').replace(/、([^、]+)$/, ' 或 $1')}，而不是 ${v}`,
    ),
    command,
  );
}
