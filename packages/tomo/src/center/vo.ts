/**
 * Centre of rotation by Vo's sinogram method (N. T. Vo, M. Drakopoulos, R. C. Atwood,
 * C. Reinhard, "Reliable method for calculating the center of rotation in parallel-beam
 * tomography", Opt. Express 22, 19078 (2014)).
 *
 * For a trial axis c, the 180° sinogram (M rows over [θ₀, θ₀ + π)) and its mirror about c
 * (p(θ + π, s) = p(θ, 2c − s)) are stacked into a 360° sinogram of 2M rows. With the right c it
 * is a consistent sinogram, whose 2-D spectrum vanishes outside the double wedge |n| ≤ R·|ω|
 * (angular harmonic n, detector frequency ω in rad/px, object radius R ≤ N/2 on a detector N
 * pixels wide); a wrong c breaks it at θ₀ + π and θ₀ + 2π and spreads energy outside. The
 * metric is the sum of the spectrum's magnitudes outside the wedge (Vo's choice: magnitudes,
 * not their squares); it is minimised over c in 1-px steps across the search range, then in
 * `step`-px steps around the best, and a parabola through the three best fine points gives the
 * sub-pixel result.
 *
 * Here the rows are zero-padded to L ≥ 2N columns (so the mirror of a far off-centre axis does
 * not wrap onto the data) and mirrored in Fourier space (band-limited, exact for any real c),
 * which makes the 2-D spectrum of every trial a phase-weighted sum of one precomputed spectrum:
 * the search costs two FFTs of the sinogram, whatever its range. Zero padding suits line
 * integrals, whose background is ≈ 0; an object that sticks out of the detector (truncated
 * projections) biases the result (by ~2 px for 15 px of a 70-px detector in the tests).
 * @module
 */
import { ArgumentError, ShapeError, show, type NdArray } from '@pandaas/core';
import { parabolaVertex } from './correlation.js';
import { checkOptions } from '../sinogram/arrays.js';
import { numberOption, readAngles, readRows, type Rows } from './inputs.js';
import { nextSmoothLength } from '../preprocess/smooth-length.js';
import { fftRows } from './spectrum.js';

/**
 * Options of {@link findCenterVo}.
 *
 * @example
 * ```ts
 * const options: VoCenterOptions = { center: 300, radius: 20 };
 * ```
 */
export interface VoCenterOptions {
  /** The middle of the coarse search (pixels on the detector row); default (nDet − 1) / 2. */
  readonly center?: number;
  /**
   * The half-width of the coarse search in pixels (1-px steps over [center − radius, center +
   * radius]); default 50, reduced to fit the detector when the default does not.
   */
  readonly radius?: number;
  /** The half-width of the fine search around the coarse minimum, pixels; default 2. */
  readonly fineRadius?: number;
  /** The step of the fine search, pixels in (0, 1]; default 0.25. */
  readonly step?: number;
}

/** The narrowest sinogram the method takes (pixels). */
const MIN_WIDTH = 8;

/** The number of rows from the first angle up to (not including) a half turn later. */
function halfTurnRows(theta: Float64Array): number {
  const steps = Array.from({ length: theta.length - 1 }, (_, i) => theta[i + 1] - theta[i]).sort((a, b) => a - b);
  const step = steps[Math.floor(steps.length / 2)];
  let m = 0;
  while (m < theta.length && theta[m] - theta[0] < Math.PI - step / 2) m++;
  if (theta[m - 1] - theta[0] < Math.PI - 1.5 * step) {
    throw new ArgumentError(
      `angles must cover a half turn for Vo's method; they span ${show(theta[theta.length - 1] - theta[0])} rad with steps of ${show(step)} rad`,
    );
  }
  return m;
}

/**
 * What every trial axis needs, computed once: A(u, v), the 2-D DFT of the first `m` rows
 * zero-padded to `length` columns (detector, L ≥ 2N) and `2m` rows (angle), for the detector
 * frequencies |v| <= vMax that meet the region |u| > π·|v|·N/L.
 */
interface Spectra {
  readonly m: number;
  readonly n: number;
  readonly length: number;
  readonly vMax: number;
  /** `[2·vMax + 1, 2m]`: row k holds v = k − vMax. */
  readonly re: Float64Array;
  readonly im: Float64Array;
}

async function spectra(sino: Rows, m: number): Promise<Spectra> {
  const n = sino.cols;
  const length = nextSmoothLength(2 * n);
  const padded = new Float64Array(m * length);
  for (let r = 0; r < m; r++) padded.set(sino.values.subarray(r * n, (r + 1) * n), r * length);
  const rows = await fftRows(padded, undefined, m, length);
  const vMax = Math.min(Math.floor((length - 1) / 2), Math.ceil((m * length) / (Math.PI * n) - 1e-9) - 1);
  const count = 2 * vMax + 1;
  const colRe = new Float64Array(count * 2 * m);
  const colIm = new Float64Array(count * 2 * m);
  for (let k = 0; k < count; k++) {
    const col = (k - vMax + length) % length;
    for (let r = 0; r < m; r++) {
      colRe[k * 2 * m + r] = rows.re[r * length + col];
      colIm[k * 2 * m + r] = rows.im[r * length + col];
    }
  }
  const a = await fftRows(colRe, colIm, count, 2 * m);
  return { m, n, length, vMax, re: a.re, im: a.im };
}

