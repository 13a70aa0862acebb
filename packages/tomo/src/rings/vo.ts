import { ArgumentError, show, type NdArray } from '@pandaas/core';
import { checkNumber, checkOptions } from '../sinogram/arrays.js';
import { detectStripes, dilate } from './detect-stripes.js';
import { dftLines } from './dft.js';
import { medianAlongRows } from './loops.js';
import { perSinogram } from './per-sinogram.js';
import { medianAlongDetector, sortByColumn, unsort } from './sorting.js';

/** Options of {@link removeStripesSorting}. */
export interface SortingOptions {
  /** Median window along the detector, in pixels (default 21). */
  readonly size?: number;
}

/** Options of {@link removeStripesFiltering}. */
export interface FilteringOptions {
  /** σ of the Gaussian low-pass along the angles, in Fourier samples (default 3). */
  readonly sigma?: number;
  /** Median window of the sorting step (default 21). */
  readonly size?: number;
}

/** Options of {@link removeLargeStripes}. */
export interface LargeStripeOptions {
  /** Detection threshold: how far (in noise spans) a stripe stands out (default 3). */
  readonly snr?: number;
  /** Median window along the detector (default 51). */
  readonly size?: number;
  /** Fraction of the sorted values (half at each end) left out of the column means (default 0.1, at most 0.8). */
  readonly dropRatio?: number;
  /** Divide every column by its stripe factor first (default true). */
  readonly norm?: boolean;
}

/** Options of {@link removeDeadStripes}. */
export interface DeadStripeOptions {
  /** Detection threshold (default 3). */
  readonly snr?: number;
  /** Median window of the detection (default 51). */
  readonly size?: number;
  /** Then remove the residual large stripes ({@link removeLargeStripes}) (default true). */
  readonly residual?: boolean;
}

/** Options of {@link removeStripesVo} (defaults: tomopy's `remove_all_stripe`). */
export interface VoOptions {
  /** Detection threshold of the dead and large stripes (default 3). */
  readonly snr?: number;
  /** Window of the dead- and large-stripe steps (default 61). */
  readonly laSize?: number;
  /** Window of the final sorting step (default 21). */
  readonly smSize?: number;
}

const windowSize = (value: unknown, name: string, fallback: number) =>
  value === undefined ? fallback : checkNumber(value, name, { min: 1, max: 1 << 20, integer: true });
const snrOf = (value: unknown) => (value === undefined ? 3 : checkNumber(value, 'options.snr', { min: 0, exclusiveMin: true }));
const flag = (value: unknown, name: string, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ArgumentError(`${name} must be a boolean; got ${show(value)}`);
  return value;
};

/** Algorithm 3 on one sinogram. */
async function sortingOne(sino: Float64Array, nA: number, nD: number, size: number): Promise<Float64Array> {
  const { order, sorted } = await sortByColumn(sino, nA, nD);
  return unsort(order, await medianAlongDetector(sorted, nA, nD, size), nA, nD);
}

/** numpy.pad's `'reflect'` index (the edge sample not repeated). */
function reflectWhole(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let t = i % period;
  if (t < 0) t += period;
  return t < n ? t : period - t;
}

/** scipy.ndimage's `'reflect'` index (half-sample symmetric: the edge sample repeated). */
function reflectHalf(i: number, n: number): number {
  const period = 2 * n;
  let t = i % period;
  if (t < 0) t += period;
  return t < n ? t : period - 1 - t;
}

/** Algorithm 2 on one sinogram. */
async function filteringOne(sino: Float64Array, nA: number, nD: number, sigma: number, size: number): Promise<Float64Array> {
  const pad = Math.min(150, Math.floor(0.1 * nA));
  const len = nA + 2 * pad;
  const re = new Float64Array(nD * len);
  const im = new Float64Array(nD * len);
  for (let c = 0; c < nD; c++) {
    for (let k = 0; k < len; k++) re[c * len + k] = (k % 2 === 0 ? 1 : -1) * sino[reflectWhole(k - pad, nA) * nD + c];
  }
  await dftLines(re, im, nD, len, false);
  const centre = (len - 1) / 2;
  for (let k = 0; k < len; k++) {
    const w = Math.exp(-0.5 * ((k - centre) / sigma) ** 2);
    for (let c = 0; c < nD; c++) {
      re[c * len + k] *= w;
      im[c * len + k] *= w;
    }
  }
  await dftLines(re, im, nD, len, true);
  const smooth = new Float64Array(nA * nD);
  for (let c = 0; c < nD; c++) {
    for (let r = 0; r < nA; r++) smooth[r * nD + c] = ((r + pad) % 2 === 0 ? 1 : -1) * re[c * len + r + pad];
  }
  const corrected = await sortingOne(smooth, nA, nD, size);
  for (let e = 0; e < nA * nD; e++) corrected[e] += sino[e] - smooth[e];
  return corrected;
}

