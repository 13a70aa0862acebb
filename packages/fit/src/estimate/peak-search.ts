import { ArgumentError, show } from '@pandaas/core';
import { checkFinite, checkInteger, checkOptions, readSeries, type Series } from '../background/inputs.js';
import { strip } from '../background/strip.js';

/**
 * Options of {@link peakSearch}.
 *
 * @example
 * ```ts
 * import { peakSearch, type PeakSearchOptions } from '@pandaas/fit';
 * const options: PeakSearchOptions = { fwhm: 8, sensitivity: 2.5, begin: 100, end: 900 };
 * peakSearch(new Float64Array(1024).fill(10), options); // [] (nothing stands out)
 * ```
 */
export interface PeakSearchOptions {
  /** The typical peak FWHM, in samples (> 0): the width of the smoothing second-derivative gaussian. */
  fwhm: number;
  /** Threshold, in standard deviations of the smoothed signal (default 3.5, silx's `peak_search`; FitManager uses 2.5). */
  sensitivity?: number;
  /** First index of the region searched (default 0). */
  begin?: number;
  /** Last index of the region searched (default the last sample). */
  end?: number;
  /** Also return each peak's relevance (the significance of its smoothed value), as silx's `relevance_info`. */
  relevanceInfo?: boolean;
}

/**
 * A peak found by {@link peakSearch} with `relevanceInfo`: its index and relevance.
 *
 * @example
 * ```ts
 * import { peakSearch, type PeakRelevance } from '@pandaas/fit';
 * const y = Float64Array.from({ length: 100 }, (_, i) => 10 + 200 * Math.exp(-4 * Math.LN2 * ((i - 40) / 6) ** 2));
 * const found: PeakRelevance[] = peakSearch(y, { fwhm: 6, relevanceInfo: true }); // [{ index: 40, relevance: ... }]
 * ```
 */
export interface PeakRelevance {
  index: number;
  relevance: number;
}

const OPTIONS = ['fwhm', 'sensitivity', 'begin', 'end', 'relevanceInfo'];

/**
 * Finds peaks as `silx.math.fit.peak_search` (PyMca's `seek`): the data are convolved with the
 * second derivative of a gaussian of σ = fwhm / 2.35482 (factors (σ² − k²)·e^(−k²/2σ²)/σ⁴ until
 * they fall below 0.01/σ², at most 100), each smoothed value is divided by its standard deviation
 * under Poisson statistics, and a peak is where that significance exceeds `sensitivity` and stops
 * rising (a second peak within one region needs to be more than 0.6·fwhm further). Indices and
 * relevances are silx's, with silx's particulars (the first smoothed value is computed with the
 * kernel's centre counted twice; sample 0 then reads as sample 1).
 *
 * @returns The peak indices in increasing order, or with `relevanceInfo` `{ index, relevance }` pairs.
 * @example
 * ```ts
 * import { peakSearch } from '@pandaas/fit';
 * // three peaks of FWHM 8 samples, at 60, 150 and 230, on a background of 20
 * const peak = (i: number, c: number) => Math.exp(-4 * Math.LN2 * ((i - c) / 8) ** 2);
 * const counts = Float64Array.from({ length: 300 }, (_, i) => 20 + 500 * peak(i, 60) + 300 * peak(i, 150) + 800 * peak(i, 230));
 * peakSearch(counts, { fwhm: 8, sensitivity: 2.5 }); // [60, 150, 230]
 * peakSearch(counts, { fwhm: 8, relevanceInfo: true }); // [{ index: 60, relevance: 36.2 }, ...]
 * ```
 */
export function peakSearch(y: Series, options: PeakSearchOptions & { relevanceInfo: true }): PeakRelevance[];
export function peakSearch(y: Series, options: PeakSearchOptions & { relevanceInfo?: false }): number[];
export function peakSearch(y: Series, options: PeakSearchOptions): number[] | PeakRelevance[];
export function peakSearch(y: Series, options: PeakSearchOptions): number[] | PeakRelevance[] {
  if (options === undefined) throw new ArgumentError('options must give at least fwhm; got undefined');
  checkOptions(options, OPTIONS, 'options');
  const fwhm = checkFinite(options.fwhm, 'options.fwhm');
  if (!(fwhm > 0)) throw new ArgumentError(`options.fwhm must be above 0; got ${show(fwhm)}`);
  const sensitivity = checkFinite(options.sensitivity ?? 3.5, 'options.sensitivity');
  const data = readSeries(y, 'y');
  const begin = checkInteger(options.begin ?? 0, 'options.begin', 0);
  const end = checkInteger(options.end ?? data.length - 1, 'options.end', 0);
  if (begin > 0 && begin >= data.length) throw new ArgumentError(`options.begin must index y (${data.length} samples); got ${begin}`);
  const found = seek(data, begin, end, fwhm, sensitivity);
  if (options.relevanceInfo === true) return found.indices.map((index, k) => ({ index, relevance: found.relevances[k] }));
  return found.indices;
}

