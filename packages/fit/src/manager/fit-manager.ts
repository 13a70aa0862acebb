/**
 * A FitManager in the manner of silx.math.fit.FitManager: set data and range, choose a theory and a
 * background, estimate, fit, read the results by name — the workflow a GUI or notebook drives.
 *
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';
import { backgroundStart } from '../estimate/backgrounds.js';
import { estimate, type Theory } from '../estimate/estimate.js';
import { range } from '../estimate/height-position-fwhm.js';
import { resolveEstimateOptions, type EstimateOptions } from '../estimate/options.js';
import { isTheoryKind, PEAK_THEORIES } from '../estimate/theories.js';
import type { Constraint } from '../leastsq/constraints.js';
import { leastsq, type FitResult } from '../leastsq/leastsq.js';
import type { LeastsqOptions } from '../leastsq/options.js';
import type { Model } from '../models/model.js';
import { sum } from '../models/sum.js';
import { BACKGROUND_NAMES, THEORY_NAMES, backgroundKind, type BackgroundName } from './names.js';

/**
 * Options of a {@link FitManager}: the estimate's (silx FitManager's configuration), and the
 * fit's: {@link leastsq}'s `scaleCovar` (default true; silx's FitManager does not scale),
 * `maxIter` and `deltaChi`, and the weighting.
 *
 * @example
 * ```ts
 * import { FitManager, type FitManagerOptions } from '@pandaas/fit';
 * const options: FitManagerOptions = { sensitivity: 3, sameFwhm: true, weight: true, scaleCovar: false };
 * new FitManager().configure(options);
 * ```
 */
export interface FitManagerOptions extends Omit<EstimateOptions, 'background'>, Pick<LeastsqOptions, 'scaleCovar' | 'maxIter' | 'deltaChi'> {
  /**
   * Weighting: undefined (default) weights by the sigma given to setData, if any (giving sigma is
   * enough to turn weighting on, silx#4590); true also weights without it, by √y (1 where y <= 0:
   * silx's WeightFlag, whose zero sigmas silx's leastsq treats as 1); false never weights.
   */
  weight?: boolean;
}

/**
 * A theory of one's own (silx's `addtheory`, with the estimator hook silx#3435 asks for).
 *
 * @example
 * ```ts
 * import { FitManager, stepUp, type CustomTheory } from '@pandaas/fit';
 * const edge: CustomTheory = {
 *   model: stepUp(), // parameters Height1, Position1, FWHM1
 *   estimate: (x, y) => ({ p0: [y[y.length - 1] - y[0], x[Math.floor(x.length / 2)], 2] }),
 * };
 * const fm = new FitManager();
 * fm.addTheory('Edge', edge);
 * fm.setTheory('Edge');
 * ```
 */
export interface CustomTheory {
  /** The model (one peak, or a sum); its parameter names are suffixed with 1 as sum() does. */
  model: Model;
  /** Start values for the model's parameters from the data (in range, finite points); ties may name the model's own parameters. */
  estimate(x: Float64Array, y: Float64Array): { p0: ArrayLike<number>; constraints?: readonly Constraint[] };
}

/**
 * One parameter of the fit, as silx's `fit_results` entries.
 *
 * @example
 * ```ts
 * import { FitManager, type FitParameter } from '@pandaas/fit';
 * const fm = new FitManager();
 * fm.setData(null, [1, 2, 5, 12, 20, 12, 5, 2, 1]);
 * fm.fit();
 * const p: FitParameter = fm.result('Position1'); // { name: 'Position1', group: 1, estimation, constraint, fitted: 4, sigma, xmin: 0, xmax: 8 }
 * ```
 */
export interface FitParameter {
  readonly name: string;
  /** 0: the background's; k: the k-th peak's (or component's). */
  readonly group: number;
  /** The start value (editable with {@link FitManager.setParameter}). */
  readonly estimation: number;
  readonly constraint: Constraint;
  /** The fitted value (NaN before fit()). */
  readonly fitted: number;
  /** Its standard deviation (NaN before fit()). */
  readonly sigma: number;
  /** The x range of the data fitted. */
  readonly xmin: number;
  readonly xmax: number;
}

