/**
 * Bounding-box and no splitting on hand-made pixels: the expected weights are worked out from the
 * definition (overlap of [c - d, c + d] with each bin, pyFAI's clipping at the ends). Weights are
 * compared to 1e-12 (double arithmetic before storage).
 */
import { describe, expect, it } from 'vitest';
import type { Bins, Pixels1d, Split } from './types.js';
import { visitContributions1d, visitContributions2d } from './visit.js';

const f64 = (...v: number[]): Float64Array => Float64Array.from(v);
const unitBins: Bins = { count: 4, min: 0, max: 4 };

function collect1d(px: Pixels1d, split: Split, bins: Bins, azimuthRange?: [number, number]): [number, number, number][] {
  const out: [number, number, number][] = [];
  visitContributions1d(px, split, bins, (bin, pixel, w) => out.push([bin, pixel, w]), { azimuthRange });
  return out;
}

function expectContributions(actual: [number, number, number][], expected: [number, number, number][]): void {
  expect(actual.map(([b, p]) => [b, p])).toEqual(expected.map(([b, p]) => [b, p]));
  actual.forEach(([, , w], k) => expect(w).toBeCloseTo(expected[k][2], 12));
}

describe('bbox splitting, 1D', () => {
  it('shares a box among the bins it overlaps, in proportion', () => {
    // [0.75, 2.25] over bins of width 1: 0.25, 1, 0.25 of 1.5
    expectContributions(collect1d({ center: f64(1.5), delta: f64(0.75) }, 'bbox', unitBins), [
      [0, 0, 1 / 6],
      [1, 0, 2 / 3],
      [2, 0, 1 / 6],
    ]);
  });

  it('gives weight 1 to a box inside one bin', () => {
    expectContributions(collect1d({ center: f64(2.5), delta: f64(0.2) }, 'bbox', unitBins), [[2, 0, 1]]);
  });

  it('piles the part beyond either end into the end bin, as pyFAI clips', () => {
    // [-1, 1.5]: bin 0 gets (1 - (-1)) / 2.5, bin 1 gets 0.5 / 2.5; [3.5, 5.5]: bin 3 gets everything
    expectContributions(collect1d({ center: f64(0.25, 4.5), delta: f64(1.25, 1) }, 'bbox', unitBins), [
      [0, 0, 0.8],
      [1, 0, 0.2],
      [3, 1, 1],
    ]);
  });

  it('drops boxes that end below the range or start at or above its end', () => {
    expect(collect1d({ center: f64(-2, 5, 4.5), delta: f64(0.5, 0.5, 0.5) }, 'bbox', unitBins)).toEqual([]);
  });

  it('drops a box that ends less than one bin below the range (pyFAI CSR counts it in bin 0, histoBBox1d_engine does not)', () => {
    // [-0.6, -0.2] and [-0.9, -0.0001] end below 0; [-0.5, 0] touches the range and counts whole, as in pyFAI's engines
    expectContributions(collect1d({ center: f64(-0.4, -0.45005, -0.25), delta: f64(0.2, 0.44995, 0.25) }, 'bbox', unitBins), [[0, 2, 1]]);
  });

  it('leaves out masked pixels and those outside the azimuth range (a pixel that meets it counts whole)', () => {
    const px: Pixels1d = { center: f64(0.5, 1.5, 2.5), delta: f64(0.1, 0.1, 0.1), chi: f64(0, 1, 2), chiDelta: f64(0.2, 0.2, 0.2), mask: Uint8Array.of(0, 1, 0) };
    expectContributions(collect1d(px, 'bbox', unitBins), [
      [0, 0, 1],
      [2, 2, 1],
    ]);
    // chi 2 ± 0.2 meets [1.85, 3]; chi 0 ± 0.2 does not
    expectContributions(collect1d(px, 'bbox', unitBins, [1.85, 3]), [[2, 2, 1]]);
  });
});

describe('no splitting, 1D', () => {
  it('puts each centre in its bin with weight 1', () => {
    expectContributions(collect1d({ center: f64(3.99, 0.5, 2) }, 'no', unitBins), [
      [3, 0, 1],
      [0, 1, 1],
      [2, 2, 1],
    ]);
  });

  it('counts exactly the centres in [min, max): none below the range, not even less than one bin below', () => {
    // pyFAI 0.21's CSR engines (and histogram1d_engine) truncate -0.5 to bin 0; -1e-12 too
    expectContributions(collect1d({ center: f64(-0.5, -1.2, 4.1, -1e-12, 0, 3.999999) }, 'no', unitBins), [
      [0, 4, 1],
      [3, 5, 1],
    ]);
  });

  it('uses the centre chi for the azimuth range', () => {
    const px: Pixels1d = { center: f64(0.5, 1.5), chi: f64(0.1, 0.3), chiDelta: f64(1, 1) };
    expectContributions(collect1d(px, 'no', unitBins, [0.2, 1]), [[1, 1, 1]]);
  });
});

describe('bbox splitting, 2D', () => {
  const radial: Bins = { count: 3, min: 0, max: 3 };
  const azimuthal: Bins = { count: 2, min: -1, max: 1 };

  it('multiplies the radial and azimuthal shares; rows are azimuthal-major', () => {
    // radial [0.5, 2] -> 1/3, 2/3 in bins 0, 1; chi [-0.5, 0.5] -> 1/2, 1/2 in bins 0, 1
    const px: Pixels1d = { center: f64(1.25), delta: f64(0.75), chi: f64(0), chiDelta: f64(0.5) };
    const out: [number, number, number][] = [];
    visitContributions2d(px, 'bbox', radial, azimuthal, (row, pixel, w) => out.push([row, pixel, w]));
    expectContributions(out, [
      [0, 0, 1 / 6],
      [1, 0, 1 / 3],
      [3, 0, 1 / 6],
      [4, 0, 1 / 3],
    ]);
  });

  it('leaves out boxes ending below either range, even by less than one bin', () => {
    // radial [-0.3, -0.1]; chi [-1.4, -1.05]; both inside: the last one
    const px: Pixels1d = { center: f64(-0.2, 1.5, 1.5), delta: f64(0.1, 0.1, 0.1), chi: f64(0, -1.225, -0.5), chiDelta: f64(0.1, 0.175, 0.1) };
    const out: [number, number, number][] = [];
    visitContributions2d(px, 'bbox', radial, azimuthal, (row, pixel, w) => out.push([row, pixel, w]));
    expectContributions(out, [[1, 2, 1]]);
  });

  it('without splitting puts each pixel in the cell of its centre', () => {
    const px: Pixels1d = { center: f64(2.5, 0.2, 9, -0.5, 1), chi: f64(0.5, -0.9, 0, 0, -1.5) };
    const out: [number, number, number][] = [];
    visitContributions2d(px, 'no', radial, azimuthal, (row, pixel, w) => out.push([row, pixel, w]));
    expectContributions(out, [
      [1 * 3 + 2, 0, 1],
      [0, 1, 1],
    ]);
  });
});
