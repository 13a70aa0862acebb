import type { NdArray } from '@pandaas/core';
import type { InputArray } from '../../framework/inputs.js';
import type { FrameRange } from './frame-selection.js';

/** Bytes of frames read at once (a batch holds at least one frame, at most {@link MAX_BATCH}). */
const BATCH_BYTES = 32 * 1024 * 1024;
/** The most frames read at once. */
const MAX_BATCH = 64;

/**
 * Frames per read for frames of `frameBytes` bytes: as many as fit in 32 MiB (at least 1, at
 * most 64), so that memory holds one batch whatever the length of the stack.
 *
 * @example
 * ```ts
 * batchSize(2167 * 2070 * 4); // 1 (an Eiger 4M frame of uint32)
 * ```
 */
export function batchSize(frameBytes: number): number {
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(BATCH_BYTES / Math.max(frameBytes, 1))));
}

/**
 * The frames `range` of `input`, in batches `[b, rows, columns]` read only when asked for
 * (nothing before the first frame wanted is read).
 *
 * @example
 * ```ts
 * for await (const batch of frameStream(input, { start: 10, stop: 20, stack: true }, 4)) console.log(batch.shape);
 * ```
 */
export function frameStream(input: InputArray, range: FrameRange, batch: number, signal?: AbortSignal): AsyncIterable<NdArray> {
  return input.frames({ batch, start: range.start, stop: range.stop, ...(signal === undefined ? {} : { signal }) });
}
