/**
 * A Python tokenizer small enough to audit and linear on any input: names, numbers, strings (every prefix, single,
 * triple, raw, f-strings taken whole), operators, comments dropped, lines joined inside brackets and after a
 * backslash, as CPython's tokenizer does (Python Language Reference, "Lexical analysis": 2.1.5–2.1.8 explicit and
 * implicit line joining, indentation; 2.4 string literals). It yields logical lines with their indentation, which is
 * all the bot.py reader needs to respect Python's structure (a call inside a string, a comment or an `if False:` block
 * registers nothing). Unclosed brackets or strings end at the end of the file, as they would make Python stop with a
 * SyntaxError; nothing here recurses or looks back.
 */

type TokKind = 'name' | 'number' | 'string' | 'op';

interface Tok {
  kind: TokKind;
  start: number;
  end: number;
  /** The token's text (for strings: as written, quotes included). */
  text: string;
}

export interface LogicalLine {
  /** Indentation column of the line's first token (tabs to the next multiple of 8). */
  indent: number;
  tokens: Tok[];
  /** For each token index holding an opening bracket, the index of its closing bracket (-1 when unclosed). */
  closeOf: Int32Array;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12;
}

const STRING_PREFIX = /^(?:[rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])$/;

export function pythonLogicalLines(src: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  const n = src.length;
  let i = 0;
  let tokens: Tok[] = [];
  let depth = 0;
  let indent = 0;
  let atLineStart = true;

  const finish = () => {
    if (tokens.length > 0) lines.push({ indent, tokens, closeOf: matchBrackets(tokens) });
    tokens = [];
    depth = 0;
    atLineStart = true;
  };

  while (i < n) {
    if (atLineStart) {
      // Indentation of a new logical line (blank and comment-only lines do not count: they yield no token).
      let col = 0;
      while (i < n) {
        const c = src.charCodeAt(i);
        if (c === 32) col++;
        else if (c === 9) col = (Math.floor(col / 8) + 1) * 8;
        else if (c === 12) col = 0;
        else break;
        i++;
      }
      indent = col;
      atLineStart = false;
      continue;
    }
    const c = src.charCodeAt(i);
    if (c === 10 || c === 13) {
      i += c === 13 && src.charCodeAt(i + 1) === 10 ? 2 : 1;
      if (depth === 0) finish();
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      while (i < n && src.charCodeAt(i) !== 10 && src.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (c === 92 /* \ */) {
      // Explicit line joining: a backslash before the line break.
      const next = src.charCodeAt(i + 1);
      if (next === 10) i += 2;
      else if (next === 13) i += src.charCodeAt(i + 2) === 10 ? 3 : 2;
      else {
        tokens.push({ kind: 'op', start: i, end: i + 1, text: '\\' });
        i++;
      }
      continue;
    }
    if (isNameStart(c)) {
      const start = i;
      while (i < n && isNameChar(src.charCodeAt(i))) i++;
      const q = src.charCodeAt(i);
      if ((q === 34 || q === 39) && i - start <= 2 && STRING_PREFIX.test(src.slice(start, i))) {
        i = scanString(src, i);
        tokens.push({ kind: 'string', start, end: i, text: src.slice(start, i) });
      } else tokens.push({ kind: 'name', start, end: i, text: src.slice(start, i) });
      continue;
    }
    if (c === 34 || c === 39) {
      const start = i;
      i = scanString(src, i);
      tokens.push({ kind: 'string', start, end: i, text: src.slice(start, i) });
      continue;
    }
    if ((c >= 48 && c <= 57) || (c === 46 && src.charCodeAt(i + 1) >= 48 && src.charCodeAt(i + 1) <= 57)) {
      const start = i;
      while (i < n && (isNameChar(src.charCodeAt(i)) || src.charCodeAt(i) === 46)) i++;
      tokens.push({ kind: 'number', start, end: i, text: src.slice(start, i) });
      continue;
    }
    const ch = src[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    tokens.push({ kind: 'op', start: i, end: i + 1, text: ch });
    i++;
  }
  finish();
  return lines;
}

/** Index just after the string that starts at `i` (its opening quote); an unclosed string ends at the line or file end. */
function scanString(src: string, i: number): number {
  const n = src.length;
  const q = src.charCodeAt(i);
  const triple = src.charCodeAt(i + 1) === q && src.charCodeAt(i + 2) === q;
  i += triple ? 3 : 1;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 92 /* \ */) {
      i += 2; // escapes (and, in raw strings, keeps a quote from closing)
      continue;
    }
    if (c === q) {
      if (!triple) return i + 1;
      if (src.charCodeAt(i + 1) === q && src.charCodeAt(i + 2) === q) return i + 3;
    } else if (!triple && (c === 10 || c === 13)) return i; // unterminated: CPython stops here
    i++;
  }
  return n;
}

/** One pass with a stack: the closing bracket of every opening bracket of a logical line. */
function matchBrackets(tokens: Tok[]): Int32Array {
  const closeOf = new Int32Array(tokens.length).fill(-1);
  const stack: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') stack.push(k);
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      const open = stack.pop();
      if (open !== undefined) closeOf[open] = k;
    }
  }
  return closeOf;
}
