import { ArgumentError, dtypeOf, NdArray, sizeOf, type DType, type TypedArray } from '@pandaas/core';
import { show } from '@pandaas/core';

/**
 * An attribute value: text (a variable-length UTF-8 string), a number (int32 when an integer
 * in int32's range, float64 otherwise), a boolean (uint8 0/1), a list of either, or a typed
 * array (its own dtype).
 */
export type AttributeValue = string | number | boolean | readonly string[] | readonly number[] | TypedArray;

/** Attributes to set on a group or dataset, by name. */
export type H5Attributes = Readonly<Record<string, AttributeValue>>;

/** What a dataset can be made of: an NdArray (its dtype and shape), a typed array, numbers or text. */
export type DatasetValue = NdArray | TypedArray | readonly number[] | number | boolean | string | readonly string[];

/** A value ready for h5wasm: its data, the HDF5 dtype string, and its shape (`[]`: scalar). */
export interface PreparedValue {
  readonly data: TypedArray | number[] | string | string[];
  readonly dtype: string;
  readonly shape: number[];
  /** Bytes per element (0 for variable-length strings). */
  readonly itemSize: number;
}

/** h5wasm's dtype strings, little-endian, for each NdArray dtype (`bool` is written as uint8). */
export const H5_DTYPES: Readonly<Record<DType, string>> = {
  float32: '<f', float64: '<d', int8: '<b', int16: '<h', int32: '<i', uint8: '<B', uint16: '<H', uint32: '<I', bool: '<B',
};

/** Bytes per element of each numeric h5wasm dtype string. */
const ITEM_SIZE: Readonly<Record<string, number>> = { '<f': 4, '<d': 8, '<b': 1, '<h': 2, '<i': 4, '<B': 1, '<H': 2, '<I': 4 };

const INT32 = (v: number) => Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;

/**
 * A typed array that owns its whole buffer from byte 0, as h5wasm needs (it writes the bytes of
 * the array's entire buffer): the array itself when it does, else a copy.
 */
export function ownBuffer<T extends TypedArray>(values: T): T {
  if (values.byteOffset === 0 && values.byteLength === values.buffer.byteLength) return values;
  return values.slice() as T;
}

/** The range of each integer dtype, for checking numbers before they are written. */
const INTEGER_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], int16: [-32768, 32767], int32: [-0x80000000, 0x7fffffff],
  uint8: [0, 255], uint16: [0, 65535], uint32: [0, 0xffffffff], bool: [0, 1],
};

/** Throws an {@link ArgumentError} naming `options.dtype` unless it is a dtype that can be written. */
function assertWritableDType(dtype: unknown): asserts dtype is DType {
  if (typeof dtype !== 'string' || !Object.hasOwn(H5_DTYPES, dtype)) {
    throw new ArgumentError(`options.dtype must be one of ${Object.keys(H5_DTYPES).join(', ')}; got ${show(dtype)}`);
  }
}

function numbersOf(values: readonly number[], argument: string, dtype: DType | undefined): PreparedValue {
  const range = dtype === undefined ? undefined : INTEGER_RANGE[dtype];
  values.forEach((v, i) => {
    if (typeof v !== 'number') throw new ArgumentError(`${argument}[${i}] must be a number; got ${show(v)}`);
    if (range !== undefined && !(Number.isInteger(v) && v >= range[0] && v <= range[1])) {
      throw new ArgumentError(`${argument}[${i}] must be an integer in [${range[0]}, ${range[1]}] to be written as ${dtype}; got ${show(v)}`);
    }
  });
  const type = dtype === undefined ? (values.length > 0 && values.every(INT32) ? '<i' : '<d') : H5_DTYPES[dtype];
  return { data: [...values], dtype: type, shape: [values.length], itemSize: ITEM_SIZE[type] };
}

/** Prepares an attribute value, or throws an {@link ArgumentError} naming `argument`. */
export function prepareAttribute(value: AttributeValue, argument: string): PreparedValue {
  if (typeof value === 'string') return { data: value, dtype: 'S', shape: [], itemSize: 0 };
  if (typeof value === 'boolean') return { data: new Uint8Array([value ? 1 : 0]), dtype: '<B', shape: [], itemSize: 1 };
  if (typeof value === 'number') return { data: [value], dtype: INT32(value) ? '<i' : '<d', shape: [], itemSize: INT32(value) ? 4 : 8 };
  if (ArrayBuffer.isView(value)) {
    return { data: ownBuffer(value), dtype: H5_DTYPES[dtypeOf(value, argument)], shape: [value.length], itemSize: value.BYTES_PER_ELEMENT };
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'string')) return { data: [...(value as string[])], dtype: 'S', shape: [value.length], itemSize: 0 };
    return numbersOf(value as readonly number[], argument, undefined);
  }
  throw new ArgumentError(`${argument} must be a string, number, boolean, array of strings or numbers, or typed array; got ${show(value)}`);
}

/**
 * Prepares a dataset value: an NdArray keeps its dtype and shape (a strided view is copied), a
 * typed array or number list takes `shape` (default 1D); numbers take `dtype` (default int32
 * when all are int32 integers, else float64).
 */
export async function prepareDataset(value: DatasetValue, argument: string, shape?: readonly number[], dtype?: DType): Promise<PreparedValue> {
  if (dtype !== undefined) assertWritableDType(dtype);
  if (value instanceof NdArray || ArrayBuffer.isView(value)) {
    // arrays carry their own dtype (and an NdArray its shape): options may only repeat them
    const own = value instanceof NdArray ? value.dtype : dtypeOf(value, argument);
    if (dtype !== undefined && dtype !== own) throw new ArgumentError(`options.dtype ${show(dtype)} differs from the dtype of ${argument} (${own}): cast it first`);
    if (value instanceof NdArray && shape !== undefined && show(shape) !== show(value.shape)) {
      throw new ArgumentError(`options.shape ${show(shape)} differs from the shape of ${argument} ${show(value.shape)}: reshape it first`);
    }
  }
  if (value instanceof NdArray) {
    const values = ownBuffer(await value.data());
    return { data: values, dtype: H5_DTYPES[value.dtype], shape: [...value.shape], itemSize: values.BYTES_PER_ELEMENT };
  }
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && dtype === undefined)) {
    return prepareAttribute(value, argument);
  }
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
    return { data: [...(value as string[])], dtype: 'S', shape: [value.length], itemSize: 0 };
  }
  let prepared: PreparedValue;
  if (typeof value === 'number') prepared = { ...numbersOf([value], argument, dtype), shape: [] };
  else if (ArrayBuffer.isView(value)) prepared = prepareAttribute(value, argument);
  else if (Array.isArray(value)) prepared = numbersOf(value as readonly number[], argument, dtype);
  else throw new ArgumentError(`${argument} must be an NdArray, a typed array, numbers or strings; got ${show(value)}`);
  if (shape === undefined) return prepared;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ArgumentError(`options.shape must be a list of non-negative integers; got ${show(shape)}`);
  }
  const count = typeof value === 'number' ? 1 : (value as ArrayLike<number>).length;
  if (sizeOf(shape) !== count) throw new ArgumentError(`options.shape ${show(shape)} holds ${sizeOf(shape)} elements; ${argument} has ${count}`);
  return { ...prepared, shape: [...shape] };
}
