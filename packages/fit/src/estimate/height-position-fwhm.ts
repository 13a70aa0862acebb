import { leastsq } from '../leastsq/leastsq.js';
import { gaussian } from '../models/builtins.js';
import { sum } from '../models/sum.js';
import { peakBackground } from './backgrounds.js';
import { pairwiseSum } from './numeric.js';
import type { EstimateConfig } from './options.js';
import { guessFwhmOf, seek } from './peak-search.js';
import { CFACTOR, CPOSITIVE, CQUOTED, toConstraint, type SilxConstraint } from './silx-constraints.js';

/** Peaks estimated by {@link estimateHeightPositionFwhm}: [Height, Position, FWHM] per peak, silx's constraints, and the search's indices. */
export interface PeakEstimate {
  params: number[];
  constraints: SilxConstraint[];
  /** Indices (into y) of the peaks found, or of the forced one. */
  peaks: number[];
  /** The strip background subtracted. */
  background: Float64Array;
  /** The FWHM, in samples, the search used. */
  searchFwhm: number;
}

/**
 * silx's `guess_yscaling`: 1/χ² of y against its 3-point running mean over the non-zero samples
 * (1 when χ² is not positive).
 */
function guessYScaling(y: Float64Array): number {
  const n = y.length;
  const terms: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!(Math.abs(y[i]) > 0)) continue;
    const smooth = ((i > 0 ? y[i - 1] : 0) + y[i] + (i < n - 1 ? y[i + 1] : 0)) / 3;
    terms.push((y[i] - smooth) ** 2 / Math.abs(y[i]));
  }
  const chisq = pairwiseSum(terms, 0, terms.length) / terms.length;
  return chisq > 0 ? 1 / chisq : 1;
}

/**
 * silx's `FitTheories.peak_search`: y padded with `fwhm` copies of its end samples on each side,
 * scaled, searched, and the indices mapped back into y.
 */
function searchPadded(y: Float64Array, fwhm: number, sensitivity: number, config: EstimateConfig): number[] {
  const n = y.length;
  const padded = new Float64Array(n + 2 * fwhm);
  padded.fill(y[0], 0, fwhm);
  padded.set(y, fwhm);
  padded.fill(y[n - 1], fwhm + n);
  if (!(padded.length > 1.5 * fwhm)) return [];
  const scaling = config.autoScaling ? guessYScaling(y) : config.yScaling;
  for (let i = 0; i < padded.length; i++) padded[i] *= scaling;
  return seek(padded, 0, padded.length - 1, fwhm, sensitivity).indices.map((i) => i - fwhm).filter((i) => i >= 0 && i < n);
}

/**
 * silx's `FitTheories.estimate_height_position_fwhm`: strip the background, search peaks (with
 * the FWHM of the largest peak, or `fwhmPoints`), take each peak's net height, position and a
 * FWHM of 5 sampling intervals, refine all of them with 4 Levenberg-Marquardt steps of a sum of
 * gaussians (heights and widths positive, positions within half a search FWHM), then set the
 * final constraints from the options.
 *
 * @example
 * ```ts
 * const { params, constraints } = estimateHeightPositionFwhm(x, y, resolveEstimateOptions());
 * ```
 */
export function estimateHeightPositionFwhm(x: Float64Array, y: Float64Array, config: EstimateConfig): PeakEstimate {
  const n = y.length;
  const bg = peakBackground(y, config);
  let searchFwhm = config.autoFwhm ? guessFwhmOf(y) : Math.trunc(config.fwhmPoints);
  if (searchFwhm < 3) searchFwhm = 3;
  const sensitivity = Math.max(config.sensitivity, 1);
  let peaks = searchPadded(y, searchFwhm, sensitivity, config);
  if (peaks.length === 0 && config.forcePeakPresence) {
    let top = 0;
    for (let i = 1; i < n; i++) if (y[i] - bg[i] > y[top] - bg[top]) top = i;
    peaks = [top];
  }
  let params: number[] = [];
  let largest = 0;
  if (peaks.length > 0) {
    const sig = (5 * Math.abs(x[n - 1] - x[0])) / n;
    let largestHeight = -Infinity;
    peaks.forEach((at, k) => {
      const height = y[at] - bg[at];
      const position = k === 0 && Math.abs(x[at]) < 1e-16 ? 0 : x[at];
      params.push(height, position, sig);
      if (k === 0 || height > largestHeight) {
        largestHeight = height;
        largest = k;
      }
    });
    params = refine(x, y, bg, params, searchFwhm);
  }
  const constraints: SilxConstraint[] = [];
  const [xMin, xMax] = range(x);
  for (let k = 0; k < peaks.length; k++) {
    const height: SilxConstraint = [0, 0, 0];
    const position: SilxConstraint = [0, 0, 0];
    const fwhm: SilxConstraint = [0, 0, 0];
    if (!config.noConstraints) {
      if (config.positiveHeightArea) height[0] = CPOSITIVE;
      if (config.quotedPosition) position.splice(0, 3, CQUOTED, xMin, xMax);
      if (config.positiveFwhm) fwhm[0] = CPOSITIVE;
      if (config.sameFwhm && k !== largest) fwhm.splice(0, 3, CFACTOR, 3 * largest + 2, 1);
    }
    constraints.push(height, position, fwhm);
  }
  return { params, constraints, peaks, background: bg, searchFwhm };
}

/**
 * The smallest and largest of `values` (a loop: spreading a long array into Math.min would
 * overflow the call stack).
 *
 * @example
 * ```ts
 * range(Float64Array.of(3, -1, 2)); // [-1, 3]
 * ```
 */
export function range(values: ArrayLike<number>): [min: number, max: number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return [min, max];
}

/** The 4-step gaussian refinement of silx's estimate (numeric derivatives, as silx). */
function refine(x: Float64Array, y: Float64Array, bg: Float64Array, params: number[], searchFwhm: number): number[] {
  const n = y.length;
  const count = params.length / 3;
  const names = Array.from({ length: count }, (_, k) => [`Height${k + 1}`, `Position${k + 1}`, `FWHM${k + 1}`]).flat();
  let [low, high] = range(x);
  const halfRange = n > searchFwhm ? 0.5 * Math.abs(x[searchFwhm] - x[0]) : NaN;
  const cons: SilxConstraint[] = [];
  for (let k = 0; k < count; k++) {
    const position = params[3 * k + 1];
    if (!Number.isNaN(halfRange)) {
      low = position - halfRange;
      high = position + halfRange;
    }
    cons.push([CPOSITIVE, 0, 0], [CQUOTED, low, high], [CPOSITIVE, 0, 0]);
  }
  const constraints = cons.map((c) => toConstraint(c, names, 0));
  const fitted = constraints.filter((c) => c.code !== 'fixed').length;
  if (n <= fitted) return params; // too few points to refine (silx's solver would fail here)
  const net = new Float64Array(n);
  for (let i = 0; i < n; i++) net[i] = y[i] - bg[i];
  const model = sum(...Array.from({ length: count }, () => gaussian()));
  const result = leastsq(model, x, net, params, { maxIter: 4, constraints, jacobian: 'numeric', scaleCovar: false });
  return Array.from(result.params);
}
