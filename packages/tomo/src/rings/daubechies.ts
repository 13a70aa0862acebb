import { ArgumentError, show } from '@pandaas/core';

/** The four filters of an orthogonal wavelet, in PyWavelets' order and conventions. */
export interface WaveletFilters {
  /** Decomposition low-pass (PyWavelets `dec_lo`). */
  readonly decLo: Float64Array;
  /** Decomposition high-pass (`dec_hi`). */
  readonly decHi: Float64Array;
  /** Reconstruction low-pass (`rec_lo`: Daubechies' h_n, Σ = √2). */
  readonly recLo: Float64Array;
  /** Reconstruction high-pass (`rec_hi`). */
  readonly recHi: Float64Array;
}

type C = [re: number, im: number];

const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const sub = (a: C, b: C): C => [a[0] - b[0], a[1] - b[1]];
const div = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const csqrt = (a: C): C => {
  const r = Math.hypot(a[0], a[1]);
  const re = Math.sqrt((r + a[0]) / 2);
  const im = Math.sqrt(Math.max(0, (r - a[0]) / 2));
  return [re, a[1] < 0 ? -im : im];
};

/** Roots of the real polynomial Σ c[k]·y^k (Durand–Kerner iteration). */
function roots(c: readonly number[]): C[] {
  const degree = c.length - 1;
  const lead = c[degree];
  const at = (y: C): C => {
    let v: C = [c[degree] / lead, 0];
    for (let k = degree - 1; k >= 0; k--) v = [v[0] * y[0] - v[1] * y[1] + c[k] / lead, v[0] * y[1] + v[1] * y[0]];
    return v;
  };
  // the customary start: powers of 0.4 + 0.9i
  const z: C[] = [];
  for (let k = 0, w: C = [1, 0]; k < degree; k++, w = mul(w, [0.4, 0.9])) z.push(w);
  for (let iter = 0; iter < 2000; iter++) {
    let moved = 0;
    for (let i = 0; i < degree; i++) {
      let den: C = [1, 0];
      for (let j = 0; j < degree; j++) if (j !== i) den = mul(den, sub(z[i], z[j]));
      const step = div(at(z[i]), den);
      z[i] = sub(z[i], step);
      moved = Math.max(moved, Math.hypot(step[0], step[1]) / Math.max(1, Math.hypot(z[i][0], z[i][1])));
    }
    if (moved < 1e-15) break;
  }
  return z;
}

const cache = new Map<number, WaveletFilters>();

/**
 * The Daubechies wavelet `db<order>` (2·order taps, `order` vanishing moments, extremal phase),
 * computed by spectral factorisation (Daubechies, *Ten Lectures on Wavelets*, 1992, §6.1):
 * |m0(ξ)|² = cos^{2N}(ξ/2)·P(sin²(ξ/2)) with P(y) = Σ_{k<N} C(N−1+k, k)·y^k; each root y of P
 * gives the root z = 1 − 2y − √((1 − 2y)² − 1) inside the unit circle, and h (PyWavelets' `rec_lo`)
 * holds the coefficients of (z + 1)^N·Π(z − z_j), highest power first, scaled to Σh = √2.
 * Orders 1–20 (db1 is Haar).
 *
 * @example
 * ```ts
 * daubechies(2).recLo; // [0.48296, 0.83652, 0.22414, -0.12941]
 * ```
 */
export function daubechies(order: number): WaveletFilters {
  if (!Number.isInteger(order) || order < 1 || order > 20) throw new ArgumentError(`the Daubechies order must be an integer in [1, 20]; got ${show(order)}`);
  const hit = cache.get(order);
  if (hit !== undefined) return hit;
  const p: number[] = [];
  for (let k = 0, binom = 1; k < order; k++) {
    p.push(binom); // C(N − 1 + k, k)
    binom = (binom * (order + k)) / (k + 1);
  }
  let poly: C[] = [[1, 0]]; // coefficients, highest power first
  const times = (r: C) => {
    const next: C[] = poly.map((q) => [q[0], q[1]] as C);
    next.push([0, 0]);
    for (let k = 0; k < poly.length; k++) next[k + 1] = sub(next[k + 1], mul(poly[k], r));
    poly = next;
  };
  for (let k = 0; k < order; k++) times([-1, 0]);
  if (order > 1) {
    for (const y of roots(p)) {
      const b: C = [1 - 2 * y[0], -2 * y[1]];
      const s = csqrt(sub(mul(b, b), [1, 0]));
      const z1 = sub(b, s);
      const z2: C = [b[0] + s[0], b[1] + s[1]];
      times(Math.hypot(z1[0], z1[1]) < Math.hypot(z2[0], z2[1]) ? z1 : z2);
    }
  }
  const h = Float64Array.from(poly, (q) => q[0]);
  const scale = Math.SQRT2 / h.reduce((s, v) => s + v, 0);
  for (let k = 0; k < h.length; k++) h[k] *= scale;
  const n = h.length;
  const decLo = Float64Array.from({ length: n }, (_, k) => h[n - 1 - k]);
  const recHi = Float64Array.from({ length: n }, (_, k) => (k % 2 === 0 ? decLo[k] : -decLo[k]));
  const decHi = Float64Array.from({ length: n }, (_, k) => recHi[n - 1 - k]);
  const filters = { decLo, decHi, recLo: h, recHi };
  cache.set(order, filters);
  return filters;
}