/**
 * PyMca's `seek` on `data` (which it changes: sample 0 becomes sample 1, as in silx): the peak
 * indices and their relevances. Allocates per call, not per sample.
 *
 * @example
 * ```ts
 * const { indices, relevances } = seek(Float64Array.from(y), 0, y.length - 1, 8, 3.5);
 * ```
 */
export function seek(
  data: Float64Array,
  begin: number,
  end: number,
  fwhm: number,
  sensitivity: number,
): { indices: number[]; relevances: number[] } {
  const indices: number[] = [];
  const relevances: number[] = [];
  const n = data.length;
  if (n < 2) return { indices, relevances };
  const sigma = fwhm / 2.35482;
  const sigma2 = sigma * sigma;
  const sigma4 = sigma2 * sigma2;
  const low = 0.01 / sigma2;
  const factors = new Float64Array(100);
  let count = 0;
  const maxFactors = Math.min(100, Math.trunc((end - begin - 2) / 2) - 1);
  for (let k = 0; k < maxFactors; k++) {
    count++;
    const k2 = (k + 1) * (k + 1);
    factors[k] = ((sigma2 - k2) * Math.exp(-k2 / (sigma2 * 2))) / sigma4;
    if (factors[k] < low && factors[k] > -low) break;
  }
  let at = Math.max(begin, 0);
  let nom = data[at] / sigma2;
  let den2 = data[at] / sigma4;
  for (let k = 0; k < count; k++) {
    const s = data[Math.min(at + k, n - 1)] + data[Math.max(at - k, 0)];
    nom += factors[k] * s;
    den2 += factors[k] * factors[k] * s;
  }
  let current = den2 <= 0 ? 0 : nom / Math.sqrt(den2);
  data[0] = data[1];
  let started = 0;
  const last = Math.min(end, n - 2);
  while (at <= last) {
    const previous = current;
    at++;
    nom = data[at] / sigma2;
    den2 = data[at] / sigma4;
    for (let k = 1; k < count; k++) {
      const s = data[Math.min(at + k, n - 1)] + data[Math.max(at - k, 0)];
      const g = factors[k - 1];
      nom += g * s;
      den2 += g * g * s;
    }
    current = den2 <= 0 ? 0 : nom / Math.sqrt(den2);
    if (current > sensitivity) {
      if (started === 0 && current > previous) started = 1;
      if (started === 1 && current < previous) {
        indices.push(at - 1);
        relevances.push(previous);
        started = 2;
      }
      if (started === 2 && at - indices[indices.length - 1] > 0.6 * fwhm && current > previous) started = 1;
    } else {
      started = 0;
    }
  }
  return { indices, relevances };
}

/**
 * The FWHM, in samples, of the largest peak, as `silx.math.fit.peaks.guess_fwhm`: strip the
 * background (silx's bare strip: width 1, 1000 passes), take the last sample of the maximum, walk
 * both ways while above half of it, and return max(right − left − 1, 4) (0 for empty data).
 *
 * @example
 * ```ts
 * import { guessFwhm } from '@pandaas/fit';
 * const counts = Float64Array.from({ length: 300 }, (_, i) => 20 + 800 * Math.exp(-4 * Math.LN2 * ((i - 150) / 8) ** 2));
 * guessFwhm(counts); // 7: the samples above half the peak, of a FWHM of 8 samples
 * ```
 */
export function guessFwhm(y: Series): number {
  return guessFwhmOf(readSeries(y, 'y'));
}

/**
 * {@link guessFwhm} on data already checked finite.
 *
 * @example
 * ```ts
 * guessFwhmOf(Float64Array.from(counts)); // e.g. 11
 * ```
 */
export function guessFwhmOf(y: Float64Array): number {
  const n = y.length;
  if (n === 0) return 0;
  const bg = strip(y, { width: 1, iterations: 1000 });
  const net = new Float64Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) {
    net[i] = y[i] - bg[i];
    if (net[i] >= net[top]) top = i;
  }
  const half = 0.5 * net[top];
  let left = top;
  while (net[left] > half && left > 0) left--;
  let right = top;
  while (net[right] > half && right < n - 1) right++;
  return Math.max(right - left - 1, 4);
}
