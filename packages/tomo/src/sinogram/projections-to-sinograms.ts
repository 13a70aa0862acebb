import { allocate, array, type NdArray } from '@pandaas/core';
import { checkArray, valuesOf } from './arrays.js';

/**
 * Projections `[nAngles, rows, cols]` (a slab of detector rows, as they stream from a file) to
 * sinograms `[rows, nAngles, cols]` (one per detector row), float32: the transposition between
 * the preprocessing and the reconstruction. Plain loops (a copy).
 *
 * @example
 * ```ts
 * import { projectionsToSinograms } from '@pandaas/tomo';
 * const sinos = await projectionsToSinograms(slab); // [rows, nAngles, cols]
 * ```
 */
export async function projectionsToSinograms(projections: NdArray): Promise<NdArray<'float32'>> {
  const x = checkArray(projections, 'projections', [3]);
  const [nA, rows, cols] = x.shape;
  const values = await valuesOf(x);
  const out = allocate('float32', nA * rows * cols, true);
  for (let a = 0; a < nA; a++) {
    for (let r = 0; r < rows; r++) {
      const src = (a * rows + r) * cols;
      const dst = (r * nA + a) * cols;
      for (let c = 0; c < cols; c++) out[dst + c] = values[src + c];
    }
  }
  return array(out, { shape: [rows, nA, cols] });
}
