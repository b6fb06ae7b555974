import * as path from 'node:path';
import type { FileHost } from './model';

type DirEntries = ReturnType<FileHost['readDir']>;

/**
 * What the readers made in earlier analyses, kept so that an edit costs one parse:
 * - `get`: a file's parse, keyed by the file and its exact text (compared as strings, so no hash can collide);
 * - `derive`: a reader's whole result (a Lagrange config with its overlay, a NoneBot project), kept with every file
 *   and folder it read; it is reused while each of them reads the same again (for the language server's files that
 *   is one map lookup and a string comparison per file).
 * One entry per (kind, file): the cache never holds more than one version of anything.
 *
 * What it hands out is shared between analyses: readers and rules treat the model as read-only (they already do,
 * since one parse is referenced from several places of the model).
 */
export class ParseCache {
  private readonly entries = new Map<string, { text: string; variant: string; value: unknown }>();
  private readonly derived = new Map<string, { variant: string; files: Map<string, string | undefined>; dirs: Map<string, DirEntries>; value: unknown }>();
  hits = 0;
  misses = 0;

  /**
   * The parse of `text` for `file`, made by `parse` only when not cached. `variant` names anything else the parse
   * depends on (for a .env: the process environment its `${VAR}`s read).
   */
  get<T>(kind: string, file: string, text: string, parse: () => T, variant = ''): T {
    const key = `${kind}\u0000${file}`;
    const hit = this.entries.get(key);
    if (hit && hit.text === text && hit.variant === variant) {
      this.hits++;
      return hit.value as T;
    }
    this.misses++;
    const value = parse();
    this.entries.set(key, { text, variant, value });
    return value;
  }

  /**
   * `make`'s result for `key`, made again only when a file or folder it read through its host reads differently now
   * (or `variant`, anything else it depends on, changed). `make` must read everything through the host it is given.
   */
  derive<T>(kind: string, key: string, host: FileHost, make: (host: FileHost) => T, variant = ''): T {
    const id = `${kind}\u0000${key}`;
    const hit = this.derived.get(id);
    if (hit && hit.variant === variant && unchanged(hit.files, hit.dirs, host)) {
      this.hits++;
      return hit.value as T;
    }
    this.misses++;
    const files = new Map<string, string | undefined>();
    const dirs = new Map<string, DirEntries>();
    const recording: FileHost = {
      readFile(p) {
        const text = host.readFile(p);
        files.set(p, text);
        return text;
      },
      readDir(p) {
        const entries = host.readDir(p);
        dirs.set(p, entries);
        return entries;
      },
    };
    const value = make(recording);
    this.derived.set(id, { variant, files, dirs, value });
    return value;
  }

  /** Drops every parse of the file (deleted), or of every file below the folder (a workspace folder removed). */
  forget(fileOrDir: string): void {
    for (const key of [...this.entries.keys()]) if (within(fileOrDir, key.slice(key.indexOf('\u0000') + 1))) this.entries.delete(key);
    for (const [id, d] of [...this.derived]) {
      if ([...d.files.keys(), ...d.dirs.keys()].some((p) => within(fileOrDir, p))) this.derived.delete(id);
    }
  }

  get size(): number {
    return this.entries.size + this.derived.size;
  }
}

function within(fileOrDir: string, p: string): boolean {
  const rel = path.relative(fileOrDir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function unchanged(files: Map<string, string | undefined>, dirs: Map<string, DirEntries>, host: FileHost): boolean {
  for (const [p, text] of files) if (host.readFile(p) !== text) return false;
  for (const [p, entries] of dirs) if (!sameEntries(host.readDir(p), entries)) return false;
  return true;
}

function sameEntries(a: DirEntries, b: DirEntries): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((e, i) => e.name === b[i].name && e.isDirectory === b[i].isDirectory);
}

/** A reader's result through the cache when there is one. */
export function derived<T>(cache: ParseCache | undefined, kind: string, key: string, host: FileHost, make: (host: FileHost) => T, variant = ''): T {
  return cache ? cache.derive(kind, key, host, make, variant) : make(host);
}

/** Parse through the cache when there is one. */
export function cached<T>(cache: ParseCache | undefined, kind: string, file: string, text: string, parse: () => T, variant = ''): T {
  return cache ? cache.get(kind, file, text, parse, variant) : parse();
}

/** The option the readers and `analyze` take. */
export interface CacheOption {
  /** Parses kept between calls (the language server keeps one for its lifetime); none by default. */
  cache?: ParseCache;
}
