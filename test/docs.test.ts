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
