import { ArgumentError, show } from '@pandaas/core';
import type { LmArrays } from './lm-core.js';

/**
 * Why a fit stopped: converged, or one of the ways it did not.
 *
 * @example
 * ```ts
 * import { leastsq, linear, type FitStatus } from '@pandaas/fit';
 * const status: FitStatus = leastsq(linear(), [0, 1, 2], [1, 3, 5], [0, 0]).status; // 'converged'
 * ```
 */
export type FitStatus = 'converged' | 'max-iterations' | 'singular' | 'invalid-input' | 'no-improvement';

/** The statuses by their code in the workspace's `info[3]`. */
export const FIT_STATUSES: readonly FitStatus[] = ['converged', 'max-iterations', 'singular', 'invalid-input', 'no-improvement'];

/**
 * What {@link leastsqInto} returns: owned by the workspace and overwritten by its next fit.
 *
 * @example
 * ```ts
 * import { createLeastsqWorkspace, leastsqInto, linear, type LeastsqIntoResult } from '@pandaas/fit';
 * const ws = createLeastsqWorkspace(3, 2), out = { params: new Float64Array(2), sigmas: new Float64Array(2) };
 * const r: LeastsqIntoResult = leastsqInto(ws, linear(), Float64Array.of(0, 1, 2), Float64Array.of(1, 3, 5.1), [0, 0], {}, out);
 * const { chi2, reducedChi2, nfev, niter, status } = r; // copy what you keep: the next fit overwrites r
 * ```
 */
export interface LeastsqIntoResult {
  /** Σ wᵢ (yᵢ - f(xᵢ))² at the result (w = 1/σ², or 1). */
  chi2: number;
  /** chi2 / (n - number of fitted parameters). */
  reducedChi2: number;
  /** Model evaluations (numeric Jacobians included). */
  nfev: number;
  /** Iterations (Jacobian evaluations before a step). */
  niter: number;
  status: FitStatus;
  converged: boolean;
}

/**
 * Preallocated arrays for fits of `nPoints` points and `nParams` parameters: {@link leastsqInto}
 * runs any number of fits in one without allocating. A plain object of typed arrays (plus the
 * reused result), so a worker can make its own.
 *
 * @example
 * ```ts
 * import { createLeastsqWorkspace, type LeastsqWorkspace } from '@pandaas/fit';
 * const ws: LeastsqWorkspace = createLeastsqWorkspace(128, 5);
 * ws.nPoints; ws.nParams; // 128, 5
 * ```
 */
export interface LeastsqWorkspace extends LmArrays {
  readonly result: LeastsqIntoResult;
}

function positiveInteger(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ArgumentError(`${argument} must be a positive integer; got ${show(value)}`);
  }
  return value;
}

/**
 * Makes the workspace of {@link leastsqInto} for fits of exactly `nPoints` points and `nParams`
 * parameters (about (3·nParams + 3)·nPoints + 4·nParams² doubles).
 *
 * @example
 * ```ts
 * const ws = createLeastsqWorkspace(2048, 5);
 * ```
 */
export function createLeastsqWorkspace(nPoints: number, nParams: number): LeastsqWorkspace {
  const n = positiveInteger(nPoints, 'nPoints');
  const p = positiveInteger(nParams, 'nParams');
  return {
    nPoints: n,
    nParams: p,
    sw: new Float64Array(n),
    f: new Float64Array(n),
    ft: new Float64Array(n),
    jac: new Float64Array(p * n),
    jact: new Float64Array(p * n),
    jt: new Float64Array(p * n),
    alpha: new Float64Array(p * p),
    amat: new Float64Array(p * p),
    cov: new Float64Array(p * p),
    gram: new Float64Array((p + 1) * (p + 1)),
    beta: new Float64Array(p),
    delta: new Float64Array(p),
    dscale: new Float64Array(p),
    theta: new Float64Array(p),
    p: new Float64Array(p),
    pt: new Float64Array(p),
    code: new Int32Array(p),
    ca: new Float64Array(p),
    cb: new Float64Array(p),
    ref: new Int32Array(p),
    free: new Int32Array(p),
    kOf: new Int32Array(p),
    coef: new Float64Array(p),
    settings: new Float64Array(6),
    info: new Float64Array(8),
    result: { chi2: NaN, reducedChi2: NaN, nfev: 0, niter: 0, status: 'invalid-input', converged: false },
  };
}
