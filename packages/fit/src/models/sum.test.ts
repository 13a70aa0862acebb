import { isPandaasError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { linspace } from '../testing/finite-difference.js';
import { constant, gaussian, linear, lorentzian, polynomial, pseudoVoigt } from './builtins.js';
import type { Model } from './model.js';
import { sum } from './sum.js';

const x = linspace(-10, 10, 41);

function values(model: Model, p: number[]): Float64Array {
  const out = new Float64Array(x.length);
  model.evaluate(x, Float64Array.from(p), out);
  return out;
}

/** A user model (no components, no Jacobian): a gaussian written out by hand. */
const userGaussian: Model = {
  name: 'user gaussian',
  parameters: ['H', 'C', 'W'],
  evaluate(xs, p, out) {
    for (let i = 0; i < xs.length; i++) out[i] = p[0] * Math.exp((-4 * Math.LN2 * (xs[i] - p[1]) ** 2) / p[2] ** 2);
  },
};

describe('sum', () => {
  it('names parameters as silx FitManager does: backgrounds bare, peaks numbered', () => {
    expect(sum(linear(), gaussian(), lorentzian()).parameters).toEqual([
      'Constant', 'Slope', 'Height1', 'Position1', 'FWHM1', 'Height2', 'Position2', 'FWHM2',
    ]);
    expect(sum(gaussian(), polynomial(2)).parameters).toEqual(['Height1', 'Position1', 'FWHM1', 'a', 'b', 'c']);
  });

  it('flattens sums of sums, numbering peaks across them', () => {
    const m = sum(sum(constant(), gaussian()), sum(gaussian(), pseudoVoigt()));
    expect(m.parameters).toEqual([
      'Constant', 'Height1', 'Position1', 'FWHM1', 'Height2', 'Position2', 'FWHM2', 'Height3', 'Position3', 'FWHM3', 'Eta3',
    ]);
    expect(m.components?.map((c) => [c.kind, c.offset])).toEqual([['constant', 0], ['gaussian', 1], ['gaussian', 4], ['pseudoVoigt', 7]]);
  });

  it('evaluates to the sum of its parts', () => {
    const m = sum(linear(), gaussian(), gaussian());
    const total = values(m, [1, 0.5, 3, -2, 2, 5, 1, 4]);
    const a = values(linear(), [1, 0.5]), b = values(gaussian(), [3, -2, 2]), c = values(gaussian(), [5, 1, 4]);
    for (let i = 0; i < x.length; i++) expect(total[i]).toBeCloseTo(a[i] + b[i] + c[i], 13);
  });

  it('mixes user models in: no Jacobian unless every part has one', () => {
    const m = sum(linear(), userGaussian);
    expect(m.parameters).toEqual(['Constant', 'Slope', 'H1', 'C1', 'W1']);
    expect(m.components).toBeUndefined();
    expect(m.jacobian).toBeUndefined();
    const total = values(m, [1, 0.5, 3, -2, 2]);
    const ref = values(sum(linear(), gaussian()), [1, 0.5, 3, -2, 2]);
    for (let i = 0; i < x.length; i++) expect(total[i]).toBeCloseTo(ref[i], 13);
    const withJac: Model = { ...userGaussian, jacobian: (xs, p, out) => gaussian().jacobian?.(xs, p, out) };
    const mj = sum(linear(), withJac);
    const jac = new Float64Array(5 * x.length), ref2 = new Float64Array(5 * x.length);
    mj.jacobian?.(x, Float64Array.of(1, 0.5, 3, -2, 2), jac);
    sum(linear(), gaussian()).jacobian?.(x, Float64Array.of(1, 0.5, 3, -2, 2), ref2);
    expect(Array.from(jac)).toEqual(Array.from(ref2));
  });

  it('rejects colliding names, no models, and non-models', () => {
    expect(() => sum(linear(), constant())).toThrow(/"Constant" appears twice/);
    expect(() => sum()).toThrow(/at least one model/);
    expect(() => sum({ name: 'bad' } as unknown as Model)).toThrow(/models\[0\] must be a Model/);
  });
});

describe('model argument checks', () => {
  it('throws typed errors naming the array and the expected size', () => {
    const g = gaussian();
    const out = new Float64Array(x.length);
    let caught: unknown;
    try {
      g.evaluate(x, Float64Array.of(1, 2), out);
    } catch (err) {
      caught = err;
    }
    expect(isPandaasError(caught, 'E_SHAPE')).toBe(true);
    expect(String(caught)).toMatch(/p must hold 3 parameters \(Height, Position, FWHM\); got 2/);
    expect(() => g.jacobian?.(x, Float64Array.of(1, 2, 3), out)).toThrow(/out must have length 123; got 41/);
    expect(() => g.evaluate([1, 2] as unknown as Float64Array, Float64Array.of(1, 2, 3), out)).toThrow(/x must be a Float64Array; got \[1, 2\]/);
    expect(() => polynomial(2.5)).toThrow(/degree must be an integer from 0 to 25; got 2.5/);
    expect(() => pseudoVoigt({ form: 'width' as 'area' })).toThrow(/options.form must be 'height' or 'area'; got "width"/);
  });
});
