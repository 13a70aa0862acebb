/**
 * Bin ranges as pyFAI 0.21 chooses them: the automatic range is the extent of the unmasked pixels
 * (centres, bounding boxes or corners, by splitting mode), and the upper end is nudged up by one
 * float32 epsilon so that the largest value falls inside the last bin.
 *
 * @example
 * ```ts
 * import { binCenters, radialBins } from '@pandaas/integrate';
 * const bins = radialBins({ center: new Float64Array([1, 2, 4]) }, 'no', 3);
 * // { count: 3, min: 1, max: 4.000000476837158 }
 * binCenters(bins); // ≈ [1.5, 2.5, 3.5]
 * ```
 * @module
 */
import { ArgumentError } from '@pandaas/core';
import type { Bins, Pixels1d, Split } from './types.js';
import { checkBins, checkCount, checkPixels, checkRange, checkSplit } from './validate.js';

/** pyFAI's `EPS32`: 1 + the float32 machine epsilon. */
const EPS32 = 1 + 2 ** -23;

/** pyFAI's float32 pi, the bound its azimuthal ranges are clipped to. */
const PI32 = Math.fround(Math.PI);

/**
 * pyFAI's `calc_upper_bound`: a value slightly above `value` (one float32 epsilon, relative), so
 * that `value` itself falls inside the last bin.
 */
export function upperBound(value: number): number {
  return value > 0 ? value * EPS32 : value / EPS32;
}

/**
 * The upper end of the requested range behind `max` (pyFAI's `pos_maxin`): the inverse of
 * {@link upperBound}, to the last bit or so. `full` splitting clips the pixel corners to it.
 */
export function upperEnd(max: number): number {
  return max > 0 ? max / EPS32 : max * EPS32;
}

/** [min, max] of `value ± halfWidth` over the unmasked pixels (non-finite values ignored). */
function extent(values: Float64Array, halfWidth: Float64Array | undefined, mask: Uint8Array | undefined): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (mask !== undefined && mask[i] !== 0) continue;
    const d = halfWidth === undefined ? 0 : halfWidth[i];
    const a = values[i] - d;
    const b = values[i] + d;
    if (a < lo && a !== -Infinity) lo = a;
    if (b > hi && b !== Infinity) hi = b;
  }
  return [lo, hi];
}

/** [min, max] of one coordinate (0 radial, 1 chi) of the corners of the unmasked pixels (non-finite ignored). */
function cornerExtent(corners: Float32Array | Float64Array, mask: Uint8Array | undefined, coordinate: 0 | 1): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const n = corners.length >> 3;
  for (let i = 0; i < n; i++) {
    if (mask !== undefined && mask[i] !== 0) continue;
    for (let k = 8 * i + coordinate; k < 8 * i + 8; k += 2) {
      const v = corners[k];
      if (v < lo && v !== -Infinity) lo = v;
      if (v > hi && v !== Infinity) hi = v;
    }
  }
  return [lo, hi];
}

function automatic(px: Pixels1d, split: Split, axis: 'radial' | 'azimuthal'): [number, number] {
  const radial = axis === 'radial';
  const [lo, hi] =
    split === 'full'
      ? cornerExtent(px.corners!, px.mask, radial ? 0 : 1)
      : extent(radial ? px.center : px.chi!, split === 'bbox' ? (radial ? px.delta : px.chiDelta) : undefined, px.mask);
  if (!(lo <= hi)) throw new ArgumentError(`no unmasked pixel with a finite ${axis} position: give a ${axis} range`);
  return [lo, hi];
}

function toBins(count: number, lo: number, hi: number, argument: string): Bins {
  const max = upperBound(hi);
  if (!(max > lo)) throw new ArgumentError(`the ${argument} [${lo}, ${hi}] is empty`);
  return { count, min: lo, max };
}

/**
 * The radial bins pyFAI would use. Without `range`, they span the unmasked pixels: centres with
 * `no`, `center ± delta` with `bbox`, the corners with `full`, the lower end raised to 0 if negative
 * (pyFAI's `allow_pos0_neg = false`). With `range` ([low, high] in the unit of `px.center`) they
 * span it. Either way the upper end is nudged up by one float32 epsilon (pyFAI's
 * `calc_upper_bound`).
 *
 * @example
 * ```ts
 * radialBins({ center, delta }, 'bbox', 1000);          // automatic
 * radialBins({ center }, 'no', 500, [0.5, 30]);          // requested range
 * ```
 */
export function radialBins(px: Pixels1d, split: Split, count: number, range?: readonly [number, number]): Bins {
  checkSplit(split);
  checkCount(count, 'count');
  checkPixels(px, split, true, false);
  if (range !== undefined) {
    const [lo, hi] = checkRange(range, 'range');
    return toBins(count, lo, hi, 'range');
  }
  const [lo, hi] = automatic(px, split, 'radial');
  return toBins(count, Math.max(0, lo), Math.max(0, hi), 'radial extent');
}

/**
 * The azimuthal (chi) bins pyFAI would use for a 2D integration. Without `range`, they span the
 * unmasked pixels (chi with `no`, `chi ± chiDelta` with `bbox`, the corners' chi with `full`),
 * clipped to [-pi, pi] (to [0, 2pi] when `px.chiDiscAtZero`; pyFAI clips at its float32 pi).
 * With `range` (radians) they span it. The upper end is nudged up by one float32 epsilon (pyFAI's
 * `calc_upper_bound`).
 *
 * @example
 * ```ts
 * azimuthalBins({ center, chi, chiDelta }, 'bbox', 360);
 * azimuthalBins({ center, chi }, 'no', 36, [-Math.PI / 2, Math.PI / 2]);
 * ```
 */
export function azimuthalBins(px: Pixels1d, split: Split, count: number, range?: readonly [number, number]): Bins {
  checkSplit(split);
  checkCount(count, 'count');
  checkPixels(px, split, false, '2D');
  if (range !== undefined) {
    const [lo, hi] = checkRange(range, 'range');
    return toBins(count, lo, hi, 'range');
  }
  const [lo, hi] = automatic(px, split, 'azimuthal');
  const [low, high] = px.chiDiscAtZero === true ? [0, 2 * PI32] : [-PI32, PI32];
  return toBins(count, Math.max(lo, low), Math.min(hi, high), 'azimuthal extent');
}

/**
 * The centre of every bin, `min + (i + 0.5) * (max - min) / count` (pyFAI's `bin_centers`).
 *
 * @example
 * ```ts
 * binCenters({ count: 4, min: 0, max: 2 }); // Float64Array [0.25, 0.75, 1.25, 1.75]
 * ```
 */
export function binCenters(b: Bins): Float64Array {
  checkBins(b, 'b');
  const width = (b.max - b.min) / b.count;
  const out = new Float64Array(b.count);
  for (let i = 0; i < b.count; i++) out[i] = b.min + (i + 0.5) * width;
  return out;
}
