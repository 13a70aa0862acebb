/**
 * Typed arrays on shared memory, where the CPU pool's workers can read and write them.
 * @module
 */
import { allocate, dtypeOf, type TypedArray } from './dtype.js';

/**
 * Whether `a` lives on a SharedArrayBuffer (false where there is none: a page that is not
 * cross-origin isolated).
 *
 * @example
 * ```ts
 * import { allocate, isShared } from '@pandaas/core';
 * isShared(allocate('float32', 4, true)); // true in Node
 * isShared(new Float32Array(4)); // false
 * ```
 */
export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer;
}

/**
 * `a` itself when it is on shared memory already, or when there is none (a page that is not
 * cross-origin isolated, where nothing runs on the pool either); else a copy of its elements on
 * shared memory, of the same class.
 *
 * @example
 * ```ts
 * import { onShared } from '@pandaas/core';
 * const values = onShared(Float64Array.of(1, 2, 3)); // a copy on a SharedArrayBuffer
 * onShared(values) === values; // true
 * ```
 */
export function onShared<T extends TypedArray>(a: T): T {
  if (typeof SharedArrayBuffer !== 'function' || a.buffer instanceof SharedArrayBuffer) return a;
  const copy = allocate(dtypeOf(a), a.length, true) as T;
  copy.set(a as ArrayLike<number> & T);
  return copy;
}
