import { openH5 } from '@pandaas/io-nexus';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import { describeFailure } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';
import { formatLocation, openInput, parseLocation, type InputLocation } from './inputs.js';

const LAB6 = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'examples', 'data', 'ssrl-lab6', 'lab6_tth_scan.nxs');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pandaas-inputs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * An EDF file of int32 frames `rows` x `columns`, each a 512-byte header then the pixels
 * (little-endian); the frame `gzipped` says Compression = gzip (its pixels stay raw).
 */
function edfStack(frames: readonly Int32Array[], rows: number, columns: number, gzipped: number): Uint8Array {
  const blocks = frames.map((values, k) => {
    const keys = [`HeaderID = EH:000001:00000${k}:000000 ;`, `Image = ${k + 1} ;`, 'ByteOrder = LowByteFirst ;', 'DataType = SignedInteger ;',
      `Dim_1 = ${columns} ;`, `Dim_2 = ${rows} ;`, `Size = ${values.byteLength} ;`, ...(k === gzipped ? ['Compression = gzip ;'] : [])];
    const header = new TextEncoder().encode(`${`{\n${keys.join('\n')}\n`.padEnd(510, ' ')}}\n`);
    const block = new Uint8Array(header.length + values.byteLength);
    block.set(header);
    const pixels = new DataView(block.buffer, header.length);
    values.forEach((v, i) => pixels.setInt32(4 * i, v, true));
    return block;
  });
  const bytes = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  blocks.reduce((at, b) => (bytes.set(b, at), at + b.length), 0);
  return bytes;
}

/** The exit status main() would give for what `promise` throws. */
async function exitOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (err) {
    return describeFailure(err).exitCode;
  }
  throw new Error('expected a failure');
}

describe('parseLocation', () => {
  it.each([
    ['scan.nxs::/entry/data/data', { file: 'scan.nxs', path: '/entry/data/data' }],
    ['scan.nxs::entry/data', { file: 'scan.nxs', path: '/entry/data' }],
    ['scan.nxs::', { file: 'scan.nxs' }],
    ['frame.tif', { file: 'frame.tif' }],
    ['C:\\data\\a::b.h5::/x', { file: 'C:\\data\\a::b.h5', path: '/x' }],
  ] as [string, InputLocation][])('%s', (text, expected) => {
    expect(parseLocation(text)).toEqual(expected);
    expect(formatLocation(parseLocation(text))).toBe(expected.path ? `${expected.file}::${expected.path}` : expected.file);
  });

  it('refuses a path without file', () => {
    expect(() => parseLocation('::/entry')).toThrow(/no file before "::"/);
  });
});

