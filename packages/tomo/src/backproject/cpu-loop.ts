/**
 * The CPU backprojection loop (self-contained: the pool's workers compile its source).
 * @module
 */

/**
 * Backprojects tiles `[first, first + count)` (numbered row by row, `ceil(size / tile)` to a
 * row) of the `size × size` image for every slice: pixel-driven, linear interpolation, 0
 * outside the detector, as {@link Geometry} states. Each tile is accumulated in float64 over all
 * angles (angle by angle, row by row, `t` stepping along the row from the row's start), then
 * scaled, masked outside `radius` (when `radius >= 0`) and rounded to float32 into `out`
 * (`[nSlices, size, size]`). Two slices share each interpolation position. Rows of a tile whose
 * two ends fall on the detector take no bounds test; the others are clipped to the pixels whose
 * `t` lies in `[0, nDet − 1]`.
 *
 * `sino` holds the (filtered) projections, `[nSlices, nAngles, nDet]` contiguous, plus one more
 * value read (times 0) at `t = nDet − 1` of the last row.
 *
 * @example
 * ```ts
 * backprojectTiles(0, tilesOf(size, 64), size, 64, 1, nAngles, nDet, sino, cos, sin, center, imageCenter, Math.PI / (2 * nAngles), -1, out);
 * ```
 */
export function backprojectTiles(
  first: number,
  count: number,
  size: number,
  tile: number,
  nSlices: number,
  nAngles: number,
  nDet: number,
  sino: Float32Array,
  cos: Float64Array,
  sin: Float64Array,
  center: number,
  imageCenter: number,
  scale: number,
  radius: number,
  out: Float32Array,
): void {
  const perRow = Math.ceil(size / tile);
  const last = nDet - 1;
  const plane = nAngles * nDet;
  const area = tile * tile;
  const acc = new Float64Array(2 * area);
  for (let k = first; k < first + count; k++) {
    const y0 = Math.floor(k / perRow) * tile;
    const x0 = (k % perRow) * tile;
    const tw = Math.min(tile, size - x0);
    const th = Math.min(tile, size - y0);
    // the tile's point nearest to the centre: a tile wholly outside the circle is only zeros
    const nx = Math.min(Math.max(imageCenter, x0), x0 + tw - 1) - imageCenter;
    const ny = Math.min(Math.max(imageCenter, y0), y0 + th - 1) - imageCenter;
    const outside = radius >= 0 && nx * nx + ny * ny > radius * radius;
    for (let s = 0; s < nSlices; s += 2) {
      const pair = s + 1 < nSlices;
      const n = pair ? 2 * area : area;
      for (let i = 0; i < n; i++) acc[i] = 0;
      for (let a = 0; a < nAngles && !outside; a++) {
        const c = cos[a];
        const sn = sin[a];
        const off = s * plane + a * nDet;
        for (let yy = 0; yy < th; yy++) {
          const base = center + (x0 - imageCenter) * c - (y0 + yy - imageCenter) * sn;
          let lo = 0;
          let hi = tw - 1;
          const tHi = base + hi * c;
          if (!(base >= 0 && base <= last && tHi >= 0 && tHi <= last)) {
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
            while (lo <= hi && hi < tw - 1 && base + (hi + 1) * c >= 0 && base + (hi + 1) * c <= last) hi++;
          }
          const row = yy * tw;
          if (pair) {
            const off2 = off + plane;
            for (let xx = lo; xx <= hi; xx++) {
              const t = base + xx * c;
              const i = t | 0;
              const f = t - i;
              const v = sino[off + i];
              const w = sino[off2 + i];
              acc[row + xx] += v + f * (sino[off + i + 1] - v);
              acc[area + row + xx] += w + f * (sino[off2 + i + 1] - w);
            }
          } else {
            for (let xx = lo; xx <= hi; xx++) {
              const t = base + xx * c;
              const i = t | 0;
              const f = t - i;
              const v = sino[off + i];
              acc[row + xx] += v + f * (sino[off + i + 1] - v);
            }
          }
        }
      }
      for (let p = 0; p < (pair ? 2 : 1); p++) {
        const dst = (s + p) * size * size;
        for (let yy = 0; yy < th; yy++) {
          const dy = y0 + yy - imageCenter;
          for (let xx = 0; xx < tw; xx++) {
            const dx = x0 + xx - imageCenter;
            const masked = radius >= 0 && dx * dx + dy * dy > radius * radius;
            out[dst + (y0 + yy) * size + x0 + xx] = masked ? 0 : acc[p * area + yy * tw + xx] * scale;
          }
        }
      }
    }
  }
}
