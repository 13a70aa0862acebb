import { isFloat } from '../dtype.js';
import { DTypeError, ShapeError, show } from '../errors.js';
import type { NdArray } from '../ndarray.js';
import { assertNdArray, runKernel } from './dispatch.js';

/** A complex array as two real arrays of the same shape and dtype. */
export interface Complex {
  re: NdArray;
  im: NdArray;
}

/** Whether `n >= 1` has no prime factor other than 2, 3, 5 and 7 (the lengths {@link fft} takes). */
export function isSmoothLength(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  for (const p of [2, 3, 5, 7]) while (n % p === 0) n /= p;
  return n === 1;
}

/**
 * The radices of a Stockham pass sequence for `n` (a 2,3,5,7-smooth length): fours first, one two
 * when the power of two is odd, then threes, fives and sevens.
 *
 * @example
 * ```ts
 * radices(360); // [4, 2, 3, 3, 5]
 * ```
 */
export function radices(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  for (const p of [4, 2, 3, 5, 7]) {
    while (rest % p === 0) {
      out.push(p);
      rest /= p;
    }
  }
  return out;
}

function validate(re: NdArray, im: NdArray | undefined): void {
  assertNdArray(re, 're');
  if (!isFloat(re.dtype)) throw new DTypeError(`re must be float32 or float64; got ${re.dtype}`);
  if (re.ndim < 1) throw new ShapeError('re must have at least one axis; got a scalar');
  const n = re.shape[re.ndim - 1];
  if (!isSmoothLength(n)) throw new ShapeError(`the last axis of re must have a length whose prime factors are 2, 3, 5, 7; got ${n}`);
  if (im !== undefined) {
    assertNdArray(im, 'im');
    if (im.dtype !== re.dtype) throw new DTypeError(`im must have the dtype of re (${re.dtype}); got ${im.dtype}`);
    if (show(im.shape) !== show(re.shape)) throw new ShapeError(`im must have the shape of re ${show(re.shape)}; got ${show(im.shape)}`);
  }
}

/**
 * Batched complex FFT along the last axis, unnormalised forward (numpy's `norm="backward"`).
 * Omit `im` for real input. Lengths: any product of 2, 3, 5 and 7.
 *
 * @example
 * ```ts
 * import { array, fft } from '@pandaas/core';
 * const { re, im } = await fft(array([1, 0, 0, 0], { dtype: 'float32' })); // all ones, zeros
 * ```
 */
export async function fft(re: NdArray, im?: NdArray): Promise<Complex> {
  validate(re, im);
  return runKernel('fft', im === undefined ? { re } : { re, im }, { inverse: false });
}

/**
 * Inverse of {@link fft}, scaled by 1/n (numpy's `ifft`).
 *
 * @example
 * ```ts
 * const back = await ifft(spectrum.re, spectrum.im);
 * ```
 */
export async function ifft(re: NdArray, im: NdArray): Promise<Complex> {
  validate(re, im);
  return runKernel('fft', { re, im }, { inverse: true });
}
