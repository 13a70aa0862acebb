/**
 * A PNG encoder for RGBA bitmaps in plain TypeScript (8-bit RGBA, adaptive row filters, the zlib
 * stream of `deflate.ts`): what the SVG emitter embeds as data URIs, identical in every engine.
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';
import { zlibCompress } from './deflate.js';

const CRC_TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c >>> 0;
}

/**
 * The CRC-32 of `bytes` (the PNG/zlib polynomial).
 *
 * @example
 * ```ts
 * crc32(new TextEncoder().encode('123456789')); // 0xcbf43926
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Writes a chunk (length, type, data, CRC) into `out` at `at`; returns where the next one starts. */
function writeChunk(out: Uint8Array, at: number, type: string, data: Uint8Array): number {
  const view = new DataView(out.buffer, out.byteOffset);
  view.setUint32(at, data.length);
  for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
  out.set(data, at + 8);
  view.setUint32(at + 8 + data.length, crc32(out.subarray(at + 4, at + 8 + data.length)));
  return at + 12 + data.length;
}

/**
 * The filter (0 none, 1 sub, 2 up) for row `y` whose output has the least sum of |byte as
 * signed| (the usual heuristic; the first wins a tie).
 */
function bestFilter(rgba: Uint8Array | Uint8ClampedArray, y: number, stride: number): number {
  const start = y * stride;
  let none = 0;
  let sub = 0;
  let up = 0;
  for (let i = 0; i < stride; i++) {
    const v = rgba[start + i];
    const s = (v - (i >= 4 ? rgba[start + i - 4] : 0)) & 0xff;
    const u = (v - (y > 0 ? rgba[start + i - stride] : 0)) & 0xff;
    none += v < 128 ? v : 256 - v;
    sub += s < 128 ? s : 256 - s;
    up += u < 128 ? u : 256 - u;
  }
  let best = 0;
  let bestCost = none;
  if (sub < bestCost) {
    best = 1;
    bestCost = sub;
  }
  return up < bestCost ? 2 : best;
}

/** Writes row `y` filtered with `type` (0 none, 1 sub, 2 up) into `out` from `at`. */
function filterRow(rgba: Uint8Array | Uint8ClampedArray, y: number, stride: number, type: number, out: Uint8Array, at: number): void {
  const start = y * stride;
  for (let i = 0; i < stride; i++) {
    const v = rgba[start + i];
    const ref = type === 1 ? (i >= 4 ? rgba[start + i - 4] : 0) : type === 2 ? (y > 0 ? rgba[start + i - stride] : 0) : 0;
    out[at + i] = (v - ref) & 0xff;
  }
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Encodes an RGBA bitmap (`width`×`height`, row-major, top row first) as a PNG file.
 *
 * @example
 * ```ts
 * const red = new Uint8ClampedArray([255, 0, 0, 255]);
 * const png = encodePng(red, 1, 1); // Uint8Array starting 0x89 'PNG'
 * ```
 */
export function encodePng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ArgumentError(`encodePng: width and height must be positive integers, got ${width}x${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new ArgumentError(`encodePng: rgba has ${rgba.length} bytes; ${width}x${height} RGBA needs ${width * height * 4}`);
  }
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const type = bestFilter(rgba, y, stride);
    raw[y * (stride + 1)] = type;
    filterRow(rgba, y, stride, type, raw, y * (stride + 1) + 1);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const idat = zlibCompress(raw);
  const out = new Uint8Array(SIGNATURE.length + 12 * 3 + header.length + idat.length);
  out.set(SIGNATURE);
  let at = writeChunk(out, SIGNATURE.length, 'IHDR', header);
  at = writeChunk(out, at, 'IDAT', idat);
  writeChunk(out, at, 'IEND', new Uint8Array(0));
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Base64 (RFC 4648, with padding) of `bytes`, without Node.js's Buffer or the browser's btoa.
 *
 * @example
 * ```ts
 * base64(new TextEncoder().encode('Man')); // 'TWFu'
 * ```
 */
export function base64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let line = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    line += BASE64[a >> 2] + BASE64[((a & 3) << 4) | (b >> 4)];
    line += i + 1 < bytes.length ? BASE64[((b & 15) << 2) | (c >> 6)] : '=';
    line += i + 2 < bytes.length ? BASE64[c & 63] : '=';
    if (line.length >= 4096) {
      parts.push(line);
      line = '';
    }
  }
  parts.push(line);
  return parts.join('');
}
