import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterError } from '../errors.js';
import { expected, fixture } from '../testing/data.js';
import type { H5File } from './objects.js';
import { openH5 } from './open.js';

// One uint16 stack (6 x 40 x 50) stored under each filter; h5py's reading of each is in
// expected.json (the zstd one, which Debian's h5py cannot decode, was compressed by the zstd
// CLI from the same array: its reference is h5py's reading of 'raw').
const h5py = expected['filters.h5'];
const FILTERS: [string, number[]][] = [
  ['raw', []],
  ['deflate', [1]],
  ['shuffle_deflate', [2, 1]],
  ['lzf', [32000]],
  ['bitshuffle_lz4', [32008]],
  ['lz4', [32004]],
  ['blosc_lz4_shuffle', [32001]],
  ['blosc_zstd_bitshuffle', [32001]],
  ['zstd', [32015]],
  ['fletcher32', [3]],
];

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

describe('compression filters (h5wasm-plugins)', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(fixture('filters.h5'));
  });
  afterAll(() => file?.close());

  it.each(FILTERS)('%s: whole dataset and a strided hyperslab equal h5py', async (name, ids) => {
    const ds = await file.dataset(name);
    expect(ds.filters.map((f) => f.id)).toEqual(ids);
    expect(h5py[name].filters).toEqual(ids);
    const all = await ds.read();
    expect(all.dtype).toBe('uint16');
    expect(all.shape).toEqual(h5py[name].shape);
    expect(sum(all.dataSync())).toBe(h5py[name].sum);
    expect(Math.max(...all.dataSync())).toBe(h5py[name].max);
    const part = await ds.read([[1, 5, 2], [7, 33, 5], [3, 48, 9]]);
    expect(part.shape).toEqual([2, 6, 5]);
    expect(Array.from(part.dataSync())).toEqual(h5py[name].slice_1_5_2__7_33_5__3_48_9);
  });

  it('refuses a dataset whose filter no plugin provides, with a FilterError and no data', async () => {
    const ds = await file.dataset('unavailable');
    expect(ds.filters.map((f) => f.id)).toEqual([32018]);
    const err = await ds.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FilterError);
    expect((err as FilterError).reason).toBe('unavailable');
    expect((err as FilterError).filters.map((f) => f.id)).toEqual([32018]);
    expect((err as FilterError).file).toBe(file.name);
    expect((err as FilterError).path).toBe('/unavailable');
    expect((err as Error).message).toMatch(/filters\.h5 \(\/unavailable\): .*fcidecomp \(id 32018\).*cannot be decoded here/);
    await expect(ds.readValue([0])).rejects.toBeInstanceOf(FilterError);
  });

  it('reports the scale-offset filter, which h5wasm 0.8.11 fails to decode, as an error rather than data', async () => {
    // h5py reads this dataset (expected.json); h5wasm's build returns a pipeline failure
    expect(h5py.scaleoffset.sum).toBe(h5py.raw.sum);
    const err = await (await file.dataset('scaleoffset')).read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FilterError);
    expect((err as FilterError).reason).toBe('failed');
    expect((err as Error).message).toMatch(/scaleoffset/);
  });
});

describe('a corrupted chunk', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pandaas-io-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails the reads that touch it with a FilterError naming file and path, and leaves the other chunks readable', async () => {
    const path = join(dir, 'corrupt.h5');
    copyFileSync(fixture('filters.h5'), path);
    const bytes = readFileSync(path);
    const { byte_offset: offset, size } = h5py.deflate_chunk2;
    bytes.fill(0xff, offset + 2, offset + Math.min(size, 66));
    writeFileSync(path, bytes);
    const file = await openH5(path);
    try {
      const ds = await file.dataset('deflate');
      const err = await ds.read([2]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FilterError);
      expect((err as FilterError).reason).toBe('failed');
      expect((err as Error).message).toContain(`${path} (/deflate)`);
      await expect(ds.read()).rejects.toBeInstanceOf(FilterError);
      const ok = await ds.read([[3, 6]]);
      const reference = await (await file.dataset('raw')).read([[3, 6]]);
      expect(Array.from(ok.dataSync())).toEqual(Array.from(reference.dataSync()));
    } finally {
      await file.close();
    }
  });
});
