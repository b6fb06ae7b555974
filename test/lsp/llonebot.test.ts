/** Hover and key completion in an LLOneBot config (the shipped default_config.json shape), by direct calls over the model. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MarkupContent } from 'vscode-languageserver';
import { analyze, nodeFileHost } from '../../server/src/core/analyze';
import { hoverAt } from '../../server/src/lsp/hover';
import { completeAt } from '../../server/src/lsp/completion';

const root = path.resolve('test/fixtures/llonebot-default');
const file = path.join(root, 'llbot/data/config_123456789.json');
const text = fs.readFileSync(file, 'utf8');
const lines = text.split('\n');
const { model } = analyze([root], nodeFileHost);

/** The position of the n-th line containing `needle` (0-based n), at the needle plus `offset`. */
function at(needle: string, n = 0, offset = 1) {
  const hits = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes(needle));
  const [l, line] = hits[n];
  return { line, character: l.indexOf(needle) + offset };
}

describe('LLOneBot hovers', () => {
  const rows: { name: string; needle: string; n?: number; lang: 'en' | 'zh'; want: RegExp[] }[] = [
    { name: 'type key of the ws entry', needle: '"type"', lang: 'en', want: [/\*\*type\*\*/, /`ws-reverse` \(LLOneBot dials `url`\)/] },
    {
      name: 'port of the ws entry: what LLOneBot binds',
      needle: '"port": 3001',
      lang: 'en',
      want: [/\*\*port\*\*/, /LLOneBot listens on `127\.0\.0\.1:3001`/],
    },
    { name: "enable of the ws entry (after milky's and satori's), in Chinese", needle: '"enable": false', n: 2, lang: 'zh', want: [/只有它为 true/] },
  ];
  for (const r of rows) {
    it(r.name, () => {
      const h = hoverAt(model, file, at(r.needle, r.n), r.lang);
      const value = h ? (h.contents as MarkupContent).value : '';
      for (const w of r.want) assert.match(value, w, value);
    });
  }
});

describe('LLOneBot key completion', () => {
  it('inside a connect[] entry: keys of its type not yet written', () => {
    // After `"debug": false` of the http-post entry (the last one): a new line at a key position.
    const last = lines
      .map((l, i) => [l, i] as const)
      .filter(([l]) => l.includes('"debug": false'))
      .pop()![1];
    const edited = [...lines.slice(0, last), `${lines[last]},`, '        ', ...lines.slice(last + 1)].join('\n');
    const labels = completeAt(edited, file, { line: last + 1, character: 8 }, model, 'en').map((i) => i.label);
    assert.ok(labels.includes('filter') && labels.includes('name'), labels.join(', '));
    for (const k of ['url', 'enableHeart', 'host', 'port', 'type']) assert.ok(!labels.includes(k), `${k}: ${labels.join(', ')}`);
  });
});
