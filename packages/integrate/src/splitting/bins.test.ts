import { ArgumentError, ShapeError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { azimuthalBins, binCenters, radialBins, upperBound, upperEnd } from './bins.js';
import type { Pixels1d } from './types.js';

const f64 = (...v: number[]): Float64Array => Float64Array.from(v);
const EPS32 = 1 + 2 ** -23;
const PI32 = Math.fround(Math.PI);

/** Corners of axis-aligned pixels [r0, r1] x [c0, c1], pyFAI's order of the 4 corners does not matter for ranges. */
function rectCorners(...boxes: [number, number, number, number][]): Float64Array {
  return Float64Array.from(boxes.flatMap(([r0, r1, c0, c1]) => [r0, c0, r1, c0, r1, c1, r0, c1]));
}

describe('upperBound', () => {
  it('nudges by one float32 epsilon (relative) upwards, for either sign', () => {
    expect(upperBound(2)).toBe(2 * EPS32);
    expect(upperBound(-2)).toBe(-2 / EPS32);
    expect(upperBound(-2)).toBeGreaterThan(-2);
    expect(upperBound(0)).toBe(0);
  });

  it('upperEnd undoes it to within one ulp', () => {
    for (const v of [1e-7, 0.5, 3.0882081985473633, -1.25, 1234.5]) {
      expect(Math.abs(upperEnd(upperBound(v)) - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -52);
    }
  });
});

describe('radialBins', () => {
  const center = f64(1, 2, 4, 3);
  const delta = f64(0.5, 0.25, 0.5, 2);

  it('spans the pixel centres without splitting', () => {
    expect(radialBins({ center }, 'no', 10)).toEqual({ count: 10, min: 1, max: 4 * EPS32 });
  });

  it('spans the bounding boxes with bbox, raised to 0 at the bottom', () => {
    expect(radialBins({ center, delta }, 'bbox', 5)).toEqual({ count: 5, min: 0.5, max: 5 * EPS32 });
    expect(radialBins({ center: f64(0.1, 1), delta: f64(0.3, 0.1) }, 'bbox', 5).min).toBe(0);
  });

  it('spans the corners with full splitting', () => {
    const corners = rectCorners([0.75, 1.5, -1, 1], [2, 6.5, 0, 0.5]);
    expect(radialBins({ center: f64(1, 4), corners }, 'full', 3)).toEqual({ count: 3, min: 0.75, max: 6.5 * EPS32 });
  });

  it('leaves out masked pixels', () => {
    const mask = Uint8Array.of(1, 0, 0, 1);
    expect(radialBins({ center, mask }, 'no', 2)).toEqual({ count: 2, min: 2, max: 4 * EPS32 });
    expect(radialBins({ center, delta, mask }, 'bbox', 2)).toEqual({ count: 2, min: 1.75, max: 4.5 * EPS32 });
    // full: the corners of pixel 0 ([0.75, 1.5]) are left out; float32 corners as Geometry gives them
    const corners = Float32Array.from(rectCorners([0.75, 1.5, -1, 1], [2, 6.5, 0, 0.5]));
    expect(radialBins({ center: f64(1, 4), corners, mask: Uint8Array.of(1, 0) }, 'full', 3)).toEqual({ count: 3, min: 2, max: 6.5 * EPS32 });
    expect(azimuthalBins({ center: f64(1, 4), corners, mask: Uint8Array.of(1, 0) }, 'full', 3)).toEqual({ count: 3, min: 0, max: 0.5 * EPS32 });
  });

  it('ignores non-finite positions', () => {
    expect(radialBins({ center: f64(NaN, 2, Infinity, 3) }, 'no', 2)).toEqual({ count: 2, min: 2, max: 3 * EPS32 });
  });

  it('uses a requested range as given (either order), still nudging its upper end', () => {
    expect(radialBins({ center }, 'no', 4, [0.5, 3])).toEqual({ count: 4, min: 0.5, max: 3 * EPS32 });
    expect(radialBins({ center }, 'no', 4, [3, 0.5])).toEqual({ count: 4, min: 0.5, max: 3 * EPS32 });
    expect(radialBins({ center }, 'no', 4, [-2, -1])).toEqual({ count: 4, min: -2, max: -1 / EPS32 });
  });

  it('rejects bad arguments with typed errors naming them', () => {
    expect(() => radialBins({ center }, 'pseudo' as never, 4)).toThrow(/split must be one of 'no', 'bbox', 'full', got "pseudo"/);
    expect(() => radialBins({ center }, 'no', 0)).toThrow(ArgumentError);
    expect(() => radialBins({ center }, 'no', 2.5)).toThrow(/count must be a positive integer, got 2.5/);
    expect(() => radialBins({ center }, 'no', 4, [1, 1])).toThrow(/range must be two distinct finite numbers/);
    expect(() => radialBins({ center }, 'no', 4, [0, NaN])).toThrow(ArgumentError);
    expect(() => radialBins({ center }, 'bbox', 4)).toThrow(/px.delta is required for bbox splitting/);
    expect(() => radialBins({ center, delta: f64(1) }, 'bbox', 4)).toThrow(ShapeError);
    expect(() => radialBins({ center }, 'full', 4)).toThrow(/px.corners is required for full splitting/);
    expect(() => radialBins({ center: [1, 2] as unknown as Float64Array }, 'no', 4)).toThrow(/px.center must be a Float64Array/);
    expect(() => radialBins({ center, mask: new Uint8Array(3) }, 'no', 4)).toThrow(/px.mask must have length 4, got 3/);
  });

  it('asks for a range when no pixel is left', () => {
    expect(() => radialBins({ center, mask: new Uint8Array(4).fill(1) }, 'no', 4)).toThrow(/no unmasked pixel with a finite radial position: give a radial range/);
    expect(radialBins({ center, mask: new Uint8Array(4).fill(1) }, 'no', 4, [1, 2])).toEqual({ count: 4, min: 1, max: 2 * EPS32 });
  });
});

describe('azimuthalBins', () => {
  const center = f64(1, 2, 3);
  const chi = f64(-3.1, 0.5, 3.1);
  const chiDelta = f64(0.1, 0.1, 0.1);

  it('spans chi, or chi ± chiDelta, clipped to pyFAI float32 [-pi, pi]', () => {
    expect(azimuthalBins({ center, chi }, 'no', 3)).toEqual({ count: 3, min: -3.1, max: 3.1 * EPS32 });
    expect(azimuthalBins({ center, chi, chiDelta }, 'bbox', 3)).toEqual({ count: 3, min: -PI32, max: PI32 * EPS32 });
  });

  it('clips to [0, 2pi] with the discontinuity at 0', () => {
    const px: Pixels1d = { center, chi: f64(0.05, 3, 6.25), chiDelta, chiDiscAtZero: true };
    expect(azimuthalBins(px, 'bbox', 3)).toEqual({ count: 3, min: 0, max: 2 * PI32 * EPS32 });
  });

  it('spans the raw corner chi with full splitting', () => {
    const corners = rectCorners([1, 2, -0.5, 0.25], [2, 3, 0.5, 1.5]);
    expect(azimuthalBins({ center: f64(1, 2), corners }, 'full', 8)).toEqual({ count: 8, min: -0.5, max: 1.5 * EPS32 });
  });

  it('uses a requested range and needs chi', () => {
    expect(azimuthalBins({ center, chi }, 'no', 6, [-1, 1])).toEqual({ count: 6, min: -1, max: EPS32 });
    expect(() => azimuthalBins({ center }, 'no', 6)).toThrow(/px.chi is required in 2D/);
    expect(() => azimuthalBins({ center, chi }, 'bbox', 6)).toThrow(/px.chiDelta is required for 2D bbox splitting/);
  });
});

describe('binCenters', () => {
  it('is the middle of each bin', () => {
    expect(Array.from(binCenters({ count: 4, min: 0, max: 2 }))).toEqual([0.25, 0.75, 1.25, 1.75]);
    expect(Array.from(binCenters({ count: 1, min: -1, max: 3 }))).toEqual([1]);
  });

  it('rejects malformed bins', () => {
    expect(() => binCenters({ count: 3, min: 1, max: 1 })).toThrow(/b.min and .max must be finite with max > min/);
    expect(() => binCenters({ count: -1, min: 0, max: 1 })).toThrow(/b.count must be a positive integer/);
    expect(() => binCenters(null as never)).toThrow(ArgumentError);
  });
});
