import { array, type NdArray } from '@pandaas/core';
import { readTiff } from '@pandaas/io-nexus';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AzimuthalIntegrator } from '../integrator/azimuthal-integrator.js';
import type { Accumulators, Corrections } from '../integrator/engine.js';
import type { Integrate1dResult } from '../integrator/results.js';
import type { Csr } from '../splitting/types.js';
import { sharedData } from '../testing/data.js';
import { medfilt1d } from './medfilt1d.js';
import { quantileCsr } from './quantile-csr.js';
import { sigmaClip, type SigmaClipOptions } from './sigma-clip.js';
import { sigmaClipCsr } from './sigma-clip-csr.js';

// ---- the pyFAI 0.21 fixtures of scripts/fixtures/integrate/filters.py ----

interface ArrayRef {
  offset: number;
  dtype: '<f8' | '<f4' | '<i4' | '|u1';
  shape: number[];
}

interface StoredResult {
  radial: ArrayRef;
  intensity: ArrayRef;
  sigma?: ArrayRef;
  sumSignal: ArrayRef;
  sumVariance?: ArrayRef;
  sumNormalization: ArrayRef;
  count: ArrayRef;
}

interface FixtureOptions {
  npt?: number;
  unit: 'q_nm^-1' | '2th_deg';
  mask?: boolean;
  dark?: boolean;
  variance?: boolean;
  errorModel?: 'poisson' | 'azimuthal';
  thres?: number;
  maxIter?: number;
  dummy?: number;
  deltaDummy?: number;
  polarizationFactor?: number;
  normalizationFactor?: number;
  split?: 'no' | 'bbox';
  percentile?: number | [number, number];
}

interface Matrix {
  indptr: ArrayRef;
  indices: ArrayRef;
  data: ArrayRef;
}

interface Manifest {
  pyFAI: string;
  synthetic: { shape: [number, number]; poni: string; inputs: Record<'frame' | 'gaps' | 'mask' | 'dark' | 'variance', ArrayRef> };
  sigmaClip: { id: string; frame: 'frame' | 'gaps'; options: FixtureOptions; matrix: Matrix; norm: ArrayRef; result: StoredResult }[];
  medfilt: {
    id: string;
    frame: 'gaps';
    options: FixtureOptions & { split: 'no' | 'bbox'; percentile: number | [number, number] };
    matrix: Matrix;
    norm: ArrayRef;
    expected: Record<'radial' | 'intensity' | 'signal' | 'variance' | 'normalization' | 'normalization2' | 'count', ArrayRef>;
    integrate1d: StoredResult;
  }[];
  pixium: { id: string; image: string; poni: string; options: FixtureOptions; result: StoredResult };
}

const folder = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'filters');
const fx = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
const bytes = gunzipSync(readFileSync(join(folder, 'arrays.bin.gz')));
const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const KINDS = { '<f8': Float64Array, '<f4': Float32Array, '<i4': Int32Array, '|u1': Uint8Array } as const;

function stored<K extends ArrayRef['dtype']>(ref: ArrayRef & { dtype: K }): InstanceType<(typeof KINDS)[K]>;
function stored(ref: ArrayRef): Float64Array | Float32Array | Int32Array | Uint8Array {
  return new KINDS[ref.dtype](buffer, ref.offset, ref.shape.reduce((a, b) => a * b, 1));
}
const f64 = (ref: ArrayRef) => stored(ref) as Float64Array;

const inputs = fx.synthetic.inputs;
const PIXELS = fx.synthetic.shape[0] * fx.synthetic.shape[1];

/** pyFAI's own matrix of a case. */
function matrixOf(m: Matrix, bins: number): Csr {
  return { rows: bins, cols: PIXELS, indptr: stored(m.indptr) as Int32Array, indices: stored(m.indices) as Int32Array, weights: stored(m.data) as Float32Array };
}

