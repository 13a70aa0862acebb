import { readFileSync } from 'node:fs';
import { ArgumentError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { Detector } from '../detectors/detector.js';
import { detectorFactory } from '../detectors/registry.js';
import { PoniError } from '../errors.js';
import { sharedData } from '../testing/data.js';
import { manifest, type PoniReading } from '../testing/geometry-fixture.js';
import { Geometry } from './geometry.js';
import { formatPoni, parsePoni, type PoniRecord } from './poni.js';

/** The versions the real files are written in (v1 has PixelSize1/2, v2 Detector_config). */
const SHARED_VERSIONS: Record<string, number> = {
  'diffraction2d/dioptas_ceo2_pilatus1m/CeO2_Pilatus1M.poni': 1,
  'diffraction2d/dls_pixium/DLS_CeO2_1200mm_pyFAI.poni': 2,
};
const KEYS = ['dist', 'poni1', 'poni2', 'rot1', 'rot2', 'rot3', 'wavelength'] as const;

function expectReading(record: PoniRecord, pyfai: PoniReading): void {
  for (const key of KEYS) expect(record[key], key).toBe(pyfai.values[key]);
  expect(record.detector.name).toBe(pyfai.detector);
  expect([record.detector.pixel1, record.detector.pixel2]).toEqual(pyfai.pixel);
  expect(record.detector.maxShape).toEqual(pyfai.shape);
  // pyFAI 0.21's get_config has no orientation (PONI 2.1 came later)
  const { orientation, ...config } = record.detector.config();
  expect(orientation).toBe(3);
  expect(config).toEqual(pyfai.config);
}

const V2 = [
  'poni_version: 2',
  'Detector: Pilatus1M',
  'Detector_config: {}',
  'Distance: 0.1',
  'Poni1: 0.05',
  'Poni2: 0.06',
  'Rot1: 0.01',
  'Rot2: 0.02',
  'Rot3: 0.03',
  'Wavelength: 1e-10',
];

/** V2 with line `n` (0-based) replaced, or removed when `line` is undefined. */
function v2With(n: number, line?: string): string {
  return V2.flatMap((l, k) => (k !== n ? [l] : line === undefined ? [] : [line])).join('\n');
}

function poniError(text: string): PoniError {
  try {
    parsePoni(text, 'test.poni');
  } catch (err) {
    if (err instanceof PoniError) return err;
    throw err;
  }
  throw new Error('parsePoni did not throw');
}

describe('parsePoni', () => {
  for (const [name, pyfai] of Object.entries(manifest.sharedPoni)) {
    it(`reads the real ${name.split('/').pop()} as pyFAI does`, () => {
      const record = parsePoni(readFileSync(sharedData(...name.split('/')), 'utf8'), name);
      expectReading(record, pyfai);
      expect(record.version).toBe(SHARED_VERSIONS[name]);
    });
  }

  for (const written of manifest.poni) {
    it(`reads pyFAI’s PONI v2 of a ${written.detector} as pyFAI reads it back`, () => {
      const record = parsePoni(written.text);
      expect(record.version).toBe(2);
      expectReading(record, written);
    });
  }

  it('reads keys in any case, dist for Distance, comments and CRLF line ends', () => {
    const text = [
      '# a comment',
      '  # an indented comment',
      '',
      'PONI_VERSION: 2.1',
      'detector: eiger_4m   # pyFAI alias',
      'DETECTOR_CONFIG: {"orientation": 4}  # orientation 4',
      'dist: 0.25',
      'poni1: 1e-2',
      'PONI2: .02',
      'rot1: -0.5',
      'ROT2: +0.25',
      'rot3: 3E-1',
    ].join('\r\n');
    const r = parsePoni(text);
    expect(r).toMatchObject({ version: 2.1, dist: 0.25, poni1: 0.01, poni2: 0.02, rot1: -0.5, rot2: 0.25, rot3: 0.3 });
    expect(r.wavelength).toBeUndefined();
    expect(r.detector.name).toBe('Eiger4M');
    expect(r.detector.orientation).toBe(4);
  });

  it('infers the version from Detector_config as pyFAI does', () => {
    expect(parsePoni(v2With(0)).version).toBe(2);
    expect(parsePoni(v2With(0, 'poni_version: 1')).version).toBe(2);
    expect(parsePoni(v2With(2, 'Detector_config: {"orientation": 3}')).version).toBe(2.1);
    expect(parsePoni(v2With(0, 'poni_version: 2.1')).version).toBe(2.1);
  });

  it('reads v1 files with a named detector, with or without pixel sizes', () => {
    const tail = V2.slice(3).join('\n');
    const named = parsePoni(`Detector: Pilatus300k\n${tail}`);
    expect(named.version).toBe(1);
    expect(named.detector.shape).toEqual([619, 487]);
    const resized = parsePoni(`Detector: Pilatus300k\nPixelSize1: 1.7e-4\nPixelSize2: 1.8e-4\n${tail}`);
    expect([resized.detector.name, resized.detector.pixel1, resized.detector.pixel2]).toEqual(['Pilatus300k', 1.7e-4, 1.8e-4]);
    const generic = parsePoni(`PixelSize1: 1e-4\nPixelSize2: 2e-4\nSplineFile: None\n${tail}`);
    expect([generic.detector.name, generic.detector.pixel2, generic.detector.maxShape]).toEqual(['Detector', 2e-4, null]);
  });

  it('names the key, line and value of what it cannot read', () => {
    const cases: [string, RegExp, number | undefined, string | undefined][] = [
      [v2With(4), /test\.poni: key "Poni1" is missing/, undefined, undefined],
      [v2With(7, 'Rot2: abc'), /test\.poni, line 8: key "Rot2" has value "abc", which is not a finite number/, 8, 'Rot2'],
      [v2With(7, 'Rot2: nan'), /key "Rot2" has value "nan"/, 8, 'Rot2'],
      [v2With(3, 'Distance: -0.1'), /line 4: key "Distance" has value "-0.1", which must be positive/, 4, 'Distance'],
      [v2With(9, 'Wavelength: 0'), /key "Wavelength" has value "0", which must be positive/, 10, 'Wavelength'],
      [`${V2.join('\n')}\ndist: 0.2`, /line 11: key "dist" is given twice \(lines 4 and 11\)/, 11, 'dist'],
      [v2With(2, 'Detector_config: {pixel1: 1}'), /line 3: key "Detector_config" has value "\{pixel1: 1\}", which is not JSON/, 3, 'Detector_config'],
      [v2With(2, 'Detector_config: [1, 2]'), /which is not a JSON object/, 3, 'Detector_config'],
      [v2With(1, 'Detector: Pilatus7M'), /line 2: key "Detector" has value "Pilatus7M", which is not a known detector \(Pilatus100k, /, 2, 'Detector'],
      [`Detector: Pilatus7M\n${V2.slice(3).join('\n')}`, /line 1: key "Detector" has value "Pilatus7M": unknown detector "Pilatus7M"/, 1, 'Detector'],
      [v2With(2, 'Detector_config: {"orientation": 6}'), /orientation 6 is a transposed or rotated image/, 3, 'Detector_config'],
      [v2With(2, 'Detector_config: {"x_offset_file": "dx.edf"}'), /distortion files .* are not supported/, 3, 'Detector_config'],
      [v2With(2, 'Detector_config: {"binning": 2}'), /a key "binning" that a Pilatus1M detector does not take/, 3, 'Detector_config'],
      [v2With(0, 'poni_version: 3'), /line 1: key "poni_version" has value "3"; the versions are 1, 2 and 2.1/, 1, 'poni_version'],
      [v2With(1), /key "Detector" is missing \(PONI version 2\)/, undefined, undefined],
      [v2With(0, 'poni_version: 2').replace('Detector_config: {}\n', ''), /key "Detector_config" is missing/, undefined, undefined],
      [v2With(5, 'Poni2 0.06'), /line 6: expected "key: value", got "Poni2 0.06"/, 6, undefined],
      [`PixelSize1: 1e-4\n${V2.slice(3).join('\n')}`, /key "PixelSize2" is missing/, undefined, undefined],
      [`PixelSize1: 1e-4\nPixelSize2: 1e-4\nSplineFile: frelon.spline\n${V2.slice(3).join('\n')}`, /line 3: key "SplineFile" has value "frelon.spline": spline distortion files are not supported/, 3, 'SplineFile'],
      [v2With(1, 'Detector: Detector'), /a generic Detector needs config.pixel1 and config.pixel2/, 3, 'Detector_config'],
    ];
    for (const [text, message, line, key] of cases) {
      const err = poniError(text);
      expect(err.message).toMatch(message);
      expect(err.code).toBe('E_FORMAT');
      expect(err.source).toBe('test.poni');
      expect(err.line).toBe(line);
      expect(err.key).toBe(key);
    }
    expect(() => parsePoni(42 as never)).toThrow(ArgumentError);
  });
});

describe('formatPoni', () => {
  const record: PoniRecord = {
    version: 2.1,
    detector: detectorFactory('Eiger2CdTe_4M', { orientation: 2 }),
    dist: 0.1234567890123456,
    poni1: -0.0123456789e-3,
    poni2: 0.1,
    rot1: 1e-7,
    rot2: -Math.PI / 7,
    rot3: 3.0000000000000004,
    wavelength: 7.0832e-11,
  };

  it('writes PONI 2.1 that reads back exactly', () => {
    const text = formatPoni(record);
    expect(text).toContain('poni_version: 2.1\nDetector: Eiger2CdTe_4M\nDetector_config: {"orientation": 2}\n');
    const back = parsePoni(text);
    for (const key of KEYS) expect(back[key]).toBe(record[key]);
    expect(back.detector.config()).toEqual(record.detector.config());
    expect(back.version).toBe(2.1);
  });

  it('writes the generic detector’s pixel size and shape as pyFAI’s JSON', () => {
    const detector = Detector.generic({ pixel1: 7.5e-5, pixel2: 1.72e-4, shape: [17, 29] });
    const text = formatPoni({ ...record, detector });
    expect(text).toContain('Detector: Detector\nDetector_config: {"pixel1": 0.000075, "pixel2": 0.000172, "max_shape": [17, 29], "orientation": 3}\n');
    expect(formatPoni({ ...record, detector }, 2)).toContain('Detector_config: {"pixel1": 0.000075, "pixel2": 0.000172, "max_shape": [17, 29]}\n');
    expect(parsePoni(text).detector.maxShape).toEqual([17, 29]);
  });

  it('writes v2 and v1 when they can represent the geometry, and says why not otherwise', () => {
    const plain = { ...record, detector: detectorFactory('Pilatus1M') };
    const v2 = formatPoni(plain, 2);
    expect(v2).toContain('poni_version: 2\nDetector: Pilatus1M\nDetector_config: {}\n');
    expect(parsePoni(v2).version).toBe(2);
    const v1 = formatPoni(plain, 1);
    expect(v1).toContain('poni_version: 1\nDetector: Pilatus1M\nDistance:');
    expect(parsePoni(v1).detector.shape).toEqual([1043, 981]);
    const shapeless = formatPoni({ ...plain, detector: Detector.generic({ pixel1: 1e-4, pixel2: 2e-4 }) }, 1);
    expect(shapeless).toContain('PixelSize1: 0.0001\nPixelSize2: 0.0002\n');
    expect(parsePoni(shapeless).detector.pixel2).toBe(2e-4);

    expect(() => formatPoni(record, 2)).toThrow(/v2 cannot store orientation 2/);
    expect(() => formatPoni(record, 1)).toThrow(/v1 cannot store orientation 2/);
    expect(() => formatPoni({ ...plain, detector: Detector.generic({ pixel1: 1e-4, pixel2: 1e-4, shape: [3, 4] }) }, 1)).toThrow(
      /v1 cannot store the detector shape/,
    );
    expect(() => formatPoni({ ...plain, detector: plain.detector.withShape([100, 100]) }, 1)).toThrow(/v1 cannot store the Pilatus1M/);
    expect(() => formatPoni(record, 3 as never)).toThrow(/version must be 1, 2 or 2.1/);
    expect(() => formatPoni({ ...record, dist: Number.NaN })).toThrow(/record.dist must be a finite number/);
  });

  it('round-trips the real PONI files through every version they fit', () => {
    for (const name of Object.keys(manifest.sharedPoni)) {
      const geo = Geometry.fromPoni(readFileSync(sharedData(...name.split('/')), 'utf8'), name);
      for (const version of [1, 2, 2.1] as const) {
        const again = Geometry.fromPoni(geo.toPoni(version));
        for (const key of KEYS) expect(again[key]).toBe(geo[key]);
        expect(again.detector.config()).toEqual(geo.detector.config());
      }
    }
  });
});
