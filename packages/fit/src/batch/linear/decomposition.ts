/**
 * The one decomposition of a linear batch: Householder QR of the (weighted) design matrix, from
 * which the pseudo-inverse R⁻¹Qᵀ and the covariance (AᵀWA)⁻¹ = R⁻¹R⁻ᵀ follow. QR keeps the
 * design's own condition number (the normal equations would square it), so coefficients agree
 * with numpy's SVD-based `lstsq` to rounding on full-rank designs.
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';

/** What every spectrum's solve reuses. */
export interface LinearDecomposition {
  /** Channels, columns. */
  readonly m: number;
  readonly k: number;
  /** The solve matrix G = R⁻¹Qᵀ·diag(√w), k × m row-major: coefficients = G·y. */
  readonly solve: Float64Array;
  /** (AᵀWA)⁻¹, k × k row-major. */
  readonly covariance: Float64Array;
}

/**
 * Decomposes the design `a` (m × k, row-major) weighted by `sw` (√w per channel: 1/σ; undefined:
 * 1). Throws an ArgumentError naming the column when the design is rank-deficient (a column
 * without effect, or a combination of the others to 1e-10 of its norm).
 *
 * @example
 * ```ts
 * const d = decompose(design, 2048, 30);
 * ```
 */
export function decompose(a: Float64Array, m: number, k: number, sw?: Float64Array): LinearDecomposition {
  // r: the weighted design, reduced in place to R (upper k × k) with the reflectors below it
  const r = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) r[i * k + j] = a[i * k + j] * (sw === undefined ? 1 : sw[i]);
  const norms = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += r[i * k + j] ** 2;
    norms[j] = Math.sqrt(s);
  }
  const tau = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = j; i < m; i++) s += r[i * k + j] ** 2;
    const norm = Math.sqrt(s);
    if (!(norm > 1e-10 * norms[j])) {
      throw new ArgumentError(`design is rank-deficient: column ${j} is ${norms[j] === 0 ? 'all zero' : 'a combination of the columns before it'} (a linear batch needs independent columns)`);
    }
    const alpha = r[j * k + j] > 0 ? -norm : norm;
    // v = x - alpha e1, stored in place below the diagonal with v[j] kept apart
    const v0 = r[j * k + j] - alpha;
    r[j * k + j] = alpha;
    let vv = v0 * v0;
    for (let i = j + 1; i < m; i++) vv += r[i * k + j] ** 2;
    tau[j] = vv === 0 ? 0 : 2 / vv;
    // apply H = I - tau v vᵀ to the columns on the right
    for (let c = j + 1; c < k; c++) {
      let dot = v0 * r[j * k + c];
      for (let i = j + 1; i < m; i++) dot += r[i * k + j] * r[i * k + c];
      const f = tau[j] * dot;
      r[j * k + c] -= f * v0;
      for (let i = j + 1; i < m; i++) r[i * k + c] -= f * r[i * k + j];
    }
    // keep v0 where the reflector can find it: in the reflector column scaled so that v[j] = 1
    for (let i = j + 1; i < m; i++) r[i * k + j] /= v0;
    tau[j] *= v0 * v0;
  }
  // Q (m × k): the reflectors applied, last first, to the first k columns of the identity
  const q = new Float64Array(m * k);
  for (let j = 0; j < k; j++) q[j * k + j] = 1;
  for (let j = k - 1; j >= 0; j--) {
    for (let c = 0; c < k; c++) {
      let dot = q[j * k + c];
      for (let i = j + 1; i < m; i++) dot += r[i * k + j] * q[i * k + c];
      const f = tau[j] * dot;
      q[j * k + c] -= f;
      for (let i = j + 1; i < m; i++) q[i * k + c] -= f * r[i * k + j];
    }
  }
  // G = R⁻¹Qᵀ diag(sw): back substitution for each channel's column of Qᵀ
  const solve = new Float64Array(k * m);
  const z = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    for (let row = k - 1; row >= 0; row--) {
      let s = q[i * k + row];
      for (let c = row + 1; c < k; c++) s -= r[row * k + c] * z[c];
      z[row] = s / r[row * k + row];
    }
    const w = sw === undefined ? 1 : sw[i];
    for (let row = 0; row < k; row++) solve[row * m + i] = z[row] * w;
  }
  // (RᵀR)⁻¹ = R⁻¹R⁻ᵀ, from R⁻¹ (upper triangular)
  const rinv = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    rinv[c * k + c] = 1 / r[c * k + c];
    for (let row = c - 1; row >= 0; row--) {
      let s = 0;
      for (let t = row + 1; t <= c; t++) s += r[row * k + t] * rinv[t * k + c];
      rinv[row * k + c] = -s / r[row * k + row];
    }
  }
  const covariance = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = Math.max(i, j); t < k; t++) s += rinv[i * k + t] * rinv[j * k + t];
      covariance[i * k + j] = s;
    }
  }
  return { m, k, solve, covariance };
}
