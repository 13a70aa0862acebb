import { isFloat } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError, show } from '../errors.js';
import type { NdArray } from '../ndarray.js';
import { assertNdArray, runKernel } from './dispatch.js';

/** A CSR sparse matrix: row pointers, column indices and one weight per stored element. */
export interface CsrMatrix {
  /** `rows + 1` row pointers (int32 or uint32), non-decreasing, from 0 to nnz. */
  indptr: NdArray;
  /** Column of each stored element (int32 or uint32), in `[0, columns)`. */
  indices: NdArray;
  /** Weight of each stored element (float32 or float64). */
  weights: NdArray;
}

/** Options of {@link csrSpmv}. */
export interface CsrSpmvOptions {
  /**
   * Power of the weight applied to each channel (0, 1 or 2; default 1 for every channel): pyFAI's
   * sums are `[signal: 1, variance: 2, normalization: 1, normalization^2: 2, count: 0 or 1]`.
   */
  powers?: readonly number[];
}

/**
 * Multi-channel CSR sparse-matrix x vector product, all channels in one pass:
 * `out[r, c] = sum_j weights[j]^powers[c] * x[indices[j], c]`. `x` is `[columns]` or
 * `[columns, channels]` (channel-interleaved); the result is `[rows]` or `[rows, channels]`, of x's
 * dtype. The workhorse of azimuthal integration and histogramming.
 *
 * @example
 * ```ts
 * import { array, csrSpmv } from '@pandaas/core';
 * const m = {
 *   indptr: array([0, 2, 3], { dtype: 'int32' }),
 *   indices: array([0, 1, 1], { dtype: 'int32' }),
 *   weights: array([1, 0.5, 2], { dtype: 'float32' }),
 * };
 * await csrSpmv(m, array([[1, 1], [4, 1]], { dtype: 'float32' }), { powers: [1, 0] }); // [[3, 2], [8, 1]]
 * ```
 */
export async function csrSpmv(matrix: CsrMatrix, x: NdArray, options: CsrSpmvOptions = {}): Promise<NdArray> {
  const { indptr, indices, weights } = matrix ?? ({} as CsrMatrix);
  assertNdArray(indptr, 'matrix.indptr');
  assertNdArray(indices, 'matrix.indices');
  assertNdArray(weights, 'matrix.weights');
  assertNdArray(x, 'x');
  for (const [name, a] of [['matrix.indptr', indptr], ['matrix.indices', indices]] as const) {
    if (a.dtype !== 'int32' && a.dtype !== 'uint32') throw new DTypeError(`${name} must be int32 or uint32; got ${a.dtype}`);
    if (a.ndim !== 1) throw new ShapeError(`${name} must be 1-D; got shape ${show(a.shape)}`);
  }
  if (!isFloat(weights.dtype)) throw new DTypeError(`matrix.weights must be float32 or float64; got ${weights.dtype}`);
  if (!isFloat(x.dtype)) throw new DTypeError(`x must be float32 or float64; got ${x.dtype}`);
  if (indptr.size < 1) throw new ShapeError('matrix.indptr must hold rows + 1 >= 1 pointers; got none');
  if (weights.ndim !== 1 || weights.size !== indices.size) {
    throw new ShapeError(`matrix.weights must be 1-D with one weight per index (${indices.size}); got shape ${show(weights.shape)}`);
  }
  if (x.ndim !== 1 && x.ndim !== 2) throw new ShapeError(`x must be [columns] or [columns, channels]; got shape ${show(x.shape)}`);
  const channels = x.ndim === 2 ? x.shape[1] : 1;
  const powers = options.powers ?? new Array<number>(channels).fill(1);
  if (!Array.isArray(powers) || powers.length !== channels || !powers.every((p) => p === 0 || p === 1 || p === 2)) {
    throw new ArgumentError(`options.powers must list 0, 1 or 2 for each of the ${channels} channels; got ${show(options.powers)}`);
  }
  if (indptr.backend.name === 'cpu') {
    // O(rows): the row pointers must run from 0 to nnz without going back (column indices, O(nnz),
    // are trusted: a matrix is built once and applied to many frames)
    const ptr = indptr.dataSync();
    for (let r = 0; r < ptr.length; r++) {
      const ok = r === 0 ? ptr[0] === 0 : ptr[r] >= ptr[r - 1];
      if (!ok) throw new ArgumentError(`matrix.indptr must start at 0 and never decrease; got ${ptr[r]} at ${r}${r > 0 ? ` after ${ptr[r - 1]}` : ''}`);
    }
    if (ptr[ptr.length - 1] !== indices.size) {
      throw new ShapeError(`matrix.indptr must end at the number of stored elements (${indices.size}); got ${ptr[ptr.length - 1]}`);
    }
  }
  return runKernel('csrSpmv', { indptr, indices, weights, x }, { rows: indptr.size - 1, channels, powers: [...powers] });
}
