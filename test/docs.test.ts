import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { renderRulesDoc } from '../scripts/rules-doc';
import { RULES } from '../server/src/core/rules/index';

it('docs/rules.md is generated from the current rules (run `npm run docs`)', () => {
  assert.equal(fs.readFileSync('docs/rules.md', 'utf8'), renderRulesDoc());
});

it('every rule documents what it checks, why, its sources, an example and the fix', () => {
  for (const r of RULES) {
    for (const k of ['checks', 'why', 'example', 'fix'] as const) assert.ok(r.doc[k].trim(), `${r.code}: doc.${k}`);
    assert.ok(r.doc.sources.length > 0, `${r.code}: doc.sources`);
    assert.ok(r.title.en && r.title.zh, `${r.code}: title in both languages`);
  }
});

/** Files the project ships or tracks as source/docs (generated output and dependencies left out). */
function projectFiles(dir = '.'): string[] {
  const skip = new Set(['node_modules', 'out', 'dist', '.git', '.vscode-test']);
  const files: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = dir === '.' ? e.name : `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!skip.has(e.name)) files.push(...projectFiles(p));
    } else if (/\.(ts|mts|mjs|js|md|json)$/.test(e.name)) files.push(p);
  }
  return files;
}

// Private research notes are not in the repository; citing them leaves users with nothing to open (issue 14).
const PRIVATE_NOTES = ['nonebot', 'lagrange'].map((s) => `${s}-onebot.md`).concat(['other-' + 'implementations.md']);

it('no source or doc cites the private research notes; cite upstream or docs/facts instead', () => {
  const hits: string[] = [];
  for (const f of projectFiles()) {
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    lines.forEach((l, i) => {
      if (PRIVATE_NOTES.some((n) => l.includes(n))) hits.push(`${f}:${i + 1}`);
    });
  }
  assert.deepEqual(hits, []);
});

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchors(md: string): Set<string> {
  const out = new Set<string>();
  for (const m of md.matchAll(/^#{1,6}\s+(.+)$/gm))
    out.add(
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s-]/gu, '')
        .replace(/\s/g, '-'),
    );
  return out;
}

it('every docs/facts/<page>.md#<heading> citation points at an existing heading', () => {
  const pages = new Map<string, Set<string>>();
  const broken: string[] = [];
  let seen = 0;
  for (const f of projectFiles()) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/docs\/facts\/([\w-]+\.md)#([\w-]+)/g)) {
      seen++;
      const page = `docs/facts/${m[1]}`;
      if (!pages.has(page)) pages.set(page, fs.existsSync(page) ? anchors(fs.readFileSync(page, 'utf8')) : new Set());
      if (!pages.get(page)!.has(m[2])) broken.push(`${f}: ${m[0]}`);
    }
  }
  assert.ok(seen > 0, 'rules cite docs/facts pages');
  assert.deepEqual(broken, []);
});
