/**
 * The per-bin weighted quantile of pyFAI's `medfilt1d_ng` (pyFAI 2023 and later) over a CSR
 * matrix, on typed arrays.
 * @module
 */
import type { TypedArray } from '@pandaas/core';
import type { Csr } from '../splitting/types.js';
import { zeroAccumulators, type Accumulators, type Corrections } from '../integrator/engine.js';
import { pixelValues } from './pixel-values.js';

/**
 * Sums over the pixels of each bin that lie between two quantiles of the bin's corrected
 * values, as pyFAI's `medfilt1d_ng` selects them: the bin's valid elements are sorted by s/n
 * (ties in stored order), each covering the slice `[before, before + c.n]` of the cumulated
 * weight W; an element is kept when its slice lies inside `[lo.W, hi.W]`, or when it covers the
 * whole of it (the median, lo = hi = 0.5: the element at the half, or both around it when the
 * half falls between two). `count` is the number of elements kept, as in pyFAI; the variance is
 * sum c^2.v over them, or with the azimuthal model sum c.n.(s/n - mean)^2 around their mean.
 *
 * @example
 * ```ts
 * const median = quantileCsr(csr, corrections, rawValues, 0.5, 0.5);
 * const trimmed = quantileCsr(csr, corrections, rawValues, 0.1, 0.9);
 * ```
 */
export function quantileCsr(csr: Csr, c: Corrections, raw: TypedArray, lo: number, hi: number): Accumulators {
  const px = pixelValues(c, raw);
  const { indptr, indices, weights } = csr;
  const bins = csr.rows;
  const out = zeroAccumulators(bins);
  let longest = 0;
  for (let r = 0; r < bins; r++) longest = Math.max(longest, indptr[r + 1] - indptr[r]);
  const key = new Float64Array(longest);
  const element = new Int32Array(longest);
  const order = new Int32Array(longest);
  const byKey = (a: number, b: number) => key[a] - key[b] || a - b;
  const azimuthal = c.errorModel === 'azimuthal';
  for (let r = 0; r < bins; r++) {
    let m = 0;
    for (let j = indptr[r]; j < indptr[r + 1]; j++) {
      const p = indices[j];
      const w = weights[j];
      if (px.valid[p] === 0 || w === 0 || !Number.isFinite(w)) continue;
      key[m] = px.signal[p] / c.norm[p];
      element[m] = j;
      order[m] = m;
      m++;
    }
    if (m === 0) continue;
    order.subarray(0, m).sort(byKey);
    let total = 0; // cumulated in sorted order, as the selection below: the last element ends exactly at it
    for (let k = 0; k < m; k++) {
      const j = element[order[k]];
      total += weights[j] * c.norm[indices[j]];
    }
    const qlo = lo * total;
    const qhi = hi * total;
    let before = 0;
    let signal = 0;
    let variance = 0;
    let norm = 0;
    let norm2 = 0;
    let count = 0;
    for (let k = 0; k < m; k++) {
      const j = element[order[k]];
      const p = indices[j];
      const w = weights[j];
      const wn = w * c.norm[p];
      const after = before + wn;
      if ((before >= qlo && after <= qhi) || (before <= qlo && after >= qhi)) {
        signal += w * px.signal[p];
        variance += w * w * px.variance[p];
        norm += wn;
        norm2 += wn * wn;
        count++;
      }
      before = after;
    }
    if (azimuthal) {
      // squared deviations of the kept values from their mean, weighted by c.n
      const mean = signal / norm;
      variance = 0;
      before = 0;
      for (let k = 0; k < m; k++) {
        const j = element[order[k]];
        const p = indices[j];
        const wn = weights[j] * c.norm[p];
        const after = before + wn;
        if ((before >= qlo && after <= qhi) || (before <= qlo && after >= qhi)) variance += wn * (key[order[k]] - mean) ** 2;
        before = after;
      }
    }
    out.signal[r] = signal;
    out.variance[r] = variance;
    out.normalization[r] = norm;
    out.normalization2[r] = norm2;
    out.count[r] = count;
  }
  return out;
}
