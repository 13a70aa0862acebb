import { ArgumentError, DTypeError, ShapeError, array, setPoolSize } from '@pandaas/core';
import { openH5 } from '@pandaas/io-nexus';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import { reduceSeries } from './reduce-series.js';

describe('reduceSeries', () => {
  // three frames of 2 x 2: pixel p takes the values listed per frame
  const frames = array(new Float32Array([
    1, 10, -3, 7,
    5, 2, -1, 7,
    3, 6, 9, 8,
  ]), { shape: [3, 2, 2] });

  it('mean and median per pixel (hand-computed)', async () => {
    expect(Array.from(await (await reduceSeries(frames)).data())).toEqual([3, 6, 5 / 3, 22 / 3].map(Math.fround));
    expect(Array.from(await (await reduceSeries(frames, 'median')).data())).toEqual([3, 6, -1, 7]);
  });

  it('the median of an even count is the mean of the middle two (numpy)', async () => {
    const four = array(new Uint16Array([4, 1, 9, 2]), { shape: [4, 1, 1] });
    expect(Array.from(await (await reduceSeries(four, 'median')).data())).toEqual([3]);
  });

  afterAll(() => setPoolSize(undefined));
  it('gives the same on the pool (2 threads, 256 x 256 x 7) as a direct sort per pixel', async () => {
    setPoolSize(2);
    const n = 7;
    const pixels = 256 * 256;
    const v = new Float32Array(n * pixels);
    let seed = 7;
    for (let i = 0; i < v.length; i++) v[i] = (seed = (seed * 16807) % 2147483647) / 2147483647;
    const med = await (await reduceSeries(array(v, { shape: [n, 256, 256] }), 'median')).data();
    for (const q of [0, 1, 4097, 65535]) {
      const s = Array.from({ length: n }, (_, k) => v[k * pixels + q]).sort((a, b) => a - b);
      expect(med[q]).toBe(s[3]);
    }
    const mean = await (await reduceSeries(array(v, { shape: [n, 256, 256] }))).data();
    for (const q of [0, 99, 65535]) {
      let s = 0;
      for (let k = 0; k < n; k++) s += v[k * pixels + q];
      expect(mean[q]).toBeCloseTo(s / n, 6);
    }
  });

  it('tooth.h5 flats and darks: the means sum to the README sums / n; medians within each pixel\'s range', async () => {
    const file = await openH5(sharedData('tomography', 'tooth.h5'));
    try {
      for (const [path, total] of [['/exchange/data_white', 3.5765706e8], ['/exchange/data_dark', 1346367]] as const) {
        const series = await (await file.dataset(path)).read();
        expect(series.shape).toEqual([10, 2, 640]);
        const mean = await (await reduceSeries(series)).data();
        let sum = 0;
        for (const m of mean) sum += m;
        expect(sum * 10).toBeCloseTo(total, -2); // README sum (float32 mean: relative 1e-7)
        const median = await (await reduceSeries(series, 'median')).data();
        const values = series.dataSync();
        for (let q = 0; q < 1280; q++) {
          const s = Array.from({ length: 10 }, (_, k) => values[k * 1280 + q]).sort((a, b) => a - b);
          expect(median[q]).toBe(Math.fround((s[4] + s[5]) / 2));
        }
      }
    } finally {
      await file.close();
    }
  });

  it('bad input names the argument and the value', async () => {
    await expect(reduceSeries(array(new Float32Array(4), { shape: [2, 2] }))).rejects.toThrow(ShapeError);
    await expect(reduceSeries(array(new Float32Array(0), { shape: [0, 2, 2] }))).rejects.toThrow(/frames must not be empty/);
    await expect(reduceSeries(frames, 'max' as never)).rejects.toThrow(ArgumentError);
    await expect(reduceSeries(frames, 'max' as never)).rejects.toThrow(/got "max"/);
    await expect(reduceSeries(array([[[true]]]))).rejects.toThrow(DTypeError);
    await expect(reduceSeries({} as never)).rejects.toThrow(/frames must be an NdArray/);
  });
});
