import { allocate, array, ArgumentError, onShared, show, type NdArray } from '@pandaas/core';
import { checkArray, checkNumber, checkOptions, runRanges, valuesOf } from '../sinogram/arrays.js';
import { PREPROCESS_LOOP, minusLogRange, registerPreprocessLoops } from './loops.js';

/** Options of {@link minusLog}: the clipping range applied before the log (nabu's `log_min_clip`, `log_max_clip`). */
export interface MinusLogOptions {
  /** Lower clip (default 1e-6). */
  readonly min?: number;
  /** Upper clip (default 10). */
  readonly max?: number;
}

/**
 * `p = −ln(clip(I, min, max))`, float32, any shape: normalised transmission to line integrals,
 * clipped to nabu's [1e-6, 10] by default so that dead or hot pixels give finite values (NaN
 * stays NaN). Runs on all cores through the core pool for large arrays.
 *
 * @example
 * ```ts
 * import { minusLog } from '@pandaas/tomo';
 * const p = await minusLog(transmission); // −ln of I clipped to [1e-6, 10]
 * ```
 */
export async function minusLog(transmission: NdArray, options?: MinusLogOptions): Promise<NdArray<'float32'>> {
  const x = checkArray(transmission, 'transmission', [1, 2, 3, 4]);
  const o = checkOptions(options, 'options');
  const min = o.min === undefined ? 1e-6 : checkNumber(o.min, 'options.min', { min: 0, exclusiveMin: true });
  const max = o.max === undefined ? 10 : checkNumber(o.max, 'options.max');
  if (!(max >= min)) throw new ArgumentError(`options.max must be >= options.min (${min}); got ${show(max)}`);
  registerPreprocessLoops();
  const values = onShared(await valuesOf(x));
  const out = allocate('float32', values.length, true);
  await runRanges(PREPROCESS_LOOP.minusLog, minusLogRange, values.length, [values, out, min, max], [values, out]);
  return array(out, { shape: x.shape });
}
