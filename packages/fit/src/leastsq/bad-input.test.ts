import { describe, expect, it } from 'vitest';
import { constant, gaussian, linear } from '../models/builtins.js';
import type { Model } from '../models/model.js';
import { sum } from '../models/sum.js';
import { expectPandaasError } from '../testing/errors.js';
import { linspace } from '../testing/finite-difference.js';
import type { Constraint } from './constraints.js';
import { leastsq } from './leastsq.js';

const x = linspace(0, 99, 100);
const model = sum(linear(), gaussian());
const truth = [10, 0.05, 100, 50, 12];
const y = new Float64Array(100);
model.evaluate(x, Float64Array.from(truth), y);
const p0 = [8, 0, 90, 48, 10];

function expectArgumentError(f: () => unknown, message: RegExp, code: 'E_ARGUMENT' | 'E_SHAPE' = 'E_ARGUMENT'): void {
  expectPandaasError(f, code, message);
}

describe('leastsq bad input: typed errors naming the argument and value', () => {
  it('too few points for the fitted parameters', () => {
    expectArgumentError(() => leastsq(model, [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], p0), /too few points.*got 5 points for 5 fitted parameters/);
    // fixing parameters lowers the count: 5 points then suffice for 4 fitted ones
    const fixed: Constraint[] = [{ code: 'free' }, { code: 'fixed' }, { code: 'free' }, { code: 'free' }, { code: 'free' }];
    expect(() => leastsq(model, [40, 45, 50, 55, 60], [20, 60, 110, 60, 20], p0, { constraints: fixed })).not.toThrow();
    expectArgumentError(() => leastsq(model, [], [], p0), /too few points/);
  });

  it('NaN or infinite data, abscissae, p0 and weights', () => {
    const yNaN = Float64Array.from(y);
    yNaN[7] = NaN;
    expectArgumentError(() => leastsq(model, x, yNaN, p0), /y\[7\] must be a finite number; got NaN/);
    const xInf = Float64Array.from(x);
    xInf[3] = Infinity;
    expectArgumentError(() => leastsq(model, xInf, y, p0), /x\[3\] must be a finite number; got Infinity/);
    expectArgumentError(() => leastsq(model, x, y, [8, 0, NaN, 48, 10]), /p0\[2\] must be a finite number; got NaN/);
    const sigma = new Float64Array(100).fill(1);
    sigma[9] = NaN;
    expectArgumentError(() => leastsq(model, x, y, p0, { sigma }), /options.sigma\[9\] must be a positive finite number; got NaN/);
  });

  it('zero or negative sigma', () => {
    const sigma = new Float64Array(100).fill(2);
    sigma[4] = 0;
    expectArgumentError(() => leastsq(model, x, y, p0, { sigma }), /options.sigma\[4\] must be a positive finite number; got 0/);
    sigma[4] = -1;
    expectArgumentError(() => leastsq(model, x, y, p0, { sigma }), /options.sigma\[4\] must be a positive finite number; got -1/);
    expectArgumentError(() => leastsq(model, x, y, p0, { sigma: -3 }), /options.sigma must be a positive finite number or one per point; got -3/);
    expectArgumentError(() => leastsq(model, x, y, p0, { sigma: [1, 2] }), /options.sigma must hold one uncertainty per point \(100\)/, 'E_SHAPE');
  });

  it('p0 outside its quoted bounds, and bounds that are not min < max', () => {
    const c = (min: number, max: number): Constraint[] => [{ code: 'free' }, { code: 'free' }, { code: 'free' }, { code: 'free' }, { code: 'quoted', min, max }];
    expectArgumentError(() => leastsq(model, x, y, p0, { constraints: c(11, 20) }), /p0\[4\] \(FWHM1\) = 10 lies outside its quoted bounds \[11, 20\]/);
    expectArgumentError(() => leastsq(model, x, y, p0, { constraints: c(20, 5) }), /options.constraints\[4\] needs min < max; got min = 20, max = 5/);
    expectArgumentError(() => leastsq(model, x, y, p0, { constraints: c(NaN, 5) }), /options.constraints\[4\].min must be a finite number; got NaN/);
  });

  it('ties to a missing, tied or own parameter; unknown codes; nothing to fit', () => {
    const tie = (ref: number | string): Constraint[] => [{ code: 'free' }, { code: 'free' }, { code: 'free' }, { code: 'free' }, { code: 'factor', ref, factor: 2 }];
    expectArgumentError(() => leastsq(model, x, y, p0, { constraints: tie('FWHM2') }), /options.constraints\[4\].ref names no parameter: got "FWHM2" \(parameters: Constant, Slope, Height1, Position1, FWHM1\)/);
    expectArgumentError(() => leastsq(model, x, y, p0, { constraints: tie(9) }), /options.constraints\[4\].ref names no parameter: got 9/);
    expectArgumentError(() => leastsq(model, x, y, p0, { constraints: tie(4) }), /ties FWHM1 to itself/);
    const chain: Constraint[] = [{ code: 'free' }, { code: 'free' }, { code: 'free' }, { code: 'delta', ref: 4, delta: 1 }, { code: 'factor', ref: 0, factor: 2 }];
    expectArgumentError(() => leastsq(model, x, y, p0, { constraints: chain }), /ties Position1 to FWHM1, which is itself factor/);
    const unknown = [{ code: 'free' }, { code: 'bounded' }, { code: 'free' }, { code: 'free' }, { code: 'free' }] as unknown as Constraint[];
    expectArgumentError(() => leastsq(model, x, y, p0, { constraints: unknown }), /options.constraints\[1\].code must be one of free, positive, quoted, fixed, factor, delta, sum, ignored; got "bounded"/);
    const none: Constraint[] = Array.from({ length: 5 }, () => ({ code: 'fixed' }));
    expectArgumentError(() => leastsq(model, x, y, p0, { constraints: none }), /leave no parameter to fit/);
    expectArgumentError(() => leastsq(model, x, y, p0, { constraints: [{ code: 'free' }] }), /one constraint per parameter \(5: /, 'E_SHAPE');
  });

  it('wrong shapes and options', () => {
    expectArgumentError(() => leastsq(model, x, y, [1, 2]), /p0 must hold one value per parameter \(5: Constant, Slope, Height1, Position1, FWHM1\); got 2/, 'E_SHAPE');
    expectArgumentError(() => leastsq(model, x, y.subarray(1), p0), /x and y must have the same length; got 100 and 99/, 'E_SHAPE');
    expectArgumentError(() => leastsq(model, x, y, p0, { maxIter: 0 }), /options.maxIter must be a positive integer; got 0/);
    expectArgumentError(() => leastsq(model, x, y, p0, { deltaChi: -1 }), /options.deltaChi must be a finite number >= 0; got -1/);
    const noJac: Model = { name: 'plain', parameters: ['a'], evaluate: (xs, p, out) => out.fill(p[0]) };
    expectArgumentError(() => leastsq(noJac, x, y, [1], { jacobian: 'analytic' }), /options.jacobian is 'analytic' but model "plain" has no jacobian/);
  });
});

describe('leastsq failures: a status and a message, never NaN parameters reported as success', () => {
  it('a parameter without effect: singular, infinite sigma, the parameter named', () => {
    const idle: Model = {
      name: 'line with an idle parameter',
      parameters: ['a', 'b', 'idle'],
      evaluate: (xs, p, out) => { for (let i = 0; i < xs.length; i++) out[i] = p[0] + p[1] * xs[i]; },
    };
    const r = leastsq(idle, x, Float64Array.from(x, (v) => 1 + 2 * v), [0, 0, 5]);
    expect(r.status).toBe('singular');
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/idle \(parameter 2\) has no effect/);
    expect(Array.from(r.params).every(Number.isFinite)).toBe(true);
    expect(Array.from(r.sigmas)).toEqual([Infinity, Infinity, Infinity]);
  });

  it('parameters that cannot be separated: singular covariance at the result', () => {
    // two gaussians at the same fixed place and width: only Height1 + Height2 is determined
    const twin = sum(constant(), gaussian(), gaussian());
    const fixedShape: Constraint[] = [{ code: 'free' }, { code: 'free' }, { code: 'fixed' }, { code: 'fixed' }, { code: 'free' }, { code: 'fixed' }, { code: 'fixed' }];
    const yy = new Float64Array(100);
    twin.evaluate(x, Float64Array.of(5, 30, 50, 10, 20, 50, 10), yy);
    const r = leastsq(twin, x, yy, [4, 10, 50, 10, 10, 50, 10], { constraints: fixedShape });
    expect(r.status).toBe('singular');
    expect(r.message).toMatch(/cannot be inverted/);
    expect(Array.from(r.params).every(Number.isFinite)).toBe(true);
    expect(r.sigmas[1]).toBe(Infinity);
    expect(r.sigmas[2]).toBe(0); // fixed
  });

  it('a model that is not finite at p0: invalid-input, p0 returned', () => {
    const r = leastsq(model, x, y, [8, 0, 90, 48, 0]); // FWHM 0: 0/0 at the centre
    expect(r.status).toBe('invalid-input');
    expect(r.message).toMatch(/not finite at p0/);
    expect(Array.from(r.params)).toEqual([8, 0, 90, 48, 0]);
    expect(Array.from(r.sigmas).every(Number.isNaN)).toBe(true);
  });

  it('steps into NaN territory are refused, not accepted', () => {
    // sqrt(p) is NaN for p < 0: the fit must keep finite parameters whatever the steps try
    const root: Model = {
      name: 'root', parameters: ['a', 'b'],
      evaluate: (xs, p, out) => { for (let i = 0; i < xs.length; i++) out[i] = Math.sqrt(p[0]) * xs[i] + p[1]; },
    };
    const yy = Float64Array.from(x, (v) => 0.001 * v + 3);
    const r = leastsq(root, x, yy, [4, 0]);
    expect(r.status).toBe('converged');
    expect(Math.abs(Math.sqrt(r.params[0]) - 0.001)).toBeLessThan(1e-6);
    // a falling line needs sqrt(a) < 0: the best finite fit sits at a -> 0, and no step gets further
    const down = leastsq(root, x, Float64Array.from(x, (v) => 3 - 0.5 * v), [4, 0]);
    expect(down.status).toBe('no-improvement');
    expect(down.message).toMatch(/not finite/);
    expect(Array.from(down.params).every(Number.isFinite)).toBe(true);
    expect(down.params[0]).toBeGreaterThanOrEqual(0);
  });

  it('maxIter reached: max-iterations, with the best finite parameters so far', () => {
    const r = leastsq(model, x, y, [1, 0, 50, 40, 30], { maxIter: 2 });
    expect(r.status).toBe('max-iterations');
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/stopped at maxIter = 2 trial steps/);
    expect(Array.from(r.params).every(Number.isFinite)).toBe(true);
  });
});
