/**
 * `npm run fuzz`: the long property run (default 100k inputs in all, split over the readers and the pipeline).
 * Prints the inputs per second and the seed of each property; a failure prints the shrunk counterexample.
 */
import fc from 'fast-check';
import { dotenvProperty, lagrangeProperty, pipelineProperty } from '../test/fuzz/properties';

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
process.stdout.write(`${done} inputs, ${failed ? 'FAILED' : 'all clean'}\n`);
process.exit(failed ? 1 : 0);
