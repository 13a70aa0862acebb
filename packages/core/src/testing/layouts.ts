import type { NdArray } from '../ndarray.js';

/**
 * How a conformance input is laid out in memory: a contiguous array, a view sliced with steps
 * (+2 on even axes, -2 on odd axes), a transposed view, or a view flipped along every axis.
 */
export type Layout = 'contiguous' | 'strided' | 'transposed' | 'flipped';

/** Every layout, in a stable order. */
export const LAYOUTS: readonly Layout[] = ['contiguous', 'strided', 'transposed', 'flipped'];

/**
 * The shape of the contiguous array that {@link viewOf} turns into a view of `shape`.
 *
 * @example
 * ```ts
 * baseShapeOf([2, 3], 'strided'); // [5, 6]
 * ```
 */
export function baseShapeOf(shape: readonly number[], layout: Layout): number[] {
  if (layout === 'strided') return shape.map((d, ax) => (ax % 2 === 0 ? 2 * d + 1 : 2 * d));
  if (layout === 'transposed') return [...shape].reverse();
  return [...shape];
}

/**
 * A view of `base` (whose shape came from {@link baseShapeOf}) with the layout asked for.
 *
 * @example
 * ```ts
 * viewOf(zeros(baseShapeOf([2, 3], 'strided')), 'strided').shape; // [2, 3]
 * ```
 */
export function viewOf(base: NdArray, layout: Layout): NdArray {
  if (layout === 'strided') return base.slice(...base.shape.map((_, ax) => (ax % 2 === 0 ? [1, null, 2] as const : [null, null, -2] as const)));
  if (layout === 'transposed') return base.transpose();
  if (layout === 'flipped') return base.flip();
  return base.slice();
}
