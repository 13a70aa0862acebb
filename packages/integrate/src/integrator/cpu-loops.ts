/*
 * The CPU engines' hot loops.
 *
 * The CSR engine's run over a range of bins of a banded CSR matrix (see `bandCsr`): the stored
 * elements of bin r that fall in the image band k are `ptr[k*rows + r] .. ptr[k*rows + r + 1]`,
 * pixels ascending, each stored as its offset from the band's first pixel `k*perBand`. Going band
 * by band keeps the frame's pixels that a pass touches within a few pages (the TLB and L2 hold
 * them); each bin's running sums are carried from band to band, so every sum is float64 in the
 * order of the bin's pixels, as pyFAI's single pass over a CSR row. One thread owns each bin: any
 * split of the bins gives the same result bit for bit.
 *
 * The per-frame gather tests nothing per element: an invalid raw value (NaN, infinite; dummy
 * values are turned into NaN first by `prepareFrame`) makes its bin's sums non-finite, and only
 * such bins are summed again, skipping the invalid pixels. Statically invalid pixels are not in
 * the matrix at all.
 *
 * The histogram engine's scatter functions are the `put` the splitting loops call on the pool's
 * workers, each chunk of pixels into accumulators of its own, merged afterwards by `mergeChunks`.
 *
 * Self-contained: the core pool's workers compile their source text, so the loops use no imports
 * and no outer names.
 */

/** A typed array as the loops see it. */
type Values = { [index: number]: number };

/**
 * `mode` of {@link csrIntegrateRows}: no variance.
 *
 * @example
 * ```ts
 * const mode = errorModel === 'none' ? VARIANCE_NONE : VARIANCE_POISSON;
 * ```
 */
export const VARIANCE_NONE = 0;
/**
 * Poisson variance: max(raw, 1), as pyFAI's preprocessing.
 *
 * @example
 * ```ts
 * const mode = errorModel === 'poisson' ? VARIANCE_POISSON : VARIANCE_NONE;
 * ```
 */
export const VARIANCE_POISSON = 1;
/**
 * Variance read from the corrections' variance array.
 *
 * @example
 * ```ts
 * const mode = errorModel === 'variance' ? VARIANCE_ARRAY : VARIANCE_NONE;
 * ```
 */
export const VARIANCE_ARRAY = 2;

/**
 * Per-bin sums of the static part, once per plan, bins `r0 <= r < r1`: `norm = sum w.n`,
 * `norm2 = sum (w.n)^2`, `count = sum w`, `dark = sum w.dark` and `variance = sum w^2.v` (the last
 * two 0 when `hasDark`/`hasVariance` is 0). Weights are 1 when `hasWeights` is 0.
 *
 * @example
 * ```ts
 * csrStaticSums(0, rows, rows, bands, perBand, ptr, indices, weights, 1, norm, dark, 1, variance, 0, sNorm, sNorm2, sCount, sDark, sVariance);
 * ```
 */
export function csrStaticSums(
  r0: number, r1: number, rows: number, bands: number, perBand: number,
  ptr: Values, indices: Values, weights: Values, hasWeights: number,
  norm: Values, dark: Values, hasDark: number, variance: Values, hasVariance: number,
  outNorm: Values, outNorm2: Values, outCount: Values, outDark: Values, outVariance: Values,
): void {
  for (let r = r0; r < r1; r++) {
    outNorm[r] = 0;
    outNorm2[r] = 0;
    outCount[r] = 0;
    outDark[r] = 0;
    outVariance[r] = 0;
  }
  for (let k = 0; k < bands; k++) {
    const base = k * rows;
    const first = k * perBand;
    for (let r = r0; r < r1; r++) {
      const start = ptr[base + r];
      const end = ptr[base + r + 1];
      if (start === end) continue;
      let n1 = outNorm[r];
      let n2 = outNorm2[r];
      let c = outCount[r];
      let d = outDark[r];
      let v = outVariance[r];
      for (let j = start; j < end; j++) {
        const p = first + indices[j];
        const w = hasWeights !== 0 ? weights[j] : 1;
        const wn = w * norm[p];
        n1 += wn;
        n2 += wn * wn;
        c += w;
        if (hasDark !== 0) d += w * dark[p];
        if (hasVariance !== 0) v += w * w * variance[p];
      }
      outNorm[r] = n1;
      outNorm2[r] = n2;
      outCount[r] = c;
      outDark[r] = d;
      outVariance[r] = v;
    }
  }
}

