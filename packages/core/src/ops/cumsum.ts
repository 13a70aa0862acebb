import type { DType } from '../dtype.js';
import { ShapeError } from '../errors.js';
import type { NdArray } from '../ndarray.js';
import { normalizeAxis } from '../shape.js';
import { assertNdArray, runKernel } from './dispatch.js';

const WIDE: Record<DType, DType> = {
  bool: 'uint32', uint8: 'uint32', uint16: 'uint32', uint32: 'uint32',
  int8: 'int32', int16: 'int32', int32: 'int32', float32: 'float32', float64: 'float64',
};

/** Options of {@link cumsum}. */
export interface CumsumOptions {
  /** The axis to scan along (default: the last). */
  axis?: number;
  /** Exclusive scan: element i holds the sum of elements before i (default false). */
  exclusive?: boolean;
}

/**
 * Prefix sums along an axis. Floats keep their dtype; 8- and 16-bit integers widen to int32 or
 * uint32 (bool to uint32); 32-bit integers wrap around as typed arrays do. The exclusive form turns per-row counts into CSR row pointers.
 *
 * @example
 * ```ts
 * import { array, cumsum } from '@pandaas/core';
 * await cumsum(array([3, 1, 2], { dtype: 'int32' }), { exclusive: true }); // [0, 3, 4]
 * ```
 */
export async function cumsum(x: NdArray, options: CumsumOptions = {}): Promise<NdArray> {
  assertNdArray(x, 'x');
  if (x.ndim === 0) throw new ShapeError('x must have at least one axis; got a scalar');
  const axis = normalizeAxis(options.axis ?? -1, x.ndim, 'options.axis');
  return runKernel('cumsum', { x }, { axis, exclusive: options.exclusive ?? false, outDtype: WIDE[x.dtype] });
}
