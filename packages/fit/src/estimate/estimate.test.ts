import { describe, expect, it } from 'vitest';
import { strip } from '../background/strip.js';
import { leastsq } from '../leastsq/leastsq.js';
import { gaussian, polynomial, pseudoVoigt } from '../models/builtins.js';
import { estimate } from './estimate.js';
import { convolveValid, pairwiseSum, polyfit } from './numeric.js';
import { guessFwhm, peakSearch } from './peak-search.js';
import { expectPandaasError } from '../testing/errors.js';

const LN2x4 = 4 * Math.LN2;

/** Noise-free peaks (height, centre, FWHM) on a line, at x = x0 + step * i. */
function peaks(n: number, list: [number, number, number][], line: [number, number] = [20, 0.01], x0 = 0, step = 1) {
  const x = Float64Array.from({ length: n }, (_, i) => x0 + step * i);
  const y = x.map((v) => list.reduce((s, [h, c, w]) => s + h * Math.exp((-LN2x4 * (v - c) ** 2) / (w * w)), line[0] + line[1] * v));
  return { x, y };
}

describe('peakSearch and guessFwhm', () => {
  it('finds separated peaks at their centres, with relevances', () => {
    const { y } = peaks(400, [[500, 80, 8], [300, 200, 8], [800, 310, 8]]);
    expect(peakSearch(y, { fwhm: 8 })).toEqual([80, 200, 310]);
    const found = peakSearch(y, { fwhm: 8, relevanceInfo: true });
    expect(found.map((p) => p.index)).toEqual([80, 200, 310]);
    expect(found[2].relevance).toBeGreaterThan(found[1].relevance); // the tallest stands out most
    expect(peakSearch(y, { fwhm: 8, begin: 150, end: 399 })).toEqual([200, 310]);
    expect(peakSearch(y, { fwhm: 8, sensitivity: 1e6 })).toEqual([]);
    expect(peakSearch([5], { fwhm: 3 })).toEqual([]);
  });

  it('guessFwhm measures the largest peak above its strip background', () => {
    const { y } = peaks(300, [[100, 60, 10], [900, 180, 14]]);
    expect(Math.abs(guessFwhm(y) - 14)).toBeLessThanOrEqual(1);
    expect(guessFwhm([])).toBe(0);
    expect(guessFwhm([1, 1, 1, 1])).toBe(4); // silx's floor
  });

  it('refuses bad arguments with typed errors', () => {
    const y = [1, 2, 3, 2, 1];
    expectPandaasError(() => peakSearch(y, undefined as never), 'E_ARGUMENT', /options must give at least fwhm; got undefined/);
    expectPandaasError(() => peakSearch(y, { fwhm: 0 }), 'E_ARGUMENT', /options\.fwhm must be above 0; got 0/);
    expectPandaasError(() => peakSearch(y, { fwhm: NaN }), 'E_ARGUMENT', /options\.fwhm must be a finite number; got NaN/);
    expectPandaasError(() => peakSearch(y, { fwhm: 3, sensitivity: Infinity }), 'E_ARGUMENT', /options\.sensitivity must be a finite number; got Infinity/);
    expectPandaasError(() => peakSearch(y, { fwhm: 3, begin: -1 }), 'E_ARGUMENT', /options\.begin must be an integer >= 0; got -1/);
    expectPandaasError(() => peakSearch(y, { fwhm: 3, begin: 5 }), 'E_ARGUMENT', /options\.begin must index y \(5 samples\); got 5/);
    expectPandaasError(() => peakSearch(y, { fwhm: 3, width: 2 } as never), 'E_ARGUMENT', /options\.width is not an option/);
    expectPandaasError(() => peakSearch([1, NaN, 3], { fwhm: 3 }), 'E_ARGUMENT', /y\[1\] must be a finite number; got NaN/);
    expectPandaasError(() => guessFwhm([1, 2, Infinity]), 'E_ARGUMENT', /y\[2\] must be a finite number; got Infinity/);
  });
});

