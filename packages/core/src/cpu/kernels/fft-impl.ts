/*
 * Batched complex FFT: a Stockham auto-sort mixed-radix transform (radices 4, 2, 3 with their own
 * butterflies, 5 and 7 through a general small DFT), float64 throughout. Stage `k` of a length-n
 * transform with radix r, m = len / r and stride s (len = n / (product of the radices before),
 * s = n / len) maps
 *
 *   y[q + s*(r*p + t)] = w_len^(p*t) * sum_k x[q + s*(p + k*m)] * w_r^(k*t)
 *
 * for p < m, q < s, t < r, with w_L = exp(dir * 2*pi*i / L), dir = -1 forward, +1 inverse; the
 * output lands in natural order. The plan (see fft-plan.ts) holds, per stage, the roots w_r^j
 * then the twiddles w_len^(p*t) (t >= 1) as cos/sin pairs with the sign left to `dir`.
 * Self-contained: the pool's workers compile their source.
 */

/** A typed array as the loops see it. */
type Values = { [index: number]: number };
/** A radix-2, -3 or -4 stage. */
type Stage = (m: number, s: number, xr: Values, xi: Values, yr: Values, yi: Values, tw: Values, to: number, dir: number) => void;
/** The general stage (any radix). */
type StageN = (
  r: number, m: number, s: number, xr: Values, xi: Values, yr: Values, yi: Values,
  tw: Values, ro: number, to: number, dir: number, gr: Values, gi: Values,
) => void;

/**
 * Radix-2 stage.
 *
 * @example
 * ```ts
 * fftStage2(m, s, xr, xi, yr, yi, plan.twiddles, to, -1); // one forward stage
 * ```
 */
export function fftStage2(m: number, s: number, xr: Values, xi: Values, yr: Values, yi: Values, tw: Values, to: number, dir: number): void {
  for (let p = 0; p < m; p++) {
    const wr = tw[to + 2 * p];
    const wi = dir * tw[to + 2 * p + 1];
    for (let q = 0; q < s; q++) {
      const i0 = q + s * p;
      const i1 = i0 + s * m;
      const ar = xr[i0];
      const ai = xi[i0];
      const br = xr[i1];
      const bi = xi[i1];
      const o = q + 2 * s * p;
      yr[o] = ar + br;
      yi[o] = ai + bi;
      const dr = ar - br;
      const di = ai - bi;
      yr[o + s] = dr * wr - di * wi;
      yi[o + s] = dr * wi + di * wr;
    }
  }
}

/**
 * Radix-3 stage.
 *
 * @example
 * ```ts
 * fftStage3(m, s, xr, xi, yr, yi, plan.twiddles, to, -1);
 * ```
 */
export function fftStage3(m: number, s: number, xr: Values, xi: Values, yr: Values, yi: Values, tw: Values, to: number, dir: number): void {
  const h = dir * 0.8660254037844386; // dir * sqrt(3) / 2
  for (let p = 0; p < m; p++) {
    const t = to + 4 * p;
    const w1r = tw[t];
    const w1i = dir * tw[t + 1];
    const w2r = tw[t + 2];
    const w2i = dir * tw[t + 3];
    for (let q = 0; q < s; q++) {
      const i0 = q + s * p;
      const i1 = i0 + s * m;
      const i2 = i1 + s * m;
      const a0r = xr[i0];
      const a0i = xi[i0];
      const sr = xr[i1] + xr[i2];
      const si = xi[i1] + xi[i2];
      const dr = xr[i1] - xr[i2];
      const di = xi[i1] - xi[i2];
      const cr = a0r - 0.5 * sr;
      const ci = a0i - 0.5 * si;
      // w_3 = -1/2 + i*dir*sqrt(3)/2: b1 = c + i*h*d, b2 = c - i*h*d
      const b1r = cr - h * di;
      const b1i = ci + h * dr;
      const b2r = cr + h * di;
      const b2i = ci - h * dr;
      const o = q + 3 * s * p;
      yr[o] = a0r + sr;
      yi[o] = a0i + si;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
    }
  }
}

/**
 * Radix-4 stage.
 *
 * @example
 * ```ts
 * fftStage4(m, s, xr, xi, yr, yi, plan.twiddles, to, 1); // one inverse stage
 * ```
 */
