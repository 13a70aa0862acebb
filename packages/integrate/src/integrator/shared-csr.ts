import { allocate, ArgumentError, ShapeError, show } from '@pandaas/core';
import type { Csr } from '../splitting/types.js';

/**
 * Pixels per image band of a {@link BandedCsr}: 128 KiB of float32 frame, 16 rows of an Eiger 4M.
 *
 * @example
 * ```ts
 * bandCsr(csr, invalid, BAND_PIXELS);
 * ```
 */
export const BAND_PIXELS = 32_768;

/**
 * A CSR matrix regrouped by image bands, on SharedArrayBuffers (the pool's workers read it): the
 * elements of row (bin) r whose pixel lies in band k (pixels `k*bandPixels ..`) are
 * `ptr[k*rows + r] .. ptr[k*rows + r + 1]`, in their stored order. Elements of excluded pixels
 * and zero weights are dropped.
 *
 * @example
 * ```ts
 * const m: BandedCsr = bandCsr(csr, invalid);
 * const firstSegmentOfRow5 = [m.ptr[5], m.ptr[6]];
 * ```
 */
export interface BandedCsr {
  readonly rows: number;
  readonly cols: number;
  /** Number of image bands. */
  readonly bands: number;
  /** `bands * rows + 1` segment pointers, band-major. */
  readonly ptr: Int32Array;
  readonly indices: Int32Array;
  readonly weights: Float32Array;
  /** Stored elements. */
  readonly nnz: number;
  /** `rows + 1` cumulative numbers of stored elements per row (to split the work). */
  readonly rowPtr: Int32Array;
}

function checkCsr(csr: Csr, pixels: number): void {
  if (csr === null || typeof csr !== 'object') throw new ArgumentError(`csr must be a CSR matrix { rows, cols, indptr, indices, weights }; got ${show(csr)}`);
  const { rows, cols, indptr, indices, weights } = csr;
  if (!Number.isSafeInteger(rows) || rows < 1) throw new ArgumentError(`csr.rows must be a positive integer; got ${show(rows)}`);
  if (cols !== pixels) throw new ShapeError(`csr.cols must be the number of pixels of the corrections (${pixels}); got ${show(cols)}`);
  if (!(indptr instanceof Int32Array) || indptr.length !== rows + 1) throw new ShapeError(`csr.indptr must be an Int32Array of rows + 1 = ${rows + 1} pointers; got ${show(indptr)}`);
  if (!(indices instanceof Int32Array) || !(weights instanceof Float32Array) || indices.length !== weights.length) {
    throw new ShapeError(`csr.indices (Int32Array) and csr.weights (Float32Array) must have one entry per stored element; got ${show(indices)} and ${show(weights)}`);
  }
  if (indptr[0] !== 0 || indptr[rows] !== indices.length) throw new ShapeError(`csr.indptr must run from 0 to the number of stored elements (${indices.length}); got ${indptr[0]} .. ${indptr[rows]}`);
}

/**
 * A compact, banded, shared copy of `csr` (see {@link BandedCsr}): elements whose pixel is
 * `invalid`, or whose weight is zero or not finite, are dropped (pyFAI skips them too). The image
 * is cut into bands of `bandPixels` pixels, fewer when the matrix has few elements per row (2D
 * integrations), so that segments hold 8 elements or more on average. Throws a ShapeError on a
 * malformed matrix (decreasing row pointers, a column outside the pixels).
 *
 * @example
 * ```ts
 * const m = bandCsr(csr, corrections.invalid);
 * ```
 */
