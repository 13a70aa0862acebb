import { describe, expect, it } from 'vitest';

import { formatMagnitude, formatStep, stepDecimals, tickFormatter } from './format.js';
import { linearTicks, logTicks, symlogTicks } from './ticks.js';

const labels = (t: ReturnType<typeof linearTicks>, o?: Parameters<typeof tickFormatter>[1]) => t.major.map(tickFormatter(t, o));

describe('tick labels', () => {
  it('writes the decimals the step needs, the same for every tick', () => {
    expect(labels(linearTicks(0, 1, 2))).toEqual(['0.0', '0.5', '1.0']);
    expect(labels(linearTicks(0.1, 0.3, 4))).toEqual(['0.10', '0.15', '0.20', '0.25', '0.30']);
    expect(labels(linearTicks(0, 1000, 5))).toEqual(['0', '200', '400', '600', '800', '1000']);
    expect(labels(linearTicks(-1, 1, 4))).toEqual(['-1.0', '-0.5', '0.0', '0.5', '1.0']);
  });

  it('never shows floating-point noise or a negative zero', () => {
    expect(formatStep(0.1 + 0.2, 0.1)).toBe('0.3');
    expect(formatStep(0.1 * 3 - 0.3, 0.1)).toBe('0.0');
    expect(formatStep(-1e-17, 0.5)).toBe('0.0');
    expect(formatStep(1 - 0.9, 0.05)).toBe('0.10');
  });

  it('switches to exponent notation with the step’s precision for very small and large ticks', () => {
    expect(labels(linearTicks(1e6, 2e6, 2))).toEqual(['1.0e6', '1.5e6', '2.0e6']);
    expect(labels(linearTicks(0, 3e-7, 6))).toEqual(['0', '5e-8', '1.0e-7', '1.5e-7', '2.0e-7', '2.5e-7', '3.0e-7']);
    expect(labels(linearTicks(1e6, 2e6, 2), { exponent: 'superscript' })).toEqual(['1.0×10⁶', '1.5×10⁶', '2.0×10⁶']);
    expect(labels(linearTicks(-2e-5, 0, 2), { exponent: 'superscript' })).toEqual(['-2×10⁻⁵', '-1×10⁻⁵', '0']);
  });

  it('labels decades by magnitude: plain in [1e-3, 1e5), else 1e-7 or 10⁻⁷', () => {
    expect(labels(logTicks(0.001, 10000))).toEqual(['0.001', '0.01', '0.1', '1', '10', '100', '1000', '10000']);
    expect(labels(logTicks(1e-8, 1e-6))).toEqual(['1e-8', '1e-7', '1e-6']);
    expect(labels(logTicks(1, 1e6))).toEqual(['1e0', '1e1', '1e2', '1e3', '1e4', '1e5', '1e6']);
    expect(labels(logTicks(1, 1e6), { exponent: 'superscript' })).toEqual(['10⁰', '10¹', '10²', '10³', '10⁴', '10⁵', '10⁶']);
    expect(labels(logTicks(2e-7, 6e-6))).toEqual(['2e-7', '5e-7', '1e-6', '2e-6', '5e-6']);
    expect(labels(symlogTicks(-100, 100, 1))).toEqual(['-100', '-10', '-1', '0', '1', '10', '100']);
  });

  it('knows how many decimals a step needs', () => {
    expect([0.5, 0.25, 2, 2e6, 5e-8, 1].map(stepDecimals)).toEqual([1, 2, 0, -6, 8, 0]);
    expect(formatMagnitude(-1e-9, false, { exponent: 'superscript' })).toBe('-10⁻⁹');
    expect(formatStep(Infinity, 1)).toBe('Infinity');
  });
});
