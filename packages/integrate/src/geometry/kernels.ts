/**
 * The per-pixel loops of the geometry. Each takes the pixel positions along the two axes
 * (metres from the PONI, see `positions.ts`), the distance L and the rotation matrix R, forms the
 * lab coordinates t = R·(p1, p2, L) once per pixel, and writes into caller-supplied arrays,
 * allocating nothing per pixel. Inputs are trusted (the Geometry validates them).
 *
 * @example
 * ```ts
 * const tth = new Float64Array(4), chi = new Float64Array(4);
 * radialKernel(p1, p2, 0.1, rotationMatrix(0, 0, 0), '2th', undefined, false, tth, chi);
 * ```
 * @module
 */
import type { Matrix3 } from './rotation.js';

const TWO_PI = 2 * Math.PI;

/** The radial quantity of a corner grid: 2θ (rad), q (nm⁻¹), r (m) or d*² (nm⁻²). */
export type RadialSpace = '2th' | 'q' | 'r' | 'd*2';

/**
 * cos³α at every pixel, α being the incidence angle on the flat detector:
 * cos α = L / √(L² + p1² + p2²) (pyFAI's relative solid angle; independent of the rotations).
 *
 * @example
 * ```ts
 * cosCubedKernel(p1, p2, dist, out);
 * ```
 */
export function cosCubedKernel(p1: Float64Array, p2: Float64Array, dist: number, out: Float64Array): void {
  const cols = p2.length;
  const l2 = dist * dist;
  for (let i = 0; i < p1.length; i++) {
    const a = l2 + p1[i] * p1[i];
    let k = i * cols;
    for (let j = 0; j < cols; j++, k++) {
      const cosa = dist / Math.sqrt(a + p2[j] * p2[j]);
      out[k] = cosa * cosa * cosa;
    }
  }
}

/**
 * The radial quantity of `space` and/or χ at every point of the grid p1 (rows) × p2 (cols), pixel
 * centres or corners (either output may be null): 2θ = atan2(√(t1² + t2²), t3), q = 4π/λ·sin(θ)
 * (nm⁻¹), r = √(t1² + t2²) (m) or d*² = (2/λ·sin(θ))² (nm⁻²), and χ = atan2(t1, t2) (moved to
 * [0, 2π) when `chiAtZero`). With Float32Array outputs the values are rounded to float32, as
 * pyFAI's corner arrays are. `wavelength` (m) is needed for q and d*².
 *
 * @example
 * ```ts
 * radialKernel(p1, p2, dist, matrix, '2th', undefined, false, radGrid, chiGrid);
 * ```
 */
export function radialKernel(
  p1: Float64Array,
  p2: Float64Array,
  dist: number,
  m: Matrix3,
  space: RadialSpace,
  wavelength: number | undefined,
  chiAtZero: boolean,
  rad: Float32Array | Float64Array | null,
  chi: Float32Array | Float64Array | null,
): void {
  const rows = p1.length;
  const cols = p2.length;
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = m;
  const lambda = wavelength ?? Number.NaN;
  const qFactor = (4e-9 * Math.PI) / lambda;
  const dFactor = 2e-9 / lambda;
  const mode = rad === null ? -1 : space === '2th' ? 0 : space === 'q' ? 1 : space === 'r' ? 2 : 3;
  for (let i = 0; i < rows; i++) {
    const a = p1[i];
    const base1 = a * m00 + dist * m02;
    const base2 = a * m10 + dist * m12;
    const base3 = a * m20 + dist * m22;
    let k = i * cols;
    for (let j = 0; j < cols; j++, k++) {
      const b = p2[j];
      const t1 = base1 + b * m01;
      const t2 = base2 + b * m11;
      if (mode >= 0) {
        const rho = Math.sqrt(t1 * t1 + t2 * t2);
        let value = rho;
        if (mode !== 2) {
          const tth = Math.atan2(rho, base3 + b * m21);
          if (mode === 0) value = tth;
          else if (mode === 1) value = qFactor * Math.sin(tth / 2);
          else {
            const d = dFactor * Math.sin(tth / 2);
            value = d * d;
          }
        }
        (rad as Float32Array)[k] = value;
      }
      if (chi !== null) {
        const c = Math.atan2(t1, t2);
        chi[k] = chiAtZero && c < 0 ? c + TWO_PI : c;
      }
    }
  }
}

