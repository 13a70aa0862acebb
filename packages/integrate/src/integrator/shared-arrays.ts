import { allocate, type DType, dtypeOf, isShared, onShared, type TypedArray, type TypedArrayMap } from '@pandaas/core';
import type { Corrections } from './engine.js';

/**
 * The corrections' per-pixel arrays as the CPU engines' loops read them, on shared memory (see
 * `onShared` of `@pandaas/core`): `dark` empty without a dark, `variance` empty unless the error
 * model is `variance`.
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
    if (isShared(values)) return values;
    const copy = this.of(dtypeOf(values), values.length);
    copy.set(values as ArrayLike<number> & TypedArray);
    return copy;
  }

  /** Forgets the arrays. */
  clear(): void {
    this.#arrays.clear();
  }
}
