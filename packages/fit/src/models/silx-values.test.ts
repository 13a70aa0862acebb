import { describe, expect, it } from 'vitest';
import fixture from '../__fixtures__/models/functions.json' with { type: 'json' };
import {
  atan, gaussian, gaussianArea, linear, lorentzian, lorentzianArea, polynomial, pseudoVoigt, slit, splitGaussian, splitLorentzian,
  splitPseudoVoigt, stepDown, stepUp,
} from './builtins.js';
import type { Model } from './model.js';
import { erf, erfc } from './step-kernels.js';
import { sum } from './sum.js';

const FACTORIES: Record<string, () => Model> = {
  gaussian, gaussianArea, lorentzian, lorentzianArea,
  pseudoVoigt: () => pseudoVoigt(), pseudoVoigtArea: () => pseudoVoigt({ form: 'area' }),
  splitGaussian, splitLorentzian, splitPseudoVoigt, stepUp, stepDown, slit, atan,
  polynomial2: () => polynomial(2), polynomial4: () => polynomial(4), linear,
};

describe('models against silx.math.fit.functions (scripts/fixtures/fit/leastsq_models.py)', () => {
  const x = Float64Array.from(fixture.x);
  it.each(fixture.models.map((c) => [`${c.model} ${c.params.join(', ')}`, c] as const))('%s', (_name, c) => {
    const single = FACTORIES[c.model]();
    const copies = c.params.length / single.parameters.length;
    // silx sums several peaks when given several parameter sets: so does sum(...)
    const model = copies === 1 ? single : sum(...Array.from({ length: copies }, () => FACTORIES[c.model]()));
    const out = new Float64Array(x.length);
    model.evaluate(x, Float64Array.from(c.params), out);
    const scale = Math.max(...c.y.map(Math.abs));
    // tolerance: 1e-13 of the curve's largest magnitude (silx's C code rounds differently, and may cut exp tails)
    for (let i = 0; i < x.length; i++) expect(Math.abs(out[i] - c.y[i]), `x=${x[i]}`).toBeLessThanOrEqual(1e-13 * scale);
  });
});

describe('erf and erfc against mpmath at 40 digits', () => {
  it.each(fixture.erf.map((c) => [c.x, c] as const))('x = %s', (_x, c) => {
    // tolerance: 1e-15 relative (Cody's approximations reach ~6e-16 here, also where erfc is ~1e-300)
    expect(Math.abs(erf(c.x) - c.erf)).toBeLessThanOrEqual(1e-15 * Math.abs(c.erf));
    expect(Math.abs(erfc(c.x) - c.erfc)).toBeLessThanOrEqual(1e-15 * Math.abs(c.erfc));
  });
  it('keeps the symmetries erf(-x) = -erf(x) and erfc(-x) = 2 - erfc(x), and the limits', () => {
    for (const v of [0.1, 0.46875, 0.5, 2, 3.9, 4.1, 10]) {
      expect(erf(-v)).toBe(-erf(v));
      expect(erfc(-v)).toBeCloseTo(2 - erfc(v), 15);
    }
    expect(erf(0)).toBe(0);
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
    expect(erf(Infinity)).toBe(1);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });
});