/**
 * The metric for trial axis `c`. The 360° sinogram is the M rows over the N columns,
 * zero-padded to L columns, stacked over their mirror about c, p((2c − s) mod L), which
 * the DFT turns into a phase ramp on the conjugate spectrum (the band-limited mirror, exact for
 * any real c). Its 2-D DFT is then F(u, v) = A(u, v) + (−1)^u·e^(−4πivc/L)·A(u, −v), and the
 * metric the sum of |F| over |u| > π·|v|·N/L (the object's radius is at most N/2).
 */
function metric(s: Spectra, c: number): number {
  const rows = 2 * s.m;
  const slope = (Math.PI * s.n) / s.length;
  let sum = 0;
  for (let k = 0; k < 2 * s.vMax + 1; k++) {
    const v = k - s.vMax;
    const mirror = (2 * s.vMax - k) * rows;
    const phase = (-4 * Math.PI * v * c) / s.length;
    const pr = Math.cos(phase);
    const pi = Math.sin(phase);
    const bound = slope * Math.abs(v);
    for (let r = 0; r < rows; r++) {
      const u = r <= s.m ? r : rows - r;
      if (!(u > bound)) continue;
      const sign = r % 2 === 0 ? 1 : -1;
      const br = s.re[mirror + r];
      const bi = s.im[mirror + r];
      const fr = s.re[k * rows + r] + sign * (pr * br - pi * bi);
      const fi = s.im[k * rows + r] + sign * (pr * bi + pi * br);
      sum += Math.sqrt(fr * fr + fi * fi);
    }
  }
  return sum;
}

function argmin(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return best;
}

/**
 * The axis position (pixels on the detector row, sub-pixel) by Vo's sinogram method: minimise
 * the Fourier-space inconsistency of the 180° sinogram stacked over its mirror image (see the
 * module notes). `sinogram` is `[nAngles, nDet]` (line integrals, after flat/dark and −log,
 * background ≈ 0), `angles` increasing, in radians, covering at least a half turn; only the rows in
 * [angles[0], angles[0] + π) are used (the first half of a 360° scan). The coarse search range
 * [center − radius, center + radius] must lie on the detector, [0, nDet − 1] (an ArgumentError
 * otherwise).
 *
 * @example
 * ```ts
 * import { findCenterVo } from '@pandaas/tomo';
 * const theta = Array.from({ length: 181 }, (_, i) => (i * Math.PI) / 181);
 * const cor = await findCenterVo(sinogram, theta, { radius: 40 }); // e.g. 295.84
 * ```
 */
export async function findCenterVo(sinogram: NdArray, angles: ArrayLike<number>, options?: VoCenterOptions): Promise<number> {
  const o = checkOptions(options, 'options');
  const sino = await readRows(sinogram, 'sinogram', [2]);
  if (sino.rows < 4 || sino.cols < MIN_WIDTH) {
    throw new ShapeError(`sinogram must have at least 4 rows (angles) and ${MIN_WIDTH} columns (pixels) for Vo's method; got shape ${show(sinogram.shape)}`);
  }
  const last = sino.cols - 1;
  const center = numberOption(o.center, 'options.center', last / 2, { min: 0, max: last });
  const radius = numberOption(o.radius, 'options.radius', Math.min(50, Math.floor(Math.min(center, last - center))), { min: 0 });
  if (center - radius < 0 || center + radius > last) {
    throw new ArgumentError(
      `the search range [options.center − options.radius, options.center + options.radius] = [${show(center - radius)}, ${show(center + radius)}] must lie on the detector, [0, ${last}]; got options.center ${show(center)}, options.radius ${show(radius)}`,
    );
  }
  const fineRadius = numberOption(o.fineRadius, 'options.fineRadius', 2, { min: 0 });
  const step = numberOption(o.step, 'options.step', 0.25, { min: 0, exclusiveMin: true, max: 1 });
  const theta = readAngles(angles, sino.rows, true);
  const m = halfTurnRows(theta);

  const s = await spectra(sino, m);
  const coarse = Array.from({ length: Math.floor(2 * radius + 1e-9) + 1 }, (_, i) => center - radius + i);
  const best = coarse[argmin(coarse.map((c) => metric(s, c)))];
  const count = Math.floor(fineRadius / step + 1e-9);
  const fine: number[] = [];
  for (let i = -count; i <= count; i++) {
    const c = best + i * step;
    if (c >= 0 && c <= last) fine.push(c);
  }
  const values = fine.map((c) => metric(s, c));
  const k = argmin(values);
  const inner = k > 0 && k < values.length - 1 ? parabolaVertex(values[k - 1], values[k], values[k + 1]) : 0;
  return fine[k] + inner * step;
}
