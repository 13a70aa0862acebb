/**
 * Levenberg-Marquardt least squares as silx.math.fit.leastsq, with scipy curve_fit's covariance
 * scaling as an explicit option.
 *
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';
import type { Model } from '../models/model.js';
import { encodeConstraints, type Constraint } from './constraints.js';
import { lmSolve } from './lm-core.js';
import { fitMessage } from './messages.js';
import { FIT_STATUSES, createLeastsqWorkspace, type FitStatus, type LeastsqIntoResult, type LeastsqWorkspace } from './workspace.js';

// the contract's home of these names (design notes): defined in workspace.ts, re-exported here
export { createLeastsqWorkspace };
export type { FitStatus, LeastsqIntoResult, LeastsqWorkspace };

/** Options of {@link leastsq} and {@link leastsqInto}. */
export interface LeastsqOptions {
  /**
   * Uncertainties of y (positive, finite): the fit minimises Σ((y - f)/σ)². Absent: σ = 1.
   * One number applies to every point.
   */
  sigma?: ArrayLike<number> | number;
  /** One constraint per parameter (silx's codes); absent: all free. */
  constraints?: readonly Constraint[];
  /**
   * Scale the covariance (and sigmas) by the reduced chi² (default true: scipy curve_fit's
   * `absolute_sigma=False`, and lmfit's `scale_covar=True`). false gives (JᵀWJ)⁻¹ as it is:
   * silx leastsq's uncertainties, and curve_fit's `absolute_sigma=True` — right when σ are the
   * data's true uncertainties.
   */
  scaleCovar?: boolean;
  /** The most trial steps (model evaluations after the first), as silx's max_iter (default 100). */
  maxIter?: number;
  /**
   * Stop once an iteration (from the second on) lowers chi² by less than this many percent of
   * chi² (silx's deltachi, same unit; default 0.001, i.e. a relative drop of 1e-5). Fits also
   * stop when chi² falls by less than √epsfcn, or when no step lowers it (damping λ past 1000).
   * 0 replaces both by "chi² fell by no more than its rounding (n·ε relative)": the fit runs to
   * the minimum itself, as a comparison with scipy's tightly converged results needs.
   */
  deltaChi?: number;
  /** Numeric Jacobian: forward-difference step √epsfcn·|p| (default and minimum: machine epsilon, as silx and scipy). */
  epsfcn?: number;
  /** 'analytic' (default when the model has a Jacobian) or 'numeric' (forward differences). */
  jacobian?: 'analytic' | 'numeric';
}

/** The outcome of {@link leastsq}. */
export interface FitResult {
  /** Fitted parameters (fixed, ignored and tied ones included). */
  params: Float64Array;
  /** Standard deviations: √diag(covariance); 0 for fixed and ignored parameters, Infinity when singular. */
  sigmas: Float64Array;
  /** Covariance of all parameters (p·p, row-major), propagated through the constraints' transforms. */
  covariance: Float64Array;
  chi2: number;
  /** chi2 / (number of points - number of fitted parameters). */
  reducedChi2: number;
  nfev: number;
  niter: number;
  status: FitStatus;
  /** status === 'converged'. */
  converged: boolean;
  /** Why the fit stopped, in words. */
  message: string;
  /** The parameter names (the model's; `p0`, `p1`, ... for a plain function). */
  names: readonly string[];
}

/** Where {@link leastsqInto} writes parameters and sigmas (each of length nParams). */
export interface LeastsqOutput {
  params: Float64Array;
  sigmas: Float64Array;
}

const EPS = 2.220446049250313e-16;
const NO_OPTIONS: LeastsqOptions = Object.freeze({});

function assertFloat64(value: unknown, length: number, argument: string): asserts value is Float64Array {
  if (!(value instanceof Float64Array)) throw new ArgumentError(`${argument} must be a Float64Array; got ${show(value)}`);
  if (value.length !== length) throw new ShapeError(`${argument} must have length ${length}; got ${value.length}`);
}

