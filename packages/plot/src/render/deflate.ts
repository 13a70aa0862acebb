/**
 * A small, synchronous zlib (RFC 1950/1951) compressor in plain TypeScript: LZ77 over a 32 KiB
 * window with hash chains, coded with the fixed Huffman codes. It makes the PNGs the SVG emitter
 * embeds byte-identical in every JavaScript engine, with no Node.js or browser API.
 *
 * @module
 */

const WINDOW = 32768;
const HASH_BITS = 15;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
/** How many earlier positions with the same hash a match search visits. */
const MAX_CHAIN = 16;
/** A match at least this long is taken without searching further. */
const GOOD_MATCH = 64;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** Reverses the low `bits` bits of `code` (Huffman codes are sent most significant bit first). */
function reverse(code: number, bits: number): number {
  let out = 0;
  for (let i = 0; i < bits; i++) out = (out << 1) | ((code >> i) & 1);
  return out;
}

/** The fixed literal/length code (RFC 1951 3.2.6): bit-reversed code and length per symbol. */
const LIT_CODE = new Uint16Array(288);
const LIT_BITS = new Uint8Array(288);
for (let s = 0; s < 288; s++) {
  const [code, bits] = s < 144 ? [0x30 + s, 8] : s < 256 ? [0x190 + s - 144, 9] : s < 280 ? [s - 256, 7] : [0xc0 + s - 280, 8];
  LIT_CODE[s] = reverse(code, bits);
  LIT_BITS[s] = bits;
}
/** Length 3..258 -> index into LENGTH_BASE. */
const LENGTH_INDEX = new Uint8Array(MAX_MATCH + 1);
for (let i = 0; i < LENGTH_BASE.length; i++) {
  const end = i + 1 < LENGTH_BASE.length ? LENGTH_BASE[i + 1] : MAX_MATCH + 1;
  for (let len = LENGTH_BASE[i]; len < end; len++) LENGTH_INDEX[len] = i;
}
LENGTH_INDEX[MAX_MATCH] = 28;

function distIndex(dist: number): number {
  let lo = 0;
  let hi = DIST_BASE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (DIST_BASE[mid] <= dist) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Packs bits least significant first into a growing byte buffer. */
class BitWriter {
  private bytes: Uint8Array;
  private length = 0;
  private acc = 0;
  private count = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(64, capacity));
  }

  /** Appends the low `bits` bits of `value` (bits <= 24). */
  write(value: number, bits: number): void {
    this.acc |= value << this.count;
    this.count += bits;
    while (this.count >= 8) {
      this.byte(this.acc & 0xff);
      this.acc >>>= 8;
      this.count -= 8;
    }
  }

  /** Appends a whole byte after flushing partial bits. */
  byte(value: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = value;
  }

  /** Pads the last partial byte with zero bits and returns the bytes written. */
  finish(): Uint8Array {
    if (this.count > 0) this.byte(this.acc & 0xff);
    this.acc = 0;
    this.count = 0;
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * The Adler-32 checksum of `data` (RFC 1950).
 *
 * @example
 * ```ts
 * adler32(new TextEncoder().encode('Wikipedia')); // 0x11e60398
 * ```
 */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(data.length, i + 5552);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Compresses `data` into a zlib stream (one fixed-Huffman deflate block). Deterministic: the
 * same bytes in, the same bytes out, in every engine.
 *
 * @example
 * ```ts
 * import { inflateSync } from 'node:zlib';
 * const z = zlibCompress(new Uint8Array(1000)); // ~ 12 bytes
 * inflateSync(z).length; // 1000
 * ```
 */
export function zlibCompress(data: Uint8Array): Uint8Array {
  const out = new BitWriter((data.length >> 2) + 64);
  out.byte(0x78);
  out.byte(0x01);
  out.write(1, 1); // BFINAL
  out.write(1, 2); // BTYPE 01: fixed Huffman codes
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const prev = new Int32Array(WINDOW);
  const n = data.length;
  const hashAt = (i: number) => ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & ((1 << HASH_BITS) - 1);
  const insert = (i: number) => {
    const h = hashAt(i);
    prev[i & (WINDOW - 1)] = head[h];
    head[h] = i;
  };
  let i = 0;
  while (i < n) {
    let bestLen = 0;
    let bestDist = 0;
    if (i + MIN_MATCH <= n) {
      const limit = Math.min(MAX_MATCH, n - i);
      let candidate = head[hashAt(i)];
      for (let chain = 0; candidate >= 0 && i - candidate <= WINDOW && chain < MAX_CHAIN; chain++) {
        if (data[candidate + bestLen] === data[i + bestLen]) {
          let len = 0;
          while (len < limit && data[candidate + len] === data[i + len]) len++;
          if (len > bestLen) {
            bestLen = len;
            bestDist = i - candidate;
            if (len >= GOOD_MATCH || len === limit) break;
          }
        }
        const next = prev[candidate & (WINDOW - 1)];
        if (next >= candidate) break;
        candidate = next;
      }
    }
    if (bestLen >= MIN_MATCH) {
      const li = LENGTH_INDEX[bestLen];
      const sym = 257 + li;
      out.write(LIT_CODE[sym], LIT_BITS[sym]);
      if (LENGTH_EXTRA[li] > 0) out.write(bestLen - LENGTH_BASE[li], LENGTH_EXTRA[li]);
      const di = distIndex(bestDist);
      out.write(reverse(di, 5), 5);
      if (DIST_EXTRA[di] > 0) out.write(bestDist - DIST_BASE[di], DIST_EXTRA[di]);
      const end = i + bestLen;
      for (; i < end; i++) if (i + MIN_MATCH <= n) insert(i);
    } else {
      out.write(LIT_CODE[data[i]], LIT_BITS[data[i]]);
      if (i + MIN_MATCH <= n) insert(i);
      i++;
    }
  }
  out.write(LIT_CODE[256], LIT_BITS[256]); // end of block
  out.finish();
  const sum = adler32(data);
  out.byte(sum >>> 24);
  out.byte((sum >>> 16) & 0xff);
  out.byte((sum >>> 8) & 0xff);
  out.byte(sum & 0xff);
  return out.finish();
}
