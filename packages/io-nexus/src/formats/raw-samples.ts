import { allocate, bytesPerElement, type DType, type TypedArray } from '@pandaas/core';

/** Whether this machine stores numbers little-endian (every platform Node.js and browsers run on today). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reverses the byte order of every `width`-byte element of `bytes`, in place.
 *
 * @example
 * ```ts
 * const b = new Uint8Array([1, 2, 3, 4]);
 * swapBytes(b, 2); // [2, 1, 4, 3]
 * ```
 */
export function swapBytes(bytes: Uint8Array, width: number): void {
  const n = bytes.length - (bytes.length % width);
  if (width === 2) {
    for (let i = 0; i < n; i += 2) {
      const t = bytes[i];
      bytes[i] = bytes[i + 1];
      bytes[i + 1] = t;
    }
  } else if (width === 4) {
    for (let i = 0; i < n; i += 4) {
      const a = bytes[i];
      const b = bytes[i + 1];
      bytes[i] = bytes[i + 3];
      bytes[i + 1] = bytes[i + 2];
      bytes[i + 2] = b;
      bytes[i + 3] = a;
    }
  } else if (width === 8) {
    for (let i = 0; i < n; i += 8) {
      for (let k = 0; k < 4; k++) {
        const t = bytes[i + k];
        bytes[i + k] = bytes[i + 7 - k];
        bytes[i + 7 - k] = t;
      }
    }
  }
}

/**
 * `count` elements of `dtype` stored from `byteOffset` of `bytes` in the given byte order, as a
 * new (SharedArrayBuffer-backed where available) typed array in the host's order. The caller
 * checks that the bytes are there.
 */
export function decodeSamples(bytes: Uint8Array, byteOffset: number, dtype: DType, count: number, littleEndian: boolean): TypedArray {
  const out = allocate(dtype, count, true);
  const width = bytesPerElement(dtype);
  const view = new Uint8Array(out.buffer, out.byteOffset, count * width);
  view.set(bytes.subarray(byteOffset, byteOffset + count * width));
  if (width > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(view, width);
  return out;
}