function assertFinite(values: ArrayLike<number>, argument: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new ArgumentError(`${argument}[${i}] must be a finite number; got ${show(v)}`);
  }
}

function optionalNumber(value: unknown, fallback: number, argument: string, ok: boolean, rule: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !ok) throw new ArgumentError(`${argument} must be ${rule}; got ${show(value)}`);
  return value;
}

function positiveFinite(v: unknown): boolean {
  return typeof v === 'number' && v > 0 && Number.isFinite(v);
}

/** Fills ws.sw with 1/σ and returns whether the fit is weighted. */
function encodeSigma(ws: LeastsqWorkspace, sigma: LeastsqOptions['sigma'], n: number): boolean {
  if (sigma === undefined) return false;
  if (typeof sigma === 'number') {
    if (!positiveFinite(sigma)) throw new ArgumentError(`options.sigma must be a positive finite number or one per point; got ${show(sigma)}`);
    ws.sw.fill(1 / sigma, 0, n);
    return true;
  }
  if (sigma === null || typeof sigma !== 'object' || sigma.length !== n) {
    throw new ShapeError(`options.sigma must hold one uncertainty per point (${n}); got ${show(sigma)}`);
  }
  for (let i = 0; i < n; i++) {
    const s = sigma[i];
    if (!positiveFinite(s)) throw new ArgumentError(`options.sigma[${i}] must be a positive finite number; got ${show(s)}`);
    ws.sw[i] = 1 / s;
  }
  return true;
}

/**
 * One fit in a reusable workspace: allocates nothing, so a batch can run millions. x and y are
 * Float64Arrays of the workspace's nPoints, p0 holds nParams finite values; the parameters and
 * sigmas land in `out`, the covariance of the fitted parameters in `ws.cov` (see
 * {@link leastsq} for the full matrix). The returned object belongs to the workspace and is
 * overwritten by its next fit. Bad input throws (ArgumentError/ShapeError naming the argument and
 * value); a fit that fails returns a status other than 'converged' (its parameters are the best
 * finite ones found, never NaN).
 *
 * @example
 * ```ts
 * const ws = createLeastsqWorkspace(x.length, 5);
 * const out = { params: new Float64Array(5), sigmas: new Float64Array(5) };
 * const r = leastsqInto(ws, sum(linear(), gaussian()), x, y, [10, 0, 100, 512, 20], {}, out);
 * if (r.converged) console.log(out.params, out.sigmas);
 * ```
 */
