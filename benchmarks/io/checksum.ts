/**
 * The frame checksum that make_stack.py, read_h5py.py and stream.ts all compute: the sum of every
 * 101st element of a frame (flattened, row-major), exact in float64 for uint32 frames of
 * Eiger 4M size (at most 44 411 terms below 2^32 each). Cheap enough to leave in the timed loop,
 * and enough to prove that every frame was read, decoded and delivered in order.
 *
 * @example
 * ```ts
 * const sum = frameChecksum(chunk.dataSync(), 0, 2167 * 2070);
 * ```
 * @module
 */

/** Elements between two terms of the checksum. */
export const CHECKSUM_STRIDE = 101;

/** The checksum of the frame at `data[offset .. offset + length)`. @example `frameChecksum(new Uint32Array([5]), 0, 1) // 5` */
export function frameChecksum(data: ArrayLike<number>, offset: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i += CHECKSUM_STRIDE) sum += data[offset + i];
  return sum;
}
