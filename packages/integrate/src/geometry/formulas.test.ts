import { ArgumentError, ShapeError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { Detector } from '../detectors/detector.js';
import { expectClose } from '../testing/compare.js';
import { RADIAL_UNITS, radialUnit } from '../units.js';
import { Geometry } from './geometry.js';

// Dyadic pixel sizes and PONI (exact in float32), so that pyFAI's float32 positions are exact and
// the formulas below can be evaluated independently in double precision.
const PIXEL1 = 2 ** -10;
const PIXEL2 = 3 * 2 ** -11;
const ROWS = 9;
const COLS = 14;
const detector = Detector.generic({ pixel1: PIXEL1, pixel2: PIXEL2, shape: [ROWS, COLS] });
const base = { dist: 0.0625, poni1: 4.5 * PIXEL1, poni2: 6.5 * PIXEL2, wavelength: 1e-10, detector };
const TWO_PI = 2 * Math.PI;

/** pixel positions from the PONI, in double precision */
function positions(geo: Geometry, k: number): [number, number] {
  const i = Math.floor(k / COLS);
  const j = k % COLS;
  return [(i + 0.5) * PIXEL1 - geo.poni1, (j + 0.5) * PIXEL2 - geo.poni2];
}

function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % TWO_PI;
  return Math.min(d, TWO_PI - d);
}

