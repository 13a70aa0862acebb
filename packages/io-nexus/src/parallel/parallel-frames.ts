import { array, type Backend, type NdArray } from '@pandaas/core';
import { FileNotFoundError } from '../errors.js';
import type { H5Dataset } from '../h5/objects.js';
import type { RawArray, ReadOptions } from '../h5/types.js';
import { FramePool } from './frame-pool.js';
import { spawnFrameWorker } from './spawn.js';

/** The frames to read, in batches, and how. */
export interface ParallelPlan {
  readonly start: number;
  readonly stop: number;
  readonly batch: number;
  readonly workers: number;
  /** Recycle the buffer of each chunk once the loop asks for the next one. */
  readonly reuse: boolean;
  readonly read: ReadOptions;
  readonly backend?: string | Backend;
  readonly signal?: AbortSignal;
}

/**
 * The batches of `plan` read by `plan.workers` decoding worker threads and yielded in order.
 * Batches are requested ahead, `workers + 1` at most, so every worker stays busy while the loop
 * works on the batch it was given; hence at most `workers + 2` batches exist at once (those
 * requested ahead, and the one the loop holds), however long the stack. With `reuse`, the
 * buffer of a chunk the loop is done with goes back to a worker with the next request: after
 * the first `workers + 2` batches, no new memory. The workers are terminated when the loop
 * ends, breaks or throws.
 *
 * @example
 * ```ts
 * for await (const chunk of parallelFrames(stack, { start: 0, stop: 200, batch: 1, workers: 2, reuse: false, read: {} })) {
 *   console.log(chunk.shape); // [1, 2167, 2070]
 * }
 * ```
 */
export async function* parallelFrames(dataset: H5Dataset, plan: ParallelPlan): AsyncGenerator<NdArray, void, undefined> {
  const shape = dataset.shape as readonly number[];
  const { file, objectPath } = dataset.location;
  assertLocalFile(file, objectPath);
  const data = { file, path: objectPath, shape: [...shape], read: plan.read };
  const pool = new FramePool(plan.workers, () => spawnFrameWorker(data), { file, path: objectPath });
  const ahead: Promise<RawArray>[] = [];
  const spare: ArrayBuffer[] = [];
  let next = plan.start;
  const requestAhead = () => {
    while (ahead.length <= plan.workers && next < plan.stop) {
      const read = pool.read(next, Math.min(plan.batch, plan.stop - next), spare.pop());
      // awaited in order later: a batch that fails before its turn must not count as unhandled
      read.catch(() => undefined);
      ahead.push(read);
      next += plan.batch;
    }
  };
  try {
    requestAhead();
    while (ahead.length > 0) {
      plan.signal?.throwIfAborted();
      const raw = await (ahead.shift() as Promise<RawArray>);
      requestAhead();
      yield array(raw.data, { dtype: raw.dtype, shape: raw.shape, backend: plan.backend });
      if (plan.reuse) spare.push(raw.data.buffer as ArrayBuffer);
    }
  } finally {
    await pool.close();
  }
}

/** Workers open the file themselves, by its path: it must be there. */
function assertLocalFile(file: string, objectPath: string): void {
  const { existsSync } = process.getBuiltinModule('node:fs');
  if (!existsSync(file)) {
    throw new FileNotFoundError(
      { file, path: objectPath },
      'the decoding workers open the file by its path, and there is no file there (deleted since it was opened, or not a file of this machine)',
    );
  }
}
