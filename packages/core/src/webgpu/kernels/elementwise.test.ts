import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typedArrayConstructor, type DType, type TypedArray } from '../../dtype.js';
import type { BinaryOp, UnaryOp } from '../../kernel-names.js';
import type { NdArray } from '../../ndarray.js';
import { cast } from '../../ops/cast.js';
import { binary, binaryResultType, clip, unary, unaryResultType, where } from '../../ops/elementwise.js';
import { broadcastShapes, sizeOf } from '../../shape.js';
import { resultType } from '../../dtype.js';
import { unaryValue } from '../../testing/oracle.js';
import { closeTestBackend, expectClose, onCpu, onGpu, openTestBackend, seeded, typed } from '../test-helpers.js';

beforeAll(openTestBackend);
afterAll(closeTestBackend);

/** Values exercising each dtype: extremes, zero, and (for float32) NaN, infinities and -0. */
function sample(dtype: DType, n: number, seed: number): TypedArray {
  const random = seeded(seed);
  const specials: Partial<Record<DType, number[]>> = {
    float32: [NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, -2.5, 3e38, -1e-30],
    int32: [-2147483648, 2147483647, 0, -1, 1],
    uint32: [0, 4294967295, 2147483648, 1],
    int16: [-32768, 32767, 0, -1],
    uint16: [0, 65535, 1],
    int8: [-128, 127, 0, -1],
    uint8: [0, 255, 1],
    bool: [0, 1],
  };
  const range: Record<string, [number, number]> = {
    float32: [-100, 100], int32: [-3e9, 3e9], uint32: [0, 4.3e9], int16: [-40000, 40000], uint16: [0, 70000],
    int8: [-200, 200], uint8: [0, 300], bool: [0, 2],
  };
  const extra = specials[dtype] ?? [];
  const [lo, hi] = range[dtype];
  return typed(dtype, n, (i) => {
    if (i < extra.length) return extra[i];
    const v = lo + (hi - lo) * random();
    return dtype === 'float32' ? v : Math.floor(v);
  });
}

/** The row-major values of a view, read on the CPU from the same data and view. */
function logical(x: NdArray): number[] {
  return Array.from(x.dataSync() as ArrayLike<number>);
}

/** Index into a broadcast input of `shape` for flat index `i` of `outShape`. */
function broadcastIndex(i: number, outShape: readonly number[], shape: readonly number[]): number {
  let index = 0;
  let stride = 1;
  let rest = i;
  for (let d = outShape.length - 1; d >= 0; d--) {
    const c = rest % outShape[d];
    rest = Math.floor(rest / outShape[d]);
    const k = d - (outShape.length - shape.length);
    if (k >= 0) {
      if (shape[k] !== 1) index += c * stride;
      stride *= shape[k];
    }
  }
  return index;
}

function store(dtype: DType, values: number[]): TypedArray {
  return typed(dtype, values.length, (i) => values[i]);
}

const isInt = (d: DType) => d !== 'float32' && d !== 'float64';

function binaryReference(op: BinaryOp, x: number, y: number, out: DType): number {
  switch (op) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'mul': return isInt(out) ? Math.imul(x, y) : Math.fround(x) * Math.fround(y);
    case 'div': return x / y;
    case 'pow': return Math.pow(x, y);
    case 'maximum': return Math.max(x, y);
    case 'minimum': return Math.min(x, y);
    case 'equal': return Number(x === y);
    case 'notEqual': return Number(x !== y);
    case 'less': return Number(x < y);
    case 'lessEqual': return Number(x <= y);
    case 'greater': return Number(x > y);
    case 'greaterEqual': return Number(x >= y);
  }
}

const BINARY_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];
const PAIRS: [DType, DType][] = [
  ['float32', 'float32'], ['int32', 'int32'], ['uint32', 'uint32'], ['uint8', 'int8'], ['uint32', 'int32'], ['int32', 'uint32'],
  ['int16', 'uint16'], ['bool', 'bool'], ['float32', 'int16'], ['uint8', 'float32'], ['int8', 'int8'], ['uint32', 'uint8'], ['bool', 'int16'], ['uint16', 'uint16'],
];