/**
 * Where a {@link FitManager}'s workflow stands: each step needs the one before (fit() estimates
 * first when needed).
 *
 * @example
 * ```ts
 * import { FitManager, type FitManagerState } from '@pandaas/fit';
 * const fm = new FitManager();
 * const before: FitManagerState = fm.state; // 'no data'
 * fm.setData(null, [1, 2, 5, 12, 20, 12, 5, 2, 1]);
 * fm.state; // 'ready to estimate'
 * ```
 */
export type FitManagerState = 'no data' | 'ready to estimate' | 'ready to fit' | 'fitted';

const FIT_KEYS = ['weight', 'scaleCovar', 'maxIter', 'deltaChi'] as const;

/** The estimate's share of the options (without the fit's keys). */
function estimateShare(options: FitManagerOptions): Omit<EstimateOptions, 'background'> {
  const rest: Record<string, unknown> = { ...options };
  for (const key of FIT_KEYS) delete rest[key];
  return rest;
}

/** How many parameters the background contributes (first in the model). */
function backgroundSize(options: EstimateOptions): number {
  if (options.background === 'constant') return 1;
  if (options.background === 'linear') return 2;
  if (options.background === 'polynomial') return resolveEstimateOptions(options).backgroundDegree + 1;
  return 0;
}

/** Each parameter's group: 0 for the background's, then 1, 2, ... per component (all of a user model: 1). */
function groupsOf(model: Model | null, background: number): number[] {
  const n = model?.parameters.length ?? 0;
  const groups = Array.from({ length: n }, (_, j): number => (j < background ? 0 : 1));
  const comps = model?.components ?? [];
  let group = 0;
  comps.forEach((c, k) => {
    if (c.offset < background) return;
    group++;
    const end = k + 1 < comps.length ? comps[k + 1].offset : n;
    for (let j = c.offset; j < end; j++) groups[j] = group;
  });
  return groups;
}

function isTheory(theory: unknown, custom: ReadonlyMap<string, CustomTheory>): boolean {
  if (typeof theory === 'string') {
    return custom.has(theory) || (THEORY_NAMES as readonly string[]).includes(theory) || isTheoryKind(theory);
  }
  const model = theory as Partial<Model> | null;
  return typeof model === 'object' && model !== null && model.components?.length === 1;
}

function readArray(values: unknown, argument: string): Float64Array {
  if (values instanceof Float64Array) return values.slice();
  if (values !== null && typeof values === 'object' && typeof (values as ArrayLike<number>).length === 'number') {
    return Float64Array.from(values as ArrayLike<number>);
  }
  throw new ArgumentError(`${argument} must be an array of numbers; got ${show(values)}`);
}

/**
 * Fits a theory (silx's names: 'Gaussians', 'Area Pseudo-Voigt', 'Step Up', ... or the kinds
 * 'gaussian', 'pseudoVoigtArea', ...; or one added with {@link addTheory}) plus a background
 * ('No Background', 'Constant', 'Linear', 'Strip', 'Snip', 'Degree n Polynomial') to data, as
 * silx's FitManager: `estimate()` finds the peaks and start values (silx's estimators, with its
 * default configuration), `fit()` runs {@link leastsq} from them with their constraints, and the
 * results read by name (`Constant`, `Slope`, `Height1`, `Position1`, `FWHM1`, ...).
 *
 * Differences from silx: strip and snip backgrounds are curves subtracted from y, not fixed
 * 'StripWidth'/'StripIterations' parameters; sigmas are scaled by the reduced chi² unless
 * `scaleCovar: false` (silx's FitManager never scales); bad sigma throws.
 *
 * @example
 * ```ts
 * import { FitManager } from '@pandaas/fit';
 * const x = Float64Array.from({ length: 200 }, (_, i) => i);
 * const y = x.map((v) => 10 + 0.05 * v + 100 * Math.exp(-4 * Math.LN2 * ((v - 120) / 20) ** 2) + Math.sin(3 * v));
 * const fm = new FitManager();
 * fm.setData(x, y, undefined, 50, 190); // x, y, sigma, xmin, xmax
 * fm.setTheory('Gaussians');
 * fm.setBackground('Linear');
 * fm.estimate(); // Constant, Slope, Height1, Position1, FWHM1
 * const r = fm.fit();
 * fm.result('Position1').fitted; fm.result('Position1').sigma; r.status; // 120.0001, ..., 'converged'
 * ```
 */
