import { describe, expect, it } from 'vitest';
import { Detector } from '../detectors/detector.js';
import { detectorFactory } from '../detectors/registry.js';
import { expectClose } from '../testing/compare.js';
import { fixtureArray, manifest, type GeometryCase } from '../testing/geometry-fixture.js';
import type { RadialUnit } from '../units.js';
import { Geometry } from './geometry.js';

/**
 * Every per-pixel array must equal pyFAI 0.21's (scripts/fixtures/integrate/geometry.py) to 1e-6
 * relative. The fixture stores pyFAI's arrays as float32 (relative rounding <= 6e-8), and pyFAI
 * itself stores corners as float32: corner arrays must agree to one float32 rounding (2^-23
 * relative), and delta arrays — differences against those float32 corners — to 1e-6 relative or
 * two float32 roundings of the corner values they were taken from.
 */
const RTOL = 1e-6;
/** One float32 rounding, relative. */
const F32 = 2 ** -23;

function geometryOf(c: GeometryCase): Geometry {
  const det =
    c.detector.name === 'Detector'
      ? Detector.generic({ pixel1: c.detector.pixel1 as number, pixel2: c.detector.pixel2 as number, shape: c.detector.shape })
      : detectorFactory(c.detector.name);
  return new Geometry({ ...c.params, detector: det });
}

/** Our array for a fixture key (`tth`, `polarization:0.5:0.3`, `corners:2th_deg`, ...). */
function ours(geo: Geometry, key: string): Float64Array | Float32Array {
  const [kind, a, b] = key.split(':');
  switch (kind) {
    case 'tth':
      return geo.twoTheta();
    case 'chi':
      return geo.chi();
    case 'q':
      return geo.q();
    case 'r':
      return geo.r();
    case 'solidAngle':
      return geo.solidAngle();
    case 'solidAngleAbsolute':
      return geo.solidAngle(true);
    case 'chiDelta':
      return geo.chiDelta();
    case 'polarization':
      return geo.polarization(Number(a), Number(b));
    case 'center':
      return geo.center(a as RadialUnit);
    case 'delta':
      return geo.delta(a as RadialUnit);
    case 'corners':
      return geo.corners(a as RadialUnit);
  }
  throw new Error(`unknown fixture array ${key}`);
}

/** The rows the fixture kept (all of them, or a few) of a per-pixel array of a geometry. */
function rowsOf(values: Float64Array | Float32Array, c: GeometryCase, geo: Geometry): Float64Array {
  if (c.rows === null) return Float64Array.from(values);
  const perRow = values.length / geo.shape[0];
  const out = new Float64Array(c.rows.length * perRow);
  c.rows.forEach((row, n) => out.set(values.subarray(row * perRow, (row + 1) * perRow), n * perRow));
  return out;
}

describe('Geometry against pyFAI 0.21', () => {
  it('covers at least six geometries with large rotations on all three axes', () => {
    const cases = manifest.cases;
    expect(cases.length).toBeGreaterThanOrEqual(6);
    for (const axis of ['rot1', 'rot2', 'rot3'] as const) {
      expect(Math.max(...cases.map((c) => Math.abs(c.params[axis])))).toBeGreaterThan(0.39);
    }
    expect(cases.filter((c) => c.name.startsWith('fastpath-'))).toHaveLength(6);
  });

  for (const c of manifest.cases) {
    describe(c.name, () => {
      const geo = geometryOf(c);

      it('has pyFAI’s rotation matrix and quaternion', () => {
        expectClose(geo.rotationMatrix(), c.rotationMatrix, { rtol: 0, atol: 1e-15 }, 'rotation matrix');
        expectClose(geo.quaternion(), c.quaternion, { rtol: 0, atol: 1e-15 }, 'quaternion');
      });

      for (const [key, ref] of Object.entries(c.arrays)) {
        it(`${key} equals pyFAI’s`, () => {
          const expected = fixtureArray(ref);
          const actual = rowsOf(ours(geo, key), c, geo);
          if (key.startsWith('corners:')) {
            expectClose(actual, expected, { rtol: F32 }, key);
          } else if (key.startsWith('delta:') || key === 'chiDelta') {
            // two float32 roundings of the corner values (|centre| + delta) the delta was taken from
            const unit = key === 'chiDelta' ? undefined : (key.slice(6) as RadialUnit);
            const center = unit === undefined ? geo.chi() : geo.center(unit);
            const rows = rowsOf(center, c, geo);
            const atol = Float64Array.from(rows, (v, k) => 2 * F32 * (Math.abs(v) + Math.abs(expected[k])));
            const excess = Float64Array.from(actual, (v, k) => Math.abs(v - expected[k]) - atol[k] - RTOL * Math.abs(expected[k]));
            expect(Math.max(...excess), key).toBeLessThanOrEqual(0);
          } else {
            expectClose(actual, expected, { rtol: RTOL }, key);
          }
        });
      }
    });
  }
});
