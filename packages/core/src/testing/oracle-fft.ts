import { allocate } from '../dtype.js';
import type { Logical } from './oracle.js';

/**
 * The discrete Fourier transform along the last axis by its definition (O(n^2) per row, in
 * float64, twiddle angles reduced modulo n for accuracy): forward unnormalised, inverse scaled by
 * 1/n, as numpy's `fft`/`ifft`. Results are stored in the dtype of `re`.
 *
 * @example
 * ```ts
 * const { re, im } = dftOracle(x, undefined, false);
 * ```
 */
export function dftOracle(re: Logical, im: Logical | undefined, inverse: boolean): { re: Logical; im: Logical } {
  const n = re.shape[re.shape.length - 1];
  const rows = n === 0 ? 0 : re.values.length / n;
  const outRe = allocate(re.dtype, re.values.length);
  const outIm = allocate(re.dtype, re.values.length);
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = (inverse ? 1 : -1) * Math.sin((2 * Math.PI * k) / n);
  }
  const scale = inverse ? 1 / n : 1;
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const t = (k * j) % n;
        const xr = re.values[base + j];
        const xi = im === undefined ? 0 : im.values[base + j];
        sr += xr * cos[t] - xi * sin[t];
        si += xr * sin[t] + xi * cos[t];
      }
      outRe[base + k] = sr * scale;
      outIm[base + k] = si * scale;
    }
  }
  return { re: { dtype: re.dtype, shape: [...re.shape], values: outRe }, im: { dtype: re.dtype, shape: [...re.shape], values: outIm } };
}
