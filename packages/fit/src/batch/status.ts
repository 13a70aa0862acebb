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
 * import { array } from '@pandaas/core';
 * import { FIT_STATUS_CODES, fitMany, gaussian } from '@pandaas/fit';
 * const x = Float64Array.from({ length: 64 }, (_, i) => i);
 * const ys = Float64Array.from({ length: 2 * 64 }, (_, q) => 100 * Math.exp(-4 * Math.LN2 * ((q % 64 - 30) / 6) ** 2));
 * ys[64 + 5] = NaN; // the second curve cannot be fitted
 * const { status } = await fitMany(gaussian(), x, array(ys, { shape: [2, 64] }), [90, 32, 8]);
 * Array.from(status.dataSync(), (code) => FIT_STATUS_CODES[code]); // ['converged', 'invalid-input']
 * ```
 */
export const FIT_STATUS_CODES: readonly FitStatus[] = Object.freeze([...FIT_STATUSES]);
