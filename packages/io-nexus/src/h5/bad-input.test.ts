import { ArgumentError, IndexRangeError } from '@pandaas/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError } from '../errors.js';
import { fixture, sharedData } from '../testing/data.js';
import { FileFormatError, FileNotFoundError, IoError } from '../errors.js';
import { openH5 } from './open.js';

describe('files that cannot be opened', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pandaas-io-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing file is a FileNotFoundError naming it', async () => {
    const path = join(dir, 'nope.h5');
    const err = await openH5(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileNotFoundError);
    expect((err as FileNotFoundError).file).toBe(path);
    expect((err as Error).message).toBe(`${path}: the file does not exist`);
  });

  it('a file that is not HDF5 (the shared data README) is a FileFormatError', async () => {
    const path = sharedData('README.md');
    const err = await openH5(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileFormatError);
    expect((err as Error).message).toBe(`${path}: this is not an HDF5 file (no HDF5 signature)`);
  });

  it('a truncated copy of a real file is a FileFormatError giving HDF5s reason', async () => {
    const whole = readFileSync(sharedData('nexus', 'chopper.nxs'));
    const path = join(dir, 'chopper-half.nxs');
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
    const err = await openH5(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileFormatError);
    expect((err as Error).message).toMatch(new RegExp(`^${path}: this cannot be opened as HDF5: truncated file: eof = ${Math.floor(whole.length / 2)}.*stored_eof = ${whole.length}`));
  });

  it('a folder, an empty path, a non-file URL and a Blob outside a worker are refused', async () => {
    await expect(openH5(dir)).rejects.toThrow(FileFormatError);
    await expect(openH5('')).rejects.toThrow(ArgumentError);
    await expect(openH5(new URL('https://example.org/a.h5'))).rejects.toThrow(/file: URL/);
    await expect(openH5(new Blob([new Uint8Array(8)]))).rejects.toThrow(/inside a Web Worker/);
  });

  it('a file: URL opens the file', async () => {
    const file = await openH5(new URL(`file://${fixture('links.h5')}`));
    expect(file.name).toBe(fixture('links.h5'));
    await file.close();
  });
});

describe('bad paths and selections in an open file', () => {
  it('missing paths, wrong kinds, out-of-range selections and a closed file are typed errors', async () => {
    const file = await openH5(sharedData('nexus', 'chopper.nxs'));
    const where = `${file.name} (/entry/data/data)`;
    try {
      const missing = await file.get('/entry/nothing').catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(ObjectNotFoundError);
      expect((missing as ObjectNotFoundError).path).toBe('/entry/nothing');
      await expect(file.dataset('/entry/data')).rejects.toThrow(/\(\/entry\/data\): is a group or datatype, not a dataset/);
      await expect(file.group('/entry/data/data')).rejects.toThrow(IoError);

      const ds = await file.dataset('/entry/data/data'); // shape [148, 750]
      const cases: [unknown[], RegExp][] = [
        [[148], /index for axis 0 must be an integer in \[-148, 147\]; got 148/],
        [[[0, 149]], /stop for axis 0 must be an integer in \[-148, 148\]; got 149/],
        [[null, [-751, 2]], /start for axis 1 must be an integer in \[-750, 750\]; got -751/],
        [[0, 0, 0], /selection has 3 specs for a dataset of shape \[148, 750\]/],
        [[1.5], /must be an integer/],
      ];
      for (const [selection, message] of cases) {
        const err = await ds.read(selection as never).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IndexRangeError);
        expect((err as Error).message).toContain(where);
        expect((err as Error).message).toMatch(message);
      }
      await expect(ds.read([[0, 10, -1]])).rejects.toThrow(/step for axis 0 must be a positive integer/);
      await expect(ds.read(['a'] as never)).rejects.toThrow(ArgumentError);
      // negative bounds count from the end; an empty range gives an empty array
      expect((await ds.read([[-2, null], [-3, null]])).shape).toEqual([2, 3]);
      expect((await ds.read([[5, 5]])).shape).toEqual([0, 750]);
    } finally {
      await file.close();
    }
    await expect(file.get('/entry')).rejects.toThrow(/the file is closed/);
  });
});
