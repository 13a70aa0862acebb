/**
 * Runs a per-sinogram filter over a sinogram `[nAngles, nDet]` or a batch
 * `[nSlices, nAngles, nDet]` (internal): float64 in, float32 out of the input's shape.
 *
 * @example
 * ```ts
 * return perSinogram(sinogram, (x, nA, nD) => removeOne(x, nA, nD));
 * ```
 * @module
 */
import { allocate, array, type NdArray } from '@pandaas/core';
import { checkStack, valuesOf } from '../sinogram/arrays.js';

/** A filter of one sinogram `[nA, nD]` (float64, which it may overwrite). */
export type OneSinogramFilter = (sino: Float64Array, nA: number, nD: number) => Promise<Float64Array>;

/**
 * Applies `filter` to each sinogram of `sinogram`, after checking it (named `name`).
 *
 * @example
 * ```ts
 * const out = await perSinogram(sino, async (x) => x);
 * ```
 */
export async function perSinogram(sinogram: NdArray, filter: OneSinogramFilter, name = 'sinogram'): Promise<NdArray<'float32'>> {
  const { batch, rows, cols } = checkStack(sinogram, name);
  const values = await valuesOf(sinogram);
  const size = rows * cols;
  const out = allocate('float32', batch * size, true);
  for (let b = 0; b < batch; b++) {
    const one = allocate('float64', size, true);
    for (let k = 0; k < size; k++) one[k] = values[b * size + k];
    out.set(await filter(one, rows, cols), b * size);
  }
  return array(out, { shape: sinogram.shape });
}
