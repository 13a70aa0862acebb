import { IndexRangeError } from '@pandaas/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frames } from './frames.js';
import { openH5 } from './h5/open.js';
import { loadH5wasm } from './h5/runtime.js';
import { fixture, sharedData, expected } from './testing/data.js';

const FRAMES = 128;
const ROWS = 1024;
const COLS = 1024;

/** Frame k's value at flat index i: cheap to write and to check. */
function pixel(k: number, i: number): number {
  return (k * 7 + (i % 1021)) & 0xffff;
}

describe('frames() over a stack larger than the wasm heap grows to', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    // 128 frames of 1024 x 1024 uint16 (256 MiB of data), one deflated chunk per frame, written
    // frame by frame with h5wasm so that neither the file's writing nor its reading needs it whole
    dir = mkdtempSync(join(tmpdir(), 'pandaas-frames-'));
    path = join(dir, 'stack.h5');
    const { h5 } = await loadH5wasm();
    const file = new h5.File(path, 'w');
    const ds = file.create_dataset({
      name: 'stack',
      data: new Uint16Array(0),
      shape: [0, ROWS, COLS],
      maxshape: [null, ROWS, COLS],
      chunks: [1, ROWS, COLS],
      compression: 'gzip',
      compression_opts: 1,
    });
    const frame = new Uint16Array(ROWS * COLS);
    for (let k = 0; k < FRAMES; k++) {
      for (let i = 0; i < frame.length; i++) frame[i] = pixel(k, i);
      ds.resize([k + 1, ROWS, COLS]);
      ds.write_slice([[k, k + 1]], frame);
    }
    file.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('yields every frame, in order, with the wasm heap far below the stack size', async () => {
    const { module } = await loadH5wasm();
    const file = await openH5(path);
    try {
      const stack = await file.dataset('/stack');
      expect(stack.shape).toEqual([FRAMES, ROWS, COLS]);
      const batch = 3;
      let next = 0;
      let peak = module.HEAPU8.length;
      for await (const chunk of frames(stack, { batch })) {
        const b = Math.min(batch, FRAMES - next);
        expect(chunk.shape).toEqual([b, ROWS, COLS]);
        const data = chunk.dataSync();
        for (let j = 0; j < b; j++) {
          for (const i of [0, 1, 1020, 1021, 500_000, ROWS * COLS - 1]) {
            if (data[j * ROWS * COLS + i] !== pixel(next + j, i)) throw new Error(`frame ${next + j} pixel ${i} is wrong`);
          }
        }
        next += b;
        peak = Math.max(peak, module.HEAPU8.length);
      }
      expect(next).toBe(FRAMES);
      const stackBytes = FRAMES * ROWS * COLS * 2;
      const batchBytes = batch * ROWS * COLS * 2;
      // one batch buffer, HDF5's chunk handling and the heap's growth steps: a bound of 4 batches
      // plus 32 MiB, against 256 MiB for the stack
      expect(peak).toBeLessThan(4 * batchBytes + 32 * 2 ** 20);
      expect(peak).toBeLessThan(stackBytes / 3);
    } finally {
      await file.close();
    }
  });

  it('honours start, stop and an abort signal', async () => {
    const file = await openH5(path);
    try {
      const stack = await file.dataset('/stack');
      const firsts: number[] = [];
      for await (const chunk of frames(stack, { batch: 4, start: 10, stop: -110 })) firsts.push(chunk.shape[0]);
      expect(firsts).toEqual([4, 4]); // frames 10..17
      const controller = new AbortController();
      let seen = 0;
      const run = async () => {
        for await (const chunk of frames(stack, { signal: controller.signal })) {
          seen += chunk.shape[0];
          if (seen === 2) controller.abort();
        }
      };
      await expect(run()).rejects.toThrow(/abort/i);
      expect(seen).toBe(2);
    } finally {
      await file.close();
    }
  });
});

describe('frames() options and inputs', () => {
  it('streams the real tooth projections with the frame sums h5py gives', async () => {
    const file = await openH5(sharedData('tomography', 'tooth.h5'));
    try {
      const sums: number[] = [];
      for await (const chunk of frames(await file.dataset('/exchange/data'), { batch: 50 })) {
        const d = chunk.dataSync();
        const per = d.length / chunk.shape[0];
        for (let j = 0; j < chunk.shape[0]; j++) {
          let s = 0;
          for (let i = j * per; i < (j + 1) * per; i++) s += d[i];
          sums.push(s);
        }
      }
      expect(sums).toEqual(expected.shared.tooth.frame_sums);
    } finally {
      await file.close();
    }
  });

  it('refuses scalars, bad batches and bounds', async () => {
    const file = await openH5(fixture('types.h5'));
    try {
      const scalar = await file.dataset('scalar_f8');
      await expect(frames(scalar).next()).rejects.toThrow(/rank >= 1/);
      const ds = await file.dataset('i4'); // [3, 4]
      await expect(frames(ds, { batch: 0 }).next()).rejects.toThrow(/options\.batch must be a positive integer; got 0/);
      await expect(frames(ds, { start: 4 }).next()).rejects.toThrow(IndexRangeError);
      const rows: number[][] = [];
      for await (const row of frames(ds)) rows.push(Array.from(row.dataSync()));
      expect(rows).toEqual([[-5, -4, -3, -2], [-1, 0, 1, 2], [3, 4, 5, 6]]);
    } finally {
      await file.close();
    }
  });
});