/**
 * Copies raw values `[p0, p1)` into a float32 frame, dummy values (within `deltaDummy`) turned
 * into NaN so that the gather treats them as any invalid value. pyFAI works in float32 too.
 *
 * @example
 * ```ts
 * prepareFrame(0, n, raw, scratch, -2, 1.5);
 * ```
 */
export function prepareFrame(p0: number, p1: number, raw: Values, out: Values, dummy: number, deltaDummy: number): void {
  for (let p = p0; p < p1; p++) {
    const x = raw[p];
    out[p] = Math.abs(x - dummy) <= deltaDummy ? NaN : x;
  }
}

/**
 * One frame, error models none / poisson / variance (`mode` 0 / 1 / 2), bins `r0 <= r < r1`:
 * `signal = sum w.(raw - dark)`, `variance = sum w^2.v`, the normalization sums. Bins whose
 * gathered sums are finite take the static sums (signal minus the static dark sum); the others
 * met invalid pixels and are summed again over their valid pixels. Weights are 1 when
 * `hasWeights` is 0. Returns the number of bins summed again.
 *
 * @example
 * ```ts
 * csrIntegrateRows(0, rows, rows, bands, perBand, ptr, indices, weights, 1, raw, dark, 1, variance, 1,
 *   norm, sNorm, sNorm2, sCount, sDark, sVariance, signal, variance, normalization, normalization2, count);
 * ```
 */
export function csrIntegrateRows(
  r0: number, r1: number, rows: number, bands: number, perBand: number,
  ptr: Values, indices: Values, weights: Values, hasWeights: number,
  raw: Values, dark: Values, hasDark: number, variance: Values, mode: number,
  norm: Values, staticNorm: Values, staticNorm2: Values, staticCount: Values, staticDark: Values, staticVariance: Values,
  outSignal: Values, outVariance: Values, outNorm: Values, outNorm2: Values, outCount: Values,
): number {
  for (let r = r0; r < r1; r++) {
    outSignal[r] = 0;
    outVariance[r] = 0;
  }
  for (let k = 0; k < bands; k++) {
    const base = k * rows;
    const first = k * perBand;
    for (let r = r0; r < r1; r++) {
      const start = ptr[base + r];
      const end = ptr[base + r + 1];
      if (start === end) continue;
      let s = outSignal[r];
      if (mode === 1) {
        let v = outVariance[r];
        if (hasWeights !== 0) {
          for (let j = start; j < end; j++) {
            const x = raw[first + indices[j]];
            const w = weights[j];
            s += w * x;
            v += w * w * (x > 1 ? x : 1);
          }
        } else {
          for (let j = start; j < end; j++) {
            const x = raw[first + indices[j]];
            s += x;
            v += x > 1 ? x : 1;
          }
        }
        outVariance[r] = v;
      } else if (hasWeights !== 0) {
        for (let j = start; j < end; j++) s += weights[j] * raw[first + indices[j]];
      } else {
        for (let j = start; j < end; j++) s += raw[first + indices[j]];
      }
      outSignal[r] = s;
    }
  }
  let again = 0;
  for (let r = r0; r < r1; r++) {
    const s = outSignal[r];
    if (s - s === 0) {
      outSignal[r] = hasDark !== 0 ? s - staticDark[r] : s;
      if (mode === 2) outVariance[r] = staticVariance[r];
      outNorm[r] = staticNorm[r];
      outNorm2[r] = staticNorm2[r];
      outCount[r] = staticCount[r];
      continue;
    }
    again++;
    let s1 = 0;
    let v = 0;
    let n1 = 0;
    let n2 = 0;
    let c = 0;
    for (let k = 0; k < bands; k++) {
      const first = k * perBand;
      const end = ptr[k * rows + r + 1];
      for (let j = ptr[k * rows + r]; j < end; j++) {
        const p = first + indices[j];
        const x = raw[p];
        if (x - x !== 0) continue;
        const w = hasWeights !== 0 ? weights[j] : 1;
        const wn = w * norm[p];
        s1 += w * (hasDark !== 0 ? x - dark[p] : x);
        if (mode === 1) v += w * w * (x > 1 ? x : 1);
        else if (mode === 2) v += w * w * variance[p];
        n1 += wn;
        n2 += wn * wn;
        c += w;
      }
    }
    outSignal[r] = s1;
    outVariance[r] = v;
    outNorm[r] = n1;
    outNorm2[r] = n2;
    outCount[r] = c;
  }
  return again;
}

