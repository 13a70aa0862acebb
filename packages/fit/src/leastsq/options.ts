/**
 * The options of a Levenberg-Marquardt fit, and their checks: shared by {@link leastsq},
 * {@link leastsqInto} and the batch fits, which write them into a workspace's `settings`.
 *
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import type { Model } from '../models/model.js';
import type { Constraint } from './constraints.js';

/**
 * Options of {@link leastsq} and {@link leastsqInto}.
 *
 * @example
 * ```ts
 * import { gaussian, leastsq, type LeastsqOptions } from '@pandaas/fit';
 * const x = Float64Array.from({ length: 50 }, (_, i) => i);
 * const y = x.map((v) => 10 * Math.exp(-4 * Math.LN2 * ((v - 25) / 6) ** 2) + 0.1 * Math.sin(v));
 * const options: LeastsqOptions = { sigma: 0.1, constraints: [{ code: 'positive' }, { code: 'free' }, { code: 'quoted', min: 1, max: 20 }], scaleCovar: false };
 * leastsq(gaussian(), x, y, [8, 24, 5], options).status; // 'converged'
 * ```
 */
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

const EPS = 2.220446049250313e-16;

function optionalNumber(value: unknown, fallback: number, argument: string, ok: boolean, rule: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !ok) throw new ArgumentError(`${argument} must be ${rule}; got ${show(value)}`);
  return value;
}

/**
 * Checks the solver options of `options` against `model` (ArgumentErrors naming the option and
 * value) and writes them into `settings` as the solver reads them: [maxIter, deltaChi, epsfcn,
 * numeric Jacobian (0/1), scaleCovar (0/1)]. Sigma and constraints are the callers' to encode.
 *
 * @example
 * ```ts
 * const settings = new Float64Array(6);
 * writeSolverSettings({ maxIter: 50 }, gaussian(), settings); // settings: [50, 0.001, 2.2e-16, 0, 1, 0]
 * ```
 */
export function writeSolverSettings(options: Omit<LeastsqOptions, 'sigma' | 'constraints'>, model: Model, settings: Float64Array): void {
  const { maxIter, deltaChi, epsfcn } = options;
  settings[0] = optionalNumber(maxIter, 100, 'options.maxIter', Number.isSafeInteger(maxIter) && (maxIter as number) >= 1, 'a positive integer');
  settings[1] = optionalNumber(deltaChi, 0.001, 'options.deltaChi', Number.isFinite(deltaChi) && (deltaChi as number) >= 0, 'a finite number >= 0');
  settings[2] = Math.max(EPS, optionalNumber(epsfcn, EPS, 'options.epsfcn', (epsfcn as number) > 0 && (epsfcn as number) < 1, 'a number in (0, 1)'));
  const mode = options.jacobian ?? (model.jacobian ? 'analytic' : 'numeric');
  if (mode !== 'analytic' && mode !== 'numeric') throw new ArgumentError(`options.jacobian must be 'analytic' or 'numeric'; got ${show(mode)}`);
  if (mode === 'analytic' && typeof model.jacobian !== 'function') {
    throw new ArgumentError(`options.jacobian is 'analytic' but model ${show(model.name)} has no jacobian`);
  }
  settings[3] = mode === 'numeric' ? 1 : 0;
  const scale = options.scaleCovar ?? true;
  if (typeof scale !== 'boolean') throw new ArgumentError(`options.scaleCovar must be a boolean; got ${show(scale)}`);
  settings[4] = scale ? 1 : 0;
}

/**
 * Checks that every uncertainty in `sigma` is positive and finite (an ArgumentError naming
 * `argument(i)` and the value otherwise) and writes 1/σ into `out` from `offset`.
 *
 * @example
 * ```ts
 * const sw = new Float64Array(3);
 * inverseSigma([1, 2, 4], sw, 0, (i) => `options.sigma[${i}]`); // sw: [1, 0.5, 0.25]
 * ```
 */
export function inverseSigma(sigma: ArrayLike<number>, out: Float64Array, offset: number, argument: (i: number) => string): void {
  for (let i = 0; i < sigma.length; i++) {
    const s = sigma[i];
    if (typeof s !== 'number' || !(s > 0) || !Number.isFinite(s)) throw new ArgumentError(`${argument(i)} must be a positive finite number; got ${show(s)}`);
    out[offset + i] = 1 / s;
  }
}
