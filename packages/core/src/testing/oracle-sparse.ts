import { allocate } from '../dtype.js';
import type { Logical } from './oracle.js';

/**
 * The multi-channel CSR product `out[r, c] = sum_j w[j]^powers[c] * x[indices[j], c]`, summed in
 * float64; with `absolute`, the sums of absolute terms (the scale of rounding errors).
 *
 * @example
 * ```ts
 * csrOracle(indptr, indices, weights, x, [1, 2]);
 * ```
 */
export function csrOracle(indptr: Logical, indices: Logical, weights: Logical, x: Logical, powers: readonly number[], absolute = false): Logical {
  const rows = indptr.values.length - 1;
  const channels = x.shape.length === 2 ? x.shape[1] : 1;
  const values = allocate(absolute ? 'float64' : x.dtype, rows * channels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let j = indptr.values[r]; j < indptr.values[r + 1]; j++) {
        const term = weights.values[j] ** powers[c] * x.values[indices.values[j] * channels + c];
        sum += absolute ? Math.abs(term) : term;
      }
      values[r * channels + c] = sum;
    }
  }
  return { dtype: absolute ? 'float64' : x.dtype, shape: x.shape.length === 2 ? [rows, channels] : [rows], values };
}