/** Algorithm 5 on one sinogram (modifies and returns `sino`). */
async function largeOne(sino: Float64Array, nA: number, nD: number, snr: number, size: number, dropRatio: number, norm: boolean): Promise<Float64Array> {
  const drop = Math.floor(0.5 * dropRatio * nA);
  const { sorted } = await sortByColumn(sino, nA, nD);
  const smooth = await medianAlongDetector(sorted, nA, nD, size);
  const fact = new Float64Array(nD);
  for (let c = 0; c < nD; c++) {
    let s1 = 0;
    let s2 = 0;
    for (let r = drop; r < nA - drop; r++) {
      s1 += sorted[r * nD + c];
      s2 += smooth[r * nD + c];
    }
    fact[c] = s2 !== 0 ? s1 / s2 : 1;
  }
  const mask = dilate(detectStripes(fact, snr));
  if (norm) {
    for (let r = 0; r < nA; r++) for (let c = 0; c < nD; c++) if (fact[c] !== 0) sino[r * nD + c] /= fact[c];
  }
  // the stripe columns take the median-filtered values of their own ranks (ranks of the normalised column)
  const column = new Float64Array(nA);
  const idx = new Int32Array(nA);
  for (let c = 0; c < nD; c++) {
    if (mask[c] === 0) continue;
    for (let r = 0; r < nA; r++) {
      column[r] = sino[r * nD + c];
      idx[r] = r;
    }
    idx.sort((p, q) => column[p] - column[q] || p - q);
    for (let r = 0; r < nA; r++) sino[idx[r] * nD + c] = smooth[r * nD + c];
  }
  return sino;
}

/** Algorithm 6 on one sinogram (modifies and returns `sino`). */
async function deadOne(sino: Float64Array, nA: number, nD: number, snr: number, size: number, residual: boolean): Promise<Float64Array> {
  // scipy uniform_filter1d(size 10) along the angles: the window [r − 5, r + 4], mode 'reflect'
  const diff = new Float64Array(nD);
  for (let c = 0; c < nD; c++) {
    let s = 0;
    for (let r = 0; r < nA; r++) {
      let m = 0;
      for (let k = -5; k < 5; k++) m += sino[reflectHalf(r + k, nA) * nD + c];
      s += Math.abs(sino[r * nD + c] - m / 10);
    }
    diff[c] = s;
  }
  const background = new Float64Array(nD);
  medianAlongRows(0, 1, nD, diff, background, size, new Float64Array(size));
  const fact = Float64Array.from(diff, (d, c) => (background[c] !== 0 ? d / background[c] : 1));
  const mask = dilate(detectStripes(fact, snr));
  mask.fill(0, 0, Math.min(2, nD));
  mask.fill(0, Math.max(0, nD - 2));
  // linear interpolation along the detector from the nearest good columns on each side
  let left = -1;
  for (let c = 0; c < nD; c++) {
    if (mask[c] === 0) {
      left = c;
      continue;
    }
    let right = c + 1;
    while (mask[right] === 1) right++;
    const t = (c - left) / (right - left);
    for (let r = 0; r < nA; r++) sino[r * nD + c] = sino[r * nD + left] + t * (sino[r * nD + right] - sino[r * nD + left]);
  }
  return residual ? largeOne(sino, nA, nD, snr, size, 0.1, true) : sino;
}

/**
 * Vo et al.'s sorting-based stripe removal (Opt. Express 26:28396, 2018, algorithm 3; tomopy's
 * `remove_stripe_based_sorting`): each detector column of a sinogram `[nAngles, nDet]` (or a
 * batch `[nSlices, nAngles, nDet]`) is sorted along the angles, the sorted image is median
 * filtered along the detector (window `size`, scipy's `median_filter(·, (1, size))`, mode
 * `'reflect'`), and the values go back to their angles. Removes partial and full stripes without
 * touching features that vary with angle. Ties sort in angle order. Float32 out. Sorting, median
 * and unsorting run on all cores through the core pool.
 *
 * @example
 * ```ts
 * import { removeStripesSorting } from '@pandaas/tomo';
 * const clean = await removeStripesSorting(sinogram, { size: 21 });
 * ```
 */
export async function removeStripesSorting(sinogram: NdArray, options?: SortingOptions): Promise<NdArray<'float32'>> {
  const o = checkOptions(options, 'options');
  const size = windowSize(o.size, 'options.size', 21);
  return perSinogram(sinogram, (x, nA, nD) => sortingOne(x, nA, nD, size));
}

