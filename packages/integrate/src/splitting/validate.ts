/**
 * Argument checks shared by the public splitting functions (internal). They look at lengths and
 * scalars only, never at every element.
 *
 * @example
 * ```ts
 * const n = checkPixels({ center: new Float64Array(4) }, 'bbox', true, false); // throws: bbox needs delta
 * ```
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';
import type { Bins, Pixels1d, Split } from './types.js';

const SPLITS: readonly Split[] = ['no', 'bbox', 'full'];

/** Throws unless `split` is one of the splitting modes. */
export function checkSplit(split: unknown): asserts split is Split {
  if (!SPLITS.includes(split as Split)) {
    throw new ArgumentError(`split must be one of ${SPLITS.map((s) => `'${s}'`).join(', ')}, got ${show(split)}`);
  }
}

/** Throws unless `count` is a positive integer (a number of bins). */
export function checkCount(count: unknown, argument: string): asserts count is number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 2 ** 30) {
    throw new ArgumentError(`${argument} must be a positive integer, got ${show(count)}`);
  }
}

/** The range as [low, high] (either order accepted, like pyFAI); throws unless two distinct finite numbers. */
export function checkRange(range: unknown, argument: string): [number, number] {
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number' && Number.isFinite(v)) || range[0] === range[1]) {
    throw new ArgumentError(`${argument} must be two distinct finite numbers, got ${show(range)}`);
  }
  return [Math.min(range[0], range[1]), Math.max(range[0], range[1])];
}

/** Throws unless `bins` is a valid {@link Bins}. */
export function checkBins(bins: unknown, argument: string): asserts bins is Bins {
  if (typeof bins !== 'object' || bins === null) throw new ArgumentError(`${argument} must be a Bins object, got ${show(bins)}`);
  const { count, min, max } = bins as Record<string, unknown>;
  checkCount(count, `${argument}.count`);
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) {
    throw new ArgumentError(`${argument}.min and .max must be finite with max > min, got min ${show(min)}, max ${show(max)}`);
  }
}

type ArrayKind = typeof Float64Array | typeof Float32Array | typeof Uint8Array;

function checkArray(value: unknown, kinds: readonly ArrayKind[], length: number, name: string, why: string): void {
  if (value === undefined) throw new ArgumentError(`px.${name} is required ${why}`);
  if (!kinds.some((kind) => value instanceof kind)) {
    throw new ArgumentError(`px.${name} must be a ${kinds.map((kind) => kind.name).join(' or ')}, got ${show(value)}`);
  }
  const { length: actual } = value as ArrayLike<number>;
  if (actual !== length) throw new ShapeError(`px.${name} must have length ${length}, got ${actual}`);
}

/**
 * Checks the arrays a splitting needs and returns the number of pixels. `radial`: the radial
 * half-widths or corners of the split; `chi`: the chi arrays, and why they are needed (2D, or a
 * 1D azimuth range), or false.
 */
export function checkPixels(px: unknown, split: Split, radial: boolean, chi: false | '2D' | 'azimuth'): number {
  if (typeof px !== 'object' || px === null) throw new ArgumentError(`px must be a Pixels1d object, got ${show(px)}`);
  const p = px as Pixels1d;
  if (!(p.center instanceof Float64Array)) throw new ArgumentError(`px.center must be a Float64Array, got ${show(p.center)}`);
  const n = p.center.length;
  if (radial && split === 'bbox') checkArray(p.delta, [Float64Array], n, 'delta', 'for bbox splitting');
  if (split === 'full') checkArray(p.corners, [Float32Array, Float64Array], 8 * n, 'corners', 'for full splitting');
  if (chi !== false && split !== 'full') checkArray(p.chi, [Float64Array], n, 'chi', chi === '2D' ? 'in 2D' : 'with an azimuth range');
  if (chi !== false && split === 'bbox') {
    checkArray(p.chiDelta, [Float64Array], n, 'chiDelta', chi === '2D' ? 'for 2D bbox splitting' : 'for bbox splitting with an azimuth range');
  }
  if (p.mask !== undefined) checkArray(p.mask, [Uint8Array], n, 'mask', '');
  return n;
}
