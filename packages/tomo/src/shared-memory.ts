/**
 * Shared memory for the CPU pool's workers (internal).
 * @module
 */

/**
 * A zeroed Float32Array of `length` on a SharedArrayBuffer (a plain one where there is no
 * shared memory: a page that is not cross-origin isolated, where nothing runs on the pool).
 *
 * @example
 * ```ts
 * const scratch = sharedFloat32(rows * nDet);
 * ```
 */
export function sharedFloat32(length: number): Float32Array {
  if (typeof SharedArrayBuffer !== 'function') return new Float32Array(length);
  return new Float32Array(new SharedArrayBuffer(4 * length));
}

/**
 * Whether `a` lives on a SharedArrayBuffer (the pool's workers can read and write it).
 *
 * @example
 * ```ts
 * isShared(sharedFloat32(4)); // true in Node
 * ```
 */
export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer;
}
