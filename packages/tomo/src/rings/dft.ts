/**
 * Discrete Fourier transforms of any length along the last axis, in place (internal): the
 * rows transform of ../center/spectrum.ts (core's `fft` for lengths with prime factors 2, 3, 5,
 * 7, Bluestein's chirp-z convolution for the others), with numpy's conventions (unnormalised
 * forward, 1/n inverse), float64.
 *
 * @example
 * ```ts
 * await dftLines(re, im, lines, n, false); // numpy.fft.fft along the last axis of [lines, n]
 * ```
 * @module
 */
import { fftRows } from '../center/spectrum.js';

/**
 * Transforms each of `lines` contiguous lines of `n` complex values (`re`, `im`) in place.
 *
 * @example
 * ```ts
 * await dftLines(re, im, 4, 459, true); // inverse, scaled by 1/459
 * ```
 */
export async function dftLines(re: Float64Array, im: Float64Array, lines: number, n: number, inverse: boolean): Promise<void> {
  const out = await fftRows(re, im, lines, n, inverse);
  re.set(out.re);
  im.set(out.im);
}
