/**
 * Colour range autoscale, silx's two modes (`silx.math.colormap._NormalizationMixIn.autoscale`):
 *
 * - `minmax`: the smallest and largest finite valid value (for `log`: the smallest finite positive
 *   value and the largest finite value);
 * - `stddev3`: mean ± 3 standard deviations, clipped to the `minmax` range. For `log`, `sqrt` and
 *   `asinh` the mean and deviation are taken on the normalized values n(v) and mapped back (so
 *   `log` is geometric); for `linear` and `gamma` on the values themselves.
 *
 * NaN and ±Infinity are ignored. When nothing is usable (empty, all NaN, nothing positive on
 * `log`) the range is silx's fallback: [0, 1], or [1, 10] for `log`; a range whose vmax would be
 * below vmin collapses to vmin (silx again).
 *
 * One deliberate difference from silx 1.1: for `sqrt` + `stddev3`, silx maps a negative
 * mean - 3 std back by squaring it, which can put vmin far above the data's minimum; pandaas
 * clamps it to 0 first (vmin is then the data's minimum).
 *
 * @example
 * ```ts
 * autoscaleRange(new Float32Array([1, 10, 100, NaN]), 'minmax', 'log'); // [1, 100]
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';

import { silxLog10 } from './fast-log10.js';
import type { Normalization } from './normalization.js';
import { assertNormalization, fallbackRange } from './normalization.js';

/** An autoscale mode: `minmax`, or `stddev3` (mean ± 3 std clipped to the data range). */
export type AutoscaleMode = 'minmax' | 'stddev3';

/** Every autoscale mode. */
export const AUTOSCALE_MODES: readonly AutoscaleMode[] = Object.freeze(['minmax', 'stddev3'] as const);

/** A colour range and whether it is silx's fallback (no usable value in the data). */
export interface AutoscaleResult {
  /** [vmin, vmax], vmin <= vmax. */
  readonly range: [number, number];
  /** True when a bound came from the fallback range because the data had no usable value. */
  readonly fallback: boolean;
}

/**
 * The scans below run over chunks of CHUNK values, keeping their running results in typed arrays:
 * a function that runs once over a whole frame is optimized in the middle of its loop (on-stack
 * replacement), and V8 (Node 20) then throws that code away at every call, on the code after the
 * loop that had no feedback yet. Short chunks are optimized as whole functions instead.
 */
const CHUNK = 4096;
/** [lo, hi] of the minmax scans. */
const found = new Float64Array(2);
/** [shift, sum, sum of squares, count] of the mean / std scan. */
const sums = new Float64Array(4);

/** The smallest and largest value >= `floor` of values[start..end), finite only when asked. */
function extremesChunk(values: ArrayLike<number>, start: number, end: number, floor: number, finite: boolean): void {
  let lo = found[0];
  let hi = found[1];
  for (let i = start; i < end; i++) {
    const v = values[i];
    // NaN fails every comparison; infinities are skipped only when `finite` is set
    if ((finite && v - v !== 0) || v < floor) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  found[0] = lo;
  found[1] = hi;
}

/** silx's log minmax over values[start..end): the smallest positive value, the largest value. */
function extremesLogChunk(values: ArrayLike<number>, start: number, end: number, finite: boolean): void {
  let lo = found[0];
  let hi = found[1];
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (finite && v - v !== 0) continue;
    if (v > hi) hi = v;
    if (v > 0 && v < lo) lo = v;
  }
  found[0] = lo;
  found[1] = hi;
}

/** The minmax range of the valid finite values; undefined bounds when there is none. */
function minMax(values: ArrayLike<number>, normalization: Normalization): [number | undefined, number | undefined] {
  const floor = normalization === 'sqrt' ? 0 : -Infinity;
  const scan = (finite: boolean) => {
    found[0] = Infinity;
    found[1] = -Infinity;
    for (let start = 0; start < values.length; start += CHUNK) {
      const end = Math.min(values.length, start + CHUNK);
      if (normalization === 'log') extremesLogChunk(values, start, end, finite);
      else extremesChunk(values, start, end, floor, finite);
    }
  };
  // a fast pass that skips NaN only; a second one when it met an infinity
  scan(false);
  if (found[0] === -Infinity || found[1] === Infinity) scan(true);
  const [lo, hi] = found;
  return [lo < Infinity ? lo : undefined, hi > -Infinity ? hi : undefined];
}

