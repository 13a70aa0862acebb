/**
 * Centre of rotation from a pair of opposite projections (0° and 180°): the 180° projection is
 * the 0° one mirrored about the axis, so the cross-correlation of p(0) with fliplr(p(180)) peaks
 * at d = 2c − (N − 1), and c = (N − 1 + d) / 2 (absolute detector position, pixels from the first
 * pixel's centre, sub-pixel).
 * @module
 */
import { ArgumentError, ShapeError, show, type NdArray } from '@pandaas/core';
import { mirrorShift } from './correlation.js';
import { checkOptions } from '../sinogram/arrays.js';
import { numberOption, readAngles, readRows, type Rows } from './inputs.js';

/**
 * Options of {@link findCenterPair} and {@link findCenter180}.
 *
 * @example
 * ```ts
 * const options: CenterPairOptions = { upsample: 50 };
 * ```
 */
export interface CenterPairOptions {
  /**
   * The sub-pixel resolution of the correlation peak: the band-limited correlation is evaluated
   * 1/upsample px apart around its integer peak (a parabola then refines the best point);
   * an integer in [1, 1000], default 20.
   */
  readonly upsample?: number;
}

function upsampleOf(options: CenterPairOptions | undefined): number {
  return numberOption(checkOptions(options, 'options').upsample, 'options.upsample', 20, { min: 1, max: 1000, integer: true });
}

/**
 * The axis position (pixels on the detector row, sub-pixel) from two projections half a turn
 * apart: `p0` and `p180`, each a detector row `[nDet]` or a radio `[rows, nDet]` (same shape;
 * the correlation along the detector is summed over the rows). Line integrals (after flat/dark
 * and −log) work best: the background should be near 0.
 *
 * @example
 * ```ts
 * import { findCenterPair } from '@pandaas/tomo';
 * const cor = await findCenterPair(radio0, radio180); // e.g. 295.9
 * ```
 */
export async function findCenterPair(p0: NdArray, p180: NdArray, options?: CenterPairOptions): Promise<number> {
  const upsample = upsampleOf(options);
  const a = await readRows(p0, 'p0', [1, 2]);
  const b = await readRows(p180, 'p180', [1, 2]);
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(`p180 must have the shape of p0 ${show(p0.shape)}; got ${show(p180.shape)}`);
  }
  return (a.cols - 1 + (await mirrorShift(a, b, upsample))) / 2;
}

/** Row `i` of a sinogram. */
function row(sino: Rows, i: number): Rows {
  return { rows: 1, cols: sino.cols, values: sino.values.subarray(i * sino.cols, (i + 1) * sino.cols) };
}

/** `x` wrapped into (−π, π]. */
function wrap(x: number): number {
  const y = x - 2 * Math.PI * Math.round(x / (2 * Math.PI));
  return y <= -Math.PI ? y + 2 * Math.PI : y;
}

/** Angular mismatches below this (radians) count as an exact half turn. */
const EXACT = 1e-9;

/**
 * The axis position (pixels on the detector row, sub-pixel) from the sinogram rows of the first
 * angle and of the angle half a turn later. When no angle is exactly `angles[0] + π`, the shift
 * is measured on two pairs and interpolated linearly to a mismatch of 0: the first row against
 * the rows just before and after `angles[0] + π` when both exist (scans over more than 180°),
 * else (a scan over [0, 180°)) the nearest row to `angles[0] + π` against the first row and
 * against the row nearest to the first, which extrapolates (error of second order in the angular
 * step). The nearest row must be within two angular steps (the median step) of
 * `angles[0] + π`.
 *
 * @example
 * ```ts
 * import { findCenter180 } from '@pandaas/tomo';
 * const theta = Array.from({ length: 181 }, (_, i) => (i * Math.PI) / 181);
 * const cor = await findCenter180(sinogram, theta); // sinogram [181, nDet], line integrals
 * ```
 */
export async function findCenter180(sinogram: NdArray, angles: ArrayLike<number>, options?: CenterPairOptions): Promise<number> {
  const upsample = upsampleOf(options);
  const sino = await readRows(sinogram, 'sinogram', [2]);
  const theta = readAngles(angles, sino.rows, false);
  if (sino.rows < 2) throw new ShapeError(`sinogram must have at least 2 rows (angles); got shape ${show(sinogram.shape)}`);
  const steps = Array.from({ length: sino.rows - 1 }, (_, i) => Math.abs(wrap(theta[i + 1] - theta[i]))).sort((x, y) => x - y);
  const step = steps[Math.floor(steps.length / 2)];
  const mismatch = (ref: number, i: number) => wrap(theta[i] - theta[ref] - Math.PI);
  let partner = 1;
  for (let i = 2; i < sino.rows; i++) if (Math.abs(mismatch(0, i)) < Math.abs(mismatch(0, partner))) partner = i;
  const d1 = mismatch(0, partner);
  if (Math.abs(d1) > 2 * step + EXACT) {
    throw new ArgumentError(
      `angles must include one within two steps (${show(2 * step)} rad) of angles[0] + π = ${show(theta[0] + Math.PI)}; the nearest, angles[${partner}] = ${show(theta[partner])}, is ${show(Math.abs(d1))} rad away`,
    );
  }
  const s1 = await mirrorShift(row(sino, 0), row(sino, partner), upsample);
  if (Math.abs(d1) <= EXACT) return (sino.cols - 1 + s1) / 2;
  // a second pair: across angles[0] + π when the scan reaches past it, else from the row nearest to the first
  let other: [ref: number, partner: number] | undefined;
  for (let i = 1; i < sino.rows; i++) {
    const d = mismatch(0, i);
    if (Math.sign(d) === -Math.sign(d1) && Math.abs(d) <= 2 * step + EXACT && (other === undefined || Math.abs(d) < Math.abs(mismatch(0, other[1])))) other = [0, i];
  }
  if (other === undefined) {
    let near = -1;
    for (let i = 1; i < sino.rows; i++) {
      if (i !== partner && (near < 0 || Math.abs(wrap(theta[i] - theta[0])) < Math.abs(wrap(theta[near] - theta[0])))) near = i;
    }
    if (near >= 0) other = [near, partner];
  }
  if (other === undefined) return (sino.cols - 1 + s1) / 2;
  const d2 = mismatch(other[0], other[1]);
  if (Math.abs(d2 - d1) <= EXACT) return (sino.cols - 1 + s1) / 2;
  const s2 = await mirrorShift(row(sino, other[0]), row(sino, other[1]), upsample);
  const shift = s1 - (d1 * (s2 - s1)) / (d2 - d1);
  return (sino.cols - 1 + shift) / 2;
}
