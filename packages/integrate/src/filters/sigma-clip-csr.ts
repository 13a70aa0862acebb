/**
 * pyFAI 0.21's sigma clipping over a CSR matrix (`CsrIntegrator.sigma_clip`, what
 * `sigma_clip_ng` runs), on typed arrays.
 * @module
 */
import type { TypedArray } from '@pandaas/core';
import type { Csr } from '../splitting/types.js';
import { zeroAccumulators, type Accumulators, type Corrections } from '../integrator/engine.js';
import { pixelValues, type PixelValues } from './pixel-values.js';

/** The clipping parameters. */
export interface ClipParameters {
  /** The smallest cut-off, in standard deviations (pyFAI's `thres`). */
  readonly thres: number;
  /** The largest number of clipping cycles (pyFAI's `max_iter`). */
  readonly maxIter: number;
}

/** A bin's sums over its kept pixels. */
interface BinSums {
  signal: number;
  variance: number;
  norm: number;
  norm2: number;
  count: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * Sums row `r` over the pixels still kept: plain sums, or with the azimuthal model pyFAI's
 * weighted single-pass update of the squared deviations (weights c.n, values s/n).
 */
function sumRow(csr: Csr, c: Corrections, px: PixelValues, kept: Uint8Array, r: number, azimuthal: boolean, out: BinSums): void {
  let signal = 0;
  let variance = 0;
  let norm = 0;
  let norm2 = 0;
  let count = 0;
  const { indptr, indices, weights } = csr;
  for (let j = indptr[r]; j < indptr[r + 1]; j++) {
    const w = weights[j];
    const p = indices[j];
    if (w === 0 || !Number.isFinite(w) || kept[p] === 0) continue;
    const x = w * px.signal[p];
    const wn = w * c.norm[p];
    if (azimuthal && norm !== 0) {
      const before = norm;
      norm = before + wn;
      const delta = wn * signal - before * x;
      variance += (delta * delta) / (norm * before * wn);
    } else {
      if (!azimuthal) variance += w * w * px.variance[p];
      norm += wn;
    }
    signal += x;
    norm2 += wn * wn;
    count += w;
  }
  out.signal = signal;
  out.variance = variance;
  out.norm = norm;
  out.norm2 = norm2;
  out.count = count;
}

/**
 * Sigma-clipped sums of one frame, bin by bin as pyFAI 0.21 does: integrate the bin; then, at
 * most `maxIter` times, discard every pixel whose corrected value s/n lies further than
 * k.std from the bin's mean, with std = sqrt(sumVariance / sumNormalization) (0.21's definition;
 * later pyFAI versions divide by sumNormalization2) and Chauvenet's criterion
 * k = max(thres, sqrt(2 ln(count / sqrt(2 pi)))), count raised to at least 3; and integrate again,
 * until a cycle discards nothing. The returned count keeps that raise to 3, as pyFAI's does.
 *
 * A discarded pixel is left out of every bin visited afterwards (bins in ascending order): with
 * pixel splitting, where a pixel belongs to several bins, the result depends on that order (in
 * pyFAI on the threads' timing); without splitting it does not.
 *
 * @example
 * ```ts
 * const sums = sigmaClipCsr(csr, corrections, rawValues, { thres: 5, maxIter: 5 });
 * ```
 */
export function sigmaClipCsr(csr: Csr, c: Corrections, raw: TypedArray, params: ClipParameters): Accumulators {
  const px = pixelValues(c, raw);
  const kept = px.valid.slice();
  const bins = csr.rows;
  const out = zeroAccumulators(bins);
  const azimuthal = c.errorModel === 'azimuthal';
  const sums: BinSums = { signal: 0, variance: 0, norm: 0, norm2: 0, count: 0 };
  const { indptr, indices, weights } = csr;
  for (let r = 0; r < bins; r++) {
    sumRow(csr, c, px, kept, r, azimuthal, sums);
    let mean = sums.norm > 0 ? sums.signal / sums.norm : Number.NaN;
    let std = sums.norm > 0 ? Math.sqrt(sums.variance / sums.norm) : Number.NaN;
    for (let cycle = 0; cycle < params.maxIter; cycle++) {
      if (sums.norm === 0 || sums.count === 0) break;
      sums.count = Math.max(3, sums.count);
      const cutoff = Math.max(params.thres, Math.sqrt(2 * Math.log(sums.count / SQRT_2PI))) * std;
      let discarded = 0;
      for (let j = indptr[r]; j < indptr[r + 1]; j++) {
        const p = indices[j];
        const w = weights[j];
        if (w === 0 || !Number.isFinite(w) || kept[p] === 0) continue;
        if (Math.abs(px.signal[p] / c.norm[p] - mean) > cutoff) {
          kept[p] = 0;
          discarded++;
        }
      }
      if (discarded === 0) break;
      sumRow(csr, c, px, kept, r, azimuthal, sums);
      mean = sums.norm !== 0 ? sums.signal / sums.norm : Number.NaN;
      std = sums.norm !== 0 ? Math.sqrt(sums.variance / sums.norm) : Number.NaN;
    }
    out.signal[r] = sums.signal;
    out.variance[r] = sums.variance;
    out.normalization[r] = sums.norm;
    out.normalization2[r] = sums.norm2;
    out.count[r] = sums.count;
  }
  return out;
}
