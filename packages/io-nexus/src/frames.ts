import { array, ArgumentError, IndexRangeError, type NdArray } from '@pandaas/core';
import type { DatasetReadOptions, H5Dataset } from './h5/objects.js';
import { framesSlab } from './h5/selection.js';
import type { ReadOptions } from './h5/types.js';
import { show } from '@pandaas/core';

/** Options of {@link frames}. */
export interface FramesOptions extends DatasetReadOptions {
  /** Frames per chunk yielded (default 1; the last chunk may hold fewer). */
  batch?: number;
  /** First frame (default 0; negative counts from the end). */
  start?: number;
  /** Frame to stop before (default: the number of frames; negative counts from the end). */
  stop?: number;
  /** Stops the iteration before the next read. */
  signal?: AbortSignal;
  /**
   * Node.js: decode on this many worker threads (each with its own h5wasm, opening the file
   * read-only in place), batches yielded in order; e.g. `os.availableParallelism()`. Omitted:
   * read in this thread. Worker errors arrive as the same typed errors, naming file and path.
   */
  workers?: number;
  /**
   * Recycle the memory of the chunks: a chunk's values are valid only until the loop asks for
   * the next chunk (copy what you keep), and no garbage piles up between garbage collections
   * (default false: every chunk is new memory, the loop's to keep). Files opened in a browser's
   * worker ignore it.
   */
  reuse?: boolean;
}

/**
 * The frames of a stack (axis 0 of a dataset of rank >= 1), `batch` at a time, as NdArrays of
 * shape `[b, ...frame]`. Each chunk is one hyperslab read, made only when the loop asks for it,
 * so memory holds one batch (plus what the loop keeps, and the garbage collector's slack),
 * however large the stack: a stack far beyond the 2 GiB wasm heap streams through. With
 * `reuse: true` the chunks share one buffer, and there is no slack.
 *
 * With `workers: n` (Node.js), n worker threads decompress batches in parallel, read ahead of
 * the loop: at most `n + 2` batches exist at once (`n + 1` requested ahead, one held by the
 * loop; with `reuse`, `n + 2` buffers in all), plus each worker's h5wasm and its wasm heap
 * (HDF5's chunk buffers: 2 to 4 batches). The workers are terminated when the loop ends, breaks
 * or throws, and an idle worker never keeps the process alive.
 *
 * @example
 * ```ts
 * import { availableParallelism } from 'node:os';
 * import { frames, openH5 } from '@pandaas/io-nexus';
 * const file = await openH5('eiger_master.h5');
 * const stack = await file.dataset('/entry/data/data');
 * for await (const chunk of frames(stack, { batch: 8 })) {
 *   console.log(chunk.shape); // [8, 2167, 2070]
 * }
 * for await (const frame of frames(stack, { workers: availableParallelism(), reuse: true })) {
 *   console.log(frame.shape); // [1, 2167, 2070], decompressed on every core; valid until the next
 * }
 * ```
 */
export async function* frames(dataset: H5Dataset, options: FramesOptions = {}): AsyncGenerator<NdArray, void, undefined> {
  const { batch = 1, signal, backend, reuse = false } = options;
  const read: ReadOptions = { int64: options.int64, missingSources: options.missingSources };
  const shape = dataset.shape;
  if (shape === null || shape.length === 0) {
    throw new ArgumentError(`${dataset.file.name} (${dataset.path}): frames() needs a dataset of rank >= 1; this one has shape ${show(shape)}`);
  }
  if (!Number.isSafeInteger(batch) || batch < 1) throw new ArgumentError(`options.batch must be a positive integer; got ${show(batch)}`);
  if (typeof reuse !== 'boolean') throw new ArgumentError(`options.reuse must be a boolean; got ${show(reuse)}`);
  const n = shape[0];
  const start = frameBound(options.start, 0, n, 'start');
  const stop = frameBound(options.stop, n, n, 'stop');
  if (options.workers !== undefined) {
    const { workers } = options;
    if (!Number.isSafeInteger(workers) || workers < 1) throw new ArgumentError(`options.workers must be a positive integer; got ${show(workers)}`);
    if (typeof process !== 'object' || typeof process.getBuiltinModule !== 'function') {
      throw new ArgumentError(`options.workers needs Node.js 20.16 or newer (worker threads); got ${show(workers)} elsewhere`);
    }
    const { parallelFrames } = await import('./parallel/parallel-frames.js');
    yield* parallelFrames(dataset, { start, stop, batch, workers, reuse, read, backend, signal });
    return;
  }
  let spare: ArrayBuffer | undefined;
  for (let first = start; first < stop; first += batch) {
    signal?.throwIfAborted();
    const raw = await dataset.file.source.read(dataset.path, framesSlab(shape, first, Math.min(batch, stop - first)), read, spare);
    yield array(raw.data, { dtype: raw.dtype, shape: raw.shape, backend });
    if (reuse) spare = raw.data.buffer as ArrayBuffer;
  }
}

function frameBound(value: number | undefined, fallback: number, n: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < -n || value > n) throw new IndexRangeError(`options.${name} must be an integer in [${-n}, ${n}]; got ${show(value)}`);
  return value < 0 ? value + n : value;
}
