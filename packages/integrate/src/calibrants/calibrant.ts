/**
 * Powder calibrants by pyFAI's names (`calibrant('LaB6')`, `calibrant('Si_SRM640e')`): their
 * lattice, reference, rings (d-spacings with Miller indices and multiplicities) and ring
 * positions 2θ for a wavelength, as pyFAI's `pyFAI.calibrant` gives them. The d-spacings are
 * computed from the lattice constant and the extinction rules, not read from a table.
 *
 * @example
 * ```ts
 * import { calibrant } from '@pandaas/integrate';
 * const ceo2 = calibrant('CeO2');
 * ceo2.reference; // 'NIST SRM 674b'
 * ceo2.twoTheta(0.885601e-10, 1.5); // 2θ (radians) of the five rings of d ≥ 1.5 Å
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { checkDMin, cubicReflections, type CubicLattice, type Reflection } from './cubic.js';

/**
 * A powder calibrant: a crystal of known lattice whose rings calibrate a detector geometry.
 *
 * @example
 * ```ts
 * const lab6: Calibrant = calibrant('LaB6');
 * lab6.reflections(2).map((r) => r.d); // [4.156826, 2.939..., 2.399..., 2.078413]
 * ```
 */
export interface Calibrant {
  /** pyFAI's name, e.g. `'LaB6'`. */
  readonly name: string;
  /** The material and its space group, e.g. `'Lanthanum hexaboride (Pm-3m)'`. */
  readonly description: string;
  /** Where the lattice constant comes from, e.g. `'NIST SRM 660c'`. */
  readonly reference: string;
  /** The crystal lattice; `a` in Å. */
  readonly lattice: CubicLattice;
  /**
   * The rings with d ≥ `dMin` (Å, default 1), by decreasing d.
   *
   * @throws ArgumentError when `dMin` is not a positive finite number, or below a/128.
   */
  reflections(dMin?: number): Reflection[];
  /**
   * The scattering angles 2θ (radians, increasing) of the rings with d ≥ `dMin` that the
   * wavelength reaches (λ/2d ≤ 1): entry i is the ring `reflections(dMin)[i]`. `dMin` defaults
   * to λ/2, every reachable ring.
   *
   * @param wavelength - metres (1e-10 for 1 Å), as pyFAI's.
   * @throws ArgumentError for a wavelength that is not a positive finite number of at most 1e-6 m
   * (a wavelength in Å instead of metres), or a bad `dMin`.
   */
  twoTheta(wavelength: number, dMin?: number): Float64Array;
}

interface Definition {
  readonly description: string;
  readonly reference: string;
  readonly lattice: CubicLattice;
}

const fm3m = (a: number): CubicLattice => ({ system: 'cubic', centring: 'F', a });
const lab6 = (a: number, srm: string): Definition => ({
  description: 'Lanthanum hexaboride (Pm-3m)',
  reference: `NIST SRM ${srm}`,
  lattice: { system: 'cubic', centring: 'P', a },
});
const si = (a: number, srm: string): Definition => ({
  description: 'Silicon (Fd-3m)',
  reference: `NIST SRM ${srm}`,
  lattice: { system: 'cubic', centring: 'diamond', a },
});

/**
 * The cubic calibrants of pyFAI 0.21, with the lattice constant that reproduces every
 * d-spacing of pyFAI's file (the file headers print it rounded: Si's a=5.4312 is 5.4311946, Ni's
 * a=3.5239 is 3.52387). pyFAI's CuO (cuprite) is left out: its file lists a selection of rings
 * that no extinction rule gives.
 */
