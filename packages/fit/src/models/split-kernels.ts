/**
 * Kernels of the split (asymmetric) peaks, as silx.math.fit.functions.sum_split*: the FWHM is
 * `LowFWHM` where x < c and `HighFWHM` where x >= c.
 * - splitGaussian     p = [h, c, wLow, wHigh]
 * - splitLorentzian   p = [h, c, wLow, wHigh]
 * - splitPseudoVoigt  p = [h, c, wLow, wHigh, η]
 *
 * Same calling conventions as the peak kernels (`*Add` adds to out; `*Jac` writes rows r...),
 * and the same cut of the gaussian below exp(-200).
 * Self-contained: worker pools compile them from source.
 *
 * Each shape is written out on purpose: one kernel for the three, told which parts to compute,
 * ran the split gaussian's and lorentzian's Jacobians 5 % and 5-19 % slower (measured on 128
 * points; the per-point tests of the shared code cost what the lorentzian's few operations do).
 *
 * @module
 */

/** Adds the split gaussian h·exp(-4 ln2 (x-c)²/w²), w = wLow below c and wHigh above, to out. */
export function splitGaussianAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const h = p[o], c = p[o + 1], wl = p[o + 2], wh = p[o + 3];
  const al = -2.772588722239781 / (wl * wl), ah = -2.772588722239781 / (wh * wh);
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const z = (d < 0 ? al : ah) * d * d;
    out[i] += z < -200 ? 0 : h * Math.exp(z);
  }
}

/** Jacobian rows r..r+3 of {@link splitGaussianAdd}. */
export function splitGaussianJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const h = p[o], c = p[o + 1], wl = p[o + 2], wh = p[o + 3];
  const rh = r * n, rc = rh + n, rl = rc + n, ru = rl + n;
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const low = d < 0;
    const w = low ? wl : wh;
    const b = 5.545177444479562 / (w * w);
    const z = -0.5 * b * d * d;
    const g = z < -200 ? 0 : Math.exp(z);
    const t = h * g * b * d;
    const tw = (t * d) / w;
    jac[rh + i] = g;
    jac[rc + i] = t;
    jac[rl + i] = low ? tw : 0;
    jac[ru + i] = low ? 0 : tw;
    if (out !== null) out[i] += h * g;
  }
}

/** Adds the split lorentzian h/(1 + 4(x-c)²/w²), w = wLow below c and wHigh above, to out. */
export function splitLorentzianAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const h = p[o], c = p[o + 1], sl = 2 / p[o + 2], sh = 2 / p[o + 3];
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const u = d * (d < 0 ? sl : sh);
    out[i] += h / (1 + u * u);
  }
}

/** Jacobian rows r..r+3 of {@link splitLorentzianAdd}. */
export function splitLorentzianJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const h = p[o], c = p[o + 1], wl = p[o + 2], wh = p[o + 3];
  const rh = r * n, rc = rh + n, rl = rc + n, ru = rl + n;
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const low = d < 0;
    const w = low ? wl : wh;
    const u = (2 * d) / w;
    const l = 1 / (1 + u * u);
    const t = (2 * h * u * l * l) / w;
    jac[rh + i] = l;
    jac[rc + i] = 2 * t;
    jac[rl + i] = low ? t * u : 0;
    jac[ru + i] = low ? 0 : t * u;
    if (out !== null) out[i] += h * l;
  }
}

/** Adds the split pseudo-Voigt h·(η L + (1-η) G), both with the side's FWHM, to out. */
export function splitPseudoVoigtAdd(n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array): void {
  const h = p[o], c = p[o + 1], wl = p[o + 2], wh = p[o + 3], eta = p[o + 4];
  const al = -2.772588722239781 / (wl * wl), ah = -2.772588722239781 / (wh * wh);
  const sl = 2 / wl, sh = 2 / wh;
  const hl = h * eta, hg = h * (1 - eta);
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const low = d < 0;
    const u = d * (low ? sl : sh);
    const z = (low ? al : ah) * d * d;
    out[i] += hl / (1 + u * u) + (z < -200 ? 0 : hg * Math.exp(z));
  }
}

/** Jacobian rows r..r+4 of {@link splitPseudoVoigtAdd}. */
export function splitPseudoVoigtJac(n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null): void {
  const h = p[o], c = p[o + 1], wl = p[o + 2], wh = p[o + 3], eta = p[o + 4];
  const hl = h * eta, hg = h * (1 - eta);
  const rh = r * n, rc = rh + n, rl = rc + n, ru = rl + n, re = ru + n;
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    const low = d < 0;
    const w = low ? wl : wh;
    const b = 5.545177444479562 / (w * w);
    const u = (2 * d) / w;
    const l = 1 / (1 + u * u);
    const z = -0.5 * b * d * d;
    const g = z < -200 ? 0 : Math.exp(z);
    const tl = (2 * hl * u * l * l) / w;
    const tg = hg * g * b * d;
    const tw = tl * u + (tg * d) / w;
    jac[rh + i] = eta * l + (1 - eta) * g;
    jac[rc + i] = 2 * tl + tg;
    jac[rl + i] = low ? tw : 0;
    jac[ru + i] = low ? 0 : tw;
    jac[re + i] = h * (l - g);
    if (out !== null) out[i] += hl * l + hg * g;
  }
}
