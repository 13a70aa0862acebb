import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { radialUnit, azimuthalUnit } from '../units.js';
import type { Accumulators } from './engine.js';
import { parseMethod } from './method.js';
import { Integrate1dResult, Integrate2dResult, type ResultSettings } from './results.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const settings = (over: Partial<ResultSettings> = {}): ResultSettings => ({
  unit: radialUnit('2th_deg'),
  method: parseMethod('bbox'),
  errorModel: 'poisson',
  polarizationFactor: 0.9,
  normalizationFactor: 2,
  empty: -1,
  poni: 'poni_version: 2.1\nDistance: 0.1\n',
  ...over,
});

function sums(signal: number[], variance: number[], normalization: number[], normalization2: number[], count: number[]): Accumulators {
  const f = (a: number[]) => Float64Array.from(a);
  return { signal: f(signal), variance: f(variance), normalization: f(normalization), normalization2: f(normalization2), count: f(count) };
}

describe('Integrate1dResult', () => {
  it('derives intensity, sem (= sigma) and std from the sums as pyFAI, and gives empty bins the empty value', () => {
    // bin 0: I = 12/4 = 3, sem = sqrt(16)/4 = 1, std = sqrt(16/8) = sqrt(2); bin 1: count 0 -> empty (-1)
    const r = new Integrate1dResult(new Float64Array([1, 2]), sums([12, 0], [16, 0], [4, 0], [8, 0], [3, 0]), settings());
    expect(Array.from(r.intensity)).toEqual([3, -1]);
    expect(Array.from(r.sem!)).toEqual([1, -1]);
    expect(r.sigma).toBe(r.sem);
    expect(r.std![0]).toBeCloseTo(Math.SQRT2, 15);
    expect(r.std![1]).toBe(-1);
    expect(r).toMatchObject({ unit: '2th_deg', errorModel: 'poisson', polarizationFactor: 0.9, normalizationFactor: 2 });
    const none = new Integrate1dResult(new Float64Array([1]), sums([1], [0], [1], [1], [1]), settings({ errorModel: 'none', empty: 0 }));
    expect([none.sigma, none.sem, none.std]).toEqual([null, null, null]);
  });

  it('describes itself as NXdata (signal I with errors, radial axis with units) and NXprocess', () => {
    const r = new Integrate1dResult(new Float64Array([1, 2]), sums([12, 5], [16, 4], [4, 5], [8, 25], [3, 1]), settings());
    const nx = r.toNxData();
    expect(nx.signal.name).toBe('I');
    expect(nx.signal.data.shape).toEqual([2]);
    expect(Array.from(nx.signal.data.dataSync())).toEqual([3, 1]);
    expect(Array.from(nx.errors!.dataSync())).toEqual([1, 0.4]);
    expect(nx.axes).toHaveLength(1);
    expect(nx.axes[0]).toMatchObject({ name: '2th', units: 'deg' });
    expect(Array.from(nx.axes[0].data)).toEqual([1, 2]);
    expect(nx.interpretation).toBe('spectrum');
    expect(r.toNxProcess()).toEqual({
      program: 'pandaas',
      version,
      parameters: { poni: 'poni_version: 2.1\nDistance: 0.1\n', method: 'bbox-csr-cpu', unit: '2th_deg', error_model: 'poisson', normalization_factor: 2, polarization_factor: 0.9, npt: 2 },
    });
  });
});

describe('Integrate2dResult', () => {
  it('is [nptAzim, nptRad] azimuth-major, with chi and radial axes', () => {
    const acc = sums([1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 2], [1, 1, 1, 1, 1, 4], [1, 1, 1, 1, 1, 1]);
    const r = new Integrate2dResult(new Float64Array([10, 20, 30]), new Float64Array([-90, 90]), azimuthalUnit('chi_deg'), acc, settings({ errorModel: 'none', unit: radialUnit('q_nm^-1') }));
    expect(r.shape).toEqual([2, 3]);
    expect(Array.from(r.intensity)).toEqual([1, 2, 3, 4, 5, 3]);
    const nx = r.toNxData();
    expect(nx.signal.data.shape).toEqual([2, 3]);
    expect(nx.errors).toBeUndefined();
    expect(nx.axes.map((a) => [a.name, a.units, a.data.length])).toEqual([['chi', 'deg', 2], ['q', 'nm^-1', 3]]);
    expect(nx.interpretation).toBe('image');
    expect(r.toNxProcess().parameters).toMatchObject({ npt_rad: 3, npt_azim: 2, unit_azimuthal: 'chi_deg' });
  });
});
