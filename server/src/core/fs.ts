import * as fs from 'node:fs';
import type { FileHost } from './model';

/** Files larger than this are not parsed: a config is never that big, and a language server must stay responsive. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** Reads the real file system. Never throws: a missing or unreadable file is `undefined`. */
export const nodeFileHost: FileHost = {
  readFile(path) {
    try {
      const st = fs.statSync(path);
      if (!st.isFile()) return undefined;
      if (st.size > MAX_CONFIG_BYTES) return undefined;
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  readDir(path) {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((d) => ({
        name: d.name,
        isDirectory: d.isDirectory(),
      }));
    } catch {
      return undefined;
    }
  },
};
