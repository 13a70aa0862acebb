import { afterAll, describe, expect, it } from 'vitest';
import { shutdownBackends } from '../../backend-registry.js';
import { DTYPES, type DType } from '../../dtype.js';
import type { UnaryOp } from '../../kernel-names.js';
import type { NdArray } from '../../ndarray.js';
import { unary } from '../../ops/elementwise.js';
import { lastPoolRun, setPoolSize } from '../pool.js';
import { broadcastView, LAYOUTS, logical, mismatch, randomShape, randomValues, rng, specialValues, stored, view } from '../test-support.js';

const OPS: readonly UnaryOp[] = ['abs', 'neg', 'sign', 'square', 'sqrt', 'exp', 'log', 'log1p', 'floor', 'ceil', 'isnan'];

afterAll(async () => {
  setPoolSize(undefined);
  await shutdownBackends();
});

/** `op(x)` on the exact value, stored as `out` (32-bit squares exactly, by BigInt). */
function expected(op: UnaryOp, x: number, out: DType): number {
  switch (op) {
    case 'abs': return stored(out, x < 0 ? -x : x);
    case 'neg': return stored(out, -x);
    case 'sign': return stored(out, Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0);
    case 'square':
      if (out === 'int32' || out === 'uint32') return stored(out, Number(BigInt.asUintN(32, BigInt(x) * BigInt(x))));
      return stored(out, x * x);
    case 'sqrt': return stored(out, Math.sqrt(x));
    case 'exp': return stored(out, Math.exp(x));
    case 'log': return stored(out, Math.log(x));
    case 'log1p': return stored(out, Math.log1p(x));
    case 'floor': return stored(out, Math.floor(x));
    case 'ceil': return stored(out, Math.ceil(x));
    case 'isnan': return Number.isNaN(x) ? 1 : 0;
  }
}

async function check(op: UnaryOp, x: NdArray): Promise<NdArray> {
  const got = await unary(op, x);
  expect(got.shape).toEqual(x.shape);
  const want = logical(x).map((v) => expected(op, v, got.dtype));
  expect(mismatch(logical(got), want), `${op} ${x.dtype}${JSON.stringify(x.shape)}`).toBeUndefined();
  return got;
}

describe('cpu unary', () => {
  for (const op of OPS) {
    it(`${op}: every dtype, in every layout, matches a naive loop`, async () => {
      const random = rng(OPS.indexOf(op) + 100);
      for (const dtype of DTYPES) {
        for (const layout of LAYOUTS) {
          const shape = randomShape(Math.floor(random() * 4), 5, random);
          await check(op, view(dtype, shape, randomValues(dtype, shape.reduce((p, d) => p * d, 1), random), layout));
        }
        const specials = specialValues(dtype);
        await check(op, view(dtype, [specials.length], specials, 'flipped'));
        await check(op, broadcastView(dtype, [3, 4, 2], [false, true, false], random).x);
        await check(op, view(dtype, [0, 3], [], 'contiguous'));
      }
    });
  }

  it('splits large contiguous inputs over more than one worker, with the same bits as one thread', async () => {
    const random = rng(5);
    const n = 200_003;
    for (const [dtype, op] of [['float32', 'exp'], ['float64', 'log1p'], ['int32', 'square'], ['int8', 'neg']] as const) {
      const x = view(dtype, [n], randomValues(dtype, n, random), 'contiguous', true);
      setPoolSize(1);
      const single = logical(await unary(op, x));
      setPoolSize(2);
      const pooled = logical(await check(op, x));
      expect(lastPoolRun().workers).toBe(2);
      expect(pooled.every((v, i) => Object.is(v, single[i]))).toBe(true);
    }
  });
});
