/**
 * The pixel -> bin sparse matrix (CSR) of an integration, built in two passes over the pixels:
 * count the entries of each bin, then fill preallocated typed arrays (closing the gaps where a
 * splitting counted more than it filled). Rows are bins, columns
 * pixels, pixels ascending in each row — the layout pyFAI's `setup_CSR` gives (2D rows are
 * azimuthal-major here, pyFAI's radial-major).
 *
 * @example
 * ```ts
 * import { buildCsr1d, radialBins } from '@pandaas/integrate';
 * const px = { center: geometry.center('q_nm^-1'), delta: geometry.delta('q_nm^-1') };
 * const csr = buildCsr1d(px, 'bbox', radialBins(px, 'bbox', 1000));
 * ```
 * @module
 */
import { IndexRangeError } from '@pandaas/core';
import { Target } from './target.js';
import type { Bins, Csr, Pixels1d, Split, Split1dOptions } from './types.js';
import { check1d, check2d, run1d, run2d } from './visit.js';

/** Runs `pass` twice (count, then fill) and returns the CSR matrix. */
function twoPass(rows: number, cols: number, pass: (target: Target) => void): Csr {
  const counting = Target.counting(rows);
  pass(counting);
  const indptr = counting.counts!;
  let nnz = 0;
  for (let r = 1; r <= rows; r++) {
    nnz += indptr[r];
    if (nnz > 2 ** 31 - 1) throw new IndexRangeError(`the matrix would hold more than ${2 ** 31 - 1} entries, more than an Int32Array index allows`);
    indptr[r] = nnz;
  }
  const indices = new Int32Array(nnz);
  const weights = new Float32Array(nnz);
  const filling = Target.filling(indptr, indices, weights);
  pass(filling);
  const end = filling.next!;
  for (let r = 0; r < rows; r++) {
    if (end[r] !== indptr[r + 1]) return closeGaps(rows, cols, indptr, end, indices, weights);
  }
  return { rows, cols, indptr, indices, weights };
}

/** The matrix without the unused tails of rows counted larger than filled (row r filled up to `end[r]`). */
function closeGaps(rows: number, cols: number, indptr: Int32Array, end: Int32Array, indices: Int32Array, weights: Float32Array): Csr {
  let nnz = 0;
  for (let r = 0; r < rows; r++) {
    const start = indptr[r];
    indices.copyWithin(nnz, start, end[r]);
    weights.copyWithin(nnz, start, end[r]);
    indptr[r] = nnz;
    nnz += end[r] - start;
  }
  indptr[rows] = nnz;
  return { rows, cols, indptr, indices: indices.slice(0, nnz), weights: weights.slice(0, nnz) };
}

/**
 * The 1D integration matrix: row `bin` holds the share of each pixel in that radial bin
 * (the contributions `visitContributions1d` hands out; the splitting runs twice, to count then to
 * fill). Weights are stored as float32.
 *
 * @example
 * ```ts
 * const csr = buildCsr1d(px, 'full', bins, { azimuthRange: [-Math.PI / 4, Math.PI / 4] });
 * csr.indptr[bins.count] === csr.indices.length; // true
 * ```
 */
export function buildCsr1d(px: Pixels1d, split: Split, bins: Bins, opts: Split1dOptions = {}): Csr {
  const { pixels, azimuth } = check1d(px, split, bins, opts);
  return twoPass(bins.count, pixels, (target) => run1d(px, split, bins, azimuth, target));
}

/**
 * The 2D integration matrix: row `ia * radial.count + ir` holds the share of each pixel in that
 * (radial, azimuthal) cell (the contributions `visitContributions2d` hands out, counted then filled).
 *
 * @example
 * ```ts
 * const csr = buildCsr2d(px, 'bbox', radialBins(px, 'bbox', 500), azimuthalBins(px, 'bbox', 360));
 * csr.rows; // 180000
 * ```
 */
export function buildCsr2d(px: Pixels1d, split: Split, radial: Bins, azimuthal: Bins): Csr {
  const pixels = check2d(px, split, radial, azimuthal);
  return twoPass(radial.count * azimuthal.count, pixels, (target) => run2d(px, split, radial, azimuthal, target));
}
