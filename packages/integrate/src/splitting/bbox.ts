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
 * @example
 * ```ts
 * visitBBox1d(px, true, { count: 10, min: 0, max: 1 }, undefined, Target.calling((bin, pixel, w) => { ... }));
 * ```
 * @module
 */
import { put, type Target } from './target.js';
import type { Bins, Pixels1d } from './types.js';

/**
 * The bins of the box [lo, hi] (bin coordinates) on one axis of `count` bins, into `out` from
 * `at`: first bin, last bin, then the shares of the first, middle and last bins (only the first,
 * 1, when they are the same bin). False when the box misses the axis (or is NaN).
 */
function axisSpan(lo: number, hi: number, count: number, out: Float64Array, at: number): boolean {
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
 * Hands every contribution of the 1D bbox (`px.delta` given, `split` true) or no-splitting
 * (`split` false) histogram to `target`, pixels in ascending order. Masked pixels and, with
 * `azimuth`, pixels whose chi interval (`chi ± chiDelta`, the centre without splitting) misses it
 * are left out. Zero weights are not handed on.
 */
export function visitBBox1d(px: Pixels1d, split: boolean, bins: Bins, azimuth: readonly [number, number] | undefined, target: Target): void {
  const { center, mask, chi } = px;
  const delta = split ? px.delta! : null;
  const chiDelta = split ? px.chiDelta : undefined;
  const count = bins.count;
  const min = bins.min;
  const width = (bins.max - bins.min) / count;
  const lo = azimuth === undefined ? 0 : azimuth[0];
  const hi = azimuth === undefined ? 0 : azimuth[1];
  const span = new Float64Array(5);
  const n = center.length;
  for (let i = 0; i < n; i++) {
    if (mask !== undefined && mask[i] !== 0) continue;
    if (azimuth !== undefined) {
      const c = chi![i];
      const d = chiDelta === undefined ? 0 : chiDelta[i];
      if (c + d < lo || c - d > hi) continue;
    }
    const c = center[i];
    const d = delta === null ? 0 : delta[i];
    if (!axisSpan((c - d - min) / width, (c + d - min) / width, count, span, 0)) continue;
    const b0 = span[0];
    const b1 = span[1];
    if (b0 === b1) {
      put(target, b0, i, 1);
      continue;
    }
    put(target, b0, i, span[2]);
    for (let b = b0 + 1; b < b1; b++) put(target, b, i, span[3]);
    if (span[4] !== 0) put(target, b1, i, span[4]);
  }
}

/**
 * Hands every contribution of the 2D bbox / no-splitting histogram to `target`: row
 * `ia * nRad + ir`, pixels in ascending order, the same bins and shares on both axes, a cell's
 * weight the product of its radial and azimuthal shares. Zero shares are not handed on.
 */
export function visitBBox2d(px: Pixels1d, split: boolean, radial: Bins, azimuthal: Bins, target: Target): void {
  const { center, mask } = px;
  const chi = px.chi!;
  const delta = split ? px.delta! : null;
  const chiDelta = split ? px.chiDelta! : null;
  const nRad = radial.count;
  const nAzim = azimuthal.count;
  const rMin = radial.min;
  const aMin = azimuthal.min;
  const rWidth = (radial.max - radial.min) / nRad;
  const aWidth = (azimuthal.max - azimuthal.min) / nAzim;
  // radial span at 0, azimuthal span at 5 (see axisSpan)
  const span = new Float64Array(10);
  const n = center.length;
  for (let i = 0; i < n; i++) {
    if (mask !== undefined && mask[i] !== 0) continue;
    const c0 = center[i];
    const d0 = delta === null ? 0 : delta[i];
    const c1 = chi[i];
    const d1 = chiDelta === null ? 0 : chiDelta[i];
    if (!axisSpan((c0 - d0 - rMin) / rWidth, (c0 + d0 - rMin) / rWidth, nRad, span, 0)) continue;
    if (!axisSpan((c1 - d1 - aMin) / aWidth, (c1 + d1 - aMin) / aWidth, nAzim, span, 5)) continue;
    const r0 = span[0];
    const r1 = span[1];
    const a0 = span[5];
    const a1 = span[6];
    for (let a = a0; a <= a1; a++) {
      const wa = a === a0 ? span[7] : a === a1 ? span[9] : span[8];
      if (wa === 0) continue;
      const row = a * nRad;
      for (let r = r0; r <= r1; r++) {
        const wr = r === r0 ? span[2] : r === r1 ? span[4] : span[3];
        if (wr !== 0) put(target, row + r, i, wa * wr);
      }
    }
  }
}
