// What the tests of `pandaas recon` share: the tooth scan (examples/data/tooth), its
// reconstruction by @pandaas/tomo called directly, NXtomo files written for the bad-input cases,
// and the volume file read back. Tests only.
import { type NdArray } from '@pandaas/core';
import { openH5, readDataExchange, writeH5 } from '@pandaas/io-nexus';
import {
  FbpPlan,
  flatField,
  minusLog,
  projectionsToSinograms,
  reduceSeries,
  removeStripesMunch,
  type FilterName,
} from '@pandaas/tomo';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTemporaryFolder } from '../../../testing/folders.js';
import { RECON_PATHS } from '../volume-file.js';

export { partialsIn, removeFolder } from '../../../testing/folders.js';

const here = dirname(fileURLToPath(import.meta.url));
const folder = join(here, '..', '..', '..', '..', '..', '..', 'examples', 'data', 'tooth');

/** The tooth scan: the Data Exchange original and its NXtomo conversion. */
export const TOOTH = { dx: join(folder, 'tooth.h5'), nxtomo: join(folder, 'tooth_nxtomo.nxs') };

/** A new temporary folder for these tests (removed by `removeFolder`). */
export function temporaryFolder(): string {
  return makeTemporaryFolder('pandaas-recon-test-');
}

/** tooth.h5 as arrays: projections, the 10 flats and 10 darks, theta in degrees. */
export interface ToothArrays {
  readonly projections: NdArray;
  readonly flats: NdArray;
  readonly darks: NdArray;
  readonly degrees: Float64Array;
}

/** Reads tooth.h5 whole. */
export async function toothArrays(): Promise<ToothArrays> {
  const file = await openH5(TOOTH.dx);
  try {
    const scan = await readDataExchange(file);
    return {
      projections: await scan.projections.read([], { backend: 'cpu' }),
      flats: await scan.flats!.read([], { backend: 'cpu' }),
      darks: await scan.darks!.read([], { backend: 'cpu' }),
      degrees: scan.rotationAngle!,
    };
  } finally {
    await file.close();
  }
}

/**
 * The sinograms `[2, 181, 640]` of tooth.h5 as @pandaas/tomo makes them called directly: mean
 * flat and dark, flatField, minusLog, projectionsToSinograms, and Münch's ring filter when asked.
 */
export async function toothSinograms(tooth: ToothArrays, rings = false): Promise<NdArray> {
  const normalised = await flatField(tooth.projections, { flats: await reduceSeries(tooth.flats), darks: await reduceSeries(tooth.darks) });
  const sinograms = await projectionsToSinograms(await minusLog(normalised));
  return rings ? removeStripesMunch(sinograms) : sinograms;
}

/** The angles of tooth.h5 in radians. */
export function radians(degrees: ArrayLike<number>): Float64Array {
  return Float64Array.from(degrees, (d) => (d * Math.PI) / 180);
}

/** FbpPlan on `sinograms`, the axis at `center`. */
export async function fbpVolume(sinograms: NdArray, angles: ArrayLike<number>, center: number, filter: FilterName = 'ramp'): Promise<Float32Array> {
  const plan = await FbpPlan.create(angles, sinograms.shape[2]!, { center, filter });
  try {
    return (await plan.reconstruct(sinograms)).dataSync() as Float32Array;
  } finally {
    plan.dispose();
  }
}

/** The volume a run wrote, its shape, and a parameter of its NXprocess. */
export async function readVolume(path: string): Promise<{ values: Float32Array; shape: readonly number[]; parameter: (name: string) => Promise<unknown> }> {
  const file = await openH5(path);
  const dataset = await file.dataset(`${RECON_PATHS.nxdata}/volume`);
  const values = (await dataset.read()).dataSync() as Float32Array;
  const shape = dataset.shape!;
  const parameters = new Map<string, unknown>();
  for (const name of await (await file.group(`${RECON_PATHS.process}/parameters`)).keys()) {
    parameters.set(name, await (await file.dataset(`${RECON_PATHS.process}/parameters/${name}`).catch(() => undefined))?.readValue());
  }
  await file.close();
  return { values, shape, parameter: async (name) => parameters.get(name) };
}

/** What an NXtomo file for a bad-input case holds; absent fields are left out of the file. */
export interface NxTomoParts {
  readonly data: Float32Array;
  readonly shape: readonly [number, number, number];
  readonly imageKey?: readonly number[];
  readonly rotationAngle?: readonly number[];
}

/** Writes an NXtomo file of the parts given. */
export async function writeNxTomo(path: string, parts: NxTomoParts): Promise<void> {
  await writeH5(path, async (w) => {
    w.group('/entry', { NX_class: 'NXentry' });
    await w.dataset('/entry/definition', 'NXtomo');
    w.group('/entry/instrument/detector', { NX_class: 'NXdetector' });
    await w.dataset('/entry/instrument/detector/data', parts.data, { shape: parts.shape });
    if (parts.imageKey !== undefined) await w.dataset('/entry/instrument/detector/image_key', Int32Array.from(parts.imageKey));
    w.group('/entry/sample', { NX_class: 'NXsample' });
    if (parts.rotationAngle !== undefined) await w.dataset('/entry/sample/rotation_angle', Float64Array.from(parts.rotationAngle), { attributes: { units: 'degree' } });
  });
}

/**
 * The frames of tooth.h5 as one NXtomo stack (darks, flats, projections) with `rows` detector
 * rows (its 2 rows repeated), for the cases that need a taller scan.
 */
export function toothStack(tooth: ToothArrays, rows: number): NxTomoParts {
  const parts = [tooth.darks, tooth.flats, tooth.projections].map((a) => a.dataSync() as Float32Array);
  const frames = parts.reduce((n, p) => n + p.length / 1280, 0);
  const data = new Float32Array(frames * rows * 640);
  let frame = 0;
  for (const part of parts) {
    for (let k = 0; k < part.length / 1280; k++, frame++) {
      for (let r = 0; r < rows; r++) data.set(part.subarray(k * 1280 + (r % 2) * 640, k * 1280 + (r % 2) * 640 + 640), (frame * rows + r) * 640);
    }
  }
  return {
    data,
    shape: [frames, rows, 640],
    imageKey: [...new Array<number>(10).fill(2), ...new Array<number>(10).fill(1), ...new Array<number>(181).fill(0)],
    rotationAngle: [...new Array<number>(20).fill(0), ...tooth.degrees],
  };
}
