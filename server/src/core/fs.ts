import * as fs from 'node:fs';
import type { FileHost } from './model';

/** Files larger than this are not parsed: a config is never that big, and a language server must stay responsive. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** Why a file that exists was not read. A file that is simply missing has no issue. */
type FileIssueKind = 'unreadable' | 'too-large' | 'not-regular';

export interface FileIssue {
  kind: FileIssueKind;
  /** What the system said (an errno code such as EACCES), or what the file is (a FIFO, a character device…). */
  detail?: string;
  /** For `too-large`: the size in bytes as far as it is known (at least MAX_CONFIG_BYTES + 1). */
  size?: number;
}

/**
 * A FileHost that can say why a read gave nothing, and where a folder really is. The real file system implements it;
 * hosts layered over it (open buffers) forward it. Every member is optional so that plain FileHosts still fit.
 */
export interface DiagnosingFileHost extends FileHost {
  /** Why the last `readFile(path)` returned undefined, when the file exists but was not read. */
  readIssue?(path: string): FileIssue | undefined;
  /** The canonical path of a folder (symbolic links resolved), to walk each real folder once. */
  realPath?(path: string): string | undefined;
}

const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;
const O_NOCTTY = fs.constants.O_NOCTTY ?? 0;

/** What kind of file a stat describes, in words for a diagnostic. */
function describeKind(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads one file with every bound a hostile workspace needs:
 * - opened with O_NONBLOCK (a FIFO or a device swapped in after discovery never blocks the open or the read);
 * - `fstat` on the opened descriptor, not on the name: only a regular file is read, whatever the name pointed to
 *   when it was listed;
 * - a size above the cap is refused before reading (a sparse multi-gigabyte file is never touched);
 * - the read itself stops at the cap whatever `fstat` said (files under /proc report size 0 and are endless).
 */
export function readBounded(file: string, cap = MAX_CONFIG_BYTES): { text: string } | { issue: FileIssue } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NONBLOCK | O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // gone since it was listed: nothing to say
    if (code === 'EISDIR') return { issue: { kind: 'not-regular', detail: 'a folder' } };
    return { issue: { kind: 'unreadable', detail: code ?? String(e) } };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { issue: { kind: 'not-regular', detail: describeKind(st) } };
    if (st.size > cap) return { issue: { kind: 'too-large', size: st.size } };
    const chunks: Uint8Array[] = [];
    let total = 0;
    const chunkSize = 64 * 1024;
    for (;;) {
      // Whole chunks (some /proc files refuse reads that are not multiples of 8): at most one chunk past the cap.
      const want = chunkSize;
      const buf = new Uint8Array(want);
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, want, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // EAGAIN: a regular-looking file with nothing to give now (/proc/kmsg); it would block a normal read.
        return { issue: { kind: 'unreadable', detail: code ?? String(e) } };
      }
      if (n === 0) break;
      chunks.push(n === want ? buf : buf.subarray(0, n));
      total += n;
      if (total > cap) return { issue: { kind: 'too-large', size: total } };
    }
    const all = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return { text: Buffer.from(all.buffer, 0, total).toString('utf8') };
  } catch (e) {
    return { issue: { kind: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? String(e) } };
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      // nothing more to do
    }
  }
}

/** The last issue per path; a later successful read (or a vanished file) forgets it. */
const issues = new Map<string, FileIssue>();

/** Reads the real file system. Never throws and never blocks: a missing or unreadable file is `undefined`. */
export const nodeFileHost: DiagnosingFileHost = {
  readFile(path) {
    const r = readBounded(path);
    if (r && 'issue' in r) {
      issues.set(path, r.issue);
      return undefined;
    }
    issues.delete(path);
    return r?.text;
  },
  readIssue(path) {
    return issues.get(path);
  },
  readDir(path) {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((d) => {
        let isDirectory = d.isDirectory();
        if (d.isSymbolicLink()) {
          // A symbolic link to a folder is walked like the folder (discovery dedupes real paths, so loops end).
          try {
            isDirectory = fs.statSync(`${path}/${d.name}`).isDirectory();
          } catch {
            isDirectory = false; // dangling or a loop: a file name that fails to read, reported when it is read
          }
        }
        return { name: d.name, isDirectory };
      });
    } catch {
      return undefined;
    }
  },
  realPath(path) {
    try {
      return fs.realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
};
