import { FilterError, openH5, type H5File } from '@pandaas/io-nexus';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import { CliError } from '../framework/cli-error.js';
import { datasetStats } from './dataset-stats.js';

/** io-nexus's committed fixtures, and what h5py read from them (scripts/fixtures/io_nexus_read.py). */
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'io-nexus', 'src', '__fixtures__', 'read');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const h5py: any = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));

describe('datasetStats on the Eiger frame of nexus/bitshuffle.h5 (bitshuffle + LZ4, uint32)', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(sharedData('nexus', 'bitshuffle.h5'));
  });
  afterAll(() => file?.close());

  it('gives the README\'s verified numbers, and the same in 1 MiB hyperslabs as in one read', async () => {
    const dataset = await file.dataset('/entry/data/data');
    // the README: 251,302 pixels are 0xFFFFFFFF; the others sum to 168,427,642 with max 1,208,081
    const whole = await dataset.read();
    const values = whole.dataSync() as Uint32Array;
    expect(whole.get(0, 1372, 613)).toBe(922);
    let flagged = 0;
    let otherSum = 0;
    let otherMax = 0;
    for (const v of values) {
      if (v === 0xffffffff) flagged++;
      else {
        otherSum += v;
        otherMax = Math.max(otherMax, v);
      }
    }
    expect([flagged, otherSum, otherMax]).toEqual([251_302, 168_427_642, 1_208_081]);

    const one = await datasetStats(dataset);
    const pieces = await datasetStats(dataset, { maxSlabBytes: 2 ** 20 });
    expect(one.slabs).toBe(1);
    expect(pieces.slabs).toBe(Math.ceil(2167 / Math.floor(2 ** 20 / (2070 * 4))));
    for (const stats of [one, pieces]) {
      expect(stats.count).toBe(2167 * 2070);
      expect(stats.sum).toBe(251_302n * 0xffffffffn + 168_427_642n);
      expect(stats.max).toBe(0xffffffff);
      expect(stats.nanCount).toBe(0);
      expect(stats.exact).toBe(true);
    }
    expect(pieces.min).toBe(one.min);
    expect(pieces.mean).toBe(one.mean);
  });
});

describe('datasetStats on io-nexus\'s fixtures, against h5py', () => {
  it.each(['raw', 'deflate', 'shuffle_deflate', 'lzf', 'bitshuffle_lz4', 'lz4', 'blosc_lz4_shuffle', 'blosc_zstd_bitshuffle', 'fletcher32', 'zstd'])(
    'filters.h5::/%s, read a frame at a time: h5py\'s sum, min and max',
    async (name) => {
      const file = await openH5(join(FIXTURES, 'filters.h5'));
      try {
        const stats = await datasetStats(await file.dataset(`/${name}`), { maxSlabBytes: 40 * 50 * 2 });
        const expected = h5py['filters.h5'][name];
        expect(stats.slabs).toBe(6);
        expect([stats.sum, stats.min, stats.max, stats.count]).toEqual([BigInt(expected.sum), expected.min, expected.max, 6 * 40 * 50]);
      } finally {
        await file.close();
      }
    },
  );

  it('lets a filter that cannot decode fail as io-nexus\'s FilterError', async () => {
    const file = await openH5(join(FIXTURES, 'filters.h5'));
    try {
      await expect(datasetStats(await file.dataset('/unavailable'))).rejects.toThrow(FilterError);
    } finally {
      await file.close();
    }
  });

  it('reads a virtual dataset through its sources; a missing source fails, or reads the fill value on request', async () => {
    const file = await openH5(join(FIXTURES, 'vds', 'master.h5'));
    try {
      const stats = await datasetStats(await file.dataset('/entry/data/data'), { maxSlabBytes: 16 * 20 * 4 });
      const expected = h5py['vds/master.h5'].data;
      expect([stats.sum, stats.min, stats.max, stats.slabs]).toEqual([BigInt(expected.sum), expected.min, expected.max, 5]);
      const missing = await file.dataset('/entry/missing');
      const err = await datasetStats(missing).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(3);
      expect((err as Error).message).toMatch(/virtual dataset whose source file\(s\) are missing \(data_000009\.h5, .*--fill-missing/);
      // the fill value of this dataset, as io-nexus's own test reads it: -1
      const filled = await datasetStats(missing, { fillMissing: true });
      expect(filled).toMatchObject({ count: 2 * 16 * 20, min: -1, max: -1, sum: -640n });
    } finally {
      await file.close();
    }
  });

  it.each(['i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'i4_be', 'u2_be', 'bool', 'enum'])('types.h5::/%s: an exact sum of h5py\'s values', async (name) => {
    const file = await openH5(join(FIXTURES, 'types.h5'));
    try {
      const values: number[] = h5py['types.h5'][name].values;
      const stats = await datasetStats(await file.dataset(`/${name}`));
      expect([stats.sum, stats.min, stats.max, stats.exact]).toEqual([BigInt(values.reduce((a, b) => a + b, 0)), Math.min(...values), Math.max(...values), true]);
    } finally {
      await file.close();
    }
  });

  it.each(['f2', 'f4', 'f8', 'f8_be'])('types.h5::/%s: a float64 sum of h5py\'s values', async (name) => {
    const file = await openH5(join(FIXTURES, 'types.h5'));
    try {
      const values: number[] = h5py['types.h5'][name].values;
      const stats = await datasetStats(await file.dataset(`/${name}`));
      expect(stats.exact).toBe(false);
      expect(stats.sum as number).toBeCloseTo(values.reduce((a, b) => a + b, 0), 12);
      expect([stats.min, stats.max, stats.nanCount]).toEqual([Math.min(...values), Math.max(...values), 0]);
    } finally {
      await file.close();
    }
  });

  it('refuses strings and empty dataspaces, and counts nothing in a zero-size dataset', async () => {
    const file = await openH5(join(FIXTURES, 'types.h5'));
    try {
      for (const [name, message] of [
        ['str_fixed', /holds string values, not numbers/],
        ['compound', /holds compound values, not numbers/],
        ['empty', /empty dataspace/],
      ] as const) {
        const err = await datasetStats(await file.dataset(`/${name}`)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(CliError);
        expect([name, (err as CliError).exitCode]).toEqual([name, 4]);
        expect((err as Error).message).toMatch(message);
      }
      expect(await datasetStats(await file.dataset('/zero_size'))).toMatchObject({ count: 0, min: undefined, max: undefined, slabs: 0 });
    } finally {
      await file.close();
    }
  });
});
