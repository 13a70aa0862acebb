/**
 * Bounding-box splitting (and no splitting, a zero-width box), with pyFAI 0.21's
 * `SplitBBoxIntegrator` semantics (internal; the public functions check the arguments).
 *
 * A pixel covers `[c - d, c + d]` in bin coordinates `f = (x - min) / w`; bin numbers are the
 * coordinates truncated toward zero, as pyFAI's C casts do. A pixel is skipped when its last bin
 * is below 0 or its first at or above `count`. The part of a box beyond either end of the range
 * goes to the end bin: with `f0 < 0` the first bin receives `(1 - f0) / (f1 - f0)` — pyFAI's
 * clipping — so the weights of a pixel always sum to 1. A box inside one bin gives weight 1, and
 * because of the truncation a centre in `(-1, 0)` bins counts in bin 0.
 *
 * @example
 * ```ts
 * visitBBox1d(px, { count: 10, min: 0, max: 1 }, undefined, (bin, pixel, w) => { ... });
 * ```
 * @module
 */
import type { Bins, Emit, Pixels1d } from './types.js';

/** Pixels skipped before binning: masked, or (1D) outside the azimuth range. */
function excluded(px: Pixels1d, azimuth: readonly [number, number] | undefined, split: boolean, i: number): boolean {
  if (px.mask !== undefined && px.mask[i] !== 0) return true;
  if (azimuth === undefined) return false;
  const c = px.chi![i];
  const d = split ? px.chiDelta![i] : 0;
  return c + d < azimuth[0] || c - d > azimuth[1];
}

/**
 * Emits every contribution of the 1D bbox (`px.delta` given, `split` true) or no-splitting
 * (`split` false) histogram, pixels in ascending order. Zero weights are not emitted.
 */
export function visitBBox1d(px: Pixels1d, split: boolean, bins: Bins, azimuth: readonly [number, number] | undefined, emit: Emit): void {
  const { center, delta } = px;
  const count = bins.count;
  const min = bins.min;
  const width = (bins.max - bins.min) / count;
  const n = center.length;
  for (let i = 0; i < n; i++) {
    if (excluded(px, azimuth, split, i)) continue;
    const c = center[i];
    const d = split ? delta![i] : 0;
    const f0 = (c - d - min) / width;
    const f1 = (c + d - min) / width;
    if (!(f1 > -1 && f0 < count)) continue; // truncated bin < 0 or >= count; NaN too
    const b0 = Math.max(0, Math.trunc(f0));
    const b1 = Math.min(count - 1, Math.trunc(f1));
    if (b0 === b1) {
      emit(b0, i, 1);
      continue;
    }
    const inv = 1 / (f1 - f0);
    emit(b0, i, inv * (b0 + 1 - f0));
    for (let b = b0 + 1; b < b1; b++) emit(b, i, inv);
    const right = inv * (f1 - b1);
    if (right !== 0) emit(b1, i, right);
  }
}

/**
 * Emits every contribution of the 2D bbox / no-splitting histogram: row `ia * nRad + ir`,
 * pixels in ascending order, the same clipping on both axes. Zero weights are not emitted.
 */
export function visitBBox2d(px: Pixels1d, split: boolean, radial: Bins, azimuthal: Bins, emit: Emit): void {
  const { center, delta, chi, chiDelta } = px;
  const nRad = radial.count;
  const nAzim = azimuthal.count;
  const rMin = radial.min;
  const aMin = azimuthal.min;
  const rWidth = (radial.max - radial.min) / nRad;
  const aWidth = (azimuthal.max - azimuthal.min) / nAzim;
  const n = center.length;
  for (let i = 0; i < n; i++) {
    if (px.mask !== undefined && px.mask[i] !== 0) continue;
    const c0 = center[i];
    const d0 = split ? delta![i] : 0;
    const c1 = chi![i];
    const d1 = split ? chiDelta![i] : 0;
    const f0 = (c0 - d0 - rMin) / rWidth;
    const f1 = (c0 + d0 - rMin) / rWidth;
    const g0 = (c1 - d1 - aMin) / aWidth;
    const g1 = (c1 + d1 - aMin) / aWidth;
    if (!(f1 > -1 && f0 < nRad && g1 > -1 && g0 < nAzim)) continue;
    const r0 = Math.max(0, Math.trunc(f0));
    const r1 = Math.min(nRad - 1, Math.trunc(f1));
    const a0 = Math.max(0, Math.trunc(g0));
    const a1 = Math.min(nAzim - 1, Math.trunc(g1));
    if (r0 === r1 && a0 === a1) {
      emit(a0 * nRad + r0, i, 1);
      continue;
    }
    // fractions of the box on each axis: first bin, middle bins, last bin (pyFAI's left/right, down/up)
    const rInv = r0 === r1 ? 1 : 1 / (f1 - f0);
    const rFirst = r0 === r1 ? 1 : rInv * (r0 + 1 - f0);
    const rLast = rInv * (f1 - r1);
    const aInv = a0 === a1 ? 1 : 1 / (g1 - g0);
    const aFirst = a0 === a1 ? 1 : aInv * (a0 + 1 - g0);
    const aLast = aInv * (g1 - a1);
    for (let a = a0; a <= a1; a++) {
      const wa = a === a0 ? aFirst : a === a1 ? aLast : aInv;
      if (wa === 0) continue;
      const row = a * nRad;
      for (let r = r0; r <= r1; r++) {
        const wr = r === r0 ? rFirst : r === r1 ? rLast : rInv;
        if (wr !== 0) emit(row + r, i, wa * wr);
      }
    }
  }
}
