/**
 * The check of the matrix the WebGPU engine is built from: a GPU reads out of range silently
 * (or not at all), so the matrix is checked once, on the CPU, before it is uploaded.
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';
import type { Csr } from '../../splitting/types.js';

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/**
 * Throws when `csr` is not a well-formed matrix: typed arrays of the right kinds and lengths,
 * `indptr` starting at 0 and never decreasing, every column index in `[0, cols)`.
 *
 * @example
 * ```ts
 * checkCsr({ rows: 1, cols: 2, indptr: Int32Array.of(0, 2), indices: Int32Array.of(0, 1), weights: Float32Array.of(1, 1) });
 * ```
 */
export function checkCsr(csr: Csr): void {
  if (csr === null || typeof csr !== 'object') throw new ArgumentError(`csr must be a CSR matrix object; got ${show(csr)}`);
  const { rows, cols, indptr, indices, weights } = csr;
  if (!isCount(rows) || !isCount(cols)) throw new ArgumentError(`csr.rows and csr.cols must be non-negative integers; got ${show(rows)} and ${show(cols)}`);
  if (!(indptr instanceof Int32Array)) throw new ArgumentError(`csr.indptr must be an Int32Array; got ${show(indptr)}`);
  if (!(indices instanceof Int32Array)) throw new ArgumentError(`csr.indices must be an Int32Array; got ${show(indices)}`);
  if (!(weights instanceof Float32Array)) throw new ArgumentError(`csr.weights must be a Float32Array; got ${show(weights)}`);
  if (indptr.length !== rows + 1) throw new ShapeError(`csr.indptr must hold rows + 1 = ${rows + 1} offsets; got ${indptr.length}`);
  if (indices.length !== weights.length) throw new ShapeError(`csr.indices and csr.weights must have one length; got ${indices.length} and ${weights.length}`);
  if (indptr[0] !== 0 || indptr[rows] !== indices.length) {
    throw new ArgumentError(`csr.indptr must run from 0 to the ${indices.length} stored elements; got ${indptr[0]} to ${indptr[rows]}`);
  }
  for (let r = 0; r < rows; r++) {
    if (indptr[r + 1] < indptr[r]) throw new ArgumentError(`csr.indptr must not decrease; got ${indptr[r]} then ${indptr[r + 1]} at row ${r}`);
  }
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    if (i < 0 || i >= cols) throw new ArgumentError(`csr.indices[${j}] must be a pixel index in [0, ${cols}); got ${i}`);
  }
}
