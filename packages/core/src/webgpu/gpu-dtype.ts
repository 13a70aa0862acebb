import type { DType, TypedArray } from '../dtype.js';
import { DTypeError } from '../errors.js';

/** The WGSL scalar type that holds a dtype on the GPU: narrow integers and bool are widened. */
export type WgslScalar = 'f32' | 'i32' | 'u32';

const SCALAR: Record<DType, WgslScalar | undefined> = {
  float32: 'f32', float64: undefined,
  int8: 'i32', int16: 'i32', int32: 'i32',
  uint8: 'u32', uint16: 'u32', uint32: 'u32', bool: 'u32',
};

/** The {@link DTypeError} for float64 on WebGPU, thrown on upload and for any float64 result. */
function float64Error(what: string): DTypeError {
  return new DTypeError(
    `${what}: dtype float64 cannot live on WebGPU (WGSL has no 64-bit floats); ` +
      "move float64 data with to('webgpu', { castFloat64: true }) to get float32, or cast it first",
  );
}

/**
 * The WGSL type holding `dtype`, or the float64 {@link DTypeError}.
 *
 * @example
 * ```ts
 * wgslScalar('uint8'); // 'u32'
 * ```
 */
export function wgslScalar(dtype: DType, what = 'WebGPU'): WgslScalar {
  const scalar = SCALAR[dtype];
  if (scalar === undefined) throw float64Error(what);
  return scalar;
}

/**
 * The 32-bit words to upload for `data` of `dtype`: 32-bit dtypes as they are, narrow ones
 * widened with sign or zero extension.
 *
 * @example
 * ```ts
 * widen(Int8Array.of(-1, 2), 'int8'); // Int32Array [-1, 2]
 * ```
 */
export function widen(data: TypedArray, dtype: DType): Float32Array | Int32Array | Uint32Array {
  switch (wgslScalar(dtype, 'upload')) {
    case 'f32':
      return data as Float32Array;
    case 'i32':
      return dtype === 'int32' ? (data as Int32Array) : Int32Array.from(data as Int8Array | Int16Array);
    default:
      return dtype === 'uint32' ? (data as Uint32Array) : Uint32Array.from(data as Uint8Array | Uint16Array);
  }
}

/**
 * A view of mapped 32-bit words in the WGSL type of `dtype` (read back, then narrowed by
 * `TypedArray.set`).
 *
 * @example
 * ```ts
 * Int8Array.from(wordsView(mapped, 'int8')); // Int32Array view, narrowed as typed arrays store
 * ```
 */
export function wordsView(bytes: ArrayBuffer, dtype: DType): Float32Array | Int32Array | Uint32Array {
  const scalar = wgslScalar(dtype, 'read');
  return scalar === 'f32' ? new Float32Array(bytes) : scalar === 'i32' ? new Int32Array(bytes) : new Uint32Array(bytes);
}

/**
 * WGSL that converts `expr`, a value of the WGSL type of `from`, to `to`: integers to floats by
 * value, between i32 and u32 by bit pattern (wrapping, as typed arrays store). Float-to-integer
 * conversion is the cast kernel's business (truncation, saturation, NaN).
 *
 * @example
 * ```ts
 * convert('v0', 'uint8', 'i32'); // 'bitcast<i32>(v0)'
 * ```
 */
export function convert(expr: string, from: DType, to: WgslScalar): string {
  const source = wgslScalar(from);
  if (source === to) return expr;
  if (to === 'f32') return `f32(${expr})`;
  if (source === 'f32') throw new Error(`internal: convert() does not turn f32 into ${to}; use the cast kernel`);
  return `bitcast<${to}>(${expr})`;
}

/**
 * WGSL that wraps `expr` (already in the WGSL type of `dtype`) to the width of a narrow dtype, as
 * storing into its typed array would: `(v << 24) >> 24` for int8, `v & 0xff` for uint8 and bool.
 *
 * @example
 * ```ts
 * wrap('a + b', 'int8'); // '((a + b) << 24u) >> 24u'
 * ```
 */
export function wrap(expr: string, dtype: DType): string {
  switch (dtype) {
    case 'int8':
      return `((${expr}) << 24u) >> 24u`;
    case 'int16':
      return `((${expr}) << 16u) >> 16u`;
    case 'uint8':
    case 'bool':
      return `((${expr}) & 0xffu)`;
    case 'uint16':
      return `((${expr}) & 0xffffu)`;
    default:
      return expr;
  }
}

/**
 * The smallest and largest value of an integer dtype (bool as uint8, which holds it).
 *
 * @example
 * ```ts
 * integerRange('int16'); // [-32768, 32767]
 * ```
 */
export function integerRange(dtype: DType): [number, number] {
  switch (dtype) {
    case 'int8': return [-128, 127];
    case 'int16': return [-32768, 32767];
    case 'int32': return [-2147483648, 2147483647];
    case 'uint8': case 'bool': return [0, 255];
    case 'uint16': return [0, 65535];
    case 'uint32': return [0, 4294967295];
    default: throw new Error(`internal: ${dtype} is not an integer dtype`);
  }
}
