/**
 * The frequency responses of the FBP filters, as scikit-image 0.19's `iradon` builds them
 * (`_get_fourier_filter`): the spatial Ram-Lak filter of Kak & Slaney (eq. 61) transformed with
 * an FFT, times a window.
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { fftRadix2, fftTables } from './fft.js';

/** The filter names, as scikit-image spells them. */
export const FILTER_NAMES = ['ramp', 'shepp-logan', 'cosine', 'hamming', 'hann'] as const;

/**
 * A filter of filtered backprojection: `'ramp'` alone, or the ramp times a window.
 *
 * @example
 * ```ts
 * const name: FilterName = 'shepp-logan';
 * ```
 */
export type FilterName = (typeof FILTER_NAMES)[number];

/**
 * Whether `name` is one of {@link FILTER_NAMES}.
 *
 * @example
 * ```ts
 * isFilterName('hann'); // true
 * ```
 */
export function isFilterName(name: unknown): name is FilterName {
  return (FILTER_NAMES as readonly unknown[]).includes(name);
}

/**
 * The length each projection is padded to before filtering: scikit-image's
 * `max(64, 2 ** ceil(log2(2 * nDet)))`, the smallest power of two at least twice the detector
 * width (so that the circular convolution of the FFT equals the linear one), and at least 64.
 *
 * @example
 * ```ts
 * paddedLength(363); // 1024
 * paddedLength(20); // 64
 * ```
 */
export function paddedLength(nDet: number): number {
  if (!Number.isSafeInteger(nDet) || nDet < 1) throw new ArgumentError(`nDet must be a positive integer; got ${show(nDet)}`);
  let length = 64;
  while (length < 2 * nDet) length *= 2;
  return length;
}

/** numpy's `fftshift` of a window of even length `n`: element k is `w((k + n/2) mod n)`. */
function shifted(n: number, w: (j: number) => number, response: Float64Array): void {
  for (let k = 0; k < n; k++) response[k] *= w((k + n / 2) % n);
}

/**
 * The response `H[k]` (k = 0 … length−1, FFT order) that multiplies the FFT of a padded
 * projection, computed in float64 as scikit-image 0.19 does:
 * - ramp: `2·Re(FFT(h))` of the spatial Ram-Lak kernel `h[0] = 1/4`, `h[n] = −1/(π·n)²` for odd
 *   n (n the circular distance `min(k, length − k)`), 0 for even n;
 * - `'shepp-logan'`: times `sin(ω)/ω` with `ω = π·fftfreq(length)[k]` (k ≥ 1);
 * - `'cosine'`: times `fftshift(sin(linspace(0, π, length, endpoint=False)))`;
 * - `'hamming'`, `'hann'`: times `fftshift(np.hamming(length))`, `fftshift(np.hanning(length))`
 *   (`0.54 − 0.46·cos(2πj/(length−1))`, `0.5 − 0.5·cos(2πj/(length−1))`).
 *
 * @example
 * ```ts
 * const H = filterResponse('hann', paddedLength(512)); // Float64Array(1024)
 * ```
 */
export function filterResponse(name: FilterName, length: number): Float64Array {
  if (!isFilterName(name)) throw new ArgumentError(`name must be one of ${FILTER_NAMES.map((f) => show(f)).join(', ')}; got ${show(name)}`);
  if (!Number.isSafeInteger(length) || length < 2 || (length & (length - 1)) !== 0) {
    throw new ArgumentError(`length must be a power of two of at least 2; got ${show(length)}`);
  }
  const re = new Float64Array(length);
  const im = new Float64Array(length);
  re[0] = 0.25;
  for (let k = 1; k < length; k += 2) {
    const n = Math.min(k, length - k);
    re[k] = -1 / (Math.PI * n) ** 2;
  }
  const tables = fftTables(length);
  fftRadix2(re, im, length, tables.cos, tables.sin, tables.reverse, false);
  const response = re.map((v) => 2 * v);
  if (name === 'shepp-logan') {
    for (let k = 1; k < length; k++) {
      const omega = (Math.PI * (k < length / 2 ? k : k - length)) / length;
      response[k] *= Math.sin(omega) / omega;
    }
  } else if (name === 'cosine') {
    shifted(length, (j) => Math.sin((j * Math.PI) / length), response);
  } else if (name === 'hamming') {
    shifted(length, (j) => 0.54 - 0.46 * Math.cos((2 * Math.PI * j) / (length - 1)), response);
  } else if (name === 'hann') {
    shifted(length, (j) => 0.5 - 0.5 * Math.cos((2 * Math.PI * j) / (length - 1)), response);
  }
  return response;
}