/**
 * Adds the finite normalized values of values[start..end) to `sums` (`kind`: 0 identity, 1 log10,
 * 2 sqrt, 3 asinh), shifted by the first one (sums[0], NaN until set).
 */
function sumsChunk(values: ArrayLike<number>, start: number, end: number, kind: number, log10: (v: number) => number): void {
  let shift = sums[0];
  let sum = sums[1];
  let squares = sums[2];
  let count = sums[3];
  for (let i = start; i < end; i++) {
    const v = values[i];
    const t = kind === 0 ? v : kind === 1 ? log10(v) : kind === 2 ? Math.sqrt(v) : Math.asinh(v);
    if (t - t !== 0) continue;
    if (count === 0) shift = t;
    const d = t - shift;
    sum += d;
    squares += d * d;
    count++;
  }
  sums[0] = shift;
  sums[1] = sum;
  sums[2] = squares;
  sums[3] = count;
}

/**
 * mean - 3 std and mean + 3 std of the finite normalized values, mapped back; undefined if none.
 * One pass, with sums shifted by the first finite value (stable while the data are not far more
 * spread than their deviation from it).
 */
function meanStd3(values: ArrayLike<number>, normalization: Normalization): [number, number] | undefined {
  const kind = normalization === 'log' ? 1 : normalization === 'sqrt' ? 2 : normalization === 'asinh' ? 3 : 0;
  sums.fill(0);
  sums[0] = NaN;
  for (let start = 0; start < values.length; start += CHUNK) sumsChunk(values, start, Math.min(values.length, start + CHUNK), kind, silxLog10);
  const [shift, sum, squares, count] = sums;
  if (count === 0) return undefined;
  const meanShifted = sum / count;
  const mean = shift + meanShifted;
  const std = Math.sqrt(Math.max(0, squares / count - meanShifted * meanShifted));
  const lo = mean - 3 * std;
  const hi = mean + 3 * std;
  switch (normalization) {
    case 'log':
      return [Math.pow(10, lo), Math.pow(10, hi)];
    case 'sqrt':
      return [Math.max(lo, 0) ** 2, hi * hi];
    case 'asinh':
      return [Math.sinh(lo), Math.sinh(hi)];
    default:
      return [lo, hi];
  }
}

/**
 * {@link autoscaleRange} with a flag telling whether the fallback range was used.
 *
 * @example
 * ```ts
 * autoscale([NaN, -1], 'minmax', 'log'); // { range: [1, 1], fallback: true }
 * ```
 */
export function autoscale(values: ArrayLike<number>, mode: AutoscaleMode = 'minmax', normalization: Normalization = 'linear'): AutoscaleResult {
  if (mode !== 'minmax' && mode !== 'stddev3') {
    throw new ArgumentError(`mode must be one of ${AUTOSCALE_MODES.map(show).join(', ')}; got ${show(mode)}`);
  }
  assertNormalization(normalization);
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new ArgumentError(`values must be an array of numbers, got ${show(values)}`);
  }
  const [dmin, dmax] = minMax(values, normalization);
  let vmin = dmin;
  let vmax = dmax;
  if (mode === 'stddev3') {
    const std3 = meanStd3(values, normalization);
    if (std3 !== undefined) {
      vmin = vmin === undefined ? std3[0] : Math.max(vmin, std3[0]);
      vmax = vmax === undefined ? std3[1] : Math.min(vmax, std3[1]);
    }
  }
  const [fallbackMin, fallbackMax] = fallbackRange(normalization);
  let fallback = false;
  if (vmin === undefined || !Number.isFinite(vmin)) {
    vmin = fallbackMin;
    fallback = true;
  }
  if (vmax === undefined || !Number.isFinite(vmax)) {
    vmax = fallbackMax;
    fallback = true;
  }
  if (vmax < vmin) vmax = vmin;
  return { range: [vmin, vmax], fallback };
}

/**
 * The colour range silx's autoscale gives for `values` (see the module notes): `minmax` or
 * `stddev3`, aware of the normalization; NaN and ±Infinity ignored; silx's fallback range when
 * nothing is usable.
 *
 * @example
 * ```ts
 * autoscaleRange([0, 1, 2, 3, NaN, Infinity]); // [0, 3]
 * ```
 */
export function autoscaleRange(values: ArrayLike<number>, mode: AutoscaleMode = 'minmax', normalization: Normalization = 'linear'): [number, number] {
  return autoscale(values, mode, normalization).range;
}
