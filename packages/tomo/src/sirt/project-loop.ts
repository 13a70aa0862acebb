/**
 * The CPU forward-projection loop (self-contained: the pool's workers compile its source).
 * @module
 */

/**
 * Forward-projects angles `[first, end)` of `nSlices` images (`[nSlices, size, size]`) into
 * `out` (`[nSlices, nAngles, nDet]`): the exact transpose of the pixel-driven backprojection
 * with linear interpolation. Each pixel (row y, column x) inside the mask (columns
 * `[xLo[y], xHi[y]]`) lands at `t = center + (x − imageCenter)·cos θ − (y − imageCenter)·sin θ`,
 * rounded as the backprojector's loop rounds it (from the start x0 of its `tile`-wide tile:
 * `center + (x0 − imageCenter)·cos θ − (y − imageCenter)·sin θ + (x − x0)·cos θ`, so that both
 * agree on which pixels fall on the detector, whose ends are discontinuities);
 * when `0 <= t <= nDet − 1` it adds `(1 − f)·v` to bin `i = floor(t)` and `f·v` to bin `i + 1`
 * (`f = t − i`), else nothing. Sums run in float64 (`acc`, scratch of `nSlices × (nDet + 1)`:
 * the extra bin takes the `0·v` of `t = nDet − 1`) and are rounded once to float32. Each
 * angle's rows are written by one call only, so calls on disjoint angle ranges can run at once.
 *
 * @example
 * ```ts
 * projectAngles(0, nAngles, 1, size, nAngles, nDet, TILE, image, cos, sin, center, imageCenter, xLo, xHi, new Float64Array(nDet + 1), sino);
 * ```
 */
export function projectAngles(
  first: number,
  end: number,
  nSlices: number,
  size: number,
  nAngles: number,
  nDet: number,
  tile: number,
  image: Float32Array,
  cos: Float64Array,
  sin: Float64Array,
  center: number,
  imageCenter: number,
  xLo: Int32Array,
  xHi: Int32Array,
  acc: Float64Array,
  out: Float32Array,
): void {
  const last = nDet - 1;
  const plane = size * size;
  const stride = nDet + 1;
  for (let a = first; a < end; a++) {
    const c = cos[a];
    const s = sin[a];
    for (let k = 0; k < nSlices * stride; k++) acc[k] = 0;
    for (let y = 0; y < size; y++) {
      const row = y * size;
      for (let x0 = 0; x0 < size; x0 += tile) {
        // t = base + xx·c for x = x0 + xx, as the backprojector's tile starting at x0 computes it
        const base = center + (x0 - imageCenter) * c - (y - imageCenter) * s;
        // the tile's columns on the detector, found as the backprojector finds them, then the mask's
        const width = Math.min(tile, size - x0);
        let lo = 0;
        let hi = width - 1;
        if (c > 0) {
          lo = Math.max(0, Math.ceil(-base / c));
          hi = Math.min(hi, Math.floor((last - base) / c));
        } else if (c < 0) {
          lo = Math.max(0, Math.ceil((last - base) / c));
          hi = Math.min(hi, Math.floor(-base / c));
        } else if (!(base >= 0 && base <= last)) {
          hi = -1;
        }
        // the divisions round: settle each end on the exact test
        while (lo <= hi && !(base + lo * c >= 0 && base + lo * c <= last)) lo++;
        while (hi >= lo && !(base + hi * c >= 0 && base + hi * c <= last)) hi--;
        while (lo <= hi && lo > 0 && base + (lo - 1) * c >= 0 && base + (lo - 1) * c <= last) lo--;
        while (lo <= hi && hi < width - 1 && base + (hi + 1) * c >= 0 && base + (hi + 1) * c <= last) hi++;
        lo = Math.max(lo, xLo[y] - x0);
        hi = Math.min(hi, xHi[y] - x0);
        const at = row + x0;
        if (nSlices === 1) {
          for (let xx = lo; xx <= hi; xx++) {
            const t = base + xx * c;
            const i = t | 0;
            const f = t - i;
            const v = image[at + xx];
            acc[i] += v - f * v;
            acc[i + 1] += f * v;
          }
        } else {
          for (let xx = lo; xx <= hi; xx++) {
            const t = base + xx * c;
            const i = t | 0;
            const f = t - i;
            for (let sl = 0; sl < nSlices; sl++) {
              const v = image[sl * plane + at + xx];
              acc[sl * stride + i] += v - f * v;
              acc[sl * stride + i + 1] += f * v;
            }
          }
        }
      }
    }
    for (let sl = 0; sl < nSlices; sl++) {
      const dst = (sl * nAngles + a) * nDet;
      for (let j = 0; j < nDet; j++) out[dst + j] = acc[sl * stride + j];
    }
  }
}
