/**
 * Tomography inputs: the APS Data Exchange layout (tomopy's tooth.h5, README sums) and the same
 * frames as NXtomo (examples/data/tooth/tooth_nxtomo.nxs, written by scripts/data/tooth-nxtomo.ts),
 * read by readDataExchange and readTomo; files that break the layouts, written here.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError } from '../errors.js';
import type { H5Dataset, H5File } from '../h5/objects.js';
import { openH5 } from '../h5/open.js';
import { sharedData } from '../testing/data.js';
import { writeH5 } from '../write/h5-writer.js';
import { readDataExchange } from './data-exchange.js';
import { readTomo } from './tomo.js';

const NXTOMO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'examples', 'data', 'tooth', 'tooth_nxtomo.nxs');

async function sum(dataset: H5Dataset, selection: Parameters<H5Dataset['read']>[0] = []): Promise<number> {
  let total = 0;
  for (const v of (await dataset.read(selection)).dataSync()) total += Number(v);
  return total;
}

async function withFile<T>(path: string, work: (file: H5File) => Promise<T>): Promise<T> {
  const file = await openH5(path);
  try {
    return await work(file);
  } finally {
    await file.close();
  }
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pandaas-dx-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('readDataExchange', () => {
  it("reads tooth.h5: projections, flats, darks (the README's sums) and theta in degrees", async () => {
    await withFile(sharedData('tomography', 'tooth.h5'), async (file) => {
      const scan = await readDataExchange(file);
      expect(scan.group).toBe('/exchange');
      expect(scan.problems).toEqual([]);
      expect(scan.projections.shape).toEqual([181, 2, 640]);
      expect(scan.flats!.shape).toEqual([10, 2, 640]);
      expect(scan.darks!.shape).toEqual([10, 2, 640]);
      // README: sum(data) = 4.749233e9, sum(white) = 3.5765706e8 (7 and 8 digits, as a float32
      // sum gives them: within 1e-7 relative), sum(dark) = 1,346,367 (exact)
      expect(Math.abs(await sum(scan.projections) / 4.749233e9 - 1)).toBeLessThan(1e-7);
      expect(Math.abs(await sum(scan.flats!) / 3.5765706e8 - 1)).toBeLessThan(1e-7);
      expect(await sum(scan.darks!)).toBe(1346367);
      // README: 0 to 179.0055 degrees in steps of 180/181
      const theta = scan.rotationAngle!;
      expect(theta).toHaveLength(181);
      for (let k = 0; k < 181; k++) expect(theta[k]).toBeCloseTo((k * 180) / 181, 4);
    });
  });

  it('leaves out what does not fit, saying why, and refuses a file without /exchange/data', async () => {
    const path = join(folder, 'odd.h5');
    await writeH5(path, async (w) => {
      await w.dataset('/exchange/data', new Uint16Array(3 * 2 * 4), { shape: [3, 2, 4] });
      await w.dataset('/exchange/data_white', new Uint16Array(2 * 2 * 5), { shape: [2, 2, 5] });
      await w.dataset('/exchange/theta', [0, 0.5], { dtype: 'float64', attributes: { units: 'rad' } });
    });
    await withFile(path, async (file) => {
      const scan = await readDataExchange(file);
      expect(scan.flats).toBeUndefined();
      expect(scan.darks).toBeUndefined();
      expect(scan.rotationAngle).toBeUndefined();
      expect(scan.problems).toEqual(['/exchange/data_white has the shape [2,2,5], not [n, 2, 4] as the projections', '/exchange/theta has 2 values for 3 projections']);
    });
    const radians = join(folder, 'radians.h5');
    await writeH5(radians, async (w) => {
      await w.dataset('/exchange/data', new Uint16Array(2 * 2 * 4), { shape: [2, 2, 4] });
      await w.dataset('/exchange/theta', [0, Math.PI / 2], { dtype: 'float64', attributes: { units: 'rad' } });
    });
    await withFile(radians, async (file) => expect(Array.from((await readDataExchange(file)).rotationAngle!)).toEqual([0, 90]));
    await withFile(NXTOMO, async (file) => {
      await expect(readDataExchange(file)).rejects.toThrow(ObjectNotFoundError);
      await expect(readDataExchange(file)).rejects.toThrow(/\/exchange\/data must be a 3-D dataset/);
    });
  });
});

describe('readTomo on the NXtomo conversion of tooth.h5', () => {
  it('sorts the frames into the darks, flats and projections of tooth.h5, with the same angles', async () => {
    await withFile(NXTOMO, async (file) => {
      const scan = await readTomo(file);
      expect(scan.entry).toBe('/entry');
      expect(scan.problems).toEqual([]);
      expect(scan.data.shape).toEqual([201, 2, 640]);
      expect(scan.darks).toEqual(Array.from({ length: 10 }, (_, i) => i));
      expect(scan.flats).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
      expect(scan.projections).toEqual(Array.from({ length: 181 }, (_, i) => 20 + i));
      expect(await sum(scan.data, [[0, 10]])).toBe(1346367);
      expect(Math.abs(await sum(scan.data, [[10, 20]]) / 3.5765706e8 - 1)).toBeLessThan(1e-7);
      expect(Math.abs(await sum(scan.data, [[20, 201]]) / 4.749233e9 - 1)).toBeLessThan(1e-7);
      await withFile(sharedData('tomography', 'tooth.h5'), async (dx) => {
        const original = await readDataExchange(dx);
        expect(Array.from(scan.rotationAngle!.subarray(20))).toEqual(Array.from(original.rotationAngle!));
        expect(Array.from((await scan.data.read([[20, 201]])).dataSync())).toEqual(Array.from((await original.projections.read()).dataSync()));
      });
    });
  });

  it('says when the entry has no image_key (every frame is then a projection)', async () => {
    const path = join(folder, 'no-key.nxs');
    await writeH5(path, async (w) => {
      w.group('/entry', { NX_class: 'NXentry' });
      await w.dataset('/entry/definition', 'NXtomo');
      w.group('/entry/instrument/detector', { NX_class: 'NXdetector' });
      await w.dataset('/entry/instrument/detector/data', new Float32Array(3 * 2 * 2), { shape: [3, 2, 2] });
    });
    await withFile(path, async (file) => {
      const scan = await readTomo(file);
      expect(scan.projections).toEqual([0, 1, 2]);
      expect(scan.flats).toEqual([]);
      expect(scan.problems).toEqual(['no image_key: every frame is taken for a projection (no flats, no darks)']);
    });
  });
});
