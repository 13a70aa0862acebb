import { ArgumentError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../testing/compare.js';
import { manifest } from '../testing/geometry-fixture.js';
import { DETECTOR_NAMES, detectorFactory, findDetectorModel } from './registry.js';

/** [start, stop) ranges where `full(k)` holds. */
function ranges(n: number, full: (k: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    if (!full(k)) continue;
    if (out.length > 0 && out[out.length - 1][1] === k) out[out.length - 1][1] = k + 1;
    else out.push([k, k + 1]);
  }
  return out;
}

describe('detector registry', () => {
  it('knows the detectors pyFAI 0.21 describes, all checked against pyFAI', () => {
    expect(DETECTOR_NAMES).toEqual([...manifest.masks.map((m) => m.name), 'Detector']);
    for (const name of ['Pilatus100k', 'Pilatus300k', 'Pilatus1M', 'Pilatus2M', 'Pilatus6M', 'Eiger1M', 'Eiger4M', 'Eiger9M', 'Eiger16M', 'Eiger2_4M', 'Eiger2CdTe_16M', 'Maxipix5x1']) {
      expect(DETECTOR_NAMES).toContain(name);
    }
  });

  it('finds detectors by pyFAI’s names and aliases as pyFAI does', () => {
    for (const [alias, pyfai] of Object.entries(manifest.names)) {
      expect(detectorFactory(alias, alias === 'Detector' || alias === 'detector' ? { pixel1: 1e-4, pixel2: 1e-4 } : undefined).name, alias).toBe(pyfai);
    }
    expect(findDetectorModel('no such detector')).toBeUndefined();
  });

  for (const pyfai of manifest.masks) {
    it(`computes pyFAI’s module-gap mask of the ${pyfai.name}`, () => {
      const det = detectorFactory(pyfai.name);
      expect(det.shape).toEqual(pyfai.shape);
      expect([det.pixel1, det.pixel2]).toEqual(pyfai.pixel);
      const mask = det.mask() as Uint8Array;
      const [rows, cols] = pyfai.shape;
      expect(mask).toHaveLength(rows * cols);
      expect(mask.reduce((sum, v) => sum + v, 0)).toBe(pyfai.count);
      expect(crc32(mask)).toBe(pyfai.crc32);
      const rowMasked = (r: number): boolean => mask.subarray(r * cols, (r + 1) * cols).every((v) => v === 1);
      const colMasked = (c: number): boolean => {
        for (let r = 0; r < rows; r++) if (mask[r * cols + c] !== 1) return false;
        return true;
      };
      expect(ranges(rows, rowMasked)).toEqual(pyfai.maskedRows);
      expect(ranges(cols, colMasked)).toEqual(pyfai.maskedCols);
      expect(det.mask()).toBe(mask); // computed once
    });
  }

  it('gives Dectris detectors pyFAI’s dummy -2 and delta dummy 1.5, others none', () => {
    expect([detectorFactory('Eiger2_4M').dummy, detectorFactory('Eiger2_4M').deltaDummy]).toEqual([-2, 1.5]);
    expect(detectorFactory('PilatusCdTe1M').dummy).toBe(-2);
    expect(detectorFactory('Maxipix2x2').dummy).toBeUndefined();
    expect(detectorFactory('Detector', { pixel1: 1e-4, pixel2: 1e-4 }).deltaDummy).toBeUndefined();
  });

  it('computes the gaps of another shape or module size as pyFAI’s calc_mask does', () => {
    // a Pilatus 2M cut to 407 x 487 has the module layout of a Pilatus 200k
    expect(detectorFactory('Pilatus2M', { max_shape: [407, 487] }).mask()).toEqual(detectorFactory('Pilatus200k').mask());
    const det = detectorFactory('Eiger500k', { module_size: [100, 200], max_shape: [250, 450] });
    const mask = det.mask() as Uint8Array;
    expect(mask[100 * 450]).toBe(1); // first gap row
    expect(mask[99 * 450 + 199]).toBe(0);
    expect(mask[99 * 450 + 200]).toBe(1); // first gap column
    expect(det.config()).toEqual({ max_shape: [250, 450], module_size: [100, 200], orientation: 3 });
  });

  it('takes a config as an object or as JSON, and rejects what pyFAI’s constructors would not take', () => {
    expect(detectorFactory('Detector', '{"pixel1": 1e-4, "pixel2": 2e-4, "max_shape": [3, 4]}').shape).toEqual([3, 4]);
    expect(detectorFactory('Pilatus1M', { x_offset_file: null, y_offset_file: null }).name).toBe('Pilatus1M');
    expect(detectorFactory('Detector', { pixel1: 1e-4, pixel2: 1e-4, splineFile: null }).maxShape).toBeNull();
    expect(() => detectorFactory('Pilatus 9M')).toThrow(/unknown detector "Pilatus 9M"; known detectors: Pilatus100k, /);
    expect(() => detectorFactory('Detector')).toThrow(/a generic Detector needs config.pixel1 and config.pixel2/);
    expect(() => detectorFactory('Detector', { pixel1: 1e-4, pixel2: 1e-4, splineFile: 'a.spline' })).toThrow(/not supported/);
    expect(() => detectorFactory('Eiger4M', { max_shape: [10] })).toThrow(/config.max_shape must be \[rows, cols\] of positive integers; got \[10\]/);
    expect(() => detectorFactory('Eiger4M', { pixel1: '75e-6' })).toThrow(/config.pixel1 must be a number/);
    expect(() => detectorFactory('Eiger4M', { pixel1: -75e-6 })).toThrow(/pixel1 must be a positive finite number/);
    expect(() => detectorFactory('Detector', { pixel1: 1e-4, pixel2: 1e-4, module_size: [2, 2] })).toThrow(/key "module_size"/);
    expect(() => detectorFactory('Eiger4M', { orientation: '2' })).toThrow(/config.orientation must be an integer 1-4/);
    expect(() => detectorFactory('Eiger4M', '{')).toThrow(/config is not valid JSON/);
    expect(() => detectorFactory('Eiger4M', [] as never)).toThrow(ArgumentError);
    expect(() => detectorFactory(4 as never)).toThrow(/name must be a detector name/);
  });
});
