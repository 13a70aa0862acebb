/**
 * Kernels of the steps, as silx.math.fit.functions (the FWHM is that of the step's derivative,
 * a gaussian; u = 2√ln2 (x-c)/w = (x-c)/(√2 σ)):
 * - stepUp    h·½(1 + erf u)                    p = [h, c, w]
 * - stepDown  h·½ erfc u                        p = [h, c, w]
 * - slit      h·¼(1 + erf u₁)·erfc u₂,          p = [h, c, w, wBeam], u₁,₂ = 2√ln2 (x - c ± w/2)/wBeam
 * - atan      h·(½ + atan((x-c)/w)/π)           p = [h, c, w]
 *
 * 1 + erf u is computed as erfc(-u), which keeps its relative accuracy far down the tail.
 *
 * erf and erfc come from W. J. Cody's rational Chebyshev approximations (Math. Comp. 23 (1969)
 * 631-637; the coefficients of his CALERF), about 1e-16 relative error: a rational function of x²
 * for |x| <= 0.46875, exp(-x²)·R(|x|) up to 4, and exp(-x²)/|x|·(1/√π + R(1/x²)/x²) beyond, with
 * exp(-x²) split as exp(-s²)·exp(-(x-s)(x+s)), s = x rounded down to 1/16, so that the tail keeps
 * its relative accuracy.
 *
 * Same calling conventions as the peak kernels. Every function here refers only to `Math` and to
 * erfc/erf in this module: a worker compiles them together from their source text.
 *
 * @module
 */
/**
 * The complementary error function erfc(x) = 1 - erf(x), accurate to about 1e-16 relative error
 * (also where it is tiny: erfc(10) ≈ 2.09e-45); 0 from x = 26.6 on, where it is below 1e-308.
 *
 * @example
 * ```ts
 * erfc(0.5); // 0.4795001221869535
 * ```
 */
export function erfc(x: number): number {
  const y = Math.abs(x);
  let r: number;
  if (y <= 0.46875) {
    const z = y * y;
    const num = ((((0.18577770618460315 * z + 3.1611237438705655) * z + 113.86415415105016) * z + 377.485237685302) * z + 3209.3775891384694);
    const den = ((((z + 23.601290952344122) * z + 244.02463793444417) * z + 1282.6165260773723) * z + 2844.236833439171);
    return 1 - (x * num) / den;
  }
  if (y <= 4) {
    const num =
      (((((((2.1531153547440383e-8 * y + 0.5641884969886701) * y + 8.883149794388377) * y + 66.11919063714163) * y +
        298.6351381974001) * y + 881.952221241769) * y + 1712.0476126340707) * y + 2051.0783778260716) * y +
      1230.3393547979972;
    const den =
      (((((((y + 15.744926110709835) * y + 117.6939508913125) * y + 537.1811018620099) * y + 1621.3895745666903) * y +
        3290.7992357334597) * y + 4362.619090143247) * y + 3439.3676741437216) * y + 1230.3393548037495;
    r = num / den;
  } else {
    if (y >= 26.6) return x > 0 ? 0 : 2;
    const z = 1 / (y * y);
    const num = (((((0.016315387137302097 * z + 0.30532663496123236) * z + 0.36034489994980445) * z + 0.12578172611122926) * z +
      0.016083785148742275) * z + 0.0006587491615298378);
    const den = (((((z + 2.568520192289822) * z + 1.8729528499234673) * z + 0.5279051029514285) * z + 0.06051834131244132) * z +
      0.0023352049762686918);
    r = (0.5641895835477563 - (z * num) / den) / y;
  }
  const s = Math.trunc(y * 16) / 16;
  r *= Math.exp(-s * s) * Math.exp(-(y - s) * (y + s));
  return x < 0 ? 2 - r : r;
}

/**
 * The error function erf(x) = 2/√π ∫₀ˣ exp(-t²) dt, accurate to about 1e-16 relative error (also
 * near 0, where it is computed directly rather than as 1 - erfc).
 *
 * @example
 * ```ts
 * erf(0.5); // 0.5204998778130465
 * ```
 */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) {
    const z = y * y;
    const num = ((((0.18577770618460315 * z + 3.1611237438705655) * z + 113.86415415105016) * z + 377.485237685302) * z + 3209.3775891384694);
    const den = ((((z + 23.601290952344122) * z + 244.02463793444417) * z + 1282.6165260773723) * z + 2844.236833439171);
    return (x * num) / den;
  }
  const r = 1 - erfc(y);
  return x < 0 ? -r : r;
}

