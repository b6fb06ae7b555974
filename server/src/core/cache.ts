import * as path from 'node:path';

/**
 * Parsed files kept between analyses. The readers ask the cache for a file's parse with the text they just read:
 * when the same file had the same text last time (compared exactly, so no hash can collide), they get the earlier
 * parse back; otherwise they parse and the cache keeps the new one. One entry per (kind, file): an edit costs one
 * parse, and the cache never holds more than one version of a file.
 *
 * Parses handed out are shared between analyses: readers and rules treat them as read-only (they already do, since
 * one parse is referenced from several places of the model).
 */
export class ParseCache {
  private readonly entries = new Map<string, { text: string; variant: string; value: unknown }>();
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

  /** Drops every parse of the file (deleted), or of every file below the folder (a workspace folder removed). */
  forget(fileOrDir: string): void {
    for (const key of [...this.entries.keys()]) {
      const rel = path.relative(fileOrDir, key.slice(key.indexOf('\u0000') + 1));
      if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
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
