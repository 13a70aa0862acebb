import { ArgumentError } from '@pandaas/core';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FileNotFoundError, FilterError, IoError } from '../errors.js';
import { frames, type FramesOptions } from '../frames.js';
import type { H5File } from '../h5/objects.js';
import { openH5 } from '../h5/open.js';
import { expected, fixture, sharedData } from '../testing/data.js';
import { FramePool } from './frame-pool.js';

// frames({ workers }) decodes on worker threads, each with its own h5wasm; these tests hold it to
// the single-thread path's values (and h5py's), to its bound on batches in flight, to typed
// errors from the workers, and to leaving no worker behind.

const h5py = expected['filters.h5'];
const FILTERED = ['raw', 'deflate', 'shuffle_deflate', 'lzf', 'bitshuffle_lz4', 'lz4', 'blosc_lz4_shuffle', 'blosc_zstd_bitshuffle', 'zstd', 'fletcher32'];

/** Every chunk's values, concatenated, and the chunks' lengths along axis 0. */
async function collect(stack: Parameters<typeof frames>[0], options: FramesOptions): Promise<{ values: number[]; batches: number[] }> {
  const values: number[] = [];
  const batches: number[] = [];
  for await (const chunk of frames(stack, options)) {
    batches.push(chunk.shape[0]);
    for (const v of chunk.dataSync()) values.push(v);
  }
  return { values, batches };
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

describe('frames({ workers }) gives the values of the single-thread path', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(fixture('filters.h5'));
  });
  afterAll(() => file?.close());

  it.each(FILTERED)('%s: every frame, in order', async (name) => {
    const stack = await file.dataset(name); // uint16 [6, 40, 50]
    const single = await collect(stack, {});
    expect(sum(single.values)).toBe(h5py[name].sum);
    const parallel = await collect(stack, { workers: 2, batch: 4 });
    expect(parallel.batches).toEqual([4, 2]);
    expect(parallel.values).toEqual(single.values);
  });

  it('every frame, in order, for several worker counts, batch sizes and bounds', async () => {
    const stack = await file.dataset('bitshuffle_lz4');
    const single = await collect(stack, {});
    for (const [options, batches, from, to] of [
      [{ workers: 1 }, [1, 1, 1, 1, 1, 1], 0, 6],
      [{ workers: 2 }, [1, 1, 1, 1, 1, 1], 0, 6],
      [{ workers: 3, batch: 5 }, [5, 1], 0, 6],
      [{ workers: 2, batch: 2, start: 1, stop: -1 }, [2, 2], 1, 5],
      [{ workers: 4, start: 5 }, [1], 5, 6],
    ] as const) {
      const parallel = await collect(stack, options);
      expect(parallel.batches).toEqual(batches);
      expect(parallel.values).toEqual(single.values.slice(from * 2000, to * 2000));
    }
  });

  it('reads the real Eiger frame (bitshuffle + LZ4) on a worker: 922 at [0, 1372, 613], as upstream says', async () => {
    const eiger = await openH5(sharedData('nexus', 'bitshuffle.h5'));
    try {
      const stack = await eiger.dataset('/entry/data/data');
      const chunks = [];
      for await (const chunk of frames(stack, { workers: 1 })) chunks.push(chunk);
      expect(chunks).toHaveLength(1);
      expect(chunks[0].shape).toEqual([1, 2167, 2070]);
      expect(chunks[0].dataSync()[1372 * 2070 + 613]).toBe(922);
      expect(Array.from(chunks[0].dataSync())).toEqual(Array.from((await stack.read([[0, 1]])).dataSync()));
    } finally {
      await eiger.close();
    }
  });

  it('streams the tooth projections with the frame sums h5py gives', async () => {
    const tooth = await openH5(sharedData('tomography', 'tooth.h5'));
    try {
      const sums: number[] = [];
      for await (const chunk of frames(await tooth.dataset('/exchange/data'), { workers: 2, batch: 50, reuse: true })) {
        const d = chunk.dataSync();
        const per = d.length / chunk.shape[0];
        for (let j = 0; j < chunk.shape[0]; j++) sums.push(sum(d.subarray(j * per, (j + 1) * per)));
      }
      expect(sums).toEqual(expected.shared.tooth.frame_sums);
    } finally {
      await tooth.close();
    }
  });
});

