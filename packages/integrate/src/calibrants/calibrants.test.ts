import { ArgumentError } from '@pandaas/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALIBRANT_NAMES, calibrant } from './calibrant.js';
import { cubicReflections, type CubicCentring, type CubicLattice } from './cubic.js';

// ---- pyFAI 0.21's calibrants, from scripts/fixtures/integrate/calibrants.py ----

interface Case {
  a: number;
  centring: CubicCentring;
  /** [h² + k² + l², d] of rings the extinction rule allows that pyFAI's .D file does not list. */
  fileLacks: [number, number][];
  dMin: number;
  /** pyFAI's get_dSpacing() (its .D file, 8 decimals) down to dMin. */
  d: number[];
  /** The .D file's comments: one hkl family of the ring, and the ring's summed multiplicity. */
  hkl: [number, number, number][];
  multiplicity: number[];
  /** pyFAI's Cell d-spacings for `a`, full precision. */
  cellD: number[];
  /** get_2th() after set_wavelength, per wavelength: of the .D file's and of cellD's rings. */
  twoTheta: number[][];
  cellTwoTheta: number[][];
}

interface Fixture {
  pyFAI: string;
  wavelengths: number[];
  skipped: Record<string, string>;
  calibrants: Record<string, Case>;
}

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/calibrants.json', import.meta.url), 'utf8')) as Fixture;
const cases = Object.entries(fixture.calibrants);

/** The .D files print d with 8 decimals: each is within this of the exact value (Å). */
const FILE_ROUNDING = 5e-9;
/** d against the .D files, relative: their rounding, on rings of d ≥ 0.55 Å (the fixture's). */
const D_FILE_TOL = 1e-8;
/** d against pyFAI's Cell (the same formula in float64), relative. */
const D_CELL_TOL = 1e-14;
/** 2θ against pyFAI's get_2th() on the Cell's d-spacings, radians. */
const TTH_TOL = 1e-9;

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('calibrants against pyFAI 0.21', () => {
  it('the fixture comes from pyFAI 0.21 and holds every cubic calibrant pyFAI ships', () => {
    expect(fixture.pyFAI).toMatch(/^0\.21/);
    expect(cases.length).toBeGreaterThanOrEqual(17);
  });

  it('knows exactly the cubic calibrants whose rings an extinction rule reproduces', () => {
    expect([...CALIBRANT_NAMES].sort()).toEqual(Object.keys(fixture.calibrants).sort());
    for (const name of Object.keys(fixture.skipped)) expect(CALIBRANT_NAMES).not.toContain(name);
  });

  describe.each(cases)('%s', (name, c) => {
    const cal = calibrant(name);

    it("has the lattice constant and the centring that reproduce pyFAI's file", () => {
      expect(cal.name).toBe(name);
      expect(cal.lattice.system).toBe('cubic');
      expect(cal.lattice.a).toBe(c.a);
      expect(cal.lattice.centring).toBe(c.centring);
    });

    it(`gives pyFAI's rings down to dMin: d within ${D_FILE_TOL} of the file, ${D_CELL_TOL} of the Cell; same families and multiplicities`, () => {
      const rings = cal.reflections(c.dMin);
      expect(rings.length).toBe(c.d.length);
      expect(c.cellD.length).toBe(c.d.length);
      rings.forEach((ring, i) => {
        expect(relative(ring.d, c.d[i])).toBeLessThanOrEqual(D_FILE_TOL);
        expect(Math.abs(ring.d - c.d[i])).toBeLessThanOrEqual(FILE_ROUNDING * (1 + 1e-6));
        expect(relative(ring.d, c.cellD[i])).toBeLessThanOrEqual(D_CELL_TOL);
        expect(ring.multiplicity).toBe(c.multiplicity[i]);
        expect(ring.hkl[0]).toEqual(c.hkl[i]); // pyFAI names a merged ring by its largest h, as we order them
      });
    });

    it.each(fixture.wavelengths.map((w, i) => [w, i] as const))(`gives pyFAI's 2θ at λ = %s m (${TTH_TOL} rad)`, (wavelength, i) => {
      const tth = cal.twoTheta(wavelength, c.dMin);
      expect(tth.length).toBe(c.cellTwoTheta[i].length); // rings with λ/2d > 1 dropped, as pyFAI does
      expect(tth.length).toBe(c.twoTheta[i].length);
      tth.forEach((t, j) => {
        expect(Math.abs(t - c.cellTwoTheta[i][j])).toBeLessThanOrEqual(TTH_TOL);
        // the .D file's rounding of d moves pyFAI's 2θ by up to 2 tanθ Δd/d
        const bound = (2 * Math.tan(t / 2) * FILE_ROUNDING) / c.d[j] + 1e-12;
        expect(Math.abs(t - c.twoTheta[i][j])).toBeLessThanOrEqual(bound);
      });
    });

  });

  it("adds the rings pyFAI's CeO2 file leaves out below 0.45 Å, which the F rule allows", () => {
    const lacks = fixture.calibrants.CeO2.fileLacks;
    expect(lacks.length).toBeGreaterThan(0);
    const rings = calibrant('CeO2').reflections(0.4);
    for (const [n, d] of lacks) {
      const ring = rings.find((r) => relative(r.d, d) < 1e-12);
      expect(ring?.hkl.map(([h, k, l]) => h * h + k * k + l * l)).toContain(n);
    }
  });

  it("merges rings of equal d: LaB6's (3,0,0) and (2,2,1) are one ring of multiplicity 30", () => {
    const ring = calibrant('LaB6')
      .reflections(1.3)
      .find((r) => r.hkl.length > 1);
    expect(ring).toEqual({ d: 4.156826 / 3, hkl: [[3, 0, 0], [2, 2, 1]], multiplicity: 30 });
  });
});