const DEFINITIONS: Readonly<Record<string, Definition>> = {
  Al: { description: 'Aluminium (Fm-3m)', reference: 'W. Witt, Z. Naturforsch. A 22, 92 (1967)', lattice: fm3m(4.0495) },
  Au: { description: 'Gold (Fm-3m)', reference: 'A. Maeland, T. B. Flanagan, Can. J. Phys. 42, 2364 (1964)', lattice: fm3m(4.0782) },
  CeO2: { description: 'Ceria, cerium dioxide (Fm-3m)', reference: 'NIST SRM 674b', lattice: fm3m(5.411651) },
  LaB6: lab6(4.156826, '660c'),
  LaB6_SRM660a: lab6(4.1569162, '660a'),
  LaB6_SRM660b: lab6(4.15689, '660b'),
  LaB6_SRM660c: lab6(4.156826, '660c'),
  NaCl: {
    description: 'Halite, sodium chloride (Fm-3m)',
    reference: 'D. Walker et al., American Mineralogist 89, 204-210 (2004)',
    lattice: fm3m(5.6401),
  },
  Ni: { description: 'Nickel (Fm-3m)', reference: 'A. Taylor, J. Inst. Metals 77, 585 (1950)', lattice: fm3m(3.52387) },
  Pt: { description: 'Platinum (Fm-3m)', reference: 'R. W. G. Wyckoff, Crystal Structures (1963)', lattice: fm3m(3.9231) },
  Si: si(5.4311946, '640c'),
  Si_SRM640: si(5.43088, '640'),
  Si_SRM640a: si(5.430825, '640a'),
  Si_SRM640b: si(5.43094, '640b'),
  Si_SRM640c: si(5.4311946, '640c'),
  Si_SRM640d: si(5.43123, '640d'),
  Si_SRM640e: si(5.431179, '640e'),
};

/**
 * The names `calibrant` knows, spelled as pyFAI spells them (case matters, as in pyFAI).
 *
 * @example
 * ```ts
 * CALIBRANT_NAMES.includes('Si_SRM640d'); // true
 * ```
 */
export const CALIBRANT_NAMES: readonly string[] = Object.freeze(Object.keys(DEFINITIONS));

/** The largest wavelength taken as metres: pyFAI warns above it too. */
const MAX_WAVELENGTH = 1e-6;

function checkWavelength(wavelength: unknown): asserts wavelength is number {
  if (typeof wavelength !== 'number' || !Number.isFinite(wavelength) || wavelength <= 0 || wavelength > MAX_WAVELENGTH) {
    throw new ArgumentError(
      `wavelength must be a positive finite number of metres, at most ${MAX_WAVELENGTH} (1e-10 for 1 Å); got ${show(wavelength)}`,
    );
  }
}

/**
 * The calibrant of that name (pyFAI's `get_calibrant(name)`), computed from its lattice.
 *
 * @param name - one of {@link CALIBRANT_NAMES}.
 * @throws ArgumentError for a name not in {@link CALIBRANT_NAMES}.
 *
 * @example
 * ```ts
 * const si = calibrant('Si');
 * si.lattice; // { system: 'cubic', centring: 'diamond', a: 5.4311946 }
 * si.reflections(1.3)[3]; // { d: 1.35779865, hkl: [[4, 0, 0]], multiplicity: 6 }
 * Array.from(si.twoTheta(1e-10, 1.3), (t) => (t * 180) / Math.PI); // [18.35..., 30.18..., 35.55..., 43.21...]
 * ```
 */
export function calibrant(name: string): Calibrant {
  const definition = Object.hasOwn(DEFINITIONS, name) ? DEFINITIONS[name] : undefined;
  if (definition === undefined) {
    const lower = typeof name === 'string' ? name.toLowerCase() : undefined;
    const near = CALIBRANT_NAMES.find((known) => known.toLowerCase() === lower);
    const hint = near === undefined ? '' : ` (names are case-sensitive, as pyFAI's: ${show(near)}?)`;
    throw new ArgumentError(`name must be one of ${CALIBRANT_NAMES.join(', ')}; got ${show(name)}${hint}`);
  }
  const { lattice } = definition;
  const reflections = (dMin: number = 1): Reflection[] => cubicReflections(lattice, dMin);
  return Object.freeze({
    name,
    description: definition.description,
    reference: definition.reference,
    lattice: Object.freeze({ ...lattice }),
    reflections,
    twoTheta(wavelength: number, dMin?: number): Float64Array {
      checkWavelength(wavelength);
      const halfLambda = 5e9 * wavelength; // λ/2 in Å
      const limit = dMin === undefined ? halfLambda : dMin;
      checkDMin(limit, lattice.a, dMin === undefined ? 'dMin (by default λ/2)' : 'dMin');
      const rings = reflections(limit);
      const out = new Float64Array(rings.length);
      let count = 0;
      for (const ring of rings) {
        const sine = halfLambda / ring.d;
        if (sine > 1) break;
        out[count++] = 2 * Math.asin(sine);
      }
      return out.slice(0, count);
    },
  });
}
