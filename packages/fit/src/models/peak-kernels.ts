/**
 * Kernels of the symmetric peaks (silx.math.fit.functions conventions: FWHM, not sigma):
 * - gaussian      h·G,            G = exp(-4 ln2 (x-c)²/w²)
 * - gaussianArea  A·G·2√(ln2/π)/w (unit area)
 * - lorentzian    h·L,            L = 1/(1 + 4(x-c)²/w²)
 * - lorentzianArea A·L·2/(π w)    (unit area)
 * - pseudoVoigt   h·(η L + (1-η) G) and its area form A·(η L_area + (1-η) G_area)
 *
 * The height and area forms of a shape differ only in its amplitude per unit of the first
 * parameter, k = 1 or k = K/w: both forms add their values with one shape kernel
 * (`*ShapeAdd`), and the gaussians share their Jacobian too (`gaussianShapeJac`, where the
 * w-dependence of k adds -k/w to the FWHM derivative). The lorentzian and pseudo-Voigt
 * Jacobians stay written out per form: shared, the height forms ran 4 % and 10 % slower
 * (measured on 128 points), whose few operations per point the extra terms show in.
 *
 * As silx's sum_gauss, G is 0 where 4 ln2 (x-c)²/w² > 200 (below 1.4e-87): Math.exp, the
 * kernels' main cost, is skipped across the far tails.
 *
 * `*Add(n, x, p, o, out)` adds the shape with parameters p[o], p[o+1], ... to out[0..n);
 * `*Jac(n, x, p, o, jac, r, out)` writes its derivatives into rows r, r+1, ... of the
 * parameter-major Jacobian jac[row * n + i] and, when out is not null, adds the values to out in
 * the same pass (a solver's trial step then costs one pass, not two). Self-contained (only
 * `Math` and each other): worker pools compile them from source.
 *
 * @module
 */

/** Adds h·exp(-4 ln2 (x-c)²/w²) to out (the amplitude h already per unit area when an area form calls it). */
export function gaussianShapeAdd(n: number, x: Float64Array, c: number, w: number, h: number, out: Float64Array): void {
  const a = -2.772588722239781 / (w * w);
  for (let i = 0; i < n; i++) {
    const z = a * (x[i] - c) ** 2;
    out[i] += z < -200 ? 0 : h * Math.exp(z);
  }
}

/** Jacobian rows r..r+2 of p[o]·k·G (k = 1, area 0: height form; k = 2√(ln2/π)/w, area 1: area form). */
export function gaussianShapeJac(
  n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null, k: number, area: number,
): void {
  const c = p[o + 1], w = p[o + 2];
  const h = p[o] * k;
  const a = -2.772588722239781 / (w * w);
  const b = 5.545177444479562 / (w * w), iw = 1 / w;
  const rh = r * n, rc = rh + n, rw = rc + n;
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const z = a * d * d;
    const g = z < -200 ? 0 : Math.exp(z);
    const v = h * g;
    jac[rh + i] = k * g;
    jac[rc + i] = v * b * d;
    jac[rw + i] = v * (b * d * d - area) * iw;
    if (out !== null) out[i] += v;
  }
}

/** Adds h·exp(-4 ln2 (x-c)²/w²) (p = [h, c, w] at offset o) to out. */
export function gaussianAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  gaussianShapeAdd(n, x, p[o + 1], p[o + 2], p[o], out);
}

/** Jacobian rows r..r+2 of {@link gaussianAdd}. */
export function gaussianJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  gaussianShapeJac(n, x, p, o, jac, r, out, 1, 0);
}

/** Adds A·2√(ln2/π)/w·exp(-4 ln2 (x-c)²/w²) (p = [A, c, w]) to out. */
export function gaussianAreaAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const w = p[o + 2];
  gaussianShapeAdd(n, x, p[o + 1], w, (p[o] * 0.9394372786996513) / w, out);
}

/** Jacobian rows r..r+2 of {@link gaussianAreaAdd}. */
export function gaussianAreaJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  gaussianShapeJac(n, x, p, o, jac, r, out, 0.9394372786996513 / p[o + 2], 1);
}

/** Adds h/(1 + 4(x-c)²/w²) to out (h per unit area when an area form calls it). */
export function lorentzianShapeAdd(n: number, x: Float64Array, c: number, w: number, h: number, out: Float64Array): void {
  const s = 2 / w;
  for (let i = 0; i < n; i++) {
    const u = (x[i] - c) * s;
    out[i] += h / (1 + u * u);
  }
}

/** Adds h/(1 + 4(x-c)²/w²) (p = [h, c, w]) to out. */
export function lorentzianAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  lorentzianShapeAdd(n, x, p[o + 1], p[o + 2], p[o], out);
}

