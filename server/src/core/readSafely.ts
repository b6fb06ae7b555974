import * as path from 'node:path';
import type { FileHost, Localized, Range, ReadProblem } from './model';
import { MAX_CONFIG_BYTES, type DiagnosingFileHost, type FileIssue } from './fs';
import { ZERO_RANGE } from './text/lineIndex';
import { t } from './l10n';

/**
 * Per-file isolation for the readers: every read of one config (a Lagrange file with its overlay, a NoneBot folder)
 * goes through `SafeReader.read`, so that
 * - a file that exists but is not read (unreadable, too large, not a regular file) becomes one problem on that file;
 * - an open buffer gets the same size cap as a file on disk;
 * - a reader that throws (a bug, a stack overflow on input nobody foresaw, a FileProblemError it raised on purpose)
 *   costs that one config, reported on the file it was reading, while every other file and link is still linted;
 * - an optional deadline stops reading further files once the analysis has run out of time, and says so.
 * The problems go to `WorkspaceModel.fileProblems`, which the `file-unreadable` rule reports.
 */

/** Thrown by a reader that refuses a file on purpose (too deep to read safely): becomes exactly this problem. */
export class FileProblemError extends Error {
  constructor(
    readonly file: string,
    readonly range: Range,
    readonly problem: Localized,
  ) {
    super(problem.en);
  }
}

/** Thrown by the guarded host once the deadline has passed. */
class BudgetExceeded extends Error {}

export interface SafeReaderOptions {
  /** `performance.now()` value after which no further file is read (the language server's time budget). */
  deadline?: number;
  /** When the analysis started (`performance.now()`), for the "stopped after N ms" message. */
  startedAt?: number;
}

export interface SafeReader {
  /** Runs one reader against a guarded host; `blame` is the file (or folder) a failure is reported on by default. */
  read<T>(blame: string, reader: (host: FileHost) => T | undefined): T | undefined;
  /** The problems so far, one per file. */
  readonly problems: ReadProblem[];
  /** True once the deadline has stopped the reading. */
  readonly stopped: boolean;
}

const KIND_ZH: Record<string, string> = {
  'a folder': '文件夹',
  'a named pipe (FIFO)': '命名管道（FIFO）',
  'a character device': '字符设备',
  'a block device': '块设备',
  'a socket': '套接字',
  'not a regular file': '非普通文件',
};

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** The message for a file that exists but was not read. */
function issueMessage(file: string, issue: FileIssue): Localized {
  const name = path.basename(file);
  const cap = mb(MAX_CONFIG_BYTES);
  switch (issue.kind) {
    case 'too-large':
      return t(
        `${name} is larger than ${cap} MB${issue.size ? ` (${issue.size > MAX_CONFIG_BYTES + 1 ? `${mb(issue.size)} MB` : 'at least that'})` : ''}: it was not read, so nothing in it was checked. A configuration file is never that big; check that this is the file you meant.`,
        `${name} 超过 ${cap} MB${issue.size ? `（${issue.size > MAX_CONFIG_BYTES + 1 ? `${mb(issue.size)} MB` : '至少如此'}）` : ''}：未读取，其中内容均未检查。配置文件不会这么大，请确认这是你想要的文件。`,
      );
    case 'not-regular': {
      const what = issue.detail ?? 'not a regular file';
      return t(
        `${name} is ${what}, not a regular file: it was not read. Only regular files are checked (and NoneBot and Lagrange read only regular files as configuration).`,
        `${name} 是${KIND_ZH[what] ?? what}，不是普通文件：未读取。只检查普通文件（NoneBot 与 Lagrange 也只把普通文件当作配置读取）。`,
      );
    }
    default:
      return t(
        `${name} cannot be read (${issue.detail ?? 'error'}): nothing in it was checked. Make it readable by the user running the check; the program that uses it needs to read it too.`,
        `${name} 无法读取（${issue.detail ?? '错误'}）：其中内容均未检查。请让运行检查的用户可以读取它；使用它的程序同样需要读取它。`,
      );
  }
}

export function createSafeReader(host: FileHost, opts: SafeReaderOptions = {}): SafeReader {
  const problems: ReadProblem[] = [];
  const reported = new Set<string>();
  const startedAt = opts.startedAt ?? performance.now();
  let stopped = false;
  const add = (p: ReadProblem) => {
    if (reported.has(p.file)) return; // one clear message per file
    reported.add(p.file);
    problems.push(p);
  };
  const diag = host as DiagnosingFileHost;

  return {
    problems,
    get stopped() {
      return stopped;
    },
    read<T>(blame: string, reader: (h: FileHost) => T | undefined): T | undefined {
      let current = blame;
      const guarded: FileHost = {
        readFile(file) {
          if (opts.deadline !== undefined && performance.now() > opts.deadline) {
            current = file;
            throw new BudgetExceeded();
          }
          current = file;
          let text: string | undefined;
          try {
            text = host.readFile(file);
          } catch (e) {
            // A host that fails on one file (it should not throw) costs that file only, not the whole project.
            add({ file, range: ZERO_RANGE, message: issueMessage(file, { kind: 'unreadable', detail: errorName(e) }) });
            return undefined;
          }
          if (text === undefined) {
            const issue = diag.readIssue?.(file);
            if (issue) add({ file, range: ZERO_RANGE, message: issueMessage(file, issue) });
            return undefined;
          }
          if (text.length > MAX_CONFIG_BYTES) {
            // An open buffer has no size of its own on disk: the same cap, counted in characters.
            add({ file, range: ZERO_RANGE, message: issueMessage(file, { kind: 'too-large', size: text.length }) });
            return undefined;
          }
          return text;
        },
        readDir(dir) {
          return host.readDir(dir);
        },
      };
      if (stopped) return undefined;
      try {
        return reader(guarded);
      } catch (e) {
        if (e instanceof BudgetExceeded) {
          stopped = true;
          const ms = Math.round(performance.now() - startedAt);
          add({
            file: current,
            range: ZERO_RANGE,
            message: t(
              `Analysis stopped after ${ms} ms, before reading ${path.basename(current)}: this file and the ones after it were not checked this time. The next edit or save tries again.`,
              `分析在 ${ms} 毫秒后停止，未读取 ${path.basename(current)}：本次未检查此文件及其后的文件。下次编辑或保存时会重试。`,
            ),
          });
          return undefined;
        }
        if (e instanceof FileProblemError) {
          add({ file: e.file, range: e.range, message: e.problem });
          return undefined;
        }
        const overflow = e instanceof RangeError && /call stack/i.test(e.message);
        add({
          file: current,
          range: ZERO_RANGE,
          message: overflow
            ? t(
                `${path.basename(current)} is nested too deeply to analyse: it was skipped. The other files were still checked.`,
                `${path.basename(current)} 嵌套过深，无法分析，已跳过。其他文件仍已检查。`,
              )
            : t(
                `${path.basename(current)} could not be analysed (internal error ${errorName(e)}): it was skipped. The other files were still checked.`,
                `${path.basename(current)} 无法分析（内部错误 ${errorName(e)}），已跳过。其他文件仍已检查。`,
              ),
        });
        return undefined;
      }
    },
  };
}

/** Only the error's class: its message may quote the file (a token) and must not reach a diagnostic. */
function errorName(e: unknown): string {
  return e instanceof Error ? e.name : typeof e;
}
