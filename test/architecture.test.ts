import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

it('the domain core (server/src/core) imports nothing from vscode, the LSP libraries or the CLI', () => {
  const offenders: string[] = [];
  for (const f of tsFiles('server/src/core')) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      if (/^vscode($|-languageserver|-languageclient|-jsonrpc)/.test(spec) || /\/(lsp|cli)\//.test(spec) || /^\.\.\/\.\.\/(lsp|cli)/.test(spec)) {
        offenders.push(`${f}: ${spec}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});
