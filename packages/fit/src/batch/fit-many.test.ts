import { array, runOnPool, setPoolSize, type ErrorCode } from '@pandaas/core';
import type * as Core from '@pandaas/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { leastsq, leastsqInto } from '../leastsq/leastsq.js';
import type { Constraint } from '../leastsq/constraints.js';
import type { LeastsqOptions } from '../leastsq/options.js';
import { createLeastsqWorkspace } from '../leastsq/workspace.js';
import { constant, gaussian, linear, lorentzian, pseudoVoigt, splitGaussian } from '../models/builtins.js';
import type { Model } from '../models/model.js';
import { sum } from '../models/sum.js';
import { fitMany, type FitManyResult } from './fit-many.js';
import { FIT_STATUS_CODES } from './status.js';
import { expectPandaasRejection } from '../testing/errors.js';
import { linspace } from '../testing/finite-difference.js';
import { syntheticBatch } from './testing/curves.js';

// runOnPool, watched: the pooled runs below must really go through the workers
vi.mock('@pandaas/core', async (importOriginal) => {
  const core = await importOriginal<typeof Core>();
  return { ...core, runOnPool: vi.fn(core.runOnPool) };
});

afterAll(() => setPoolSize(undefined));

const model = sum(linear(), gaussian());
const x = linspace(0, 127, 128);
/** 300 curves: a gaussian of varying height, position and width on a sloped background, all within reach of one start. */
const batch = syntheticBatch(model, x, 300, (_, r) => [20 + 10 * r(), 0.05 * r(), 500 + 1500 * r(), 54 + 20 * r(), 8 + 6 * r()], { seed: 7 });
const start = [15, 0, 1000, 64, 10];

/** What leastsqInto gives for curve i: the reference the batch must reproduce exactly. */
function single(m: Model, ys: Float64Array, i: number, p0: ArrayLike<number>, options: LeastsqOptions = {}) {
  const n = x.length, nP = m.parameters.length;
  const ws = createLeastsqWorkspace(n, nP);
  const out = { params: new Float64Array(nP), sigmas: new Float64Array(nP) };
  const r = leastsqInto(ws, m, x, ys.slice(i * n, (i + 1) * n), p0, options, out);
  return { ...out, chi2: r.chi2, status: r.status, niter: r.niter };
}

function row(a: Float64Array, i: number, p: number): number[] {
  return Array.from(a.subarray(i * p, (i + 1) * p));
}

function expectSameAsSingleFits(result: FitManyResult, m: Model, ys: Float64Array, p0: (i: number) => ArrayLike<number>, options?: LeastsqOptions): void {
  const nP = m.parameters.length;
  const params = result.params.dataSync(), sigmas = result.sigmas.dataSync(), chi2 = result.chi2.dataSync();
  const status = result.status.dataSync(), niter = result.niter.dataSync();
  for (let i = 0; i < result.chi2.size; i++) {
    const ref = single(m, ys, i, p0(i), options);
    // the same code on the same numbers: bit for bit
    expect(row(params, i, nP)).toEqual(Array.from(ref.params));
    expect(row(sigmas, i, nP)).toEqual(Array.from(ref.sigmas));
    expect(chi2[i]).toBe(ref.chi2);
    expect(FIT_STATUS_CODES[status[i]]).toBe(ref.status);
    expect(niter[i]).toBe(ref.niter);
  }
}