// ---- the extinction rules against an independent brute force ----

/** Every signed (h, k, l) in the cube, by the textbook rules, counted per h² + k² + l². */
function bruteForce(centring: CubicCentring, nMax: number): Map<number, number> {
  const counts = new Map<number, number>();
  const top = Math.floor(Math.sqrt(nMax));
  for (let h = -top; h <= top; h++) {
    for (let k = -top; k <= top; k++) {
      for (let l = -top; l <= top; l++) {
        const n = h * h + k * k + l * l;
        if (n === 0 || n > nMax) continue;
        const even = [h, k, l].every((x) => x % 2 === 0);
        const odd = [h, k, l].every((x) => Math.abs(x % 2) === 1);
        const ok = {
          P: true,
          I: Math.abs(h + k + l) % 2 === 0,
          F: even || odd,
          diamond: odd || (even && Math.abs(h + k + l) % 4 === 0),
        }[centring];
        if (ok) counts.set(n, (counts.get(n) ?? 0) + 1);
      }
    }
  }
  return counts;
}

describe('cubicReflections', () => {
  it.each(['P', 'I', 'F', 'diamond'] as const)('%s: the rings and multiplicities of a brute-force count over signed hkl', (centring) => {
    const lattice: CubicLattice = { system: 'cubic', centring, a: 7 };
    const nMax = 140;
    const rings = cubicReflections(lattice, 7 / Math.sqrt(nMax) - 1e-9);
    const expected = [...bruteForce(centring, nMax)].sort(([a], [b]) => a - b);
    expect(rings.map((r) => [Math.round((7 / r.d) ** 2), r.multiplicity])).toEqual(expected);
    for (const ring of rings) {
      for (const [h, k, l] of ring.hkl) {
        expect(h).toBeGreaterThanOrEqual(k);
        expect(k).toBeGreaterThanOrEqual(l);
        expect(l).toBeGreaterThanOrEqual(0);
        expect(Math.abs(7 / Math.sqrt(h * h + k * k + l * l) - ring.d)).toBeLessThanOrEqual(1e-15 * 7);
      }
    }
  });

  it('gives the textbook first rings of a body-centred lattice (tungsten, a = 3.1652 Å)', () => {
    const rings = cubicReflections({ system: 'cubic', centring: 'I', a: 3.1652 }, 0.9);
    expect(rings.map((r) => r.hkl)).toEqual([[[1, 1, 0]], [[2, 0, 0]], [[2, 1, 1]], [[2, 2, 0]], [[3, 1, 0]], [[2, 2, 2]]]);
    expect(rings.map((r) => r.multiplicity)).toEqual([12, 6, 24, 12, 24, 8]);
  });

  it('keeps a ring exactly at dMin and drops the next', () => {
    const rings = cubicReflections({ system: 'cubic', centring: 'P', a: 4 }, 2);
    expect(rings.map((r) => r.d)).toEqual([4, 4 / Math.SQRT2, 4 / Math.sqrt(3), 2]);
  });
});

