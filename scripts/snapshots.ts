/**
 * The rewrite mode of the rule cases (`npm run snapshots [FILTER...]`): in each case folder (or those whose
 * `<code>/<case>` contains a FILTER), replaces copies of a shipped default by `from` entries in expected.json (and a
 * `.patch` where a few lines differ), then writes snapshot.md, and prints what changed for review. `--no-fold` leaves
 * the config files as they are.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allCases, foldDefaults, renderSnapshot, SNAPSHOT } from '../test/ruleCases';
import { unifiedDiff } from '../test/textDiff';

const fold = !process.argv.includes('--no-fold');
const filters = process.argv.slice(2).filter((a) => a !== '--no-fold');
const folded: string[] = [];
const added: string[] = [];
const changed: string[] = [];
let same = 0;
let review = '';
for (const [code, name, dir] of allCases()) {
  const id = `${code}/${name}`;
  if (filters.length && !filters.some((f) => id.includes(f))) continue;
  if (fold) for (const line of foldDefaults(dir)) folded.push(`  ${id}: ${line}`);
  const file = path.join(dir, SNAPSHOT);
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  const after = renderSnapshot(code, name, dir);
  if (before === after) {
    same++;
    continue;
  }
  fs.writeFileSync(file, after);
  if (before === undefined) added.push(id);
  else {
    changed.push(id);
    review += unifiedDiff(before, after, { from: `${id}/${SNAPSHOT} (before)`, to: `${id}/${SNAPSHOT} (now)` }, 2);
  }
}
if (folded.length) console.log(`Files now derived from a shipped default:\n${folded.join('\n')}\n`);
if (review) console.log(`${review}\n`);
if (added.length) console.log(`New snapshots (read them before committing):\n${added.map((a) => `  ${a}`).join('\n')}\n`);
console.log(`${changed.length} snapshot(s) changed, ${added.length} new, ${same} unchanged; ${folded.length} file(s) folded into defaults.`);