/**
 * One frame, azimuthal error model, bins `r0 <= r < r1`: pyFAI's single-pass weighted update over
 * each bin's valid pixels in order (Schubert & Gertz 2018). With w_B = w.n and x = w.(raw - dark)
 * for the next pixel and W_A the weight so far: `variance += (w_B.signal - W_A.x)^2 / ((W_A + w_B).W_A.w_B)`,
 * the first valid pixel only starting the sums. Invalid (non-finite) raw values are skipped.
 * Weights are 1 when `hasWeights` is 0. Returns the number of invalid elements met.
 *
 * @example
 * ```ts
 * csrIntegrateRowsAzimuthal(0, rows, rows, bands, perBand, ptr, indices, weights, 1, raw, dark, 0, norm,
 *   signal, variance, normalization, normalization2, count);
 * ```
 */
export function csrIntegrateRowsAzimuthal(
  r0: number, r1: number, rows: number, bands: number, perBand: number,
  ptr: Values, indices: Values, weights: Values, hasWeights: number,
  raw: Values, dark: Values, hasDark: number, norm: Values,
  outSignal: Values, outVariance: Values, outNorm: Values, outNorm2: Values, outCount: Values,
): number {
  for (let r = r0; r < r1; r++) {
    outSignal[r] = 0;
    outVariance[r] = 0;
    outNorm[r] = 0;
    outNorm2[r] = 0;
    outCount[r] = 0;
  }
  let bad = 0;
  for (let k = 0; k < bands; k++) {
    const base = k * rows;
    const first = k * perBand;
    for (let r = r0; r < r1; r++) {
      const start = ptr[base + r];
      const end = ptr[base + r + 1];
      if (start === end) continue;
      let s = outSignal[r];
      let vv = outVariance[r];
      let n1 = outNorm[r];
      let n2 = outNorm2[r];
      let c = outCount[r];
      for (let j = start; j < end; j++) {
        const p = first + indices[j];
        const x = raw[p];
        if (x - x !== 0) {
          bad++;
          continue;
        }
        const w = hasWeights !== 0 ? weights[j] : 1;
        const xs = w * (hasDark !== 0 ? x - dark[p] : x);
        const wb = w * norm[p];
        if (c === 0) {
          s = xs;
          n1 = wb;
        } else {
          const wa = n1;
          n1 = wa + wb;
          const delta = wb * s - wa * xs;
          vv += (delta * delta) / (n1 * wa * wb);
          s += xs;
        }
        n2 += wb * wb;
        c += w;
      }
      outSignal[r] = s;
      outVariance[r] = vv;
      outNorm[r] = n1;
      outNorm2[r] = n2;
      outCount[r] = c;
    }
  }
  return bad;
}

/**
 * What the histogram's scatter functions read and write (one object per chunk of pixels): the
 * frame, the static corrections and the chunk's own accumulators, 5 float64 per bin (signal,
 * variance, norm, norm^2, count). `hasDark`/`hasDummy` 0 or 1; `mode` as {@link csrIntegrateRows}.
 *
 * @example
 * ```ts
 * const s: ScatterState = { raw, norm, dark, hasDark: 0, variance, mode: VARIANCE_POISSON, dummy: 0, deltaDummy: 0, hasDummy: 0, acc };
 * ```
 */
export interface ScatterState {
  readonly raw: Values;
  readonly norm: Values;
  readonly dark: Values;
  readonly hasDark: number;
  readonly variance: Values;
  readonly mode: number;
  readonly dummy: number;
  readonly deltaDummy: number;
  readonly hasDummy: number;
  readonly acc: Values;
}

/**
 * Adds `weight` of `pixel` to bin `bin` of `s.acc` (pyFAI's sums: signal, variance for error
 * models none / poisson / variance, norm, norm^2, count), unless the raw value is not finite or is
 * a dummy value. Statically invalid pixels are the caller's to leave out. The splitting loops call
 * it as their `put` on the pool's workers.
 *
 * @example
 * ```ts
 * splitBBox1d(i0, i1, ..., state, scatterSums, axisSpan);
 * ```
 */
