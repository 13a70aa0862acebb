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
 * elements of row (bin) r in band k are `ptr[k*rows + r] .. ptr[k*rows + r + 1]`, in their stored
 * order; band k is pixels `k*perBand .. (k+1)*perBand - 1`, and `indices` holds each element's
 * pixel as an offset from its band's first pixel (16 bits when bands are at most 65 536 pixels).
 * Elements of excluded pixels and zero weights are dropped. Without splitting every weight is 1:
 * `weights` is then empty and `unitWeights` true.
 *
 * @example
 * ```ts
 * const m: BandedCsr = bandCsr(csr, invalid);
 * const pixelOfFirstElement = 0 * m.perBand + m.indices[m.ptr[0]];
 * ```
 */
export interface BandedCsr {
  readonly rows: number;
  readonly cols: number;
  /** Number of image bands. */
  readonly bands: number;
  /** Pixels per band (the last may have fewer). */
  readonly perBand: number;
  /** `bands * rows + 1` segment pointers, band-major. */
  readonly ptr: Int32Array;
  /** Pixel of each element, from its band's first pixel. */
  readonly indices: Uint16Array | Int32Array;
  /** Weight of each element; empty with `unitWeights`. */
  readonly weights: Float32Array;
  /** Every weight is 1 (no splitting). */
  readonly unitWeights: boolean;
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

/** Whether every weight is exactly 1. */
function allOnes(weights: Float32Array): boolean {
  for (let j = 0; j < weights.length; j++) if (weights[j] !== 1) return false;
  return true;
}

/**
 * A compact, banded, shared copy of `csr` (see {@link BandedCsr}): elements whose pixel is
 * `invalid`, or whose weight is zero or not finite, are dropped (pyFAI skips them too). The image
 * is cut into bands of `bandPixels` pixels, fewer when the matrix has few elements per row (2D
 * integrations), so that segments hold 8 elements or more on average. Each row's elements keep
 * their stored order. One pass over the matrix, band by band: the pixels it looks up stay in
 * cache. Throws a ShapeError on a malformed matrix (decreasing row pointers, a column outside the
 * pixels, pixels not ascending within a row).
 *
 * @example
 * ```ts
 * const m = bandCsr(csr, corrections.invalid);
 * ```
 */
export function bandCsr(csr: Csr, invalid: Uint8Array, bandPixels = BAND_PIXELS): BandedCsr {
  checkCsr(csr, invalid.length);
  const { rows, cols, indptr, indices, weights } = csr;
  for (let r = 0; r < rows; r++) {
    if (indptr[r + 1] < indptr[r]) throw new ShapeError(`csr.indptr must never decrease; got ${indptr[r + 1]} after ${indptr[r]} at row ${r + 1}`);
  }
  const stored = indices.length;
  const bands = Math.max(1, Math.min(Math.ceil(cols / bandPixels), Math.floor(stored / (8 * rows))));
  const perBand = Math.ceil(cols / bands);
  const unitWeights = allOnes(weights);
  const ptr = allocate('int32', bands * rows + 1, true);
  // sized for every stored element; a view of the kept ones when some are dropped
  let col = perBand <= 65_536 ? allocate('uint16', stored, true) : allocate('int32', stored, true);
  let wt = allocate('float32', unitWeights ? 0 : stored, true);
  const kept = new Int32Array(rows);
  const cursor = indptr.slice(0, rows);
  let at = 0;
  let bad = -1;
  for (let k = 0; k < bands; k++) {
    const base = k * perBand;
    const limit = k === bands - 1 ? cols : base + perBand;
    for (let r = 0; r < rows; r++) {
      const first = indptr[r];
      const end = indptr[r + 1];
      const from = at;
      let j = cursor[r];
      for (; j < end; j++) {
        const p = indices[j];
        if (p >= limit) break;
        const w = weights[j];
        if ((p < base || (j > first && indices[j - 1] > p)) && bad < 0) bad = j;
        if (invalid[p] !== 0 || w === 0 || w - w !== 0) continue;
        col[at] = p - base;
        if (!unitWeights) wt[at] = w;
        at++;
      }
      if (j < end && k === bands - 1 && bad < 0) bad = j;
      cursor[r] = j;
      kept[r] += at - from;
      ptr[k * rows + r + 1] = at;
    }
  }
  if (bad >= 0) {
    const p = indices[bad];
    if (p >= 0 && p < cols) throw new ShapeError(`csr.indices must ascend within each row; got ${p} after ${indices[bad - 1]} at ${bad}`);
    throw new ShapeError(`csr.indices[${bad}] must be a pixel index in [0, ${cols}); got ${p}`);
  }
  if (at < stored) {
    col = col.subarray(0, at);
    if (!unitWeights) wt = wt.subarray(0, at);
  }
  const rowPtr = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) rowPtr[r + 1] = rowPtr[r] + kept[r];
  return { rows, cols, bands, perBand, ptr, indices: col, weights: wt, unitWeights, nnz: at, rowPtr };
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
