/**
 * The uint8 status codes of batch fits.
 *
 * @module
 */
import { FIT_STATUSES, type FitStatus } from '../leastsq/workspace.js';

/**
 * The statuses of batch fits by code: `status[i]` of {@link fitMany} indexes this list. 0
 * `converged`, 1 `max-iterations`, 2 `singular`, 3 `invalid-input`, 4 `no-improvement` — the
 * statuses of a single fit, in the order of `leastsq`'s own codes. Only 0 is a success; the others
 * keep the parameters of the last accepted step, except `invalid-input` (a curve or start value
 * that is not finite, a start outside its quoted bounds, a model not finite at the start), whose
 * parameters, sigmas and chi2 are NaN.
 *
 * @example
 * ```ts
 * import { FIT_STATUS_CODES, fitMany } from '@pandaas/fit';
 * const { status } = await fitMany(gaussian(), x, ys, p0);
 * FIT_STATUS_CODES[status.get(0)]; // 'converged'
 * ```
 */
export const FIT_STATUS_CODES: readonly FitStatus[] = Object.freeze([...FIT_STATUSES]);
