import { ArgumentError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';

import { niceDomain } from './nice-domain.js';

describe('niceDomain', () => {
  it('widens linear data to multiples of the tick step, ignoring NaN and infinities', () => {
    expect(niceDomain('linear', [0.13, 97.3, NaN, Infinity, -Infinity])).toEqual([0, 100]);
    expect(niceDomain('linear', [-0.0003, 0.00021])).toEqual([-0.0003, 0.00025]);
    // float32 -0.0003 is -0.000300000014...: one step further out
    expect(niceDomain('linear', Float32Array.of(-0.0003, 0.00021))).toEqual([-0.00035, 0.00025]);
    expect(niceDomain('sqrt', [0, 17])).toEqual([0, 18]);
    expect(niceDomain('gamma', [3.2, 8.9], { count: 5 })).toEqual([3, 9]);
  });

  it('includes zero on request, and widens a single value by 10 %', () => {
    expect(niceDomain('linear', [12, 17], { includeZero: true })).toEqual([0, 18]);
    expect(niceDomain('linear', [-12, -7], { includeZero: true })).toEqual([-12, 0]);
    expect(niceDomain('linear', [5, 5, NaN])).toEqual([4.5, 5.5]);
    expect(niceDomain('linear', [0])).toEqual([-1, 1]);
  });

  it('log: positive values only, decades when they span one, 1-2-5 values otherwise', () => {
    expect(niceDomain('log', [0, -1, 3, 4200, NaN])).toEqual([1, 10000]);
    expect(niceDomain('log', [3, 7])).toEqual([2, 10]);
    expect(niceDomain('log', [0.013, 0.04])).toEqual([0.01, 0.05]);
    expect(niceDomain('log', [1000])).toEqual([100, 10000]);
    expect(niceDomain('log', [1500])).toEqual([1000, 10000]);
    expect(niceDomain('log', [2e-9, 3e-3], { includeZero: true })).toEqual([1e-9, 1e-2]);
  });

  it('symlog / asinh: decades beyond the threshold, linear steps inside it', () => {
    expect(niceDomain('symlog', [-350, 0.4, 12])).toEqual([-1000, 100]);
    expect(niceDomain('symlog', [-0.3, 0.5])).toEqual([-0.4, 0.6]);
    expect(niceDomain('asinh', [-0.5, 3e4], { linthresh: 1 })).toEqual([-0.6, 1e5]);
    expect(niceDomain('symlog', [20, 3000], { linthresh: 10 })).toEqual([10, 10000]);
  });

  it('throws a clear error when nothing can be plotted', () => {
    expect(() => niceDomain('linear', [])).toThrow(ArgumentError);
    expect(() => niceDomain('linear', [])).toThrow('data is empty: there is nothing to plot');
    expect(() => niceDomain('linear', [NaN, NaN, Infinity])).toThrow('data has no finite value to plot (3 values: 2 NaN, 1 infinite)');
    expect(() => niceDomain('log', [0, -2, NaN])).toThrow('data has no positive finite value to show on a log scale (3 values: 2 <= 0, 1 NaN, 0 infinite)');
    expect(() => niceDomain('log', new Float64Array(4))).toThrow(/4 values: 4 <= 0/);
    expect(() => niceDomain('linear', [1, '2' as unknown as number])).toThrow('data[1] must be a number, got "2"');
    expect(() => niceDomain('symlog', [1, 2], { linthresh: 0 })).toThrow(/linthresh must be a finite number > 0, got 0/);
  });
});
