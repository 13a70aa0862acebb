/**
 * Discrete Fourier transforms of any length along the last axis (internal), on core's `fft`
 * (lengths with prime factors 2, 3, 5, 7 only): smooth lengths directly, others through
 * Bluestein's chirp-z convolution on a smooth length ≥ 2n − 1. numpy's conventions
 * (unnormalised forward, 1/n inverse), float64, in place.
 *
 * @example
 * ```ts
 * await dftLines(re, im, lines, n, false); // numpy.fft.fft along the last axis of [lines, n]
 * ```
 * @module
 */
import { array, fft, ifft, isSmoothLength, type Complex } from '@pandaas/core';
import { nextSmoothLength } from '../preprocess/smooth-length.js';

async function transform(re: Float64Array, im: Float64Array, shape: number[], inverse: boolean): Promise<{ re: Float64Array; im: Float64Array }> {
  const r = array(re, { shape });
  const i = array(im, { shape });
  const out: Complex = inverse ? await ifft(r, i) : await fft(r, i);
  const result = { re: (await out.re.data()).slice() as Float64Array, im: (await out.im.data()).slice() as Float64Array };
  out.re.dispose();
  out.im.dispose();
  return result;
}

/**
 * Transforms each of `lines` contiguous lines of `n` complex values (`re`, `im`) in place.
 *
 * @example
 * ```ts
 * await dftLines(re, im, 4, 459, true); // inverse, scaled by 1/459
 * ```
 */
export async function dftLines(re: Float64Array, im: Float64Array, lines: number, n: number, inverse: boolean): Promise<void> {
  if (isSmoothLength(n)) {
    const out = await transform(re, im, [lines, n], inverse);
    re.set(out.re);
    im.set(out.im);
    return;
  }
  // Bluestein: X_k = conj(w_k)·Σ_j (x_j·conj(w_j))·w_{k−j}, w_m = exp(iπm²/n) (conjugated for the inverse)
  const m = nextSmoothLength(2 * n - 1);
  const sign = inverse ? -1 : 1;
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    wr[k] = Math.cos(angle);
    wi[k] = sign * Math.sin(angle);
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    br[k] = wr[k];
    bi[k] = wi[k];
    if (k > 0) {
      br[m - k] = wr[k];
      bi[m - k] = wi[k];
    }
  }
  const b = await transform(br, bi, [m], false);
  const ar = new Float64Array(lines * m);
  const ai = new Float64Array(lines * m);
  for (let l = 0; l < lines; l++) {
    for (let k = 0; k < n; k++) {
      const xr = re[l * n + k];
      const xi = im[l * n + k];
      ar[l * m + k] = xr * wr[k] + xi * wi[k];
      ai[l * m + k] = xi * wr[k] - xr * wi[k];
    }
  }
  const a = await transform(ar, ai, [lines, m], false);
  for (let l = 0; l < lines; l++) {
    for (let k = 0; k < m; k++) {
      const xr = a.re[l * m + k];
      const xi = a.im[l * m + k];
      a.re[l * m + k] = xr * b.re[k] - xi * b.im[k];
      a.im[l * m + k] = xr * b.im[k] + xi * b.re[k];
    }
  }
  const c = await transform(a.re, a.im, [lines, m], true);
  const scale = inverse ? 1 / n : 1;
  for (let l = 0; l < lines; l++) {
    for (let k = 0; k < n; k++) {
      const xr = c.re[l * m + k];
      const xi = c.im[l * m + k];
      re[l * n + k] = (xr * wr[k] + xi * wi[k]) * scale;
      im[l * n + k] = (xi * wr[k] - xr * wi[k]) * scale;
    }
  }
}
