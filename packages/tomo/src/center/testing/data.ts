/**
 * Test data of the centre finders: the committed fixtures (scripts/fixtures/tomo/center.py) and
 * the real sinograms of ../shared/data/tomography, reduced to line integrals.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { array, type NdArray } from '@pandaas/core';
import { openH5, readTiff } from '@pandaas/io-nexus';
import { sharedData } from '../../../../core/src/testing/shared-data.js';

const here = dirname(fileURLToPath(import.meta.url));

/** A gzipped float32 little-endian array of a fixture folder (`center`, `sirt`). */
export function fixtureArray(folder: string, file: string): Float32Array {
  const bytes = gunzipSync(readFileSync(join(here, '..', '..', '__fixtures__', folder, file)));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** A fixture folder's JSON (`center/center.json`, `sirt/sirt.json`). */
export function fixtureJson<T>(folder: string, file: string): T {
  return JSON.parse(readFileSync(join(here, '..', '..', '__fixtures__', folder, file), 'utf8')) as T;
}

/** A real sinogram as line integrals, with its angles in radians. */
export interface RealSinogram {
  readonly sinogram: NdArray<'float64'>;
  readonly angles: Float64Array;
}

/**
 * tooth.h5 (Data Exchange): detector row `row` (0 or 1) as p = −ln((P − D̄) / (F̄ − D̄)), F̄, D̄ the
 * means of the 10 white and dark frames, angles /exchange/theta in radians.
 */
export async function toothSinogram(row: number): Promise<RealSinogram> {
  const file = await openH5(sharedData('tomography', 'tooth.h5'));
  try {
    const data = (await (await file.dataset('/exchange/data')).read()).dataSync();
    const white = (await (await file.dataset('/exchange/data_white')).read()).dataSync();
    const dark = (await (await file.dataset('/exchange/data_dark')).read()).dataSync();
    const theta = (await (await file.dataset('/exchange/theta')).read()).dataSync();
    const [nAngles, rows, nDet] = [181, 2, 640];
    const p = new Float64Array(nAngles * nDet);
    for (let j = 0; j < nDet; j++) {
      let f = 0;
      let d = 0;
      for (let k = 0; k < 10; k++) {
        f += white[(k * rows + row) * nDet + j] / 10;
        d += dark[(k * rows + row) * nDet + j] / 10;
      }
      for (let a = 0; a < nAngles; a++) p[a * nDet + j] = -Math.log((data[(a * rows + row) * nDet + j] - d) / (f - d));
    }
    return { sinogram: array(p, { shape: [nAngles, nDet], backend: 'cpu' }), angles: Float64Array.from(theta, (t) => (t * Math.PI) / 180) };
  } finally {
    await file.close();
  }
}

/**
 * sinogram_360_neutron_image.tif (459 angles over 0…360° inclusive, 503 pixels, uint16): divided
 * by the mean of columns 0–29 (open beam), values <= 0 set to that mean, then −ln.
 */
export async function neutronSinogram(): Promise<RealSinogram & { flat: number }> {
  const image = await readTiff(sharedData('tomography', 'sinogram_360_neutron_image.tif'), { backend: 'cpu' });
  const frame = image.frames[0].data;
  const [nAngles, nDet] = frame.shape;
  const counts = Float64Array.from(frame.dataSync());
  let flat = 0;
  for (let a = 0; a < nAngles; a++) for (let j = 0; j < 30; j++) flat += counts[a * nDet + j];
  flat /= 30 * nAngles;
  const p = counts.map((v) => -Math.log((v <= 0 ? flat : v) / flat));
  const angles = Float64Array.from({ length: nAngles }, (_, i) => (2 * Math.PI * i) / (nAngles - 1));
  return { sinogram: array(p, { shape: [nAngles, nDet], backend: 'cpu' }), angles, flat };
}