/**
 * Scatters corner grids ((rows + 1) × (cols + 1)) into pyFAI's corner array
 * [rows, cols, 4, 2]: corners A (i, j), B (i + 1, j), C (i + 1, j + 1), D (i, j + 1), each as
 * (radial × scale, χ), into a Float32Array. The scaling is a float32 product, as pyFAI's
 * `corner_array(scale=True)`.
 *
 * @example
 * ```ts
 * scatterCorners(radGrid, chiGrid, rows, cols, Math.fround(180 / Math.PI), out);
 * ```
 */
export function scatterCorners(
  rad: Float32Array,
  chi: Float32Array,
  rows: number,
  cols: number,
  scale: number,
  out: Float32Array,
): void {
  const stride = cols + 1;
  // a float32 times a float32 is exact in double; storing it in `out` rounds it to float32
  const scale32 = Math.fround(scale);
  let o = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const a = i * stride + j;
      const b = a + stride;
      out[o] = rad[a] * scale32;
      out[o + 1] = chi[a];
      out[o + 2] = rad[b] * scale32;
      out[o + 3] = chi[b];
      out[o + 4] = rad[b + 1] * scale32;
      out[o + 5] = chi[b + 1];
      out[o + 6] = rad[a + 1] * scale32;
      out[o + 7] = chi[a + 1];
      o += 8;
    }
  }
}

/**
 * pyFAI's radial delta array: the largest |corner − centre| over the 4 corners of each pixel,
 * from a corner grid ((rows + 1) × (cols + 1)) and the centres (rows × cols), times `scale`.
 *
 * @example
 * ```ts
 * deltaKernel(radGrid, center, rows, cols, 1, out);
 * ```
 */
export function deltaKernel(
  rad: Float32Array,
  center: Float64Array,
  rows: number,
  cols: number,
  scale: number,
  out: Float64Array,
): void {
  const stride = cols + 1;
  let k = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, k++) {
      const a = i * stride + j;
      const b = a + stride;
      const c = center[k];
      const d = Math.max(Math.abs(rad[a] - c), Math.abs(rad[b] - c), Math.abs(rad[b + 1] - c), Math.abs(rad[a + 1] - c));
      out[k] = scale === 1 ? d : d * scale;
    }
  }
}

function angularDistance(corner: number, center: number): number {
  // pyFAI's min((corner - center) mod 2π, (center - corner) mod 2π) with Python's mod (in
  // [0, 2π)): with a = |corner - center| mod 2π (C's fmod), the two are a and 2π - a, to the bit.
  let a = Math.abs(corner - center);
  if (a >= TWO_PI) a %= TWO_PI;
  const b = TWO_PI - a;
  return a < b ? a : b;
}

/**
 * pyFAI's χ delta array (`deltaChi`): the largest angular distance between the centre and the 4
 * corners of each pixel, measured modulo 2π so that pixels across the χ discontinuity get their
 * true (small) width.
 *
 * @example
 * ```ts
 * chiDeltaKernel(chiGrid, chiCenter, rows, cols, out);
 * ```
 */
export function chiDeltaKernel(chi: Float32Array, center: Float64Array, rows: number, cols: number, out: Float64Array): void {
  const stride = cols + 1;
  let k = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, k++) {
      const a = i * stride + j;
      const b = a + stride;
      const c = center[k];
      out[k] = Math.max(
        angularDistance(chi[a], c),
        angularDistance(chi[b], c),
        angularDistance(chi[b + 1], c),
        angularDistance(chi[a + 1], c),
      );
    }
  }
}