describe('estimate', () => {
  it('starts a gaussian fit close enough for leastsq to recover the peaks', () => {
    const truth: [number, number, number][] = [[400, 70, 9], [900, 180, 6], [600, 300, 12]];
    const { x, y } = peaks(400, truth);
    const e = estimate('gaussian', x, y, { background: 'linear' });
    expect(e.names).toEqual(['Constant', 'Slope', 'Height1', 'Position1', 'FWHM1', 'Height2', 'Position2', 'FWHM2', 'Height3', 'Position3', 'FWHM3']);
    expect(e.peaks).toEqual([70, 180, 300]);
    expect(e.constraints.map((c) => c.code)).toEqual(['free', 'free', ...Array(3).fill(['positive', 'free', 'positive']).flat()]);
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(e.p0[3 + 3 * k] - truth[k][1])).toBeLessThan(1); // positions within a sample
      expect(e.p0[2 + 3 * k]).toBeGreaterThan(0.7 * truth[k][0]); // heights roughly right
    }
    const fit = leastsq(e.model!, x, y, e.p0, { constraints: e.constraints });
    expect(fit.status).toBe('converged');
    const want = [20, 0.01, ...truth.flat()];
    want.forEach((v, j) => expect(fit.params[j]).toBeCloseTo(v, 5));
  });

  it('accepts kinds, silx theory names and built-in models alike, and x = 0, 1, 2, ... by default', () => {
    const { x, y } = peaks(200, [[300, 60, 7], [200, 130, 7]]);
    const byKind = estimate('pseudoVoigtArea', x, y);
    const byName = estimate('Area Pseudo-Voigt', undefined, y);
    const byModel = estimate(pseudoVoigt({ form: 'area' }), x, y);
    expect(Array.from(byName.p0)).toEqual(Array.from(byKind.p0));
    expect(Array.from(byModel.p0)).toEqual(Array.from(byKind.p0));
    expect(byKind.names).toEqual(['Area1', 'Position1', 'FWHM1', 'Eta1', 'Area2', 'Position2', 'FWHM2', 'Eta2']);
    expect(byKind.p0[3]).toBe(0.5);
    expect(estimate(gaussian(), x, y).theory).toBe('gaussian');
  });

  it('derives area, split and tied forms from the height estimate as silx does', () => {
    const { x, y } = peaks(200, [[300, 60, 7], [500, 130, 9]]);
    const height = estimate('gaussian', x, y, { sameFwhm: true });
    const [h1, , w1, h2, , w2] = height.p0;
    expect(height.constraints[2]).toEqual({ code: 'factor', ref: 'FWHM2', factor: 1 }); // tied to the larger peak
    expect(height.constraints[5]).toEqual({ code: 'positive' });
    const area = estimate('gaussianArea', x, y).p0;
    expect(area[0]).toBeCloseTo((h1 * w1 * Math.sqrt(2 * Math.PI)) / (2 * Math.sqrt(2 * Math.LN2)), 10);
    expect(estimate('lorentzianArea', x, y).p0[3]).toBeCloseTo(h2 * w2 * 0.5 * Math.PI, 10);
    const split = estimate('splitGaussian', x, y, { sameFwhm: true });
    expect(Array.from(split.p0.subarray(0, 4))).toEqual([h1, height.p0[1], w1, w1]);
    expect(split.constraints[2]).toEqual({ code: 'factor', ref: 'LowFWHM2', factor: 1 });
    expect(split.constraints[3]).toEqual({ code: 'factor', ref: 'HighFWHM2', factor: 1 });
    const splitVoigt = estimate('splitPseudoVoigt', x, y, { sameFwhm: true, quotedEta: true });
    expect(splitVoigt.constraints.slice(2, 5)).toEqual([
      { code: 'factor', ref: 'LowFWHM2', factor: 1 }, { code: 'factor', ref: 'HighFWHM2', factor: 1 }, { code: 'quoted', min: 0, max: 1 },
    ]);
    expect(estimate('gaussian', x, y, { noConstraints: true, sameFwhm: true }).constraints.every((c) => c.code === 'free')).toBe(true);
  });

  it('gives the strip and snip backgrounds as curves, and constant, linear, polynomial ones as parameters', () => {
    const { x, y } = peaks(300, [[500, 100, 8]], [50, 0.2]);
    const stripped = estimate('gaussian', x, y, { background: 'strip' });
    expect(stripped.names[0]).toBe('Height1');
    expect(Array.from(stripped.background!)).toEqual(Array.from(strip(y, { width: 2, iterations: 5000 })));
    const snipped = estimate('gaussian', x, y, { background: 'snip', snipWidth: 10 });
    expect(snipped.background![150]).toBeLessThan(y[150] + 1e-9);
    expect(estimate('gaussian', x, y, { background: 'constant' }).p0[0]).toBe(Math.min(...y));
    const [c0, slope] = estimate('gaussian', x, y, { background: 'linear' }).p0;
    expect(slope).toBeCloseTo(0.2, 2);
    expect(c0).toBeCloseTo(50, 0);
    const poly = estimate('gaussian', x, y, { background: 'polynomial', backgroundDegree: 1 });
    expect(poly.names.slice(0, 2)).toEqual(['a', 'b']);
    expect(poly.p0[0]).toBeCloseTo(0.2, 2);
    expect(stripped.background).not.toBe(null);
    expect(estimate('gaussian', x, y).background).toBe(null);
  });

  it('forces a peak when none is found, unless told not to', () => {
    const flat = new Float64Array(100).fill(10);
    flat[40] = 11;
    expect(estimate('gaussian', undefined, flat).peaks).toEqual([40]);
    const none = estimate('gaussian', undefined, flat, { forcePeakPresence: false });
    expect(none.model).toBeNull();
    expect(none.p0.length).toBe(0);
    const backgroundOnly = estimate('gaussian', undefined, flat, { forcePeakPresence: false, background: 'linear' });
    expect(backgroundOnly.names).toEqual(['Constant', 'Slope']);
  });

  it('estimates steps, slits and polynomials', () => {
    const x = Float64Array.from({ length: 300 }, (_, i) => i);
    const erf = (v: number) => {
      // Abramowitz-Stegun 7.1.26 is plenty for test data
      const t = 1 / (1 + 0.3275911 * Math.abs(v));
      const e = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-v * v);
      return v < 0 ? -e : e;
    };
    const up = x.map((v) => 10 + 1000 * 0.5 * (1 + erf((v - 140) / (Math.SQRT2 * 5))));
    const e = estimate('stepUp', x, up);
    expect(e.names).toEqual(['Height1', 'Position1', 'FWHM1']);
    expect(Math.abs(e.p0[1] - 140)).toBeLessThan(1);
    expect(e.p0[2]).toBeGreaterThan(5);
    const down = estimate('stepDown', x, up.map((v) => 1020 - v));
    expect(down.p0[0]).toBeCloseTo(1000, 0);
    expect(Math.abs(down.p0[1] - 140)).toBeLessThan(1);
    const box = x.map((v) => 5 + 800 * (v >= 100 && v < 190 ? 1 : 0));
    const slit = estimate('slit', x, box);
    expect(slit.p0[1]).toBeCloseTo(144.5, 6);
    expect(slit.p0[2]).toBe(89);
    const curve = x.map((v) => 3 - 0.5 * v + 0.002 * v * v);
    const quad = estimate('polynomial', x, curve, { degree: 2 });
    expect(quad.names).toEqual(['a', 'b', 'c']);
    [0.002, -0.5, 3].forEach((v, j) => expect(quad.p0[j]).toBeCloseTo(v, 10));
    expect(Array.from(estimate(polynomial(2), x, curve).p0)).toEqual(Array.from(quad.p0));
    expect(estimate('Degree 3 Polynomial', x, curve).names).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses bad arguments with typed errors', () => {
    const { x, y } = peaks(50, [[100, 25, 5]]);
    expectPandaasError(() => estimate('voigt' as never, x, y), 'E_ARGUMENT', /theory must be a built-in model of one component or one of gaussian, .*; got "voigt"/);
    expectPandaasError(() => estimate('gaussian', x.subarray(1), y), 'E_SHAPE', /x and y must have the same length; got 49 and 50/);
    expectPandaasError(() => estimate('gaussian', x, []), 'E_SHAPE', /y must hold at least one point; got none/);
    expectPandaasError(() => estimate('gaussian', x, y.map((v, i) => (i === 3 ? NaN : v))), 'E_ARGUMENT', /y\[3\] must be a finite number; got NaN/);
    expectPandaasError(() => estimate('gaussian', x.map((v, i) => (i === 7 ? Infinity : v)), y), 'E_ARGUMENT', /x\[7\] must be a finite number; got Infinity/);
    expectPandaasError(() => estimate('gaussian', x, y, { background: 'cubic' as never }), 'E_ARGUMENT', /options\.background must be one of none, constant, linear, strip, snip, polynomial; got "cubic"/);
    expectPandaasError(() => estimate('gaussian', x, y, { sensitivty: 3 } as never), 'E_ARGUMENT', /options\.sensitivty is not an option/);
    expectPandaasError(() => estimate('gaussian', x, y, { sameFwhm: 'yes' as never }), 'E_ARGUMENT', /options\.sameFwhm must be a boolean; got "yes"/);
    expectPandaasError(() => estimate('gaussian', x, y, { stripWidth: 0 }), 'E_ARGUMENT', /options\.stripWidth must be an integer >= 1; got 0/);
    expectPandaasError(() => estimate('gaussian', x, y, { smoothing: true, smoothingWidth: 200 }), 'E_ARGUMENT', /options\.smoothingWidth must be at most 101 \(silx's limit\); got 200/);
    expectPandaasError(() => estimate('gaussian', x, y, { background: 'strip', anchors: [NaN] }), 'E_ARGUMENT', /options\.anchors\[0\] must be a finite number; got NaN/);
    // too few points for the parameters
    expectPandaasError(() => estimate('stepUp', [0, 1, 2, 3, 4], [0, 0, 1, 1, 1]), 'E_ARGUMENT', /a step estimate needs at least 6 points; got 5/);
    expectPandaasError(() => estimate('polynomial', [0, 1], [1, 2], { degree: 3 }), 'E_ARGUMENT', /a degree-3 polynomial needs at least 4 points; got 2/);
    expectPandaasError(() => estimate('polynomial', x, y, { degree: 26 }), 'E_ARGUMENT', /options\.degree must be at most 25; got 26/);
    // a singular problem: x too degenerate for the polynomial (rounding noise is no estimate)
    expectPandaasError(() => estimate('polynomial', [1, 1, 2, 2, 1], [1, 2, 3, 4, 5], { degree: 2 }), 'E_ARGUMENT', /a degree-2 polynomial needs at least 3 distinct x values; got 2/);
    expectPandaasError(
      () => estimate('gaussian', Float64Array.from(x, () => 4), y, { background: 'polynomial', backgroundDegree: 1 }),
      'E_ARGUMENT', /a degree-1 polynomial needs at least 2 distinct x values; got 1/,
    );
  });
});

describe('numeric helpers', () => {
  it('pairwiseSum adds like numpy and exactly for small integers', () => {
    for (const n of [0, 1, 7, 8, 9, 127, 128, 129, 1000, 4097]) {
      const a = Float64Array.from({ length: n }, (_, i) => i % 17);
      let exact = 0;
      for (const v of a) exact += v;
      expect(pairwiseSum(a, 0, n)).toBe(exact);
    }
    const tiny = Float64Array.from({ length: 200 }, (_, i) => (i === 0 ? 1 : 1e-17));
    expect(pairwiseSum(tiny, 0, 200)).toBeGreaterThan(1); // the small terms meet each other first
  });

  it('polyfit recovers exact coefficients; convolveValid flips the kernel as numpy does', () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => i / 7 - 2);
    const y = x.map((v) => 1.5 * v ** 3 - 2 * v + 0.25);
    Array.from(polyfit(x, y, 3)).forEach((c, j) => expect(c).toBeCloseTo([1.5, 0, -2, 0.25][j], 11));
    expect(Array.from(convolveValid(Float64Array.of(1, 2, 4, 8), [1, 0, -1]))).toEqual([3, 6]);
  });
});
