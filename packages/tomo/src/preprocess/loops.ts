/**
 * The CPU loops of the preprocessing (internal), self-contained so that the core pool's workers
 * can compile them: series reduction per pixel, flat/dark normalisation and the clipped −log.
 * {@link registerPreprocessLoops} puts them on the pool once.
 *
 * @example
 * ```ts
 * registerPreprocessLoops();
 * await runOnPool([{ name: PREPROCESS_LOOP.minusLog, fns: [], args: [0, n, x, out, 1e-6, 10] }]);
 * ```
 * @module
 */
import { registerPoolLoops, type TypedArray } from '@pandaas/core';

/**
 * Mean or median over the `n` frames (stride `pixels`) of the pixels `[q0, q1)` into `out`;
 * `scratch` holds `n` values. The median of an even count is the mean of the middle two (numpy's).
 *
 * @example
 * ```ts
 * reduceSeriesPixels(0, pixels, n, pixels, values, out, 1, new Float64Array(n));
 * ```
 */
export function reduceSeriesPixels(
  q0: number, q1: number, n: number, pixels: number, values: TypedArray, out: Float32Array, median: number, scratch: Float64Array,
): void {
  for (let q = q0; q < q1; q++) {
    if (median === 0) {
      let s = 0;
      for (let k = 0; k < n; k++) s += values[k * pixels + q];
      out[q] = s / n;
      continue;
    }
    // insertion sort: series hold few frames
    for (let k = 0; k < n; k++) {
      const v = values[k * pixels + q];
      let j = k - 1;
      while (j >= 0 && scratch[j] > v) {
        scratch[j + 1] = scratch[j];
        j--;
      }
      scratch[j + 1] = v;
    }
    const h = n >> 1;
    out[q] = (n & 1) === 1 ? scratch[h] : 0.5 * (scratch[h - 1] + scratch[h]);
  }
}

/**
 * `(P − D) / max(F − D, 1e-6)` for the elements `[e0, e1)` of a `[n, pixels]` stack, with
 * F and D interpolated per projection `j` between two reference images:
 * `F = (1 − wF[j])·flats[loF[j]] + wF[j]·flats[hiF[j]]` (the same for darks).
 *
 * @example
 * ```ts
 * flatFieldRange(0, n * pixels, pixels, proj, flats, loF, hiF, wF, darks, loD, hiD, wD, out);
 * ```
 */
export function flatFieldRange(
  e0: number, e1: number, pixels: number, proj: TypedArray,
  flats: Float32Array, loF: Int32Array, hiF: Int32Array, wF: Float64Array,
  darks: Float32Array, loD: Int32Array, hiD: Int32Array, wD: Float64Array, out: Float32Array,
): void {
  let e = e0;
  while (e < e1) {
    const j = Math.floor(e / pixels);
    const end = Math.min(e1, (j + 1) * pixels);
    const f0 = loF[j] * pixels - j * pixels;
    const f1 = hiF[j] * pixels - j * pixels;
    const d0 = loD[j] * pixels - j * pixels;
    const d1 = hiD[j] * pixels - j * pixels;
    const a = wF[j];
    const b = wD[j];
    for (; e < end; e++) {
      const dark = darks[d0 + e] + b * (darks[d1 + e] - darks[d0 + e]);
      const flat = flats[f0 + e] + a * (flats[f1 + e] - flats[f0 + e]);
      const span = flat - dark;
      out[e] = (proj[e] - dark) / (span > 1e-6 ? span : 1e-6);
    }
  }
}

/**
 * `−ln(clip(x, lo, hi))` for the elements `[e0, e1)`; NaN stays NaN.
 *
 * @example
 * ```ts
 * minusLogRange(0, x.length, x, out, 1e-6, 10);
 * ```
 */
export function minusLogRange(e0: number, e1: number, x: TypedArray, out: Float32Array, lo: number, hi: number): void {
  for (let e = e0; e < e1; e++) {
    const v = x[e];
    out[e] = 0 - Math.log(v < lo ? lo : v > hi ? hi : v); // 0 − so that I = 1 gives +0
  }
}

/** The pool names of the preprocessing loops. */
export const PREPROCESS_LOOP = {
  reduceSeries: 'tomo:reduceSeriesPixels',
  flatField: 'tomo:flatFieldRange',
  minusLog: 'tomo:minusLogRange',
} as const;

let registered = false;

/**
 * Puts the loops of {@link PREPROCESS_LOOP} on the core pool (once).
 *
 * @example
 * ```ts
 * registerPreprocessLoops();
 * ```
 */
export function registerPreprocessLoops(): void {
  if (registered) return;
  registerPoolLoops({
    [PREPROCESS_LOOP.reduceSeries]: reduceSeriesPixels,
    [PREPROCESS_LOOP.flatField]: flatFieldRange,
    [PREPROCESS_LOOP.minusLog]: minusLogRange,
  });
  registered = true;
}
