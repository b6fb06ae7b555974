// Keeps package.json in step with its sources: the per-rule severity setting lists every rule file.
// `npm run build` runs it; test/manifest.test.ts fails when package.json is stale.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const p = JSON.parse(readFileSync('package.json', 'utf8'));
const codes = readdirSync('server/src/core/rules')
  .filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts', 'engine.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const rules = p.contributes.configuration.properties['onebotDoctor.rules'];
rules.properties = Object.fromEntries(codes.map((c) => [c, { type: 'string', enum: ['off', 'error', 'warning', 'information', 'hint'] }]));
const text = JSON.stringify(p, null, 2) + '\n';
if (text !== readFileSync('package.json', 'utf8')) writeFileSync('package.json', text);
