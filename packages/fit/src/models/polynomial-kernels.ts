/**
 * Kernels of the backgrounds:
 * - polynomial  p[0]·x^d + p[1]·x^(d-1) + ... + p[d]   (silx's order: highest power first, numpy.poly1d)
 * - constant    p[0]                                   (silx's background 'Constant')
 * - linear      p[0] + p[1]·x                          (silx's background 'Constant', 'Slope')
 *
 * Same calling conventions as the peak kernels; self-contained (polynomialJac calls polynomialAdd).
 *
 * @module
 */

/** Adds the degree-`deg` polynomial with coefficients p[o..o+deg] (highest power first) to out. */
export function polynomialAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array, deg: number): void {
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    let v = p[o];
    for (let j = 1; j <= deg; j++) v = v * xi + p[o + j];
    out[i] += v;
  }
}

/** Jacobian rows r..r+deg of {@link polynomialAdd}: row r+j holds x^(deg-j). */
export function polynomialJac(
  n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null, deg: number,
): void {
  const last = (r + deg) * n;
  for (let i = 0; i < n; i++) jac[last + i] = 1;
  for (let j = deg - 1; j >= 0; j--) {
    const row = (r + j) * n;
    for (let i = 0; i < n; i++) jac[row + i] = jac[row + n + i] * x[i];
  }
  if (out !== null) polynomialAdd(n, x, p, o, out, deg);
}

/** Adds the constant p[o] to out. */
export function constantAdd(n: number, _x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const c = p[o];
  for (let i = 0; i < n; i++) out[i] += c;
}

/** Jacobian row r of {@link constantAdd}: all ones. */
export function constantJac(n: number, _x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const row = r * n;
  for (let i = 0; i < n; i++) jac[row + i] = 1;
  if (out !== null) {
    const c = p[o];
    for (let i = 0; i < n; i++) out[i] += c;
  }
}

/** Adds p[o] + p[o+1]·x to out. */
export function linearAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const a = p[o], b = p[o + 1];
  for (let i = 0; i < n; i++) out[i] += a + b * x[i];
}

/** Jacobian rows r, r+1 of {@link linearAdd}: ones, then x. */
export function linearJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const r0 = r * n, r1 = r0 + n;
  const a = p[o], b = p[o + 1];
  for (let i = 0; i < n; i++) {
    jac[r0 + i] = 1;
    jac[r1 + i] = x[i];
    if (out !== null) out[i] += a + b * x[i];
  }
}
