import { ArgumentError, array, ShapeError } from '@pandaas/core';
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../testing/rejection.js';
import { createH5, writeH5 } from './h5-writer.js';
import { FileExistsError, FileWriteError } from '../errors.js';
import { writeNxData } from './nxdata.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pandaas-h5-safety-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh empty folder for one test. */
const folder = () => mkdtemp(join(root, 'case-'));

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

describe('writing is all or nothing, and never overwrites unless asked', () => {
  it('refuses an existing file, leaving it untouched', async () => {
    const dir = await folder();
    const dest = join(dir, 'result.h5');
    await writeFile(dest, 'a previous result');
    const err = await rejection(writeH5(dest, (w) => w.group('/entry')));
    expect(err).toBeInstanceOf(FileExistsError);
    expect([err.code, err.file]).toEqual(['E_IO', dest]);
    expect(err.message).toContain('overwrite: true');
    expect(await readFile(dest, 'utf8')).toBe('a previous result');
    expect(await readdir(dir)).toEqual(['result.h5']);
  });

  it('replaces an existing file with overwrite: true', async () => {
    const dir = await folder();
    const dest = join(dir, 'result.h5');
    await writeFile(dest, 'a previous result');
    await writeH5(dest, (w) => w.group('/entry'), { overwrite: true });
    expect(Array.from((await readFile(dest)).subarray(0, 8))).toEqual(HDF5_SIGNATURE);
    expect(await readdir(dir)).toEqual(['result.h5']);
  });

  it('does not replace a file that appeared while writing', async () => {
    const dir = await folder();
    const dest = join(dir, 'result.h5');
    const writer = await createH5(dest);
    await writer.dataset('/entry/x', [1, 2, 3]);
    await writeFile(dest, 'written by someone else meanwhile');
    const err = await rejection(writer.commit());
    expect(err).toBeInstanceOf(FileExistsError);
    expect(await readFile(dest, 'utf8')).toBe('written by someone else meanwhile');
    expect(await readdir(dir)).toEqual(['result.h5']); // the temporary file is gone
  });

  it('leaves no file when the build fails, whether by its own error or an HDF5 one', async () => {
    const dir = await folder();
    const dest = join(dir, 'result.h5');
    const own = await rejection(writeH5(dest, async (w) => {
      await w.dataset('/entry/data', new Float32Array(1000));
      throw new Error('the computation failed');
    }));
    expect(own.message).toBe('the computation failed');
    expect(await readdir(dir)).toEqual([]);
    const hdf5 = await rejection(writeH5(dest, async (w) => {
      await w.dataset('/entry/data', [1, 2]);
      w.setAttributes('/entry/data', { '': 1 }); // HDF5 refuses an empty attribute name
    }));
    expect(hdf5).toBeInstanceOf(FileWriteError);
    expect([hdf5.file, hdf5.path]).toEqual([dest, '/entry/data']);
    expect(hdf5.message).toContain('cannot write attribute "": attr_name parameter cannot be an empty string');
    expect(await readdir(dir)).toEqual([]);
    const misuse = await rejection(writeH5(dest, async (w) => {
      await w.dataset('/entry/data', [1, 2]);
      w.group('/entry/data/inside'); // a dataset cannot hold a group
    }));
    expect([misuse.constructor, misuse.path]).toEqual([FileWriteError, '/entry/data']);
    expect(misuse.message).toContain('a Dataset exists there, not a group');
    expect(await readdir(dir)).toEqual([]);
  });

  it('never replaces what is not a regular file (a folder, a FIFO, a symbolic link), even with overwrite', async () => {
    const dir = await folder();
    const made: [string, () => Promise<void>][] = [
      ['a directory', () => mkdir(join(dir, 'a directory', 'not-empty'), { recursive: true }).then(() => undefined)],
      ['a device, FIFO or socket', async () => void execFileSync('mkfifo', [join(dir, 'a device, FIFO or socket')])],
      ['a symbolic link', () => symlink('target.h5', join(dir, 'a symbolic link'))],
    ];
    for (const [kind, make] of made) {
      await make();
      const dest = join(dir, kind);
      for (const overwrite of [true, false]) {
        const err = await rejection(writeH5(dest, (w) => w.group('/entry'), { overwrite }));
        expect(err).toBeInstanceOf(FileWriteError);
        expect(err.message).toContain(`is ${kind}, not a regular file`);
      }
    }
    expect((await readdir(dir)).sort()).toEqual(made.map(([kind]) => kind).sort()); // no temporary file left
    expect((await lstat(join(dir, 'a symbolic link'))).isSymbolicLink()).toBe(true);
  });

  it('names the file when its folder does not exist', async () => {
    const dest = join(root, 'no-such-folder', 'result.h5');
    const err = await rejection(writeH5(dest, (w) => w.group('/entry')));
    expect(err).toBeInstanceOf(FileWriteError);
    expect(err.file).toBe(dest);
    expect(err.message).toContain('cannot create the file');
    expect(err.message).toContain('No such file or directory');
  });

  it('writes nothing for an invalid NXdata description', async () => {
    const dir = await folder();
    const dest = join(dir, 'result.nxs');
    const err = await rejection(writeH5(dest, (w) => writeNxData(w, '/entry/data', {
      signal: { name: 'I', data: array(new Float32Array(6), { shape: [2, 3] }) },
      axes: [null, { name: 'x', data: [1, 2] }],
    })));
    expect(err).toBeInstanceOf(ShapeError);
    expect(err.message).toBe('description.axes[1] (x) must have 3 values, or 4 bin edges; got 2');
    expect(await readdir(dir)).toEqual([]);
  });

  it('validates arguments before writing', async () => {
    const dir = await folder();
    const writer = await createH5(join(dir, 'result.h5'));
    await expect(writer.dataset('/x', [1, 2, 3], { chunks: [4] })).rejects.toThrow(ArgumentError);
    await expect(writer.dataset('/x', [1, 2, 3], { shape: [2, 2] })).rejects.toThrow(/holds 4 elements; value has 3/);
    await expect(writer.dataset('/x', 5, { compression: 'deflate' })).rejects.toThrow(/scalar dataset cannot be chunked/);
    await expect(writer.dataset('/x', ['a', 'b'], { compression: 'deflate' })).rejects.toThrow(/strings are written unchunked/);
    await expect(writer.dataset('/x', [1], { compression: { filter: 'deflate', level: 12 } })).rejects.toThrow(/level must be an integer in \[0, 9\]; got 12/);
    expect(() => writer.setAttributes('/', { bad: { nested: 1 } as never })).toThrow(/attributes\.bad must be a string, number/);
    await writer.abort();
    await expect(writer.dataset('/x', [1])).rejects.toThrow(/is closed/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('dataset values must fit the dtype they are written as', () => {
  it('refuses unknown dtypes, out-of-range or fractional integers, and options that contradict an array', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pandaas-h5-dtype-'));
    const dest = join(dir, 'x.h5');
    const cases: [() => unknown, RegExp][] = [
      [() => ({ value: [1, 300], options: { dtype: 'uint8' } }), /value\[1\] must be an integer in \[0, 255\] to be written as uint8; got 300/],
      [() => ({ value: 3.7, options: { dtype: 'int16' } }), /must be an integer in \[-32768, 32767\] to be written as int16; got 3.7/],
      [() => ({ value: [1, 2], options: { dtype: 'int64' } }), /options.dtype must be one of .*; got "int64"/],
      [() => ({ value: new Float64Array([1.25, 2]), options: { dtype: 'int8' } }), /options.dtype "int8" differs from the dtype of value \(float64\)/],
      [() => ({ value: array([1, 2, 3]), options: { shape: [999] } }), /options.shape \[999\] differs from the shape of value \[3\]/],
    ];
    for (const [make, message] of cases) {
      const { value, options } = make() as { value: never; options: never };
      const err = await rejection(writeH5(dest, async (w) => {
        await w.dataset('/x', value, options);
      }));
      expect(err).toBeInstanceOf(ArgumentError);
      expect(err.message).toMatch(message);
    }
    expect(await readdir(dir)).toEqual([]);
    await rm(dir, { recursive: true });
  });
});