describe('openInput', () => {
  it('reads the default NXdata of a NeXus file frame by frame, with its axis', async () => {
    const input = await openInput({ file: LAB6 });
    try {
      expect([input.shape, input.dtype, input.frameCount, input.path]).toEqual([[3, 195, 1475], 'int32', 3, '/entry/data/data']);
      const file = await openH5(LAB6);
      const whole = (await (await file.dataset('/entry/instrument/detector/data')).read()).dataSync();
      await file.close();
      let k = 0;
      for await (const frame of input.frames()) {
        expect(frame.shape).toEqual([1, 195, 1475]);
        expect(frame.dataSync()).toEqual(whole.subarray(k * 195 * 1475, (k + 1) * 195 * 1475));
        k++;
      }
      expect(k).toBe(3);
      const axis = await input.axis(0);
      expect([axis?.name, axis?.units, Array.from(axis?.values ?? [])]).toEqual(['two_theta', 'deg', [11.12, 26.76, 39]]);
      expect(await input.axis(1)).toBeUndefined();
    } finally {
      await input.close();
    }
  });

  it('takes an NXdata group or a dataset by path; a 1D or 2D dataset is one frame', async () => {
    const group = await openInput(parseLocation(`${LAB6}::/entry/data`));
    expect([group.path, group.nxdata?.signal?.name]).toEqual(['/entry/data/data', 'data']);
    await group.close();
    const axis = await openInput(parseLocation(`${LAB6}::/entry/data/two_theta`));
    const chunks = [];
    for await (const frame of axis.frames()) chunks.push(frame);
    expect([axis.frameCount, chunks.length, chunks[0]!.shape, Array.from(chunks[0]!.dataSync())]).toEqual([1, 1, [1, 1, 3], [11.12, 26.76, 39]]);
    expect(axis.units).toBe('deg'); // the dataset's @units
    await axis.close();
  });

  it('reads a TIFF image file (real PILATUS 1M frame) as one frame, and refuses a path inside it', async () => {
    const tiff = sharedData('diffraction2d', 'dioptas_ceo2_pilatus1m', 'CeO2_Pilatus1M.tif');
    const input = await openInput({ file: tiff });
    expect([input.shape, input.dtype, input.frameCount]).toEqual([[1043, 981], 'int32', 1]);
    const shapes = [];
    for await (const frame of input.frames()) shapes.push(frame.shape);
    expect(shapes).toEqual([[1, 1043, 981]]);
    expect((await input.read()).shape).toEqual([1043, 981]);
    await input.close();
    await expect(openInput({ file: tiff, path: '/entry' })).rejects.toThrow(/is an image file, not HDF5: give it without "::\/entry"/);
  });

  it('decodes a multi-frame image file one frame at a time, only the frames asked for', async () => {
    // an EDF stack of 3 frames [2, 3] (int32); frame 2 is declared gzip-compressed, which io-nexus
    // refuses: only an input that decodes frames when they are reached can open the file and
    // give frames 0 and 1
    const frames = [Int32Array.of(1, 2, 3, 4, 5, 6), Int32Array.of(-7, 8, -9, 10, 11, 12), Int32Array.of(0, 0, 0, 0, 0, 0)];
    const file = join(dir, 'stack.edf');
    await writeFile(file, edfStack(frames, 2, 3, 2));
    const input = await openInput({ file });
    try {
      expect([input.shape, input.dtype, input.frameCount]).toEqual([[3, 2, 3], 'int32', 3]);
      const read = [];
      for await (const frame of input.frames({ start: 0, stop: 2 })) read.push([frame.shape, Array.from(frame.dataSync())]);
      expect(read).toEqual([[[1, 2, 3], Array.from(frames[0]!)], [[1, 2, 3], Array.from(frames[1]!)]]);
      const second = [];
      for await (const frame of input.frames({ start: 1, stop: 2 })) second.push(Array.from(frame.dataSync()));
      expect(second).toEqual([Array.from(frames[1]!)]);
      const all = async () => {
        for await (const frame of input.frames()) expect(frame.shape).toEqual([1, 2, 3]);
      };
      await expect(all()).rejects.toThrow(/frame 2.*Compression "gzip" is not supported/);
      expect(await exitOf(all())).toBe(EXIT_CODES.badInput);
    } finally {
      await input.close();
    }
  });

  it('names the file and path in each failure, with its exit status', async () => {
    const text = join(dir, 'notes.h5');
    await writeFile(text, 'not an HDF5 file at all\n'.repeat(100));
    expect(await exitOf(openInput({ file: join(dir, 'missing.h5') }))).toBe(EXIT_CODES.notFound);
    await expect(openInput({ file: join(dir, 'missing.h5') })).rejects.toThrow(/missing\.h5: no such file/);
    expect(await exitOf(openInput({ file: LAB6, path: '/entry/nothing' }))).toBe(EXIT_CODES.notFound);
    await expect(openInput({ file: LAB6, path: '/entry/nothing' })).rejects.toThrow(/\/entry\/nothing/);
    expect(await exitOf(openInput({ file: text }))).toBe(EXIT_CODES.badInput);
    await expect(openInput({ file: LAB6, path: '/entry/instrument' })).rejects.toThrow(/group without an NXdata signal/);
    await expect(openInput({ file: LAB6, path: '/entry/title' })).rejects.toThrow(/scalar or empty dataset/);
    expect(await exitOf(openInput({ file: dir }))).toBe(EXIT_CODES.badInput);
  });
});
