import { array, runOnPool, setPoolSize } from '@pandaas/core';
import type * as Core from '@pandaas/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { gaussian, linear } from '../models/builtins.js';
import { sum } from '../models/sum.js';
import { fixture, float64 } from '../testing/data.js';
import { expectPandaasRejection } from '../testing/errors.js';
import { fitMany } from './fit-many.js';
import { linearFitMany } from './linear/linear-fit.js';
import { FIT_STATUS_CODES } from './status.js';

// scripts/fixtures/fit/batch.py: numpy lstsq (+ silx snip1d) and scipy curve_fit on seeded Poisson data
const data = fixture('batch', 'batch.json');

// runOnPool, watched: the pooled runs must really go through the workers
vi.mock('@pandaas/core', async (importOriginal) => {
  const core = await importOriginal<typeof Core>();
  return { ...core, runOnPool: vi.fn(core.runOnPool) };
});

afterAll(() => setPoolSize(undefined));

/** `values` repeated `times` times. */
function tile(values: ArrayLike<number>, times: number): Float64Array {
  const out = new Float64Array(values.length * times);
  for (let t = 0; t < times; t++) out.set(Array.from(values), t * values.length);
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string): void {
  expect(actual.length).toBe(expected.length);
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= rtol * Math.abs(expected[i]))) failures.push(`${what}[${i}]: ${actual[i]}, expected ${expected[i]}`);
  }
  expect(failures.slice(0, 5)).toEqual([]);
}

describe('linearFitMany against numpy.linalg.lstsq', () => {
  for (const c of data.linear as { name: string; n: number; m: number; k: number; snipWidth: number; design: string; ys: number[]; coefficients: string; sigmas: string; chi2: string }[]) {
    it(`${c.name}: ${c.n} spectra of ${c.m} channels, ${c.k} columns${c.snipWidth ? `, SNIP width ${c.snipWidth}` : ''}`, async () => {
      // on this thread, then 8 copies of the batch split over two workers
      for (const [threads, times] of [[1, 1], [2, 8]]) {
        setPoolSize(threads);
        vi.mocked(runOnPool).mockClear();
        const ys = array(tile(c.ys, times), { shape: [c.n * times, c.m] });
        const r = await linearFitMany(float64(c.design), ys, c.snipWidth ? { snipWidth: c.snipWidth } : {});
        expect(vi.mocked(runOnPool).mock.calls.length > 0).toBe(threads > 1);
        // QR against numpy's SVD on the same doubles: rounding only (design condition ~10)
        expectClose(r.coefficients.dataSync(), tile(float64(c.coefficients), times), 1e-10, 'coefficients');
        expectClose(r.sigmas.dataSync(), tile(float64(c.sigmas), times), 1e-10, 'sigmas');
        expectClose(r.chi2.dataSync(), tile(float64(c.chi2), times), 1e-10, 'chi2');
        expect(r.background === undefined).toBe(!c.snipWidth);
      }
    });
  }

  it('weights by a shared sigma as lstsq on the weighted design does, and leaves unscaled sigmas on request', async () => {
    const c = data.linear[0];
    const design = float64(c.design);
    const ys = Float64Array.from(c.ys);
    const sigma = Float64Array.from({ length: c.m }, (_, i) => 1 + i / 64);
    const r = await linearFitMany(design, array(ys, { shape: [c.n, c.m] }), { sigma, scaleCovar: false });
    // the same fit, weights folded into the data: design and spectra divided by sigma, unweighted
    const wd = Float64Array.from(design, (v, q) => v / sigma[Math.floor(q / c.k)]);
    const wy = Float64Array.from(ys, (v, q) => v / sigma[q % c.m]);
    const u = await linearFitMany(wd, array(wy, { shape: [c.n, c.m] }), { scaleCovar: false });
    expectClose(r.coefficients.dataSync(), u.coefficients.dataSync(), 1e-12, 'coefficients');
    expectClose(r.chi2.dataSync(), u.chi2.dataSync(), 1e-12, 'chi2');
    expectClose(r.sigmas.dataSync(), u.sigmas.dataSync(), 1e-12, 'sigmas');
  });

  it('gives NaN results for a spectrum with a value that is not finite, and fits the others', async () => {
    const c = data.linear[1];
    const ys = Float64Array.from(c.ys);
    ys[3 * c.m + 10] = NaN;
    const r = await linearFitMany(float64(c.design), array(ys, { shape: [c.n, c.m] }), { snipWidth: c.snipWidth });
    expect(Number.isNaN(r.coefficients.get(3, 0)) && Number.isNaN(r.chi2.get(3))).toBe(true);
    expectClose(r.coefficients.dataSync().subarray(4 * c.k), float64(c.coefficients).subarray(4 * c.k), 1e-10, 'coefficients');
  });

  it('throws typed errors naming the argument and value for a bad design, data or options', async () => {
    const c = data.linear[0];
    const ys = array(Float64Array.from(c.ys), { shape: [c.n, c.m] });
    const design = float64(c.design);
    const nanDesign = Float64Array.from(design);
    nanDesign[5 * c.k + 2] = NaN;
    await expectPandaasRejection(() => linearFitMany(nanDesign, ys), 'E_ARGUMENT', /design\[5, 2\] must be a finite number; got NaN/);
    await expectPandaasRejection(() => linearFitMany(design.subarray(1), ys), 'E_SHAPE', /design must hold m × k values with m = 256 channels; got 1791/);
    await expectPandaasRejection(() => linearFitMany([1, 2] as never, ys), 'E_ARGUMENT', /design must be a 2-D NdArray \[m, k\] or a row-major Float64Array.*; got \[1, 2\]/);
    await expectPandaasRejection(() => linearFitMany(design, ys, { snipWidth: -1 }), 'E_ARGUMENT', /options.snipWidth must be an integer >= 0; got -1/);
    await expectPandaasRejection(() => linearFitMany(design, ys, { scaleCovar: 1 as never }), 'E_ARGUMENT', /options.scaleCovar must be a boolean; got 1/);
    // zero, negative and NaN weights
    await expectPandaasRejection(() => linearFitMany(design, ys, { sigma: new Float64Array(c.m) }), 'E_ARGUMENT', /options.sigma\[0\] must be a positive finite number; got 0/);
    await expectPandaasRejection(() => linearFitMany(design, ys, { sigma: Float64Array.from({ length: c.m }, (_, i) => (i === 9 ? -2 : 1)) }), 'E_ARGUMENT', /options.sigma\[9\] must be a positive finite number; got -2/);
    await expectPandaasRejection(() => linearFitMany(design, ys, { sigma: Float64Array.from({ length: c.m }, (_, i) => (i === 9 ? NaN : 1)) }), 'E_ARGUMENT', /options.sigma\[9\] must be a positive finite number; got NaN/);
    await expectPandaasRejection(() => linearFitMany(design, ys, { sigma: new Float64Array(3).fill(1) }), 'E_SHAPE', /options.sigma must hold one uncertainty per channel \(256\); got 3/);
    await expectPandaasRejection(() => linearFitMany(design, array(new Float64Array(10))), 'E_SHAPE', /ys must be a 2-D NdArray \[spectra, channels\]; got shape \[10\]/);
    // too few channels for the columns
    const square = Float64Array.from({ length: 16 }, (_, q) => (q % 5 === 0 ? 1 : 0.1 * q));
    await expectPandaasRejection(() => linearFitMany(square, array(new Float64Array(4), { shape: [1, 4] })), 'E_SHAPE', /design has 4 columns for 4 channels: a linear fit needs more channels than columns/);
    // a singular problem: a column without effect, or one the others make
    const dependent = Float64Array.from(design);
    for (let i = 0; i < c.m; i++) dependent[i * c.k + 3] = 2 * dependent[i * c.k + 2];
    await expectPandaasRejection(() => linearFitMany(dependent, ys), 'E_ARGUMENT', /design is rank-deficient: column 3 is a combination of the columns before it/);
    const zero = Float64Array.from(design);
    for (let i = 0; i < c.m; i++) zero[i * c.k + 1] = 0;
    await expectPandaasRejection(() => linearFitMany(zero, ys), 'E_ARGUMENT', /design is rank-deficient: column 1 is all zero/);
  });
});

