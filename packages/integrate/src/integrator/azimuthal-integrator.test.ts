import { array, isPandaasError, type NdArray, shutdownBackends } from '@pandaas/core';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../core/src/testing/rng.js';
import { Detector } from '../detectors/detector.js';
import { AzimuthalIntegrator } from './azimuthal-integrator.js';
import type { Integrate1dOptions, Integrate2dOptions } from './options.js';
import type { Integrate1dResult, Integrate2dResult } from './results.js';

afterAll(() => shutdownBackends());

const ROWS = 40;
const COLS = 50;
const N = ROWS * COLS;
const detector = Detector.generic({ pixel1: 1e-4, pixel2: 1e-4, shape: [ROWS, COLS] });
const ai = new AzimuthalIntegrator({ dist: 0.05, poni1: 0.00213, poni2: 0.00262, rot1: 0.05, rot2: -0.02, wavelength: 1e-10, detector });

function values(seed: number, lo: number, hi: number): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: N }, () => Math.fround(r.float(lo, hi)));
}

const raw = Float32Array.from(values(1, 0, 400), (v) => Math.floor(v));
const frame = () => array(raw.slice(), { shape: [ROWS, COLS] });

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tol = rel * Math.max(Math.abs(want[i]), 1e-300);
    if (!(Math.abs(got[i] - want[i]) <= tol)) expect.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]} (rel ${rel})`);
  }
}

type AnyResult = Integrate1dResult | Integrate2dResult;
const FIELDS = ['intensity', 'sumSignal', 'sumVariance', 'sumNormalization', 'sumNormalization2', 'count'] as const;
function expectSameResult(got: AnyResult, want: AnyResult, rel: number, label: string): void {
  expectClose(got.radial, want.radial, 1e-15, `${label} radial`);
  for (const f of FIELDS) expectClose(got[f], want[f], rel, `${label} ${f}`);
}

describe('AzimuthalIntegrator.integrate1d', () => {
  it("with no splitting, equals pyFAI's formulas summed pixel by pixel over the bins (rel 1e-6: float32 norms)", async () => {
    const dark = values(2, 0, 5);
    const flat = values(3, 0.8, 1.2);
    const mask = Uint8Array.from({ length: N }, (_, p) => (p % 97 === 0 ? 1 : 0));
    const options: Integrate1dOptions = { npt: 25, unit: '2th_deg', method: 'no', errorModel: 'poisson', dark, flat, mask, polarizationFactor: 0.95, normalizationFactor: 3 };
    const r = await ai.integrate1d(frame(), options);
    const plan = await ai.plan1d(options);
    const { min, max, count } = plan.radialBins;
    const width = (max - min) / count;
    const tth = ai.center('2th_deg');
    const sa = ai.solidAngle();
    const pol = ai.polarization(0.95);
    const want = { sig: new Float64Array(count), vr: new Float64Array(count), nrm: new Float64Array(count), nrm2: new Float64Array(count), cnt: new Float64Array(count) };
    for (let p = 0; p < N; p++) {
      if (mask[p]) continue;
      const b = Math.floor((tth[p] - min) / width);
      if (b < 0 || b >= count) continue;
      const n = 3 * flat[p] * pol[p] * sa[p];
      want.sig[b] += raw[p] - dark[p];
      want.vr[b] += Math.max(raw[p], 1);
      want.nrm[b] += n;
      want.nrm2[b] += n * n;
      want.cnt[b] += 1;
    }
    expectClose(r.sumSignal, want.sig, 1e-6, 'signal');
    expectClose(r.sumVariance, want.vr, 1e-6, 'variance');
    expectClose(r.sumNormalization, want.nrm, 1e-6, 'normalization');
    expectClose(r.sumNormalization2, want.nrm2, 1e-6, 'normalization2');
    expectClose(r.count, want.cnt, 1e-12, 'count');
    expectClose(r.intensity, Array.from(want.sig, (s, b) => s / want.nrm[b]), 1e-6, 'intensity');
    expectClose(r.sem!, Array.from(want.vr, (v, b) => Math.sqrt(v) / want.nrm[b]), 1e-6, 'sem');
    expectClose(r.std!, Array.from(want.vr, (v, b) => Math.sqrt(v / want.nrm2[b])), 1e-6, 'std');
    expectClose(r.radial, Array.from({ length: count }, (_, b) => min + (b + 0.5) * width), 1e-12, 'radial');
    expect(r.unit).toBe('2th_deg');
    expect(r.method).toEqual({ split: 'no', algorithm: 'csr', backend: 'cpu' });
    plan.dispose();
  });

  for (const split of ['no', 'bbox', 'full'] as const) {
    // the matrix stores its weights as float32 (as pyFAI's), the histogram uses them as computed
    it(`gives the same sums with the histogram and the csr algorithms (${split} splitting, 1D and 2D, rel 1e-6)`, async () => {
      const base1: Integrate1dOptions = { npt: 30, unit: 'q_nm^-1', errorModel: 'azimuthal', polarizationFactor: -0.3 };
      const csr1 = await ai.integrate1d(frame(), { ...base1, method: [split, 'csr'] });
      const hist1 = await ai.integrate1d(frame(), { ...base1, method: [split, 'histogram'] });
      expectSameResult(hist1, csr1, 1e-6, `${split} 1D`);
      const base2: Integrate2dOptions = { nptRad: 12, nptAzim: 9, unit: 'r_mm', errorModel: 'poisson' };
      const csr2 = await ai.integrate2d(frame(), { ...base2, method: [split, 'csr'] });
      const hist2 = await ai.integrate2d(frame(), { ...base2, method: [split, 'histogram'] });
      expectSameResult(hist2, csr2, 1e-6, `${split} 2D`);
    });
  }

  it('treats NaN, infinite and dummy pixels of a frame as if they were masked (rel 1e-12)', async () => {
    const bad = [3, 77, 78, 500, 1201, 1999];
    const withNaN = raw.slice();
    bad.forEach((p, k) => (withNaN[p] = k % 3 === 0 ? NaN : k % 3 === 1 ? -Infinity : -2.2));
    const mask = new Uint8Array(N);
    bad.forEach((p) => (mask[p] = 1));
    for (const method of ['bbox', ['full', 'histogram']] as const) {
      for (const errorModel of ['poisson', 'azimuthal'] as const) {
        // a fixed range: a mask changes the automatic one, pixels invalid in one frame do not
        const options = { npt: 20, method, errorModel, dummy: -2, deltaDummy: 0.5, radialRange: [0.5, 4] } as const;
        const dynamic = await ai.integrate1d(array(withNaN, { shape: [ROWS, COLS] }), options);
        const fixed = await ai.integrate1d(frame(), { ...options, mask });
        expectSameResult(dynamic, fixed, 1e-12, `${String(method)} ${errorModel}`);
      }
    }
  });

  it('propagates a given variance: sum of c^2.v, here 4 per whole pixel without splitting', async () => {
    const r = await ai.integrate1d(frame(), { npt: 12, method: 'no', variance: new Float32Array(N).fill(4) });
    expect(r.errorModel).toBe('variance');
    expectClose(r.sumVariance, Array.from(r.count, (c) => 4 * c), 1e-12, 'variance');
    expectClose(r.sem!, Array.from(r.count, (c, b) => Math.sqrt(4 * c) / r.sumNormalization[b]), 1e-12, 'sem');
  });

  it('gives empty bins the dummy value (else 0), as pyFAI 0.21', async () => {
    const data = await ai.integrate1d(frame(), { npt: 10, unit: '2th_deg', method: 'no' });
    const top = data.radial[9];
    const range = [0, 2 * top] as const; // upper half of the bins beyond the data
    for (const [dummy, empty] of [[-7, -7], [undefined, 0]] as const) {
      const r = await ai.integrate1d(frame(), { npt: 10, unit: '2th_deg', method: 'no', radialRange: range, errorModel: 'poisson', ...(dummy === undefined ? {} : { dummy }) });
      expect(r.count[9]).toBe(0);
      expect([r.intensity[9], r.sigma![9], r.std![9]]).toEqual([empty, empty, empty]);
      expect(r.count[0]).toBeGreaterThan(0);
    }
  });

  it('builds a plan once per set of options, and shares the matrix between plans that differ only in corrections', async () => {
    const a = await ai.plan1d({ npt: 33, errorModel: 'poisson' });
    const b = await ai.plan1d({ npt: 33, errorModel: 'poisson' });
    expect(b).toBe(a);
    const c = await ai.plan1d({ npt: 33, errorModel: 'poisson', polarizationFactor: 0.5 });
    expect(c).not.toBe(a);
    expect(c.csr).toBe(a.csr);
    const mask = new Uint8Array(N);
    mask[10] = 1;
    const d = await ai.plan1d({ npt: 33, errorModel: 'poisson', mask });
    expect(d.csr).not.toBe(a.csr);
    expect(d.csr!.indices.includes(10)).toBe(false);
    mask[11] = 1; // the same array, changed in place: the key holds its contents, not its identity
    const f = await ai.plan1d({ npt: 33, errorModel: 'poisson', mask });
    expect(f).not.toBe(d);
    expect(f.csr!.indices.includes(11)).toBe(false);
    expect(d.csr!.indices.includes(11)).toBe(true);
    a.dispose();
    await expect(a.integrate(frame())).rejects.toSatisfy((e) => isPandaasError(e, 'E_DISPOSED'));
    const e = await ai.plan1d({ npt: 33, errorModel: 'poisson' });
    expect(e).not.toBe(a);
    expect((await e.integrate(frame())).count.length).toBe(33);
    for (const p of [c, d, e, f]) p.dispose();
  });
});

describe('AzimuthalIntegrator.integrate2d', () => {
  it('returns [nptAzim, nptRad] maps with chi in degrees (or radians) over the chi range', async () => {
    const r = await ai.integrate2d(frame(), { nptRad: 15, nptAzim: 8, errorModel: 'poisson' });
    expect(r.shape).toEqual([8, 15]);
    expect(r.intensity.length).toBe(120);
    expect(r.azimuthalUnit).toBe('chi_deg');
    expect(Math.min(...r.azimuthal)).toBeGreaterThanOrEqual(-180);
    expect(Math.max(...r.azimuthal)).toBeLessThanOrEqual(180);
    const rad = await ai.integrate2d(frame(), { nptRad: 15, nptAzim: 8, unitAzimuthal: 'chi_rad' });
    expectClose(rad.azimuthal, Array.from(r.azimuthal, (d) => (d * Math.PI) / 180), 1e-12, 'chi_rad');
    const total = r.count.reduce((s, v) => s + v, 0);
    expect(total).toBeCloseTo(N, 6); // every pixel once (bbox fractions add up to 1)
  });
});

describe('AzimuthalIntegrator with chi in [0, 2pi) (chiDiscAtZero)', () => {
  // no tilt: the beam hits the detector, whose pixels then have every chi
  const centred = ai.with({ rot1: 0, rot2: 0 });
  const atZero = centred.with({ chiDiscAtZero: true });

  it('gives 2D azimuths in [0, 360] degrees, every pixel counted once', async () => {
    const map = await atZero.integrate2d(frame(), { nptRad: 10, nptAzim: 12, method: 'no' });
    expect(atZero).toBeInstanceOf(AzimuthalIntegrator);
    expect(Math.min(...map.azimuthal)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...map.azimuthal)).toBeLessThanOrEqual(360);
    expect(Math.min(...map.azimuthal)).toBeLessThan(30);
    expect(Math.max(...map.azimuthal)).toBeGreaterThan(330);
    expect(map.count.reduce((sum, c) => sum + c, 0)).toBe(N);
  });

  it('takes 1D azimuth ranges across 180 degrees: [170, 190] is [170, 180] plus [-180, -170] of chi in [-180, 180) (exact counts)', async () => {
    const options = { npt: 8, unit: 'r_mm', method: 'no', radialRange: [0, 10] } as const;
    const across = await atZero.integrate1d(frame(), { ...options, azimuthRange: [170, 190] });
    const upper = await centred.integrate1d(frame(), { ...options, azimuthRange: [170, 180] });
    const lower = await centred.integrate1d(frame(), { ...options, azimuthRange: [-180, -170] });
    expect(upper.count.reduce((sum, c) => sum + c, 0)).toBeGreaterThan(0);
    expect(lower.count.reduce((sum, c) => sum + c, 0)).toBeGreaterThan(0);
    expectClose(across.count, Array.from(upper.count, (c, b) => c + lower.count[b]), 0, 'count');
    expectClose(across.sumSignal, Array.from(upper.sumSignal, (s, b) => s + lower.sumSignal[b]), 1e-12, 'signal');
  });
});

describe('bad input', () => {
  const expectError = async (call: () => Promise<unknown>, code: string, message: RegExp) => {
    let caught: unknown;
    try {
      await call();
    } catch (err) {
      caught = err;
    }
    expect(isPandaasError(caught, code as 'E_ARGUMENT'), `${String(caught)} should be ${code}`).toBe(true);
    expect(String(caught)).toMatch(message);
  };
  const one = (options: unknown, f: NdArray = frame()) => () => ai.integrate1d(f, options as Integrate1dOptions);
  const two = (options: unknown) => () => ai.integrate2d(frame(), options as Integrate2dOptions);

  it('names the option and the value of every bad option', async () => {
    const cases: [() => Promise<unknown>, string, RegExp][] = [
      [one({ npt: -5 }), 'E_ARGUMENT', /options.npt must be a positive integer \(a number of bins\); got -5/],
      [one({ npt: 0 }), 'E_ARGUMENT', /options.npt must be a positive integer/],
      [one({ npt: 2.5 }), 'E_ARGUMENT', /options.npt must be a positive integer.*got 2.5/],
      [one({}), 'E_ARGUMENT', /options.npt must be a positive integer.*got undefined/],
      [two({ nptRad: 10, nptAzim: 0 }), 'E_ARGUMENT', /options.nptAzim must be a positive integer/],
      [one({ npt: 10, unit: 'q_nm' }), 'E_ARGUMENT', /options.unit must be one of 2th_deg, 2th_rad, q_nm\^-1, q_A\^-1, r_mm, r_m, d\*2_A\^-2; got "q_nm"/],
      [two({ nptRad: 10, unitAzimuthal: 'chi' }), 'E_ARGUMENT', /options.unitAzimuthal must be one of chi_deg, chi_rad; got "chi"/],
      [one({ npt: 10, method: 'lut' }), 'E_ARGUMENT', /options.method must be one of "no", "bbox", "full"; got "lut"/],
      [one({ npt: 10, radialRange: [5, 1] }), 'E_ARGUMENT', /options.radialRange must be increasing \(\[min, max\] with min < max\); got \[5, 1\]/],
      [one({ npt: 10, radialRange: [NaN, 1] }), 'E_ARGUMENT', /options.radialRange\[0\] must be a finite number; got NaN/],
      [one({ npt: 10, radialRange: [1000, 2000] }), 'E_ARGUMENT', /options.radialRange \[1000, 2000\] lies outside the data: its pixels span \[.*\] q_nm\^-1/],
      [one({ npt: 10, azimuthRange: [170, 190] }), 'E_ARGUMENT', /options.azimuthRange must lie within the chi range \[-180, 180\] degrees.*chiDiscAtZero: true.*got \[170, 190\]/],
      [one({ npt: 10, normalizationFactor: NaN }), 'E_ARGUMENT', /options.normalizationFactor must be a finite number; got NaN/],
      [one({ npt: 10, normalizationFactor: 0 }), 'E_ARGUMENT', /options.normalizationFactor must not be 0/],
      [one({ npt: 10, dummy: NaN }), 'E_ARGUMENT', /options.dummy must be a finite number; got NaN/],
      [one({ npt: 10, deltaDummy: 0.5 }), 'E_ARGUMENT', /options.deltaDummy \(0.5\) needs options.dummy/],
      [one({ npt: 10, dummy: 0, deltaDummy: -1 }), 'E_ARGUMENT', /options.deltaDummy must be >= 0; got -1/],
      [one({ npt: 10, polarizationFactor: 2 }), 'E_ARGUMENT', /options.polarizationFactor must be in \[-1, 1\].*got 2/],
      [one({ npt: 10, correctSolidAngle: 'yes' }), 'E_ARGUMENT', /options.correctSolidAngle must be true or false; got "yes"/],
      [one({ npt: 10, errorModel: 'gaussian' }), 'E_ARGUMENT', /options.errorModel must be one of "none", "variance", "poisson", "azimuthal"; got "gaussian"/],
      [one({ npt: 10, errorModel: 'variance' }), 'E_ARGUMENT', /options.errorModel "variance" needs options.variance/],
      [one({ npt: 10, errorModel: 'poisson', variance: new Float32Array(N) }), 'E_ARGUMENT', /options.variance is only used by the error model "variance"/],
      [one({ npt: 10, radial_range: [0, 1] }), 'E_ARGUMENT', /options.radial_range is not an option of integrate1d; valid options are npt, unit, radialRange/],
      [one(null), 'E_ARGUMENT', /options must be an object/],
    ];
    for (const [call, code, message] of cases) await expectError(call, code, message);
  });

  it('refuses frames and per-pixel arrays of another shape with a ShapeError', async () => {
    const cases: [() => Promise<unknown>, string, RegExp][] = [
      [one({ npt: 10 }, array(new Float32Array(N), { shape: [COLS, ROWS] })), 'E_SHAPE', /frame must have the shape of the Detector detector, \[40, 50\]; got \[50, 40\]/],
      [one({ npt: 10 }, array(new Float32Array(N))), 'E_SHAPE', /frame must have the shape .*got \[2000\]/],
      [one({ npt: 10 }, raw as unknown as NdArray), 'E_ARGUMENT', /frame must be an NdArray/],
      [one({ npt: 10, mask: array(new Uint8Array(100), { shape: [10, 10] }) }), 'E_SHAPE', /options.mask must have the detector's shape \[40, 50\]; got \[10, 10\]/],
      [one({ npt: 10, dark: new Float32Array(N - 1) }), 'E_SHAPE', /options.dark must hold one value per pixel \(40 x 50 = 2000\); got 1999/],
      [one({ npt: 10, flat: [1, 2, 3] }), 'E_ARGUMENT', /options.flat must be an NdArray or a typed array of the detector's shape/],
    ];
    for (const [call, code, message] of cases) await expectError(call, code, message);
  });
});