describe('frames({ workers }) bounds what is in flight and recycles with reuse', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(fixture('filters.h5'));
  });
  afterAll(() => file?.close());
  afterEach(() => vi.restoreAllMocks());

  it('requests batches ahead of the loop, never more than workers + 1 of them', async () => {
    const read = vi.spyOn(FramePool.prototype, 'read');
    const stack = await file.dataset('deflate');
    for (const workers of [1, 2]) {
      read.mockClear();
      let yielded = 0;
      let most = 0;
      for await (const chunk of frames(stack, { workers })) {
        yielded += chunk.shape[0];
        most = Math.max(most, read.mock.calls.length - yielded);
        await new Promise((done) => setTimeout(done, 20)); // a slow loop: the workers get ahead
      }
      expect(yielded).toBe(6);
      expect(read).toHaveBeenCalledTimes(6);
      expect(most).toBe(workers + 1);
    }
  });

  it('stops at an abort, before the next batch, and stops its workers', async () => {
    const close = vi.spyOn(FramePool.prototype, 'close');
    const controller = new AbortController();
    let seen = 0;
    const run = async () => {
      for await (const chunk of frames(await file.dataset('lzf'), { workers: 2, signal: controller.signal })) {
        seen += chunk.shape[0];
        if (seen === 2) controller.abort();
      }
    };
    await expect(run()).rejects.toThrow(/abort/i);
    expect(seen).toBe(2);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('with reuse, sends each spent buffer back with a later request', async () => {
    const read = vi.spyOn(FramePool.prototype, 'read');
    const stack = await file.dataset('bitshuffle_lz4');
    const reused = await collect(stack, { workers: 2, reuse: true });
    expect(reused.values).toEqual((await collect(stack, {})).values);
    const brought = read.mock.calls.map((call) => call[2] instanceof ArrayBuffer);
    // the first workers + 2 requests go before any chunk is spent; every later one brings one back
    expect(brought).toEqual([false, false, false, false, true, true]);
  });

  it('with reuse in this thread, every full batch lands in the same buffer; without it, each in a new one', async () => {
    const stack = await file.dataset('lz4');
    for (const reuse of [true, false]) {
      const buffers = new Set<ArrayBufferLike>();
      const values: number[] = [];
      for await (const chunk of frames(stack, { batch: 2, reuse })) {
        buffers.add(chunk.dataSync().buffer);
        values.push(...chunk.dataSync());
      }
      expect(buffers.size).toBe(reuse ? 1 : 3);
      expect(sum(values)).toBe(h5py.lz4.sum);
    }
  });
});

