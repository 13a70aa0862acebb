/**
 * The centre of rotation of a streamed volume, found on one sinogram preprocessed as the volume
 * (internal).
 * @module
 */
import { ArgumentError, IndexRangeError, show, type NdArray } from '@pandaas/core';
import { findCenterVo } from '../center/vo.js';
import { flatField } from '../preprocess/flat-field.js';
import { checkArray, checkNumber } from '../sinogram/arrays.js';
import type { ResolvedVolume, VolumeOptions } from './options.js';
import { windowSinograms } from './window-sinograms.js';

/**
 * The axis position found on the sinogram of detector row `row`, taken from the flat-fielded
 * rows `window` (`[nAngles, rows, nDet]` of detector rows `[start, start + rows)`) and
 * preprocessed as the volume (Paganin on the window or −log, rings), by Vo's method
 * (`findCenterVo` with `options.centerSearch`).
 *
 * @example
 * ```ts
 * const center = await centerOfRow(window, 0, 7, 3, resolved, options);
 * ```
 */
export async function centerOfRow(window: Float32Array, start: number, rows: number, row: number, r: ResolvedVolume, o: VolumeOptions): Promise<number> {
  const sinos = await windowSinograms(window, rows, row - start, 1, r, o);
  const sinogram = sinos.reshape([r.nAngles, r.nDet]);
  try {
    return await findCenterVo(sinogram, r.angles, o.centerSearch);
  } finally {
    sinos.dispose();
  }
}

/**
 * The centre found on `options.centerRows`: raw projections `[nAngles, rows, nDet]` flat-fielded
 * with the volume's references, its `row` (default the middle one).
 *
 * @example
 * ```ts
 * const center = await centerOfRows(options.centerRows, resolved, options);
 * ```
 */
export async function centerOfRows(given: NonNullable<VolumeOptions['centerRows']>, r: ResolvedVolume, o: VolumeOptions): Promise<number> {
  if (given === null || typeof given !== 'object') throw new ArgumentError(`options.centerRows must be { projections, rowStart, row? }; got ${show(given)}`);
  const projections: NdArray = checkArray(given.projections, 'options.centerRows.projections', [3]);
  const [nA, rows, nD] = projections.shape;
  if (nA !== r.nAngles || nD !== r.nDet) {
    throw new ArgumentError(`options.centerRows.projections must be [nAngles, rows, nDet] = [${r.nAngles}, rows, ${r.nDet}]; got ${show(projections.shape)}`);
  }
  const start = checkNumber(given.rowStart, 'options.centerRows.rowStart', { min: 0, integer: true });
  const row = given.row === undefined ? start + Math.floor(rows / 2) : checkNumber(given.row, 'options.centerRows.row', { integer: true });
  if (row < start || row >= start + rows) throw new IndexRangeError(`options.centerRows.row must be one of the rows given, [${start}, ${start + rows}); got ${show(row)}`);
  const normalised = await flatField(projections, {
    flats: o.flats, darks: o.darks, rowStart: start,
    ...(o.indices === undefined ? {} : { indices: o.indices }),
    ...(o.interpolation === undefined ? {} : { interpolation: o.interpolation }),
  });
  const values = (await normalised.data()) as Float32Array;
  return centerOfRow(values, start, rows, row, r, o).finally(() => normalised.dispose());
}

