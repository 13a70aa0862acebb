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
 * The loops are self-contained (no imports, no outer names) and take the pixel range, the arrays
 * and, last, the functions they call (`put` and the quadrilateral helpers of `quad.ts`), so that
 * the core pool's workers can compile and run them (see `bbox.ts`).
 *
 * @example
 * ```ts
 * splitFull1d(0, n, corners, mask, 1, 0, 0, 0, 0, bins.count, bins.min, width, 0, Target.calling(emit), put, recenter, stripAreas);
 * ```
 * @module
 */
import type { columnFill, recenter, stripAreas } from './quad.js';
import type { Put } from './target.js';

/** Typed arrays as the loops read them. */
type Values = { readonly [index: number]: number };

/**
 * Hands the 1D full-splitting contributions of pixels `i0 <= i < i1` (`count` bins from `min`,
 * `width` wide) to `put`, pixels ascending. Pixels with `mask` set (when `hasMask`) are left out,
 * and with `hasAzimuth` those whose corners' chi span misses `[azimuthLo, azimuthHi]`. With
 * `counting` 1, every strip a pixel reaches gets weight 0 (an upper bound of the entries).
 * Self-contained.
 *
 * @example
 * ```ts
 * splitFull1d(0, n, corners, mask, 1, 0, 0, 0, 0, 1000, 0, 0.05, 0, target, put, recenter, stripAreas);
 * ```
 */
export function splitFull1d<T>(
  i0: number, i1: number,
  corners: Values, mask: Values, hasMask: number, discAtZero: number,
  hasAzimuth: number, azimuthLo: number, azimuthHi: number,
  count: number, min: number, width: number, counting: number,
  target: T, put: Put<T>, recentre: typeof recenter, strip: typeof stripAreas,
): void {
  const strips = new Float32Array(count);
  const q = new Float64Array(8);
  for (let i = i0; i < i1; i++) {
    if (hasMask !== 0 && mask[i] !== 0) continue;
    const at = 8 * i;
    const xa = (corners[at] - min) / width;
    const xb = (corners[at + 2] - min) / width;
    const xc = (corners[at + 4] - min) / width;
    const xd = (corners[at + 6] - min) / width;
    const lo = Math.min(xa, xb, xc, xd);
    const hi = Math.max(xa, xb, xc, xd);
    if (!(hi >= 0 && lo < count)) continue;
    // only chi moves across the discontinuity: a count without azimuth range needs none of it
    if (counting === 0 || hasAzimuth !== 0) {
      for (let k = 0; k < 8; k++) q[k] = corners[at + k];
      recentre(q, discAtZero !== 0);
    }
    if (hasAzimuth !== 0) {
      const chiLo = Math.min(q[1], q[3], q[5], q[7]);
      const chiHi = Math.max(q[1], q[3], q[5], q[7]);
      if (chiHi < azimuthLo || chiLo > azimuthHi) continue;
    }
    const first = Math.floor(lo);
    const last = Math.floor(hi);
    if (first === last) {
      put(target, first, i, 1);
      continue;
    }
    const b0 = Math.max(0, first);
    const b1 = Math.min(count, last + 1);
    if (counting !== 0) {
      // every strip the pixel reaches, an upper bound (a strip's area may come out 0)
      for (let b = b0; b < b1; b++) put(target, b, i, 0);
      continue;
    }
    strip(strips, xa, q[1], xb, q[3]);
    strip(strips, xb, q[3], xc, q[5]);
    strip(strips, xc, q[5], xd, q[7]);
    strip(strips, xd, q[7], xa, q[1]);
    let total = 0;
    for (let b = b0; b < b1; b++) total += strips[b];
    const inv = 1 / total;
    const valid = inv - inv === 0;
    for (let b = b0; b < b1; b++) {
      const w = strips[b] * inv;
      strips[b] = 0;
      if (valid && w !== 0) put(target, b, i, w);
    }
  }
}

/**
 * Hands the 2D full-splitting contributions of pixels `i0 <= i < i1` (row `ia * nRad + ir`) to
 * `put`, pixels ascending: `nRad` radial bins from `rMin`, `rWidth` wide, corners clipped to
 * `[rMin, rEnd]`; azimuthal bins from `aMin` to `aMax`, `aWidth` wide, corners clipped to `[aMin, aEnd]`
 * (`rEnd`, `aEnd`: the requested upper ends, see `upperEnd`). Self-contained.
 *
 * @example
 * ```ts
 * splitFull2d(0, n, corners, mask, 1, 0, 500, 0, 25, 0.05, -Math.PI, 3.1415925, 3.1415926, Math.PI / 180, target, put, recenter, columnFill);
 * ```
 */
export function splitFull2d<T>(
  i0: number, i1: number,
  corners: Values, mask: Values, hasMask: number, discAtZero: number,
  nRad: number, rMin: number, rEnd: number, rWidth: number,
  aMin: number, aMax: number, aEnd: number, aWidth: number,
  target: T, put: Put<T>, recentre: typeof recenter, fill: typeof columnFill,
): void {
  let box = new Float32Array(256);
  const q = new Float64Array(8);
  for (let i = i0; i < i1; i++) {
    if (hasMask !== 0 && mask[i] !== 0) continue;
    for (let k = 0; k < 8; k++) q[k] = corners[8 * i + k];
    recentre(q, discAtZero !== 0);
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
    fill(box, stride, q[0], q[1], q[2], q[3]);
    fill(box, stride, q[2], q[3], q[4], q[5]);
    fill(box, stride, q[4], q[5], q[6], q[7]);
    fill(box, stride, q[6], q[7], q[0], q[1]);
    let total = 0;
    for (let c = 0; c < w0; c++) {
      for (let h = 0; h < w1; h++) total += box[c * stride + h];
    }
    const inv = 1 / total;
    const valid = inv - inv === 0;
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
