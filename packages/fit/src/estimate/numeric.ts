import { ArgumentError } from '@pandaas/core';

/**
 * The sum of `a[from, from + n)` in numpy's order (pairwise: eight running sums per block of up
 * to 128 values, halves above that), so that sums match `numpy.sum` to the last bit.
 *
 * @example
 * ```ts
 * pairwiseSum(Float64Array.of(1, 2, 3), 0, 3); // 6
 * ```
 */
export function pairwiseSum(a: ArrayLike<number>, from: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[from + i];
    return s;
  }
  if (n <= 128) {
    let r0 = a[from], r1 = a[from + 1], r2 = a[from + 2], r3 = a[from + 3];
    let r4 = a[from + 4], r5 = a[from + 5], r6 = a[from + 6], r7 = a[from + 7];
    const whole = n - (n % 8);
    let i = 8;
    for (; i < whole; i += 8) {
      const k = from + i;
      r0 += a[k]; r1 += a[k + 1]; r2 += a[k + 2]; r3 += a[k + 3];
      r4 += a[k + 4]; r5 += a[k + 5]; r6 += a[k + 6]; r7 += a[k + 7];
    }
    let s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) s += a[from + i];
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
}

/**
 * `numpy.convolve(y, kernel, mode='valid')`: out[k] = Σⱼ kernel[j]·y[k + K − 1 − j] for the
 * y.length − K + 1 positions where the kernel fits.
 *
 * @example
 * ```ts
 * convolveValid(Float64Array.of(1, 2, 3, 4), [1, -1]); // [1, 1, 1]
 * ```
 */
export function convolveValid(y: Float64Array, kernel: readonly number[]): Float64Array {
  const k = kernel.length;
  const out = new Float64Array(Math.max(0, y.length - k + 1));
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let j = k - 1; j >= 0; j--) s += kernel[j] * y[i + k - 1 - j];
    out[i] = s;
  }
  return out;
}

/**
 * Least-squares polynomial coefficients, highest power first, as `numpy.polyfit(x, y, degree)`:
 * the Vandermonde matrix's columns scaled to unit norm, then solved (here by Householder QR,
 * numpy by SVD: the same solution for a full-rank matrix, to rounding). Needs more distinct x
 * values than the degree (an ArgumentError otherwise).
 *
 * @example
 * ```ts
 * polyfit(Float64Array.of(0, 1, 2), Float64Array.of(1, 3, 5), 1); // [2, 1]
 * ```
 */
export function polyfit(x: Float64Array, y: Float64Array, degree: number): Float64Array {
  const n = x.length;
  const k = degree + 1;
  if (n < k) throw new ArgumentError(`a degree-${degree} polynomial needs at least ${k} points; got ${n}`);
  const distinct = new Set(x).size; // fewer: a singular problem, whose "solution" would be rounding noise
  if (distinct < k) throw new ArgumentError(`a degree-${degree} polynomial needs at least ${k} distinct x values; got ${distinct}`);
  // column-major Vandermonde, column j = x^(degree - j), powers by repeated products as numpy.vander
  const a = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let power = 1;
    a[degree * n + i] = 1;
    for (let j = degree - 1; j >= 0; j--) {
      power *= x[i];
      a[j * n + i] = power;
    }
  }
  const scale = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[j * n + i] * a[j * n + i];
    scale[j] = Math.sqrt(s);
    if (scale[j] === 0) scale[j] = 1;
    for (let i = 0; i < n; i++) a[j * n + i] /= scale[j];
  }
  const b = Float64Array.from(y);
  const diag = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    // Householder reflection zeroing column j below the diagonal
    let norm = 0;
    for (let i = j; i < n; i++) norm = Math.hypot(norm, a[j * n + i]);
    const alpha = a[j * n + j] > 0 ? -norm : norm;
    diag[j] = alpha;
    if (norm === 0) continue;
    a[j * n + j] -= alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += a[j * n + i] * a[j * n + i];
    for (let c = j + 1; c < k; c++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += a[j * n + i] * a[c * n + i];
      const f = (2 * dot) / vv;
      for (let i = j; i < n; i++) a[c * n + i] -= f * a[j * n + i];
    }
    let dot = 0;
    for (let i = j; i < n; i++) dot += a[j * n + i] * b[i];
    const f = (2 * dot) / vv;
    for (let i = j; i < n; i++) b[i] -= f * a[j * n + i];
  }
  const coeffs = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    let s = b[j];
    for (let c = j + 1; c < k; c++) s -= a[c * n + j] * coeffs[c];
    coeffs[j] = diag[j] === 0 ? 0 : s / diag[j];
  }
  for (let j = 0; j < k; j++) coeffs[j] /= scale[j];
  return coeffs;
}
