import { describe, expect, it } from 'vitest';
import { coalesce, forEachRow } from './rows.js';
import { randomShape, rng } from './test-support.js';

describe('coalesce', () => {
  it('merges axes every operand walks as one, and drops length-1 axes', () => {
    expect(coalesce([2, 3, 4], [[12, 4, 1], [12, 4, 1]]).shape).toEqual([24]);
    expect(coalesce([2, 3], [[3, 1], [0, 1]])).toEqual({ shape: [2, 3], strides: [[3, 1], [0, 1]], length: 3, inner: [1, 1] });
    expect(coalesce([4, 1, 5], [[-5, 7, -1], [5, 0, 1]]).shape).toEqual([20]);
    expect(coalesce([3, 4], [[1, 3], [4, 1]]).shape).toEqual([3, 4]);
    expect(coalesce([], [[], []])).toEqual({ shape: [1], strides: [[0], [0]], length: 1, inner: [0, 0] });
    expect(coalesce([1, 1], [[5, 9]])).toEqual({ shape: [1], strides: [[0]], length: 1, inner: [0] });
  });

  it('keeps the last axis apart (even of length 1) when asked', () => {
    expect(coalesce([2, 3, 4], [[12, 4, 1]], true).shape).toEqual([6, 4]);
    expect(coalesce([5, 1], [[1, 1]], true)).toEqual({ shape: [5, 1], strides: [[1, 1]], length: 1, inner: [1] });
  });
});

describe('forEachRow', () => {
  it('visits every element once, in row-major order, at the offsets a naive walk computes', () => {
    const random = rng(1);
    for (let trial = 0; trial < 400; trial++) {
      const shape = randomShape(Math.floor(random() * 5), 4, random, 0.05);
      // half the time row-major strides (some axes broadcast with 0, some flipped), which merge
      const rowMajor = () => {
        const strides = new Array<number>(shape.length);
        for (let ax = shape.length - 1, p = 1; ax >= 0; p *= shape[ax], ax--) strides[ax] = p;
        return strides.map((st) => (random() < 0.15 ? 0 : random() < 0.1 ? -st : st));
      };
      const strides = [0, 1].map(() => (random() < 0.5 ? rowMajor() : shape.map(() => Math.floor(random() * 21) - 10)));
      const offsets = [100, 200];
      const naive: number[][] = [];
      const total = shape.reduce((p, d) => p * d, 1);
      for (let flat = 0; flat < total; flat++) {
        let rest = flat;
        const at = [...offsets];
        for (let ax = shape.length - 1; ax >= 0; ax--) {
          const c = rest % shape[ax];
          rest = Math.floor(rest / shape[ax]);
          at[0] += c * strides[0][ax];
          at[1] += c * strides[1][ax];
        }
        naive.push(at);
      }
      const rows = coalesce(shape, strides);
      const seen: number[][] = [];
      forEachRow(rows, offsets, (at) => {
        for (let i = 0; i < rows.length; i++) seen.push([at[0] + i * rows.inner[0], at[1] + i * rows.inner[1]]);
      });
      expect(seen, JSON.stringify({ shape, strides })).toEqual(naive);
    }
  });
});
