import { array, availableBackends, isPandaasError, shutdownBackends, type DType, type NdArray, type TypedArray } from '@pandaas/core';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import type { Csr } from '../../splitting/types.js';
import { createCpuEngine } from '../cpu-engine.js';
import type { Accumulators, Corrections, ErrorModel } from '../engine.js';
import { createWebGpuEngine } from './engine.js';

// .ci/run and the Linux CI leg set PANDAAS_REQUIRE_WEBGPU=1 (llvmpipe): there every test below
// must run on WebGPU, and a missing adapter fails them. Elsewhere, without an adapter, each test
// checks instead that the engine refuses with a BackendError.
const required = process.env.PANDAAS_REQUIRE_WEBGPU === '1';
const gpuHere = required || (await availableBackends()).includes('webgpu');

afterAll(shutdownBackends);

async function expectNoGpu(): Promise<void> {
  const failure = await createWebGpuEngine(radialCsr(2, 2, 1, 0, 0), uniform(4, 'none')).catch((err: unknown) => err);
  expect(isPandaasError(failure, 'E_BACKEND')).toBe(true);
}

/** A deterministic generator of floats in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A radial binning of a rows x cols detector around (cy, cx), one bin per pixel distance unit,
 * each pixel split between its two nearest bins in proportion (a bounding-box-like splitting:
 * about two stored elements per pixel), rows sorted by pixel.
 */
function radialCsr(rows: number, cols: number, bins: number, cy: number, cx: number, width = 1): Csr {
  const pixels = rows * cols;
  const first = new Int32Array(pixels);
  const share = new Float32Array(pixels);
  const counts = new Int32Array(bins + 1);
  for (let i = 0; i < pixels; i++) {
    const t = Math.hypot(Math.floor(i / cols) + 0.5 - cy, (i % cols) + 0.5 - cx) / width;
    const b = Math.floor(t);
    first[i] = b;
    share[i] = t - b;
    if (b < bins) counts[b + 1]++;
    if (b + 1 < bins) counts[b + 2]++;
  }
  for (let b = 0; b < bins; b++) counts[b + 1] += counts[b];
  const indptr = counts.slice();
  const fill = counts.slice(0, bins);
  const indices = new Int32Array(indptr[bins]);
  const weights = new Float32Array(indptr[bins]);
  for (let i = 0; i < pixels; i++) {
    const b = first[i];
    if (b < bins) {
      indices[fill[b]] = i;
      weights[fill[b]++] = 1 - share[i];
    }
    if (b + 1 < bins) {
      indices[fill[b + 1]] = i;
      weights[fill[b + 1]++] = share[i];
    }
  }
  return { rows: bins, cols: pixels, indptr, indices, weights };
}

function uniform(pixels: number, errorModel: ErrorModel): Corrections {
  return { norm: new Float32Array(pixels).fill(1), invalid: new Uint8Array(pixels), errorModel };
}

/** Corrections with a varying norm, a masked stripe, and optionally dark, variance and dummy. */
function corrections(pixels: number, cols: number, errorModel: ErrorModel, extra: { dark?: boolean; dummy?: boolean } = {}): Corrections {
  const random = seeded(7);
  const norm = new Float32Array(pixels);
  const invalid = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    norm[i] = 0.6 + 0.4 * random();
    if (i % cols === 17) invalid[i] = 1; // a dead column
  }
  const c: { -readonly [K in keyof Corrections]: Corrections[K] } = { norm, invalid, errorModel };
  if (extra.dark) c.dark = Float32Array.from({ length: pixels }, () => 3 * random());
  if (errorModel === 'variance') c.variance = Float32Array.from({ length: pixels }, () => 1 + 50 * random());
  if (extra.dummy) {
    c.dummy = -2;
    c.deltaDummy = 1.5;
  }
  return c;
}

/** A frame of counts around a ring, with gap values (-1, -2) when `dummies`, and NaN/Inf when `nonFinite`. */
function counts(pixels: number, seed: number, options: { dummies?: boolean; nonFinite?: boolean; max?: number } = {}): Float64Array {
  const random = seeded(seed);
  const max = options.max ?? 1000;
  const out = new Float64Array(pixels);
  for (let i = 0; i < pixels; i++) {
    out[i] = Math.floor(max * random() * random());
    if (options.dummies && i % 53 === 5) out[i] = -1 - (i % 2);
    if (options.nonFinite && i % 97 === 3) out[i] = i % 2 === 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  }
  return out;
}

