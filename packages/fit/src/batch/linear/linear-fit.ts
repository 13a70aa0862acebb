/**
 * `linearFitMany`: PyMca's fast linear fit (FastXRFLinearFit) for a whole map — the non-linear
 * parameters fixed, every spectrum a linear combination of the same columns, one decomposition
 * for all, a SNIP background per spectrum.
 *
 * @module
 */
import { allocate, array, ArgumentError, NdArray, poolSize, registerPoolLoops, runOnPool, ShapeError, show, usePool } from '@pandaas/core';
import { snip1dMany } from '../../background/snip.js';
import { decompose } from './decomposition.js';
import { linearRows } from './linear-rows.js';

/** Options of {@link linearFitMany}. */
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

/** The results of {@link linearFitMany}: CPU-resident float64 NdArrays. */
export interface LinearFitManyResult {
  /** [n, k]: each spectrum's coefficient of each design column (NaN for spectra holding non-finite values). */
  coefficients: NdArray<'float64'>;
  /** [n, k]: their standard deviations, √diag((AᵀWA)⁻¹), scaled by √(chi2 / (m - k)) unless `scaleCovar` is false. */
  sigmas: NdArray<'float64'>;
  /** [n]: Σ w (y - background - A·c)². */
  chi2: NdArray<'float64'>;
  /** [n, m]: the SNIP backgrounds subtracted, when `snipWidth` asked for them. */
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
  for (let i = 0; i < m; i++) {
    if (!(values[i] > 0) || !Number.isFinite(values[i])) throw new ArgumentError(`options.sigma[${i}] must be a positive finite number; got ${show(values[i])}`);
    sw[i] = 1 / values[i];
  }
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
 * import { linearFitMany } from '@pandaas/fit';
 * // design: 2048 channels x 30 peak shapes; spectra: 10 000 x 2048
 * const { coefficients, sigmas, chi2 } = await linearFitMany(design, spectra, { snipWidth: 16 });
 * coefficients.get(0, 3); // the fourth column's area in the first spectrum
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
