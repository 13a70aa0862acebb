import { ArgumentError, IndexRangeError, type NdArray } from '@pandaas/core';
import type { DatasetReadOptions, H5Dataset } from './h5/objects.js';
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
}

/**
 * The frames of a stack (axis 0 of a dataset of rank >= 1), `batch` at a time, as NdArrays of
 * shape `[b, ...frame]`. Each chunk is one hyperslab read, made only when the loop asks for it,
 * so memory holds one batch (plus what the loop keeps), however large the stack: a stack far
 * beyond the 2 GiB wasm heap streams through.
 *
 * @example
 * ```ts
 * import { frames, openH5 } from '@pandaas/io-nexus';
 * const file = await openH5('eiger_master.h5');
 * const stack = await file.dataset('/entry/data/data');
 * for await (const chunk of frames(stack, { batch: 8 })) {
 *   console.log(chunk.shape); // [8, 2167, 2070]
 * }
 * ```
 */
export async function* frames(dataset: H5Dataset, options: FramesOptions = {}): AsyncGenerator<NdArray, void, undefined> {
  const { batch = 1, signal } = options;
  const read: DatasetReadOptions = { int64: options.int64, missingSources: options.missingSources, backend: options.backend };
  const shape = dataset.shape;
  if (shape === null || shape.length === 0) {
    throw new ArgumentError(`${dataset.file.name} (${dataset.path}): frames() needs a dataset of rank >= 1; this one has shape ${show(shape)}`);
  }
  if (!Number.isSafeInteger(batch) || batch < 1) throw new ArgumentError(`options.batch must be a positive integer; got ${show(batch)}`);
  const n = shape[0];
  const start = frameBound(options.start, 0, n, 'start');
  const stop = frameBound(options.stop, n, n, 'stop');
  for (let first = start; first < stop; first += batch) {
    signal?.throwIfAborted();
    yield await dataset.read([[first, Math.min(first + batch, stop)]], read);
  }
}

function frameBound(value: number | undefined, fallback: number, n: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < -n || value > n) throw new IndexRangeError(`options.${name} must be an integer in [${-n}, ${n}]; got ${show(value)}`);
  return value < 0 ? value + n : value;
}
