import * as path from 'node:path';
import type { FileHost } from './model';

/**
 * A FileHost over an in-memory map of absolute path → text, for synthetic workspaces in tests, benchmarks and fuzzing
 * (the language server layers its open buffers over the disk in lsp/host.ts).
 */
export class MemoryFileHost implements FileHost {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [p, text] of Object.entries(files)) this.set(p, text);
  }

  set(file: string, text: string): void {
    this.files.set(path.resolve(file), text);
  }

  delete(file: string): void {
    this.files.delete(path.resolve(file));
  }

  readFile(file: string): string | undefined {
    return this.files.get(path.resolve(file));
  }

  readDir(dir: string): { name: string; isDirectory: boolean }[] | undefined {
    const d = path.resolve(dir);
    const prefix = d.endsWith(path.sep) ? d : d + path.sep;
    const out = new Map<string, boolean>();
    for (const p of this.files.keys()) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const i = rest.indexOf(path.sep);
      if (i < 0) out.set(rest, false);
      else out.set(rest.slice(0, i), true);
    }
    // A folder exists here only through the files below it.
    return out.size ? [...out].map(([name, isDirectory]) => ({ name, isDirectory })) : undefined;
  }
}
