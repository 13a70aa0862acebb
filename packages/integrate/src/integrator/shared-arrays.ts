import { allocate, type DType, dtypeOf, type TypedArray, type TypedArrayMap } from '@pandaas/core';
import type { Corrections } from './engine.js';

/**
 * `a` itself when it is on shared memory already (as `buildCorrections` allocates its arrays) or
 * when there is none (a page that is not cross-origin isolated), else a copy on shared memory,
 * where the CPU pool's workers can read it.
 *
 * @example
 * ```ts
 * const norm = onShared(corrections.norm);
 * ```
 */
export function onShared<T extends Float32Array | Float64Array | Uint8Array>(a: T): T {
  // (where there is no shared memory, nothing runs on the pool either)
  if (typeof SharedArrayBuffer !== 'function' || a.buffer instanceof SharedArrayBuffer) return a;
  const copy = allocate(dtypeOf(a), a.length, true) as T;
  copy.set(a);
  return copy;
}

/**
 * The corrections' per-pixel arrays as the CPU engines' loops read them, on shared memory (see
 * {@link onShared}): `dark` empty without a dark, `variance` empty unless the error model is
 * `variance`.
 *
 * @example
 * ```ts
 * const { norm, dark, variance } = sharedCorrections(corrections);
 * ```
 */
export function sharedCorrections(c: Corrections): { norm: Float32Array; dark: Float32Array; variance: Float32Array } {
  return {
    norm: onShared(c.norm),
    dark: c.dark === undefined ? new Float32Array(0) : onShared(c.dark),
    variance: c.errorModel === 'variance' ? onShared(c.variance as Float32Array) : new Float32Array(0),
  };
}

/**
 * Frame-sized arrays on shared memory (where there is any), kept from frame to frame (one per
 * dtype), for the CPU engines: the pool's workers read frames there when the caller's are not
 * shared.
 *
 * @example
 * ```ts
 * const scratch = new FrameScratch();
 * const raw = scratch.shared(frameValues); // itself when already on a SharedArrayBuffer
 * ```
 */
export class FrameScratch {
  readonly #arrays = new Map<DType, TypedArray>();

  /** A shared array of that dtype and length, the same as last time when it fits. */
  of<D extends DType>(dtype: D, length: number): TypedArrayMap[D] {
    let scratch = this.#arrays.get(dtype) as TypedArrayMap[D] | undefined;
    if (scratch === undefined || scratch.length !== length) {
      scratch = allocate(dtype, length, true);
      this.#arrays.set(dtype, scratch);
    }
    return scratch;
  }

  /** `values` itself when it is on shared memory, else a copy in a shared scratch array. */
  shared(values: TypedArray): TypedArray {
    if (values.buffer instanceof SharedArrayBuffer) return values;
    const copy = this.of(dtypeOf(values), values.length);
    copy.set(values as ArrayLike<number> & TypedArray);
    return copy;
  }

  /** Forgets the arrays. */
  clear(): void {
    this.#arrays.clear();
  }
}