describe('fitMany on the CPU', () => {
  it('gives, curve by curve, exactly what leastsqInto gives, on the worker pool and on one thread', async () => {
    const ys = array(batch.ys, { shape: [300, 128] });
    setPoolSize(2);
    vi.mocked(runOnPool).mockClear();
    const pooled = await fitMany(model, x, ys, start);
    expect(vi.mocked(runOnPool)).toHaveBeenCalledTimes(1);
    expectSameAsSingleFits(pooled, model, batch.ys, () => start);
    setPoolSize(1);
    vi.mocked(runOnPool).mockClear();
    const local = await fitMany(model, x, ys, start);
    expect(vi.mocked(runOnPool)).not.toHaveBeenCalled();
    expect(Array.from(local.params.dataSync())).toEqual(Array.from(pooled.params.dataSync()));
    expect(Array.from(local.sigmas.dataSync())).toEqual(Array.from(pooled.sigmas.dataSync()));
  });

  it('returns NdArrays of the documented shapes and dtypes, and recovers the true parameters', async () => {
    setPoolSize(2);
    // starts 10 % off the truth (position: 2 channels)
    const p0 = Float64Array.from(batch.truth, (v, k) => (k % 5 === 3 ? v + 2 : k % 5 === 1 ? 0 : v * 1.1));
    // Poisson noise: σ = √y per point (at least 1), unscaled covariance
    const sigma = array(Float64Array.from(batch.ys, (v) => Math.sqrt(Math.max(v, 1))), { shape: [300, 128] });
    const r = await fitMany(model, x, array(batch.ys, { shape: [300, 128] }), array(p0, { shape: [300, 5] }), { sigma, scaleCovar: false });
    expect([r.params.shape, r.sigmas.shape, r.chi2.shape, r.status.shape, r.niter.shape]).toEqual([[300, 5], [300, 5], [300], [300], [300]]);
    expect([r.params.dtype, r.sigmas.dtype, r.chi2.dtype, r.status.dtype, r.niter.dtype]).toEqual(['float64', 'float64', 'float64', 'uint8', 'int32']);
    const params = r.params.dataSync(), sigmas = r.sigmas.dataSync();
    let within3Sigma = 0;
    for (let i = 0; i < 300; i++) {
      expect(FIT_STATUS_CODES[r.status.get(i)]).toBe('converged');
      // the position of the peak: the fitted value lies within 3 sigma of the truth for ~99.7 % of curves
      if (Math.abs(params[i * 5 + 3] - batch.truth[i * 5 + 3]) < 3 * sigmas[i * 5 + 3]) within3Sigma++;
    }
    expect(within3Sigma).toBeGreaterThanOrEqual(290);
  });

  it('takes start values per curve (NdArray [n, p]) and from an estimator callback', async () => {
    setPoolSize(2);
    const n = 120;
    const ys = batch.ys.slice(0, n * 128);
    const perCurve = Float64Array.from({ length: n * 5 }, (_, k) => batch.truth[k] * (k % 5 === 3 ? 1 : 1.1));
    const fromRows = await fitMany(model, x, array(ys, { shape: [n, 128] }), array(perCurve, { shape: [n, 5] }));
    expectSameAsSingleFits(fromRows, model, ys, (i) => perCurve.subarray(i * 5, (i + 1) * 5));
    // an estimator: the highest point as the peak
    const estimate = (xs: Float64Array, y: Float64Array) => {
      let top = 0;
      for (let k = 1; k < y.length; k++) if (y[k] > y[top]) top = k;
      return [y[0], 0, y[top] - y[0], xs[top], 10];
    };
    const estimated = await fitMany(model, x, array(ys, { shape: [n, 128] }), estimate);
    expectSameAsSingleFits(estimated, model, ys, (i) => estimate(x, ys.subarray(i * 128, (i + 1) * 128)));
  });

  it('weights by sigma per point, shared or per curve, and applies constraints, as leastsqInto does', async () => {
    setPoolSize(2);
    const n = 200;
    const ys = batch.ys.slice(0, n * 128);
    const sigmaShared = Float64Array.from(x, (v) => 5 + v / 32);
    const shared = await fitMany(model, x, array(ys, { shape: [n, 128] }), start, { sigma: sigmaShared });
    expectSameAsSingleFits(shared, model, ys, () => start, { sigma: sigmaShared });
    const sigmaRows = Float64Array.from(ys, (v) => Math.sqrt(Math.max(v, 1)));
    const perCurve = await fitMany(model, x, array(ys, { shape: [n, 128] }), start, { sigma: array(sigmaRows, { shape: [n, 128] }), scaleCovar: false });
    for (let i = 0; i < n; i += 37) {
      const ref = single(model, ys, i, start, { sigma: sigmaRows.subarray(i * 128, (i + 1) * 128), scaleCovar: false });
      expect(row(perCurve.params.dataSync(), i, 5)).toEqual(Array.from(ref.params));
      expect(row(perCurve.sigmas.dataSync(), i, 5)).toEqual(Array.from(ref.sigmas));
    }
    const constraints: LeastsqOptions['constraints'] = [
      { code: 'free' }, { code: 'fixed' }, { code: 'positive' }, { code: 'quoted', min: 30, max: 100 }, { code: 'free' },
    ];
    const bounded = await fitMany(model, x, array(ys, { shape: [n, 128] }), start, { constraints, maxIter: 50 });
    expectSameAsSingleFits(bounded, model, ys, () => start, { constraints, maxIter: 50 });
    expect(bounded.sigmas.get(0, 1)).toBe(0); // fixed
  });

  it('fits several model families (lorentzian, pseudo-Voigt, split gaussian, two peaks) like leastsqInto', async () => {
    setPoolSize(2);
    const cases: [Model, number[], (i: number, r: () => number) => number[]][] = [
      [sum(constant(), lorentzian()), [10, 800, 60, 10], (_, r) => [20, 900 + 100 * r(), 55 + 10 * r(), 8 + 4 * r()]],
      [sum(linear(), pseudoVoigt()), [10, 0, 800, 60, 10, 0.5], (_, r) => [20, 0.02, 900 + 100 * r(), 55 + 10 * r(), 8 + 4 * r(), 0.2 + 0.6 * r()]],
      [sum(constant(), splitGaussian()), [10, 800, 60, 8, 12], (_, r) => [20, 900, 55 + 10 * r(), 6 + 2 * r(), 10 + 4 * r()]],
      [sum(linear(), gaussian(), gaussian()), [10, 0, 500, 50, 8, 500, 80, 8], (_, r) => [20, 0, 600, 45 + 4 * r(), 8, 400, 80 + 4 * r(), 9]],
    ];
    for (const [m, p0, truth] of cases) {
      const b = syntheticBatch(m, x, 150, truth, { seed: 3 });
      const r = await fitMany(m, x, array(b.ys, { shape: [150, 128] }), p0);
      expectSameAsSingleFits(r, m, b.ys, () => p0);
    }
  });

  it('fits a user model (no built-in components) on this thread, like leastsq', async () => {
    setPoolSize(2);
    const exponential: Model = {
      name: 'decay',
      parameters: ['A', 'tau'],
      evaluate(xs, p, out) {
        for (let i = 0; i < xs.length; i++) out[i] = p[0] * Math.exp(-xs[i] / p[1]);
      },
    };
    const b = syntheticBatch(exponential, x, 40, (_, r) => [500 + 500 * r(), 20 + 20 * r()], { seed: 5 });
    const r = await fitMany(exponential, x, array(b.ys, { shape: [40, 128] }), [600, 25]);
    for (let i = 0; i < 40; i++) {
      const ref = leastsq(exponential, x, b.ys.subarray(i * 128, (i + 1) * 128), [600, 25]);
      expect(row(r.params.dataSync(), i, 2)).toEqual(Array.from(ref.params));
      expect(FIT_STATUS_CODES[r.status.get(i)]).toBe(ref.status);
    }
  });

  it('marks curves it cannot fit invalid-input with NaN results, and fits the others', async () => {
    setPoolSize(2);
    const n = 200;
    const ys = batch.ys.slice(0, n * 128);
    ys[5 * 128 + 17] = NaN;
    ys[9 * 128] = Infinity;
    const p0 = Float64Array.from({ length: n * 5 }, (_, k) => start[k % 5]);
    p0[11 * 5 + 2] = NaN; // a start value that is not finite
    p0[12 * 5 + 4] = 0; // a zero FWHM: the model is NaN at the start
    const r = await fitMany(model, x, array(ys, { shape: [n, 128] }), array(p0, { shape: [n, 5] }));
    // never NaN parameters reported as success: every curve with a NaN parameter has a failing status
    for (let i = 0; i < n; i++) if (Number.isNaN(r.params.get(i, 0))) expect(FIT_STATUS_CODES[r.status.get(i)]).not.toBe('converged');
    for (const bad of [5, 9, 11, 12]) {
      expect(FIT_STATUS_CODES[r.status.get(bad)]).toBe('invalid-input');
      expect(Number.isNaN(r.chi2.get(bad))).toBe(true);
      for (let j = 0; j < 5; j++) expect(Number.isNaN(r.params.get(bad, j))).toBe(true);
    }
    expect(FIT_STATUS_CODES[r.status.get(6)]).toBe('converged');
    expect(row(r.params.dataSync(), 6, 5)).toEqual(Array.from(single(model, ys, 6, start).params));
  });

  it('reports singular problems per curve without NaN parameters', async () => {
    setPoolSize(1);
    // two identical gaussians: their heights cannot be told apart
    const twins = sum(constant(), gaussian(), gaussian());
    const b = syntheticBatch(twins, x, 4, () => [10, 300, 60, 10, 300, 60, 10], { seed: 2 });
    const r = await fitMany(twins, x, array(b.ys, { shape: [4, 128] }), [10, 300, 60, 10, 300, 60, 10], {
      constraints: [{ code: 'free' }, { code: 'free' }, { code: 'fixed' }, { code: 'fixed' }, { code: 'free' }, { code: 'fixed' }, { code: 'fixed' }],
    });
    for (let i = 0; i < 4; i++) {
      expect(FIT_STATUS_CODES[r.status.get(i)]).toBe('singular');
      for (let j = 0; j < 7; j++) expect(Number.isFinite(r.params.get(i, j))).toBe(true);
    }
  });

  it('accepts an empty batch', async () => {
    const r = await fitMany(model, x, array(new Float64Array(0), { shape: [0, 128] }), start);
    expect(r.params.shape).toEqual([0, 5]);
    expect(r.status.size).toBe(0);
  });
});

