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
 * @example
 * ```ts
 * const q = Float64Array.of(0, 3.1, 1, 3.1, 1, -3.1, 0, -3.1); // (radial, chi) x 4
 * recenter(q, false); // chi of the corners now on one side of +-pi
 * ```
 * @module
 */

const TWO_PI = 2 * Math.PI;
/** pyFAI's `pi` is a C float. */
const PI32 = Math.fround(Math.PI);
const f32 = Math.fround;

/**
 * pyFAI's `area4p`, the sign test of a crossed quadrilateral, including its operator precedence
 * (`0.5 * (AC0 * BD1) - AC1 * BD0`, not half the cross product): only the sign matters.
 */
function crossTest(q: Float64Array): number {
  return 0.5 * ((q[4] - q[0]) * (q[7] - q[3])) - (q[5] - q[1]) * (q[6] - q[2]);
}

/**
 * Moves the chi of the 4 corners `q` = [r0, chi0, r1, chi1, r2, chi2, r3, chi3] (in place) to one
 * side of the discontinuity when the quadrilateral is crossed (positive sign test): chi below 0
 * (below pi when the discontinuity is at 0) gains 2pi, then all lose 2pi if their mean exceeds pi
 * (2pi).
 */
export function recenter(q: Float64Array, discAtZero: boolean): void {
  if (!(crossTest(q) > 0)) return;
  const wrapBelow = discAtZero ? PI32 : 0;
  let sum = 0;
  for (let k = 1; k < 8; k += 2) {
    if (q[k] < wrapBelow) q[k] += TWO_PI;
    sum += q[k];
  }
  if (0.25 * sum > (discAtZero ? TWO_PI : PI32)) {
    for (let k = 1; k < 8; k += 2) q[k] -= TWO_PI;
  }
}

/** Signed area between x = a and x = b under the line y = slope * x + intercept. */
function areaUnder(a: number, b: number, slope: number, intercept: number): number {
  return (b - a) * (0.5 * slope * (b + a) + intercept);
}

/**
 * Adds to `strips[i]` the signed area under the edge (x0, y0) -> (x1, y1) between x = i and
 * x = i + 1, for the strips inside the array (pyFAI's `_integrate1d`). Summed over the 4 edges
 * of a polygon, each strip holds the polygon's area inside it (sign by orientation).
 */
export function stripAreas(strips: Float32Array, x0: number, y0: number, x1: number, y1: number): void {
  if (x1 === x0) return;
  const n = strips.length;
  const i0 = Math.floor(x0);
  const i1 = Math.floor(x1);
  const slope = (y1 - y0) / (x1 - x0);
  const intercept = y0 - slope * x0;
  if (i0 === i1 && i0 >= 0 && i1 < n) {
    strips[i0] += areaUnder(x0, x1, slope, intercept);
  } else if (x1 > x0) {
    if (x0 >= 0 && x0 < n) strips[i0] += areaUnder(x0, Math.floor(x0 + 1), slope, intercept);
    for (let i = Math.max(i0 + 1, 0); i < Math.min(i1, n); i++) strips[i] += areaUnder(i, i + 1, slope, intercept);
    if (x1 >= 0 && x1 < n) strips[i1] += areaUnder(i1, x1, slope, intercept);
  } else {
    if (x0 >= 0 && x0 < n) strips[i0] += areaUnder(x0, i0, slope, intercept);
    for (let i = Math.min(i0, n) - 1; i > Math.max(i1, -1); i--) strips[i] += areaUnder(i + 1, i, slope, intercept);
    if (x1 >= 0 && x1 < n) strips[i1] += areaUnder(Math.floor(x1 + 1), x1, slope, intercept);
  }
}

/** Lays `|area|` in column `col` from the bottom up, `width` per cell, with the sign of `area`. */
function lay(box: Float32Array, stride: number, col: number, width: number, area: number): void {
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

/**
 * Adds the column-filled area of the edge (x0, y0) -> (x1, y1) to `box` (row-major, `stride`
 * cells per unit column x; coordinates already shifted so the pixel starts in column 0 and row 0):
 * pyFAI's `_integrate2d`, in float32 where pyFAI is.
 */
export function columnFill(box: Float32Array, stride: number, x0: number, y0: number, x1: number, y1: number): void {
  if (x0 === x1) return;
  const slope = f32((y1 - y0) / (x1 - x0));
  const intercept = f32(y1 - slope * x1);
  if (x0 < x1) {
    let p = Math.ceil(x0);
    let dP = f32(p - x0);
    if (p > x1) {
      lay(box, stride, Math.trunc(x0), f32(x1 - x0), f32(areaUnder(x0, x1, slope, intercept)));
      return;
    }
    if (dP > 0) lay(box, stride, p - 1, dP, f32(areaUnder(x0, p, slope, intercept)));
    for (let i = Math.floor(p); i < Math.floor(x1); i++) lay(box, stride, i, 1, f32(areaUnder(i, i + 1, slope, intercept)));
    p = Math.floor(x1);
    dP = f32(x1 - p);
    if (dP > 0) lay(box, stride, p, dP, f32(areaUnder(p, x1, slope, intercept)));
  } else {
    let p = Math.floor(x0);
    if (x1 > p) {
      lay(box, stride, Math.trunc(x0), f32(x0 - x1), f32(areaUnder(x0, x1, slope, intercept)));
      return;
    }
    let dP = f32(p - x0);
    if (dP < 0) lay(box, stride, p, -dP, f32(areaUnder(x0, p, slope, intercept)));
    for (let i = Math.trunc(x0); i > Math.ceil(x1); i--) lay(box, stride, i - 1, 1, f32(areaUnder(i, i - 1, slope, intercept)));
    p = Math.ceil(x1);
    dP = f32(x1 - p);
    if (dP < 0) lay(box, stride, Math.trunc(x1), -dP, f32(areaUnder(p, x1, slope, intercept)));
  }
}
