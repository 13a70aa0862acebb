import { afterAll, describe, expect, it } from 'vitest';
import { shutdownBackends } from '../../backend-registry.js';
import { DTYPES, isFloat, type DType } from '../../dtype.js';
import type { ReduceOp } from '../../kernel-names.js';
import type { NdArray } from '../../ndarray.js';
import { reduce } from '../../ops/reduce.js';
import { lastPoolRun, setPoolSize } from '../pool.js';
import { broadcastView, LAYOUTS, logical, pick, randomShape, randomValues, rng, specialValues, stored, view } from '../test-support.js';

const OPS: readonly ReduceOp[] = ['sum', 'mean', 'min', 'max', 'argmin', 'argmax'];

afterAll(async () => {
  setPoolSize(undefined);
  await shutdownBackends();
});

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/**
 * For every output (kept coordinates, row-major), a loop over its reduced coordinates in
 * row-major order: float64 sums, NaN-propagating min/max, first extreme (or first NaN) for arg*.
 * Also returns, per output, the sum of |x| (the scale of a sum's rounding error).
 */
function oracle(op: ReduceOp, x: NdArray, axes: readonly number[], out: DType): { values: number[]; scale: number[] } {
  const values = logical(x);
  const reduced = x.shape.map((_, ax) => axes.includes(ax));
  const keptShape = x.shape.filter((_, ax) => !reduced[ax]);
  const redShape = x.shape.filter((_, ax) => reduced[ax]);
  const result: number[] = [];
  const scale: number[] = [];
  for (let o = 0; o < size(keptShape); o++) {
    const keptCoords = unravel(o, keptShape);
    let acc = op === 'min' ? Infinity : op === 'max' ? -Infinity : 0;
    let abs = 0;
    let best = NaN;
    let arg = -1;
    for (let r = 0; r < size(redShape); r++) {
      const redCoords = unravel(r, redShape);
      let k = 0;
      let j = 0;
      const flat = x.shape.reduce((p, d, ax) => p * d + (reduced[ax] ? redCoords[j++] : keptCoords[k++]), 0);
      const v = values[flat];
      abs += Math.abs(v);
      if (op === 'sum' || op === 'mean') acc += v;
      else if (op === 'min') acc = Number.isNaN(acc) || Number.isNaN(v) ? NaN : v < acc ? v : acc;
      else if (op === 'max') acc = Number.isNaN(acc) || Number.isNaN(v) ? NaN : v > acc ? v : acc;
      else if (arg < 0 || (!Number.isNaN(best) && (Number.isNaN(v) || (op === 'argmin' ? v < best : v > best)))) {
        best = v;
        arg = r;
      }
    }
    const value = op === 'argmin' || op === 'argmax' ? arg : op === 'mean' ? acc / size(redShape) : acc;
    result.push(stored(out, value));
    scale.push(op === 'mean' ? abs / size(redShape) : abs);
  }
  return { values: result, scale };
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length);
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    coords[ax] = flat % shape[ax];
    flat = Math.floor(flat / shape[ax]);
  }
  return coords;
}

function ulp(v: number, dtype: DType): number {
  const bits = dtype === 'float64' ? 52 : 23;
  return Number.isFinite(v) && v !== 0 ? 2 ** (Math.floor(Math.log2(Math.abs(v))) - bits) : 0;
}

/**
 * Compares exactly, except float sums and means: those may differ by one unit in the last place
 * of the output dtype (rounding) plus 1e-12 of the sum of |x| (float64 accumulation order).
 */
