import { allocate, type DType } from '../dtype.js';
import type { Logical } from './oracle.js';

/**
 * The output dtype of `cumsum`: floats kept, signed integers to int32, unsigned and bool to uint32.
 *
 * @example
 * ```ts
 * cumsumDtype('uint8'); // 'uint32'
 * ```
 */
export function cumsumDtype(dtype: DType): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  return dtype.startsWith('int') ? 'int32' : 'uint32';
}

/**
 * Prefix sums along `axis` (float64 running sums, stored, and so wrapped, in the output dtype).
 *
 * @example
 * ```ts
 * cumsumOracle(x, 1, true); // exclusive scan along axis 1
 * ```
 */
export function cumsumOracle(x: Logical, axis: number, exclusive: boolean): Logical {
  const dtype = cumsumDtype(x.dtype);
  const values = allocate(dtype, x.values.length);
  const n = x.shape[axis];
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const index = (o * n + i) * inner + k;
        if (exclusive) values[index] = sum;
        sum += x.values[index];
        if (!exclusive) values[index] = sum;
      }
    }
  }
  return { dtype, shape: [...x.shape], values };
}