export function leastsqInto(
  ws: LeastsqWorkspace, model: Model, x: Float64Array, y: Float64Array, p0: ArrayLike<number>, options: LeastsqOptions,
  out: LeastsqOutput,
): LeastsqIntoResult {
  if (typeof ws !== 'object' || ws === null || !(ws.p instanceof Float64Array)) {
    throw new ArgumentError(`ws must be a workspace from createLeastsqWorkspace; got ${show(ws)}`);
  }
  if (typeof model?.evaluate !== 'function' || !Array.isArray(model.parameters)) {
    throw new ArgumentError(`model must be a Model (name, parameters, evaluate); got ${show(model)}`);
  }
  const n = ws.nPoints, nP = ws.nParams;
  const names = model.parameters;
  if (names.length !== nP) throw new ShapeError(`model has ${names.length} parameters but the workspace was made for ${nP}`);
  assertFloat64(x, n, 'x');
  assertFloat64(y, n, 'y');
  assertFinite(x, 'x');
  assertFinite(y, 'y');
  if (p0 === null || typeof p0 !== 'object' || p0.length !== nP) {
    throw new ShapeError(`p0 must hold one value per parameter (${nP}: ${names.join(', ')}); got ${show(p0)}`);
  }
  assertFinite(p0, 'p0');
  assertFloat64(out?.params, nP, 'out.params');
  assertFloat64(out?.sigmas, nP, 'out.sigmas');
  const opts = options ?? NO_OPTIONS;
  const { settings } = ws;
  const { maxIter, deltaChi, epsfcn } = opts;
  settings[0] = optionalNumber(maxIter, 100, 'options.maxIter', Number.isSafeInteger(maxIter) && (maxIter as number) >= 1, 'a positive integer');
  settings[1] = optionalNumber(deltaChi, 0.001, 'options.deltaChi', Number.isFinite(deltaChi) && (deltaChi as number) >= 0, 'a finite number >= 0');
  settings[2] = Math.max(EPS, optionalNumber(epsfcn, EPS, 'options.epsfcn', (epsfcn as number) > 0 && (epsfcn as number) < 1, 'a number in (0, 1)'));
  const mode = opts.jacobian ?? (model.jacobian ? 'analytic' : 'numeric');
  if (mode !== 'analytic' && mode !== 'numeric') throw new ArgumentError(`options.jacobian must be 'analytic' or 'numeric'; got ${show(mode)}`);
  if (mode === 'analytic' && typeof model.jacobian !== 'function') {
    throw new ArgumentError(`options.jacobian is 'analytic' but model ${show(model.name)} has no jacobian`);
  }
  settings[3] = mode === 'numeric' ? 1 : 0;
  const scale = opts.scaleCovar ?? true;
  if (typeof scale !== 'boolean') throw new ArgumentError(`options.scaleCovar must be a boolean; got ${show(scale)}`);
  settings[4] = scale ? 1 : 0;
  settings[5] = encodeSigma(ws, opts.sigma, n) ? 1 : 0;
  const nFree = encodeConstraints(opts.constraints, names, p0, ws.code, ws.ca, ws.cb, ws.ref);
  if (n <= nFree) {
    throw new ArgumentError(`y has too few points for the fit: got ${n} points for ${nFree} fitted parameters (needs more points than parameters)`);
  }
  for (let j = 0; j < nP; j++) ws.p[j] = p0[j];
  lmSolve(ws, n, nP, x, y, model);
  const { info, kOf, coef, cov } = ws;
  const status = FIT_STATUSES[info[3]];
  const sigmaKnown = status !== 'invalid-input' && !(status === 'singular');
  for (let j = 0; j < nP; j++) {
    out.params[j] = ws.p[j];
    const k = kOf[j];
    if (k < 0 || coef[j] === 0) out.sigmas[j] = status === 'invalid-input' ? NaN : 0;
    else if (!sigmaKnown) out.sigmas[j] = status === 'singular' ? Infinity : NaN;
    else out.sigmas[j] = Math.abs(coef[j]) * Math.sqrt(cov[k * nFree + k]);
  }
  const r = ws.result;
  r.chi2 = info[0];
  r.nfev = info[1];
  r.niter = info[2];
  r.status = status;
  r.converged = status === 'converged';
  r.reducedChi2 = info[6];
  return r;
}

/** A plain function f(x, p) as a Model with parameters p0, p1, ... (numeric Jacobian). */
function functionModel(fn: (x: number, p: Float64Array) => number, nParams: number): Model {
  return {
    name: fn.name || 'function',
    parameters: Array.from({ length: nParams }, (_, j) => `p${j}`),
    evaluate(x, p, out) {
      for (let i = 0; i < x.length; i++) out[i] = fn(x[i], p);
    },
  };
}

function toFloat64(values: unknown, argument: string): Float64Array {
  if (values instanceof Float64Array) return values;
  if (values !== null && typeof values === 'object' && typeof (values as ArrayLike<number>).length === 'number') {
    return Float64Array.from(values as ArrayLike<number>);
  }
  throw new ArgumentError(`${argument} must be an array of numbers; got ${show(values)}`);
}

