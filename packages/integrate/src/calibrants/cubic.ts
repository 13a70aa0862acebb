/**
 * Reflections of a cubic lattice: every (h, k, l) its centring allows, grouped by d-spacing
 * (d = a / √(h² + k² + l²)), each group with all its hkl families and their summed multiplicity,
 * sorted by decreasing d. The rings a powder calibrant draws on a detector.
 *
 * @example
 * ```ts
 * import { cubicReflections } from '@pandaas/integrate';
 * const rings = cubicReflections({ system: 'cubic', centring: 'F', a: 4.0782 }, 1.2);
 * rings.map((r) => r.hkl[0]); // [[1, 1, 1], [2, 0, 0], [2, 2, 0], [3, 1, 1]]
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';

/**
 * The centring (extinction rules) of a cubic lattice: `P` all hkl; `I` h + k + l even; `F` h, k,
 * l all even or all odd; `diamond` (Fd-3m, silicon) the `F` ones without those whose indices are
 * all even with h + k + l ≡ 2 (mod 4).
 *
 * @example
 * ```ts
 * const centring: CubicCentring = 'diamond';
 * ```
 */
export type CubicCentring = 'P' | 'I' | 'F' | 'diamond';

/**
 * A cubic lattice: its centring and its lattice constant `a` in ångström.
 *
 * @example
 * ```ts
 * const lab6: CubicLattice = { system: 'cubic', centring: 'P', a: 4.156826 };
 * ```
 */
export interface CubicLattice {
  readonly system: 'cubic';
  readonly centring: CubicCentring;
  /** The lattice constant, Å. */
  readonly a: number;
}

/**
 * Miller indices of a family of lattice planes, h ≥ k ≥ l ≥ 0.
 *
 * @example
 * ```ts
 * const family: Miller = [2, 2, 1];
 * ```
 */
export type Miller = readonly [h: number, k: number, l: number];

/**
 * One powder ring: its d-spacing, the hkl families that share it and their summed multiplicity.
 *
 * @example
 * ```ts
 * // LaB6's ring at a/3: (3,0,0) and (2,2,1) together, 6 + 24 = 30 reflections
 * const ring: Reflection = { d: 1.385609, hkl: [[3, 0, 0], [2, 2, 1]], multiplicity: 30 };
 * ```
 */
export interface Reflection {
  /** The d-spacing, Å. */
  readonly d: number;
  /** The families with this d-spacing, largest h first. */
  readonly hkl: readonly Miller[];
  /** The number of (h, k, l), all signs and orders, with this d-spacing. */
  readonly multiplicity: number;
}

/** How many times the lattice constant dMin may fit: (a/dMin)³ families are enumerated. */
const MAX_A_OVER_DMIN = 128;

const CENTRINGS: readonly CubicCentring[] = ['P', 'I', 'F', 'diamond'];

function allowed(centring: CubicCentring, h: number, k: number, l: number): boolean {
  if (centring === 'P') return true;
  if (centring === 'I') return (h + k + l) % 2 === 0;
  const odd = h % 2;
  if (k % 2 !== odd || l % 2 !== odd) return false;
  return centring === 'F' || odd === 1 || (h + k + l) % 4 === 0;
}

/** The signed and permuted (h, k, l) of a family h ≥ k ≥ l ≥ 0. */
function multiplicity(h: number, k: number, l: number): number {
  const orders = h === k && k === l ? 1 : h === k || k === l ? 3 : 6;
  const signs = 2 ** ((h > 0 ? 1 : 0) + (k > 0 ? 1 : 0) + (l > 0 ? 1 : 0));
  return orders * signs;
}

/**
 * Checks a d-spacing limit against a lattice constant: a finite positive number with
 * a / dMin ≤ 128 (so at most ~10⁵ families are enumerated).
 *
 * @example
 * ```ts
 * checkDMin(0.5, 4.156826, 'dMin'); // passes
 * ```
 */
export function checkDMin(dMin: unknown, a: number, argument: string): asserts dMin is number {
  if (typeof dMin !== 'number' || !Number.isFinite(dMin) || dMin <= 0) {
    throw new ArgumentError(`${argument} must be a positive finite d-spacing in Å; got ${show(dMin)}`);
  }
  if (a / dMin > MAX_A_OVER_DMIN) {
    throw new ArgumentError(
      `${argument} ${show(dMin)} Å is too small for a lattice constant of ${a} Å: it must be at least a/${MAX_A_OVER_DMIN} = ${a / MAX_A_OVER_DMIN} Å`,
    );
  }
}

function checkLattice(lattice: unknown): asserts lattice is CubicLattice {
  const l = lattice as Partial<CubicLattice> | null;
  if (typeof l !== 'object' || l === null || l.system !== 'cubic') {
    throw new ArgumentError(`lattice must be { system: 'cubic', centring, a }; got ${show(lattice)}`);
  }
  if (!CENTRINGS.includes(l.centring as CubicCentring)) {
    throw new ArgumentError(`lattice.centring must be one of ${CENTRINGS.join(', ')}; got ${show(l.centring)}`);
  }
  if (typeof l.a !== 'number' || !Number.isFinite(l.a) || l.a <= 0) {
    throw new ArgumentError(`lattice.a must be a positive finite length in Å; got ${show(l.a)}`);
  }
}

/**
 * The reflections of a cubic lattice with d ≥ `dMin` (Å), sorted by decreasing d; reflections of
 * equal d-spacing (LaB6's (3,0,0) and (2,2,1)) are one entry.
 *
 * @param lattice - the cubic lattice (centring, `a` in Å).
 * @param dMin - the smallest d-spacing, Å; a/dMin must not exceed 128.
 * @throws ArgumentError for a lattice that is not cubic or a bad `a`, centring or `dMin`.
 *
 * @example
 * ```ts
 * const si = cubicReflections({ system: 'cubic', centring: 'diamond', a: 5.4311946 }, 1);
 * si.map((r) => r.multiplicity); // [8, 12, 24, 6, 24, 24, 32]
 * ```
 */
export function cubicReflections(lattice: CubicLattice, dMin: number): Reflection[] {
  checkLattice(lattice);
  const { centring, a } = lattice;
  checkDMin(dMin, a, 'dMin');
  const nMax = Math.floor((a / dMin) ** 2) + 1; // one more, in case of rounding: d is checked below
  const families: Miller[][] = [];
  const counts: number[] = [];
  for (let h = 1; h * h <= nMax; h++) {
    for (let k = 0; k <= h && h * h + k * k <= nMax; k++) {
      for (let l = 0; l <= k && h * h + k * k + l * l <= nMax; l++) {
        if (!allowed(centring, h, k, l)) continue;
        const n = h * h + k * k + l * l;
        (families[n] ??= []).push([h, k, l]);
        counts[n] = (counts[n] ?? 0) + multiplicity(h, k, l);
      }
    }
  }
  const out: Reflection[] = [];
  families.forEach((group, n) => {
    const d = a / Math.sqrt(n);
    if (d < dMin) return;
    group.sort((x, y) => y[0] - x[0] || y[1] - x[1]);
    out.push({ d, hkl: group, multiplicity: counts[n] as number });
  });
  return out;
}
