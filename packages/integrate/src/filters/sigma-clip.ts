/**
 * `sigmaClip`: pyFAI's `sigma_clip_ng`, 1D integration that discards outliers bin by bin.
 * @module
 */
import { ArgumentError, show, type NdArray } from '@pandaas/core';
import type { AzimuthalIntegrator } from '../integrator/azimuthal-integrator.js';
import type { Integrate1dResult } from '../integrator/results.js';
import { filterInputs, integrationOptions, type FilterCommonOptions } from './filter-plan.js';
import { sigmaClipCsr } from './sigma-clip-csr.js';

/**
 * Options of {@link sigmaClip}: those of `integrate1d` (npt defaults to 1024) and the clipping's.
 *
 * @example
 * ```ts
 * const options: SigmaClipOptions = { npt: 500, unit: '2th_deg', thres: 3, maxIter: 10, errorModel: 'azimuthal' };
 * await sigmaClip(ai, frame, options);
 * ```
 */
export interface SigmaClipOptions extends Omit<FilterCommonOptions, 'errorModel'> {
  /** Error model giving each pixel's variance: `poisson` (the default without `variance`), `variance`, or `azimuthal`. */
  errorModel?: 'poisson' | 'variance' | 'azimuthal';
  /** The smallest cut-off in standard deviations (default 5); Chauvenet's criterion may raise it. */
  thres?: number;
  /** The largest number of clipping cycles (default 5). */
  maxIter?: number;
}

const OWN = ['thres', 'maxIter'];

/**
 * pyFAI's `sigma_clip_ng` (0.21): a 1D integration that, bin by bin, discards the pixels whose
 * corrected value lies more than k standard deviations from the bin's mean, recomputes the mean
 * and repeats (at most `maxIter` times, until nothing is discarded). k is `thres` or, when
 * larger, Chauvenet's criterion sqrt(2 ln(N / sqrt(2 pi))) for the bin's N pixels (N raised to
 * at least 3). Good at keeping the amorphous or powder background and dropping Bragg spots and
 * zingers.
 *
 * As pyFAI 0.21: the standard deviation is sqrt(sumVariance / sumNormalization); `sigma` is the
 * standard error of the mean of the kept pixels; `count` is raised to 3 in bins where a cycle ran
 * with fewer (pyFAI reports it so); without `errorModel` or `variance` the Poisson model is used.
 * The default method is no pixel splitting (pyFAI's `("no", "csr")`); with splitting, a pixel
 * discarded in one bin is left out of the bins that follow. The integration options are those of
 * `integrate1d` and are checked the same way; the matrix is the integrator's cached plan.
 *
 * @example
 * ```ts
 * import { AzimuthalIntegrator, sigmaClip } from '@pandaas/integrate';
 * const clipped = await sigmaClip(ai, frame, { npt: 1000, unit: '2th_deg', thres: 3 });
 * console.log(clipped.radial[10], clipped.intensity[10], clipped.count[10]);
 * ```
 */
export async function sigmaClip(integrator: AzimuthalIntegrator, frame: NdArray, options: SigmaClipOptions = {}): Promise<Integrate1dResult> {
  const o = integrationOptions(options, OWN, 'no');
  const thres = options.thres ?? 5;
  const maxIter = options.maxIter ?? 5;
  if (typeof thres !== 'number' || !Number.isFinite(thres) || thres < 0) throw new ArgumentError(`options.thres must be a finite number >= 0; got ${show(thres)}`);
  if (!Number.isSafeInteger(maxIter) || maxIter < 0) throw new ArgumentError(`options.maxIter must be an integer >= 0; got ${show(maxIter)}`);
  if ((options.errorModel as string | undefined) === 'none') {
    throw new ArgumentError("options.errorModel 'none' gives no standard deviation to clip with; use 'poisson', 'variance' or 'azimuthal'");
  }
  const errorModel = options.errorModel ?? (options.variance === undefined ? 'poisson' : 'variance');
  const inputs = await filterInputs(integrator, frame, { ...o, errorModel });
  return inputs.result(sigmaClipCsr(inputs.csr, inputs.corrections, inputs.raw, { thres, maxIter }));
}
