import { describe, expect, it } from 'vitest';
import { gaussian, linear, pseudoVoigt } from '../models/builtins.js';
import { sum } from '../models/sum.js';
import { linspace } from '../testing/finite-difference.js';
import type { Constraint } from './constraints.js';
import { leastsq, leastsqInto } from './leastsq.js';
import { LEASTSQ_FUNCTIONS, type LmArrays, type LmModel } from './lm-core.js';
import { createLeastsqWorkspace } from './workspace.js';

const x = linspace(0, 199, 200);
const model = sum(linear(), gaussian());

/** Data from `truth` plus a fixed, deterministic wiggle (so that chi² > 0). */
function data(m = model, truth = [10, 0.05, 100, 90, 20]): Float64Array {
  const y = new Float64Array(x.length);
  m.evaluate(x, Float64Array.from(truth), y);
  for (let i = 0; i < y.length; i++) y[i] += 2 * Math.sin(1.7 * i) + Math.cos(0.3 * i * i);
  return y;
}
const y = data();
const p0 = [5, 0, 80, 85, 15];

describe('leastsq', () => {
  it('fits a plain function f(x, p) with a numeric Jacobian, naming parameters p0, p1, ...', () => {
    const line = (xi: number, p: Float64Array) => p[0] + p[1] * xi;
    const r = leastsq(line, x, Float64Array.from(x, (v) => 3 - 0.25 * v), [0, 0]);
    expect(r.names).toEqual(['p0', 'p1']);
    expect(r.status).toBe('converged');
    expect(r.params[0]).toBeCloseTo(3, 8);
    expect(r.params[1]).toBeCloseTo(-0.25, 10);
  });

  it('gives the same minimum with numeric and analytic Jacobians', () => {
    const a = leastsq(model, x, y, p0, { deltaChi: 0 });
    const n = leastsq(model, x, y, p0, { deltaChi: 0, jacobian: 'numeric' });
    expect(a.status).toBe('converged');
    expect(n.status).toBe('converged');
    // tolerance: 1e-7 relative (forward differences make J good to ~1e-8)
    a.params.forEach((v, i) => expect(Math.abs(n.params[i] - v)).toBeLessThanOrEqual(1e-7 * Math.abs(v)));
    a.sigmas.forEach((v, i) => expect(Math.abs(n.sigmas[i] - v)).toBeLessThanOrEqual(1e-5 * v));
    expect(n.nfev).toBeGreaterThan(a.nfev); // numeric: nFree evaluations per Jacobian
  });

  it('scales the covariance by the reduced chi² only when scaleCovar', () => {
    const scaled = leastsq(model, x, y, p0);
    const plain = leastsq(model, x, y, p0, { scaleCovar: false });
    expect(scaled.reducedChi2).toBeCloseTo(scaled.chi2 / (200 - 5), 12);
    expect(scaled.reducedChi2).not.toBeCloseTo(1, 1); // else the test could not tell them apart
    for (let i = 0; i < 25; i++) expect(scaled.covariance[i]).toBeCloseTo(plain.covariance[i] * scaled.reducedChi2, 10);
    for (let a = 0; a < 5; a++) {
      expect(scaled.sigmas[a]).toBeCloseTo(Math.sqrt(scaled.covariance[a * 6]), 12);
      for (let b = 0; b < 5; b++) expect(scaled.covariance[a * 5 + b]).toBe(scaled.covariance[b * 5 + a]);
    }
  });

  it('propagates ties, fixes and ignores into parameters, sigmas and covariance', () => {
    const two = sum(linear(), gaussian(), gaussian());
    const yy = data(two, [10, 0.05, 100, 70, 15, 50, 110, 15]);
    const c: Constraint[] = [
      { code: 'free' }, { code: 'ignored' }, { code: 'free' }, { code: 'free' }, { code: 'positive' },
      { code: 'factor', ref: 'Height1', factor: 0.5 }, { code: 'delta', ref: 'Position1', delta: 40 }, { code: 'sum', ref: 4, sum: 30 },
    ];
    const r = leastsq(two, x, yy, [8, 3, 90, 72, 12, 0, 0, 0], { constraints: c });
    expect(r.status).toBe('converged');
    const [, slope, h1, p1, w1, h2, p2, w2] = r.params;
    expect(slope).toBe(0);
    expect(h2).toBe(0.5 * h1);
    expect(p2).toBe(p1 + 40);
    expect(w2).toBe(30 - w1);
    expect(r.sigmas[1]).toBe(0);
    expect(r.sigmas[5]).toBeCloseTo(0.5 * r.sigmas[2], 12);
    expect(r.sigmas[6]).toBeCloseTo(r.sigmas[3], 12);
    expect(r.sigmas[7]).toBeCloseTo(r.sigmas[4], 12);
    expect(r.covariance[5 * 8 + 2]).toBeCloseTo(0.5 * r.sigmas[2] ** 2, 10); // cov(Height2, Height1)
    expect(r.covariance[7 * 8 + 4]).toBeCloseTo(-(r.sigmas[4] ** 2), 10); // cov(FWHM2, FWHM1): sum ties anti-correlate
  });

  it('keeps positive parameters positive and quoted ones within their bounds', () => {
    const pv = sum(linear(), pseudoVoigt());
    const yy = data(pv, [10, 0.05, -100, 90, 20, 0.6]); // a dip, with η = 0.6
    const c: Constraint[] = [{ code: 'free' }, { code: 'free' }, { code: 'positive' }, { code: 'free' }, { code: 'free' }, { code: 'quoted', min: 0, max: 0.3 }];
    const r = leastsq(pv, x, yy, [10, 0, 50, 90, 20, 0.1], { constraints: c });
    expect(r.params[2]).toBeGreaterThanOrEqual(0);
    expect(r.params[5]).toBeGreaterThanOrEqual(0);
    expect(r.params[5]).toBeLessThanOrEqual(0.3);
    const free = leastsq(pv, x, yy, [10, 0, -50, 90, 20, 0.5]);
    expect(free.params[2]).toBeLessThan(-90); // unconstrained, the dip is found
  });

  it('moves a quoted parameter that starts on a bound (where sin has no slope) to the minimum', () => {
    const pv = sum(linear(), pseudoVoigt());
    const yy = data(pv, [10, 0.05, 100, 90, 20, 0.4]);
    const quoted: Constraint[] = [{ code: 'free' }, { code: 'free' }, { code: 'free' }, { code: 'free' }, { code: 'free' }, { code: 'quoted', min: 0, max: 1 }];
    const inside = leastsq(pv, x, yy, [8, 0, 90, 88, 18, 0.5], { constraints: quoted, deltaChi: 0 });
    for (const eta of [0, 1]) {
      const r = leastsq(pv, x, yy, [8, 0, 90, 88, 18, eta], { constraints: quoted, deltaChi: 0 });
      expect(r.status).toBe('converged');
      // tolerance: 1e-6 relative, the same minimum as from inside the bounds
      inside.params.forEach((v, i) => expect(Math.abs(r.params[i] - v)).toBeLessThanOrEqual(1e-6 * Math.abs(v)));
    }
  });
});