/** Jacobian rows r..r+2 of {@link lorentzianAdd}. */
export function lorentzianJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const h = p[o], c = p[o + 1], w = p[o + 2];
  const s = 2 / w, hs = h * s;
  const rh = r * n, rc = rh + n, rw = rc + n;
  for (let i = 0; i < n; i++) {
    const u = (x[i] - c) * s;
    const l = 1 / (1 + u * u);
    const t = hs * u * l * l;
    jac[rh + i] = l;
    jac[rc + i] = 2 * t;
    jac[rw + i] = t * u;
    if (out !== null) out[i] += h * l;
  }
}

/** Adds A·(2/(π w))/(1 + 4(x-c)²/w²) (p = [A, c, w]) to out. */
export function lorentzianAreaAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const w = p[o + 2];
  lorentzianShapeAdd(n, x, p[o + 1], w, (p[o] * 0.6366197723675814) / w, out);
}

/** Jacobian rows r..r+2 of {@link lorentzianAreaAdd}. */
export function lorentzianAreaJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const c = p[o + 1], w = p[o + 2];
  const k = 0.6366197723675814 / w;
  const h = p[o] * k;
  const s = 2 / w, iw = 1 / w;
  const rA = r * n, rc = rA + n, rw = rc + n;
  for (let i = 0; i < n; i++) {
    const u = (x[i] - c) * s;
    const l = 1 / (1 + u * u);
    const v = h * l;
    jac[rA + i] = k * l;
    jac[rc + i] = 2 * s * v * u * l;
    jac[rw + i] = v * (2 * u * u * l - 1) * iw;
    if (out !== null) out[i] += v;
  }
}

/** Adds hl·L + hg·G (the lorentzian's and the gaussian's amplitudes) at centre c and FWHM w to out. */
export function pseudoVoigtShapeAdd(n: number, x: Float64Array, c: number, w: number, hl: number, hg: number, out: Float64Array): void {
  const a = -2.772588722239781 / (w * w);
  const s = 2 / w;
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const u = d * s;
    const z = a * d * d;
    out[i] += hl / (1 + u * u) + (z < -200 ? 0 : hg * Math.exp(z));
  }
}

/** Adds h·(η L + (1-η) G) (p = [h, c, w, η]) to out. */
export function pseudoVoigtAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const h = p[o], eta = p[o + 3];
  pseudoVoigtShapeAdd(n, x, p[o + 1], p[o + 2], h * eta, h * (1 - eta), out);
}

/** Jacobian rows r..r+3 of {@link pseudoVoigtAdd}. */
export function pseudoVoigtJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const h = p[o], c = p[o + 1], w = p[o + 2], eta = p[o + 3];
  const a = -2.772588722239781 / (w * w);
  const b = 5.545177444479562 / (w * w);
  const s = 2 / w, iw = 1 / w;
  const hl = h * eta, hg = h * (1 - eta);
  const hls = hl * s, hgb = hg * b;
  const rh = r * n, rc = rh + n, rw = rc + n, re = rw + n;
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const u = d * s;
    const l = 1 / (1 + u * u);
    const z = a * d * d;
    const g = z < -200 ? 0 : Math.exp(z);
    const tl = hls * u * l * l;
    const tg = hgb * g * d;
    jac[rh + i] = eta * l + (1 - eta) * g;
    jac[rc + i] = 2 * tl + tg;
    jac[rw + i] = tl * u + tg * d * iw;
    jac[re + i] = h * (l - g);
    if (out !== null) out[i] += hl * l + hg * g;
  }
}

/** Adds A·(η L_area + (1-η) G_area) (p = [A, c, w, η], both unit-area shapes) to out. */
export function pseudoVoigtAreaAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const A = p[o], w = p[o + 2], eta = p[o + 3];
  pseudoVoigtShapeAdd(n, x, p[o + 1], w, (A * eta * 0.6366197723675814) / w, (A * (1 - eta) * 0.9394372786996513) / w, out);
}

/** Jacobian rows r..r+3 of {@link pseudoVoigtAreaAdd}. */
export function pseudoVoigtAreaJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const A = p[o], c = p[o + 1], w = p[o + 2], eta = p[o + 3];
  const a = -2.772588722239781 / (w * w);
  const b = 5.545177444479562 / (w * w);
  const s = 2 / w;
  const kl = 0.6366197723675814 / w, kg = 0.9394372786996513 / w, iw = 1 / w;
  const hl = A * eta * kl, hg = A * (1 - eta) * kg;
  const rA = r * n, rc = rA + n, rw = rc + n, re = rw + n;
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const u = d * s;
    const l = 1 / (1 + u * u);
    const z = a * d * d;
    const g = z < -200 ? 0 : Math.exp(z);
    const vl = hl * l, vg = hg * g;
    jac[rA + i] = eta * kl * l + (1 - eta) * kg * g;
    jac[rc + i] = 2 * s * vl * u * l + vg * b * d;
    jac[rw + i] = (vl * (2 * u * u * l - 1) + vg * (b * d * d - 1)) * iw;
    jac[re + i] = A * (kl * l - kg * g);
    if (out !== null) out[i] += vl + vg;
  }
}
