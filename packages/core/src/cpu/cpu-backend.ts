import type { Backend, Storage } from '../backend.js';
import { allocate, type DType, type TypedArray } from '../dtype.js';
import { POOL_MIN_ELEMENTS, poolAvailable, poolSize, shutdownPool } from './pool.js';

/** Arrays at least this long are allocated on a SharedArrayBuffer, so the worker pool can share them. */
export const SHARED_MIN_LENGTH = 4096;

/**
 * The CPU backend: storage is a plain typed array (wrapped without copying), kernels are
 * typed-array loops, and large kernels are split over a worker pool.
 *
 * @example
 * ```ts
 * import { getBackend } from '@pandaas/core';
 * getBackend('cpu').name; // 'cpu'
 * ```
 */
export class CpuBackend implements Backend {
  readonly name: string = 'cpu';

  upload(data: TypedArray, dtype: DType): Storage {
    return { backend: this, dtype, length: data.length, buffer: data, refs: 0 };
  }

  allocate(dtype: DType, length: number): Storage {
    return this.upload(allocate(dtype, length, length >= SHARED_MIN_LENGTH), dtype);
  }

  async read(storage: Storage, offset: number, length: number): Promise<TypedArray> {
    return (storage.buffer as TypedArray).slice(offset, offset + length);
  }

  free(): void {
    // typed arrays are garbage-collected
  }

  /** One line saying where kernels run: the calling thread, and the worker pool for large ones. */
  describe(): string {
    const threads = poolSize();
    if (!poolAvailable() || threads < 2) return 'CPU: typed-array kernels on the calling thread';
    return `CPU: typed-array kernels, split over ${threads} worker threads from ${POOL_MIN_ELEMENTS} elements`;
  }

  /** Stops the worker pool (it restarts on the next large kernel). */
  async shutdown(): Promise<void> {
    await shutdownPool();
  }
}