describe('leastsqInto', () => {
  it('reuses one workspace and result object, and gives what leastsq gives', () => {
    const ws = createLeastsqWorkspace(200, 5);
    const out = { params: new Float64Array(5), sigmas: new Float64Array(5) };
    const first = leastsqInto(ws, model, x, y, p0, {}, out);
    const y2 = data(model, [12, 0.02, 80, 120, 30]);
    const second = leastsqInto(ws, model, x, y2, [5, 0, 60, 115, 20], {}, out);
    expect(second).toBe(first);
    const ref = leastsq(model, x, y2, [5, 0, 60, 115, 20]);
    expect(Array.from(out.params)).toEqual(Array.from(ref.params));
    expect(Array.from(out.sigmas)).toEqual(Array.from(ref.sigmas));
    expect(second.chi2).toBe(ref.chi2);
    expect(() => leastsqInto(ws, model, x.subarray(1), y, p0, {}, out)).toThrow(/x must have length 200; got 199/);
    expect(() => leastsqInto(ws, sum(linear(), gaussian(), gaussian()), x, y, p0, {}, out)).toThrow(/model has 8 parameters but the workspace was made for 5/);
  });

  it('runs the same from the loop functions compiled from their source text (as a worker would)', () => {
    const names = Object.keys(LEASTSQ_FUNCTIONS) as (keyof typeof LEASTSQ_FUNCTIONS)[];
    const body = `${names.map((n) => String(LEASTSQ_FUNCTIONS[n])).join('\n')}\nreturn lmSolve;`;
    const lmSolve = new Function('__name', body)((fn: unknown) => fn) as (ws: LmArrays, n: number, nP: number, x: Float64Array, y: Float64Array, m: LmModel) => void;
    const ref = leastsq(model, x, y, p0);
    const ws = createLeastsqWorkspace(200, 5);
    // as leastsqInto prepares it: p0, all free, settings [maxIter, deltaChi, epsfcn, numeric, scaleCovar, weighted]
    ws.p.set(p0);
    ws.code.fill(0);
    ws.settings.set([100, 0.001, 2.220446049250313e-16, 0, 1, 0]);
    lmSolve(ws, 200, 5, x, y, model);
    expect(Array.from(ws.p)).toEqual(Array.from(ref.params));
    expect(ws.info[0]).toBe(ref.chi2);
  });
});
