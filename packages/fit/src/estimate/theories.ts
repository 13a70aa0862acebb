import { ArgumentError } from '@pandaas/core';
import { peakBackground } from './backgrounds.js';
import { estimateHeightPositionFwhm, range } from './height-position-fwhm.js';
import { convolveValid, polyfit } from './numeric.js';
import type { EstimateConfig } from './options.js';
import { CFACTOR, CFREE, CPOSITIVE, CQUOTED, freeConstraints, type SilxConstraint } from './silx-constraints.js';

/** What a theory's estimator gives: parameters and silx constraints for `count` components, and the peaks found. */
export interface TheoryEstimate {
  params: number[];
  constraints: SilxConstraint[];
  /** How many components (peaks, steps) the parameters describe. */
  count: number;
  peaks: number[];
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const FWHM_PER_SIGMA = 2.0 * Math.sqrt(2 * Math.log(2));

/** silx `estimate_agauss` / `estimate_alorentz`: heights become areas. */
function toAreas(e: TheoryEstimate, kind: 'gaussian' | 'lorentzian'): TheoryEstimate {
  const params = [...e.params];
  for (let k = 0; k < e.count; k++) {
    const height = params[3 * k];
    const fwhm = params[3 * k + 2];
    params[3 * k] = kind === 'gaussian' ? (SQRT_2PI * height * fwhm) / FWHM_PER_SIGMA : height * fwhm * 0.5 * Math.PI;
  }
  return { ...e, params };
}

/** silx `estimate_splitgauss` (also its split lorentzian): FWHM doubled into Low and High, with its constraint. */
function split(e: TheoryEstimate): TheoryEstimate {
  const params: number[] = [];
  const constraints: SilxConstraint[] = [];
  for (let k = 0; k < e.count; k++) {
    const [h, p, f] = e.constraints.slice(3 * k, 3 * k + 3);
    params.push(e.params[3 * k], e.params[3 * k + 1], e.params[3 * k + 2], e.params[3 * k + 2]);
    const low: SilxConstraint = [...f];
    const high: SilxConstraint = [...f];
    if (f[0] === CFACTOR) {
      low[1] = Math.trunc(f[1] / 3) * 4 + 2;
      high[1] = Math.trunc(f[1] / 3) * 4 + 3;
    }
    constraints.push([...h], [...p], low, high);
  }
  return { ...e, params, constraints };
}

/**
 * silx `estimate_pvoigt` (`withSplit` false) and `estimate_splitpvoigt` (true): η = 0.5, free or
 * quoted in [0, 1]; FWHM ties re-pointed at the free FWHM in the wider layout. (silx points the
 * split form's ties at 4j + 2, a slip for its 5-parameter layout; here they go to the FWHMs.)
 */
function pseudoVoigt(e: TheoryEstimate, config: EstimateConfig, withSplit: boolean): TheoryEstimate {
  const size = withSplit ? 5 : 4;
  let free = 0;
  for (let k = 0; k < e.count; k++) if (e.constraints[3 * k + 2][0] !== CFACTOR) free = k;
  const params: number[] = [];
  const constraints: SilxConstraint[] = [];
  for (let k = 0; k < e.count; k++) {
    const [h, p, f] = e.constraints.slice(3 * k, 3 * k + 3);
    const tied = !config.noConstraints && config.sameFwhm && k !== free;
    const fwhm: SilxConstraint = tied ? [f[0], size * free + 2, f[2]] : [...f];
    params.push(e.params[3 * k], e.params[3 * k + 1], e.params[3 * k + 2]);
    constraints.push([...h], [...p], fwhm);
    if (withSplit) {
      params.push(e.params[3 * k + 2]);
      constraints.push(fwhm[0] === CFACTOR ? [CFACTOR, fwhm[1] + 1, fwhm[2]] : [...fwhm]);
    }
    params.push(0.5);
    constraints.push(config.quotedEta ? [CQUOTED, 0, 1] : [CFREE, 0, 0]);
  }
  return { ...e, params, constraints };
}

/** silx `estimate_apvoigt`: pseudo-Voigt heights become areas (half lorentzian, half gaussian). */
function pseudoVoigtArea(e: TheoryEstimate): TheoryEstimate {
  const params = [...e.params];
  for (let k = 0; k < e.count; k++) {
    const height = params[4 * k];
    const fwhm = params[4 * k + 2];
    params[4 * k] = 0.5 * (height * fwhm * 0.5 * Math.PI) + 0.5 * ((height * fwhm) / FWHM_PER_SIGMA) * SQRT_2PI;
  }
  return { ...e, params };
}

/** Constraints of a single step or slit: height positive, position quoted, widths positive, per the options. */
function stepConstraints(x: Float64Array, config: EstimateConfig, widths: number): SilxConstraint[] {
  const constraints = freeConstraints(2 + widths);
  if (config.noConstraints) return constraints;
  if (config.positiveHeightArea) constraints[0] = [CPOSITIVE, 0, 0];
  if (config.quotedPosition) constraints[1] = [CQUOTED, ...range(x)];
  if (config.positiveFwhm) for (let k = 2; k < 2 + widths; k++) constraints[k] = [CPOSITIVE, 0, 0];
  return constraints;
}

/**
 * silx `estimate_stepup` / `estimate_stepdown` (and the arctangent's): gaussians estimated on a
 * 5-point derivative of y scaled to max(y), the largest giving the step's position and width; the
 * height is max(y) − min(y) (a step up takes the larger fitted derivative height instead, as
 * silx does).
 */
function step(x: Float64Array, y: Float64Array, config: EstimateConfig, up: boolean): TheoryEstimate {
  if (y.length < 6) throw new ArgumentError(`a step estimate needs at least 6 points; got ${y.length}`);
  const filter = up ? [0.25, 0.75, 0.0, -0.75, -0.25] : [-0.25, -0.75, 0.0, 0.75, 0.25];
  let derivative = convolveValid(y, filter);
  const [yMin, yMax] = range(y);
  const [, dMax] = range(derivative);
  if (dMax > 0) derivative = derivative.map((v) => (v * yMax) / dMax);
  const inner = estimateHeightPositionFwhm(x.subarray(2, x.length - 2), derivative, config);
  const amplitude = yMax - yMin;
  let largest: number[];
  const fitted = inner.params;
  if (fitted.length > 0) {
    largest = [amplitude, fitted[1], fitted[2]];
    for (let k = 0; k < fitted.length / 3; k++) {
      if (fitted[3 * k] > largest[0]) largest = [up ? fitted[3 * k] : amplitude, fitted[3 * k + 1], fitted[3 * k + 2]];
    }
  } else {
    largest = [amplitude, x[Math.floor(x.length / 2)], config.fwhmPoints * (x[1] - x[0])];
  }
  return { params: largest, constraints: stepConstraints(x, config, 1), count: 1, peaks: inner.peaks.map((i) => i + 2) };
}

/**
 * silx `estimate_slit`: position and FWHM from where y minus its strip background is at least half
 * its maximum; the beam FWHM from the step estimates, with silx's formula (half the sum of the
 * step-up FWHM and the step-down position, kept between 3 samples and a tenth of the step
 * distance).
 */
function slit(x: Float64Array, y: Float64Array, config: EstimateConfig): TheoryEstimate {
  const up = step(x, y, config, true).params;
  const down = step(x, y, config, false).params;
  const distance = Math.abs(down[1] - up[1]);
  const [xMin, xMax] = range(x);
  let beamFwhm = 0.5 * (up[2] + down[1]);
  beamFwhm = Math.min(beamFwhm, distance / 10.0);
  beamFwhm = Math.max(beamFwhm, ((xMax - xMin) * 3.0) / x.length);
  const bg = peakBackground(y, config);
  const net = y.map((v, i) => v - bg[i]);
  const [, height] = range(net);
  let first = -1;
  let last = -1;
  for (let i = 0; i < net.length; i++) {
    if (net[i] >= 0.5 * height) {
      if (first < 0) first = i;
      last = i;
    }
  }
  const params = [height, (x[first] + x[last]) / 2.0, x[last] - x[first], beamFwhm];
  return { params, constraints: stepConstraints(x, config, 2), count: 1, peaks: [] };
}

/**
 * A theory {@link estimate} estimates, by the kind of its model: a peak-like one, or a polynomial.
 *
 * @example
 * ```ts
 * import { estimate, type TheoryKind } from '@pandaas/fit';
 * const kind: TheoryKind = 'pseudoVoigtArea';
 * estimate(kind, [0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 5, 12, 20, 12, 5, 2, 1]).names; // ['Area1', 'Position1', 'FWHM1', 'Eta1']
 * ```
 */
export type TheoryKind =
  | 'gaussian' | 'lorentzian' | 'gaussianArea' | 'lorentzianArea' | 'pseudoVoigt' | 'pseudoVoigtArea' | 'splitGaussian'
  | 'splitLorentzian' | 'splitPseudoVoigt' | 'stepUp' | 'stepDown' | 'atan' | 'slit' | 'polynomial';

/** The peak-like theories {@link theoryEstimate} handles: every kind but the polynomial. */
export const PEAK_THEORIES: readonly Exclude<TheoryKind, 'polynomial'>[] = [
  'gaussian', 'lorentzian', 'gaussianArea', 'lorentzianArea', 'pseudoVoigt', 'pseudoVoigtArea', 'splitGaussian', 'splitLorentzian',
  'splitPseudoVoigt', 'stepUp', 'stepDown', 'atan', 'slit',
];

/**
 * Whether `value` names a {@link TheoryKind}.
 *
 * @example
 * ```ts
 * isTheoryKind('splitGaussian'); // true
 * isTheoryKind('Gaussians'); // false: silx's name, not a kind
 * ```
 */
export function isTheoryKind(value: unknown): value is TheoryKind {
  return value === 'polynomial' || (PEAK_THEORIES as readonly unknown[]).includes(value);
}

/**
 * The estimate of silx's theory for `kind` on checked (x, y): its `estimate_*` function.
 *
 * @example
 * ```ts
 * theoryEstimate('gaussianArea', x, y, resolveEstimateOptions()).params; // [Area1, Position1, FWHM1, ...]
 * ```
 */
export function theoryEstimate(kind: TheoryKind, x: Float64Array, y: Float64Array, config: EstimateConfig): TheoryEstimate {
  if (kind === 'polynomial') {
    const params = Array.from(polyfit(x, y, config.degree));
    return { params, constraints: freeConstraints(params.length), count: 1, peaks: [] };
  }
  if (kind === 'stepUp' || kind === 'atan') return step(x, y, config, true);
  if (kind === 'stepDown') return step(x, y, config, false);
  if (kind === 'slit') return slit(x, y, config);
  const peaks = estimateHeightPositionFwhm(x, y, config);
  const base: TheoryEstimate = { params: peaks.params, constraints: peaks.constraints, count: peaks.params.length / 3, peaks: peaks.peaks };
  switch (kind) {
    case 'gaussianArea':
      return toAreas(base, 'gaussian');
    case 'lorentzianArea':
      return toAreas(base, 'lorentzian');
    case 'splitGaussian':
    case 'splitLorentzian':
      return split(base);
    case 'pseudoVoigt':
      return pseudoVoigt(base, config, false);
    case 'pseudoVoigtArea':
      return pseudoVoigtArea(pseudoVoigt(base, config, false));
    case 'splitPseudoVoigt':
      return pseudoVoigt(base, config, true);
    default:
      return base;
  }
}
