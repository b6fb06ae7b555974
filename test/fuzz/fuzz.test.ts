import { it } from 'node:test';
import fc from 'fast-check';
import { dotenvProperty, hostileProperty, lagrangeProperty, limits, pipelineProperty } from './properties';

// The short run inside `npm test` (a fixed seed per run is printed on failure); `npm run fuzz` runs ≥ 100k inputs.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
// Other test files run at the same time: here the time bound only catches hangs (npm run fuzz checks 100 ms).
limits.maxMsPerInput = 2000;

it(`.env reader on ${RUNS} arbitrary inputs`, () => fc.assert(dotenvProperty(), { numRuns: RUNS }));
it(`appsettings.json reader on ${RUNS} mutated inputs`, () => fc.assert(lagrangeProperty(), { numRuns: RUNS }));
it(`whole pipeline on ${RUNS} arbitrary workspaces`, () => fc.assert(pipelineProperty(), { numRuns: RUNS }));
it(`a hostile file beside a linked pair, ${Math.ceil(RUNS / 60)} small workspaces`, { timeout: 300_000 }, () =>
  fc.assert(hostileProperty(300, 2000), { numRuns: Math.ceil(RUNS / 60) }),
);