// ---- bad input ----

describe('bad input', () => {
  it('an unknown name is an ArgumentError naming it and listing the names', () => {
    expect(() => calibrant('Unobtainium')).toThrow(ArgumentError);
    expect(() => calibrant('Unobtainium')).toThrow(/got "Unobtainium"/);
    expect(() => calibrant('Unobtainium')).toThrow(/one of Al, Au, CeO2, LaB6, .*Si_SRM640e/);
    expect(() => calibrant('CuO')).toThrow(ArgumentError);
    expect(() => calibrant('toString')).toThrow(ArgumentError);
    expect(() => calibrant(42 as unknown as string)).toThrow(/got 42/);
  });

  it('a name in the wrong case says which name it probably is', () => {
    expect(() => calibrant('lab6')).toThrow(/got "lab6" \(names are case-sensitive, as pyFAI's: "LaB6"\?\)/);
  });

  it.each([0, -1e-10, Number.NaN, Infinity, 0.885601, '1e-10'])('wavelength %s is an ArgumentError', (wavelength) => {
    expect(() => calibrant('Si').twoTheta(wavelength as number)).toThrow(ArgumentError);
    expect(() => calibrant('Si').twoTheta(wavelength as number)).toThrow(/wavelength must be a positive finite number of metres/);
  });

  it.each([0, -1, Number.NaN, -Infinity, Infinity, null, '1'])('dMin %s is an ArgumentError', (dMin) => {
    expect(() => calibrant('LaB6').reflections(dMin as number)).toThrow(ArgumentError);
    expect(() => calibrant('LaB6').twoTheta(1e-10, dMin as number)).toThrow(/dMin must be a positive finite d-spacing in Å/);
  });

  it('a dMin below a/128 (too many rings) is an ArgumentError, also when it is the default λ/2', () => {
    expect(() => calibrant('LaB6').reflections(0.01)).toThrow(/dMin 0.01 Å is too small for a lattice constant of 4.156826 Å/);
    expect(() => calibrant('LaB6').twoTheta(1e-13)).toThrow(/dMin \(by default λ\/2\)/);
    expect(calibrant('LaB6').reflections(4.156826 / 128).length).toBeGreaterThan(0);
  });

  it.each([
    [{ system: 'hexagonal', centring: 'P', a: 4 }, /lattice must be/],
    [null, /lattice must be/],
    [{ system: 'cubic', centring: 'C', a: 4 }, /lattice.centring must be one of P, I, F, diamond; got "C"/],
    [{ system: 'cubic', centring: 'F', a: -4 }, /lattice.a must be a positive finite length in Å; got -4/],
    [{ system: 'cubic', centring: 'F', a: Number.NaN }, /lattice.a must be/],
  ])('cubicReflections(%o) is an ArgumentError', (lattice, message) => {
    expect(() => cubicReflections(lattice as unknown as CubicLattice, 1)).toThrow(ArgumentError);
    expect(() => cubicReflections(lattice as unknown as CubicLattice, 1)).toThrow(message);
  });
});

describe('twoTheta', () => {
  it('by default gives every ring the wavelength reaches (d ≥ λ/2), in increasing order', () => {
    const cu = 1.5406e-10;
    const si = calibrant('Si');
    const tth = si.twoTheta(cu);
    const reachable = si.reflections(cu * 5e9);
    expect(tth.length).toBe(reachable.length);
    expect(si.reflections(cu * 5e9 * 0.95).length).toBeGreaterThan(reachable.length); // rings beyond 180° exist
    tth.forEach((t, i) => {
      expect(Math.sin(t / 2)).toBeCloseTo((cu * 5e9) / reachable[i].d, 14); // Bragg's law
      if (i > 0) expect(t).toBeGreaterThan(tth[i - 1]);
    });
  });
});
