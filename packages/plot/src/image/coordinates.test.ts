import { ArgumentError, ShapeError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';

import { axisFromCentres, axisFromCoordinates, axisFromEdges, resampleIndices, resampleNearest } from './coordinates.js';

describe('image axes from coordinates', () => {
  it('turns centres into edges half way between them', () => {
    const axis = axisFromCentres([10, 20, 30, 40]);
    expect(Array.from(axis.edges)).toEqual([5, 15, 25, 35, 45]);
    expect(axis).toMatchObject({ size: 4, start: 5, end: 45, increasing: true, uniform: true });
  });

  it('gives one centre a width of 1, and keeps a decreasing axis decreasing', () => {
    expect(Array.from(axisFromCentres([3]).edges)).toEqual([2.5, 3.5]);
    const down = axisFromCentres([3, 2, 1]);
    expect(Array.from(down.edges)).toEqual([3.5, 2.5, 1.5, 0.5]);
    expect(down).toMatchObject({ increasing: false, uniform: true, start: 3.5, end: 0.5 });
  });

  it('reports uneven spacing, and tolerates the rounding of float32 coordinates', () => {
    expect(axisFromCentres([1, 2, 4, 8]).uniform).toBe(false);
    expect(axisFromEdges([0, 1, 2, 3.01]).uniform).toBe(false);
    // 0.01-wide bins near 1000 in float32: each edge is off by up to half a float32 ulp (3e-5)
    const edges = Float32Array.from({ length: 101 }, (_, i) => 1000 + i * 0.01);
    expect(axisFromEdges(edges).uniform).toBe(true);
    expect(axisFromEdges(Array.from(edges)).uniform).toBe(false);
  });

  it('chooses centres or edges from the length, pixel indices without coordinates', () => {
    expect(Array.from(axisFromCoordinates([1, 2, 3], 3).edges)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(Array.from(axisFromCoordinates([0, 2, 4, 6], 3).edges)).toEqual([0, 2, 4, 6]);
    expect(Array.from(axisFromCoordinates(undefined, 2).edges)).toEqual([0, 1, 2]);
  });

  it('rejects wrong lengths, non-finite and non-monotonic coordinates', () => {
    expect(() => axisFromCoordinates([1, 2], 4, 'x')).toThrow(ShapeError);
    expect(() => axisFromCoordinates([1, 2], 4, 'x')).toThrow(/x must have 4 values \(pixel centres\) or 5 \(pixel edges\) for 4 pixels, got 2/);
    expect(() => axisFromCentres([1, NaN, 3], 'q')).toThrow(ArgumentError);
    expect(() => axisFromCentres([1, NaN, 3], 'q')).toThrow(/q\[1\] must be a finite number, got NaN/);
    expect(() => axisFromEdges([0, 1, 1, 2])).toThrow(/strictly monotonic; it is not at index 2/);
    expect(() => axisFromEdges([0])).toThrow(/edges needs at least 2 value/);
    expect(() => axisFromCentres([])).toThrow(ShapeError);
  });
});

describe('resampling an uneven axis', () => {
  it('maps screen pixels to the source pixel under their centre', () => {
    // pixels [0, 1), [1, 2), [2, 4), [4, 8) drawn on 8 screen pixels of width 1
    const axis = axisFromEdges([0, 1, 2, 4, 8]);
    expect(Array.from(resampleIndices(axis, 8))).toEqual([0, 1, 2, 2, 3, 3, 3, 3]);
    // a view wider than the image: -1 outside
    expect(Array.from(resampleIndices(axis, 5, -2, 8))).toEqual([-1, 1, 2, 3, 3]); // centres -1, 1, 3, 5, 7
    // a decreasing axis from its start to its end
    const down = axisFromEdges([8, 4, 2, 1, 0]);
    expect(Array.from(resampleIndices(down, 8))).toEqual([0, 0, 0, 0, 1, 1, 2, 3]);
  });

  it('resamples an image with NaN outside', () => {
    const out = resampleNearest(Float32Array.of(1, 2, 3, 4, 5, 6), 3, 2, Int32Array.of(2, 0, -1), Int32Array.of(1, 0));
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([6, 4, NaN, 3, 1, NaN]);
    expect(() => resampleNearest([1, 2], 3, 1, Int32Array.of(0), Int32Array.of(0))).toThrow(ShapeError);
    expect(() => resampleNearest([1, 2, 3], 3, 1, Int32Array.of(3), Int32Array.of(0))).toThrow(/xIndex\[0\] must be -1 or an index below 3, got 3/);
  });
});
