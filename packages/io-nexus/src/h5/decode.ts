import { DTypeError, typedArrayConstructor, type DType, type TypedArray } from '@pandaas/core';
import { isBooleanEnum } from './type-info.js';
import type { H5Type, Int64Policy } from './types.js';

/** Where the data came from, for error messages. */
export interface DecodeContext {
  readonly file: string;
  readonly path: string;
}

/**
 * Little-endian element bytes (as h5wasm hands them over) as the typed array of `dtype`. Bytes of
 * matching types are wrapped without copying; half floats widen to float32, h5py booleans become
 * 0/1, and 64-bit integers convert under `int64` with a range check (never silent rounding).
 */
export function decodeNumeric(bytes: Uint8Array, type: H5Type, dtype: DType, int64: Int64Policy, where: DecodeContext): TypedArray {
  const numeric = type.class === 'enum' && type.base !== undefined ? type.base : type;
  const n = bytes.byteLength / numeric.size;
  if (type.class === 'enum' && isBooleanEnum(type)) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = bytes[i] === 0 ? 0 : 1;
    return out;
  }
  if (numeric.class === 'float' && numeric.size === 2) return halfToFloat32(new Uint16Array(bytes.buffer, bytes.byteOffset, n));
  if (numeric.size === 8 && numeric.class !== 'float') return convertInt64(bytes, n, numeric.signed === true, int64, where);
  const Ctor = typedArrayConstructor(dtype);
  return new Ctor(bytes.buffer, bytes.byteOffset, n);
}

function convertInt64(bytes: Uint8Array, n: number, signed: boolean, policy: Int64Policy, where: DecodeContext): TypedArray {
  const source = signed ? new BigInt64Array(bytes.buffer, bytes.byteOffset, n) : new BigUint64Array(bytes.buffer, bytes.byteOffset, n);
  const [lo, hi] = policy === 'int32' ? [-(2n ** 31n), 2n ** 31n - 1n] : [-(2n ** 53n), 2n ** 53n];
  const out = policy === 'int32' ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = source[i];
    if (v < lo || v > hi) {
      throw new DTypeError(
        `${where.file} (${where.path}): element ${i} of this ${signed ? 'int64' : 'uint64'} data is ${v}, which ${policy} cannot hold exactly; read it with readValue() for BigInts`,
      );
    }
    out[i] = Number(v);
  }
  return out;
}

/** IEEE 754 half-precision bit patterns as float32 values. */
export function halfToFloat32(half: Uint16Array): Float32Array {
  const out = new Float32Array(half.length);
  for (let i = 0; i < half.length; i++) {
    const h = half[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) out[i] = sign * fraction * 2 ** -24;
    else if (exponent === 31) out[i] = fraction === 0 ? sign * Infinity : NaN;
    else out[i] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return out;
}
