/**
 * Radial and azimuthal units, named and scaled as pyFAI names and scales them
 * (`pyFAI/units.py`): each unit is a base quantity in SI-like units times `scale`.
 *
 * | name | base quantity | scale |
 * |---|---|---|
 * | `2th_deg`, `2th_rad` | 2θ (rad) | 180/π, 1 |
 * | `q_nm^-1`, `q_A^-1` | q = 4π/λ·sin(θ) (nm⁻¹) | 1, 0.1 |
 * | `r_mm`, `r_m` | distance to the beam in the detector plane (m) | 1000, 1 |
 * | `d*2_A^-2` | d*² = (q/2π)² (nm⁻²) | 0.01 |
 * | `chi_deg`, `chi_rad` | χ (rad) | 180/π, 1 |
 *
 * @example
 * ```ts
 * import { radialUnit } from '@pandaas/integrate';
 * radialUnit('2th_deg').scale; // 57.29577951308232
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';

/**
 * The radial units (pyFAI's names).
 *
 * @example
 * ```ts
 * const unit: RadialUnit = 'q_A^-1';
 * await ai.integrate1d(frame, { npt: 1000, unit });
 * ```
 */
export type RadialUnit = '2th_deg' | '2th_rad' | 'q_nm^-1' | 'q_A^-1' | 'r_mm' | 'r_m' | 'd*2_A^-2';
/**
 * The azimuthal units (pyFAI's names).
 *
 * @example
 * ```ts
 * await ai.integrate2d(frame, { nptRad: 500, unitAzimuthal: 'chi_rad' satisfies AzimuthalUnit });
 * ```
 */
export type AzimuthalUnit = 'chi_deg' | 'chi_rad';
/**
 * The base quantity of a unit: `2th` (rad), `q` (nm⁻¹), `r` (m), `d*2` (nm⁻²) or `chi` (rad).
 *
 * @example
 * ```ts
 * radialUnit('r_mm').space; // 'r'
 * ```
 */
export type UnitSpace = '2th' | 'q' | 'r' | 'd*2' | 'chi';

/**
 * A unit: its name, base quantity, the factor from the base quantity to it, and labels.
 *
 * @example
 * ```ts
 * const { scale, symbol } = radialUnit('2th_deg'); // 180/π, 'deg'
 * ```
 */
export interface UnitInfo {
  /** pyFAI's name of the unit. */
  readonly name: RadialUnit | AzimuthalUnit;
  /** The base quantity the unit scales. */
  readonly space: UnitSpace;
  /** value in this unit = value of the base quantity × scale. */
  readonly scale: number;
  /** A plot label, e.g. `Scattering angle 2θ (deg)`. */
  readonly label: string;
  /** The unit symbol alone, e.g. `deg`, `nm^-1` (NeXus `units` attribute). */
  readonly symbol: string;
}

const DEG = 180 / Math.PI;

const RADIAL: Readonly<Record<RadialUnit, UnitInfo>> = {
  '2th_deg': { name: '2th_deg', space: '2th', scale: DEG, label: 'Scattering angle 2θ (deg)', symbol: 'deg' },
  '2th_rad': { name: '2th_rad', space: '2th', scale: 1, label: 'Scattering angle 2θ (rad)', symbol: 'rad' },
  'q_nm^-1': { name: 'q_nm^-1', space: 'q', scale: 1, label: 'Scattering vector q (nm^-1)', symbol: 'nm^-1' },
  'q_A^-1': { name: 'q_A^-1', space: 'q', scale: 0.1, label: 'Scattering vector q (Å^-1)', symbol: 'A^-1' },
  r_mm: { name: 'r_mm', space: 'r', scale: 1000, label: 'Radius r (mm)', symbol: 'mm' },
  r_m: { name: 'r_m', space: 'r', scale: 1, label: 'Radius r (m)', symbol: 'm' },
  'd*2_A^-2': { name: 'd*2_A^-2', space: 'd*2', scale: 0.01, label: 'Reciprocal spacing squared d*² (Å^-2)', symbol: 'A^-2' },
};

const AZIMUTHAL: Readonly<Record<AzimuthalUnit, UnitInfo>> = {
  chi_deg: { name: 'chi_deg', space: 'chi', scale: DEG, label: 'Azimuthal angle χ (deg)', symbol: 'deg' },
  chi_rad: { name: 'chi_rad', space: 'chi', scale: 1, label: 'Azimuthal angle χ (rad)', symbol: 'rad' },
};

/**
 * The names of the radial units, in pyFAI's order.
 *
 * @example
 * ```ts
 * RADIAL_UNITS.includes('r_mm'); // true
 * ```
 */
export const RADIAL_UNITS: readonly RadialUnit[] = Object.keys(RADIAL) as RadialUnit[];
/**
 * The names of the azimuthal units.
 *
 * @example
 * ```ts
 * AZIMUTHAL_UNITS; // ['chi_deg', 'chi_rad']
 * ```
 */
export const AZIMUTHAL_UNITS: readonly AzimuthalUnit[] = Object.keys(AZIMUTHAL) as AzimuthalUnit[];

function lookup<K extends string>(table: Readonly<Record<K, UnitInfo>>, name: unknown, argument: string): UnitInfo {
  if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(table, name)) return table[name as K];
  throw new ArgumentError(`${argument} must be one of ${Object.keys(table).join(', ')}; got ${show(name)}`);
}

/**
 * The radial unit of that name; throws `ArgumentError` listing the valid names otherwise.
 *
 * @example
 * ```ts
 * radialUnit('q_A^-1'); // { name: 'q_A^-1', space: 'q', scale: 0.1, ... }
 * ```
 */
export function radialUnit(name: unknown, argument = 'unit'): UnitInfo {
  return lookup(RADIAL, name, argument);
}

/**
 * The azimuthal unit of that name; throws `ArgumentError` listing the valid names otherwise.
 *
 * @example
 * ```ts
 * azimuthalUnit('chi_deg').scale; // 57.29577951308232
 * ```
 */
export function azimuthalUnit(name: unknown, argument = 'unitAzimuthal'): UnitInfo {
  return lookup(AZIMUTHAL, name, argument);
}
