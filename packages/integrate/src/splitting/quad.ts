/**
 * Geometry of one pixel quadrilateral for full splitting, following pyFAI 0.21 (internal).
 *
 * - {@link recenter}: a pixel whose corners straddle the chi discontinuity is moved to one side.
 * - {@link stripAreas}: the exact signed area under one edge inside each unit-wide strip (1D).
 * - {@link columnFill}: pyFAI's 2D approximation: the signed area under one edge in each unit
 *   column, laid in the column's cells from the bottom up, each cell as wide as the edge's span in
 *   the column. pyFAI computes it in float32; so does this, with `Math.fround` where pyFAI's
 *   variables are `float`, so that the weights agree to float32 rounding.
 *
 * Each is self-contained (no imports, no outer names): the core pool's workers compile their
 * source, and the full-splitting loops take them as arguments.
 *
 * @example
 * ```ts
 * const q = Float64Array.of(0, 3.1, 1, 3.1, 1, -3.1, 0, -3.1); // (radial, chi) x 4
 * recenter(q, false); // chi of the corners now on one side of +-pi
 * ```
 * @module
 */

/**
 * Moves the chi of the 4 corners `q` = [r0, chi0, r1, chi1, r2, chi2, r3, chi3] (in place) to one
 * side of the discontinuity when the quadrilateral is crossed: chi below 0 (below pi when the
 * discontinuity is at 0) gains 2pi, then all lose 2pi if their mean exceeds pi (2pi). The crossing
 * test is pyFAI's `area4p` sign, including its operator precedence (`0.5 * (AC0 * BD1) - AC1 *
 * BD0`, not half the cross product): only the sign matters. pyFAI's `pi` is a C float.
 *
 * @example
 * ```ts
 * recenter(q, false);
 * ```
 */
export function recenter(q: Float64Array, discAtZero: boolean): void {
  if (!(0.5 * ((q[4] - q[0]) * (q[7] - q[3])) - (q[5] - q[1]) * (q[6] - q[2]) > 0)) return;
  const twoPi = 2 * Math.PI;
  const pi32 = Math.fround(Math.PI);
  const wrapBelow = discAtZero ? pi32 : 0;
  let sum = 0;
  for (let k = 1; k < 8; k += 2) {
    if (q[k] < wrapBelow) q[k] += twoPi;
    sum += q[k];
  }
  if (0.25 * sum > (discAtZero ? twoPi : pi32)) {
    for (let k = 1; k < 8; k += 2) q[k] -= twoPi;
  }
}

/**
 * Adds to `strips[i]` the signed area under the edge (x0, y0) -> (x1, y1) between x = i and
 * x = i + 1, for the strips inside the array (pyFAI's `_integrate1d`); the area between x = a and
 * b under the line y = slope * x + intercept is `(b - a) * (0.5 * slope * (b + a) + intercept)`.
 * Summed over the 4 edges of a polygon, each strip holds the polygon's area inside it (sign by
 * orientation).
 *
 * @example
 * ```ts
 * stripAreas(strips, 0.5, 1, 2.5, 1); // strips[0] += 0.5, strips[1] += 1, strips[2] += 0.5
 * ```
 */
export function stripAreas(strips: Float32Array, x0: number, y0: number, x1: number, y1: number): void {
  if (x1 === x0) return;
  const n = strips.length;
  const i0 = Math.floor(x0);
  const i1 = Math.floor(x1);
  const slope = (y1 - y0) / (x1 - x0);
  const intercept = y0 - slope * x0;
  if (i0 === i1 && i0 >= 0 && i1 < n) {
    strips[i0] += (x1 - x0) * (0.5 * slope * (x1 + x0) + intercept);
  } else if (x1 > x0) {
    if (x0 >= 0 && x0 < n) {
      const b = Math.floor(x0 + 1);
      strips[i0] += (b - x0) * (0.5 * slope * (b + x0) + intercept);
    }
    for (let i = Math.max(i0 + 1, 0); i < Math.min(i1, n); i++) strips[i] += 0.5 * slope * (2 * i + 1) + intercept;
    if (x1 >= 0 && x1 < n) strips[i1] += (x1 - i1) * (0.5 * slope * (x1 + i1) + intercept);
  } else {
    if (x0 >= 0 && x0 < n) strips[i0] += (i0 - x0) * (0.5 * slope * (i0 + x0) + intercept);
    for (let i = Math.min(i0, n) - 1; i > Math.max(i1, -1); i--) strips[i] -= 0.5 * slope * (2 * i + 1) + intercept;
    if (x1 >= 0 && x1 < n) {
      const a = Math.floor(x1 + 1);
      strips[i1] += (x1 - a) * (0.5 * slope * (x1 + a) + intercept);
    }
  }
}

/**
 * Adds the column-filled area of the edge (x0, y0) -> (x1, y1) to `box` (row-major, `stride`
 * cells per unit column x; coordinates already shifted so the pixel starts in column 0 and row 0):
 * pyFAI's `_integrate2d`, in float32 where pyFAI is. The signed area under the edge in each unit
 * column is laid in the column's cells from the bottom up, each cell as wide as the edge's span in
 * the column, with the sign of the area.
 *
 * @example
 * ```ts
 * columnFill(box, stride, 0, 0, 1, 0.5);
 * ```
 */
export function columnFill(box: Float32Array, stride: number, x0: number, y0: number, x1: number, y1: number): void {
  if (x0 === x1) return;
  const f32 = Math.fround;
  /** Lays `|area|` in column `col` from the bottom up, `width` per cell, with the sign of `area`. */
  function lay(col: number, width: number, area: number): void {
    if (area === 0) return;
    let left = f32(Math.abs(area));
    let dA = width;
    const sign = area < 0 ? -1 : 1;
    const base = col * stride;
    for (let h = 0; left > 0 && h < stride; h++) {
      if (dA > left) {
        dA = left;
        left = -1;
      }
      box[base + h] += sign * dA;
      left = f32(left - dA);
    }
  }
  /** Signed area between x = a and x = b under the edge's line. */
  function under(a: number, b: number): number {
    return (b - a) * (0.5 * slope * (b + a) + intercept);
  }
  const slope = f32((y1 - y0) / (x1 - x0));
  const intercept = f32(y1 - slope * x1);
  if (x0 < x1) {
    let p = Math.ceil(x0);
    let dP = f32(p - x0);
    if (p > x1) {
      lay(Math.trunc(x0), f32(x1 - x0), f32(under(x0, x1)));
      return;
    }
    if (dP > 0) lay(p - 1, dP, f32(under(x0, p)));
    for (let i = Math.floor(p); i < Math.floor(x1); i++) lay(i, 1, f32(under(i, i + 1)));
    p = Math.floor(x1);
    dP = f32(x1 - p);
    if (dP > 0) lay(p, dP, f32(under(p, x1)));
  } else {
    let p = Math.floor(x0);
    if (x1 > p) {
      lay(Math.trunc(x0), f32(x0 - x1), f32(under(x0, x1)));
      return;
    }
    let dP = f32(p - x0);
    if (dP < 0) lay(p, -dP, f32(under(x0, p)));
    for (let i = Math.trunc(x0); i > Math.ceil(x1); i--) lay(i - 1, 1, f32(under(i, i - 1)));
    p = Math.ceil(x1);
    dP = f32(x1 - p);
    if (dP < 0) lay(Math.trunc(x1), -dP, f32(under(p, x1)));
  }
}
