/**
 * The pixel -> bin sparse matrix (CSR) of an integration, built in two passes over the pixels:
 * count the entries of each bin, then fill preallocated typed arrays. Rows are bins, columns
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
import type { Bins, Csr, Emit, Pixels1d, Split, Split1dOptions } from './types.js';
import { check1d, check2d, visitContributions1d, visitContributions2d } from './visit.js';

/** Runs `visit` twice (count, then fill) and returns the CSR matrix. */
function twoPass(rows: number, cols: number, visit: (emit: Emit) => void): Csr {
  const indptr = new Int32Array(rows + 1);
  let nnz = 0;
  visit((bin) => {
    indptr[bin + 1]++;
    nnz++;
  });
  if (nnz > 2 ** 31 - 1) throw new IndexRangeError(`the matrix would hold ${nnz} entries, more than an Int32Array index allows`);
  for (let r = 0; r < rows; r++) indptr[r + 1] += indptr[r];
  const indices = new Int32Array(nnz);
  const weights = new Float32Array(nnz);
  const next = indptr.slice(0, rows);
  visit((bin, pixel, weight) => {
    const k = next[bin]++;
    indices[k] = pixel;
    weights[k] = weight;
  });
  return { rows, cols, indptr, indices, weights };
}

/**
 * The 1D integration matrix: row `bin` holds the share of each pixel in that radial bin
 * (semantics of {@link visitContributions1d}, which it runs twice). Weights are stored as float32.
 *
 * @example
 * ```ts
 * const csr = buildCsr1d(px, 'full', bins, { azimuthRange: [-Math.PI / 4, Math.PI / 4] });
 * csr.indptr[bins.count] === csr.indices.length; // true
 * ```
 */
export function buildCsr1d(px: Pixels1d, split: Split, bins: Bins, opts: Split1dOptions = {}): Csr {
  const { pixels } = check1d(px, split, bins, opts);
  return twoPass(bins.count, pixels, (emit) => visitContributions1d(px, split, bins, emit, opts));
}

/**
 * The 2D integration matrix: row `ia * radial.count + ir` holds the share of each pixel in that
 * (radial, azimuthal) cell (semantics of {@link visitContributions2d}, which it runs twice).
 *
 * @example
 * ```ts
 * const csr = buildCsr2d(px, 'bbox', radialBins(px, 'bbox', 500), azimuthalBins(px, 'bbox', 360));
 * csr.rows; // 180000
 * ```
 */
export function buildCsr2d(px: Pixels1d, split: Split, radial: Bins, azimuthal: Bins): Csr {
  const pixels = check2d(px, split, radial, azimuthal);
  return twoPass(radial.count * azimuthal.count, pixels, (emit) => visitContributions2d(px, split, radial, azimuthal, emit));
}