describe('errors of frames({ workers })', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pandaas-parallel-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an unavailable filter is the FilterError of the single-thread path, naming file and path', async () => {
    const file = await openH5(fixture('filters.h5'));
    try {
      const err = await collect(await file.dataset('unavailable'), { workers: 2 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FilterError);
      expect(err).toMatchObject({ reason: 'unavailable', file: fixture('filters.h5'), path: '/unavailable' });
      expect((err as FilterError).filters.map((f) => f.id)).toEqual([32018]);
    } finally {
      await file.close();
    }
  });

  it('a corrupted chunk fails at its frame, after the frames before it were delivered', async () => {
    const path = join(dir, 'corrupt.h5');
    copyFileSync(fixture('filters.h5'), path);
    const bytes = readFileSync(path);
    const { byte_offset: offset, size } = h5py.deflate_chunk2; // the chunk of frame 2
    bytes.fill(0xff, offset + 2, offset + Math.min(size, 66));
    writeFileSync(path, bytes);
    const file = await openH5(path);
    try {
      const delivered: number[] = [];
      const run = async () => {
        for await (const chunk of frames(await file.dataset('/deflate'), { workers: 2 })) delivered.push(chunk.shape[0]);
      };
      const err = await run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FilterError);
      expect(err).toMatchObject({ reason: 'failed', file: path, path: '/deflate' });
      expect((err as Error).message).toContain(`${path} (/deflate): decoding failed`);
      expect(delivered).toEqual([1, 1]);
    } finally {
      await file.close();
    }
  });

  it('a file deleted since it was opened is a FileNotFoundError naming it', async () => {
    const path = join(dir, 'gone.h5');
    copyFileSync(fixture('filters.h5'), path);
    const file = await openH5(path);
    try {
      const stack = await file.dataset('/raw');
      unlinkSync(path);
      const err = await collect(stack, { workers: 2 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FileNotFoundError);
      expect(err).toMatchObject({ file: path, path: '/raw' });
    } finally {
      await file.close();
    }
  });

  it('refuses bad workers and reuse options', async () => {
    const file = await openH5(fixture('filters.h5'));
    try {
      const stack = await file.dataset('/raw');
      for (const workers of [0, -1, 1.5, Number.NaN, '2']) {
        await expect(frames(stack, { workers: workers as number }).next()).rejects.toThrow(/options\.workers must be a positive integer/);
      }
      await expect(frames(stack, { reuse: 'yes' as never }).next()).rejects.toBeInstanceOf(ArgumentError);
    } finally {
      await file.close();
    }
  });
});

describe('a decoding worker that dies', () => {
  const where = { file: '/data/stack.h5', path: '/entry/data/data' };
  const evalWorker = (body: string) => () => new Worker(`require('node:worker_threads').parentPort.on('message', () => { ${body} });`, { eval: true });

  it('exits: every pending read rejects with an IoError naming file and path, later reads too', async () => {
    const pool = new FramePool(2, evalWorker('process.exit(3)'), where);
    const reads = [pool.read(0, 1), pool.read(1, 1), pool.read(2, 1)].map((p) => p.catch((e: unknown) => e));
    for (const err of await Promise.all(reads)) {
      expect(err).toBeInstanceOf(IoError);
      expect(err).toMatchObject(where);
      expect((err as Error).message).toBe('/data/stack.h5 (/entry/data/data): a decoding worker exited (code 3)');
    }
    await expect(pool.read(3, 1)).rejects.toThrow(/exited \(code 3\)/);
    await pool.close();
  });

  it('throws: the read rejects with an IoError carrying the worker error', async () => {
    const pool = new FramePool(1, evalWorker("throw new Error('boom')"), where);
    const err = await pool.read(0, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IoError);
    expect((err as Error).message).toBe('/data/stack.h5 (/entry/data/data): a decoding worker failed: boom');
    await pool.close();
  });

  it('cannot start: the pool is an IoError, and the workers already started are stopped', () => {
    let started = 0;
    const spawn = () => {
      if (started++ === 1) throw new Error('no more threads');
      return new Worker('setInterval(() => {}, 1000)', { eval: true });
    };
    expect(() => new FramePool(3, spawn, where)).toThrow('/data/stack.h5 (/entry/data/data): cannot start a decoding worker: no more threads');
  });
});

describe('no worker left hanging', () => {
  it('a process that finishes, breaks, fails and abandons streams with workers exits by itself', async () => {
    const script = fileURLToPath(new URL('../testing/frames-exit.ts', import.meta.url));
    const args = ['--import', import.meta.resolve('tsx'), '--conditions=@pandaas/source', script, fixture('filters.h5')];
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((done) => {
      // killed (and the test failed) if it does not exit within 60 s
      execFile(process.execPath, args, { timeout: 60_000 }, (err, out) => done({ code: err === null ? 0 : (err.code as number | null) ?? null, stdout: out }));
    });
    expect(stdout.trim().split('\n')).toEqual(['finished 6', 'broke after 2', 'threw FilterError', 'abandoned after 1']);
    expect(code).toBe(0);
  });
});