async function check(op: ReduceOp, x: NdArray, axes: readonly number[] | undefined, keepDims: boolean): Promise<void> {
  const all = axes ?? x.shape.map((_, ax) => ax);
  const got = await reduce(op, x, { axis: axes, keepDims });
  const shape = keepDims ? x.shape.map((d, ax) => (all.includes(ax) ? 1 : d)) : x.shape.filter((_, ax) => !all.includes(ax));
  const label = `${op} ${x.dtype}${JSON.stringify(x.shape)} axes ${JSON.stringify(axes)} keepDims ${keepDims}`;
  expect(got.shape, label).toEqual(shape);
  const want = oracle(op, x, all, got.dtype);
  const values = logical(got);
  values.forEach((g, i) => {
    const w = want.values[i];
    if (g === w || (Number.isNaN(g) && Number.isNaN(w))) return;
    const tolerance = (op === 'sum' || op === 'mean') && isFloat(got.dtype) ? ulp(w, got.dtype) + 1e-12 * want.scale[i] : 0;
    expect(Math.abs(g - w), `${label}: element ${i} ${g} vs ${w}`).toBeLessThanOrEqual(tolerance);
  });
}

describe('cpu reduce', () => {
  for (const op of OPS) {
    it(`${op}: every dtype, random axes and layouts, matches a naive loop`, async () => {
      const random = rng(OPS.indexOf(op) + 200);
      for (const dtype of DTYPES) {
        for (let trial = 0; trial < 8; trial++) {
          const nd = Math.floor(random() * 5);
          const shape = randomShape(nd, 4, random);
          const axes = random() < 0.25 ? undefined : shape.map((_, ax) => ax).filter(() => random() < 0.5);
          const x = view(dtype, shape, randomValues(dtype, size(shape), random), pick(LAYOUTS, random));
          await check(op, x, axes, random() < 0.5);
        }
        const specials = specialValues(dtype);
        const rows = [...specials.slice(1), ...specials.slice(0, 1), ...specials.slice(2), ...specials.slice(0, 2)];
        await check(op, view(dtype, [2, rows.length / 2], rows, 'transposed'), [1], false);
        await check(op, broadcastView(dtype, [3, 4, 5], [false, true, false], random).x, [1, 2], false);
        await check(op, view(dtype, [0, 3], [], 'contiguous'), [1], false);
      }
    });
  }

  it('gives first indices for ties and for NaN', async () => {
    const x = view('float32', [2, 5], [1, 3, 3, NaN, NaN, 4, -2, 4, -2, 0], 'contiguous');
    expect(logical(await reduce('argmax', x, { axis: 1 }))).toEqual([3, 0]);
    expect(logical(await reduce('argmin', x, { axis: 1 }))).toEqual([3, 1]);
    expect(logical(await reduce('argmax', x.slice(1)))).toEqual([0]);
    const ints = view('int32', [6], [-(2 ** 31), 5, 5, -(2 ** 31), 2 ** 31 - 1, 2 ** 31 - 1], 'flipped');
    expect(logical(await reduce('argmax', ints))).toEqual([4]);
    expect(logical(await reduce('argmin', ints))).toEqual([0]);
  });

  it('sums over empty axes to 0 (mean NaN) and returns empty outputs for empty kept axes', async () => {
    const x = view('float32', [3, 0], [], 'contiguous');
    expect(logical(await reduce('sum', x, { axis: 1 }))).toEqual([0, 0, 0]);
    expect(logical(await reduce('mean', x, { axis: 1 })).every(Number.isNaN)).toBe(true);
    expect((await reduce('max', x, { axis: 0 })).shape).toEqual([0]);
  });

  it('sums whole large arrays over more than one worker, with the same bits as one thread', async () => {
    const random = rng(13);
    const n = 1_200_007; // past the pool's threshold for sums (2^20)
    for (const dtype of ['float32', 'float64', 'int32', 'uint16'] as const) {
      const x = view(dtype, [n], randomValues(dtype, n, random, false), 'contiguous', true);
      setPoolSize(1);
      const single = logical(await reduce('sum', x));
      setPoolSize(3);
      const pooled = logical(await reduce('sum', x));
      expect(lastPoolRun().workers).toBeGreaterThan(1);
      expect(Object.is(pooled[0], single[0])).toBe(true);
      await check('mean', x, undefined, false);
    }
  });
});
