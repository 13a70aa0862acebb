/** Metres per unit of length, by the spellings NeXus files use. */
const LENGTH: Readonly<Record<string, number>> = {
  m: 1,
  meter: 1,
  meters: 1,
  metre: 1,
  metres: 1,
  cm: 1e-2,
  mm: 1e-3,
  millimeter: 1e-3,
  millimetre: 1e-3,
  um: 1e-6,
  'µm': 1e-6,
  'μm': 1e-6,
  micron: 1e-6,
  microns: 1e-6,
  micrometer: 1e-6,
  micrometre: 1e-6,
  nm: 1e-9,
  nanometer: 1e-9,
  nanometre: 1e-9,
  angstrom: 1e-10,
  angstroms: 1e-10,
  'å': 1e-10,
  'Å': 1e-10,
  a: 1e-10,
  ang: 1e-10,
  pm: 1e-12,
};

/** keV per unit of energy; case matters (meV and MeV), so these are matched exactly first. */
const ENERGY: Readonly<Record<string, number>> = {
  eV: 1e-3,
  keV: 1,
  MeV: 1e3,
  GeV: 1e6,
  meV: 1e-6,
  J: 1 / 1.602176634e-16,
};

/** Degrees per unit of angle. */
const ANGLE: Readonly<Record<string, number>> = {
  deg: 1,
  degree: 1,
  degrees: 1,
  '°': 1,
  rad: 180 / Math.PI,
  radian: 180 / Math.PI,
  radians: 180 / Math.PI,
  mrad: 0.18 / Math.PI,
};

function lookup(table: Readonly<Record<string, number>>, units: string, caseMatters: boolean): number | undefined {
  const u = units.trim();
  if (Object.hasOwn(table, u)) return table[u];
  if (caseMatters) return undefined;
  const lower = u.toLowerCase();
  return Object.hasOwn(table, lower) ? table[lower] : undefined;
}

/**
 * A length in metres, or undefined for units that are not a length.
 *
 * @example
 * ```ts
 * toMetres(172, 'um'); // 0.000172
 * ```
 */
export function toMetres(value: number, units: string): number | undefined {
  const f = lookup(LENGTH, units, false);
  return f === undefined ? undefined : value * f;
}

/**
 * An energy in keV, or undefined for units that are not an energy (`meV` and `MeV` differ).
 *
 * @example
 * ```ts
 * toKeV(8048, 'eV'); // 8.048
 * ```
 */
export function toKeV(value: number, units: string): number | undefined {
  const exact = lookup(ENERGY, units, true);
  if (exact !== undefined) return value * exact;
  const lower = units.trim().toLowerCase();
  const f = lower === 'ev' ? 1e-3 : lower === 'kev' ? 1 : lower === 'joule' ? ENERGY.J : undefined;
  return f === undefined ? undefined : value * f;
}

/**
 * An angle in degrees, or undefined for units that are not an angle.
 *
 * @example
 * ```ts
 * toDegrees(Math.PI, 'rad'); // 180
 * ```
 */
export function toDegrees(value: number, units: string): number | undefined {
  const f = lookup(ANGLE, units, false);
  return f === undefined ? undefined : value * f;
}

/** Planck constant (J s), electron volt (J), neutron mass (kg), speed of light (m/s): CODATA 2018. */
const H = 6.62607015e-34;
const EV = 1.602176634e-19;
const NEUTRON_MASS = 1.67492749804e-27;
const C = 299792458;

/**
 * The wavelength (m) of a photon of energy `keV`, or of a neutron when `probe` is `'neutron'`.
 *
 * @example
 * ```ts
 * wavelengthFromEnergy(12.398419843320026); // 1e-10 (1 Å)
 * ```
 */
export function wavelengthFromEnergy(keV: number, probe: 'x-ray' | 'neutron' = 'x-ray'): number {
  const joules = keV * 1e3 * EV;
  return probe === 'neutron' ? H / Math.sqrt(2 * NEUTRON_MASS * joules) : (H * C) / joules;
}

/**
 * The energy (keV) of a photon of wavelength `metres`, or of a neutron when `probe` is `'neutron'`.
 *
 * @example
 * ```ts
 * energyFromWavelength(1e-10); // 12.398419843320026
 * ```
 */
export function energyFromWavelength(metres: number, probe: 'x-ray' | 'neutron' = 'x-ray'): number {
  const joules = probe === 'neutron' ? (H * H) / (2 * NEUTRON_MASS * metres * metres) : (H * C) / metres;
  return joules / EV / 1e3;
}
