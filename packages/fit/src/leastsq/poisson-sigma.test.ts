import { describe, expect, it } from 'vitest';
import { expectPandaasError } from '../testing/errors.js';
import { poissonSigma } from './poisson-sigma.js';

describe('poissonSigma: σ = √max(y, 1)', () => {
  it('is √y for counts of at least 1 and 1 below (exact: squares and 1)', () => {
    expect(Array.from(poissonSigma([0, 0.25, 1, 4, 100, 2.25]))).toEqual([1, 1, 1, 2, 10, 1.5]);
    // negative counts (a subtracted background) weigh like 1, unlike √y
    expect(Array.from(poissonSigma(Float64Array.of(-9, -0.5)))).toEqual([1, 1]);
    // not a perfect square: within 1 ulp of Math.sqrt's correctly rounded value (relative 1e-15)
    expect(poissonSigma([2])[0]! ** 2).toBeCloseTo(2, 14);
  });

  it('lets non-finite counts through for the fit to reject: NaN and +∞ stay, −∞ gives 1', () => {
    const sigma = poissonSigma([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(sigma[0]).toBeNaN();
    expect(sigma[1]).toBe(Number.POSITIVE_INFINITY);
    expect(sigma[2]).toBe(1);
  });

  it('writes into out, and may work in place', () => {
    const out = new Float64Array(3).fill(-1);
    expect(poissonSigma([9, 0, 16], out)).toBe(out);
    expect(Array.from(out)).toEqual([3, 1, 4]);
    const y = Float64Array.of(25, 0.5);
    expect(poissonSigma(y, y)).toBe(y);
    expect(Array.from(y)).toEqual([5, 1]);
    expect(poissonSigma([]).length).toBe(0);
  });

  it('throws typed errors naming the argument', () => {
    expectPandaasError(() => poissonSigma(null as unknown as number[]), 'E_ARGUMENT', /y must be an array of counts; got null/);
    expectPandaasError(() => poissonSigma(4 as unknown as number[]), 'E_ARGUMENT', /y must be an array of counts; got 4/);
    expectPandaasError(() => poissonSigma([1, 2], [0, 0] as unknown as Float64Array), 'E_ARGUMENT', /out must be a Float64Array/);
    expectPandaasError(() => poissonSigma([1, 2], new Float64Array(3)), 'E_SHAPE', /out must hold one value per count \(2\); got length 3/);
  });
});
