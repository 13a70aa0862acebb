/**
 * One level of the discrete wavelet transform and its inverse along one axis of a 2-D array
 * (internal), with PyWavelets' conventions for mode `'symmetric'` (half-sample symmetric
 * extension): `n` samples give `⌊(n + F − 1)/2⌋` coefficients of each kind (F taps), output `o`
 * is `Σ_j f[j]·x[2o + 1 − j]`; the inverse gives `2m − F + 2` samples. Plain loops, float64.
 *
 * @example
 * ```ts
 * const m = coefficientCount(n, 10);
 * ```
 * @module
 */
import type { WaveletFilters } from './daubechies.js';

/**
 * The number of approximation (and detail) coefficients of `n` samples for `taps` filter taps.
 *
 * @example
 * ```ts
 * coefficientCount(100, 10); // 54
 * ```
 */
export function coefficientCount(n: number, taps: number): number {
  return Math.floor((n + taps - 1) / 2);
}

/** Half-sample symmetric extension of index i into [0, n) (repeated for short signals). */
function reflect(i: number, n: number): number {
  const period = 2 * n;
  let t = i % period;
  if (t < 0) t += period;
  return t < n ? t : period - 1 - t;
}

/**
 * Analyses `lines` lines of `n` samples (`src[s0 + l·lineStride + k·step]`) into approximation
 * and detail coefficients written at `a[d0 + l·outLine + o·outStep]` (the same for `d`).
 *
 * @example
 * ```ts
 * analyse(x, 0, cols, 1, rows, cols, f, lo, hi, 0, m, 1); // along the rows of [rows, cols]
 * ```
 */
export function analyse(
  src: Float64Array, s0: number, lineStride: number, step: number, lines: number, n: number, f: WaveletFilters,
  a: Float64Array, d: Float64Array, d0: number, outLine: number, outStep: number,
): void {
  const taps = f.decLo.length;
  const m = coefficientCount(n, taps);
  const lo = f.decLo;
  const hi = f.decHi;
  for (let l = 0; l < lines; l++) {
    const base = s0 + l * lineStride;
    for (let o = 0; o < m; o++) {
      const i = 2 * o + 1;
      let sa = 0;
      let sd = 0;
      if (i - taps + 1 >= 0 && i < n) {
        for (let j = 0; j < taps; j++) {
          const v = src[base + (i - j) * step];
          sa += lo[j] * v;
          sd += hi[j] * v;
        }
      } else {
        for (let j = 0; j < taps; j++) {
          const v = src[base + reflect(i - j, n) * step];
          sa += lo[j] * v;
          sd += hi[j] * v;
        }
      }
      const at = d0 + l * outLine + o * outStep;
      a[at] = sa;
      d[at] = sd;
    }
  }
}

/**
 * Synthesises `lines` lines from `m` approximation and detail coefficients each
 * (`a[s0 + l·lineStride + q·step]`) into `2m − F + 2` samples at `out[d0 + l·outLine + k·outStep]`:
 * `out[k] = Σ_q a[q]·recLo[k + F − 2 − 2q] + d[q]·recHi[k + F − 2 − 2q]`.
 *
 * @example
 * ```ts
 * synthesise(a, d, 0, m, 1, rows, m, f, out, 0, cols, 1);
 * ```
 */
export function synthesise(
  a: Float64Array, d: Float64Array, s0: number, lineStride: number, step: number, lines: number, m: number, f: WaveletFilters,
  out: Float64Array, d0: number, outLine: number, outStep: number,
): void {
  const taps = f.recLo.length;
  const n = 2 * m - taps + 2;
  const lo = f.recLo;
  const hi = f.recHi;
  for (let l = 0; l < lines; l++) {
    const base = s0 + l * lineStride;
    for (let k = 0; k < n; k++) {
      const t = k + taps - 2;
      // q such that 0 <= t − 2q < taps
      const qHi = Math.min(m - 1, t >> 1);
      const qLo = Math.max(0, Math.ceil((t - taps + 1) / 2));
      let s = 0;
      for (let q = qLo; q <= qHi; q++) {
        const j = t - 2 * q;
        const at = base + q * step;
        s += a[at] * lo[j] + d[at] * hi[j];
      }
      out[d0 + l * outLine + k * outStep] = s;
    }
  }
}

/** The four sub-bands of one 2-D level, PyWavelets' `dwt2` names: `cA`, (`cH`, `cV`, `cD`). */
export interface Level2d {
  readonly rows: number;
  readonly cols: number;
  /** Approximation along both axes (`aa`). */
  readonly cA: Float64Array;
  /** Detail along axis 0, approximation along axis 1 (`da`). */
  readonly cH: Float64Array;
  /** Approximation along axis 0, detail along axis 1 (`ad`): where vertical stripes of a sinogram go. */
  readonly cV: Float64Array;
  /** Detail along both axes (`dd`). */
  readonly cD: Float64Array;
}

/**
 * One level of the 2-D DWT of `x` `[rows, cols]` (PyWavelets' `dwt2`, mode `'symmetric'`).
 *
 * @example
 * ```ts
 * const { cA, cV, rows: r, cols: c } = dwt2(x, rows, cols, daubechies(5));
 * ```
 */
export function dwt2(x: Float64Array, rows: number, cols: number, f: WaveletFilters): Level2d {
  const taps = f.decLo.length;
  const mc = coefficientCount(cols, taps);
  const mr = coefficientCount(rows, taps);
  const lo = new Float64Array(rows * mc);
  const hi = new Float64Array(rows * mc);
  analyse(x, 0, cols, 1, rows, cols, f, lo, hi, 0, mc, 1);
  const size = mr * mc;
  const cA = new Float64Array(size);
  const cH = new Float64Array(size);
  const cV = new Float64Array(size);
  const cD = new Float64Array(size);
  analyse(lo, 0, 1, mc, mc, rows, f, cA, cH, 0, 1, mc);
  analyse(hi, 0, 1, mc, mc, rows, f, cV, cD, 0, 1, mc);
  return { rows: mr, cols: mc, cA, cH, cV, cD };
}

/**
 * Inverse of {@link dwt2} (PyWavelets' `idwt2`, mode `'symmetric'`): `[2r − F + 2, 2c − F + 2]`.
 *
 * @example
 * ```ts
 * const { x, rows, cols } = idwt2(level, daubechies(5));
 * ```
 */
export function idwt2(level: Level2d, f: WaveletFilters): { x: Float64Array; rows: number; cols: number } {
  const taps = f.recLo.length;
  const { rows: mr, cols: mc } = level;
  const rows = 2 * mr - taps + 2;
  const cols = 2 * mc - taps + 2;
  const lo = new Float64Array(rows * mc);
  const hi = new Float64Array(rows * mc);
  synthesise(level.cA, level.cH, 0, 1, mc, mc, mr, f, lo, 0, 1, mc);
  synthesise(level.cV, level.cD, 0, 1, mc, mc, mr, f, hi, 0, 1, mc);
  const x = new Float64Array(rows * cols);
  synthesise(lo, hi, 0, mc, 1, rows, mc, f, x, 0, cols, 1); // along the rows: approximation lo, detail hi
  return { x, rows, cols };
}