/** pyFAI's preprocessing and accumulation over the matrix, in float64, written apart from both engines. */
function reference(csr: Csr, c: Corrections, raw: ArrayLike<number>): Accumulators {
  const bins = csr.rows;
  const sums = { signal: new Float64Array(bins), variance: new Float64Array(bins), normalization: new Float64Array(bins), normalization2: new Float64Array(bins), count: new Float64Array(bins) };
  const valid = (p: number, w: number) => {
    const x = raw[p];
    if (c.invalid[p] !== 0 || c.norm[p] === 0 || w === 0 || !Number.isFinite(x)) return false;
    return c.dummy === undefined || Math.abs(x - c.dummy) > (c.deltaDummy ?? 0);
  };
  for (let b = 0; b < bins; b++) {
    for (let j = csr.indptr[b]; j < csr.indptr[b + 1]; j++) {
      const p = csr.indices[j];
      const w = csr.weights[j];
      if (!valid(p, w)) continue;
      const x = raw[p];
      const s = x - (c.dark?.[p] ?? 0);
      const v = c.errorModel === 'poisson' ? Math.max(x, 1) : c.errorModel === 'variance' ? c.variance![p] : 0;
      sums.signal[b] += w * s;
      sums.variance[b] += w * w * v;
      sums.normalization[b] += w * c.norm[p];
      sums.normalization2[b] += (w * c.norm[p]) ** 2;
      sums.count[b] += w;
    }
    if (c.errorModel === 'azimuthal') {
      const mean = sums.signal[b] / sums.normalization[b];
      sums.variance[b] = 0;
      for (let j = csr.indptr[b]; j < csr.indptr[b + 1]; j++) {
        const p = csr.indices[j];
        const w = csr.weights[j];
        if (!valid(p, w)) continue;
        const s = raw[p] - (c.dark?.[p] ?? 0);
        sums.variance[b] += w * c.norm[p] * (s / c.norm[p] - mean) ** 2;
      }
    }
  }
  return sums;
}

const CHANNELS = ['signal', 'variance', 'normalization', 'normalization2', 'count'] as const;

/**
 * Asserts every accumulator within `rtol` relative of `expected` on the bins with at least
 * `minCount` pixels (and that there are such bins); returns the largest relative difference.
 */
function expectClose(actual: Accumulators, expected: Accumulators, rtol: number, minCount = 100): number {
  let worst = 0;
  let checked = 0;
  for (let b = 0; b < expected.count.length; b++) {
    if (expected.count[b] < minCount) continue;
    checked++;
    for (const name of CHANNELS) {
      const a = actual[name][b];
      const e = expected[name][b];
      const difference = Math.abs(a - e) / Math.abs(e);
      if (!(difference <= rtol) && !(a === 0 && e === 0)) expect.fail(`${name}[${b}]: got ${a}, expected ${e} (relative ${difference}, tolerance ${rtol})`);
      if (e !== 0) worst = Math.max(worst, difference);
    }
  }
  expect(checked).toBeGreaterThan(0);
  return worst;
}

function frameOf(values: ArrayLike<number>, dtype: DType, shape: number[], backend: 'cpu' | 'webgpu' = 'cpu'): NdArray {
  return array(values as TypedArray, { dtype, shape, backend });
}

// 63 x 81 = 5103 pixels (odd: the packed 8- and 16-bit uploads end inside a word), 30 bins
const ROWS = 63;
const COLS = 81;
const PIXELS = ROWS * COLS;
const small = radialCsr(ROWS, COLS, 30, 20.3, 30.7, 2);

