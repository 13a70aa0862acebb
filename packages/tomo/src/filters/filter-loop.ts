/**
 * The CPU loop of the sinogram filter (self-contained: the pool's workers compile its source).
 * @module
 */
import type { fftRadix2 } from './fft.js';

/**
 * Filters rows `[first, first + count)` of `src` (rows of `nDet` values, contiguous) into the
 * same rows of `dst`: each row is padded to `length` (zeros, or with `edge` its end values:
 * the last value over the first half of the padding, the first over the second half, which the
 * circular convolution of the FFT sees as edge padding on both sides), transformed, multiplied by
 * `response`, transformed back, and its first `nDet` values kept. Two rows share one complex FFT
 * (one as the real part, one as the imaginary part: the response is real and even, so they do
 * not mix). `re` and `im` are float64 scratch arrays of `length`; `fft` is {@link fftRadix2}.
 *
 * @example
 * ```ts
 * const t = fftTables(1024);
 * filterRows(0, rows, 363, 1024, sino, out, response, false, t.cos, t.sin, t.reverse, new Float64Array(1024), new Float64Array(1024), fftRadix2);
 * ```
 */
export function filterRows(
  first: number,
  count: number,
  nDet: number,
  length: number,
  src: Float32Array,
  dst: Float32Array,
  response: Float64Array,
  edge: boolean,
  cos: Float64Array,
  sin: Float64Array,
  reverse: Int32Array,
  re: Float64Array,
  im: Float64Array,
  fft: typeof fftRadix2,
): void {
  const end = first + count;
  const right = length - nDet - Math.floor((length - nDet) / 2);
  for (let r = first; r < end; r += 2) {
    const pair = r + 1 < end;
    const a = r * nDet;
    const b = a + nDet;
    for (let k = 0; k < nDet; k++) {
      re[k] = src[a + k];
      im[k] = pair ? src[b + k] : 0;
    }
    const lastA = edge ? src[a + nDet - 1] : 0;
    const lastB = edge && pair ? src[b + nDet - 1] : 0;
    const firstA = edge ? src[a] : 0;
    const firstB = edge && pair ? src[b] : 0;
    for (let k = nDet; k < nDet + right; k++) {
      re[k] = lastA;
      im[k] = lastB;
    }
    for (let k = nDet + right; k < length; k++) {
      re[k] = firstA;
      im[k] = firstB;
    }
    fft(re, im, length, cos, sin, reverse, false);
    for (let k = 0; k < length; k++) {
      const h = response[k];
      re[k] *= h;
      im[k] *= h;
    }
    fft(re, im, length, cos, sin, reverse, true);
    for (let k = 0; k < nDet; k++) dst[a + k] = re[k];
    if (pair) for (let k = 0; k < nDet; k++) dst[b + k] = im[k];
  }
}
