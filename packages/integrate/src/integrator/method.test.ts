import { isPandaasError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { formatMethod, parseMethod, type MethodSpec } from './method.js';

describe('parseMethod', () => {
  it("defaults to pyFAI's ('bbox', 'csr') on the cpu, and fills what a spec leaves out", () => {
    expect(parseMethod(undefined)).toEqual({ split: 'bbox', algorithm: 'csr', backend: 'cpu' });
    expect(parseMethod('full')).toEqual({ split: 'full', algorithm: 'csr', backend: 'cpu' });
    expect(parseMethod('NO' as MethodSpec)).toEqual({ split: 'no', algorithm: 'csr', backend: 'cpu' });
    expect(parseMethod(['no', 'histogram'])).toEqual({ split: 'no', algorithm: 'histogram', backend: 'cpu' });
    expect(parseMethod(['full', 'csr', 'webgpu'])).toEqual({ split: 'full', algorithm: 'csr', backend: 'webgpu' });
    expect(parseMethod({ backend: 'webgpu' })).toEqual({ split: 'bbox', algorithm: 'csr', backend: 'webgpu' });
    expect(formatMethod(parseMethod(['no', 'histogram']))).toBe('no-histogram-cpu');
  });

  it('names the argument, the value and the valid names when a spec is wrong', () => {
    const cases: [unknown, RegExp][] = [
      ['pseudo', /method must be one of "no", "bbox", "full"; got "pseudo"/],
      [['bbox', 'lut'], /method\[1\] must be one of "histogram", "csr"; got "lut"/],
      [['bbox', 'csr', 'opencl'], /method\[2\] must be one of "cpu", "webgpu"; got "opencl"/],
      [[], /method as a list must be \[split, algorithm\?, backend\?\]; got \[\]/],
      [{ split: 'full', impl: 'cython' }, /method has unknown keys \["impl"\]/],
      [{ algorithm: 3 }, /method.algorithm must be one of "histogram", "csr"; got 3/],
      [42, /method must be a splitting name, \[split, algorithm, backend\] or \{ split, algorithm, backend \}; got 42/],
    ];
    for (const [spec, message] of cases) {
      let caught: unknown;
      try {
        parseMethod(spec as MethodSpec);
      } catch (err) {
        caught = err;
      }
      expect(isPandaasError(caught, 'E_ARGUMENT'), String(spec)).toBe(true);
      expect(String(caught)).toMatch(message);
    }
  });
});