/** The corrections pyFAI applied in a case: its float32 norm, the mask, dark, variance, dummy. */
function correctionsOf(o: FixtureOptions, norm: ArrayRef): Corrections {
  return {
    norm: stored(norm) as Float32Array,
    invalid: o.mask ? (stored(inputs.mask) as Uint8Array) : new Uint8Array(PIXELS),
    ...(o.dark ? { dark: stored(inputs.dark) as Float32Array } : {}),
    ...(o.variance ? { variance: stored(inputs.variance) as Float32Array } : {}),
    ...(o.dummy === undefined ? {} : { dummy: o.dummy, deltaDummy: o.deltaDummy }),
    errorModel: o.variance ? 'variance' : (o.errorModel ?? 'poisson'),
  };
}

/** Largest relative difference over the bins where `select` holds (0/0 counts as equal). */
function worstRelative(obtained: ArrayLike<number>, reference: ArrayLike<number>, select: (b: number) => boolean = () => true): number {
  expect(obtained.length).toBe(reference.length);
  let worst = 0;
  for (let b = 0; b < reference.length; b++) {
    if (!select(b) || obtained[b] === reference[b]) continue;
    worst = Math.max(worst, Math.abs(obtained[b] - reference[b]) / Math.abs(reference[b]));
  }
  return worst;
}

/** pyFAI's sigma_clip_ng fields from sums (intensity and sigma = sem; empty bins 0). */
function derived(sums: Accumulators): { intensity: Float64Array; sigma: Float64Array } {
  const n = sums.signal.length;
  const intensity = new Float64Array(n);
  const sigma = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    if (sums.count[b] > 0) {
      intensity[b] = sums.signal[b] / sums.normalization[b];
      sigma[b] = Math.sqrt(sums.variance[b]) / sums.normalization[b];
    }
  }
  return { intensity, sigma };
}

describe('sigmaClipCsr on pyFAI 0.21\'s own matrix and preprocessing', () => {
  // what differs: pyFAI preprocesses in float32 (raw - dark rounded), pandaas in float64;
  // the sums are float64 in both: 1e-6 relative on every non-empty bin, counts exact
  const RTOL = 1e-6;
  for (const c of fx.sigmaClip) {
    it(`matches sigma_clip_ng, case ${c.id} (${c.options.npt ?? 1024} bins, thres ${c.options.thres ?? 5}, maxIter ${c.options.maxIter ?? 5})`, () => {
      const o = c.options;
      const bins = o.npt ?? 1024;
      const raw = stored(inputs[c.frame]) as Int32Array;
      const sums = sigmaClipCsr(matrixOf(c.matrix, bins), correctionsOf(o, c.norm), raw, { thres: o.thres ?? 5, maxIter: o.maxIter ?? 5 });
      const r = c.result;
      const count = f64(r.count);
      expect(Array.from(sums.count)).toEqual(Array.from(count));
      const filled = (b: number) => count[b] > 0;
      expect(worstRelative(sums.signal, f64(r.sumSignal), filled)).toBeLessThan(RTOL);
      expect(worstRelative(sums.normalization, f64(r.sumNormalization), filled)).toBeLessThan(RTOL);
      expect(worstRelative(sums.variance, f64(r.sumVariance!), filled)).toBeLessThan(RTOL);
      const { intensity, sigma } = derived(sums);
      expect(worstRelative(intensity, f64(r.intensity))).toBeLessThan(RTOL);
      expect(worstRelative(sigma, f64(r.sigma!))).toBeLessThan(RTOL);
      // the clipping did something: fewer pixels than without clipping cycles in some bins
      const unclipped = sigmaClipCsr(matrixOf(c.matrix, bins), correctionsOf(o, c.norm), raw, { thres: o.thres ?? 5, maxIter: 0 });
      expect(count.some((n, b) => n < unclipped.count[b])).toBe(true);
    });
  }
});

