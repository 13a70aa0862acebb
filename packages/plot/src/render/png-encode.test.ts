import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../testing/golden.js';
import { adler32, zlibCompress } from './deflate.js';
import { base64, crc32, encodePng } from './png-encode.js';

/** A deterministic pseudo-random byte source (xorshift32). */
function noise(n: number, seed = 12345): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

describe('checksums', () => {
  it('CRC-32 and Adler-32 give the published check values', () => {
    // the standard check input of both (RFC 1950's Adler-32 example and the CRC catalogue's "check")
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });
});

describe('zlibCompress', () => {
  it.each([
    ['empty', new Uint8Array(0)],
    ['one byte', new Uint8Array([7])],
    ['zeros', new Uint8Array(100_000)],
    ['noise', noise(70_000)],
    ['runs and repeats beyond the 32 KiB window', Uint8Array.from({ length: 200_000 }, (_, i) => (i % 40_000 < 300 ? 9 : (i * 7) % 251))],
  ])('round-trips through node:zlib (%s)', (_, data) => {
    const z = zlibCompress(data);
    expect(new Uint8Array(inflateSync(z))).toEqual(data);
  });

  it('compresses repetitive data and is deterministic', () => {
    const data = Uint8Array.from({ length: 64_000 }, (_, i) => i % 64);
    const a = zlibCompress(data);
    expect(a.length).toBeLessThan(data.length / 50);
    expect(zlibCompress(data)).toEqual(a);
  });
});

describe('encodePng', () => {
  it('writes a PNG that pngjs decodes to the same pixels', () => {
    const w = 37;
    const h = 23;
    const rgba = new Uint8ClampedArray(noise(w * h * 4, 99));
    // a smooth half, where the sub/up filters win, besides the noise
    for (let i = 0; i < (w * h * 4) / 2; i++) rgba[i] = (i >> 2) % 200;
    const png = encodePng(rgba, w, h);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const back = decodePng(png);
    expect([back.width, back.height]).toEqual([w, h]);
    expect(back.data).toEqual(new Uint8Array(rgba.buffer));
  });

  it('rejects sizes that do not fit the pixels', () => {
    expect(() => encodePng(new Uint8ClampedArray(12), 2, 2)).toThrow(/needs 16/);
    expect(() => encodePng(new Uint8ClampedArray(0), 0, 1)).toThrow(/positive integers/);
  });
});

describe('base64', () => {
  it('agrees with Node.js Buffer for every padding case', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000, 10_001]) {
      const bytes = noise(n, n + 1);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
