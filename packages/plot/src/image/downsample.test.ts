import { readFileSync } from 'node:fs';

import { ArgumentError, ShapeError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';

import type { Aggregation } from './downsample.js';
import { aggregationFactors, downsample, downsampleBlocks } from './downsample.js';

// numpy / silx references written by scripts/fixtures/plot/image.py
interface Fixture {
  width: number;
  height: number;
  image: string;
  blocks: { fx: number; fy: number; agg: Aggregation; width: number; height: number; f64: string; f32: string }[];
  partition: { outWidth: number; outHeight: number; agg: Aggregation; values: string }[];
}
const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/downsample.json', import.meta.url), 'utf8')) as Fixture;
const float64 = (b64: string) => new Float64Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);
const img64 = float64(fixture.image);
const img32 = new Float32Array(img64);
const { width: W, height: H } = fixture;

/** Element-wise equality with NaN = NaN, within a relative tolerance. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number): void {
  expect(actual.length).toBe(expected.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : a === e || Math.abs(a - e) <= rel * Math.abs(e);
    if (!ok) bad.push(`[${i}] ${a} != ${e}`);
  }
  expect(bad).toEqual([]);
}

describe('downsampleBlocks equals silx ImageDataAggregated (numpy nan-aggregators)', () => {
  for (const c of fixture.blocks) {
    it(`${c.agg} in ${c.fx} x ${c.fy} blocks (float64 exact; float32 mean within 1e-6)`, () => {
      const r64 = downsampleBlocks(img64, W, H, c.fx, c.fy, c.agg);
      expect([r64.width, r64.height]).toEqual([c.width, c.height]);
      expect(r64.values).toBeInstanceOf(Float64Array);
      // numpy's nanmean sums pairwise, pandaas in order: equal to rounding (1e-14)
      expectClose(r64.values, float64(c.f64), c.agg === 'mean' ? 1e-14 : 0);
      const r32 = downsampleBlocks(img32, W, H, c.fx, c.fy, c.agg);
      expect(r32.values).toBeInstanceOf(Float32Array);
      // numpy's float32 nanmean accumulates in float32; pandaas in float64, rounded once
      expectClose(r32.values, float64(c.f32), c.agg === 'mean' ? 1e-6 : 0);
    });
  }
});

describe('downsample to an exact size equals a block-by-block numpy reference', () => {
  for (const c of fixture.partition) {
    it(`${c.agg} to ${c.outWidth} x ${c.outHeight}`, () => {
      const out = downsample(img32, W, H, c.outWidth, c.outHeight, c.agg);
      expect(out).toBeInstanceOf(Float32Array);
      expectClose(out, float64(c.values), c.agg === 'mean' ? 1e-6 : 0);
      expectClose(downsample(Array.from(img64), W, H, c.outWidth, c.outHeight, c.agg), float64(c.values), c.agg === 'mean' ? 1e-14 : 0);
    });
  }

  it('is silx aggregation when the sizes divide', () => {
    const w = 12;
    const h = 8;
    const values = Float64Array.from({ length: w * h }, (_, i) => ((i * 37) % 23) - 5);
    for (const agg of ['max', 'mean', 'min'] as const) {
      expect(downsample(values, w, h, 4, 2, agg)).toEqual(downsampleBlocks(values, w, h, 3, 4, agg).values);
    }
  });

  it('keeps a one-pixel spot through max, loses it through nearest', () => {
    const w = 2000;
    const h = 1000;
    const values = new Float32Array(w * h);
    values[517 * w + 1234] = 1000;
    const max = downsample(values, w, h, 400, 200, 'max');
    expect(max[Math.floor(517 / 5) * 400 + Math.floor(1234 / 5)]).toBe(1000);
    expect(Array.from(max).reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Array.from(downsample(values, w, h, 400, 200, 'nearest')).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('gives NaN for an all-NaN block, -Infinity for a block of -Infinity', () => {
    const values = [NaN, NaN, -Infinity, -Infinity, NaN, 1];
    expectClose(downsample(values, 6, 1, 3, 1, 'max'), [NaN, -Infinity, 1], 0);
    expectClose(downsample(values, 6, 1, 3, 1, 'min'), [NaN, -Infinity, 1], 0);
    expectClose(downsample(values, 6, 1, 3, 1, 'mean'), [NaN, -Infinity, 1], 0);
  });
});

describe('aggregationFactors', () => {
  it("uses silx's ceil of the ratio", () => {
    expect(aggregationFactors(2167, 2070, 800, 800)).toEqual({ fx: 3, fy: 3, width: 722, height: 690 });
    expect(aggregationFactors(100, 50, 800, 800)).toEqual({ fx: 1, fy: 1, width: 100, height: 50 });
    expect(aggregationFactors(1600, 801, 800, 800)).toEqual({ fx: 2, fy: 2, width: 800, height: 400 });
  });
});

describe('downsample bad input', () => {
  it('rejects mismatched lengths, zero sizes, unknown aggregations and bad factors', () => {
    expect(() => downsample(new Float32Array(5), 2, 3, 1, 1, 'max')).toThrow(ShapeError);
    expect(() => downsample(new Float32Array(5), 2, 3, 1, 1, 'max')).toThrow(/values has 5 elements.*2 × 3 needs 6/);
    expect(() => downsample(new Float32Array(0), 0, 3, 1, 1, 'max')).toThrow(/zero-size image/);
    expect(() => downsample(new Float32Array(6), 2, 3, 0, 1, 'max')).toThrow(/outWidth must be an integer >= 1, got 0/);
    expect(() => downsample(new Float32Array(6), 2, 3, 1, 1, 'median' as Aggregation)).toThrow(ArgumentError);
    expect(() => downsample(new Float32Array(6), 2, 3, 1, 1, 'median' as Aggregation)).toThrow(/"max", "mean", "min", "nearest"; got "median"/);
    expect(() => downsampleBlocks(new Float32Array(6), 2, 3, 3, 1, 'max')).toThrow(/fx must be an integer from 1 to 2, got 3/);
    expect(() => downsample(new Float32Array(6), 2.5, 3, 1, 1, 'max')).toThrow(/width must be a non-negative integer, got 2.5/);
  });
});