describe('webgpu binary', () => {
  for (const [da, db] of PAIRS) {
    it(`every op on ${da} x ${db}, broadcast [3,1,4] x [5,4], matches typed-array arithmetic`, async () => {
      const a = sample(da, 12, 1);
      const b = sample(db, 20, 2);
      // float32 against 32-bit integers compares in float32: keep those integers exact in float32
      if ((da === 'float32') !== (db === 'float32')) for (const v of [a, b]) if (!(v instanceof Float32Array)) v.forEach((x, i) => (v[i] = x % 4096));
      const ga = onGpu(a, da, [3, 1, 4]);
      const gb = onGpu(b, db, [5, 4]);
      const outShape = broadcastShapes([3, 1, 4], [5, 4]);
      for (const op of BINARY_OPS) {
        const out = binaryResultType(op, da, db);
        const result = await binary(op, ga, gb);
        expect(result.shape).toEqual(outShape);
        expect(result.dtype).toBe(out);
        const expected = store(out, Array.from({ length: sizeOf(outShape) }, (_, i) =>
          binaryReference(op, a[broadcastIndex(i, outShape, [3, 1, 4])], b[broadcastIndex(i, outShape, [5, 4])], out)));
        // exact, except: integer division rounds the operands to float32 first (1.5 ulp), and pow is
        // exp2(y log2 x), whose error grows with |y log2 x| (up to ~700 here)
        const tolerance = op === 'pow' ? { rtol: 1e-4, atol: 1e-30 } : op === 'div' && out === 'float32' && isInt(da) && isInt(db) ? { rtol: 2e-7 } : {};
        expectClose(await result.data(), expected, tolerance);
        result.dispose();
      }
    });
  }

  it('reads strided, reversed and offset views (transpose, step slices, flip)', async () => {
    const values = sample('int32', 60, 3);
    const shape = [3, 4, 5];
    const views = (x: NdArray) => [x.transpose(2, 0, 1), x.slice([1, 3], null, [null, null, 2]), x.flip(1)];
    const gpu = views(onGpu(values, 'int32', shape));
    const cpu = views(onCpu(values, 'int32', shape));
    for (let k = 0; k < gpu.length; k++) {
      const va = logical(cpu[k]);
      const sum = await binary('add', gpu[k], gpu[k]);
      expectClose(await sum.data(), store('int32', va.map((v) => v + v)));
      const last = cpu[k].shape[cpu[k].ndim - 1];
      const row = typed('int32', last, (i) => 7 * i - 3);
      const broadcast = await binary('sub', gpu[k], onGpu(row, 'int32'));
      expectClose(await broadcast.data(), store('int32', va.map((v, i) => v - row[i % last])));
    }
  });
});

describe('webgpu copy', () => {
  it('copies rank-6 views whose axes do not merge (reversed order, flipped, stepped)', async () => {
    const shape = [2, 3, 2, 3, 2, 3];
    const values = sample('int16', 216, 10);
    const views = (x: NdArray) => [x.transpose(5, 4, 3, 2, 1, 0).flip([0, 3]), x.slice(null, [null, null, 2], null, [2, 0, -1]).transpose(1, 0, 3, 2, 5, 4)];
    const gpu = views(onGpu(values, 'int16', shape));
    const cpu = views(onCpu(values, 'int16', shape));
    for (let k = 0; k < gpu.length; k++) {
      const copied = await gpu[k].copy();
      expect(copied.isContiguous).toBe(true);
      expect(copied.shape).toEqual(cpu[k].shape);
      expectClose(await copied.data(), logical(cpu[k]));
    }
  });
});

const UNARY_OPS: UnaryOp[] = ['abs', 'neg', 'sign', 'square', 'sqrt', 'exp', 'log', 'log1p', 'floor', 'ceil', 'isnan'];

describe('webgpu unary', () => {
  for (const dtype of ['float32', 'int32', 'uint32', 'int8', 'uint8', 'int16', 'uint16', 'bool'] as DType[]) {
    it(`every op on ${dtype} matches Math and typed-array storage`, async () => {
      const x = sample(dtype, 64, 5);
      const gx = onGpu(x, dtype);
      for (const op of UNARY_OPS) {
        const out = unaryResultType(op, dtype);
        const result = await unary(op, gx);
        expect(result.dtype).toBe(out);
        const expected = store(out, Array.from(x, (v) => unaryValue(op, v, out)));
        // float functions within a few float32 ulp (1e-6 relative); subnormal results may flush to 0
        const tolerance = ['sqrt', 'exp', 'log', 'log1p'].includes(op) ? { rtol: 1e-6, atol: 1e-37 } : {};
        expectClose(await result.data(), expected, tolerance);
        result.dispose();
      }
    });
  }

  it('log and log1p stay accurate near 1 and near 0 (relative error below 5e-7)', async () => {
    const x = new Float32Array([1 + 2 ** -20, 1 - 2 ** -20, 1.0001, 0.9999, 2 ** -20, -(2 ** -20), 1e-7, 1e-30, 5e-4]);
    const log = await unary('log', onGpu(x, 'float32'));
    expectClose(await log.data(), Array.from(x, (v) => Math.log(v)), { rtol: 5e-7 });
    const log1p = await unary('log1p', onGpu(x, 'float32'));
    expectClose(await log1p.data(), Array.from(x, (v) => Math.log1p(v)), { rtol: 5e-7 });
  });
});

