import type { TypedArray } from '@pandaas/core';

/**
 * Decodes a CBF "byte_offset" stream (as PILATUS and EIGER detectors write it) of `out.length`
 * values from `src[start..end)` into `out`. Each value is the previous one plus a delta stored in
 * 1 byte; the byte -128 announces a 2-byte delta, -32768 a 4-byte one, -2^31 an 8-byte one (all
 * little-endian, two's complement). The running value starts at 0 and is exact below 2^53.
 *
 * Returns the number of bytes read, or -1 when the stream ends before every value is decoded.
 *
 * @example
 * ```ts
 * const out = new Int32Array(3);
 * decodeByteOffset(new Uint8Array([5, 0x80, 0xe8, 0x03, 0xff]), 0, 5, out); // 5; out = [5, 1005, 1004]
 * ```
 */
export function decodeByteOffset(src: Uint8Array, start: number, end: number, out: TypedArray): number {
  const n = out.length;
  let value = 0;
  let p = start;
  for (let i = 0; i < n; i++) {
    if (p >= end) return -1;
    let delta = src[p++];
    if (delta !== 0x80) {
      value += (delta << 24) >> 24;
      out[i] = value;
      continue;
    }
    if (p + 2 > end) return -1;
    delta = ((src[p] | (src[p + 1] << 8)) << 16) >> 16;
    p += 2;
    if (delta !== -0x8000) {
      value += delta;
      out[i] = value;
      continue;
    }
    if (p + 4 > end) return -1;
    delta = src[p] | (src[p + 1] << 8) | (src[p + 2] << 16) | (src[p + 3] << 24);
    p += 4;
    if (delta !== -0x80000000) {
      value += delta;
      out[i] = value;
      continue;
    }
    if (p + 8 > end) return -1;
    const low = (src[p] | (src[p + 1] << 8) | (src[p + 2] << 16) | (src[p + 3] << 24)) >>> 0;
    const high = src[p + 4] | (src[p + 5] << 8) | (src[p + 6] << 16) | (src[p + 7] << 24);
    p += 8;
    value += high * 4294967296 + low;
    out[i] = value;
  }
  return p - start;
}
