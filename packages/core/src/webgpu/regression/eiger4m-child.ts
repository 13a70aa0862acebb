/**
 * Child process of `eiger4m.test.ts`: the Dawn garbage-collection crash, provoked on purpose at
 * full Eiger 4M size (2167 x 2070). Run with `node --expose-gc --import tsx eiger4m-child.ts`, or
 * bundled for a GPU host (`esbuild --bundle --platform=node --format=esm --external:webgpu`).
 *
 * Only the backend registry keeps the backend: this script holds no GPU object of its own, so
 * without the backend's strong references to the `GPU` instance and the adapter the forced
 * collections below would destroy the native instance and abort the process at the first queue
 * operation. It prints one JSON line and exits by itself (the device destroyed by shutdown).
 * @module
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { initBackend, shutdownBackends } from '../../backend-registry.js';
import { array } from '../../create.js';
import { reduce } from '../../ops/reduce.js';
import { csrSpmv } from '../../ops/sparse.js';

const ROWS = 2167;
const COLUMNS = 2070;
const PIXELS = ROWS * COLUMNS;
const BINS = 1000;

// `node --expose-gc` gives gc(); a bundle run without that flag (a GPU host) gets it from V8
if ((globalThis as { gc?: () => void }).gc === undefined) setFlagsFromString('--expose-gc');
const gc = (globalThis as { gc?: () => void }).gc ?? (runInNewContext('gc') as () => void);

async function collect(): Promise<void> {
  for (let k = 0; k < 4; k++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

await initBackend('webgpu');
await collect();

// ~54 MB of typed-array preparation, as in shared/gpu/dawn-crash-repro.mjs: radii, a CSR
// matrix binning pixels by radius (counting sort), and the frame
const radius = new Int32Array(PIXELS);
const frame = new Float32Array(PIXELS);
let largest = 0;
for (let i = 0; i < PIXELS; i++) {
  radius[i] = Math.floor(Math.hypot(Math.floor(i / COLUMNS) - 1200, (i % COLUMNS) - 1000));
  largest = Math.max(largest, radius[i]);
  frame[i] = (((i * 2654435761) >>> 0) % 1000) / 10;
}
const indptr = new Int32Array(BINS + 1);
const bin = (i: number) => Math.floor((radius[i] * BINS) / (largest + 1));
for (let i = 0; i < PIXELS; i++) indptr[bin(i) + 1]++;
for (let b = 0; b < BINS; b++) indptr[b + 1] += indptr[b];
const fill = indptr.slice(0, BINS);
const indices = new Uint32Array(PIXELS);
const weights = new Float32Array(PIXELS);
for (let i = 0; i < PIXELS; i++) {
  const j = fill[bin(i)]++;
  indices[j] = i;
  weights[j] = 1 / (1 + (i % 7));
}
await collect();

const gpuFrame = array(frame, { shape: [ROWS, COLUMNS], backend: 'webgpu' });
const matrix = {
  indptr: array(indptr, { backend: 'webgpu' }),
  indices: array(indices, { backend: 'webgpu' }),
  weights: array(weights, { backend: 'webgpu' }),
};
await collect();
const total = (await (await reduce('sum', gpuFrame)).data())[0];
const binned = await (await csrSpmv(matrix, gpuFrame.reshape([PIXELS]))).data();

let exact = 0;
for (let i = 0; i < PIXELS; i++) exact += frame[i];
let binError = 0;
for (let b = 0; b < BINS; b++) {
  let sum = 0;
  for (let j = indptr[b]; j < indptr[b + 1]; j++) sum += weights[j] * frame[indices[j]];
  binError = Math.max(binError, Math.abs(binned[b] - sum) / Math.max(Math.abs(sum), 1e-30));
}
// warm timings (pipelines compiled), each including its readback: a figure to compare across devices
const timed = async (run: () => Promise<unknown>) => {
  const start = performance.now();
  await run();
  return Math.round((performance.now() - start) * 100) / 100;
};
const sumMs = await timed(async () => (await reduce('sum', gpuFrame)).data());
const csrMs = await timed(async () => (await csrSpmv(matrix, gpuFrame.reshape([PIXELS]))).data());
console.log(JSON.stringify({ pixels: PIXELS, bins: binned.length, total, exact, totalError: Math.abs(total - exact) / exact, binError, sumMs, csrMs }));
await shutdownBackends();
