/**
 * From normalised projection rows to the sinograms of a batch (internal): Paganin (on the rows
 * with their margins, then cropped) or −log, the transposition to sinograms, ring removal.
 * @module
 */
import { allocate, array, type NdArray } from '@pandaas/core';
import { minusLog } from '../preprocess/minus-log.js';
import { paganin } from '../preprocess/paganin.js';
import { removeStripesMunch } from '../rings/munch.js';
import { removeStripesVo } from '../rings/vo.js';
import { projectionsToSinograms } from '../sinogram/projections-to-sinograms.js';
import type { ResolvedVolume, VolumeOptions } from './options.js';

/**
 * Rows `[from, from + count)` of `window` (`[nAngles, rows, nDet]` values), copied.
 *
 * @example
 * ```ts
 * const middle = cropRows(values, 181, 20, 640, 8, 4); // [181, 4, 640]
 * ```
 */
export function cropRows(window: ArrayLike<number>, nAngles: number, rows: number, nDet: number, from: number, count: number): Float32Array {
  const out = allocate('float32', nAngles * count * nDet, true);
  for (let a = 0; a < nAngles; a++) {
    for (let r = 0; r < count; r++) {
      const src = (a * rows + from + r) * nDet;
      const dst = (a * count + r) * nDet;
      for (let j = 0; j < nDet; j++) out[dst + j] = window[src + j];
    }
  }
  return out;
}

/**
 * The sinograms `[count, nAngles, nDet]` of rows `[from, from + count)` of a window of
 * flat-fielded rows `[nAngles, rows, nDet]`: with Paganin, the filter runs on the whole window
 * (the rows around are its margins) and the rows are cropped after; else −log of the rows. Then
 * the ring filter of each sinogram, when asked.
 *
 * @example
 * ```ts
 * const sinos = await windowSinograms(window, windowRows, 4, 8, resolved, options);
 * ```
 */
export async function windowSinograms(
  window: Float32Array, rows: number, from: number, count: number, r: ResolvedVolume, o: VolumeOptions,
): Promise<NdArray<'float32'>> {
  const { nAngles, nDet } = r;
  let lines: NdArray;
  if (o.paganin !== undefined) {
    const { deltaBeta, energy, distance, pixelSize, padding } = o.paganin;
    const filter = { deltaBeta, energy, distance, pixelSize, ...(padding === undefined ? {} : { padding }), log: true };
    const filtered = await paganin(array(window, { shape: [nAngles, rows, nDet], backend: 'cpu' }), filter);
    lines = array(cropRows(await filtered.data(), nAngles, rows, nDet, from, count), { shape: [nAngles, count, nDet], backend: 'cpu' });
    filtered.dispose();
  } else {
    const values = from === 0 && count === rows ? window : cropRows(window, nAngles, rows, nDet, from, count);
    lines = await minusLog(array(values, { shape: [nAngles, count, nDet], backend: 'cpu' }), o.minusLog);
  }
  let sinos = await projectionsToSinograms(lines);
  lines.dispose();
  if (r.rings !== undefined) {
    const filtered = r.rings.method === 'munch' ? await removeStripesMunch(sinos, r.rings.options) : await removeStripesVo(sinos, r.rings.options);
    sinos.dispose();
    sinos = filtered;
  }
  return sinos;
}
