import type { NdArray } from '@pandaas/core';
import { frames as datasetFrames, openH5 } from '@pandaas/io-nexus';
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
 * The frames `range` of `input`, in batches `[b, rows, columns]` (or single frames) read only when asked for: the
 * input's own stream when the whole stack is wanted; for part of an HDF5 stack, the dataset
 * opened once more and read from the first frame wanted (nothing before it is read); the frames
 * of an image file (already in memory) picked by index.
 *
 * @example
 * ```ts
 * for await (const batch of frameStream(input, { start: 10, stop: 20, stack: true }, 4)) console.log(batch.shape);
 * ```
 */
export async function* frameStream(input: InputArray, range: FrameRange, batch: number, signal?: AbortSignal): AsyncGenerator<NdArray, void, undefined> {
  const whole = range.start === 0 && range.stop === input.frameCount;
  const options = { batch, ...(signal === undefined ? {} : { signal }) };
  if (whole) {
    yield* input.frames(options);
  } else if (input.path !== undefined && input.shape.length === 3) {
    const file = await openH5(input.file);
    try {
      yield* datasetFrames(await file.dataset(input.path), { ...options, start: range.start, stop: range.stop });
    } finally {
      await file.close();
    }
  } else {
    let index = 0;
    for await (const chunk of input.frames(options)) {
      for (let k = 0; k < chunk.shape[0]!; k++, index++) {
        if (index >= range.start && index < range.stop) yield chunk.slice(k);
      }
      if (index >= range.stop) return;
    }
  }
}
