/**
 * The entry points to pixel splitting: every contribution (bin, pixel, weight) of a 1D or 2D
 * histogram, handed to a callback (a histogram engine can scatter with them directly) or, through
 * `run1d`/`run2d`, to the counting and filling passes of `buildCsr1d`/`buildCsr2d`.
 *
 * @example
 * ```ts
 * import { radialBins, visitContributions1d } from '@pandaas/integrate';
 * const px = { center, delta };
 * const bins = radialBins(px, 'bbox', 1000);
 * const sum = new Float64Array(bins.count);
 * visitContributions1d(px, 'bbox', bins, (bin, pixel, w) => { sum[bin] += w * frame[pixel]; });
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { visitBBox1d, visitBBox2d } from './bbox.js';
import { visitFull1d, visitFull2d } from './full.js';
import { Target } from './target.js';
import type { Bins, Emit, Pixels1d, Split, Split1dOptions } from './types.js';
import { checkBins, checkPixels, checkRange, checkSplit } from './validate.js';

function checkEmit(emit: unknown): asserts emit is Emit {
  if (typeof emit !== 'function') throw new ArgumentError(`emit must be a function, got ${show(emit)}`);
}

/** Checks the arguments of a 1D splitting; returns the pixel count and the azimuth range as [low, high]. */
export function check1d(px: Pixels1d, split: Split, bins: Bins, opts: Split1dOptions): { pixels: number; azimuth: [number, number] | undefined } {
  checkSplit(split);
  checkBins(bins, 'bins');
  if (typeof opts !== 'object' || opts === null) throw new ArgumentError(`opts must be an object, got ${show(opts)}`);
  const azimuth = opts.azimuthRange === undefined ? undefined : checkRange(opts.azimuthRange, 'opts.azimuthRange');
  return { pixels: checkPixels(px, split, true, azimuth === undefined ? false : 'azimuth'), azimuth };
}

/** Checks the arguments of a 2D splitting; returns the pixel count. */
export function check2d(px: Pixels1d, split: Split, radial: Bins, azimuthal: Bins): number {
  checkSplit(split);
  checkBins(radial, 'radial');
  checkBins(azimuthal, 'azimuthal');
  if (radial.count * azimuthal.count > 2 ** 31 - 2) {
    throw new ArgumentError(`radial.count * azimuthal.count must stay below 2^31, got ${radial.count} * ${azimuthal.count}`);
  }
  return checkPixels(px, split, true, '2D');
}

/**
 * Calls `emit(bin, pixel, weight)` for every non-zero share of a pixel in a radial bin, pixels in
 * ascending order (several calls per pixel when it is split), with pyFAI 0.21's semantics for
 * `split` (see {@link Split}): masked pixels (`px.mask` 1) and, with `opts.azimuthRange`, pixels
 * outside it are left out. So is a centre (`no`) or box (`bbox`) that ends below `bins.min`, even
 * by less than one bin, where pyFAI's CSR engines truncate it into bin 0. Throws
 * `ArgumentError`/`ShapeError` on missing or mis-sized arrays.
 *
 * @example
 * ```ts
 * visitContributions1d({ center, delta, chi, chiDelta }, 'bbox', bins, emit, { azimuthRange: [0, Math.PI / 2] });
 * ```
 */
export function visitContributions1d(px: Pixels1d, split: Split, bins: Bins, emit: Emit, opts: Split1dOptions = {}): void {
  checkEmit(emit);
  const { azimuth } = check1d(px, split, bins, opts);
  run1d(px, split, bins, azimuth, Target.calling(emit));
}

/**
 * Runs the 1D splitting of `split` into `target` (arguments already checked).
 * @example `run1d(px, 'bbox', bins, undefined, Target.counting(bins.count))`
 */
export function run1d(px: Pixels1d, split: Split, bins: Bins, azimuth: readonly [number, number] | undefined, target: Target): void {
  if (split === 'full') visitFull1d(px, bins, azimuth, target);
  else visitBBox1d(px, split === 'bbox', bins, azimuth, target);
}

/**
 * Calls `emit(row, pixel, weight)` for every non-zero share of a pixel in a (radial, azimuthal)
 * cell, `row = ia * radial.count + ir` (azimuthal-major, like pyFAI's `[nptAzim, nptRad]` result),
 * pixels in ascending order, with pyFAI 0.21's semantics for `split`. Masked pixels are left out,
 * and so are centres or boxes ending below either range (see {@link visitContributions1d}).
 *
 * @example
 * ```ts
 * const radial = radialBins(px, 'full', 500);
 * const azimuthal = azimuthalBins(px, 'full', 360);
 * visitContributions2d(px, 'full', radial, azimuthal, (row, pixel, w) => { ... });
 * ```
 */
export function visitContributions2d(px: Pixels1d, split: Split, radial: Bins, azimuthal: Bins, emit: Emit): void {
  checkEmit(emit);
  check2d(px, split, radial, azimuthal);
  run2d(px, split, radial, azimuthal, Target.calling(emit));
}

/**
 * Runs the 2D splitting of `split` into `target` (arguments already checked).
 * @example `run2d(px, 'full', radial, azimuthal, Target.calling(emit))`
 */
export function run2d(px: Pixels1d, split: Split, radial: Bins, azimuthal: Bins, target: Target): void {
  if (split === 'full') visitFull2d(px, radial, azimuthal, target);
  else visitBBox2d(px, split === 'bbox', radial, azimuthal, target);
}