describe('quantileCsr (medfilt1d_ng\'s rule) on pyFAI 0.21\'s matrices', () => {
  for (const c of fx.medfilt) {
    it(`matches the independent numpy selection, case ${c.id}`, () => {
      const o = c.options;
      const [lo, hi] = typeof o.percentile === 'number' ? [o.percentile / 100, o.percentile / 100] : [o.percentile[0] / 100, o.percentile[1] / 100];
      const sums = quantileCsr(matrixOf(c.matrix, o.npt!), correctionsOf(o, c.norm), stored(inputs.gaps) as Int32Array, lo, hi);
      const e = c.expected;
      expect(Array.from(sums.count)).toEqual(Array.from(f64(e.count)));
      // same float64 arithmetic, summed in another order: 1e-12 relative
      for (const key of ['signal', 'variance', 'normalization', 'normalization2'] as const) {
        expect(worstRelative(sums[key], f64(e[key])), key).toBeLessThan(1e-12);
      }
      if (lo === 0 && hi === 1) {
        // the (0, 100) trimmed mean keeps every pixel: pyFAI's integrate1d_ng (float32 preprocessing)
        const r = c.integrate1d;
        expect(worstRelative(sums.signal, f64(r.sumSignal))).toBeLessThan(1e-6);
        expect(worstRelative(sums.normalization, f64(r.sumNormalization))).toBeLessThan(1e-6);
        expect(worstRelative(sums.variance, f64(r.sumVariance!))).toBeLessThan(1e-6);
      }
    });
  }
});

// ---- end to end: the integrator's own geometry, matrix and corrections ----

const ai = AzimuthalIntegrator.fromPoni(fx.synthetic.poni, 'filters synthetic');
const frameOf = (name: 'frame' | 'gaps'): NdArray => array(stored(inputs[name]) as Int32Array, { shape: [...fx.synthetic.shape] });

/** The pandaas options of a fixture case. */
function optionsOf(o: FixtureOptions): SigmaClipOptions {
  return {
    unit: o.unit,
    ...(o.npt === undefined ? {} : { npt: o.npt }),
    ...(o.mask ? { mask: stored(inputs.mask) as Uint8Array } : {}),
    ...(o.dark ? { dark: stored(inputs.dark) as Float32Array } : {}),
    ...(o.variance ? { variance: stored(inputs.variance) as Float32Array } : {}),
    ...(o.errorModel === undefined ? {} : { errorModel: o.errorModel }),
    ...(o.dummy === undefined ? {} : { dummy: o.dummy, deltaDummy: o.deltaDummy }),
    ...(o.polarizationFactor === undefined ? {} : { polarizationFactor: o.polarizationFactor }),
    ...(o.normalizationFactor === undefined ? {} : { normalizationFactor: o.normalizationFactor }),
    ...(o.thres === undefined ? {} : { thres: o.thres }),
    ...(o.maxIter === undefined ? {} : { maxIter: o.maxIter }),
  };
}

/**
 * Checks a result against pyFAI's: bin centres to 1e-6 relative; counts equal; intensity, sigma
 * and the sums to `rtol` relative on the non-empty bins.
 */
function expectLikePyfai(r: Integrate1dResult, p: StoredResult, rtol: number): void {
  expect(worstRelative(r.radial, f64(p.radial))).toBeLessThan(1e-6);
  const count = f64(p.count);
  expect(Array.from(r.count)).toEqual(Array.from(count));
  const filled = (b: number) => count[b] > 0;
  expect(worstRelative(r.intensity, f64(p.intensity), filled), 'intensity').toBeLessThan(rtol);
  expect(worstRelative(r.sigma!, f64(p.sigma!), filled), 'sigma').toBeLessThan(rtol);
  expect(worstRelative(r.sumSignal, f64(p.sumSignal), filled), 'sumSignal').toBeLessThan(rtol);
  expect(worstRelative(r.sumNormalization, f64(p.sumNormalization), filled), 'sumNormalization').toBeLessThan(rtol);
}