export class FitManager {
  #x = new Float64Array(0);
  #y = new Float64Array(0);
  #sigma: Float64Array | null = null;
  #theory: Theory | string = 'Gaussians';
  #background: BackgroundName = 'No Background';
  #options: FitManagerOptions = {};
  readonly #custom = new Map<string, CustomTheory>();
  #model: Model | null = null;
  #curve: Float64Array | null = null;
  #parameters: FitParameter[] = [];
  #result: FitResult | null = null;
  #state: FitManagerState = 'no data';

  /** Where the workflow stands: 'no data', 'ready to estimate', 'ready to fit' or 'fitted'. */
  get state(): FitManagerState {
    return this.#state;
  }

  /** The theories available: silx's, then those added. */
  get theories(): string[] {
    return [...THEORY_NAMES, ...this.#custom.keys()];
  }

  /** The backgrounds available (silx's names). */
  get backgrounds(): readonly string[] {
    return BACKGROUND_NAMES;
  }

  /** The data fitted: in [xmin, xmax], finite points only. */
  get data(): { x: Float64Array; y: Float64Array; sigma: Float64Array | null } {
    return { x: this.#x, y: this.#y, sigma: this.#sigma };
  }

  /** The parameters (empty before estimate()), background first, with estimations and, after fit(), results. */
  get parameters(): readonly FitParameter[] {
    return this.#parameters;
  }

  /** The parameter names, in order. */
  get names(): string[] {
    return this.#parameters.map((p) => p.name);
  }

  /** The last fit's full result (null before fit()). */
  get lastFit(): FitResult | null {
    return this.#result;
  }

  /** The model being fitted (null before estimate()); a strip/snip background is {@link backgroundCurve}, not in it. */
  get model(): Model | null {
    return this.#model;
  }

  /** The strip or snip background curve subtracted before the fit (null for other backgrounds). */
  get backgroundCurve(): Float64Array | null {
    return this.#curve;
  }

  #invalidate(state: FitManagerState): void {
    this.#model = null;
    this.#curve = null;
    this.#parameters = [];
    this.#result = null;
    this.#state = this.#y.length === 0 ? 'no data' : state;
  }

  /**
   * Sets the data: x (undefined or null: 0, 1, 2, ...), y, their uncertainties sigma (which turn
   * weighting on), and the x range [xmin, xmax] to fit. Points whose x or y is not finite are left
   * out (as silx's FitManager does); sigma must be positive and finite where kept.
   */
  setData(x: ArrayLike<number> | null | undefined, y: ArrayLike<number>, sigma?: ArrayLike<number> | null, xmin?: number, xmax?: number): void {
    const ys = readArray(y, 'y');
    const xs = x === undefined || x === null ? Float64Array.from(ys, (_, i) => i) : readArray(x, 'x');
    if (xs.length !== ys.length) throw new ShapeError(`x and y must have the same length; got ${xs.length} and ${ys.length}`);
    const ss = sigma === undefined || sigma === null ? null : readArray(sigma, 'sigma');
    if (ss !== null && ss.length !== ys.length) throw new ShapeError(`sigma must have one value per point (${ys.length}); got ${ss.length}`);
    for (const [value, name] of [[xmin, 'xmin'], [xmax, 'xmax']] as const) {
      if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value))) throw new ArgumentError(`${name} must be a number; got ${show(value)}`);
    }
    const lo = xmin ?? -Infinity, hi = xmax ?? Infinity;
    if (lo > hi) throw new ArgumentError(`xmin must not exceed xmax; got xmin = ${lo}, xmax = ${hi}`);
    const keep: number[] = [];
    for (let i = 0; i < ys.length; i++) {
      if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i]) || xs[i] < lo || xs[i] > hi) continue;
      if (ss !== null && !(ss[i] > 0 && Number.isFinite(ss[i]))) throw new ArgumentError(`sigma[${i}] must be a positive finite number; got ${show(ss[i])}`);
      keep.push(i);
    }
    if (keep.length === 0) throw new ArgumentError(`no finite data points with x in [${lo}, ${hi}] (of ${ys.length})`);
    this.#x = Float64Array.from(keep, (i) => xs[i]);
    this.#y = Float64Array.from(keep, (i) => ys[i]);
    this.#sigma = ss === null ? null : Float64Array.from(keep, (i) => ss[i]);
    this.#invalidate('ready to estimate');
  }

  /** Chooses the theory: silx's name, a kind, a built-in Model of one component, or one added. */
  setTheory(theory: Theory | string): void {
    if (!isTheory(theory, this.#custom)) {
      throw new ArgumentError(`theory must be one of ${this.theories.map((t) => `'${t}'`).join(', ')}, a kind (${PEAK_THEORIES.join(', ')}, polynomial) or a built-in Model of one component; got ${show(theory)}`);
    }
    this.#theory = theory;
    this.#invalidate('ready to estimate');
  }

  /** Chooses the background by silx's name ('Linear', 'Strip', 'Degree 3 Polynomial', ...) or kind. */
  setBackground(background: BackgroundName): void {
    backgroundKind(background);
    this.#background = background;
    this.#invalidate('ready to estimate');
  }

  /** Adds a theory of one's own under `name`: its model and its estimator. */
  addTheory(name: string, theory: CustomTheory): void {
    if (typeof name !== 'string' || name === '') throw new ArgumentError(`name must be a non-empty string; got ${show(name)}`);
    if (typeof theory?.estimate !== 'function' || typeof theory.model?.evaluate !== 'function') {
      throw new ArgumentError(`theory must be { model: Model, estimate(x, y) }; got ${show(theory)}`);
    }
    this.#custom.set(name, theory);
  }

  /** Updates the options (merged into the current ones) and returns them all. */
  configure(options: FitManagerOptions): FitManagerOptions {
    const merged = { ...this.#options, ...options };
    if (merged.weight !== undefined && typeof merged.weight !== 'boolean') throw new ArgumentError(`options.weight must be a boolean; got ${show(merged.weight)}`);
    resolveEstimateOptions(estimateShare(merged)); // scaleCovar, maxIter and deltaChi: checked by leastsq
    this.#options = merged;
    this.#invalidate('ready to estimate');
    return { ...merged };
  }

  #estimateOptions(): EstimateOptions {
    const { kind, degree } = backgroundKind(this.#background);
    return { ...estimateShare(this.#options), background: kind, ...(degree === undefined ? {} : { backgroundDegree: degree }) };
  }

  /**
   * Estimates the parameters (silx's estimators: peak search on y minus its strip background,
   * heights, positions and FWHMs, then the theory's own conversion; the background's start values)
   * and returns them, background first.
   */
  estimate(): readonly FitParameter[] {
    if (this.#y.length === 0) throw new ArgumentError('estimate() needs data: call setData first');
    const options = this.#estimateOptions();
    const custom = typeof this.#theory === 'string' ? this.#custom.get(this.#theory) : undefined;
    const found = custom ? this.#estimateCustom(custom, options) : estimate(this.#theory as Theory, this.#x, this.#y, options);
    const [xmin, xmax] = range(this.#x);
    const groups = groupsOf(found.model, backgroundSize(options));
    this.#parameters = found.names.map((name, j) => ({
      name, group: groups[j], estimation: found.p0[j], constraint: found.constraints[j], fitted: NaN, sigma: NaN, xmin, xmax,
    }));
    this.#model = found.model;
    this.#curve = found.background;
    this.#result = null;
    this.#state = 'ready to fit';
    return this.#parameters;
  }

  #estimateCustom(custom: CustomTheory, options: EstimateOptions) {
    const x = this.#x, y = this.#y;
    const { model: background, p0: params, curve } = backgroundStart(x, y, resolveEstimateOptions(options));
    const own = custom.estimate(x, y);
    const names = custom.model.parameters;
    const p0 = Array.from(own.p0 ?? []);
    if (p0.length !== names.length) {
      throw new ShapeError(`the custom theory's estimate must give one value per parameter (${names.length}: ${names.join(', ')}); got ${p0.length}`);
    }
    const first = params.length;
    const shift = (ref: number | string): number => {
      const index = typeof ref === 'number' ? ref : names.indexOf(ref);
      if (index < 0 || index >= names.length) throw new ArgumentError(`the custom theory's constraint ties to ${show(ref)}, which is not one of ${names.join(', ')}`);
      return first + index;
    };
    const constraints: Constraint[] = [
      ...params.map((): Constraint => ({ code: 'free' })),
      ...(own.constraints ?? names.map((): Constraint => ({ code: 'free' }))).map((c) => ('ref' in c ? { ...c, ref: shift(c.ref) } : c)),
    ];
    const model = background === null ? sum(custom.model) : sum(background, custom.model);
    return { model, p0: Float64Array.from([...params, ...p0]), constraints, names: model.parameters, background: curve };
  }

  /** Changes a parameter's start value or constraint before fit() (as a GUI's parameter table does). */
  setParameter(name: string, change: { estimation?: number; constraint?: Constraint }): void {
    const index = this.#index(name);
    const current = this.#parameters[index];
    if (change.estimation !== undefined && !Number.isFinite(change.estimation)) {
      throw new ArgumentError(`change.estimation must be a finite number; got ${show(change.estimation)}`);
    }
    this.#parameters[index] = { ...current, estimation: change.estimation ?? current.estimation, constraint: change.constraint ?? current.constraint };
    this.#result = null;
    this.#state = 'ready to fit';
  }

  /**
   * Fits from the estimation (estimating first if needed) and returns leastsq's result; the
   * parameters then hold the fitted values and sigmas.
   */
  fit(): FitResult {
    if (this.#state !== 'ready to fit' && this.#state !== 'fitted') this.estimate();
    const model = this.#model;
    if (model === null) throw new ArgumentError('nothing to fit: no peak was found and the background has no parameters');
    const y = this.#curve === null ? this.#y : this.#y.map((v, i) => v - (this.#curve as Float64Array)[i]);
    const { weight, scaleCovar, maxIter, deltaChi } = this.#options;
    let sigma: Float64Array | undefined;
    if (weight !== false && this.#sigma !== null) sigma = this.#sigma;
    else if (weight === true) sigma = this.#y.map((v) => (v > 0 ? Math.sqrt(v) : 1));
    const r = leastsq(model, this.#x, y, this.#parameters.map((p) => p.estimation), {
      sigma, constraints: this.#parameters.map((p) => p.constraint), scaleCovar, maxIter, deltaChi,
    });
    this.#parameters = this.#parameters.map((p, j) => ({ ...p, fitted: r.params[j], sigma: r.sigmas[j] }));
    this.#result = r;
    this.#state = 'fitted';
    return r;
  }

  #index(name: string): number {
    const index = this.#parameters.findIndex((p) => p.name === name);
    if (index < 0) {
      const known = this.#parameters.length === 0 ? 'none yet: call estimate() first' : this.names.join(', ');
      throw new ArgumentError(`no parameter named ${show(name)} (parameters: ${known})`);
    }
    return index;
  }

  /** One parameter by name: estimation, constraint, fitted value and sigma. */
  result(name: string): FitParameter {
    return this.#parameters[this.#index(name)];
  }

  /**
   * The fitted curve (or, with `estimated`, the estimated one) at the data's x, the strip or snip
   * background included.
   */
  gendata(estimated = false): Float64Array {
    const model = this.#model;
    if (model === null) throw new ArgumentError('gendata() needs an estimate: call estimate() first');
    if (!estimated && this.#state !== 'fitted') throw new ArgumentError('gendata() needs a fit: call fit() first, or pass estimated = true');
    const out = new Float64Array(this.#x.length);
    model.evaluate(this.#x, Float64Array.from(this.#parameters, (p) => (estimated ? p.estimation : p.fitted)), out);
    if (this.#curve !== null) for (let i = 0; i < out.length; i++) out[i] += this.#curve[i];
    return out;
  }
}
