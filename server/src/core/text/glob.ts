import picomatch from 'picomatch';

/**
 * Exclusion globs (`--exclude`, `onebotDoctor.exclude`), matched with picomatch against '/'-separated paths relative
 * to a workspace root: `**`, `*`, `?`, `[ab]` classes, `{a,b}` braces, extglobs. As in VS Code's files.exclude, a
 * pattern without '/' matches a name at any depth, and a pattern that matches a folder covers everything below it.
 * A pattern starting with `!` re-includes what an earlier pattern excluded; the last pattern that matches decides
 * (as in .gitignore).
 */
interface CompiledGlob {
  negated: boolean;
  test(relPath: string): boolean;
}

function compileGlob(glob: string): CompiledGlob {
  let g = glob.trim().replace(/\\/g, '/');
  const negated = g.startsWith('!');
  if (negated) g = g.slice(1);
  g = g.replace(/^\.\//, '').replace(/\/$/, '');
  if (!g.includes('/')) g = `**/${g}`;
  const isMatch = picomatch(g, { dot: true, windows: false });
  return {
    negated,
    // The path itself or one of its folders.
    test(rel) {
      if (isMatch(rel)) return true;
      for (let at = rel.lastIndexOf('/'); at > 0; at = rel.lastIndexOf('/', at - 1)) if (isMatch(rel.slice(0, at))) return true;
      return false;
    },
  };
}

/** True when the path is excluded: the last pattern that matches it is not negated. */
export function makeExcluder(globs: readonly string[]): (relPath: string) => boolean {
  const compiled = globs.filter((g) => g.trim() && g.trim() !== '!').map(compileGlob);
  return (rel) => {
    for (let k = compiled.length - 1; k >= 0; k--) if (compiled[k].test(rel)) return !compiled[k].negated;
    return false;
  };
}