/**
 * Fits `model` to (x, y) from p0 by Levenberg-Marquardt, with silx's damping, stopping rules and
 * constraint codes, and returns parameters, sigmas, the full covariance, chi², reduced chi², the
 * evaluation and iteration counts, and a status with a message saying why it stopped.
 *
 * Covariance: (JᵀWJ)⁻¹ of the fitted parameters with the Jacobian of the last iteration (at the
 * start of the last step, whose chi² change met the stopping rule: as silx's leastsq and MINPACK,
 * hence scipy's curve_fit, take it), propagated to all parameters
 * through the constraints (quoted: B·cos θ; factor: the factor; delta, sum: ±1; fixed, ignored:
 * 0), and scaled by the reduced chi² when `scaleCovar` (the default, as scipy curve_fit and
 * lmfit; silx leastsq does not scale). silx reports a fixed parameter's sigma as its value
 * ("100 %"), here it is 0; silx multiplies a quoted parameter's θ sigma by B·cos p where the
 * transform's derivative is B·cos θ (here), so quoted sigmas match scipy's, not silx's.
 *
 * Bad input throws: too few points for the fitted parameters, NaN or infinite x, y, p0 or
 * weights, zero or negative sigma, p0 outside its quoted bounds, a tie to a missing parameter.
 * A singular problem (a parameter without effect, or parameters not separable) returns status
 * 'singular' with infinite sigmas; a model that is not finite at p0, 'invalid-input'.
 *
 * @example
 * ```ts
 * const r = leastsq(sum(linear(), gaussian()), x, y, [10, 0, 100, 512, 20]);
 * r.names;  // ['Constant', 'Slope', 'Height1', 'Position1', 'FWHM1']
 * r.params; r.sigmas; r.status; r.message;
 * ```
 */
export function leastsq(
  model: Model | ((x: number, p: Float64Array) => number), x: ArrayLike<number>, y: ArrayLike<number>, p0: ArrayLike<number>,
  options: LeastsqOptions = {},
): FitResult {
  const xs = toFloat64(x, 'x'), ys = toFloat64(y, 'y'), p = toFloat64(p0, 'p0');
  const m = typeof model === 'function' ? functionModel(model, p.length) : model;
  if (typeof m !== 'object' || m === null || !Array.isArray(m.parameters)) {
    throw new ArgumentError(`model must be a Model or a function (x, p) => number; got ${show(model)}`);
  }
  if (xs.length !== ys.length) throw new ShapeError(`x and y must have the same length; got ${xs.length} and ${ys.length}`);
  if (p.length !== m.parameters.length) {
    throw new ShapeError(`p0 must hold one value per parameter (${m.parameters.length}: ${m.parameters.join(', ')}); got ${p.length}`);
  }
  if (ys.length === 0) throw new ArgumentError('y has too few points for the fit: got 0 points');
  const nP = p.length;
  if (nP === 0) throw new ArgumentError('the model has no parameters to fit');
  const ws = createLeastsqWorkspace(ys.length, nP);
  const out = { params: new Float64Array(nP), sigmas: new Float64Array(nP) };
  const r = leastsqInto(ws, m, xs, ys, p, options, out);
  let nFree = 0;
  for (let j = 0; j < nP; j++) if (ws.kOf[j] >= 0 && ws.code[j] <= 2) nFree++;
  // the fitted covariance propagated: cov(p_a, p_b) = (dp_a/dθ)(dp_b/dθ)·cov(θ_ka, θ_kb)
  const covariance = new Float64Array(nP * nP);
  const unknown = r.status === 'singular' ? Infinity : r.status === 'invalid-input' ? NaN : undefined;
  for (let a = 0; a < nP; a++) {
    for (let b = 0; b < nP; b++) {
      const ka = ws.kOf[a], kb = ws.kOf[b];
      if (ka < 0 || kb < 0 || ws.coef[a] === 0 || ws.coef[b] === 0) continue;
      covariance[a * nP + b] = unknown ?? ws.coef[a] * ws.coef[b] * ws.cov[ka * nFree + kb];
    }
  }
  return {
    params: out.params,
    sigmas: out.sigmas,
    covariance,
    chi2: r.chi2,
    reducedChi2: r.reducedChi2,
    nfev: r.nfev,
    niter: r.niter,
    status: r.status,
    converged: r.converged,
    message: fitMessage(ws.info, m.parameters, ws.settings),
    names: [...m.parameters],
  };
}
