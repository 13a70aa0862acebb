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
import { axisSpan, splitBBox1d, splitBBox2d } from './bbox.js';
import { upperEnd } from './bins.js';
import { splitFull1d, splitFull2d } from './full.js';
import { columnFill, recenter, stripAreas } from './quad.js';
import { put, type Put, Target } from './target.js';
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
 * The splitting loops (see `bbox.ts`, `full.ts`), and the helper functions each takes after its
 * `put`.
 *
 * @example
 * ```ts
 * const [loop, ...helpers] = SPLIT_LOOPS.bbox1d;
 * ```
 */
export const SPLIT_LOOPS = {
  bbox1d: [splitBBox1d],
  bbox2d: [splitBBox2d, axisSpan],
  full1d: [splitFull1d, recenter, stripAreas],
  full2d: [splitFull2d, recenter, columnFill],
} as const;

/**
 * One splitting as a call of a loop of {@link SPLIT_LOOPS}: `loop(i0, i1, ...args, target, put,
 * ...helpers)` hands the contributions of pixels `i0 <= i < i1` to `put`. The arguments are
 * numbers and the arrays of the {@link Pixels1d} (empty arrays standing for those not needed).
 *
 * @example
 * ```ts
 * const call = splitCall1d(px, 'bbox', bins, undefined, false);
 * runSplit(call, 0, call.pixels, Target.calling(emit));
 * ```
 */
export interface SplitCall {
  readonly loop: keyof typeof SPLIT_LOOPS;
  readonly args: readonly unknown[];
  /** The number of pixels. */
  readonly pixels: number;
}

/**
 * The call of the 1D splitting of `split` (arguments already checked); `counting`: for the
 * counting pass of a CSR build.
 * @example `splitCall1d(px, 'bbox', bins, undefined, false)`
 */
export function splitCall1d(px: Pixels1d, split: Split, bins: Bins, azimuth: readonly [number, number] | undefined, counting: boolean): SplitCall {
  const pixels = px.center.length;
  const width = (bins.max - bins.min) / bins.count;
  const none = new Float64Array(0);
  const mask = px.mask ?? new Uint8Array(0);
  const hasMask = px.mask === undefined ? 0 : 1;
  const [lo, hi] = azimuth ?? [0, 0];
  const hasAzimuth = azimuth === undefined ? 0 : 1;
  if (split === 'full') {
    const disc = px.chiDiscAtZero === true ? 1 : 0;
    return { loop: 'full1d', pixels, args: [px.corners!, mask, hasMask, disc, hasAzimuth, lo, hi, bins.count, bins.min, width, counting ? 1 : 0] };
  }
  const delta = split === 'bbox' ? px.delta! : none;
  const chiDelta = split === 'bbox' ? px.chiDelta : undefined;
  return {
    loop: 'bbox1d',
    pixels,
    args: [px.center, delta, split === 'bbox' ? 1 : 0, mask, hasMask, px.chi ?? none, chiDelta ?? none, hasAzimuth, chiDelta === undefined ? 0 : 1, lo, hi, bins.count, bins.min, width],
  };
}

/**
 * The call of the 2D splitting of `split` (arguments already checked).
 * @example `splitCall2d(px, 'full', radial, azimuthal)`
 */
export function splitCall2d(px: Pixels1d, split: Split, radial: Bins, azimuthal: Bins): SplitCall {
  const pixels = px.center.length;
  const rWidth = (radial.max - radial.min) / radial.count;
  const aWidth = (azimuthal.max - azimuthal.min) / azimuthal.count;
  const none = new Float64Array(0);
  const mask = px.mask ?? new Uint8Array(0);
  const hasMask = px.mask === undefined ? 0 : 1;
  if (split === 'full') {
    const disc = px.chiDiscAtZero === true ? 1 : 0;
    return {
      loop: 'full2d',
      pixels,
      args: [px.corners!, mask, hasMask, disc, radial.count, radial.min, upperEnd(radial.max), rWidth, azimuthal.min, azimuthal.max, upperEnd(azimuthal.max), aWidth],
    };
  }
  const bbox = split === 'bbox';
  return {
    loop: 'bbox2d',
    pixels,
    args: [px.center, bbox ? px.delta! : none, px.chi!, bbox ? px.chiDelta! : none, bbox ? 1 : 0, mask, hasMask, radial.count, radial.min, rWidth, azimuthal.count, azimuthal.min, aWidth],
  };
}

/**
 * Runs a splitting over pixels `i0 <= i < i1` on this thread, handing its contributions to
 * `put(target, ...)`.
 * @example `runSplit(splitCall2d(px, 'bbox', radial, azimuthal), 0, n, Target.counting(rows))`
 */
export function runSplit<T = Target>(call: SplitCall, i0: number, i1: number, target: T, to: Put<T> = put as Put<T>): void {
  const [loop, ...helpers] = SPLIT_LOOPS[call.loop] as unknown as [(...args: unknown[]) => void, ...unknown[]];
  loop(i0, i1, ...call.args, target, to, ...helpers);
}

/**
 * Runs the 1D splitting of `split` into `target` (arguments already checked).
 * @example `run1d(px, 'bbox', bins, undefined, Target.counting(bins.count))`
 */
export function run1d(px: Pixels1d, split: Split, bins: Bins, azimuth: readonly [number, number] | undefined, target: Target): void {
  const call = splitCall1d(px, split, bins, azimuth, target.counts !== null);
  runSplit(call, 0, call.pixels, target);
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
 * const sums = new Float64Array(radial.count * azimuthal.count);
 * visitContributions2d(px, 'full', radial, azimuthal, (row, pixel, w) => { sums[row] += w * frame[pixel]; });
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
  const call = splitCall2d(px, split, radial, azimuthal);
  runSplit(call, 0, call.pixels, target);
}
