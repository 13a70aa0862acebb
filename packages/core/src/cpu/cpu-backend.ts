import type { Backend, Storage } from '../backend.js';
import { allocate, bytesPerElement, typedArrayConstructor, type DType, type TypedArray } from '../dtype.js';
import { POOL_MIN_ELEMENTS, poolAvailable, poolSize, shutdownPool } from './pool.js';

/** Arrays at least this long are allocated on a SharedArrayBuffer, so the worker pool can share them. */
export const SHARED_MIN_LENGTH = 4096;

/** At most this many bytes of freed buffers are kept for reuse. */
export const RECYCLE_MAX_BYTES = 512 * 2 ** 20;

/**
 * The CPU backend: storage is a plain typed array (wrapped without copying), kernels are
 * typed-array loops, and large kernels are split over a worker pool.
 *
 * Disposed outputs that user code never saw (no `dataSync()`/`data()` view handed out) keep their
 * SharedArrayBuffer for the next allocation of the same size: writing reused memory is several
 * times cheaper than the operating system's first touch of fresh pages (55-65 ms against about
 * 10 ms for 128 MiB here), which otherwise dominates large element-wise kernels.
 *
 * @example
 * ```ts
 * import { getBackend } from '@pandaas/core';
 * getBackend('cpu').name; // 'cpu'
 * ```
 */
export class CpuBackend implements Backend {
  readonly name: string = 'cpu';
  /** Freed buffers by byte length, newest last. */
  readonly #recycled = new Map<number, SharedArrayBuffer[]>();
  #recycledBytes = 0;

  upload(data: TypedArray, dtype: DType): Storage {
    return { backend: this, dtype, length: data.length, buffer: data, refs: 0, exposed: true };
  }

  allocate(dtype: DType, length: number): Storage {
    const bytes = length * bytesPerElement(dtype);
    const reused = this.#recycled.get(bytes)?.pop();
    let data: TypedArray;
    if (reused === undefined) {
      data = allocate(dtype, length, length >= SHARED_MIN_LENGTH);
    } else {
      this.#recycledBytes -= bytes;
      data = new (typedArrayConstructor(dtype))(reused, 0, length);
      data.fill(0);
    }
    return { backend: this, dtype, length, buffer: data, refs: 0, exposed: false };
  }

  async read(storage: Storage, offset: number, length: number): Promise<TypedArray> {
    return (storage.buffer as TypedArray).slice(offset, offset + length);
  }

  free(storage: Storage): void {
    const data = storage.buffer as TypedArray;
    const bytes = data.byteLength;
    // only whole, never-exposed shared buffers are kept; everything else is garbage-collected
    if (storage.exposed || !(data.buffer instanceof SharedArrayBuffer) || data.buffer.byteLength !== bytes) return;
    if (this.#recycledBytes + bytes > RECYCLE_MAX_BYTES) return;
    const list = this.#recycled.get(bytes) ?? [];
    list.push(data.buffer);
    this.#recycled.set(bytes, list);
    this.#recycledBytes += bytes;
  }

  /** One line saying where kernels run: the calling thread, and the worker pool for large ones. */
  describe(): string {
    const threads = poolSize();
    if (!poolAvailable() || threads < 2) return 'CPU: typed-array kernels on the calling thread';
    return `CPU: typed-array kernels, split over ${threads} worker threads from ${POOL_MIN_ELEMENTS} elements`;
  }

  /** Stops the worker pool (it restarts on the next large kernel) and drops recycled buffers. */
  async shutdown(): Promise<void> {
    this.#recycled.clear();
    this.#recycledBytes = 0;
    await shutdownPool();
  }
}
