import { array, ArgumentError, type Backend, type NdArray } from '@pandaas/core';
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
  readonly read: ReadOptions;
  readonly backend?: string | Backend;
  readonly signal?: AbortSignal;
}

/**
 * The batches of `plan` read by `plan.workers` decoding worker threads and yielded in order.
 * Batches are requested ahead, `workers + 1` at most, so every worker stays busy while the loop
 * works on the batch it was given; hence at most `workers + 2` batches exist at once (those
 * requested ahead, and the one the loop holds), however long the stack. The workers are
 * terminated when the loop ends, breaks or throws.
 *
 * @example
 * ```ts
 * for await (const chunk of parallelFrames(stack, { start: 0, stop: 200, batch: 1, workers: 2, read: {} })) {
 *   console.log(chunk.shape); // [1, 2167, 2070]
 * }
 * ```
 */
export async function* parallelFrames(dataset: H5Dataset, plan: ParallelPlan): AsyncGenerator<NdArray, void, undefined> {
  const shape = dataset.shape as readonly number[];
  const { file, objectPath } = dataset.location;
  assertLocalFile(file, dataset);
  const data = { file, path: objectPath, shape: [...shape], read: plan.read };
  const pool = new FramePool(plan.workers, () => spawnFrameWorker(data), { file, path: objectPath });
  const ahead: Promise<RawArray>[] = [];
  let next = plan.start;
  const requestAhead = () => {
    while (ahead.length <= plan.workers && next < plan.stop) {
      ahead.push(pool.read(next, Math.min(plan.batch, plan.stop - next)));
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
    }
  } finally {
    for (const pending of ahead) pending.catch(() => undefined);
    await pool.close();
  }
}

/** Workers open the file themselves: it must be a path of this machine's file system. */
function assertLocalFile(file: string, dataset: H5Dataset): void {
  const { existsSync } = process.getBuiltinModule('node:fs');
  if (!existsSync(file)) {
    throw new ArgumentError(
      `${dataset.file.name} (${dataset.path}): options.workers needs the file on this machine's file system (Node.js); ${JSON.stringify(file)} is not a path here`,
    );
  }
}
