/**
 * `fitMany`: one model fitted to many curves (a map's spectra, a stack's patterns), on all CPU
 * cores or on a GPU.
 *
 * @module
 */
import { array, ArgumentError, show, type NdArray } from '@pandaas/core';
import type { Model } from '../models/model.js';
import { fitOnCpu } from './cpu/fit-cpu.js';
import { fitOnGpu } from './gpu/fit-gpu.js';
import { allocateResult, batchProblem, type FitManyOptions, type StartEstimator } from './problem.js';

/**
 * The results of {@link fitMany}, CPU-resident NdArrays.
 *
 * @example
 * ```ts
 * import { array } from '@pandaas/core';
 * import { fitMany, linear, type FitManyResult } from '@pandaas/fit';
 * const x = Float64Array.of(0, 1, 2, 3);
 * const r: FitManyResult = await fitMany(linear(), x, array([[1, 3, 5, 7.1], [2, 2, 2, 2.1]]), [0, 0]);
 * r.params.shape; r.sigmas.shape; r.chi2.shape; r.status.shape; r.niter.shape; // [2, 2], [2, 2], [2], [2], [2]
 * ```
 */
export interface FitManyResult {
  /** Fitted parameters, float64 [n, p] (NaN for curves with status `invalid-input`). */
  params: NdArray<'float64'>;
  /** Standard deviations, float64 [n, p]: √diag of the covariance, scaled as `scaleCovar` says; 0 for fixed parameters, Infinity when singular. */
  sigmas: NdArray<'float64'>;
  /** Σ wᵢ (yᵢ - f(xᵢ))² at the result, float64 [n]. */
  chi2: NdArray<'float64'>;
  /** Status codes, uint8 [n]: indices into {@link FIT_STATUS_CODES} (0: converged). */
  status: NdArray<'uint8'>;
  /** Iterations of each fit, int32 [n]. */
  niter: NdArray<'int32'>;
}

/**
 * Fits `model` to every row of `ys` (n curves of m points, all over the same `x`), each from its
 * own start values, and returns the results as NdArrays: params and sigmas [n, p], chi2, status
 * and niter [n].
 *
 * - `backend: 'cpu'` (default): each curve is fitted exactly as `leastsqInto` fits it (the same
 *   Levenberg-Marquardt code, silx's rules, every constraint), the curves split over core's
 *   worker pool for built-in models (sums of gaussian, lorentzian, ... polynomial); a user model
 *   runs on the calling thread.
 * - `backend: 'webgpu'`: one float32 fit per GPU thread, for built-in models of gaussian,
 *   lorentzian and pseudo-Voigt peaks (height or area forms) plus a constant or linear background,
 *   up to 8 parameters and 1024 points, with free, positive or fixed parameters. On
 *   well-conditioned fits the parameters agree with the CPU's within 1e-4 relative or 1e-3 of
 *   their sigma (the tested tolerance; typically 1e-7 relative), sigmas within 1e-3 relative.
 *   Ill-conditioned fits may end differently: float32 calls a covariance singular past a
 *   condition number of about 1e6, and on Mesa's software adapter a fit stops as
 *   `max-iterations` after about 65 000 loop iterations (see `gpu/shader.ts`).
 *
 * `p0` is one row per curve (an NdArray [n, p]), one row shared by all (p values), or an
 * estimator called as `p0(x, y, index)` for each curve. A curve that cannot be fitted (NaN in
 * its values or in a start of its own, such a start outside quoted bounds) gets status
 * `invalid-input` and NaN results instead of failing the batch; arguments that are wrong for
 * every curve (a shared start outside its bounds included) throw typed errors, as `leastsq`'s.
 *
 * @example
 * ```ts
 * import { array } from '@pandaas/core';
 * import { fitMany, gaussian, linear, sum, FIT_STATUS_CODES } from '@pandaas/fit';
 * const model = sum(linear(), gaussian());
 * const x = Float64Array.from({ length: 128 }, (_, i) => i);
 * // 10 000 curves of 128 points, the peak moving from curve to curve
 * const spectra = new Float64Array(10_000 * 128);
 * for (let c = 0; c < 10_000; c++) model.evaluate(x, Float64Array.of(10, 0, 100, 60 + (c % 9), 8), spectra.subarray(c * 128, (c + 1) * 128));
 * const r = await fitMany(model, x, array(spectra, { shape: [10_000, 128] }), [10, 0, 90, 64, 10]);
 * r.params.get(0, 3); // 60: the position of the first curve's peak
 * FIT_STATUS_CODES[r.status.get(0)]; // 'converged'
 * ```
 */
export async function fitMany(
  model: Model, x: Float64Array | ArrayLike<number>, ys: NdArray, p0: NdArray | ArrayLike<number> | StartEstimator, options: FitManyOptions = {},
): Promise<FitManyResult> {
  const backend = options?.backend ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'webgpu') throw new ArgumentError(`options.backend must be 'cpu' or 'webgpu'; got ${show(backend)}`);
  const problem = await batchProblem(model, x, ys, p0, options);
  const { n, nParams } = problem;
  const result = allocateResult(n, nParams);
  if (backend === 'webgpu') await fitOnGpu(problem, result);
  else await fitOnCpu(problem, result);
  return {
    params: array(result.params, { shape: [n, nParams], backend: 'cpu' }),
    sigmas: array(result.sigmas, { shape: [n, nParams], backend: 'cpu' }),
    chi2: array(result.chi2, { shape: [n], backend: 'cpu' }),
    status: array(result.status, { shape: [n], backend: 'cpu' }),
    niter: array(result.iterations, { shape: [n], backend: 'cpu' }),
  };
}
