import { describe, expect, it } from 'vitest';

import { stepDecimals } from './format.js';
import { linearTicks, logTicks, niceLinear, symlogTicks, tickStep } from './ticks.js';

/** A deterministic pseudo-random generator (LCG) for property checks. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('linear ticks at 1-2-5 × 10^k', () => {
  // expected values worked out by hand from the rule (about `count` intervals, step 1, 2 or 5 × 10^k)
  it('gives the decimal numbers themselves', () => {
    expect(linearTicks(0, 1, 10).major).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(linearTicks(0, 1, 5).major).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(-10, 10, 5).major).toEqual([-10, -5, 0, 5, 10]);
    expect(linearTicks(0.1, 0.7, 10).major).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]);
    expect(linearTicks(1e-7, 3e-7, 4).major).toEqual([1e-7, 1.5e-7, 2e-7, 2.5e-7, 3e-7]);
    expect(linearTicks(123451, 123499, 5).major).toEqual([123460, 123470, 123480, 123490]);
  });

  it('returns ascending ticks for a reversed domain, one tick for a point', () => {
    expect(linearTicks(1, 0, 5).major).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(3, 3).major).toEqual([3]);
  });

  it('splits a step of 1 or 5 in 5 minor intervals, of 2 in 4', () => {
    expect(linearTicks(0, 1, 2).minor).toEqual([0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]); // step 0.5
    expect(linearTicks(0, 4, 2).minor).toEqual([0.5, 1, 1.5, 2.5, 3, 3.5]); // step 2
    expect(linearTicks(0, 1, 1).minor).toEqual([0.2, 0.4, 0.6, 0.8]); // step 1
  });

  it('holds its properties on random domains', () => {
    const rand = lcg(42);
    for (let trial = 0; trial < 500; trial++) {
      const scale = 10 ** Math.floor(rand() * 30 - 15);
      const a = (rand() - 0.5) * 100 * scale;
      const b = a + rand() * 100 * scale + scale * 1e-3;
      const count = 2 + Math.floor(rand() * 12);
      const { major, step } = linearTicks(a, b, count);
      const d = stepDecimals(step);
      // the step is 1, 2 or 5 × 10^k
      expect(['1', '2', '5']).toContain(step.toExponential().split('e')[0]);
      // every tick is in the domain, and is the decimal it stands for
      for (const t of major) {
        expect(t).toBeGreaterThanOrEqual(a);
        expect(t).toBeLessThanOrEqual(b);
        // written exactly with the step's decimals (no 0.30000000000000004)
        if (t !== 0) expect(stepDecimals(t)).toBeLessThanOrEqual(d);
        expect(Math.abs(t / step - Math.round(t / step))).toBeLessThan(1e-6);
      }
      // evenly spaced (relative 1e-9), and about `count` of them (d3's bound: within ×2.5)
      for (let i = 1; i < major.length; i++) expect(Math.abs(major[i] - major[i - 1] - step)).toBeLessThanOrEqual(1e-9 * step + 1e-9 * Math.abs(major[i]));
      expect(major.length).toBeGreaterThanOrEqual(Math.floor(count / 2.5));
      expect(major.length).toBeLessThanOrEqual(Math.ceil(count * 2.5) + 1);
    }
  });

  it('has a step function and a nice widening', () => {
    expect(tickStep(0, 97.3, 10)).toBe(10);
    expect(tickStep(0, 1, 3)).toBe(0.5);
    expect(niceLinear(0.13, 97.3)).toEqual([0, 100]);
    expect(niceLinear(-0.0003, 0.00021)).toEqual([-0.0003, 0.00025]);
    expect(niceLinear(0.131, 0.869)).toEqual([0.1, 0.9]);
  });
});

describe('log ticks', () => {
  it('puts majors on decades and minors on 2..9 × 10^k', () => {
    const t = logTicks(1, 1e4);
    expect(t.major).toEqual([1, 10, 100, 1000, 10000]);
    expect(t.minor.slice(0, 9)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 20]);
    expect(t.minor).toHaveLength(4 * 8);
    // partial decades at both ends keep their minor ticks
    expect(logTicks(0.5, 3000).minor.slice(0, 5)).toEqual([0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(logTicks(0.5, 3000).minor.slice(-2)).toEqual([2000, 3000]);
  });

  it('skips decades when there are more than count', () => {
    expect(logTicks(1e-12, 1e12, 5).major).toEqual([1e-10, 1e-5, 1, 1e5, 1e10]); // 25 decades, every 5th
    expect(logTicks(1e-8, 1, 5).major).toEqual([1e-8, 1e-6, 1e-4, 1e-2, 1]); // 9 decades, every 2nd
    expect(logTicks(1e-8, 1, 5).minor).toEqual([1e-7, 1e-5, 1e-3, 1e-1]);
  });

  it('falls back to 1-2-5 values, then to linear ticks, on short domains', () => {
    expect(logTicks(1, 50).major).toEqual([1, 2, 5, 10, 20, 50]);
    expect(logTicks(0.02, 0.7).major).toEqual([0.02, 0.05, 0.1, 0.2, 0.5]);
    const narrow = logTicks(3, 7, 4);
    expect(narrow.kind).toBe('step');
    expect(narrow.major).toEqual([3, 4, 5, 6, 7]);
  });
});

describe('symlog ticks', () => {
  it('runs through zero with decades on both sides', () => {
    expect(symlogTicks(-1000, 1000, 1).major).toEqual([-1000, -100, -10, -1, 0, 1, 10, 100, 1000]);
    expect(symlogTicks(-5, 300, 0.5).major).toEqual([-1, 0, 1, 10, 100]);
    const minor = symlogTicks(-100, 100, 1).minor;
    expect(minor).toContain(-20);
    expect(minor).toContain(9);
    expect(minor.some((v) => Math.abs(v) < 1)).toBe(false); // none in the linear part
  });

  it('is linear inside the threshold, log on one side', () => {
    expect(symlogTicks(-0.5, 0.5, 1, 4)).toMatchObject({ major: [-0.4, -0.2, 0, 0.2, 0.4], kind: 'step' });
    expect(symlogTicks(10, 1e5, 1).major).toEqual([10, 100, 1000, 10000, 100000]);
    expect(symlogTicks(-1e5, -10, 1).major).toEqual([-100000, -10000, -1000, -100, -10]);
  });

  it('skips decades evenly on wide domains and falls back to linear with too few', () => {
    // 18 decades (9 a side) for 6 places: every 3rd, 10^0, 10^3, 10^6 on each side
    expect(symlogTicks(-1e8, 1e8, 1, 7).major).toEqual([-1e6, -1e3, -1, 0, 1, 1e3, 1e6]);
    expect(symlogTicks(-0.5, 2, 1, 5).kind).toBe('step');
  });
});
