/**
 * `npm run fuzz`: the long property run (default 100k inputs in all, split over the readers and the pipeline).
 * Prints the inputs per second and the seed of each property; a failure prints the shrunk counterexample.
 * Then every reproduction of the robustness findings (test/fuzz/hostile.ts) at the size of its finding, with its time,
 * and the hostile-workspace property (a hostile file never removes a finding of the linked pair beside it).
 */
import fc from 'fast-check';
import { dotenvProperty, hostileProperty, lagrangeProperty, pipelineProperty } from '../test/fuzz/properties';
import { HOSTILE, runHostile } from '../test/fuzz/hostile';

const total = Number(process.argv[2] ?? process.env.FUZZ_RUNS ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const plan: [string, () => fc.IProperty<never>, number][] = [
  ['.env reader', dotenvProperty as never, 0.4],
  ['appsettings.json reader', lagrangeProperty as never, 0.3],
  ['whole pipeline', pipelineProperty as never, 0.3],
];
let failed = false;
let done = 0;
for (const [name, prop, share] of plan) {
  const runs = Math.round(total * share);
  const t0 = performance.now();
  const r = fc.check(prop(), { numRuns: runs, seed });
  const s = (performance.now() - t0) / 1000;
  done += r.numRuns;
  if (r.failed) {
    failed = true;
    process.stdout.write(`FAIL ${name} (seed ${seed}): ${fc.defaultReportMessage(r)}\n`);
  } else {
    process.stdout.write(`ok   ${name}: ${r.numRuns} inputs in ${s.toFixed(1)} s (${Math.round(r.numRuns / s)}/s), seed ${seed}\n`);
  }
}
for (const c of HOSTILE) {
  const t0 = performance.now();
  let missing: string[] = [];
  try {
    missing = runHostile(c, c.full).missing;
  } catch (e) {
    missing = [`threw ${e instanceof Error ? e.name : String(e)}`];
  }
  const s = (performance.now() - t0) / 1000;
  if (missing.length) failed = true;
  process.stdout.write(
    `${missing.length ? 'FAIL' : 'ok  '} ${c.name}, N = ${c.full}: ${s.toFixed(2)} s${missing.length ? `; lost ${missing.join(', ')}` : ''}\n`,
  );
}
{
  // Whole workspaces with large hostile files: the time bound per input is that of the hostile sizes.
  const runs = Math.max(20, Math.round(total / 2000));
  const t0 = performance.now();
  const r = fc.check(hostileProperty(), { numRuns: runs, seed });
  done += r.numRuns;
  if (r.failed) {
    failed = true;
    process.stdout.write(`FAIL hostile workspaces (seed ${seed}): ${fc.defaultReportMessage(r)}\n`);
  } else process.stdout.write(`ok   hostile workspaces: ${r.numRuns} in ${((performance.now() - t0) / 1000).toFixed(1)} s, seed ${seed}\n`);
}
process.stdout.write(`${done} inputs, ${failed ? 'FAILED' : 'all clean'}\n`);
process.exit(failed ? 1 : 0);
