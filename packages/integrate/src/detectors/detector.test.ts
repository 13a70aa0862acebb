import { ArgumentError, ShapeError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { Detector } from './detector.js';
import { buildModuleMask } from './module-mask.js';
import { detectorFactory } from './registry.js';

function rowsOf(mask: Uint8Array, cols: number): string[] {
  return Array.from({ length: mask.length / cols }, (_, r) => mask.subarray(r * cols, (r + 1) * cols).join(''));
}

describe('Detector', () => {
  it('describes a generic detector: pixel size, shape, no gaps, pyFAI’s config', () => {
    const det = Detector.generic({ pixel1: 1e-4, pixel2: 2e-4, shape: [3, 5] });
    expect([det.name, det.pixel1, det.pixel2, det.shape, det.orientation]).toEqual(['Detector', 1e-4, 2e-4, [3, 5], 3]);
    expect(det.mask()).toBeNull();
    expect(det.dummy).toBeUndefined();
    expect(det.config()).toEqual({ pixel1: 1e-4, pixel2: 2e-4, max_shape: [3, 5], orientation: 3 });
  });

  it('may not know its shape, and says how to give it one', () => {
    const det = Detector.generic({ pixel1: 1e-4, pixel2: 1e-4 });
    expect(det.hasShape).toBe(false);
    expect(det.maxShape).toBeNull();
    expect(() => det.shape).toThrow(ShapeError);
    expect(() => det.shape).toThrow(/withShape/);
    expect(det.mask()).toBeNull(); // no gaps, whatever the shape
    expect(det.config().max_shape).toBeNull();
    const shaped = det.withShape([4, 6]);
    expect([shaped.hasShape, shaped.shape, det.hasShape]).toEqual([true, [4, 6], false]);
  });

  it('keeps a named detector’s config minimal, as pyFAI’s get_config', () => {
    expect(detectorFactory('Pilatus1M').config()).toEqual({ orientation: 3 });
    expect(detectorFactory('Pilatus1M', { pixel1: 1.7e-4 }).config()).toEqual({ pixel1: 1.7e-4, orientation: 3 });
    expect(detectorFactory('Eiger4M').withShape([1000, 1000]).config()).toEqual({ max_shape: [1000, 1000], orientation: 3 });
    expect(detectorFactory('Eiger4M', { orientation: 0 }).orientation).toBe(3); // pyFAI's "unspecified"
  });

  it('rejects bad pixel sizes, shapes, orientations and module sizes', () => {
    expect(() => Detector.generic({ pixel1: 0, pixel2: 1e-4 })).toThrow(/pixel1 must be a positive finite number \(metres\); got 0/);
    expect(() => Detector.generic({ pixel1: 1e-4, pixel2: Number.NaN })).toThrow(ArgumentError);
    expect(() => Detector.generic({ pixel1: 1e-4, pixel2: 1e-4, shape: [2.5, 3] as never })).toThrow(/shape must be \[rows, cols\]/);
    expect(() => Detector.generic({ pixel1: 1e-4, pixel2: 1e-4, shape: [0, 3] })).toThrow(ShapeError);
    expect(() => Detector.generic({ pixel1: 1e-4, pixel2: 1e-4, orientation: 9 as never })).toThrow(/orientation must be/);
    expect(() => new Detector(detectorFactory('Detector', { pixel1: 1, pixel2: 1 }).model, { pixel1: 1, pixel2: 1, moduleSize: [2, 2] })).toThrow(
      /has no modules/,
    );
  });
});

describe('buildModuleMask', () => {
  it('masks the gap rows and columns after every module, clipped at the edge', () => {
    const mask = buildModuleMask([6, 8], { moduleSize: [2, 3], moduleGap: [1, 2] });
    expect(rowsOf(mask, 8)).toEqual(['00011000', '00011000', '11111111', '00011000', '00011000', '11111111']);
  });

  it('masks the central columns of CdTe modules', () => {
    const eiger2 = buildModuleMask([2, 13], { moduleSize: [2, 6], moduleGap: [1, 1], centralColumns: 2 });
    expect(rowsOf(eiger2, 13)).toEqual(['0011001001100', '0011001001100']);
    const pilatus = buildModuleMask([1, 13], { moduleSize: [1, 6], moduleGap: [1, 1], centralColumns: 3 });
    expect(rowsOf(pilatus, 13)).toEqual(['0011101001110']);
  });
});