describe('sigmaClip end to end against pyFAI 0.21 sigma_clip_ng', () => {
  // the integrator's matrix and corrections against pyFAI's: the same pixels fall in the same
  // bins (counts equal); pyFAI rounds intensity and sigma to float32 (6e-8): 1e-6 relative
  for (const c of fx.sigmaClip) {
    it(`case ${c.id}`, async () => {
      const r = await sigmaClip(ai, frameOf(c.frame), optionsOf(c.options));
      expectLikePyfai(r, c.result, 1e-6);
      expect(r.method).toEqual({ split: 'no', algorithm: 'csr', backend: 'cpu' });
      expect(r.unit).toBe(c.options.unit);
    });
  }

  it('on the real DLS Pixium frame (1441 x 1440 uint16, CeO2 PONI), with the defaults', async () => {
    const p = fx.pixium;
    const image = await readTiff(sharedData(p.image));
    const frame = image.frames[0].data;
    const pixium = AzimuthalIntegrator.fromPoni(readFileSync(sharedData(p.poni), 'utf8'), p.poni).withShape([frame.shape[0], frame.shape[1]]);
    const r = await sigmaClip(pixium, frame, { unit: '2th_deg', polarizationFactor: 0.99 });
    expect(r.radial.length).toBe(1024);
    expectLikePyfai(r, p.result, 1e-6);
  }, 60_000);

  it('refuses bad clipping options and inputs with typed errors naming them', async () => {
    const frame = frameOf('frame');
    await expect(sigmaClip(ai, frame, { thres: -1 })).rejects.toThrow(/options\.thres must be a finite number >= 0; got -1/);
    await expect(sigmaClip(ai, frame, { maxIter: 1.5 })).rejects.toThrow(/options\.maxIter must be an integer >= 0; got 1\.5/);
    await expect(sigmaClip(ai, frame, { errorModel: 'none' as 'poisson' })).rejects.toThrow(/'none' gives no standard deviation/);
    await expect(sigmaClip(ai, frame, { npt: 0 })).rejects.toThrow(/options\.npt must be a positive integer/);
    await expect(sigmaClip(ai, frame, { cutoff: 3 } as SigmaClipOptions)).rejects.toThrow(/options\.cutoff is not an option/);
    await expect(sigmaClip({} as AzimuthalIntegrator, frame)).rejects.toThrow(/integrator must be an AzimuthalIntegrator/);
    await expect(sigmaClip(ai, array(new Float32Array(10), { shape: [2, 5] }))).rejects.toMatchObject({ code: 'E_SHAPE' });
  });
});

describe('medfilt1d end to end', () => {
  for (const c of fx.medfilt.filter((k) => k.options.split === 'no')) {
    it(`case ${c.id}: the integrator's matrix gives the sums of the numpy selection on pyFAI's`, async () => {
      const o = c.options;
      const r = await medfilt1d(ai, frameOf(c.frame), { ...optionsOf(o), method: 'no', percentile: o.percentile });
      const e = c.expected;
      expect(worstRelative(r.radial, f64(e.radial))).toBeLessThan(1e-6);
      expect(Array.from(r.count)).toEqual(Array.from(f64(e.count)));
      // float64 on both sides, the norm computed by each (float32 products): 1e-6 relative
      const filled = (b: number) => f64(e.count)[b] > 0;
      expect(worstRelative(r.intensity, f64(e.intensity), filled)).toBeLessThan(1e-6);
      expect(worstRelative(r.sumVariance, f64(e.variance), filled)).toBeLessThan(1e-6);
      expect(worstRelative(r.sumNormalization2, f64(e.normalization2), filled)).toBeLessThan(1e-6);
    });
  }

  it('is robust where the mean is not: zingers move the mean, hardly the median', async () => {
    const base = { npt: 60, unit: 'q_nm^-1', mask: stored(inputs.mask) as Uint8Array, method: 'no' } as const;
    const median = await medfilt1d(ai, frameOf('frame'), base);
    const all = await medfilt1d(ai, frameOf('frame'), { ...base, percentile: [0, 100] });
    const plain = await ai.integrate1d(frameOf('frame'), { ...base });
    expect(worstRelative(all.intensity, plain.intensity)).toBeLessThan(1e-12); // (0, 100) keeps every pixel: the plain mean
    let below = 0;
    for (let b = 0; b < 60; b++) if (median.intensity[b] < plain.intensity[b]) below++;
    expect(below).toBeGreaterThan(50); // 2 % zingers of +300..+3000 pull the mean above the median
  });

  it('refuses bad percentiles', async () => {
    const frame = frameOf('frame');
    await expect(medfilt1d(ai, frame, { percentile: 120 })).rejects.toThrow(/options\.percentile must be a number in \[0, 100\] or a pair/);
    await expect(medfilt1d(ai, frame, { percentile: [60, 40] })).rejects.toThrow(/got \[60, 40\]/);
  });
});