describe('fitMany bad input', () => {
  const ys = array(batch.ys.slice(0, 10 * 128), { shape: [10, 128] });
  const expectError = (promise: Promise<unknown>, code: ErrorCode, message: RegExp) => expectPandaasRejection(() => promise, code, message);
  const quotedFwhm: Constraint[] = [{ code: 'free' }, { code: 'free' }, { code: 'free' }, { code: 'free' }, { code: 'quoted', min: 5, max: 20 }];

  it('throws typed errors naming the argument and value', async () => {
    await expectError(fitMany(model, x, array(batch.ys.slice(0, 128)), start), 'E_SHAPE', /ys must be a 2-D NdArray.*\[128\]/);
    await expectError(fitMany(model, x.subarray(0, 100), ys, start), 'E_SHAPE', /ys has 128 points per curve but x has 100/);
    await expectError(fitMany(model, x, ys, [1, 2, 3]), 'E_SHAPE', /p0 must hold one value per parameter \(5: Constant, Slope, Height1, Position1, FWHM1\); got 3/);
    await expectError(fitMany(model, x, ys, [1, 2, NaN, 4, 5]), 'E_ARGUMENT', /p0\[2\] \(Height1\) must be a finite number; got NaN/);
    await expectError(fitMany(model, x, ys, array(new Float64Array(15), { shape: [3, 5] })), 'E_SHAPE', /p0 must be an NdArray \[10, 5\]/);
    await expectError(fitMany(model, x, ys, () => [1, 2]), 'E_SHAPE', /estimator must return 5 values .* for curve 0 it returned \[1, 2\]/);
    await expectError(fitMany(model, Float64Array.of(...x.subarray(0, 127), NaN), ys, start), 'E_ARGUMENT', /x\[127\] must be a finite number; got NaN/);
    await expectError(fitMany(model, x, ys, start, { sigma: 0 }), 'E_ARGUMENT', /options.sigma must be a positive finite number; got 0/);
    await expectError(fitMany(model, x, ys, start, { sigma: Float64Array.from(x, (v) => (v === 3 ? -1 : 1)) }), 'E_ARGUMENT', /options.sigma\[3\] must be a positive finite number; got -1/);
    await expectError(fitMany(model, x, ys, start, { sigma: new Float64Array(5) }), 'E_SHAPE', /one uncertainty per point \(128\); got 5/);
    await expectError(fitMany(model, x, ys, start, { sigma: Float64Array.from(x, (v) => (v === 9 ? NaN : 1)) }), 'E_ARGUMENT', /options.sigma\[9\] must be a positive finite number; got NaN/);
    const perCurve = new Float64Array(10 * 128).fill(2);
    perCurve[4 * 128 + 6] = 0;
    await expectError(fitMany(model, x, ys, start, { sigma: array(perCurve, { shape: [10, 128] }) }), 'E_ARGUMENT', /options.sigma\[4, 6\] must be a positive finite number; got 0/);
    perCurve[4 * 128 + 6] = NaN;
    await expectError(fitMany(model, x, ys, start, { sigma: array(perCurve, { shape: [10, 128] }) }), 'E_ARGUMENT', /options.sigma\[4, 6\] must be a positive finite number; got NaN/);
    await expectError(fitMany(model, x, ys, start, { sigma: array(perCurve, { shape: [5, 256] }) }), 'E_SHAPE', /options.sigma as an NdArray must have the curves' shape \[10, 128\]; got \[5, 256\]/);
    await expectError(fitMany(model, x, ys, start, { backend: 'gpu' as 'cpu' }), 'E_ARGUMENT', /options.backend must be 'cpu' or 'webgpu'; got "gpu"/);
    await expectError(fitMany(model, x, ys, start, { maxIter: 0 }), 'E_ARGUMENT', /options.maxIter must be a positive integer; got 0/);
    await expectError(fitMany(model, x, ys, start, { constraints: [{ code: 'free' }] }), 'E_SHAPE', /one constraint per parameter/);
    await expectError(
      fitMany(model, x, ys, start, { constraints: [{ code: 'free' }, { code: 'free' }, { code: 'delta', ref: 'Width9', delta: 1 }, { code: 'free' }, { code: 'free' }] }),
      'E_ARGUMENT', /names no parameter: got "Width9"/,
    );
    // a start shared by every curve outside its bounds: wrong for all of them, so an error as in leastsq
    await expectError(fitMany(model, x, ys, start, { constraints: quotedFwhm.map((c, j) => (j === 4 ? { code: 'quoted', min: 11, max: 20 } : c)) }), 'E_ARGUMENT', /p0\[4\] \(FWHM1\) = 10 lies outside its quoted bounds \[11, 20\]/);
    const few = array(new Float64Array(4 * 5), { shape: [4, 5] });
    await expectError(fitMany(model, x.subarray(0, 5), few, start), 'E_ARGUMENT', /too few points.*got 5 points per curve for 5 fitted parameters/);
    await expectError(fitMany({ name: 'x' } as Model, x, ys, start), 'E_ARGUMENT', /model must be a Model/);
  });

  it('marks a curve whose own start lies outside its quoted bounds invalid-input, and fits the others', async () => {
    const p0 = Float64Array.from({ length: 10 * 5 }, (_, k) => start[k % 5]);
    p0[3 * 5 + 4] = 30; // FWHM1 of curve 3 above its bound of 20
    const r = await fitMany(model, x, ys, array(p0, { shape: [10, 5] }), { constraints: quotedFwhm });
    expect(FIT_STATUS_CODES[r.status.get(3)]).toBe('invalid-input');
    for (let j = 0; j < 5; j++) expect(Number.isNaN(r.params.get(3, j))).toBe(true);
    for (const i of [0, 1, 2, 4]) {
      const ref = single(model, ys.dataSync() as Float64Array, i, start, { constraints: quotedFwhm });
      expect(FIT_STATUS_CODES[r.status.get(i)]).toBe(ref.status);
      expect(row(r.params.dataSync(), i, 5)).toEqual(Array.from(ref.params));
    }
  });

  it('refuses on webgpu what has no WGSL twin, before touching a device', async () => {
    await expectError(fitMany(sum(constant(), splitGaussian()), x, ys, [1, 1, 60, 5, 5], { backend: 'webgpu' }), 'E_BACKEND', /no WGSL twin of the splitGaussian shape.*use backend 'cpu'/);
    const user: Model = { name: 'line', parameters: ['a'], evaluate: (xs, p, out) => out.fill(p[0]) };
    await expectError(fitMany(user, x, ys, [1], { backend: 'webgpu' }), 'E_BACKEND', /needs a built-in model .* user model/);
    await expectError(
      fitMany(model, x, ys, start, { backend: 'webgpu', constraints: [{ code: 'free' }, { code: 'free' }, { code: 'quoted', min: 0, max: 1e4 }, { code: 'free' }, { code: 'free' }] }),
      'E_BACKEND', /constraints\[2\] is quoted: use backend 'cpu'/,
    );
    const wide = sum(linear(), gaussian(), gaussian(), gaussian());
    await expectError(fitMany(wide, x, ys, new Float64Array(11).fill(1), { backend: 'webgpu' }), 'E_BACKEND', /at most 8 parameters per curve; .* has 11/);
  });
});
