/** Completion at a cursor in a copy of an example workspace: the scaffolding the completion tables share. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompletionItem } from 'vscode-languageserver';
import { analyze, nodeFileHost } from '../../server/src/core/analyze';
import type { Lang } from '../../server/src/core/model';
import { completeAt } from '../../server/src/lsp/completion';

/** Where the cursor is in a row's `replace` text. */
export const CURSOR = '‸';

export interface CursorCase {
  /** The example folder (under examples/) and the file inside it. */
  example: string;
  file: string;
  /** Replaces the first occurrence of `find` in the file's text; the cursor is where ‸ is. */
  find: string;
  replace: string;
  /** Files written into the copy first (relative path → text). */
  extra?: Record<string, string>;
  lang?: Lang;
}

/** Copies the example, writes the case's text with the cursor removed, analyses the copy and completes at the cursor. */
export function completeInCopy(r: CursorCase): CompletionItem[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-compl-'));
  try {
    fs.cpSync(path.join('examples', r.example), dir, { recursive: true });
    for (const [rel, text] of Object.entries(r.extra ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const file = path.join(dir, r.file);
    const original = fs.readFileSync(file, 'utf8');
    assert.ok(original.includes(r.find), `the file has ${JSON.stringify(r.find)}`);
    const marked = original.replace(r.find, r.replace);
    const at = marked.indexOf(CURSOR);
    const text = marked.replace(CURSOR, '');
    fs.writeFileSync(file, text);
    const before = text.slice(0, at).split('\n');
    const { model } = analyze([dir], nodeFileHost);
    return completeAt(text, file, { line: before.length - 1, character: before[before.length - 1].length }, model, r.lang ?? 'en');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
