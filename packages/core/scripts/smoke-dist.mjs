// Checks that the bundled package (dist/, built with `pnpm --filter @pandaas/core run build`)
// runs kernels on the CPU worker pool: the pool's workers are built from the loops' own source
// text, which must survive bundling. Exits non-zero on any mismatch.
//
//   node packages/core/scripts/smoke-dist.mjs
import assert from 'node:assert/strict';
import workerThreads from 'node:worker_threads';
import { add, array, csrSpmv, fft, setPoolSize, shutdownBackends, sum } from '../dist/index.js';

// Count the worker threads that answer the pool, by wrapping the Worker class it constructs.
const threadsSeen = new Set();
const { Worker } = workerThreads;
workerThreads.Worker = class extends Worker {
  constructor(...args) {
    super(...args);
    this.on('message', (reply) => threadsSeen.add(reply.worker));
  }
};

setPoolSize(2);
const n = 200_000;
const shared = (Ctor, length) => new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));

const a = array(shared(Float32Array, n).map((_, i) => i % 1000));
const b = array(shared(Float32Array, n).map((_, i) => (i % 7) - 3));
const c = (await add(a, b)).dataSync();
for (const i of [0, 1, 99_999, 100_000, n - 1]) assert.equal(c[i], (i % 1000) + ((i % 7) - 3), `add at ${i}`);

const total = (await sum(a)).dataSync()[0];
assert.equal(total, 200 * 499_500, 'sum');

const rows = 100;
const indptr = array(shared(Int32Array, rows + 1).map((_, r) => r * 1000), { dtype: 'int32' });
const indices = array(shared(Int32Array, rows * 1000).map((_, j) => j % n), { dtype: 'int32' });
const weights = array(shared(Float32Array, rows * 1000).fill(0.5));
const y = (await csrSpmv({ indptr, indices, weights }, a)).dataSync();
assert.equal(y[0], 0.5 * 499_500, 'csrSpmv row 0');

const batch = array(shared(Float64Array, 512 * 256).map((_, i) => (i % 256 === 0 ? 1 : 0)), { shape: [512, 256] });
const spectrum = await fft(batch);
assert.ok(spectrum.re.dataSync().every((v) => v === 1), 'fft of impulses');

assert.ok(threadsSeen.size >= 2, `the pool should run on 2 workers; ${threadsSeen.size} answered`);
await shutdownBackends();
console.log('dist smoke: add, sum, csrSpmv and fft ran on the pool and gave the expected values');
