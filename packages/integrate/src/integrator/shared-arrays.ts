import type { TypedArray } from '@pandaas/core';

/** A typed-array class that can view a SharedArrayBuffer. */
type SharedCtor<T extends TypedArray> = { new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

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
  const copy = new (a.constructor as SharedCtor<T>)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/**
 * Frame-sized arrays on shared memory, kept from frame to frame (one per typed-array class), for
 * the CPU engines: the pool's workers read frames there when the caller's are not shared.
 *
 * @example
 * ```ts
 * const scratch = new FrameScratch();
 * const raw = scratch.shared(frameValues); // itself when already on a SharedArrayBuffer
 * ```
 */
export class FrameScratch {
  readonly #arrays = new Map<string, TypedArray>();

  /** A shared array of that class and length, the same as last time when it fits. */
  of<T extends TypedArray>(Ctor: SharedCtor<T>, length: number): T {
    let scratch = this.#arrays.get(Ctor.name) as T | undefined;
    if (scratch === undefined || scratch.length !== length) {
      scratch = new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
      this.#arrays.set(Ctor.name, scratch);
    }
    return scratch;
  }

  /** `values` itself when it is on shared memory, else a copy in a shared scratch array. */
  shared(values: TypedArray): TypedArray {
    if (values.buffer instanceof SharedArrayBuffer) return values;
    const copy = this.of(values.constructor as SharedCtor<TypedArray>, values.length);
    copy.set(values as ArrayLike<number> & TypedArray);
    return copy;
  }

  /** Forgets the arrays. */
  clear(): void {
    this.#arrays.clear();
  }
}
