/**
 * `linearFitMany`: PyMca's fast linear fit (FastXRFLinearFit) for a whole map — the non-linear
 * parameters fixed, every spectrum a linear combination of the same columns, one decomposition
 * for all, a SNIP background per spectrum.
 *
 * @module
 */
import { allocate, array, ArgumentError, NdArray, poolSize, registerPoolLoops, runOnPool, ShapeError, show, usePool } from '@pandaas/core';
import { snip1dMany } from '../../background/snip.js';
import { inverseSigma } from '../../leastsq/options.js';
import { decompose } from './decomposition.js';
import { linearRows } from './linear-rows.js';

/**
 * Options of {@link linearFitMany}.
 *
 * @example
 * ```ts
 * import type { LinearFitManyOptions } from '@pandaas/fit';
 * const options: LinearFitManyOptions = { snipWidth: 16, sigma: new Float64Array(2048).fill(3), scaleCovar: false };
 * ```
 */
export interface LinearFitManyOptions {
  /**
   * Subtract each spectrum's SNIP background (silx's snip1d, this clipping width in channels;
   * FitManager's default is 16) before the fit. Absent or 0: none — put background columns in
   * the design instead.
   */
  snipWidth?: number;
  /** Uncertainties per channel, shared by every spectrum (positive, finite): a weighted fit, still one decomposition. */
  sigma?: ArrayLike<number>;
  /** Scale the sigmas by √(chi2 / (m - k)) (default true, as fitMany and scipy curve_fit). */
  scaleCovar?: boolean;
}

/**
 * The results of {@link linearFitMany}: CPU-resident float64 NdArrays.
 *
 * @example
 * ```ts
 * import { array } from '@pandaas/core';
 * import { linearFitMany, type LinearFitManyResult } from '@pandaas/fit';
 * const design = Float64Array.of(1, 0, 1, 1, 1, 2, 1, 3); // [4, 2]: a constant and a slope
 * const r: LinearFitManyResult = await linearFitMany(design, array([[1, 3, 5, 7.1]]));
 * r.coefficients.get(0, 1); r.sigmas; r.chi2; r.background; // about 2.03, ..., undefined (no snipWidth)
 * ```
 */
export interface LinearFitManyResult {
  /** Each spectrum's coefficient of each design column, [n, k] (NaN for spectra holding non-finite values). */
  coefficients: NdArray<'float64'>;
  /** Their standard deviations, [n, k]: √diag((AᵀWA)⁻¹), scaled by √(chi2 / (m - k)) unless `scaleCovar` is false. */
  sigmas: NdArray<'float64'>;
  /** Σ w (y - background - A·c)² of each spectrum, [n]. */
  chi2: NdArray<'float64'>;
  /** The SNIP backgrounds subtracted, [n, m], when `snipWidth` asked for them. */
  background?: NdArray<'float64'>;
}

const LOOP = 'fit/batch:linearRows';
let registered = false;

