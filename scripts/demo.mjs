// `npm run demo`: runs the CLI on the bundled examples: a broken Lagrange + NoneBot pair (exit 1 expected), the
// same pair fixed (exit 0 expected), a broken NapCat + NoneBot and a broken go-cqhttp + Koishi workspace. Exits non-zero only when the CLI does not behave that way.
import { spawnSync } from 'node:child_process';

const runs = [
  { dir: 'examples/broken', want: 1, title: 'A broken Lagrange.OneBot + NoneBot2 pair (Lagrange logs 403, NoneBot answers a bare 403):' },
  { dir: 'examples/fixed', want: 0, title: 'The same pair after the fixes:' },
  { dir: 'examples/napcat-nonebot', want: 1, title: "NapCat dialing NoneBot without the trailing slash, with the WebUI's random token:" },
  { dir: 'examples/gocqhttp-koishi', want: 1, title: "go-cqhttp dialing Koishi on NoneBot's path, logged in as another account:" },
];
let ok = true;
for (const r of runs) {
  process.stdout.write(`\n== ${r.title}\n$ onebot-doctor check ${r.dir}\n`);
  const p = spawnSync(process.execPath, ['dist/cli.js', 'check', r.dir, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.stdout.write(`(exit ${p.status})\n`);
  if (p.status !== r.want) ok = false;
}
process.exit(ok ? 0 : 1);
