/**
 * The sinogram filter's loops on core's CPU pool (internal): their names and their registration.
 * @module
 */
import { registerPoolLoops } from '@pandaas/core';
import { fftRadix2 } from './fft.js';
import { filterRows } from './filter-loop.js';

/**
 * The pool names of the filter loop and of the FFT it takes.
 *
 * @example
 * ```ts
 * await runOnPool([{ name: FILTER_LOOP.rows, fns: [FILTER_LOOP.fft], args }]);
 * ```
 */
export const FILTER_LOOP = { rows: 'tomo:filterRows', fft: 'tomo:fftRadix2' } as const;

let registered = false;

/**
 * Puts the loops of {@link FILTER_LOOP} on the core pool (once).
 *
 * @example
 * ```ts
 * registerFilterLoops();
 * ```
 */
export function registerFilterLoops(): void {
  if (registered) return;
  registerPoolLoops({ [FILTER_LOOP.rows]: filterRows, [FILTER_LOOP.fft]: fftRadix2 });
  registered = true;
}
