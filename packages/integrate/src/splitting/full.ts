/**
 * Full pixel splitting with pyFAI 0.21's `FullSplitIntegrator` semantics (internal; the public
 * functions check the arguments). Each pixel is the quadrilateral of its 4 corners in (radial,
 * chi) space, first moved to one side of the chi discontinuity ({@link recenter}).
 *
 * 1D: the exact area of the quadrilateral in each radial strip (float32 strip sums, as pyFAI),
 * divided by its area inside the range — parts beyond the range ends are dropped and the rest
 * renormalised, so the weights of a pixel inside the range sum to 1.
 *
 * 2D: the corners are clipped to the range (pyFAI squashes the pixel onto the range edge), then
 * pyFAI's column-filling approximation of the area in each (radial, chi) cell ({@link columnFill}),
 * divided by the total. It is exact for rectangles aligned with the bins; pyFAI's weights may be
 * slightly negative for tilted edges, and are reproduced as they are.
 *
 * Pixels whose area comes out 0 (degenerate corners) are skipped, as are pixels with non-finite
 * corners. Zero weights are not handed on. In 1D a counting target gets the strips each pixel
 * reaches, without their areas: an upper bound of the entries (see `Target.counting`).
 *
 * @example
 * ```ts
 * visitFull1d(px, bins, undefined, Target.calling((bin, pixel, w) => { ... }));
 * ```
 * @module
 */
import { upperEnd } from './bins.js';
import { columnFill, recenter, stripAreas } from './quad.js';
import { put, type Target } from './target.js';
import type { Bins, Pixels1d } from './types.js';

/** Hands the 1D full-splitting contributions to `target`, pixels ascending. */
export function visitFull1d(px: Pixels1d, bins: Bins, azimuth: readonly [number, number] | undefined, target: Target): void {
  const corners = px.corners!;
  const mask = px.mask;
  const discAtZero = px.chiDiscAtZero === true;
  const count = bins.count;
  const min = bins.min;
  const width = (bins.max - bins.min) / count;
  const strips = new Float32Array(count);
  const q = new Float64Array(8);
  const n = corners.length >> 3;
  const counting = target.counts !== null;
  for (let i = 0; i < n; i++) {
    if (mask !== undefined && mask[i] !== 0) continue;
    const at = 8 * i;
    const xa = (corners[at] - min) / width;
    const xb = (corners[at + 2] - min) / width;
    const xc = (corners[at + 4] - min) / width;
    const xd = (corners[at + 6] - min) / width;
    const lo = Math.min(xa, xb, xc, xd);
    const hi = Math.max(xa, xb, xc, xd);
    if (!(hi >= 0 && lo < count)) continue;
    // only chi moves across the discontinuity: a count without azimuth range needs none of it
    if (!counting || azimuth !== undefined) {
      for (let k = 0; k < 8; k++) q[k] = corners[at + k];
      recenter(q, discAtZero);
    }
    if (azimuth !== undefined) {
      const chiLo = Math.min(q[1], q[3], q[5], q[7]);
      const chiHi = Math.max(q[1], q[3], q[5], q[7]);
      if (chiHi < azimuth[0] || chiLo > azimuth[1]) continue;
    }
    const first = Math.floor(lo);
    const last = Math.floor(hi);
    if (first === last) {
      put(target, first, i, 1);
      continue;
    }
    const b0 = Math.max(0, first);
    const b1 = Math.min(count, last + 1);
    if (counting) {
      // every strip the pixel reaches, an upper bound (a strip's area may come out 0)
      for (let b = b0; b < b1; b++) put(target, b, i, 0);
      continue;
    }
    stripAreas(strips, xa, q[1], xb, q[3]);
    stripAreas(strips, xb, q[3], xc, q[5]);
    stripAreas(strips, xc, q[5], xd, q[7]);
    stripAreas(strips, xd, q[7], xa, q[1]);
    let total = 0;
    for (let b = b0; b < b1; b++) total += strips[b];
    const inv = 1 / total;
    const valid = Number.isFinite(inv);
    for (let b = b0; b < b1; b++) {
      const w = strips[b] * inv;
      strips[b] = 0;
      if (valid && w !== 0) put(target, b, i, w);
    }
  }
}

/** Hands the 2D full-splitting contributions (row `ia * nRad + ir`) to `target`, pixels ascending. */
export function visitFull2d(px: Pixels1d, radial: Bins, azimuthal: Bins, target: Target): void {
  const corners = px.corners!;
  const mask = px.mask;
  const discAtZero = px.chiDiscAtZero === true;
  const nRad = radial.count;
  const rMin = radial.min;
  const rEnd = upperEnd(radial.max);
  const rWidth = (radial.max - radial.min) / nRad;
  const aMin = azimuthal.min;
  const aMax = azimuthal.max;
  const aEnd = upperEnd(azimuthal.max);
  const aWidth = (azimuthal.max - azimuthal.min) / azimuthal.count;
  let box = new Float32Array(256);
  const q = new Float64Array(8);
  const n = corners.length >> 3;
  for (let i = 0; i < n; i++) {
    if (mask !== undefined && mask[i] !== 0) continue;
    for (let k = 0; k < 8; k++) q[k] = corners[8 * i + k];
    recenter(q, discAtZero);
    const rLo = Math.min(q[0], q[2], q[4], q[6]);
    const rHi = Math.max(q[0], q[2], q[4], q[6]);
    const aLo = Math.min(q[1], q[3], q[5], q[7]);
    const aHi = Math.max(q[1], q[3], q[5], q[7]);
    if (!(rHi >= rMin && rLo <= rEnd && aHi >= aMin && aLo < aMax)) continue;
    // to bin coordinates, corners clipped to the range
    for (let k = 0; k < 8; k += 2) {
      q[k] = (Math.min(Math.max(q[k], rMin), rEnd) - rMin) / rWidth;
      q[k + 1] = (Math.min(Math.max(q[k + 1], aMin), aEnd) - aMin) / aWidth;
    }
    const x0 = Math.floor(Math.min(q[0], q[2], q[4], q[6]));
    const y0 = Math.floor(Math.min(q[1], q[3], q[5], q[7]));
    const w0 = Math.ceil(Math.max(q[0], q[2], q[4], q[6])) - x0;
    const w1 = Math.ceil(Math.max(q[1], q[3], q[5], q[7])) - y0;
    const stride = w1 + 1;
    if ((w0 + 1) * stride > box.length) box = new Float32Array((w0 + 1) * stride);
    for (let k = 0; k < 8; k += 2) {
      q[k] -= x0;
      q[k + 1] -= y0;
    }
    columnFill(box, stride, q[0], q[1], q[2], q[3]);
    columnFill(box, stride, q[2], q[3], q[4], q[5]);
    columnFill(box, stride, q[4], q[5], q[6], q[7]);
    columnFill(box, stride, q[6], q[7], q[0], q[1]);
    let total = 0;
    for (let c = 0; c < w0; c++) {
      for (let h = 0; h < w1; h++) total += box[c * stride + h];
    }
    const inv = 1 / total;
    const valid = Number.isFinite(inv);
    for (let c = 0; c <= w0; c++) {
      for (let h = 0; h < stride; h++) {
        const k = c * stride + h;
        const w = box[k] * inv;
        box[k] = 0;
        if (valid && w !== 0 && c < w0 && h < w1) put(target, (y0 + h) * nRad + x0 + c, i, w);
      }
    }
  }
}