describe('Geometry formulas', () => {
  it('puts 2θ = 0, r = 0 and solid angle 1 at the PONI pixel', () => {
    const geo = new Geometry(base);
    const k = 4 * COLS + 6;
    expect(geo.twoTheta()[k]).toBe(0);
    expect(geo.r()[k]).toBe(0);
    expect(geo.solidAngle()[k]).toBe(1);
    expect(Math.max(...geo.solidAngle())).toBe(1);
  });

  it('gives 2θ = atan(√(p1² + p2²)/L), χ = atan2(p1, p2) without rotations', () => {
    const geo = new Geometry(base);
    const tth = Float64Array.from(geo.twoTheta(), (_, k) => {
      const [p1, p2] = positions(geo, k);
      return Math.atan(Math.hypot(p1, p2) / geo.dist);
    });
    const chi = Float64Array.from(geo.chi(), (_, k) => Math.atan2(...positions(geo, k)));
    expectClose(geo.twoTheta(), tth, { rtol: 1e-14, atol: 1e-17 }, '2θ');
    expectClose(geo.chi(), chi, { rtol: 1e-14, atol: 1e-17 }, 'χ');
    expectClose(geo.r(), Float64Array.from(tth, (t) => geo.dist * Math.tan(t)), { rtol: 1e-13, atol: 1e-18 }, 'r');
  });

  it('turns χ by -rot3 and leaves 2θ unchanged under a rotation about the beam', () => {
    const plain = new Geometry(base);
    const turned = new Geometry({ ...base, rot3: 2.1 });
    expectClose(turned.twoTheta(), plain.twoTheta(), { rtol: 1e-13, atol: 1e-16 }, '2θ');
    const chi = turned.chi();
    const expected = plain.chi();
    const worst = Math.max(...chi.map((c, k) => (k === 4 * COLS + 6 ? 0 : angleBetween(c, expected[k] - 2.1))));
    expect(worst).toBeLessThan(1e-12);
  });

  it('gives the solid angle (L/√(L² + p1² + p2²))³, absolute = relative·pixel1·pixel2/L²', () => {
    const geo = new Geometry({ ...base, rot1: 0.3, rot2: -0.2 }); // rotations do not change the incidence angle
    const expected = Float64Array.from(geo.solidAngle(), (_, k) => {
      const [p1, p2] = positions(geo, k);
      return (geo.dist / Math.sqrt(geo.dist ** 2 + p1 * p1 + p2 * p2)) ** 3;
    });
    expectClose(geo.solidAngle(), expected, { rtol: 1e-14 }, 'relative');
    const factor = (PIXEL1 * PIXEL2) / geo.dist ** 2;
    expectClose(geo.solidAngle(true), expected.map((v) => v * factor), { rtol: 1e-14 }, 'absolute');
  });

  it('gives the polarization of unpolarized, horizontal and vertical beams', () => {
    const geo = new Geometry({ ...base, rot1: 0.4, rot3: 0.7 });
    const tth = geo.twoTheta();
    const chi = geo.chi();
    const sin2 = tth.map((t) => Math.sin(t) ** 2);
    expectClose(geo.polarization(0), tth.map((t) => (1 + Math.cos(t) ** 2) / 2), { rtol: 1e-14 }, 'f = 0');
    expectClose(geo.polarization(1), sin2.map((s, k) => 1 - Math.cos(chi[k]) ** 2 * s), { rtol: 1e-13 }, 'f = 1');
    expectClose(geo.polarization(-1), sin2.map((s, k) => 1 - Math.sin(chi[k]) ** 2 * s), { rtol: 1e-13 }, 'f = -1');
    // a horizontal beam seen with the axis offset by π/2 is a vertical beam
    expectClose(geo.polarization(1, Math.PI / 2), geo.polarization(-1), { rtol: 1e-13 }, 'offset');
  });

  it('derives q, d, d*² and every unit from 2θ and r', () => {
    const geo = new Geometry({ ...base, rot2: 0.5 });
    const tth = geo.twoTheta();
    const q = tth.map((t) => ((4 * Math.PI) / (geo.wavelength as number)) * Math.sin(t / 2) * 1e-9);
    expectClose(geo.q(), q, { rtol: 1e-14 }, 'q');
    expectClose(geo.d(), q.map((v) => TWO_PI / v), { rtol: 1e-14 }, 'd');
    const base_: Record<string, Float64Array> = { '2th': tth, q, r: geo.r(), 'd*2': q.map((v) => (v / TWO_PI) ** 2) };
    for (const unit of RADIAL_UNITS) {
      const info = radialUnit(unit);
      expectClose(geo.center(unit), base_[info.space].map((v) => v * info.scale), { rtol: 1e-14 }, unit);
    }
  });

  it('shares the corners of neighbouring pixels, in pyFAI’s order A(i,j) B(i+1,j) C(i+1,j+1) D(i,j+1)', () => {
    const geo = new Geometry({ ...base, rot1: 0.2, rot2: 0.3, rot3: 1.1 });
    const c = geo.corners('2th_deg');
    expect(c).toBeInstanceOf(Float32Array);
    expect(c).toHaveLength(ROWS * COLS * 8);
    const at = (i: number, j: number, corner: number, what: number): number => c[((i * COLS + j) * 4 + corner) * 2 + what];
    for (let i = 0; i < ROWS - 1; i++) {
      for (let j = 0; j < COLS - 1; j++) {
        for (const what of [0, 1]) {
          expect(at(i, j, 1, what)).toBe(at(i + 1, j, 0, what));
          expect(at(i, j, 2, what)).toBe(at(i + 1, j + 1, 0, what));
          expect(at(i, j, 3, what)).toBe(at(i, j + 1, 0, what));
        }
      }
    }
    // the corners surround the centre: 2θ of the centre lies within those of its corners
    const center = geo.center('2th_deg');
    for (let k = 0; k < ROWS * COLS; k++) {
      const radial = [0, 1, 2, 3].map((n) => c[(k * 4 + n) * 2]);
      expect(center[k]).toBeGreaterThan(Math.min(...radial) - 1e-5);
      expect(center[k]).toBeLessThan(Math.max(...radial) + 1e-5);
    }
  });

  it('takes the delta arrays from the corners and the centres', () => {
    const geo = new Geometry({ ...base, rot1: -0.3, rot3: 0.4 });
    for (const unit of ['2th_rad', 'q_A^-1', 'r_mm'] as const) {
      const c = geo.corners(unit);
      const center = geo.center(unit);
      const expected = center.map((v, k) => Math.max(...[0, 1, 2, 3].map((n) => Math.abs(c[(k * 4 + n) * 2] - v))));
      // corners(unit) are float32 values scaled in float32 (pyFAI's corner_array(scale=True)),
      // delta(unit) scales the unscaled delta in double: they differ by float32 roundings
      expectClose(geo.delta(unit), expected, { rtol: 0, atol: 2 ** -21 * Math.max(...center) }, unit);
    }
    const chiCorners = geo.corners('r_m');
    const expected = geo.chi().map((v, k) => Math.max(...[0, 1, 2, 3].map((n) => angleBetween(chiCorners[(k * 4 + n) * 2 + 1], v))));
    expectClose(geo.chiDelta(), expected, { rtol: 1e-14, atol: 1e-15 }, 'χ delta');
  });

  it('moves χ to [0, 2π) with chiDiscAtZero, leaving the widths alone', () => {
    const atPi = new Geometry(base);
    const atZero = atPi.with({ chiDiscAtZero: true });
    const chi = atPi.chi();
    expect(Math.min(...chi)).toBeLessThan(-3);
    expectClose(atZero.chi(), chi.map((c) => (c < 0 ? c + TWO_PI : c)), { rtol: 0 }, 'χ');
    expect(Math.min(...atZero.chi())).toBeGreaterThanOrEqual(0);
    expect(Math.max(...atZero.chi())).toBeLessThan(TWO_PI);
    // the corners are float32 in both ranges: their roundings differ by up to a float32 ulp of 2π
    expectClose(atZero.chiDelta(), atPi.chiDelta(), { rtol: 0, atol: 2 * 2 ** -23 * TWO_PI }, 'χ delta');
    // pixels across the discontinuity (χ near ±π, left of the beam) are narrow, not 2π wide
    const across = atPi.chiDelta().filter((_, k) => Math.abs(chi[k]) > 2.8);
    expect(across.length).toBeGreaterThan(3);
    expect(Math.max(...across)).toBeLessThan(1);
    const cornersChi = atZero.corners('2th_deg').filter((_, n) => n % 2 === 1);
    expect(Math.min(...cornersChi)).toBeGreaterThanOrEqual(0);
  });

  it('gives q in nm⁻¹ and Å⁻¹ and r in m and mm (scales 1, 0.1, 1, 1000; rel 1e-15)', () => {
    const geo = new Geometry({ ...base, rot1: 0.2 });
    const q = geo.q();
    const r = geo.r();
    // q = 4π/λ·sin(2θ/2), λ in nm
    expectClose(q, geo.twoTheta().map((t) => ((4 * Math.PI) / 0.1) * Math.sin(t / 2)), { rtol: 1e-14 }, 'q (nm⁻¹)');
    expectClose(geo.q('nm^-1'), q, { rtol: 0 }, 'q (nm⁻¹, named)');
    expectClose(geo.q('A^-1'), q.map((v) => v / 10), { rtol: 1e-15 }, 'q (Å⁻¹)');
    expectClose(geo.r('m'), r, { rtol: 0 }, 'r (m)');
    expectClose(geo.r('mm'), r.map((v) => v * 1000), { rtol: 1e-15 }, 'r (mm)');
    expect(geo.q('A^-1')).toBe(geo.center('q_A^-1'));
    expect(geo.r('mm')).toBe(geo.center('r_mm'));
  });

  it('computes each array once and keeps it; `with` starts afresh', () => {
    const geo = new Geometry(base);
    expect(geo.twoTheta()).toBe(geo.twoTheta());
    expect(geo.polarization(0.5, 0.1)).toBe(geo.polarization(0.5, 0.1));
    expect(geo.polarization(0.5)).not.toBe(geo.polarization(0.4));
    expect(geo.corners('q_nm^-1')).toBe(geo.corners('q_nm^-1'));
    const other = geo.with({ dist: 0.1 });
    expect(other.twoTheta()).not.toBe(geo.twoTheta());
    expect(other.dist).toBe(0.1);
    expect(other.poni1).toBe(geo.poni1);
  });

  it('reads back its own PONI file', () => {
    const geo = new Geometry({ ...base, rot1: 0.1, rot2: -0.2, rot3: 0.3 });
    const again = Geometry.fromPoni(geo.toPoni());
    for (const key of ['dist', 'poni1', 'poni2', 'rot1', 'rot2', 'rot3', 'wavelength'] as const) expect(again[key]).toBe(geo[key]);
    expect(again.detector.shape).toEqual([ROWS, COLS]);
    expectClose(again.twoTheta(), geo.twoTheta(), { rtol: 0 }, '2θ');
  });
});