export function bandCsr(csr: Csr, invalid: Uint8Array, bandPixels = BAND_PIXELS): BandedCsr {
  checkCsr(csr, invalid.length);
  const { rows, cols, indptr, indices, weights } = csr;
  const keep = (j: number) => {
    const w = weights[j];
    return invalid[indices[j]] === 0 && w !== 0 && w - w === 0;
  };
  // pass 1: check the matrix, count the kept elements of each row, see whether rows are sorted
  const rowPtr = new Int32Array(rows + 1);
  let sorted = true;
  for (let r = 0; r < rows; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    if (end < start) throw new ShapeError(`csr.indptr must never decrease; got ${end} after ${start} at row ${r + 1}`);
    let kept = 0;
    let last = -1;
    for (let j = start; j < end; j++) {
      const p = indices[j];
      if (!(p >= 0 && p < cols)) throw new ShapeError(`csr.indices[${j}] must be a pixel index in [0, ${cols}); got ${p}`);
      if (p < last) sorted = false;
      last = p;
      if (keep(j)) kept++;
    }
    rowPtr[r + 1] = rowPtr[r] + kept;
  }
  const nnz = rowPtr[rows];
  const bands = Math.max(1, Math.min(Math.ceil(cols / bandPixels), Math.floor(nnz / (8 * rows))));
  const perBand = Math.ceil(cols / bands);
  const ptr = allocate('int32', bands * rows + 1, true) as Int32Array;
  const col = allocate('int32', nnz, true) as Int32Array;
  const wt = allocate('float32', nnz, true) as Float32Array;
  if (!sorted) {
    scatterIntoBands(csr, keep, perBand, ptr, col, wt);
    return { rows, cols, bands, ptr, indices: col, weights: wt, nnz, rowPtr };
  }
  // pixels ascending in each row: walk the rows band by band with one cursor per row, writing the
  // output in order (reads are `rows` sequential streams)
  const cursor = indptr.slice(0, rows);
  let at = 0;
  for (let k = 0; k < bands; k++) {
    const limit = (k + 1) * perBand;
    for (let r = 0; r < rows; r++) {
      const end = indptr[r + 1];
      let j = cursor[r];
      for (; j < end && indices[j] < limit; j++) {
        if (!keep(j)) continue;
        col[at] = indices[j];
        wt[at] = weights[j];
        at++;
      }
      cursor[r] = j;
      ptr[k * rows + r + 1] = at;
    }
  }
  return { rows, cols, bands, ptr, indices: col, weights: wt, nnz, rowPtr };
}

/** The general case of {@link bandCsr} (pixels in any order within a row): count per segment, then scatter. */
function scatterIntoBands(csr: Csr, keep: (j: number) => boolean, perBand: number, ptr: Int32Array, col: Int32Array, wt: Float32Array): void {
  const { rows, indptr, indices, weights } = csr;
  const segments = ptr.length - 1;
  for (let r = 0; r < rows; r++) {
    for (let j = indptr[r]; j < indptr[r + 1]; j++) if (keep(j)) ptr[Math.floor(indices[j] / perBand) * rows + r + 1]++;
  }
  for (let k = 0; k < segments; k++) ptr[k + 1] += ptr[k];
  const fill = ptr.slice(0, segments);
  for (let r = 0; r < rows; r++) {
    for (let j = indptr[r]; j < indptr[r + 1]; j++) {
      if (!keep(j)) continue;
      const at = fill[Math.floor(indices[j] / perBand) * rows + r]++;
      col[at] = indices[j];
      wt[at] = weights[j];
    }
  }
}

/**
 * Splits rows `[0, rows)` into at most `parts` consecutive `[r0, r1)` ranges holding nearly equal
 * numbers of stored elements.
 *
 * @example
 * ```ts
 * splitRows(new Int32Array([0, 10, 10, 40, 100]), 2); // [[0, 3], [3, 4]]
 * ```
 */
export function splitRows(indptr: Int32Array, parts: number): [r0: number, r1: number][] {
  const rows = indptr.length - 1;
  const nnz = indptr[rows];
  const ranges: [number, number][] = [];
  let r0 = 0;
  for (let k = 1; k <= parts && r0 < rows; k++) {
    let r1 = rows;
    if (k < parts) {
      const target = (nnz * k) / parts;
      let lo = r0;
      let hi = rows;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (indptr[mid] < target) lo = mid + 1;
        else hi = mid;
      }
      // the nearer of the boundaries on either side of the target
      if (lo > r0 + 1 && lo <= rows && target - indptr[lo - 1] < indptr[lo] - target) lo--;
      r1 = Math.max(lo, r0 + 1);
    }
    ranges.push([r0, r1]);
    r0 = r1;
  }
  return ranges;
}
