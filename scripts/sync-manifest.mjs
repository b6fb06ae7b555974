// Generates the files that are derived from other sources, or with `--check` only reports the stale ones (exit 1):
// - package.json: the per-rule severity setting lists every rule file (server/src/core/rules/<code>.ts);
// - schemas/lagrange-appsettings.schema.zh-cn.json: the corrected Lagrange schema with its texts from
//   l10n/schema.zh-cn.json (every English text must have a translation).
// `npm run generate` writes; `npm test` never writes (test/manifest.test.ts runs the check).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const check = process.argv.includes('--check');
const outputs = new Map();

const p = JSON.parse(readFileSync('package.json', 'utf8'));
const codes = readdirSync('server/src/core/rules')
  .filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts', 'engine.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const rules = p.contributes.configuration.properties['onebotDoctor.rules'];
rules.properties = Object.fromEntries(codes.map((c) => [c, { type: 'string', enum: ['off', 'error', 'warning', 'information', 'hint'] }]));
outputs.set('package.json', `${JSON.stringify(p, null, 2)}\n`);

const schema = JSON.parse(readFileSync('schemas/lagrange-appsettings.schema.json', 'utf8'));
const zh = JSON.parse(readFileSync('l10n/schema.zh-cn.json', 'utf8'));
const missing = [];
const translate = (node) => {
  if (Array.isArray(node)) return node.map(translate);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => {
      if ((k === 'description' || k === 'title') && typeof v === 'string') {
        if (!zh[v]) missing.push(v);
        return [k, zh[v] ?? v];
      }
      return [k, translate(v)];
    }),
  );
};
outputs.set('schemas/lagrange-appsettings.schema.zh-cn.json', `${JSON.stringify(translate(schema), null, 2)}\n`);
if (missing.length) {
  console.error(`l10n/schema.zh-cn.json lacks a translation of:\n${missing.map((m) => `  ${m}`).join('\n')}`);
  process.exitCode = 1;
}

const stale = [];
for (const [file, text] of outputs) {
  let old = '';
  try {
    old = readFileSync(file, 'utf8');
  } catch {}
  if (old === text) continue;
  stale.push(file);
  if (!check) writeFileSync(file, text);
}
if (check && stale.length) {
  console.error(`stale generated files (run \`npm run generate\`): ${stale.join(', ')}`);
  process.exitCode = 1;
}
