/**
 * The few pieces of the WebAssembly binary format the backprojection kernel is assembled from
 * (https://webassembly.github.io/spec/core/binary/): LEB128 numbers, sections, and the
 * instructions it uses, as byte arrays.
 * @module
 */

/** Unsigned LEB128. @example `uleb(300) // [0xac, 0x02]` */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit values). @example `sleb(-1) // [0x7f]` */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A vector: its length, then its items. @example `vec([[1], [2, 3]]) // [2, 1, 2, 3]` */
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

/** A section: its id, its byte length, its bytes. @example `section(3, [1, 0]) // [3, 2, 1, 0]` */
export const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

/** A name (ASCII). @example `name('mem') // [3, 109, 101, 109]` */
export const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** Value types. @example `[0x60, ...vec([[T.i32]]), ...vec([])] // (i32) -> ()` */
export const T = { i32: 0x7f, f64: 0x7c, v128: 0x7b } as const;

/** Scalar instructions. @example `[...op.get(0), ...op.i32(2), ...op.shl]` */
export const op = {
  get: (local: number) => [0x20, ...uleb(local)],
  set: (local: number) => [0x21, ...uleb(local)],
  i32: (value: number) => [0x41, ...sleb(value)],
  f64: (value: number) => [0x44, ...new Uint8Array(Float64Array.of(value).buffer)],
  f64Load: (offset: number) => [0x2b, 3, ...uleb(offset)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  and: [0x71],
  ltS: [0x48],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Le: [0x65],
  f64Ge: [0x66],
  f64FromI32: [0xb7],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
};

const simd = (code: number) => [0xfd, ...uleb(code)];

/** 128-bit SIMD instructions (memory accesses with 8-byte alignment hints). @example `[...op.get(0), ...v128.load(16)]` */
export const v128 = {
  load: (offset = 0) => [...simd(0x00), 3, ...uleb(offset)],
  store: (offset = 0) => [...simd(0x0b), 3, ...uleb(offset)],
  const: (bytes: ArrayLike<number>) => [...simd(0x0c), ...Array.from(bytes)],
  f64x2: (a: number, b: number) => [...simd(0x0c), ...new Uint8Array(Float64Array.of(a, b).buffer)],
  shuffle: (lanes: number[]) => [...simd(0x0d), ...lanes],
  splat: simd(0x14),
  extractI32: (lane: number) => [...simd(0x1b), lane],
  le: simd(0x4b),
  ge: simd(0x4c),
  and: simd(0x4e),
  load64Lane: (lane: number) => [...simd(0x57), 3, 0, lane],
  load64Zero: [...simd(0x5d), 3, 0],
  promoteLow: simd(0x5f),
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
  pmin: simd(0xf6),
  pmax: simd(0xf7),
  truncSatZero: simd(0xfc),
  convertLow: simd(0xfe),
};
