import type { Backend, Storage } from '../backend.js';
import { allocate, type DType, type TypedArray } from '../dtype.js';

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
}
