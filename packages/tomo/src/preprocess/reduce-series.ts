import { ArgumentError, allocate, array, onShared, show, type NdArray } from '@pandaas/core';
import { checkArray, runRanges, valuesOf } from '../sinogram/arrays.js';
import { PREPROCESS_LOOP, reduceSeriesPixels, registerPreprocessLoops } from './loops.js';

/** How a series of flat or dark frames becomes one image: pixel-wise mean or median. */
export type SeriesReduction = 'mean' | 'median';

/**
 * Reduces a series of frames `[n, rows, cols]` (flats or darks taken together) to one float32
 * image `[rows, cols]`, pixel by pixel: the mean, or the median (the mean of the middle two
 * values for an even `n`, as numpy). Runs on all cores through the core pool for large series
 * (the median sorts `n` values per pixel).
 *
 * @example
 * ```ts
 * import { reduceSeries } from '@pandaas/tomo';
 * const flat = await reduceSeries(flatFrames, 'median'); // [rows, cols] float32
 * ```
 */
export async function reduceSeries(frames: NdArray, method: SeriesReduction = 'mean'): Promise<NdArray<'float32'>> {
  const x = checkArray(frames, 'frames', [3]);
  if (method !== 'mean' && method !== 'median') throw new ArgumentError(`method must be "mean" or "median"; got ${show(method)}`);
  registerPreprocessLoops();
  const [n, rows, cols] = x.shape;
  const pixels = rows * cols;
  const values = onShared(await valuesOf(x));
  const out = allocate('float32', pixels, true);
  const rest = [n, pixels, values, out, method === 'median' ? 1 : 0, new Float64Array(n)];
  await runRanges(PREPROCESS_LOOP.reduceSeries, reduceSeriesPixels, pixels, rest, [values, out], n * pixels);
  return array(out, { shape: [rows, cols] });
}