describe('Geometry input checks', () => {
  it('rejects bad parameters with the argument named', () => {
    expect(() => new Geometry({ ...base, dist: 0 })).toThrow(/dist must be positive/);
    expect(() => new Geometry({ ...base, dist: Number.NaN })).toThrow(ArgumentError);
    expect(() => new Geometry({ ...base, poni1: Number.POSITIVE_INFINITY })).toThrow(/poni1/);
    expect(() => new Geometry({ ...base, rot2: '1' as unknown as number })).toThrow(/rot2/);
    expect(() => new Geometry({ ...base, wavelength: -1e-10 })).toThrow(/wavelength must be positive/);
    expect(() => new Geometry({ ...base, detector: 'Pilatus1M' as unknown as Detector })).toThrow(/detector must be a Detector/);
    expect(() => new Geometry({ ...base, chiDiscAtZero: 1 as unknown as boolean })).toThrow(/chiDiscAtZero/);
  });

  it('rejects polarization factors outside [-1, 1], unknown units and q without a wavelength', () => {
    const geo = new Geometry(base);
    expect(() => geo.polarization(1.5)).toThrow(/factor must be a polarization factor in \[-1, 1\]; got 1.5/);
    expect(() => geo.polarization(Number.NaN)).toThrow(ArgumentError);
    expect(() => geo.polarization(0.5, Number.NaN)).toThrow(/axisOffset/);
    expect(() => geo.center('2th' as never)).toThrow(/unit must be one of 2th_deg, 2th_rad/);
    expect(() => geo.solidAngle('yes' as never)).toThrow(/absolute must be a boolean/);
    expect(() => geo.q('nm' as never)).toThrow(/unit must be "nm\^-1" or "A\^-1"; got "nm"/);
    expect(() => geo.r('cm' as never)).toThrow(/unit must be "m" or "mm"; got "cm"/);
    const dry = geo.with({ wavelength: undefined });
    expect(() => dry.q()).toThrow(/q needs the wavelength/);
    expect(() => dry.corners('d*2_A^-2')).toThrow(ArgumentError);
    expect(dry.twoTheta()).toHaveLength(ROWS * COLS);
  });

  it('asks for a shape when the detector has none, and takes one', () => {
    const geo = new Geometry({ ...base, detector: Detector.generic({ pixel1: PIXEL1, pixel2: PIXEL2 }) });
    expect(() => geo.twoTheta()).toThrow(ShapeError);
    expect(() => geo.chi()).toThrow(/withShape/);
    expect(geo.withShape([ROWS, COLS]).twoTheta()).toEqual(new Geometry(base).twoTheta());
  });
});

describe('Geometry subclasses', () => {
  class Tagged extends Geometry {
    readonly tag = 'tagged';
  }

  it('keep their class through fromPoni, with and withShape', () => {
    const geo = Tagged.fromPoni(new Geometry(base).toPoni());
    expect(geo).toBeInstanceOf(Tagged);
    expect(geo.with({ rot1: 0.1 }).tag).toBe('tagged');
    expect(geo.withShape([3, 4])).toBeInstanceOf(Tagged);
  });
});
