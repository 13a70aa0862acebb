/**
 * Levenberg-Marquardt least squares as silx.math.fit.leastsq, with scipy curve_fit's covariance
 * scaling as an explicit option.
 *
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';
import type { Model } from '../models/model.js';
import { encodeConstraints } from './constraints.js';
import { lmOutput, lmSolve } from './lm-core.js';
import { fitMessage } from './messages.js';
import { inverseSigma, writeSolverSettings, type LeastsqOptions } from './options.js';
import { FIT_STATUSES, createLeastsqWorkspace, type LeastsqIntoResult, type LeastsqWorkspace } from './workspace.js';

/**
 * The outcome of {@link leastsq}: {@link leastsqInto}'s numbers, the parameters with their sigmas
 * and covariance, the message and the names.
 *
 * @example
 * ```ts
 * import { leastsq, linear, type FitResult } from '@pandaas/fit';
 * const fit: FitResult = leastsq(linear(), [0, 1, 2, 3], [1, 3.1, 4.9, 7], [0, 1]);
 * fit.names; // ['Constant', 'Slope']
 * fit.params; fit.sigmas; fit.covariance; fit.status; fit.message;
 * ```
 */
export interface FitResult extends LeastsqIntoResult {
  /** Fitted parameters (fixed, ignored and tied ones included). */
  params: Float64Array;
  /** Standard deviations: √diag(covariance); 0 for fixed and ignored parameters, Infinity when singular. */
  sigmas: Float64Array;
  /** Covariance of all parameters (p·p, row-major), propagated through the constraints' transforms. */
  covariance: Float64Array;
  /** Why the fit stopped, in words. */
  message: string;
  /** The parameter names (the model's; `p0`, `p1`, ... for a plain function). */
  names: readonly string[];
}

/**
 * Where {@link leastsqInto} writes parameters and sigmas (each of length nParams).
 *
 * @example
 * ```ts
 * import type { LeastsqOutput } from '@pandaas/fit';
 * const out: LeastsqOutput = { params: new Float64Array(5), sigmas: new Float64Array(5) };
 * ```
 */
export interface LeastsqOutput {
  params: Float64Array;
  sigmas: Float64Array;
}

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

/** Fills ws.sw with 1/σ and returns whether the fit is weighted. */
function encodeSigma(ws: LeastsqWorkspace, sigma: LeastsqOptions['sigma'], n: number): boolean {
  if (sigma === undefined) return false;
  if (typeof sigma === 'number') {
    if (!(sigma > 0) || !Number.isFinite(sigma)) throw new ArgumentError(`options.sigma must be a positive finite number or one per point; got ${show(sigma)}`);
    ws.sw.fill(1 / sigma, 0, n);
    return true;
  }
  if (sigma === null || typeof sigma !== 'object' || sigma.length !== n) {
    throw new ShapeError(`options.sigma must hold one uncertainty per point (${n}); got ${show(sigma)}`);
  }
  inverseSigma(sigma, ws.sw, 0, (i) => `options.sigma[${i}]`);
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
 * import { createLeastsqWorkspace, gaussian, leastsqInto, linear, sum } from '@pandaas/fit';
 * const model = sum(linear(), gaussian());
 * const x = Float64Array.from({ length: 128 }, (_, i) => i), y = new Float64Array(128);
 * const ws = createLeastsqWorkspace(x.length, 5);
 * const out = { params: new Float64Array(5), sigmas: new Float64Array(5) };
 * for (const centre of [40, 64, 90]) { // one workspace for every fit
 *   model.evaluate(x, Float64Array.of(10, 0.1, 200, centre, 12), y);
 *   const r = leastsqInto(ws, model, x, y, [8, 0, 150, centre + 3, 10], {}, out);
 *   if (r.converged) console.log(out.params, out.sigmas);
 * }
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
  writeSolverSettings(opts, model, ws.settings);
  ws.settings[5] = encodeSigma(ws, opts.sigma, n) ? 1 : 0;
  const nFree = encodeConstraints(opts.constraints, names, p0, ws.code, ws.ca, ws.cb, ws.ref);
  if (n <= nFree) {
    throw new ArgumentError(`y has too few points for the fit: got ${n} points for ${nFree} fitted parameters (needs more points than parameters)`);
  }
  for (let j = 0; j < nP; j++) ws.p[j] = p0[j];
  lmSolve(ws, n, nP, x, y, model);
  lmOutput(ws, nP, out.params, out.sigmas, 0);
  const { info } = ws;
  const status = FIT_STATUSES[info[3]];
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
 * import { gaussian, leastsq, linear, sum } from '@pandaas/fit';
 * const x = Float64Array.from({ length: 200 }, (_, i) => i);
 * const y = x.map((v) => 10 + 0.05 * v + 100 * Math.exp(-4 * Math.LN2 * ((v - 120) / 20) ** 2) + Math.sin(3 * v));
 * const r = leastsq(sum(linear(), gaussian()), x, y, [8, 0, 90, 115, 15]);
 * r.names;  // ['Constant', 'Slope', 'Height1', 'Position1', 'FWHM1']
 * r.params; // [10.0006, 0.049997, 99.9998, 120.000006, 19.99993]
 * r.sigmas; r.status; r.message; // ..., 'converged', 'converged: chi² fell by less than deltaChi = 0.001 % ...'
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