describe('createWebGpuEngine against float64 sums and the CPU engine (small detector)', () => {
  // the tolerance the engine promises: 1e-5 relative on bins of >= 100 pixels (compensated float32)
  const RTOL = 1e-5;
  for (const errorModel of ['none', 'variance', 'poisson', 'azimuthal'] as const) {
    it(`error model ${errorModel}, with dark, dummy, NaN/Inf and masked pixels`, async () => {
      if (!gpuHere) return expectNoGpu();
      const c = corrections(PIXELS, COLS, errorModel, { dark: true, dummy: true });
      const values = counts(PIXELS, 11, { dummies: true, nonFinite: true });
      const frame = frameOf(values, 'float32', [ROWS, COLS]);
      const gpu = await createWebGpuEngine(small, c);
      const cpu = createCpuEngine(small, c);
      try {
        const got = await gpu.run(frame);
        const f32 = Float32Array.from(values);
        expectClose(got, reference(small, c, f32), RTOL);
        expectClose(got, await cpu.run(frame), RTOL);
        if (errorModel === 'none') expect(got.variance.every((v) => v === 0)).toBe(true);
      } finally {
        gpu.dispose();
        cpu.dispose();
      }
    });
  }

  it('reads every dtype as raw counts, converted on the GPU, to the same sums as float32', async () => {
    if (!gpuHere) return expectNoGpu();
    const c = corrections(PIXELS, COLS, 'poisson');
    const values = counts(PIXELS, 5, { max: 120 }); // fits every dtype, int8 included
    const engine = await createWebGpuEngine(small, c);
    try {
      const base = await engine.run(frameOf(values, 'float32', [ROWS, COLS]));
      expectClose(base, reference(small, c, values), RTOL);
      for (const dtype of ['float64', 'int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8'] as const) {
        const got = await engine.run(frameOf(values, dtype, [ROWS, COLS]));
        for (const name of CHANNELS) expect(Array.from(got[name]), `${dtype} ${name}`).toEqual(Array.from(base[name]));
      }
      // negative values through the sign extension of the packed signed types
      const negative = values.map((v, i) => (i % 3 === 0 ? -v : v));
      const expected = await engine.run(frameOf(negative, 'float32', [ROWS, COLS]));
      for (const dtype of ['int16', 'int8'] as const) {
        const got = await engine.run(frameOf(negative, dtype, [ROWS, COLS]));
        expect(Array.from(got.signal), dtype).toEqual(Array.from(expected.signal));
      }
    } finally {
      engine.dispose();
    }
  });

  it('reads a frame already on the GPU in place, a view into a stack included', async () => {
    if (!gpuHere) return expectNoGpu();
    const c = corrections(PIXELS, COLS, 'azimuthal', { dummy: true });
    const first = counts(PIXELS, 1, { dummies: true, max: 30000 });
    const second = counts(PIXELS, 2, { dummies: true, max: 30000 });
    const stack = new Float64Array(2 * PIXELS);
    stack.set(first);
    stack.set(second, PIXELS);
    const resident = frameOf(stack, 'int16', [2, ROWS, COLS], 'webgpu');
    const engine = await createWebGpuEngine(small, c);
    try {
      const view = resident.slice(1); // offset PIXELS into the storage
      expect(view.offset).toBe(PIXELS);
      const got = await engine.run(view);
      const onCpu = await engine.run(frameOf(second, 'int16', [ROWS, COLS]));
      for (const name of CHANNELS) expect(Array.from(got[name]), name).toEqual(Array.from(onCpu[name]));
      expectClose(got, reference(small, c, second), RTOL);
    } finally {
      engine.dispose();
      resident.dispose();
    }
  });

  it('keeps frames in order with several in flight, the frame memory free once submitted', async () => {
    if (!gpuHere) return expectNoGpu();
    const c = corrections(PIXELS, COLS, 'variance', { dark: true });
    const engine = await createWebGpuEngine(small, c);
    try {
      const reused = new Uint16Array(PIXELS);
      const frame = frameOf(reused, 'uint16', [ROWS, COLS]);
      const expected: Accumulators[] = [];
      const pending: Promise<Accumulators>[] = [];
      for (let k = 0; k < 5; k++) {
        const values = counts(PIXELS, 100 + k);
        frame.dataSync().set(values); // one frame buffer, overwritten once submitted
        expected.push(reference(small, c, values));
        pending.push((await engine.submit(frame)).result);
      }
      const results = await Promise.all(pending);
      results.forEach((got, k) => expectClose(got, expected[k], RTOL));
    } finally {
      engine.dispose();
    }
  });

  it('integrates 2D-sized matrices of 100 000 bins (a dispatch grid folded past 65 535 workgroups)', async () => {
    if (!gpuHere) return expectNoGpu();
    const rows = 300;
    const cols = 400;
    const pixels = rows * cols;
    const bins = 100_000;
    // bin b gathers pixels b and b + bins (when it exists), like a fine 2D map of few pixels a bin
    const indptr = new Int32Array(bins + 1);
    const indices: number[] = [];
    for (let b = 0; b < bins; b++) {
      indices.push(b);
      if (b + bins < pixels) indices.push(b + bins);
      indptr[b + 1] = indices.length;
    }
    const csr: Csr = { rows: bins, cols: pixels, indptr, indices: Int32Array.from(indices), weights: new Float32Array(indices.length).fill(0.5) };
    const c = corrections(pixels, cols, 'poisson');
    const values = counts(pixels, 9);
    const engine = await createWebGpuEngine(csr, c);
    try {
      const got = await engine.run(frameOf(values, 'float32', [rows, cols]));
      // bins of one or two pixels: every bin checked, to the same 1e-5
      expectClose(got, reference(csr, c, Float32Array.from(values)), RTOL, 0.5);
      expect(got.count[bins - 1]).toBe(0.5); // the last workgroups, past the fold, ran too
    } finally {
      engine.dispose();
    }
  });

  it('refuses bad matrices, corrections and frames with typed errors naming them', async () => {
    if (!gpuHere) return expectNoGpu();
    const c = uniform(PIXELS, 'poisson');
    const outside = { ...small, indices: small.indices.map((p, j) => (j === 7 ? PIXELS : p)) };
    await expect(createWebGpuEngine(outside, c)).rejects.toThrow(/csr\.indices\[7\] must be a pixel index in \[0, 5103\); got 5103/);
    const decreasing = { ...small, indptr: small.indptr.map((v, r) => (r === 3 ? small.indptr[5] : v)) };
    await expect(createWebGpuEngine(decreasing, c)).rejects.toThrow(/csr\.indptr must not decrease/);
    await expect(createWebGpuEngine(small, uniform(PIXELS - 1, 'poisson'))).rejects.toThrow(/csr\.cols must be the number of pixels of the corrections \(5102\); got 5103/);
    await expect(createWebGpuEngine(small, { ...c, errorModel: 'variance' })).rejects.toThrow(/variance is needed/);
    const engine = await createWebGpuEngine(small, c);
    await expect(engine.run(frameOf(new Float32Array(PIXELS - COLS), 'float32', [ROWS - 1, COLS]))).rejects.toThrow(/frame must hold 5103 pixels; got shape \[62, 81\]/);
    await expect(engine.run(frameOf(new Uint8Array(PIXELS), 'bool', [ROWS, COLS]))).rejects.toMatchObject({ code: 'E_DTYPE' });
    engine.dispose();
    await expect(engine.run(frameOf(new Float32Array(PIXELS), 'float32', [ROWS, COLS]))).rejects.toMatchObject({ code: 'E_DISPOSED' });
  });
});

