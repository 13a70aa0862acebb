import { ArgumentError, ShapeError, show } from '@pandaas/core';

/**
 * Poisson uncertainties of counts for `leastsq`'s or `fitMany`'s `sigma`: σᵢ = √max(yᵢ, 1), so
 * that empty and sub-unit bins weigh like a count of 1 instead of getting a zero or tiny σ. A NaN
 * or +∞ count gives a NaN or +∞ σ (and −∞ gives 1): the fit rejects those points itself.
 *
 * Not FitManager's weighting (`configure({ weight: true })`), which follows silx's WeightFlag:
 * √yᵢ where yᵢ > 0, else 1 — it differs for 0 < yᵢ < 1, where FitManager gives √yᵢ < 1.
 *
 * Writes into `out` when given (a Float64Array of y's length; it may be `y` itself) and returns it.
 *
 * @example
 * ```ts
 * const y = Float64Array.of(0, 0.25, 4, 100);
 * const fit = leastsq(sum(gaussian(), constant()), x, y, p0, { sigma: poissonSigma(y) }); // σ: 1, 1, 2, 10
 * ```
 */
export function poissonSigma(y: ArrayLike<number>, out?: Float64Array): Float64Array {
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') throw new ArgumentError(`y must be an array of counts; got ${show(y)}`);
  if (out !== undefined && !(out instanceof Float64Array)) throw new ArgumentError(`out must be a Float64Array; got ${show(out)}`);
  if (out !== undefined && out.length !== y.length) throw new ShapeError(`out must hold one value per count (${y.length}); got length ${out.length}`);
  const sigma = out ?? new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) sigma[i] = Math.sqrt(Math.max(y[i]!, 1));
  return sigma;
}