export function scatterSums(s: ScatterState, bin: number, pixel: number, weight: number): void {
  const x = s.raw[pixel];
  if (weight === 0 || x - x !== 0 || (s.hasDummy !== 0 && Math.abs(x - s.dummy) <= s.deltaDummy)) return;
  const acc = s.acc;
  const at = 5 * bin;
  const wn = weight * s.norm[pixel];
  acc[at] += weight * (s.hasDark !== 0 ? x - s.dark[pixel] : x);
  if (s.mode === 1) acc[at + 1] += weight * weight * (x > 1 ? x : 1);
  else if (s.mode === 2) acc[at + 1] += weight * weight * s.variance[pixel];
  acc[at + 2] += wn;
  acc[at + 3] += wn * wn;
  acc[at + 4] += weight;
}

/**
 * The azimuthal error model's {@link scatterSums}: pyFAI's single-pass weighted update of the bin
 * (see {@link csrIntegrateRowsAzimuthal}), the contributions in the order they come.
 *
 * @example
 * ```ts
 * splitFull1d(i0, i1, ..., state, scatterAzimuthal, recenter, stripAreas);
 * ```
 */
export function scatterAzimuthal(s: ScatterState, bin: number, pixel: number, weight: number): void {
  const x = s.raw[pixel];
  if (weight === 0 || x - x !== 0 || (s.hasDummy !== 0 && Math.abs(x - s.dummy) <= s.deltaDummy)) return;
  const acc = s.acc;
  const at = 5 * bin;
  const xs = weight * (s.hasDark !== 0 ? x - s.dark[pixel] : x);
  const wb = weight * s.norm[pixel];
  if (acc[at + 4] === 0) {
    acc[at] = xs;
    acc[at + 2] = wb;
  } else {
    const wa = acc[at + 2];
    const total = wa + wb;
    const delta = wb * acc[at] - wa * xs;
    acc[at + 1] += (delta * delta) / (total * wa * wb);
    acc[at] += xs;
    acc[at + 2] = total;
  }
  acc[at + 3] += wb * wb;
  acc[at + 4] += weight;
}

/**
 * Adds up the `chunks` blocks of per-bin accumulators of `acc` (block k holds 5 float64 per bin
 * from `k * bins * 5`, as {@link scatterSums} fills them) for bins `b0 <= b < b1`, block after
 * block, into the five output arrays, and sets what it read back to 0 for the next frame. With
 * `azimuthal` 1 the blocks are merged as the azimuthal model's partial results (Chan et al.):
 * variances add, plus `(W_B.S_A - W_A.S_B)^2 / (W_A.W_B.(W_A + W_B))`.
 *
 * @example
 * ```ts
 * mergeChunks(0, bins, bins, chunks, acc, 0, signal, variance, normalization, normalization2, count);
 * ```
 */
export function mergeChunks(
  b0: number, b1: number, bins: number, chunks: number, acc: Values, azimuthal: number,
  outSignal: Values, outVariance: Values, outNorm: Values, outNorm2: Values, outCount: Values,
): void {
  const stride = 5 * bins;
  for (let b = b0; b < b1; b++) {
    let s = 0;
    let v = 0;
    let n1 = 0;
    let n2 = 0;
    let c = 0;
    for (let k = 0, at = 5 * b; k < chunks; k++, at += stride) {
      const cb = acc[at + 4];
      if (azimuthal === 0) {
        s += acc[at];
        v += acc[at + 1];
        n1 += acc[at + 2];
      } else if (cb !== 0 && c === 0) {
        s = acc[at];
        v = acc[at + 1];
        n1 = acc[at + 2];
      } else if (cb !== 0) {
        const sb = acc[at];
        const wb = acc[at + 2];
        const total = n1 + wb;
        const delta = wb * s - n1 * sb;
        v += acc[at + 1] + (delta * delta) / (total * n1 * wb);
        s += sb;
        n1 = total;
      }
      n2 += acc[at + 3];
      c += cb;
      for (let i = at; i < at + 5; i++) acc[i] = 0;
    }
    outSignal[b] = s;
    outVariance[b] = v;
    outNorm[b] = n1;
    outNorm2[b] = n2;
    outCount[b] = c;
  }
}
