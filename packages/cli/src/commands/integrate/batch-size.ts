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