/**
 * Vo et al.'s filtering-based stripe removal (algorithm 2; tomopy's
 * `remove_stripe_based_filtering`): each column is padded along the angles (numpy `'reflect'`,
 * min(150, ⌊0.1·nAngles⌋) each side) and split by a Gaussian low-pass in Fourier space (σ in
 * frequency samples) into a smooth part, cleaned by the sorting technique
 * ({@link removeStripesSorting}, window `size`), and the sharp rest, added back unchanged.
 *
 * @example
 * ```ts
 * import { removeStripesFiltering } from '@pandaas/tomo';
 * const clean = await removeStripesFiltering(sinogram, { sigma: 3, size: 21 });
 * ```
 */
export async function removeStripesFiltering(sinogram: NdArray, options?: FilteringOptions): Promise<NdArray<'float32'>> {
  const o = checkOptions(options, 'options');
  const sigma = o.sigma === undefined ? 3 : checkNumber(o.sigma, 'options.sigma', { min: 0, exclusiveMin: true });
  const size = windowSize(o.size, 'options.size', 21);
  return perSinogram(sinogram, (x, nA, nD) => filteringOne(x, nA, nD, sigma, size));
}

/**
 * Vo et al.'s large-stripe removal (algorithm 5; tomopy's `remove_large_stripe`): the columns'
 * sorted profiles, median-filtered along the detector (window `size`), give a per-column factor
 * (mean of the sorted over the mean of the filtered, leaving out `dropRatio` of the extremes);
 * stripes are detected on it (algorithm 4, threshold `snr`, grown by one column); every column is
 * divided by its factor (`norm`), and the stripe columns take the filtered values of their ranks.
 *
 * @example
 * ```ts
 * import { removeLargeStripes } from '@pandaas/tomo';
 * const clean = await removeLargeStripes(sinogram, { snr: 3, size: 51 });
 * ```
 */
export async function removeLargeStripes(sinogram: NdArray, options?: LargeStripeOptions): Promise<NdArray<'float32'>> {
  const o = checkOptions(options, 'options');
  const snr = snrOf(o.snr);
  const size = windowSize(o.size, 'options.size', 51);
  const dropRatio = o.dropRatio === undefined ? 0.1 : checkNumber(o.dropRatio, 'options.dropRatio', { min: 0, max: 0.8 });
  const norm = flag(o.norm, 'options.norm', true);
  return perSinogram(sinogram, (x, nA, nD) => largeOne(x, nA, nD, snr, size, dropRatio, norm));
}

/**
 * Vo et al.'s removal of unresponsive and fluctuating ("dead") stripes (algorithm 6; tomopy's
 * `remove_dead_stripe`): a column's total deviation from its own smoothing along the angles
 * (10-sample mean), over its median along the detector (window `size`), flags columns that do
 * not follow the angles (algorithm 4, grown by one column, never the two outermost on each
 * side); they are replaced by linear interpolation from their good neighbours, then residual
 * large stripes are removed ({@link removeLargeStripes}) when `residual`.
 *
 * @example
 * ```ts
 * import { removeDeadStripes } from '@pandaas/tomo';
 * const clean = await removeDeadStripes(sinogram, { snr: 3, size: 51 });
 * ```
 */
export async function removeDeadStripes(sinogram: NdArray, options?: DeadStripeOptions): Promise<NdArray<'float32'>> {
  const o = checkOptions(options, 'options');
  const snr = snrOf(o.snr);
  const size = windowSize(o.size, 'options.size', 51);
  const residual = flag(o.residual, 'options.residual', true);
  return perSinogram(sinogram, (x, nA, nD) => deadOne(x, nA, nD, snr, size, residual));
}

/**
 * All of Vo et al.'s stripe removal in the order tomopy's `remove_all_stripe` applies it: dead
 * stripes (algorithm 6, window `laSize`, no residual step), large stripes (algorithm 5, window
 * `laSize`), then the sorting technique (algorithm 3, window `smSize`). tomopy's defaults:
 * snr 3, laSize 61, smSize 21.
 *
 * @example
 * ```ts
 * import { removeStripesVo } from '@pandaas/tomo';
 * const clean = await removeStripesVo(sinogram, { snr: 3, laSize: 61, smSize: 21 });
 * ```
 */
export async function removeStripesVo(sinogram: NdArray, options?: VoOptions): Promise<NdArray<'float32'>> {
  const o = checkOptions(options, 'options');
  const snr = snrOf(o.snr);
  const la = windowSize(o.laSize, 'options.laSize', 61);
  const sm = windowSize(o.smSize, 'options.smSize', 21);
  return perSinogram(sinogram, async (x, nA, nD) => {
    const dead = await deadOne(x, nA, nD, snr, la, false);
    const large = await largeOne(dead, nA, nD, snr, la, 0.1, true);
    return sortingOne(large, nA, nD, sm);
  });
}
