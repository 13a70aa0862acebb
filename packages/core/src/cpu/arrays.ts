import { allocate, type DType, type TypedArray } from '../dtype.js';
import { NdArray } from '../ndarray.js';
import { sizeOf } from '../shape.js';
import { SHARED_MIN_LENGTH } from './cpu-backend.js';
import { copyStrided } from './kernels/copy-impl.js';

/**
 * The typed array under a CPU-resident array (the whole storage: index it with strides and offset).
 *
 * @example
 * ```ts
 * valuesOf(array([1, 2]).flip()); // the whole Float64Array, read from offset 1 with stride -1
 * ```
 */
export function valuesOf(x: NdArray): TypedArray {
  return x.storage.buffer as TypedArray;
}

/**
 * A new zero-filled contiguous array on the (CPU) backend of `like`, and its typed array; on a
 * SharedArrayBuffer when `shared` (a small output that the pool's workers write), else as the
 * backend allocates.
 *
 * @example
 * ```ts
 * const { array, values } = newArray(x, 'float32', [2, 3]);
 * ```
 */
export function newArray(like: NdArray, dtype: DType, shape: readonly number[], shared = false): { array: NdArray; values: TypedArray } {
  const size = sizeOf(shape);
  const storage = shared ? like.backend.upload(allocate(dtype, size, true), dtype) : like.backend.allocate(dtype, size);
  return { array: new NdArray(storage, shape), values: storage.buffer as TypedArray };
}

/**
 * The elements of a 1-D view with unit stride: its own storage and offset when it already has one
 * (and is shared, if `shared`), else a contiguous copy at offset 0 — on a SharedArrayBuffer when
 * large (like the backend's allocations) or when `shared` asks for one (a small side array, such as
 * CSR row pointers, that the pool's workers must read).
 *
 * @example
 * ```ts
 * const { values, offset } = unitStride(indptr, true); // shared, unit stride
 * ```
 */
export function unitStride(x: NdArray, shared = false): { values: TypedArray; offset: number } {
  const own = valuesOf(x);
  if ((x.size <= 1 || x.strides[0] === 1) && (!shared || own.buffer instanceof SharedArrayBuffer)) return { values: own, offset: x.offset };
  const values = allocate(x.dtype, x.size, shared || x.size >= SHARED_MIN_LENGTH);
  copyStrided(x.shape, valuesOf(x), x.strides, x.offset, values);
  return { values, offset: 0 };
}
