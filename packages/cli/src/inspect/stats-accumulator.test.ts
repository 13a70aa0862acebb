import { describe, expect, it } from 'vitest';
import { planSlabs } from './slabs.js';
import { StatsAccumulator } from './stats-accumulator.js';

describe('StatsAccumulator', () => {
  it('sums uint32 exactly beyond 2^53, in any chunking', () => {
    const n = 4_000_000; // 4e6 * (2^32 - 1) ≈ 1.7e16 > 2^53 ≈ 9.0e15: a float64 sum would round
    const values = new Uint32Array(n).fill(0xffffffff);
    values[17] = 5;
    const expected = BigInt(n - 1) * 0xffffffffn + 5n;
    for (const chunk of [n, 1_000_003, 65_536]) {
      const acc = new StatsAccumulator({ integer: true });
      for (let i = 0; i < n; i += chunk) acc.add(values.subarray(i, i + chunk));
      const stats = acc.result();
      expect([chunk, stats.sum]).toEqual([chunk, expected]);
      expect(stats.exact).toBe(true);
      expect(stats.min).toBe(5);
      expect(stats.max).toBe(0xffffffff);
      expect(stats.count).toBe(n);
      expect(stats.nanCount).toBe(0);
    }
  });

  it('sums negative and positive integers near ±2^53 exactly (int64 data read as float64)', () => {
    const big = 2 ** 53 - 1;
    const acc = new StatsAccumulator({ integer: true });
    acc.add(new Float64Array([big, big, -3, big, -big, 7]));
    expect(acc.result().sum).toBe(2n * BigInt(big) + 4n);
    const negative = new StatsAccumulator({ integer: true });
    negative.add(new Float64Array([-big, -big, -big]));
    expect(negative.result().sum).toBe(-3n * BigInt(big));
    expect(negative.result().mean).toBe(-big);
  });

  it('leaves NaN out of min, max, sum and mean, and counts it', () => {
    const acc = new StatsAccumulator({ integer: false });
    acc.add(new Float32Array([NaN, 1.5, -2, NaN]));
    acc.add(new Float32Array([4, NaN]));
    const stats = acc.result();
    expect(stats).toMatchObject({ count: 6, nanCount: 3, min: -2, max: 4, sum: 3.5, exact: false });
    expect(stats.mean).toBeCloseTo(3.5 / 3, 15);
  });

  it('keeps infinities: an infinite sum and mean, NaN when +Inf and -Inf meet', () => {
    const plus = new StatsAccumulator({ integer: false });
    plus.add(new Float64Array([1, Infinity, 2]));
    expect(plus.result()).toMatchObject({ min: 1, max: Infinity, sum: Infinity, mean: Infinity });
    const both = new StatsAccumulator({ integer: false });
    both.add(new Float64Array([-Infinity, Infinity]));
    expect(both.result().sum).toBeNaN();
  });

  it('compensates float sums: 1e16 + many ones - 1e16 keeps the ones', () => {
    const values = new Float64Array(1002).fill(1);
    values[0] = 1e16;
    values[1001] = -1e16;
    let naive = 0;
    for (const v of values) naive += v;
    const acc = new StatsAccumulator({ integer: false });
    acc.add(values);
    expect(naive).not.toBe(1000); // the plain float64 loop loses them
    expect(acc.result().sum).toBe(1000);
  });

  it('has no min, max or mean without values (none, or all NaN)', () => {
    const empty = new StatsAccumulator({ integer: true });
    empty.add(new Int32Array(0));
    expect(empty.result()).toMatchObject({ count: 0, min: undefined, max: undefined, sum: 0n });
    expect(empty.result().mean).toBeNaN();
    const nan = new StatsAccumulator({ integer: false });
    nan.add(new Float32Array([NaN, NaN]));
    expect(nan.result()).toMatchObject({ count: 2, nanCount: 2, min: undefined, max: undefined, sum: 0 });
  });
});

describe('planSlabs', () => {
  /** Every element's flat index visited by the plan, in order. */
  function visited(shape: number[], budget: number, chunks: number[] | null): number[] {
    const out: number[] = [];
    const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
    for (const selection of planSlabs(shape, 1, budget, chunks).selections()) {
      const ranges = shape.map((n, axis) => {
        const spec = selection[axis];
        if (typeof spec === 'number') return [spec, spec + 1];
        if (Array.isArray(spec)) return [spec[0] as number, spec[1] as number];
        return [0, n];
      });
      const walk = (axis: number, offset: number) => {
        if (axis === shape.length) return void out.push(offset);
        for (let i = ranges[axis]![0]!; i < ranges[axis]![1]!; i++) walk(axis + 1, offset + i * strides[axis]!);
      };
      const before = out.length;
      walk(0, 0);
      expect(out.length - before).toBeLessThanOrEqual(Math.max(budget, 1));
    }
    return out;
  }

  it.each([
    [[7], 3, null],
    [[5, 4, 3], 100, null],
    [[5, 4, 3], 12, null],
    [[5, 4, 3], 13, null],
    [[5, 4, 3], 5, null],
    [[5, 4, 3], 1, null],
    [[3, 7, 4], 20, [1, 2, 4]],
    [[2, 3, 4, 5], 40, null],
  ])('shape %j with a budget of %i elements covers every element once, in order', (shape, budget, chunks) => {
    const order = visited(shape as number[], budget as number, chunks as number[] | null);
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    expect(order).toEqual(Array.from({ length: size }, (_, i) => i));
    const plan = planSlabs(shape as number[], 1, budget as number, chunks as number[] | null);
    expect([...plan.selections()].length).toBe(plan.count);
  });

  it('keeps each slab within the budget and rounds runs to whole chunks', () => {
    const plan = planSlabs([100, 2167, 2070], 4, 64 * 2 ** 20, [1, 2167, 2070]);
    expect(plan.count).toBe(Math.ceil(100 / Math.floor((64 * 2 ** 20) / (2167 * 2070 * 4))));
    const chunked = planSlabs([100, 10, 10], 8, 7 * 100 * 8, [2, 10, 10]);
    const runs = [...chunked.selections()].map((s) => s[0] as readonly number[]);
    expect(runs.every(([a, b]) => a! % 2 === 0 && b! - a! <= 7)).toBe(true);
    expect(runs[0]).toEqual([0, 6]);
  });

  it('reads a small dataset in one piece, and nothing of an empty one', () => {
    expect([...planSlabs([3, 4], 8, 1024, null).selections()]).toEqual([[]]);
    expect(planSlabs([0, 4], 8, 1, null).count).toBe(0);
    expect([...planSlabs([], 8, 1024, null).selections()]).toEqual([[]]);
  });
});
