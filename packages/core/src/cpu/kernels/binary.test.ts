import { afterAll, describe, expect, it } from 'vitest';
import { shutdownBackends } from '../../backend-registry.js';
import { DTYPES, type DType } from '../../dtype.js';
import type { BinaryOp } from '../../kernel-names.js';
import type { NdArray } from '../../ndarray.js';
import { binary } from '../../ops/elementwise.js';
import { lastPoolRun, setPoolSize } from '../pool.js';
import {
  broadcastOf, broadcastView, LAYOUTS, logical, mismatch, pick, randomShape, randomValues, readBroadcast, rng, specialValues, stored, view,
} from '../test-support.js';

const OPS: readonly BinaryOp[] = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual',
];

afterAll(async () => {
  setPoolSize(undefined);
  await shutdownBackends();
});

/** `x op y` on the exact values, as the contract says, stored as `out` (32-bit products exactly, by BigInt). */
function expected(op: BinaryOp, x: number, y: number, out: DType): number {
  const nan = Number.isNaN(x) || Number.isNaN(y);
  switch (op) {
    case 'add': return stored(out, x + y);
    case 'sub': return stored(out, x - y);
    case 'mul':
      if (out === 'int32' || out === 'uint32') return stored(out, Number(BigInt.asUintN(32, BigInt(x) * BigInt(y))));
      return stored(out, x * y);
    case 'div': return stored(out, x / y);
    case 'pow': return stored(out, x ** y);
    case 'maximum': return stored(out, nan ? NaN : x >= y ? x : y);
    case 'minimum': return stored(out, nan ? NaN : x <= y ? x : y);
    case 'equal': return x === y ? 1 : 0;
    case 'notEqual': return x !== y ? 1 : 0;
    case 'less': return x < y ? 1 : 0;
    case 'lessEqual': return x <= y ? 1 : 0;
    case 'greater': return x > y ? 1 : 0;
    case 'greaterEqual': return x >= y ? 1 : 0;
  }
}

/** The naive result of `a op b` over the broadcast shape, from the inputs' row-major values. */
function oracle(op: BinaryOp, a: NdArray, b: NdArray, out: DType): number[] {
  const va = logical(a);
  const vb = logical(b);
  const shape = broadcastOf(a.shape, b.shape);
  const n = shape.reduce((p, d) => p * d, 1);
  return Array.from({ length: n }, (_, i) => expected(op, readBroadcast(va, a.shape, shape, i), readBroadcast(vb, b.shape, shape, i), out));
}

async function check(op: BinaryOp, a: NdArray, b: NdArray): Promise<void> {
  const got = await binary(op, a, b);
  expect(got.shape).toEqual(broadcastOf(a.shape, b.shape));
  const problem = mismatch(logical(got), oracle(op, a, b, got.dtype));
  expect(problem, `${op} ${a.dtype}${JSON.stringify(a.shape)} ${b.dtype}${JSON.stringify(b.shape)}`).toBeUndefined();
}

/** A shape that broadcasts against `shape`: some leading axes dropped, some lengths set to 1. */
function partner(shape: readonly number[], random: () => number): number[] {
  return shape.slice(Math.floor(random() * (shape.length + 1))).map((d) => (random() < 0.3 ? 1 : d));
}

describe('cpu binary', () => {
  for (const op of OPS) {
    it(`${op}: every dtype pair, in every layout and broadcast, matches a naive loop`, async () => {
      const random = rng(OPS.indexOf(op) + 1);
      for (const da of DTYPES) {
        for (const db of DTYPES) {
          const shapeA = randomShape(Math.floor(random() * 4), 4, random);
          const shapeB = partner(shapeA, random);
          const [first, second] = random() < 0.5 ? [shapeA, shapeB] : [shapeB, shapeA];
          const a = view(da, first, randomValues(da, first.reduce((p, d) => p * d, 1), random), pick(LAYOUTS, random));
          const b = view(db, second, randomValues(db, second.reduce((p, d) => p * d, 1), random), pick(LAYOUTS, random));
          await check(op, a, b);
          // every pair of edge values: a column against a row
          const [ea, eb] = [specialValues(da), specialValues(db)];
          await check(op, view(da, [ea.length, 1], ea, 'strided'), view(db, [eb.length], eb, 'contiguous'));
        }
      }
    });
  }

  it('runs the fast paths (same shape, scalar left and right, row broadcast) like the general one', async () => {
    const random = rng(99);
    for (const dtype of ['float32', 'int32', 'uint8'] as const) {
      for (const op of ['sub', 'mul', 'div', 'less'] as const) {
        const x = view(dtype, [50], randomValues(dtype, 50, random), 'contiguous');
        const y = view(dtype, [50], randomValues(dtype, 50, random), 'offset');
        const s = view(dtype, [], randomValues(dtype, 1, random), 'contiguous');
        const row = view(dtype, [7], randomValues(dtype, 7, random), 'contiguous');
        const grid = view(dtype, [3, 7], randomValues(dtype, 21, random), 'contiguous');
        await check(op, x, y);
        await check(op, s, x);
        await check(op, x, s);
        await check(op, grid, row);
        await check(op, row, grid);
      }
    }
  });

  it('reads true broadcasts (stride 0 over long axes)', async () => {
    const random = rng(7);
    for (const dtype of ['float64', 'int16'] as const) {
      const { x } = broadcastView(dtype, [4, 3, 5], [false, true, false], random);
      const { x: y } = broadcastView(dtype, [4, 3, 5], [true, false, true], random);
      await check('add', x, y);
      await check('maximum', x, y.slice(null, null, [null, null, -1]));
    }
  });

  it('gives empty results for empty inputs', async () => {
    const a = view('float32', [2, 0], [], 'contiguous');
    const b = view('float32', [0], [], 'contiguous');
    const got = await binary('add', a, b);
    expect(got.shape).toEqual([2, 0]);
    expect(got.size).toBe(0);
  });

  it('wraps 32-bit integer products like WGSL i32/u32', async () => {
    const random = rng(3);
    for (const dtype of ['int32', 'uint32'] as const) {
      const a = view(dtype, [200], randomValues(dtype, 200, random), 'contiguous');
      const b = view(dtype, [200], randomValues(dtype, 200, random), 'strided');
      await check('mul', a, b);
    }
  });

  it('splits large contiguous inputs over more than one worker, with the same bits as one thread', async () => {
    const random = rng(11);
    const n = 300_001;
    for (const [da, db, op] of [['float32', 'float32', 'add'], ['float64', 'float32', 'div'], ['int32', 'int32', 'mul'], ['uint8', 'int8', 'greater']] as const) {
      const a = view(da, [n], randomValues(da, n, random), 'contiguous', true);
      const b = view(db, [n], randomValues(db, n, random), 'contiguous', true);
      setPoolSize(1);
      const single = logical(await binary(op, a, b));
      setPoolSize(3);
      const pooled = await binary(op, a, b);
      expect(lastPoolRun().workers).toBeGreaterThan(1);
      const bits = logical(pooled);
      expect(bits.every((v, i) => Object.is(v, single[i]))).toBe(true);
      expect(mismatch(bits, oracle(op, a, b, pooled.dtype))).toBeUndefined();
    }
  });
});