describe('webgpu pow', () => {
  it('is exact or within 1e-6 for moderate exponents, and follows Math.pow at its special cases', async () => {
    const xs = [2, -2, 3, -3, 0.5, -0.5, 10, 1.5, 0, -0, Infinity, -Infinity, NaN, 1, -1, 7];
    const ys = [0, 1, 2, 3, -1, -2, 0.5, 2.5, -3, NaN, Infinity, -Infinity, 5, -0.5, 10, 1 / 3];
    const a: number[] = [];
    const b: number[] = [];
    for (const x of xs) {
      for (const y of ys) {
        a.push(x);
        b.push(y);
      }
    }
    const result = await binary('pow', onGpu(a, 'float32'), onGpu(b, 'float32'));
    const expected = store('float32', a.map((x, i) => Math.pow(Math.fround(x), Math.fround(b[i]))));
    expectClose(await result.data(), expected, { rtol: 1e-6 });
    const signs = await result.data();
    expected.forEach((e, i) => {
      if (e === 0) expect(Object.is(signs[i], e), `sign of pow(${a[i]}, ${b[i]})`).toBe(true);
    });
  });
});

describe('webgpu clip', () => {
  const cases: [DType, number, number][] = [
    ['float32', -1.5, 2.25], ['float32', 0.1, Infinity], ['int32', -1e9, 7.5], ['int8', 0.5, 100], ['uint8', -10, 20.9],
    ['uint32', 3e9, 5e9], ['int16', -1e6, -40000], ['int16', -1e6, 1e6], ['bool', 0, 0.5],
  ];
  for (const [dtype, min, max] of cases) {
    it(`${dtype} to [${min}, ${max}] stores bounds as its typed array would`, async () => {
      const x = sample(dtype, 50, 6);
      const result = await clip(onGpu(x, dtype, [5, 10]).transpose(), { min, max });
      const cpuView = onCpu(x, dtype, [5, 10]).transpose();
      expectClose(await result.data(), store(dtype, logical(cpuView).map((v) => Math.min(Math.max(v, min), max))));
    });
  }
});

describe('webgpu where', () => {
  it('picks by a broadcast condition and converts both sides to the result dtype', async () => {
    const cond = typed('uint8', 4, (i) => i % 2);
    for (const [da, db] of [['int32', 'float32'], ['uint8', 'int8'], ['uint32', 'int32'], ['bool', 'bool'], ['int16', 'uint16']] as [DType, DType][]) {
      const a = sample(da, 12, 7);
      const b = sample(db, 3, 8);
      const result = await where(onGpu(cond, 'bool', [1, 4]), onGpu(a, da, [3, 4]), onGpu(b, db, [3, 1]));
      const out = resultType(da, db);
      expect(result.dtype).toBe(out);
      const expected = store(out, Array.from({ length: 12 }, (_, i) => (cond[i % 4] ? a[i] : b[Math.floor(i / 4)])));
      expectClose(await result.data(), expected);
    }
  });
});

function castReference(v: number, from: DType, to: DType): number {
  if (to === 'bool') return v !== 0 ? 1 : 0; // NaN !== 0
  if (to === 'float32' || from !== 'float32') return v; // integers wrap as the typed array stores them
  if (Number.isNaN(v)) return 0;
  const C = typedArrayConstructor(to);
  const bits = C.BYTES_PER_ELEMENT * 8;
  const signed = to.startsWith('int');
  const lo = signed ? -(2 ** (bits - 1)) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  return Math.min(Math.max(Math.trunc(v), lo), hi);
}

describe('webgpu cast', () => {
  const DTYPES: DType[] = ['float32', 'int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8', 'bool'];
  it('converts between every pair: truncation and saturation from floats, NaN to 0, wrapping between integers', async () => {
    for (const from of DTYPES) {
      const x = from === 'float32' ? Float32Array.from([NaN, -Infinity, Infinity, -1.7, 1.7, -0.5, 300.9, -129.5, 3e9, -3e9, 65535.5, 4.5e9, 127.9]) : sample(from, 40, 9);
      const gx = onGpu(x, from);
      for (const to of DTYPES) {
        const result = await cast(gx, to);
        expect(result.dtype).toBe(to);
        expectClose(await result.data(), store(to, Array.from(x, (v) => castReference(v, from, to))));
        result.dispose();
      }
    }
  });

  it('refuses float64 output with the castFloat64 hint', async () => {
    await expect(cast(onGpu([1, 2], 'float32'), 'float64')).rejects.toThrow(/float64.*castFloat64: true/);
  });
});
