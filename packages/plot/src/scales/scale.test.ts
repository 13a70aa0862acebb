import { ArgumentError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';

import { normalizeValue } from '../color/normalization.js';
import type { ScaleOptions, ScaleType } from './scale.js';
import { SCALE_TYPES, createScale } from './scale.js';

const DOMAINS: Record<ScaleType, [number, number]> = {
  linear: [-3, 7],
  log: [1e-3, 1e4],
  symlog: [-500, 2000],
  sqrt: [0, 400],
  gamma: [10, 110],
  asinh: [-1e3, 1e5],
};

describe('scales map and invert', () => {
  for (const type of SCALE_TYPES) {
    it(`${type}: domain ends land on range ends, map is monotonic, invert undoes map (relative 1e-9)`, () => {
      const domain = DOMAINS[type];
      const s = createScale({ type, domain, range: [20, 620], gamma: 2.2, linthresh: 5 });
      expect(s.map(domain[0])).toBeCloseTo(20, 9);
      expect(s.map(domain[1])).toBeCloseTo(620, 9);
      let previous = -Infinity;
      for (let i = 0; i <= 200; i++) {
        const v = type === 'log' ? domain[0] * (domain[1] / domain[0]) ** (i / 200) : domain[0] + ((domain[1] - domain[0]) * i) / 200;
        const px = s.map(v);
        expect(px).toBeGreaterThan(previous);
        previous = px;
        expect(Math.abs(s.invert(px) - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
      }
    });
  }

  it('linear: a reversed range (y axis) and exact fractions', () => {
    const y = createScale({ type: 'linear', domain: [0, 1], range: [400, 0] });
    expect(y.map(0.25)).toBe(300);
    expect(y.invert(100)).toBe(0.75);
  });

  it('log: a decade is a constant distance; v <= 0 maps to NaN, or to the low end with clamp', () => {
    const s = createScale({ type: 'log', domain: [1, 1000], range: [0, 300] });
    expect(s.map(10)).toBeCloseTo(100, 12);
    expect(s.map(100)).toBeCloseTo(200, 12);
    expect(s.invert(150)).toBeCloseTo(Math.sqrt(1000), 10);
    expect(s.map(0)).toBeNaN();
    expect(s.map(-5)).toBeNaN();
    const c = createScale({ type: 'log', domain: [1, 1000], range: [0, 300], clamp: true });
    expect(c.map(0)).toBe(0);
    expect(c.map(-5)).toBe(0);
    expect(c.map(1e6)).toBe(300);
    expect(c.invert(-50)).toBe(1);
  });

  it("symlog: matplotlib's transform, linear inside linthresh and continuous at it", () => {
    // transform: v · L inside, sign(v)·C·(L + log10(|v|/C)) outside, L = 10/9 (base 10, linscale 1)
    const s = createScale({ type: 'symlog', domain: [-100, 100], range: [-1, 1], linthresh: 1 });
    const L = 10 / 9;
    const tMax = L + 2; // t(100)
    expect(s.map(0)).toBeCloseTo(0, 15);
    expect(s.map(1)).toBeCloseTo(L / tMax, 12);
    expect(s.map(0.5)).toBeCloseTo((0.5 * L) / tMax, 12);
    expect(s.map(10)).toBeCloseTo((L + 1) / tMax, 12);
    expect(s.map(1 + 1e-12) - s.map(1 - 1e-12)).toBeLessThan(1e-9);
    expect(s.map(-10)).toBeCloseTo(-s.map(10), 12);
  });

  it('sqrt: square-root spacing, sign-preserving for negative values', () => {
    const s = createScale({ type: 'sqrt', domain: [0, 100], range: [0, 10] });
    expect(s.map(25)).toBe(5);
    expect(s.invert(5)).toBe(25);
    expect(createScale({ type: 'sqrt', domain: [-100, 100], range: [-10, 10] }).map(-25)).toBe(-5);
  });

  it('gamma: the same curve as the gamma colour normalization (silx PowerNormalization)', () => {
    const s = createScale({ type: 'gamma', domain: [10, 110], range: [0, 1], gamma: 0.5 });
    for (const v of [10, 11, 35, 60, 109.5, 110]) expect(s.map(v)).toBeCloseTo(normalizeValue(v, 'gamma', 10, 110, 0.5), 14);
  });

  it('asinh: linear near zero, logarithmic far out (linear width C)', () => {
    const s = createScale({ type: 'asinh', domain: [-1e6, 1e6], range: [-1, 1], linthresh: 2 });
    // map(v) = asinh(v / C) / asinh(1e6 / C) on this symmetric domain; ≈ v / (C·asinh(5e5)) near 0
    expect(s.map(1e-3)).toBeCloseTo(Math.asinh(1e-3 / 2) / Math.asinh(5e5), 14);
    expect(s.map(1e-3)).toBeCloseTo(1e-3 / (2 * Math.asinh(5e5)), 10);
    // far out, t ≈ C·ln(2v/C): a factor 10 is a constant distance
    expect(s.map(1e5) - s.map(1e4)).toBeCloseTo(s.map(1e4) - s.map(1e3), 6);
  });
});

describe('scale ticks and labels', () => {
  it('gives ticks, minor ticks and labels that agree', () => {
    const s = createScale({ type: 'linear', domain: [0, 1], range: [0, 500] });
    expect(s.ticks(5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(s.minorTicks()).toHaveLength(15);
    expect(s.ticks(5).map((v) => s.format(v))).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(s.ticks(2).map((v) => s.format(v))).toEqual(['0.0', '0.5', '1.0']);
    expect(s.tickFormat(10)(0.3)).toBe('0.3');
  });

  it('uses the scale type for ticks', () => {
    expect(createScale({ type: 'log', domain: [1e4, 1], range: [0, 1] }).ticks()).toEqual([1, 10, 100, 1000, 10000]);
    expect(createScale({ type: 'symlog', domain: [-100, 100], range: [0, 1] }).ticks()).toEqual([-100, -10, -1, 0, 1, 10, 100]);
    expect(createScale({ type: 'asinh', domain: [-10, 1000], range: [0, 1] }).ticks()).toEqual([-10, -1, 0, 1, 10, 100, 1000]);
    expect(createScale({ type: 'sqrt', domain: [0, 100], range: [0, 1] }).ticks(5)).toEqual([0, 20, 40, 60, 80, 100]);
  });
});

describe('createScale bad input', () => {
  const base: ScaleOptions = { type: 'linear', domain: [0, 1], range: [0, 100] };
  it.each([
    [{ ...base, type: 'logit' as ScaleType }, /type must be one of "linear", "log", "symlog", "sqrt", "gamma", "asinh"; got "logit"/],
    [{ ...base, type: 'log' as const }, /domain must be positive for a log scale, got \[0, 1\]/],
    [{ ...base, type: 'log' as const, domain: [-1, 10] as [number, number] }, /domain must be positive for a log scale, got \[-1, 10\]/],
    [{ ...base, domain: [0, NaN] as [number, number] }, /domain must be two finite numbers, got \[0, NaN\]/],
    [{ ...base, domain: [2, 2] as [number, number] }, /domain must span a non-empty interval, got \[2, 2\]/],
    [{ ...base, range: [5, 5] as [number, number] }, /range must span a non-empty interval/],
    [{ ...base, type: 'gamma' as const, gamma: 0 }, /gamma must be a finite number > 0, got 0/],
    [{ ...base, type: 'symlog' as const, linthresh: -1 }, /linthresh must be a finite number > 0, got -1/],
  ])('%# throws an ArgumentError naming the option', (options, message) => {
    expect(() => createScale(options)).toThrow(ArgumentError);
    expect(() => createScale(options)).toThrow(message);
  });

  it('rejects a tick count below 1', () => {
    expect(() => createScale(base).ticks(0)).toThrow(/count must be a number >= 1, got 0/);
  });
});
