/**
 * Bounding-box splitting (and no splitting, a zero-width box), with pyFAI 0.21's
 * `SplitBBoxIntegrator` semantics (internal; the public functions check the arguments).
 *
 * A pixel covers `[c - d, c + d]` in bin coordinates `f = (x - min) / w`; bin `i` is `[i, i + 1)`.
 * A pixel is skipped when its box ends below the range (`f1 < 0`) or starts at or above its end
 * (`f0 >= count`), so without splitting exactly the centres in `[min, max)` count, as pyFAI's
 * histogram engines `histoBBox1d_engine` (1D bbox) and `histogram2d_engine` (2D no) do. pyFAI's
 * CSR engines (and `histogram1d_engine`, `histoBBox2d_engine`) truncate bin numbers toward zero
 * instead, and so also count a box that ends less than one bin below the range, in bin 0; pandaas
 * does not. The part of a box beyond either end of the range goes to the end bin: with `f0 < 0`
 * the first bin receives `(1 - f0) / (f1 - f0)` (pyFAI's clipping, in all its bbox engines), so
 * the weights of a pixel always sum to 1. A box inside one bin gives weight 1.
 *
 * The loops are self-contained (no imports, no outer names) and take the pixel range, the arrays
 * and, last, the functions they call: the CSR builder and the visitors run them here with
 * `target.ts`'s `put`, the histogram engine on the core pool's workers (which compile their
 * source) with its own scatter.
 *
 * @example
 * ```ts
 * const t = Target.calling((bin, pixel, w) => { ... });
 * splitBBox1d(0, n, center, delta, 1, mask, 0, chi, chiDelta, 0, 0, 0, 0, 10, 0, 0.1, t, put);
 * ```
 * @module
 */
import type { Put } from './target.js';

/** Typed arrays as the loops read them. */
type Values = { readonly [index: number]: number };

/**
 * The bins of the box [lo, hi] (bin coordinates) on one axis of `count` bins, into `out` from
 * `at`: first bin, last bin, then the shares of the first, middle and last bins (only the first,
 * 1, when they are the same bin). False when the box misses the axis (or is NaN). Self-contained.
 *
 * @example
 * ```ts
 * axisSpan(0.5, 2.5, 10, span, 0); // span: 0, 2, 0.25, 0.5, 0.25
 * ```
 */
export function axisSpan(lo: number, hi: number, count: number, out: Float64Array, at: number): boolean {
  if (!(hi >= 0 && lo < count)) return false;
  const b0 = Math.max(0, Math.floor(lo));
  const b1 = Math.min(count - 1, Math.floor(hi));
  out[at] = b0;
  out[at + 1] = b1;
  if (b0 === b1) {
    out[at + 2] = 1;
    return true;
  }
  const inv = 1 / (hi - lo);
  out[at + 2] = inv * (b0 + 1 - lo);
  out[at + 3] = inv;
  out[at + 4] = inv * (hi - b1);
  return true;
}

/**
 * Hands every contribution of pixels `i0 <= i < i1` to the 1D bbox (`hasDelta` 1: box
 * `center ± delta`) or no-splitting (`hasDelta` 0) histogram of `count` bins from `min`, `width`
 * wide, to `put(target, bin, pixel, weight)`, pixels in ascending order. Pixels with `mask` set
 * (when `hasMask`) and, with `hasAzimuth`, pixels whose chi interval (`chi ± chiDelta` when
 * `hasChiDelta`, else the centre) misses `[azimuthLo, azimuthHi]` are left out. Zero weights are
 * not handed on. Self-contained.
 *
 * @example
 * ```ts
 * splitBBox1d(0, n, center, new Float64Array(0), 0, mask, 1, chi, chi, 0, 0, 0, 0, bins.count, bins.min, width, target, put);
 * ```
 */
