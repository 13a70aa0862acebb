/**
 * Step 3 of the demo: the peaks of a 1D pattern found (silx's peak search) and each fitted by a
 * pseudo-Voigt on a linear background in a window around it (silx's FitManager workflow), weighted
 * by the pattern's Poisson sigma.
 *
 * @module
 */
import { FitManager, guessFwhm, linear, peakSearch, type FitStatus } from '@pandaas/fit';

/** Half the width of the fit window around each peak found, degrees 2θ (25 bins of 0.01°). */
export const FIT_HALF_WINDOW_DEG = 0.25;
/** The peak search threshold: silx FitManager's default sensitivity. */
export const PEAK_SENSITIVITY = 2.5;
/** The FitManager theory and background the demo fits with (silx's names). */
export const FIT_THEORY = 'Pseudo-Voigt Line';
export const FIT_BACKGROUND = 'Linear';
/** Points of the fitted curve drawn across a window. */
const CURVE_POINTS = 400;

/** A fitted parameter and its standard deviation (scaled by the reduced χ², as curve_fit). */
export interface FittedValue {
  readonly value: number;
  readonly sigma: number;
}

/** The points of a pattern a fit may use: bins that received pixels (sigma > 0). */
export interface PatternPoints {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly sigma: Float64Array;
}

/** One fitted peak. */
export interface FittedPeak {
  /** The 2θ (degrees) of the bin where the search found the peak, and its relevance. */
  readonly found: number;
  readonly relevance: number;
  /** The x range fitted, degrees. */
  readonly window: readonly [number, number];
  /** Peak parameters (pseudo-Voigt: height, centre, FWHM in degrees, Lorentzian fraction η). */
  readonly position: FittedValue;
  readonly height: FittedValue;
  readonly fwhm: FittedValue;
  readonly eta: FittedValue;
  /** Every fitted parameter by FitManager's names (`Constant`, `Slope`, `Height1`, ...). */
  readonly parameters: Readonly<Record<string, FittedValue>>;
  readonly chi2: number;
  readonly reducedChi2: number;
  readonly status: FitStatus;
  readonly message: string;
  /** The fitted model and its linear background across the window, for plots. */
  readonly curve: { readonly x: Float64Array; readonly y: Float64Array; readonly background: Float64Array };
}

/**
 * The bins of a pattern that received pixels: pyFAI 0.21 gives empty bins intensity 0 and sigma
 * 0, which are not measurements.
 *
 * @example
 * ```ts
 * const points = patternPoints(result.radial, result.intensity, result.sigma!);
 * ```
 */
export function patternPoints(x: ArrayLike<number>, y: ArrayLike<number>, sigma: ArrayLike<number>): PatternPoints {
  const keep: number[] = [];
  for (let i = 0; i < y.length; i++) if (sigma[i]! > 0) keep.push(i);
  return {
    x: Float64Array.from(keep, (i) => x[i]!),
    y: Float64Array.from(keep, (i) => y[i]!),
    sigma: Float64Array.from(keep, (i) => sigma[i]!),
  };
}

/**
 * Fits one window of a pattern as the demo does: FitManager with {@link FIT_THEORY},
 * {@link FIT_BACKGROUND}, η kept in [0, 1], weights 1/sigma².
 *
 * @example
 * ```ts
 * const fm = fitWindow(points, 12.0, 12.5);
 * fm.result('Position1').fitted;
 * ```
 */
export function fitWindow(points: PatternPoints, xmin: number, xmax: number): FitManager {
  const fm = new FitManager();
  fm.configure({ quotedEta: true, sensitivity: PEAK_SENSITIVITY });
  fm.setData(points.x, points.y, points.sigma, xmin, xmax);
  fm.setTheory(FIT_THEORY);
  fm.setBackground(FIT_BACKGROUND);
  fm.estimate();
  fm.fit();
  return fm;
}

function value(fm: FitManager, name: string): FittedValue {
  const p = fm.result(name);
  return { value: p.fitted, sigma: p.sigma };
}

/** The fitted peak of the window's model nearest to `found` (a window may hold more than one). */
function nearestComponent(fm: FitManager, found: number): number {
  let best = 1;
  for (let k = 1; fm.names.includes(`Position${k}`); k++) {
    if (Math.abs(fm.result(`Position${k}`).fitted - found) < Math.abs(fm.result(`Position${best}`).fitted - found)) best = k;
  }
  return best;
}

function curveOf(fm: FitManager, window: readonly [number, number]): FittedPeak['curve'] {
  const x = Float64Array.from({ length: CURVE_POINTS }, (_, i) => window[0] + ((window[1] - window[0]) * i) / (CURVE_POINTS - 1));
  const y = new Float64Array(CURVE_POINTS);
  const background = new Float64Array(CURVE_POINTS);
  const fit = fm.lastFit!;
  fm.model!.evaluate(x, fit.params, y);
  linear().evaluate(x, Float64Array.of(fm.result('Constant').fitted, fm.result('Slope').fitted), background);
  return { x, y, background };
}

/**
 * Finds the peaks of a pattern and fits each in a window of ±{@link FIT_HALF_WINDOW_DEG} around
 * it. Peaks closer than the window to a stronger one are left to that one's fit.
 *
 * @example
 * ```ts
 * const peaks = fitPeaks(patternPoints(r.radial, r.intensity, r.sigma!));
 * peaks[0].position; // { value: 12.2241, sigma: 0.0001 }
 * ```
 */
export function fitPeaks(points: PatternPoints): FittedPeak[] {
  if (points.y.length < 8) return [];
  const found = peakSearch(points.y, { fwhm: Math.max(3, guessFwhm(points.y)), sensitivity: PEAK_SENSITIVITY, relevanceInfo: true });
  const kept: typeof found = [];
  for (const peak of [...found].sort((a, b) => b.relevance - a.relevance)) {
    if (kept.every((k) => Math.abs(points.x[k.index]! - points.x[peak.index]!) > FIT_HALF_WINDOW_DEG)) kept.push(peak);
  }
  kept.sort((a, b) => a.index - b.index);
  const first = points.x[0]!;
  const last = points.x[points.x.length - 1]!;
  return kept.map((peak) => {
    const at = points.x[peak.index]!;
    const window = [Math.max(first, at - FIT_HALF_WINDOW_DEG), Math.min(last, at + FIT_HALF_WINDOW_DEG)] as const;
    const fm = fitWindow(points, window[0], window[1]);
    const k = nearestComponent(fm, at);
    const fit = fm.lastFit!;
    const parameters = Object.fromEntries(fm.names.map((name) => [name, value(fm, name)]));
    return {
      found: at,
      relevance: peak.relevance,
      window,
      position: value(fm, `Position${k}`),
      height: value(fm, `Height${k}`),
      fwhm: value(fm, `FWHM${k}`),
      eta: value(fm, `Eta${k}`),
      parameters,
      chi2: fit.chi2,
      reducedChi2: fit.reducedChi2,
      status: fit.status,
      message: fit.message,
      curve: curveOf(fm, window),
    };
  });
}
