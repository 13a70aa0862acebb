/**
 * `@pandaas/fit`: least-squares fitting as silx and scipy do it. Levenberg-Marquardt with silx's
 * constraint codes and an explicit covariance scaling, peak and step models with analytic
 * derivatives, strip and SNIP backgrounds, peak search and initial estimates, a FitManager
 * workflow, and batch fits of whole maps on all CPU cores or WebGPU. Validated against scipy
 * `curve_fit` and silx 1.1 (see docs/fit.md).
 *
 * @example
 * ```ts
 * import { gaussian, leastsq, linear, sum } from '@pandaas/fit';
 * const x = Float64Array.from({ length: 200 }, (_, i) => i / 10);
 * const y = x.map((v) => 100 * Math.exp(-4 * Math.LN2 * ((v - 10) / 2) ** 2) + 5 + 0.1 * v);
 * const fit = leastsq(sum(gaussian(), linear()), x, y, [80, 9.5, 2.5, 0, 0]);
 * console.log(fit.names, fit.params, fit.sigmas, fit.status);
 * ```
 * @module
 */

// Models
export { atan, constant, gaussian, gaussianArea, linear, lorentzian, lorentzianArea, polynomial, pseudoVoigt, slit, splitGaussian, splitLorentzian, splitPseudoVoigt, stepDown, stepUp } from './models/builtins.js';
export type { PseudoVoigtOptions } from './models/builtins.js';
export { sum } from './models/sum.js';
export { erf, erfc } from './models/step-kernels.js';
export type { Model, ModelComponent, ModelKind } from './models/model.js';

// Least squares
export { leastsq, leastsqInto } from './leastsq/leastsq.js';
export type { FitResult, LeastsqOutput } from './leastsq/leastsq.js';
export type { LeastsqOptions } from './leastsq/options.js';
export { createLeastsqWorkspace } from './leastsq/workspace.js';
export type { FitStatus, LeastsqIntoResult, LeastsqWorkspace } from './leastsq/workspace.js';
export { CONSTRAINT_CODES } from './leastsq/constraints.js';
export { poissonSigma } from './leastsq/poisson-sigma.js';
export type { Constraint } from './leastsq/constraints.js';

// Backgrounds and smoothing
export { strip } from './background/strip.js';
export type { StripOptions } from './background/strip.js';
export { snip1d, snip1dMany, snip2d } from './background/snip.js';
export type { Snip1dManyOptions } from './background/snip.js';
export { savitskyGolay, smooth1d } from './background/smooth.js';
export type { Series } from './background/inputs.js';

// Peak search and estimates
export { guessFwhm, peakSearch } from './estimate/peak-search.js';
export type { PeakRelevance, PeakSearchOptions } from './estimate/peak-search.js';
export { estimate } from './estimate/estimate.js';
export type { Estimate, SilxTheoryName, Theory } from './estimate/estimate.js';
export type { BackgroundKind, EstimateOptions } from './estimate/options.js';
export type { TheoryKind } from './estimate/theories.js';

// The FitManager workflow
export { FitManager } from './manager/fit-manager.js';
export type { CustomTheory, FitManagerOptions, FitManagerState, FitParameter } from './manager/fit-manager.js';
export { BACKGROUND_NAMES, THEORY_NAMES } from './manager/names.js';
export type { BackgroundName } from './manager/names.js';

// Batch fits
export { fitMany } from './batch/fit-many.js';
export type { FitManyResult } from './batch/fit-many.js';
export type { FitManyOptions, StartEstimator } from './batch/problem.js';
export { FIT_STATUS_CODES } from './batch/status.js';
export { GPU_MAX_PARAMS, GPU_MAX_POINTS } from './batch/gpu/fit-gpu.js';
export { GPU_KINDS } from './batch/gpu/twins.js';
export { linearFitMany } from './batch/linear/linear-fit.js';
export type { LinearFitManyOptions, LinearFitManyResult } from './batch/linear/linear-fit.js';