/** Adds h·½ erfc(σ·2√ln2 (x-c)/w) (p = [h, c, w]) to out: σ = -1 a step up, σ = 1 a step down. */
export function stepAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array, sign: number): void {
  const h = 0.5 * p[o], c = p[o + 1], s = (sign * 1.6651092223153954) / p[o + 2];
  for (let i = 0; i < n; i++) out[i] += h * erfc((x[i] - c) * s);
}

/** Jacobian rows r..r+2 of {@link stepAdd} with the same sign. */
export function stepJac(
  n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null, sign: number,
): void {
  const h = p[o], c = p[o + 1], w = p[o + 2];
  const s = (sign * 1.6651092223153954) / w;
  const k = h * 0.5641895835477563;
  const rh = r * n, rc = rh + n, rw = rc + n;
  for (let i = 0; i < n; i++) {
    const u = (x[i] - c) * s;
    const e = k * Math.exp(-u * u);
    const v = 0.5 * erfc(u);
    jac[rh + i] = v;
    jac[rc + i] = s * e;
    jac[rw + i] = (u * e) / w;
    if (out !== null) out[i] += h * v;
  }
}

/** Adds h·½(1 + erf(2√ln2 (x-c)/w)) (p = [h, c, w]) to out. */
export function stepUpAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  stepAdd(n, x, p, o, out, -1);
}

/** Jacobian rows r..r+2 of {@link stepUpAdd}. */
export function stepUpJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  stepJac(n, x, p, o, jac, r, out, -1);
}

/** Adds h·½ erfc(2√ln2 (x-c)/w) (p = [h, c, w]) to out. */
export function stepDownAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  stepAdd(n, x, p, o, out, 1);
}

/** Jacobian rows r..r+2 of {@link stepDownAdd}. */
export function stepDownJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  stepJac(n, x, p, o, jac, r, out, 1);
}

/** Adds the slit h·¼(1 + erf u₁)·erfc u₂ (p = [h, c, w, wBeam]) to out. */
export function slitAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const h = 0.25 * p[o], c = p[o + 1], half = 0.5 * p[o + 2], s = 1.6651092223153954 / p[o + 3];
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    out[i] += h * erfc(-(d + half) * s) * erfc((d - half) * s);
  }
}

/** Jacobian rows r..r+3 of {@link slitAdd}. */
export function slitJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const h = p[o], c = p[o + 1], w = p[o + 2], wb = p[o + 3];
  const half = 0.5 * w, s = 1.6651092223153954 / wb;
  const k = h * 0.28209479177387814; // h/4 · 2/√π
  const rh = r * n, rc = rh + n, rw = rc + n, rb = rw + n;
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const u1 = (d + half) * s, u2 = (d - half) * s;
    const e1 = erfc(-u1), e2 = erfc(u2);
    const g1 = k * Math.exp(-u1 * u1) * e2; // ∂f/∂u₁
    const g2 = -k * Math.exp(-u2 * u2) * e1; // ∂f/∂u₂
    const v = 0.25 * e1 * e2;
    jac[rh + i] = v;
    jac[rc + i] = -s * (g1 + g2);
    jac[rw + i] = 0.5 * s * (g1 - g2);
    jac[rb + i] = -(u1 * g1 + u2 * g2) / wb;
    if (out !== null) out[i] += h * v;
  }
}

/** Adds h·(½ + atan((x-c)/w)/π) (p = [h, c, w]) to out. */
export function atanAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const h = p[o], c = p[o + 1], w = p[o + 2];
  for (let i = 0; i < n; i++) out[i] += h * (0.5 + Math.atan((x[i] - c) / w) / Math.PI);
}

/** Jacobian rows r..r+2 of {@link atanAdd}. */
export function atanJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const h = p[o], c = p[o + 1], w = p[o + 2];
  const k = -h / (Math.PI * w);
  const rh = r * n, rc = rh + n, rw = rc + n;
  for (let i = 0; i < n; i++) {
    const t = (x[i] - c) / w;
    const q = k / (1 + t * t);
    const v = 0.5 + Math.atan(t) / Math.PI;
    jac[rh + i] = v;
    jac[rc + i] = q;
    jac[rw + i] = q * t;
    if (out !== null) out[i] += h * v;
  }
}