function readDesign(design: unknown, m: number): { values: Float64Array; k: number } {
  let values: Float64Array;
  let k: number;
  if (design instanceof NdArray) {
    if (design.ndim !== 2 || design.shape[0] !== m) throw new ShapeError(`design must be an NdArray [${m}, k] (one row per channel); got [${design.shape.join(', ')}]`);
    k = design.shape[1];
    values = Float64Array.from(design.dataSync());
  } else if (design instanceof Float64Array) {
    k = design.length / m;
    if (!Number.isInteger(k) || k === 0) throw new ShapeError(`design must hold m × k values with m = ${m} channels; got ${design.length}`);
    values = design;
  } else {
    throw new ArgumentError(`design must be a 2-D NdArray [m, k] or a row-major Float64Array of m × k values; got ${show(design)}`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new ArgumentError(`design[${Math.floor(i / k)}, ${i % k}] must be a finite number; got ${show(values[i])}`);
  }
  if (m <= k) throw new ShapeError(`design has ${k} columns for ${m} channels: a linear fit needs more channels than columns`);
  return { values, k };
}

function readSigma(sigma: unknown, m: number): Float64Array | undefined {
  if (sigma === undefined) return undefined;
  if (!ArrayBuffer.isView(sigma) && !Array.isArray(sigma)) throw new ArgumentError(`options.sigma must be one uncertainty per channel; got ${show(sigma)}`);
  const values = sigma as ArrayLike<number>;
  if (values.length !== m) throw new ShapeError(`options.sigma must hold one uncertainty per channel (${m}); got ${values.length}`);
  const sw = allocate('float64', m, true);
  inverseSigma(values, sw, 0, (i) => `options.sigma[${i}]`);
  return sw;
}

/**
 * Fits every spectrum (row) of `ys` [n, m] as a linear combination of the k columns of `design`
 * [m, k] — PyMca's FastXRFLinearFit: the peak shapes fixed beforehand (from a fit of the sum
 * spectrum), one least-squares decomposition of the design for the whole batch (Householder QR;
 * numpy `lstsq`'s coefficients to rounding), optionally each spectrum's SNIP background
 * (`snipWidth`, silx's snip1d via `snip1dMany`) subtracted first. Spectra are split over core's
 * worker pool. A spectrum holding a value that is not finite gets NaN results.
 *
 * @example
 * ```ts
 * import { array } from '@pandaas/core';
 * import { linearFitMany } from '@pandaas/fit';
 * // the design: 3 peak shapes fixed beforehand, over 256 channels (row-major [256, 3])
 * const shape = (i: number, c: number) => Math.exp(-4 * Math.LN2 * ((i - c) / 6) ** 2);
 * const design = Float64Array.from({ length: 256 * 3 }, (_, q) => shape(Math.floor(q / 3), [60, 128, 200][q % 3]));
 * // 1000 spectra: the shapes with areas varying from spectrum to spectrum, on a flat background
 * const spectra = Float64Array.from({ length: 1000 * 256 }, (_, q) => {
 *   const s = Math.floor(q / 256), i = q % 256;
 *   return 5 + (100 + s) * shape(i, 60) + 50 * shape(i, 128) + (200 - s / 10) * shape(i, 200);
 * });
 * const { coefficients, sigmas, chi2 } = await linearFitMany(design, array(spectra, { shape: [1000, 256] }), { snipWidth: 16 });
 * coefficients.get(3, 0); // about 103: the first shape's amount in the fourth spectrum
 * ```
 */
export async function linearFitMany(design: NdArray | Float64Array, ys: NdArray, options: LinearFitManyOptions = {}): Promise<LinearFitManyResult> {
  if (!(ys instanceof NdArray)) throw new ArgumentError(`ys must be a 2-D NdArray [spectra, channels]; got ${show(ys)}`);
  if (ys.ndim !== 2) throw new ShapeError(`ys must be a 2-D NdArray [spectra, channels]; got shape [${ys.shape.join(', ')}]`);
  const [n, m] = ys.shape;
  const opts = options ?? {};
  const { values: a, k } = readDesign(design, m);
  const width = opts.snipWidth ?? 0;
  if (typeof width !== 'number' || !Number.isSafeInteger(width) || width < 0) throw new ArgumentError(`options.snipWidth must be an integer >= 0; got ${show(width)}`);
  const scaleCovar = opts.scaleCovar ?? true;
  if (typeof scaleCovar !== 'boolean') throw new ArgumentError(`options.scaleCovar must be a boolean; got ${show(scaleCovar)}`);
  const sw = readSigma(opts.sigma, m);
  const { solve, covariance } = decompose(a, m, k, sw);

  const data = allocate('float64', n * m, true);
  data.set(await ys.data());
  const bad = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < m; i++) {
      if (!Number.isFinite(data[s * m + i])) {
        bad[s] = 1;
        break;
      }
    }
  }
  let bg: Float64Array = new Float64Array(0);
  if (width > 0 && n > 0) {
    bg = allocate('float64', n * m, true);
    bg.set(data);
    for (let s = 0; s < n; s++) if (bad[s]) bg.fill(0, s * m, (s + 1) * m); // snip1dMany takes finite values only
    await snip1dMany(bg, n, width, { out: bg });
  }
  const coef = allocate('float64', n * k, true);
  const chi2 = allocate('float64', n, true);
  const g = allocate('float64', solve.length, true);
  g.set(solve);
  const shared = allocate('float64', a.length, true);
  shared.set(a);
  const weights = sw ?? new Float64Array(0);
  const parts = Math.min(n, poolSize());
  if (parts >= 2 && usePool(2 * n * m * k, [data, coef, chi2, g, shared, ...(bg.length > 0 ? [bg] : [])])) {
    if (!registered) {
      registerPoolLoops({ [LOOP]: linearRows });
      registered = true;
    }
    const step = Math.ceil(n / parts);
    const tasks = [];
    for (let first = 0; first < n; first += step) {
      tasks.push({ name: LOOP, fns: [], args: [first, Math.min(step, n - first), m, k, data, 0, bg, g, shared, weights, coef, chi2] });
    }
    await runOnPool(tasks);
  } else {
    linearRows(0, n, m, k, data, 0, bg, g, shared, weights, coef, chi2);
  }
  const sigmas = allocate('float64', n * k, true);
  for (let s = 0; s < n; s++) {
    const scale = scaleCovar ? chi2[s] / (m - k) : 1;
    for (let j = 0; j < k; j++) sigmas[s * k + j] = bad[s] ? NaN : Math.sqrt(covariance[j * k + j] * scale);
    if (bad[s]) {
      coef.fill(NaN, s * k, (s + 1) * k);
      chi2[s] = NaN;
      if (bg.length > 0) bg.fill(NaN, s * m, (s + 1) * m);
    }
  }
  return {
    coefficients: array(coef, { shape: [n, k], backend: 'cpu' }),
    sigmas: array(sigmas, { shape: [n, k], backend: 'cpu' }),
    chi2: array(chi2, { shape: [n], backend: 'cpu' }),
    ...(bg.length > 0 && { background: array(bg, { shape: [n, m], backend: 'cpu' }) }),
  };
}
