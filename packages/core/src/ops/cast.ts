import { assertDType, type DType } from '../dtype.js';
import type { NdArray } from '../ndarray.js';
import { assertNdArray, runKernel } from './dispatch.js';

/**
 * A copy converted to another dtype. Floats to integers truncate toward zero and saturate at
 * the integer range; NaN becomes 0; integers to other integers wrap around (keep the low bits, as
 * numpy does); anything non-zero (NaN included) becomes `true` as bool.
 *
 * @example
 * ```ts
 * import { array, cast } from '@pandaas/core';
 * await cast(array([-1.7, 300, NaN]), 'uint8'); // [0, 255, 0]
 * ```
 */
export async function cast<D extends DType>(x: NdArray, dtype: D): Promise<NdArray<D>> {
  assertNdArray(x, 'x');
  assertDType(dtype, 'dtype');
  return (await runKernel('cast', { x }, { dtype })) as NdArray<D>;
}