export function fftStage4(m: number, s: number, xr: Values, xi: Values, yr: Values, yi: Values, tw: Values, to: number, dir: number): void {
  for (let p = 0; p < m; p++) {
    const t = to + 6 * p;
    const w1r = tw[t];
    const w1i = dir * tw[t + 1];
    const w2r = tw[t + 2];
    const w2i = dir * tw[t + 3];
    const w3r = tw[t + 4];
    const w3i = dir * tw[t + 5];
    for (let q = 0; q < s; q++) {
      const i0 = q + s * p;
      const i1 = i0 + s * m;
      const i2 = i1 + s * m;
      const i3 = i2 + s * m;
      const t0r = xr[i0] + xr[i2];
      const t0i = xi[i0] + xi[i2];
      const t1r = xr[i0] - xr[i2];
      const t1i = xi[i0] - xi[i2];
      const t2r = xr[i1] + xr[i3];
      const t2i = xi[i1] + xi[i3];
      // (a1 - a3) * w_4, with w_4 = i*dir
      const t3r = -dir * (xi[i1] - xi[i3]);
      const t3i = dir * (xr[i1] - xr[i3]);
      const b1r = t1r + t3r;
      const b1i = t1i + t3i;
      const b2r = t0r - t2r;
      const b2i = t0i - t2i;
      const b3r = t1r - t3r;
      const b3i = t1i - t3i;
      const o = q + 4 * s * p;
      yr[o] = t0r + t2r;
      yi[o] = t0i + t2i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i;
      yi[o + 3 * s] = b3r * w3i + b3i * w3r;
    }
  }
}

/**
 * A stage of any radix r (used for 5 and 7): a direct r-point DFT per butterfly, `gr`/`gi` scratch of r.
 *
 * @example
 * ```ts
 * fftStageN(7, m, s, xr, xi, yr, yi, plan.twiddles, ro, to, -1, new Float64Array(7), new Float64Array(7));
 * ```
 */
export function fftStageN(
  r: number, m: number, s: number, xr: Values, xi: Values, yr: Values, yi: Values,
  tw: Values, ro: number, to: number, dir: number, gr: Values, gi: Values,
): void {
  for (let p = 0; p < m; p++) {
    const t0 = to + 2 * (r - 1) * p;
    for (let q = 0; q < s; q++) {
      for (let k = 0; k < r; k++) {
        gr[k] = xr[q + s * (p + k * m)];
        gi[k] = xi[q + s * (p + k * m)];
      }
      const o = q + r * s * p;
      for (let t = 0; t < r; t++) {
        let br = 0;
        let bi = 0;
        for (let k = 0, j = 0; k < r; k++) {
          const cr = tw[ro + 2 * j];
          const ci = dir * tw[ro + 2 * j + 1];
          br += gr[k] * cr - gi[k] * ci;
          bi += gr[k] * ci + gi[k] * cr;
          j += t;
          if (j >= r) j -= r;
        }
        if (t === 0) {
          yr[o] = br;
          yi[o] = bi;
        } else {
          const wr = tw[t0 + 2 * (t - 1)];
          const wi = dir * tw[t0 + 2 * (t - 1) + 1];
          yr[o + t * s] = br * wr - bi * wi;
          yi[o + t * s] = br * wi + bi * wr;
        }
      }
    }
  }
}

/**
 * Transforms rows `first <= row < first + count` of length n, stored contiguously from `offset`
 * (row k at `offset + k*n`) in `re`/`im`, in place, scaled by `scale`. `radices`/`tw` come from the
 * plan; `ar, ai, br, bi` are float64 scratch of n, `gr, gi` of 7; the stages come last.
 *
 * @example
 * ```ts
 * const plan = fftPlan(n);
 * fftRows(0, rows, n, re, im, 0, plan.radices, plan.twiddles, false, 1, ...scratch, fftStage2, fftStage3, fftStage4, fftStageN);
 * ```
 */
export function fftRows(
  first: number, count: number, n: number, re: Values, im: Values, offset: number,
  radices: ArrayLike<number>, tw: Values, inverse: boolean, scale: number,
  ar: Values, ai: Values, br: Values, bi: Values, gr: Values, gi: Values,
  stage2: Stage, stage3: Stage, stage4: Stage, stageN: StageN,
): void {
  const dir = inverse ? 1 : -1;
  for (let row = first; row < first + count; row++) {
    const base = offset + row * n;
    for (let i = 0; i < n; i++) {
      ar[i] = re[base + i];
      ai[i] = im[base + i];
    }
    let xr = ar;
    let xi = ai;
    let yr = br;
    let yi = bi;
    let len = n;
    let s = 1;
    let ro = 0;
    for (let k = 0; k < radices.length; k++) {
      const r = radices[k];
      const m = len / r;
      const to = ro + 2 * r;
      if (r === 4) stage4(m, s, xr, xi, yr, yi, tw, to, dir);
      else if (r === 2) stage2(m, s, xr, xi, yr, yi, tw, to, dir);
      else if (r === 3) stage3(m, s, xr, xi, yr, yi, tw, to, dir);
      else stageN(r, m, s, xr, xi, yr, yi, tw, ro, to, dir, gr, gi);
      ro = to + 2 * (r - 1) * m;
      const tr = xr;
      const ti = xi;
      xr = yr;
      xi = yi;
      yr = tr;
      yi = ti;
      len = m;
      s *= r;
    }
    for (let i = 0; i < n; i++) {
      re[base + i] = xr[i] * scale;
      im[base + i] = xi[i] * scale;
    }
  }
}
