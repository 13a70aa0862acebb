/**
 * The pandaas side of the fit benchmark: one fit (`leastsq`, and `leastsqInto` in a reused
 * workspace), batches (`fitMany` on the CPU pool and on WebGPU) and SNIP (`snip1dMany`), timed
 * with core/timing.ts (a warm-up call apart, then the median and minimum of the runs).
 *
 * @example
 * ```ts
 * const r = await measureSingle(singleCurve(), 10);
 * ```
 * @module
 */
import { allocate, array, setPoolSize, type NdArray } from '@pandaas/core';
import { createLeastsqWorkspace, fitMany, leastsq, leastsqInto, snip1dMany } from '@pandaas/fit';
import { measure, type Timing } from '../core/timing.js';
import { MODEL, type Curves } from './inputs.js';

/** Fits per timed call of the single-fit case (one fit is well under a millisecond). */
const SINGLE_REPEATS = 20;

/** Timings of the single fit, and the parameters found. */
export interface SingleRun {
  timings: Record<string, Timing>;
  params: number[];
  status: string;
}

/** One fit of 2048 points, `SINGLE_REPEATS` times per timed call: leastsq, and leastsqInto reusing its workspace. */
export async function measureSingle(c: Curves, runs: number): Promise<SingleRun> {
  const y = c.ys.subarray(0, c.m), p0 = c.p0.subarray(0, 5);
  const first = leastsq(MODEL, c.x, y, p0);
  const ws = createLeastsqWorkspace(c.m, 5);
  const out = { params: new Float64Array(5), sigmas: new Float64Array(5) };
  const timings = {
    leastsq: await measure(async () => {
      for (let r = 0; r < SINGLE_REPEATS; r++) leastsq(MODEL, c.x, y, p0);
    }, { runs, unitsPerRun: SINGLE_REPEATS }),
    'leastsqInto (reused workspace)': await measure(async () => {
      for (let r = 0; r < SINGLE_REPEATS; r++) leastsqInto(ws, MODEL, c.x, y, p0, {}, out);
    }, { runs, unitsPerRun: SINGLE_REPEATS }),
  };
  return { timings, params: Array.from(first.params), status: first.status };
}

/** A batch run: its timing per call, fits per second, the parameters, and how many converged. */
export interface BatchRun {
  variant: string;
  fits: number;
  timing: Timing;
  fitsPerSecond: number;
  converged: number;
  params: Float64Array;
}

async function timeBatch(variant: string, fits: number, runs: number, call: () => ReturnType<typeof fitMany>): Promise<BatchRun> {
  let last = await call();
  const timing = await measure(async () => {
    last = await call();
  }, { runs });
  const status = last.status.dataSync();
  let converged = 0;
  for (const s of status) if (s === 0) converged++;
  return { variant, fits, timing, fitsPerSecond: fits / (timing.medianMs / 1000), converged, params: last.params.dataSync() };
}

/** `fitMany` on the CPU at pool size `threads` (curves and start values already NdArrays on the CPU). */
export async function measureBatchCpu(c: Curves, threads: number, runs: number): Promise<BatchRun> {
  setPoolSize(threads);
  const ys = array(c.ys, { shape: [c.n, c.m], backend: 'cpu' });
  const p0 = array(c.p0, { shape: [c.n, 5], backend: 'cpu' });
  return timeBatch(`cpu/pool-${threads}`, c.n, runs, () => fitMany(MODEL, c.x, ys, p0));
}

/** `c` repeated to `n` curves (a large GPU batch without generating a million Poisson curves). */
export function tiled(c: Curves, n: number): Curves {
  const ys = allocate('float64', n * c.m, true), p0 = new Float64Array(n * 5);
  for (let i = 0; i < n; i++) {
    const from = i % c.n;
    ys.set(c.ys.subarray(from * c.m, (from + 1) * c.m), i * c.m);
    p0.set(c.p0.subarray(from * 5, (from + 1) * 5), i * 5);
  }
  return { n, m: c.m, x: c.x, ys, p0 };
}

/**
 * `fitMany` on WebGPU: `resident` (the curves already a float32 NdArray on the GPU: what a
 * pipeline that keeps its data there sees), and `from-host` (float64 curves in JS memory,
 * converted and uploaded by each call).
 */
export async function measureBatchGpu(c: Curves, runs: number): Promise<BatchRun[]> {
  const p0: NdArray = array(c.p0, { shape: [c.n, 5], backend: 'cpu' });
  const resident = array(Float32Array.from(c.ys), { shape: [c.n, c.m], backend: 'webgpu' });
  const host = array(c.ys, { shape: [c.n, c.m], backend: 'cpu' });
  try {
    return [
      await timeBatch('webgpu/resident', c.n, runs, () => fitMany(MODEL, c.x, resident, p0, { backend: 'webgpu' })),
      await timeBatch('webgpu/from-host', c.n, runs, () => fitMany(MODEL, c.x, host, p0, { backend: 'webgpu' })),
    ];
  } finally {
    resident.dispose();
  }
}

/** A SNIP run: timing per call of `n` spectra, spectra per second, and the sum of the backgrounds. */
export interface SnipRun {
  variant: string;
  timing: Timing;
  spectraPerSecond: number;
  checksum: number;
  first: Float64Array;
}

/** `snip1dMany` over `n` spectra of `m` channels at pool size `threads`. */
export async function measureSnip(spectra: Float64Array, n: number, m: number, width: number, threads: number, runs: number): Promise<SnipRun> {
  setPoolSize(threads);
  const rows = allocate('float64', spectra.length, true);
  rows.set(spectra);
  const out = allocate('float64', spectra.length, true);
  const timing = await measure(async () => {
    await snip1dMany(rows, n, width, { out });
  }, { runs });
  let checksum = 0;
  for (const v of out) checksum += v;
  return { variant: `cpu/pool-${threads}`, timing, spectraPerSecond: n / (timing.medianMs / 1000), checksum, first: out.slice(0, m) };
}
