import { createScanner, SyntaxKind } from 'jsonc-parser';

/**
 * Where JSON(C) text first nests deeper than `limit` arrays/objects, found with jsonc-parser's scanner (a loop,
 * no recursion; strings and comments are tokens, so brackets inside them do not count). Undefined when it never
 * does. Run it before any recursive parse (jsonc-parser's parseTree recurses once per level).
 */
export function firstTooDeep(text: string, limit: number): { offset: number; depth: number } | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      depth++;
      if (depth > limit) return { offset: scanner.getTokenOffset(), depth };
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}
