/**
 * Shared by the CPU kernels' tests: a seeded generator, random values per dtype (specials
 * included), views of every layout a kernel must accept, and a naive reader of views. Written
 * apart from the kernels (no copy kernel, no `dataSync`), so the tests' oracles stay independent.
 * @module
 */
import { allocate, isFloat, type DType, type TypedArray } from '../dtype.js';
import { NdArray } from '../ndarray.js';
import { getBackend } from '../backend-registry.js';
import { Rng } from '../testing/rng.js';

/** A seeded uniform generator in [0, 1): the stream of `new Rng(seed)` (testing/rng.ts). */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
  uint8: [0, 255], uint16: [0, 65535], uint32: [0, 4294967295], bool: [0, 1],
};

/**
 * One random value of a dtype: integers over their whole range or small (half the time), floats
 * spread over magnitudes with 0, -0, ±Infinity and NaN mixed in (`specials` false leaves them out).
 */
export function randomValue(dtype: DType, random: () => number, specials = true): number {
  const range = INT_RANGE[dtype];
  if (range !== undefined) {
    const [lo, hi] = random() < 0.5 ? range : [Math.max(range[0], -9), Math.min(range[1], 9)];
    return lo + Math.floor(random() * (hi - lo + 1));
  }
  const u = random();
  if (specials && u < 0.08) return [0, -0, Infinity, -Infinity, NaN, NaN, 1, -1][Math.floor(u * 100)];
  const v = (random() - 0.5) * 2 ** Math.floor(random() * 40 - 20);
  return dtype === 'float32' ? Math.fround(v) : v;
}

/**
 * The edge values of a dtype: for floats NaN, ±0, ±Infinity, ±1, halves and huge and tiny
 * magnitudes; for integers 0, ±1 and the ends of the range.
 */
export function specialValues(dtype: DType): number[] {
  const range = INT_RANGE[dtype];
  if (range === undefined) {
    const values = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -2.5, 3, 1e30, -1e-30, 2 ** 31, -(2 ** 31) - 1];
    return values.map((v) => (dtype === 'float32' ? Math.fround(v) : v));
  }
  return [...new Set([0, 1, range[1], range[0], range[1] - 1, range[0] + 1, Math.min(range[1], 2), Math.max(range[0], -1)])];
}

/** Random values of a dtype (see {@link randomValue}). */
export function randomValues(dtype: DType, n: number, random: () => number, specials = true): number[] {
  return Array.from({ length: n }, () => randomValue(dtype, random, specials));
}

/** How a test view lies over its storage. */
export type Layout = 'contiguous' | 'offset' | 'strided' | 'flipped' | 'transposed';

/** Every layout of {@link Layout}. */
export const LAYOUTS: readonly Layout[] = ['contiguous', 'offset', 'strided', 'flipped', 'transposed'];

/**
 * A CPU view of `shape` holding `values` (row-major) in the given layout: contiguous, at an
 * offset, every axis stepping 2 (the gaps filled with junk), every axis reversed (negative
 * strides), or column-major (a transposed storage). `shared` puts the storage on a SharedArrayBuffer.
 * (True broadcasts, stride 0 over a longer axis: {@link broadcastView}.)
 */
export function view(dtype: DType, shape: readonly number[], values: readonly number[], layout: Layout, shared = false): NdArray {
  const nd = shape.length;
  const size = shape.reduce((p, d) => p * d, 1);
  const junk = isFloat(dtype) ? 12345.5 : 77;
  const backend = getBackend('cpu');
  const wrap = (data: TypedArray, strides: number[], offset: number) => new NdArray(backend.upload(data, dtype), shape, strides, offset);
  const rowMajor = (s: readonly number[]) => {
    const out = new Array<number>(s.length);
    for (let i = s.length - 1, p = 1; i >= 0; p *= s[i], i--) out[i] = p;
    return out;
  };
  const coords = (flat: number) => {
    const c = new Array<number>(nd);
    for (let ax = nd - 1; ax >= 0; ax--) {
      c[ax] = flat % shape[ax];
      flat = Math.floor(flat / shape[ax]);
    }
    return c;
  };
  const place = (length: number, strides: number[], offset: number) => {
    const data = allocate(dtype, Math.max(length, 1), shared);
    data.fill(junk);
    for (let i = 0; i < size; i++) data[offset + coords(i).reduce((p, c, ax) => p + c * strides[ax], 0)] = values[i];
    return wrap(data, strides, offset);
  };
  switch (layout) {
    case 'contiguous':
      return place(size, rowMajor(shape), 0);
    case 'offset':
      return place(size + 5, rowMajor(shape), 5);
    case 'strided': {
      const strides = rowMajor(shape.map((d) => 2 * d)).map((s) => 2 * s);
      return place(2 * shape.reduce((p, d) => p * 2 * d, 1) + 1, strides, 1);
    }
    case 'flipped': {
      const strides = rowMajor(shape).map((s) => -s);
      const offset = shape.reduce((p, d, ax) => p + (d > 0 ? (d - 1) * -strides[ax] : 0), 0);
      return place(size, strides, offset);
    }
    case 'transposed': {
      const reversed = rowMajor([...shape].reverse()).reverse();
      return place(size, reversed, 0);
    }
  }
}

