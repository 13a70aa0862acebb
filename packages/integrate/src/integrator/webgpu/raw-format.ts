/**
 * How a detector frame travels to the GPU: raw counts in their own width, converted to float32
 * in the shader, so that a uint16 frame moves half the bytes of its float32 conversion.
 * @module
 */
import type { DType, TypedArray } from '@pandaas/core';

/**
 * How the gather shader reads the raw frame: 32-bit words (`f32`, `i32`, `u32`), or 16- and
 * 8-bit values packed two or four to a word (`i16`, `u16`, `i8`, `u8`).
 */
export type RawFormat = 'f32' | 'i32' | 'u32' | 'i16' | 'u16' | 'i8' | 'u8';

/**
 * The format of a CPU frame of `dtype` once uploaded: its own bytes, except float64, which WGSL
 * cannot read and which is converted to float32 while being copied into the upload buffer.
 *
 * @example
 * ```ts
 * uploadFormat('uint16'); // 'u16'
 * uploadFormat('float64'); // 'f32'
 * ```
 */
export function uploadFormat(dtype: DType): RawFormat {
  switch (dtype) {
    case 'float32':
    case 'float64':
      return 'f32';
    case 'int32':
      return 'i32';
    case 'uint32':
      return 'u32';
    case 'int16':
      return 'i16';
    case 'uint16':
      return 'u16';
    case 'int8':
      return 'i8';
    case 'uint8':
    case 'bool':
      return 'u8';
  }
}

/**
 * The format of a frame already on pandaas' WebGPU backend, whose storage holds every dtype as
 * 32-bit words (narrow integers widened, float64 impossible there).
 *
 * @example
 * ```ts
 * residentFormat('int16'); // 'i32'
 * ```
 */
export function residentFormat(dtype: DType): RawFormat {
  if (dtype === 'float32' || dtype === 'float64') return 'f32';
  return dtype.startsWith('int') ? 'i32' : 'u32';
}

/** Bytes a CPU frame of `length` elements of `dtype` occupies once uploaded, rounded up to 4 (the copy granularity). */
export function uploadBytes(dtype: DType, length: number): number {
  const width = dtype === 'float64' || dtype === 'float32' || dtype.endsWith('32') ? 4 : dtype.endsWith('16') ? 2 : 1;
  return Math.ceil((width * length) / 4) * 4;
}

/**
 * Copies a frame's values into mapped upload memory: the bytes as they are, or float64 values
 * rounded to float32 (the only conversion done on the CPU).
 *
 * @example
 * ```ts
 * writeFrame(staging.getMappedRange(0, bytes), values, 'uint16');
 * ```
 */
export function writeFrame(target: ArrayBuffer, values: TypedArray, dtype: DType): void {
  if (dtype === 'float64') {
    new Float32Array(target, 0, values.length).set(values);
    return;
  }
  new Uint8Array(target, 0, values.byteLength).set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}
