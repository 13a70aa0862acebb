/**
 * Real scans for the streaming reconstruction's tests (../shared/data/tomography): the raw
 * projections, the reduced flats and darks, and the angles in radians.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { array, type NdArray } from '@pandaas/core';
import { openH5, readDataExchange, readImage } from '@pandaas/io-nexus';
import { sharedData } from '../../../../core/src/testing/shared-data.js';
import { reduceSeries } from '../../preprocess/reduce-series.js';

/** A scan: raw projections `[nAngles, rows, nDet]`, one flat and one dark `[rows, nDet]`, angles in radians. */
export interface Scan {
  readonly projections: NdArray;
  readonly flats: NdArray;
  readonly darks: NdArray;
  readonly angles: Float64Array;
}

const radians = (degrees: ArrayLike<number>) => Float64Array.from(degrees, (d) => (d * Math.PI) / 180);

/** tooth.h5 (Data Exchange, 181 × 2 × 640): the means of its 10 flats and 10 darks. */
export async function toothScan(): Promise<Scan> {
  const file = await openH5(sharedData('tomography', 'tooth.h5'));
  try {
    const dx = await readDataExchange(file);
    return {
      projections: await dx.projections.read([], { backend: 'cpu' }),
      flats: await reduceSeries(await dx.flats!.read([], { backend: 'cpu' })),
      darks: await reduceSeries(await dx.darks!.read([], { backend: 'cpu' })),
      angles: radians(dx.rotationAngle!),
    };
  } finally {
    await file.close();
  }
}

/**
 * The savu TIFF stack (Diamond I13-2, 91 projections of 135 × 160, uint16; dark and flat
 * float32): projection k at angles.txt[10 + k] degrees (the data's README).
 */
export async function savuScan(): Promise<Scan> {
  const folder = sharedData('tomography', 'savu_24737_tiffs');
  const degrees = readFileSync(join(folder, 'angles.txt'), 'utf8').split('\n').filter((line) => line.trim() !== '').map(Number);
  const n = 91;
  const [rows, cols] = [135, 160];
  const stack = new Uint16Array(n * rows * cols);
  for (let k = 0; k < n; k++) {
    const image = await readImage(join(folder, 'tiffs', `raw_${String(k).padStart(5, '0')}.tiff`), { backend: 'cpu' });
    stack.set(image.frames[0].data.dataSync() as Uint16Array, k * rows * cols);
  }
  const frame = async (name: string) => (await readImage(join(folder, name), { backend: 'cpu' })).frames[0].data;
  return {
    projections: array(stack, { shape: [n, rows, cols], backend: 'cpu' }),
    flats: await frame('flat_00001.tiff'),
    darks: await frame('dark_00001.tiff'),
    angles: radians(degrees.slice(10, 10 + n)),
  };
}

/**
 * Rows `[from, to)` of projections `[nAngles, rows, nDet]`, copied (a slab as a reader yields it).
 *
 * @example
 * ```ts
 * const slab = await rowsOf(scan.projections, 0, 7);
 * ```
 */
export function rowsOf(projections: NdArray, from: number, to: number): Promise<NdArray> {
  return projections.slice(null, [from, to]).copy();
}

/** The projections in slabs of `height` rows (the last may be shorter), recording each read in `log`. */
export async function* slabsOf(projections: NdArray, height: number, log?: string[], from = 0, to = projections.shape[1]): AsyncGenerator<NdArray> {
  for (let row = from; row < to; row += height) {
    log?.push(`read ${row}`);
    yield await rowsOf(projections, row, Math.min(row + height, to));
  }
}
