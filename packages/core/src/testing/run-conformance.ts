/**
 * Runs the whole conformance suite on one backend and prints a JSON report: per case pass/fail,
 * the number of checks, the largest absolute and relative errors, the time, and the first
 * failures. Exits with status 1 when a case fails. Built into a single file to run where the
 * project's node_modules are not (a GPU host, see shared/gpu/prepare.sh):
 *
 * ```sh
 * npx esbuild packages/core/src/testing/run-conformance.ts --bundle --platform=node --format=esm \
 *   --conditions=@pandaas/source --external:webgpu --outfile=conformance.mjs
 * node conformance.mjs webgpu            # or: bash .gpu/run.sh conformance.mjs webgpu
 * node conformance.mjs cpu '^reduce'     # a backend and a filter on case names
 * node conformance.mjs webgpu --out r.json   # the report into a file as well
 * ```
 *
 * The report is printed as the last line of stdout (Dawn prints its own diagnostics there too).
 *
 * @example
 * ```sh
 * npx tsx --conditions=@pandaas/source packages/core/src/testing/run-conformance.ts cpu
 * ```
 * @module
 */
import { writeFileSync } from 'node:fs';
import { initBackend, shutdownBackends } from '../backend-registry.js';
import { runConformance } from './conformance.js';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args.splice(outAt, 2)[1] : undefined;
const [backend = 'webgpu', pattern] = args;
const start = performance.now();
const instance = await initBackend(backend);
const initMs = performance.now() - start;
const cases = await runConformance(backend, pattern === undefined ? undefined : new RegExp(pattern));
const failed = cases.filter((c) => !c.passed).map((c) => c.name);
const report = {
  backend,
  node: process.version,
  // what the backend says it runs on (the WebGPU backend's adapter description), when it says
  device: (instance as { info?: unknown }).info,
  passed: failed.length === 0,
  failed,
  initMs: Math.round(initMs),
  totalMs: Math.round(performance.now() - start),
  cases,
};
const json = JSON.stringify(report, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
if (out !== undefined) writeFileSync(out, `${json}\n`);
console.log(`\n${json}`);
await shutdownBackends();
process.exitCode = failed.length === 0 ? 0 : 1;
