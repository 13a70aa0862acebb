/**
 * A float64 radix-2 complex FFT for power-of-two lengths, the one the sinogram filter runs on
 * the CPU pool (self-contained: the pool's workers compile its source).
 * @module
 */

/** The tables of {@link fftRadix2} for one length. */
export interface FftTables {
  /** `cos(2πk/n)` for k < n/2. */
  readonly cos: Float64Array;
  /** `sin(2πk/n)` for k < n/2. */
  readonly sin: Float64Array;
  /** The bit-reversal permutation of 0 … n−1. */
  readonly reverse: Int32Array;
}

/**
 * The twiddle factors and bit-reversal permutation of a length-`n` transform (n a power of two).
 *
 * @example
 * ```ts
 * const { cos, sin, reverse } = fftTables(1024);
 * ```
 */
export function fftTables(n: number): FftTables {
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  const reverse = new Int32Array(n);
  const bits = Math.round(Math.log2(n));
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    reverse[i] = r;
  }
  return { cos, sin, reverse };
}

/**
 * In-place iterative Cooley-Tukey FFT of `(re, im)`, length `n` a power of two, with the tables
 * of {@link fftTables}: forward `X[k] = Σ x[j]·e^(−2πijk/n)` (unnormalised, numpy's `fft`), or,
 * with `inverse`, the conjugate transform scaled by 1/n (numpy's `ifft`).
 *
 * @example
 * ```ts
 * const t = fftTables(8);
 * fftRadix2(re, im, 8, t.cos, t.sin, t.reverse, false);
 * ```
 */
export function fftRadix2(re: Float64Array, im: Float64Array, n: number, cos: Float64Array, sin: Float64Array, reverse: Int32Array, inverse: boolean): void {
  for (let i = 0; i < n; i++) {
    const j = reverse[i];
    if (j > i) {
      const r = re[i];
      re[i] = re[j];
      re[j] = r;
      const m = im[i];
      im[i] = im[j];
      im[j] = m;
    }
  }
  const sign = inverse ? 1 : -1;
  // the first two stages without twiddles: pairs (a, a + 1), then (a, a + 2) times 1 and ∓i
  for (let a = 0; a + 1 < n; a += 2) {
    const xr = re[a + 1];
    const xi = im[a + 1];
    re[a + 1] = re[a] - xr;
    im[a + 1] = im[a] - xi;
    re[a] += xr;
    im[a] += xi;
  }
  for (let a = 0; a + 3 < n; a += 4) {
    for (let k = 0; k < 2; k++) {
      const b = a + k + 2;
      const xr = k === 0 ? re[b] : -sign * im[b];
      const xi = k === 0 ? im[b] : sign * re[b];
      re[b] = re[a + k] - xr;
      im[b] = im[a + k] - xi;
      re[a + k] += xr;
      im[a + k] += xi;
    }
  }
  for (let half = 4; half < n; half *= 2) {
    const step = n / (2 * half);
    for (let start = 0; start < n; start += 2 * half) {
      for (let k = 0, w = 0; k < half; k++, w += step) {
        const wr = cos[w];
        const wi = sign * sin[w];
        const a = start + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
  if (inverse) {
    const scale = 1 / n;
    for (let i = 0; i < n; i++) {
      re[i] *= scale;
      im[i] *= scale;
    }
  }
}
