import { array } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { fixture, float64, maxRelativeDifference, readSpectrum } from '../testing/data.js';
import { savitskyGolay, smooth1d } from './smooth.js';
import { snip1d, snip1dMany, snip2d } from './snip.js';
import { strip } from './strip.js';

// silx 1.1's outputs on generated and real spectra (scripts/fixtures/fit/background.py).
const doc = fixture('background', 'background.json');

// Tolerance: the same arithmetic in the same order as silx's C gives the same doubles; 1e-12
// relative (against max(|silx|, 1e-300)) is the stated bound, and the tests also report exact equality.
const TOLERANCE = 1e-12;

interface Result {
  op: string;
  params: Record<string, number | number[]>;
  output: string;
}

function run(op: string, params: Result['params'], y: Float64Array): Float64Array | undefined {
  switch (op) {
    case 'strip':
      return strip(y, {
        width: params.w as number,
        iterations: params.niterations as number,
        factor: params.factor as number,
        anchors: params.anchors as number[] | undefined,
      });
    case 'snip1d':
      return snip1d(y, params.snip_width as number);
    case 'smooth1d':
      return smooth1d(y);
    case 'savitsky_golay':
      // silx leaves data unsmoothed (and logs an error) past 101 points; pandaas refuses such widths
      if ((params.npoints as number) > 101) return undefined;
      return savitskyGolay(y, params.npoints as number);
    default:
      throw new Error(`unknown op ${op}`);
  }
}

describe('backgrounds and smoothing against silx 1.1', () => {
  for (const spectrum of doc.spectra) {
    it(`${spectrum.name}: strip, snip1d, smooth1d, savitsky_golay`, () => {
      const y = spectrum.input !== undefined ? Float64Array.from(spectrum.input) : readSpectrum(spectrum);
      if (spectrum.file !== undefined) {
        expect(y.length).toBe(spectrum.length);
        expect(y.reduce((a, b) => a + b, 0)).toBeCloseTo(spectrum.sum, 6);
      }
      let compared = 0;
      for (const result of spectrum.results as Result[]) {
        const got = run(result.op, result.params, y);
        const want = float64(result.output);
        if (got === undefined) {
          expect(() => savitskyGolay(y, result.params.npoints as number)).toThrow(/npoints must be at most 101/);
          expect(Array.from(want)).toEqual(Array.from(y)); // what silx did instead: nothing
          continue;
        }
        const label = `${result.op} ${JSON.stringify(result.params)}`;
        expect(maxRelativeDifference(got, want), label).toBeLessThanOrEqual(TOLERANCE);
        expect(Array.from(got), label).toEqual(Array.from(want)); // bit-equal in practice
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
  }

  it('snip1dMany gives every row silx snip1d gave', async () => {
    const cases = doc.spectra.filter((s: { input?: number[] }) => s.input !== undefined && s.input.length === 512);
    expect(cases.length).toBeGreaterThan(0);
    for (const spectrum of cases) {
      for (const result of (spectrum.results as Result[]).filter((r) => r.op === 'snip1d')) {
        const n = 3;
        const rows = new Float64Array(n * 512);
        for (let r = 0; r < n; r++) rows.set(spectrum.input, r * 512);
        const got = await snip1dMany(rows, n, result.params.snip_width as number);
        const want = float64(result.output);
        for (let r = 0; r < n; r++) expect(Array.from(got.subarray(r * 512, (r + 1) * 512))).toEqual(Array.from(want));
      }
    }
  });

  for (const image of doc.images) {
    it(`${image.name}: snip2d`, async () => {
      const [rows, cols] = image.shape as [number, number];
      for (const result of image.results as Result[]) {
        const width = result.params.snip_width as number;
        const want = float64(result.output);
        const got = await snip2d(image.input as number[], [rows, cols], width);
        expect(maxRelativeDifference(got, want), `width ${width}`).toBeLessThanOrEqual(TOLERANCE);
        expect(Array.from(got), `width ${width}`).toEqual(Array.from(want));
        const nd = await snip2d(array(Float64Array.from(image.input), { shape: [rows, cols] }), width);
        expect(nd.shape).toEqual([rows, cols]);
        expect(Array.from(nd.dataSync())).toEqual(Array.from(want));
      }
    });
  }
});