/**
 * A view whose axes marked in `repeat` read one storage element through stride 0 (a true
 * broadcast of a smaller array): the values along those axes are the same for every index.
 * Returns the view and its row-major elements.
 */
export function broadcastView(dtype: DType, shape: readonly number[], repeat: readonly boolean[], random: () => number): { x: NdArray; values: number[] } {
  const stored = shape.map((d, ax) => (repeat[ax] ? 1 : d));
  const base = randomValues(dtype, stored.reduce((p, d) => p * d, 1), random);
  const strides: number[] = new Array<number>(shape.length);
  for (let ax = shape.length - 1, p = 1; ax >= 0; p *= stored[ax], ax--) strides[ax] = repeat[ax] ? 0 : p;
  const data = allocate(dtype, Math.max(base.length, 1));
  base.forEach((v, i) => (data[i] = v));
  const x = new NdArray(getBackend('cpu').upload(data, dtype), shape, strides, 0);
  return { x, values: logical(x) };
}

/** The elements of a CPU view in row-major order, by a naive walk over its strides. */
export function logical(x: NdArray): number[] {
  const buffer = x.storage.buffer as TypedArray;
  const out: number[] = [];
  const walk = (ax: number, index: number): void => {
    if (ax === x.ndim) {
      out.push(buffer[index]);
      return;
    }
    for (let i = 0; i < x.shape[ax]; i++) walk(ax + 1, index + i * x.strides[ax]);
  };
  if (x.size > 0) walk(0, x.offset);
  return out;
}

/** `v` as a typed array of `dtype` stores it (integers wrap, float32 rounds, bool stores as uint8). */
export function stored(dtype: DType, v: number): number {
  const a = allocate(dtype, 1);
  a[0] = v;
  return a[0];
}

/** A random shape of `nd` axes, each of length 1 to `max` (0 with probability `empty`). */
export function randomShape(nd: number, max: number, random: () => number, empty = 0): number[] {
  return Array.from({ length: nd }, () => (random() < empty ? 0 : 1 + Math.floor(random() * max)));
}

/** The numpy broadcast of shapes, by the rule (for shapes that broadcast). */
export function broadcastOf(...shapes: readonly (readonly number[])[]): number[] {
  const n = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: n }, (_, i) => {
    const lengths = shapes.map((s) => s[s.length - n + i] ?? 1);
    return lengths.find((d) => d !== 1) ?? 1;
  });
}

/** The element of row-major `values` of `shape` that a broadcast to `outShape` reads at flat index `flat`. */
export function readBroadcast(values: readonly number[], shape: readonly number[], outShape: readonly number[], flat: number): number {
  let index = 0;
  let stride = 1;
  for (let ax = outShape.length - 1, k = shape.length - 1; ax >= 0; ax--, k--) {
    const coord = flat % outShape[ax];
    flat = Math.floor(flat / outShape[ax]);
    if (k < 0) continue;
    if (shape[k] !== 1) index += coord * stride;
    stride *= shape[k];
  }
  return values[index];
}

/** Whether `got` equals `want` element by element, NaN equal to NaN and -0 to 0; the first mismatch otherwise. */
export function mismatch(got: ArrayLike<number>, want: ArrayLike<number>): string | undefined {
  if (got.length !== want.length) return `length ${got.length}, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (g !== w && !(Number.isNaN(g) && Number.isNaN(w))) return `element ${i}: got ${g}, expected ${w}`;
  }
  return undefined;
}

/** A random element of a list. */
export function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)];
}