describe('fitMany against scipy curve_fit', () => {
  it('gaussian + linear background: parameters within 1e-6 relative, sigmas within 1e-6', async () => {
    const c = data.curveFit as { n: number; m: number; p0: number[]; ys: number[]; params: string; sigmas: string };
    const x = Float64Array.from({ length: c.m }, (_, i) => i);
    const r = await fitMany(sum(linear(), gaussian()), x, array(Float64Array.from(c.ys), { shape: [c.n, c.m] }), c.p0, { deltaChi: 0 });
    for (let i = 0; i < c.n; i++) expect(FIT_STATUS_CODES[r.status.get(i)]).toBe('converged');
    // Both converge as far as float64 resolves chi² (deltaChi 0 here; scipy: analytic Jacobian,
    // xtol/ftol 1e-14). Parameters: 1e-6 relative, or 1e-5 of their sigma for those that are
    // small beside their sigma (the slopes: chi² does not tell 1e-6 of them apart). A gaussian's
    // FWHM is fitted up to its sign (the shape depends on FWHM²). Sigmas: 1e-6 relative.
    const params = r.params.dataSync(), sigmas = r.sigmas.dataSync();
    const expected = float64(c.params), expectedSigmas = float64(c.sigmas);
    const failures: string[] = [];
    for (let q = 0; q < params.length; q++) {
      const got = q % 5 === 4 ? Math.abs(params[q]) : params[q];
      if (!(Math.abs(got - expected[q]) <= 1e-6 * Math.abs(expected[q]) + 1e-5 * expectedSigmas[q])) failures.push(`params[${q}]: ${got}, expected ${expected[q]}`);
    }
    expect(failures).toEqual([]);
    expectClose(sigmas, expectedSigmas, 1e-6, 'sigmas');
  });
});
