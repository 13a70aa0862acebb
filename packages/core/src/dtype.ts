import { DTypeError, show } from './errors.js';

/**
 * The element types of an {@link NdArray}. `bool` is stored as `uint8` (0 or 1).
 *
 * @example
 * ```ts
 * import { bytesPerElement } from '@pandaas/core';
 * bytesPerElement('float32'); // 4
 * ```
 */
export type DType = 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32' | 'bool';

/** The typed array that holds each dtype. */
export interface TypedArrayMap {
  float32: Float32Array;
  float64: Float64Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  bool: Uint8Array;
}

/** Any typed array that can back an {@link NdArray}. */
export type TypedArray = TypedArrayMap[DType];

/** A constructor of one of the typed arrays in {@link TypedArrayMap}. */
export type TypedArrayConstructor = {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

const CONSTRUCTORS: Record<DType, TypedArrayConstructor> = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  bool: Uint8Array,
};

/** Every dtype name, in a stable order. */
export const DTYPES: readonly DType[] = Object.keys(CONSTRUCTORS) as DType[];

/**
 * Whether `value` names a dtype.
 *
 * @example
 * ```ts
 * isDType('float32'); // true
 * isDType('complex64'); // false
 * ```
 */
export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && Object.hasOwn(CONSTRUCTORS, value);
}

/** Throws a {@link DTypeError} naming `argument` unless `value` is a dtype. */
export function assertDType(value: unknown, argument: string): asserts value is DType {
  if (!isDType(value)) {
    throw new DTypeError(`${argument} must be one of ${DTYPES.join(', ')}; got ${show(value)}`);
  }
}

/** The typed-array constructor of a dtype. */
export function typedArrayConstructor(dtype: DType): TypedArrayConstructor {
  return CONSTRUCTORS[dtype];
}

/**
 * Bytes per element of a dtype.
 *
 * @example
 * ```ts
 * bytesPerElement('uint16'); // 2
 * ```
 */
export function bytesPerElement(dtype: DType): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** Whether a dtype holds floating-point numbers. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * The dtype of a typed array (`Uint8Array` reads as `uint8`), or a {@link DTypeError} for
 * typed arrays pandaas does not hold (BigInt64Array, Uint8ClampedArray, Float16Array).
 */
export function dtypeOf(data: ArrayBufferView, argument = 'data'): DType {
  for (const dtype of DTYPES) {
    if (dtype !== 'bool' && data.constructor === CONSTRUCTORS[dtype]) return dtype;
  }
  throw new DTypeError(`${argument} must be a Float32Array, Float64Array, Int8/16/32Array or Uint8/16/32Array; got ${data.constructor.name}`);
}

/** Allocates a zeroed typed array, on a SharedArrayBuffer when `shared` and available. */
export function allocate<D extends DType>(dtype: D, length: number, shared = false): TypedArrayMap[D] {
  const Ctor = CONSTRUCTORS[dtype];
  if (shared && typeof SharedArrayBuffer === 'function') {
    return new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT), 0, length) as TypedArrayMap[D];
  }
  return new Ctor(length) as TypedArrayMap[D];
}

const RANK: Record<DType, number> = {
  bool: 0, uint8: 1, int8: 2, uint16: 3, int16: 4, uint32: 5, int32: 6, float32: 7, float64: 8,
};

/**
 * The dtype that holds the result of combining two dtypes, as numpy promotes them, except that
 * 32-bit integers with float32 stay float32 (as tfjs, WebGPU having no float64) and mixed signed
 * and unsigned 32-bit integers give int32 (WebGPU having no int64).
 *
 * @example
 * ```ts
 * resultType('uint8', 'int16'); // 'int16'
 * resultType('int32', 'float32'); // 'float32'
 * ```
 */
export function resultType(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'float32' || b === 'float32') return 'float32';
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  const signed = (d: DType) => d.startsWith('int');
  const bits = (d: DType) => bytesPerElement(d) * 8;
  if (signed(a) === signed(b)) return RANK[a] > RANK[b] ? a : b;
  const [s, u] = signed(a) ? [a, b] : [b, a];
  if (bits(s) > bits(u)) return s;
  return bits(u) === 8 ? 'int16' : 'int32';
}