export function splitBBox1d<T>(
  i0: number, i1: number,
  center: Values, delta: Values, hasDelta: number, mask: Values, hasMask: number,
  chi: Values, chiDelta: Values, hasAzimuth: number, hasChiDelta: number, azimuthLo: number, azimuthHi: number,
  count: number, min: number, width: number,
  target: T, put: Put<T>,
): void {
  for (let i = i0; i < i1; i++) {
    if (hasMask !== 0 && mask[i] !== 0) continue;
    if (hasAzimuth !== 0) {
      const c = chi[i];
      const d = hasChiDelta !== 0 ? chiDelta[i] : 0;
      if (c + d < azimuthLo || c - d > azimuthHi) continue;
    }
    const c = center[i];
    const d = hasDelta !== 0 ? delta[i] : 0;
    // axisSpan, written out: the hot loop of 1D integrations keeps its shares in registers
    const lo = (c - d - min) / width;
    // (without splitting d is 0: the same value, one division fewer)
    const hi = hasDelta !== 0 ? (c + d - min) / width : lo;
    if (!(hi >= 0 && lo < count)) continue;
    const b0 = Math.max(0, Math.floor(lo));
    const b1 = Math.min(count - 1, Math.floor(hi));
    if (b0 === b1) {
      put(target, b0, i, 1);
      continue;
    }
    const inv = 1 / (hi - lo);
    put(target, b0, i, inv * (b0 + 1 - lo));
    for (let b = b0 + 1; b < b1; b++) put(target, b, i, inv);
    const last = inv * (hi - b1);
    if (last !== 0) put(target, b1, i, last);
  }
}

/**
 * Hands every contribution of pixels `i0 <= i < i1` to the 2D bbox / no-splitting histogram
 * (`nRad` radial bins from `rMin`, `rWidth` wide; `nAzim` azimuthal bins from `aMin`, `aWidth`
 * wide) to `put`: row `ia * nRad + ir`, pixels in ascending order, the same bins and shares on
 * both axes, a cell's weight the product of its radial and azimuthal shares. Zero shares are not
 * handed on. Self-contained.
 *
 * @example
 * ```ts
 * splitBBox2d(0, n, center, delta, chi, chiDelta, 1, mask, 0, 500, 0, 0.1, 360, -Math.PI, Math.PI / 180, target, put, axisSpan);
 * ```
 */
export function splitBBox2d<T>(
  i0: number, i1: number,
  center: Values, delta: Values, chi: Values, chiDelta: Values, hasDelta: number, mask: Values, hasMask: number,
  nRad: number, rMin: number, rWidth: number, nAzim: number, aMin: number, aWidth: number,
  target: T, put: Put<T>, span: (lo: number, hi: number, count: number, out: Float64Array, at: number) => boolean,
): void {
  // radial span at 0, azimuthal span at 5 (see axisSpan)
  const s = new Float64Array(10);
  for (let i = i0; i < i1; i++) {
    if (hasMask !== 0 && mask[i] !== 0) continue;
    const c0 = center[i];
    const d0 = hasDelta !== 0 ? delta[i] : 0;
    const c1 = chi[i];
    const d1 = hasDelta !== 0 ? chiDelta[i] : 0;
    if (!span((c0 - d0 - rMin) / rWidth, (c0 + d0 - rMin) / rWidth, nRad, s, 0)) continue;
    if (!span((c1 - d1 - aMin) / aWidth, (c1 + d1 - aMin) / aWidth, nAzim, s, 5)) continue;
    const r0 = s[0];
    const r1 = s[1];
    const a0 = s[5];
    const a1 = s[6];
    for (let a = a0; a <= a1; a++) {
      const wa = a === a0 ? s[7] : a === a1 ? s[9] : s[8];
      if (wa === 0) continue;
      const row = a * nRad;
      for (let r = r0; r <= r1; r++) {
        const wr = r === r0 ? s[2] : r === r1 ? s[4] : s[3];
        if (wr !== 0) put(target, row + r, i, wa * wr);
      }
    }
  }
}
