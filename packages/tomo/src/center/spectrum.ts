/**
 * Discrete Fourier transforms of rows of any length (internal), on core's `fft`: lengths whose
 * prime factors are 2, 3, 5 and 7 directly, others by Bluestein's chirp-z identity
 * `X[k] = w[k] · Σⱼ (x[j]·w[j]) · conj(w[k − j])`, `w[j] = exp(∓iπj²/n)`, the convolution done by
 * smooth-length FFTs.
 *
 * @example
 * ```ts
 * const { re, im } = await fftRows(values, undefined, rows, 181); // 181 is prime
 * ```
 * @module
 */
import { array, fft, ifft, isSmoothLength, type NdArray } from '@pandaas/core';
import { nextSmoothLength } from '../preprocess/smooth-length.js';

/** A batch of complex rows, row-major. */
export interface Spectrum {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** The largest length <= n whose prime factors are 2, 3, 5 and 7 (n >= 1). */
export function smoothAtMost(n: number): number {
  let m = Math.floor(n);
  while (m > 1 && !isSmoothLength(m)) m--;
  return m;
}

async function run(re: Float64Array, im: Float64Array, rows: number, n: number, inverse: boolean): Promise<Spectrum> {
  const shape = [rows, n];
  const inputs = [array(re, { shape, backend: 'cpu' }), array(im, { shape, backend: 'cpu' })];
  let out: { re: NdArray; im: NdArray } | undefined;
  try {
    out = inverse ? await ifft(inputs[0], inputs[1]) : await fft(inputs[0], inputs[1]);
    // float64 in, float64 out; on the CPU data() hands over the results' own storage (no copy),
    // which disposing the arrays leaves to the caller
    return { re: (await out.re.data()) as Float64Array, im: (await out.im.data()) as Float64Array };
  } finally {
    for (const a of inputs) a.dispose();
    out?.re.dispose();
    out?.im.dispose();
  }
}

interface Chirp {
  /** The padded (smooth) convolution length. */
  readonly length: number;
  /** w[j] = exp(sign·iπj²/n), j < n. */
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** The FFT of the convolution kernel conj(w) laid out circularly over `length`. */
  readonly kernel: Spectrum;
}

const chirps = new Map<string, Promise<Chirp>>();

function chirp(n: number, inverse: boolean): Promise<Chirp> {
  const key = `${n}:${inverse}`;
  let hit = chirps.get(key);
  if (hit === undefined) {
    hit = (async () => {
      const length = nextSmoothLength(2 * n - 1);
      const sign = inverse ? 1 : -1;
      const re = new Float64Array(n);
      const im = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const phase = (Math.PI * ((j * j) % (2 * n))) / n; // j² mod 2n keeps the phase exact
        re[j] = Math.cos(phase);
        im[j] = sign * Math.sin(phase);
      }
      const kRe = new Float64Array(length);
      const kIm = new Float64Array(length);
      for (let j = 0; j < n; j++) {
        kRe[j] = re[j];
        kIm[j] = -im[j];
        if (j > 0) {
          kRe[length - j] = re[j];
          kIm[length - j] = -im[j];
        }
      }
      return { length, re, im, kernel: await run(kRe, kIm, 1, length, false) };
    })();
    chirps.set(key, hit);
  }
  return hit;
}

/**
 * The DFT of each of `rows` rows of length `n` (`im` omitted for real rows): forward
 * unnormalised (numpy's `fft`), or with `inverse` the conjugate transform over n (numpy's
 * `ifft`).
 *
 * @example
 * ```ts
 * const spectrum = await fftRows(re, im, 4, 362);
 * ```
 */
export async function fftRows(re: Float64Array, im: Float64Array | undefined, rows: number, n: number, inverse = false): Promise<Spectrum> {
  const imag = im ?? new Float64Array(rows * n);
  if (isSmoothLength(n)) return run(re, imag, rows, n, inverse);
  const w = await chirp(n, inverse);
  const L = w.length;
  const aRe = new Float64Array(rows * L);
  const aIm = new Float64Array(rows * L);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      const xr = re[r * n + j];
      const xi = imag[r * n + j];
      aRe[r * L + j] = xr * w.re[j] - xi * w.im[j];
      aIm[r * L + j] = xr * w.im[j] + xi * w.re[j];
    }
  }
  const a = await run(aRe, aIm, rows, L, false);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < L; k++) {
      const ar = a.re[r * L + k];
      const ai = a.im[r * L + k];
      a.re[r * L + k] = ar * w.kernel.re[k] - ai * w.kernel.im[k];
      a.im[r * L + k] = ar * w.kernel.im[k] + ai * w.kernel.re[k];
    }
  }
  const y = await run(a.re, a.im, rows, L, true);
  const outRe = new Float64Array(rows * n);
  const outIm = new Float64Array(rows * n);
  const scale = inverse ? 1 / n : 1;
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < n; k++) {
      const yr = y.re[r * L + k];
      const yi = y.im[r * L + k];
      outRe[r * n + k] = (yr * w.re[k] - yi * w.im[k]) * scale;
      outIm[r * n + k] = (yr * w.im[k] + yi * w.re[k]) * scale;
    }
  }
  return { re: outRe, im: outIm };
}
