/**
 * The steps of Vo's sorting technique on one sinogram (internal), each on all cores through the
 * core pool when the sinogram is large: sort the columns, median-filter along the detector,
 * unsort.
 *
 * @example
 * ```ts
 * const { order, sorted } = await sortByColumn(sino, nA, nD);
 * const smooth = await medianAlongDetector(sorted, nA, nD, 21);
 * const back = await unsort(order, smooth, nA, nD);
 * ```
 * @module
 */
import { allocate, onShared, type TypedArray } from '@pandaas/core';
import { runRanges } from '../sinogram/arrays.js';
import { RING_LOOP, medianAlongRows, registerRingLoops, sortColumns, unsortColumns } from './loops.js';

/** A sinogram sorted along the angles, column by column. */
export interface SortedSinogram {
  /** `order[c·nA + r]`: the angle of rank r in column c. */
  readonly order: Int32Array;
  /** `[nA, nD]`: row r holds the values of rank r. */
  readonly sorted: Float64Array;
}

/**
 * Sorts every column of `sino` `[nA, nD]` along the angles (stable: ties in angle order).
 *
 * @example
 * ```ts
 * const { order, sorted } = await sortByColumn(sino, 180, 256);
 * ```
 */
export async function sortByColumn(sino: TypedArray, nA: number, nD: number): Promise<SortedSinogram> {
  registerRingLoops();
  const x = onShared(sino);
  const order = allocate('int32', nA * nD, true);
  const sorted = allocate('float64', nA * nD, true);
  await runRanges(RING_LOOP.sortColumns, sortColumns, nD, [nA, nD, x, order, sorted], [x, order, sorted], nA * nD * 8);
  return { order, sorted };
}

/**
 * scipy's `median_filter(x, (1, size))` of `x` `[rows, nD]` (mode `'reflect'`).
 *
 * @example
 * ```ts
 * const smooth = await medianAlongDetector(sorted, nA, nD, 21);
 * ```
 */
export async function medianAlongDetector(x: Float64Array, rows: number, nD: number, size: number): Promise<Float64Array> {
  registerRingLoops();
  const input = onShared(x);
  const out = allocate('float64', rows * nD, true);
  await runRanges(RING_LOOP.medianAlongRows, medianAlongRows, rows, [nD, input, out, size, new Float64Array(size)], [input, out], rows * nD * size);
  return out;
}

/**
 * Puts values given by rank (`[nA, nD]`) back at the angles `order` took them from.
 *
 * @example
 * ```ts
 * const back = await unsort(order, smooth, nA, nD);
 * ```
 */
export async function unsort(order: Int32Array, byRank: Float64Array, nA: number, nD: number): Promise<Float64Array> {
  registerRingLoops();
  const input = onShared(byRank);
  const out = allocate('float64', nA * nD, true);
  await runRanges(RING_LOOP.unsortColumns, unsortColumns, nD, [nA, nD, order, input, out], [order, input, out], nA * nD);
  return out;
}
