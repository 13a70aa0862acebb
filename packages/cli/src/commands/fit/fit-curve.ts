import { FitManager, leastsq, type Constraint, type FitParameter, type FitResult, type Model } from '@pandaas/fit';
import { CliError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';
import { backgroundModel, buildModel, type ModelSpec, type PeaksSpec } from './model-spec.js';

/**
 * How to fit one curve: the model, the peaks, the x range, the weights and the solver's settings.
 *
 * @example
 * ```ts
 * const options: CurveFitOptions = { spec: parseModelSpec('gaussian+linear'), peaks: { kind: 'count', count: 2 }, xRange: [10, 20], scaleCovar: true };
 * ```
 */
export interface CurveFitOptions {
  readonly spec: ModelSpec;
  readonly peaks: PeaksSpec;
  /** Fit only the points with x in [a, b] (default: all). */
  readonly xRange?: readonly [number, number];
  /** One uncertainty per point (weights 1/σ²); absent: unweighted. */
  readonly sigma?: Float64Array;
  /** Scale the uncertainties by the reduced χ² (curve_fit's default) or not (absolute). */
  readonly scaleCovar: boolean;
  readonly maxIter?: number;
  /** silx's stopping rule, in percent of χ² (0: run to the minimum). */
  readonly deltaChi?: number;
}

/**
 * One curve's fit: the model, its start, the data fitted and leastsq's result.
 *
 * @example
 * ```ts
 * const fit: CurveFit = fitCurve(x, y, options);
 * fit.names[3]; fit.result.params[3]; fit.result.sigmas[3]; // 'Position1', its value and uncertainty
 * ```
 */
export interface CurveFit {
  readonly model: Model;
  readonly names: readonly string[];
  readonly start: Float64Array;
  readonly constraints: readonly Constraint[];
  readonly result: FitResult;
  /** Points fitted minus fitted (free, positive or bounded) parameters. */
  readonly degreesOfFreedom: number;
  /** The points fitted: in the x range, finite. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly sigma: Float64Array | null;
  /** The strip or snip background subtracted before the fit (null for other backgrounds). */
  readonly backgroundCurve: Float64Array | null;
}

/** The codes of parameters the fit moves. */
const FITTED = new Set(['free', 'positive', 'quoted']);

/**
 * Fits one curve with @pandaas/fit's FitManager (silx's workflow): data in the x range,
 * theory and background, silx's estimate (peak search, start values, constraints), then
 * Levenberg-Marquardt. `--peaks auto` is FitManager's own fit; a count keeps the estimate's most
 * intense peaks, positions start peaks there (see {@link peaksAt}), and `leastsq` is run as
 * FitManager runs it. An x range without data, or positions outside it, end with exit status 5.
 *
 * @example
 * ```ts
 * const fit = fitCurve(x, y, { spec: parseModelSpec('gaussian+linear'), peaks: { kind: 'auto' }, xRange: [1330, 1630], scaleCovar: true });
 * fit.names; fit.result.params; fit.result.sigmas; fit.result.status;
 * ```
 */
export function fitCurve(x: Float64Array, y: Float64Array, options: CurveFitOptions): CurveFit {
  const { spec, peaks, scaleCovar, maxIter, deltaChi } = options;
  const fm = new FitManager();
  fm.configure({ scaleCovar, ...(maxIter === undefined ? {} : { maxIter }), ...(deltaChi === undefined ? {} : { deltaChi }) });
  const [lo, hi] = options.xRange ?? [-Infinity, Infinity];
  checkRangeHoldsData(x, options.xRange);
  fm.setData(x, y, options.sigma ?? null, lo, hi);
  fm.setTheory(spec.shape);
  fm.setBackground(spec.background);
  const estimated = fm.estimate();
  const data = fm.data;
  const curve = fm.backgroundCurve;
  let model: Model, start: Float64Array, constraints: readonly Constraint[], result: FitResult;
  if (peaks.kind === 'auto') {
    result = fm.fit();
    model = fm.model!;
    start = Float64Array.from(estimated, (p) => p.estimation);
    constraints = estimated.map((p) => p.constraint);
  } else {
    const yFit = curve === null ? data.y : data.y.map((v, i) => v - curve[i]!);
    const plan = peaks.kind === 'count' ? strongestPeaks(estimated, spec, peaks.count) : peaksAt(estimated, spec, peaks.positions, data.x, yFit);
    ({ model, start, constraints } = plan);
    result = leastsq(model, data.x, yFit, start, {
      ...(data.sigma === null ? {} : { sigma: data.sigma }),
      constraints,
      scaleCovar,
      ...(maxIter === undefined ? {} : { maxIter }),
      ...(deltaChi === undefined ? {} : { deltaChi }),
    });
  }
  const fitted = constraints.filter((c) => FITTED.has(c.code)).length;
  return {
    model, names: model.parameters, start, constraints, result, degreesOfFreedom: data.x.length - fitted,
    x: data.x, y: data.y, sigma: data.sigma, backgroundCurve: curve,
  };
}

/**
 * The model's values at the fitted points, the strip or snip background included.
 *
 * @example
 * ```ts
 * const curve = fittedCurve(fitCurve(x, y, options)); // one value per fitted point
 * ```
 */
export function fittedCurve(fit: CurveFit): Float64Array {
  const out = new Float64Array(fit.x.length);
  fit.model.evaluate(fit.x, fit.result.params, out);
  if (fit.backgroundCurve !== null) for (let i = 0; i < out.length; i++) out[i]! += fit.backgroundCurve[i]!;
  return out;
}

/**
 * The background alone at the fitted points (the subtracted curve, or the fitted background
 * model); null without one.
 *
 * @example
 * ```ts
 * const background = backgroundValues(fit, parseModelSpec('gaussian+linear')); // Constant + Slope·x
 * ```
 */
export function backgroundValues(fit: CurveFit, spec: ModelSpec): Float64Array | null {
  if (fit.backgroundCurve !== null) return fit.backgroundCurve;
  const model = backgroundModel(spec);
  if (model === null) return null;
  const out = new Float64Array(fit.x.length);
  model.evaluate(fit.x, fit.result.params.subarray(0, model.parameters.length), out);
  return out;
}

/**
 * The indices of the finite x within `xRange` (all finite x without one); none is an error
 * (exit status 5) saying where the data's x runs.
 *
 * @example
 * ```ts
 * rangeIndices(Float64Array.of(1, 2, 3, 4), [1.5, 3.5]); // [1, 2]
 * ```
 */
export function rangeIndices(x: Float64Array, xRange: readonly [number, number] | undefined): number[] {
  const [lo, hi] = xRange ?? [-Infinity, Infinity];
  const keep: number[] = [];
  for (const [i, v] of x.entries()) if (Number.isFinite(v) && v >= lo && v <= hi) keep.push(i);
  if (keep.length === 0) throw noPointInRange(x, xRange);
  return keep;
}

/** Refuses (exit status 5) an x range that holds no finite x of the data, as {@link rangeIndices} does. */
function checkRangeHoldsData(x: Float64Array, xRange: readonly [number, number] | undefined): void {
  const [lo, hi] = xRange ?? [-Infinity, Infinity];
  if (!x.some((v) => Number.isFinite(v) && v >= lo && v <= hi)) throw noPointInRange(x, xRange);
}

/** The error of an x range without data: where the data's finite x run. */
function noPointInRange(x: Float64Array, xRange: readonly [number, number] | undefined): CliError {
  if (xRange === undefined) return new CliError('the data have no finite x', EXIT_CODES.mismatch);
  let min = Infinity, max = -Infinity;
  for (const v of x) {
    if (!Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return new CliError(`--x-range ${xRange[0]},${xRange[1]} holds no point of the data: its x runs from ${min} to ${max}`, EXIT_CODES.mismatch);
}

/** The estimate's parameters split into the background's and each peak's (FitManager's groups). */
function peakGroups(estimated: readonly FitParameter[]): { background: FitParameter[]; peaks: FitParameter[][] } {
  const peaks: FitParameter[][] = [];
  for (const p of estimated) if (p.group > 0) (peaks[p.group - 1] ??= []).push(p);
  return { background: estimated.filter((p) => p.group === 0), peaks };
}

function plan(spec: ModelSpec, background: readonly FitParameter[], peaks: readonly (readonly FitParameter[])[], values?: readonly Float64Array[]) {
  const model = buildModel(spec, peaks.length);
  const start = Float64Array.from([...background.map((p) => p.estimation), ...peaks.flatMap((peak, k) => (values ? Array.from(values[k]!) : peak.map((p) => p.estimation)))]);
  const constraints = [...background, ...peaks.flat()].map((p) => p.constraint);
  return { model, start, constraints };
}

/** `--peaks N`: the N peaks of the estimate with the largest start heights (or areas), in their order. */
function strongestPeaks(estimated: readonly FitParameter[], spec: ModelSpec, count: number) {
  const { background, peaks } = peakGroups(estimated);
  if (peaks.length < count) {
    const at = peaks.map((peak) => peak.find((p) => p.name.startsWith('Position'))?.estimation.toPrecision(6)).join(', ');
    throw new CliError(
      `--peaks ${count}: the peak search found ${peaks.length} (at x = ${at || 'none'}); give the positions instead (--peaks x1,x2,...) or fewer peaks`,
      EXIT_CODES.mismatch,
    );
  }
  const chosen = peaks.map((peak, k) => ({ peak, k })).sort((a, b) => b.peak[0]!.estimation - a.peak[0]!.estimation).slice(0, count).sort((a, b) => a.k - b.k);
  return plan(spec, background, chosen.map((c) => c.peak));
}

/**
 * `--peaks x1,x2,...`: one component per position. Each copies the start values of the
 * estimated component nearest to it (widths, η...), moved to the position; a peak's height (or
 * area) is scaled by the data above the background there over the data above the background at
 * the copied peak (kept when that ratio is not positive).
 */
function peaksAt(estimated: readonly FitParameter[], spec: ModelSpec, positions: readonly number[], x: Float64Array, y: Float64Array) {
  const { background, peaks } = peakGroups(estimated);
  if (peaks.length === 0) throw new CliError(`--peaks ${positions.join(',')}: the estimate found no peak to take start values from`, EXIT_CODES.mismatch);
  const lo = x.reduce((a, b) => Math.min(a, b), Infinity), hi = x.reduce((a, b) => Math.max(a, b), -Infinity);
  const outside = positions.filter((p) => p < lo || p > hi);
  if (outside.length > 0) throw new CliError(`--peaks ${outside.join(',')}: outside the x fitted (${lo} to ${hi})`, EXIT_CODES.mismatch);
  const bgModel = backgroundModel(spec);
  const bgStart = Float64Array.from(background, (p) => p.estimation);
  const one = new Float64Array(1);
  const above = (at: number): number => {
    let nearest = 0;
    for (let i = 1; i < x.length; i++) if (Math.abs(x[i]! - at) < Math.abs(x[nearest]! - at)) nearest = i;
    if (bgModel === null) return y[nearest]!;
    bgModel.evaluate(Float64Array.of(x[nearest]!), bgStart, one);
    return y[nearest]! - one[0]!;
  };
  const positionOf = (peak: readonly FitParameter[]) => peak.find((p) => p.name.startsWith('Position'))!.estimation;
  const templates = positions.map((at) => peaks.reduce((best, peak) => (Math.abs(positionOf(peak) - at) < Math.abs(positionOf(best) - at) ? peak : best)));
  const values = positions.map((at, k) => {
    const template = templates[k]!;
    const v = Float64Array.from(template, (p) => p.estimation);
    v[template.findIndex((p) => p.name.startsWith('Position'))] = at;
    const ratio = spec.isPeak ? above(at) / above(positionOf(template)) : NaN;
    if (ratio > 0 && Number.isFinite(ratio)) v[0]! *= ratio;
    return v;
  });
  return plan(spec, background, templates, values);
}
