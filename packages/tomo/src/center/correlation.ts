/**
 * The shift between a projection and the mirror image of its opposite (internal): the
 * cross-correlation of `a` with `fliplr(b)` (summed over rows), its integer peak, then the peak
 * of its band-limited interpolation (the correlation's Fourier series evaluated on a grid
 * 1/upsample apart around the integer peak, and a parabola through the best three points).
 *
 * @example
 * ```ts
 * const d = await mirrorShift(p0, p180, 20); // axis at (nDet - 1 + d) / 2
 * ```
 * @module
 */
import type { Rows } from './inputs.js';
import { nextSmoothLength } from '../preprocess/smooth-length.js';
import { fftRows } from './spectrum.js';

/** The rows of `x` reversed (or not), zero-padded to `length`. */
function padded(x: Rows, length: number, reverse: boolean): Float64Array {
  const out = new Float64Array(x.rows * length);
  for (let r = 0; r < x.rows; r++) {
    for (let j = 0; j < x.cols; j++) out[r * length + j] = x.values[r * x.cols + (reverse ? x.cols - 1 - j : j)];
  }
  return out;
}

/** The vertex of the parabola through (−1, a), (0, b), (1, c), clamped to [−1/2, 1/2]. */
export function parabolaVertex(a: number, b: number, c: number): number {
  const curvature = a - 2 * b + c;
  if (!(curvature !== 0)) return 0;
  return Math.min(0.5, Math.max(-0.5, (0.5 * (a - c)) / curvature));
}

/**
 * The shift d (pixels, sub-pixel) that best aligns the mirror image of `b` with `a`:
 * b(N − 1 − s) ≈ a(s + d). For a projection `a` and the one taken half a turn later `b`
 * (b(s) = a(2c − s)), d = 2c − (N − 1): the axis lies at c = (N − 1 + d) / 2. `a` and `b` have
 * the same rows and columns.
 *
 * @example
 * ```ts
 * const d = await mirrorShift(row0, row180, 20);
 * ```
 */
export async function mirrorShift(a: Rows, b: Rows, upsample: number): Promise<number> {
  const n = a.cols;
  const L = nextSmoothLength(2 * n);
  const fa = await fftRows(padded(a, L, false), undefined, a.rows, L);
  const fb = await fftRows(padded(b, L, true), undefined, b.rows, L);
  // cross-power spectrum summed over rows: correlation c[t] = Σ_s a[s]·b'[s − t]
  const xr = new Float64Array(L);
  const xi = new Float64Array(L);
  for (let r = 0; r < a.rows; r++) {
    for (let k = 0; k < L; k++) {
      const i = r * L + k;
      xr[k] += fa.re[i] * fb.re[i] + fa.im[i] * fb.im[i];
      xi[k] += fa.im[i] * fb.re[i] - fa.re[i] * fb.im[i];
    }
  }
  const corr = await fftRows(xr, xi, 1, L, true);
  let best = 0;
  for (let t = -(n - 1); t <= n - 1; t++) {
    if (corr.re[(t + L) % L] > corr.re[(best + L) % L]) best = t;
  }
  // the band-limited correlation near the integer peak
  const half = Math.ceil(L / 2);
  const value = (t: number): number => {
    let sum = xr[0];
    for (let k = 1; k < half; k++) {
      const phase = (2 * Math.PI * k * t) / L;
      sum += 2 * (xr[k] * Math.cos(phase) - xi[k] * Math.sin(phase));
    }
    if (L % 2 === 0) sum += xr[L / 2] * Math.cos(Math.PI * t);
    return sum;
  };
  const grid = new Float64Array(2 * upsample + 1);
  let top = upsample;
  for (let j = 0; j < grid.length; j++) {
    grid[j] = value(best + (j - upsample) / upsample);
    if (grid[j] > grid[top]) top = j;
  }
  const inner = top > 0 && top < grid.length - 1 ? parabolaVertex(grid[top - 1], grid[top], grid[top + 1]) : 0;
  return best + (top - upsample + inner) / upsample;
}
