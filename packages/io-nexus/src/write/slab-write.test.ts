/**
 * H5Writer.createDataset + writeSlab: a chunked dataset written piece by piece, read back by
 * h5wasm (io-nexus's reader) equal to the array written at once.
 */
import { ArgumentError, array } from '@pandaas/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openH5 } from '../h5/open.js';
import { createH5, writeH5 } from './h5-writer.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pandaas-slab-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Values 1, 2, 3, ... of a [5, 3, 4] volume, the reference. */
const whole = Float32Array.from({ length: 5 * 3 * 4 }, (_, i) => i + 1);

describe('H5Writer.createDataset and writeSlab', () => {
  it('writes a chunked dataset in slabs along the first axis (typed arrays and NdArrays), equal to the whole array', async () => {
    const path = join(folder, 'slabs.h5');
    await writeH5(path, async (w) => {
      w.createDataset('/entry/volume/data', { shape: [5, 3, 4], dtype: 'float32', chunks: [1, 3, 4], compression: 'deflate', attributes: { units: '1/pixel' } });
      await w.writeSlab('/entry/volume/data', [0, 0, 0], whole.slice(0, 24)); // two frames, shape from the length
      await w.writeSlab('/entry/volume/data', [2, 0, 0], array(whole.slice(24, 36), { shape: [1, 3, 4] }));
      await w.writeSlab('/entry/volume/data', [3, 0, 0], whole.subarray(36)); // a view: its own bytes only
    });
    const file = await openH5(path);
    try {
      const dataset = await file.dataset('/entry/volume/data');
      expect(dataset.shape).toEqual([5, 3, 4]);
      expect(dataset.dtype).toBe('float32');
      expect(await dataset.attr('units')).toBe('1/pixel');
      expect(Array.from((await dataset.read()).dataSync())).toEqual(Array.from(whole));
    } finally {
      await file.close();
    }
  });

  it('writes a hyperslab inside the other axes; what was never written reads 0', async () => {
    const path = join(folder, 'inner.h5');
    await writeH5(path, async (w) => {
      w.createDataset('/v', { shape: [2, 3, 4], dtype: 'int16' });
      await w.writeSlab('/v', [1, 1, 2], new Int16Array([7, 8, 9, 10]), [1, 2, 2]);
    });
    const file = await openH5(path);
    try {
      const values = Array.from((await (await file.dataset('/v')).read()).dataSync());
      const expected = new Array<number>(24).fill(0);
      expected[12 + 4 + 2] = 7;
      expected[12 + 4 + 3] = 8;
      expected[12 + 8 + 2] = 9;
      expected[12 + 8 + 3] = 10;
      expect(values).toEqual(expected);
    } finally {
      await file.close();
    }
  });

  it('refuses a wrong dtype, a slab reaching past the shape, a bad start, and an object already there', async () => {
    const w = await createH5(join(folder, 'bad.h5'));
    try {
      w.createDataset('/v', { shape: [4, 2], dtype: 'float32' });
      await expect(w.writeSlab('/v', [0, 0], new Float64Array(2))).rejects.toThrow(/dtype float64; \/v holds float32/);
      await expect(w.writeSlab('/v', [3, 0], new Float32Array(4))).rejects.toThrow(/reaches past \/v \(shape \[4, 2\]\)/);
      await expect(w.writeSlab('/v', [0], new Float32Array(2))).rejects.toThrow(ArgumentError);
      await expect(w.writeSlab('/v', [0, 0], new Float32Array(3))).rejects.toThrow(/not whole frames/);
      expect(() => w.createDataset('/v', { shape: [1], dtype: 'float32' })).toThrow(/exists there already/);
      expect(() => w.createDataset('/w', { shape: [0, 2], dtype: 'float32' })).toThrow(/options.shape must be a list of positive integers/);
      expect(() => w.createDataset('/w', { shape: [2], dtype: 'bool' as 'uint8' })).toThrow(/options.dtype must be one of/);
      await expect(w.writeSlab('/missing', [0], new Float32Array(1))).rejects.toThrow(/no dataset there/);
    } finally {
      await w.abort();
    }
  });
});