describe('createWebGpuEngine at full Eiger 4M size (2167 x 2070, 1000 bins)', () => {
  it('matches float64 sums and the CPU engine to 1e-5 on uint32 frames, surviving forced garbage collections', async () => {
    if (!gpuHere) return expectNoGpu();
    const rows = 2167;
    const cols = 2070;
    const pixels = rows * cols;
    const csr = radialCsr(rows, cols, 1000, 1100.5, 1000.25, 1.5);
    expect(csr.indices.length).toBeGreaterThan(1.9 * pixels); // split: about two elements a pixel
    // Eiger-like: module gaps masked, gap pixels at -1 in the frames (dummy -2, deltaDummy 1.5)
    const c = corrections(pixels, cols, 'poisson', { dummy: true });
    for (let i = 0; i < pixels; i++) if (Math.floor(i / cols) % 551 >= 514) c.invalid[i] = 1;
    const engine = await createWebGpuEngine(csr, c);
    const cpu = createCpuEngine(csr, c);
    try {
      // the Dawn crash: ~100 MB of typed arrays prepared, then forced collections, before the
      // first queue operation; the engine holds the backend, which keeps Dawn's GPU object alive
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const values = counts(pixels, 3, { dummies: true, max: 5000 });
      const raw = Uint32Array.from(values, (v) => (v < 0 ? 2 ** 32 + v : v)); // -1 as 4294967295, as Dectris stores it
      const signed = Int32Array.from(values);
      for (let k = 0; k < 3; k++) gc();
      const frame = frameOf(signed, 'int32', [rows, cols]);
      const got = await engine.run(frame);
      const worstReference = expectClose(got, reference(csr, c, values), 1e-5);
      const worstCpu = expectClose(got, await cpu.run(frame), 1e-5);
      // uint32 counts: the -1 gap value reads as 4294967295, not a dummy: only masked pixels excluded
      const unsigned = await engine.run(frameOf(raw, 'uint32', [rows, cols]));
      expectClose(unsigned, reference(csr, c, raw), 1e-5);
      const times: number[] = [];
      for (let k = 0; k < 3; k++) {
        const start = performance.now();
        await engine.run(frame);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      console.info(`WebGPU engine, Eiger 4M int32 frame, 1000 bins, ${csr.indices.length} elements, ${engine.describe()}: ${times[1].toFixed(1)} ms/frame (median of 3); worst relative difference ${worstReference.toExponential(2)} vs float64, ${worstCpu.toExponential(2)} vs the CPU engine`);
    } finally {
      engine.dispose();
      cpu.dispose();
    }
  }, 240_000);
});
