/**
 * Step 4 of the demo: each fitted peak set beside the calibrant ring nearest to it, in 2θ and in
 * d-spacing (Bragg's law, λ = 2d sin θ).
 *
 * @module
 */
import { calibrant, type Calibrant } from '@pandaas/integrate';
import type { FittedValue } from './fit-peaks.js';

/** A calibrant ring in degrees 2θ. */
export interface Ring {
  /** Miller indices of the hkl families of the ring, e.g. `'100'` or `'300/221'`. */
  readonly hkl: string;
  readonly multiplicity: number;
  /** d-spacing, Å. */
  readonly d: number;
  /** 2θ at the scan's wavelength, degrees. */
  readonly twoTheta: number;
}

/** A fitted peak beside its ring. */
export interface PeakMatch {
  readonly ring: Ring;
  /** Fitted 2θ and its standard deviation, degrees. */
  readonly twoTheta: FittedValue;
  /** Fitted minus expected 2θ, degrees. */
  readonly deltaTwoTheta: number;
  /** d-spacing from the fitted 2θ and its standard deviation, Å. */
  readonly d: FittedValue;
  /** (d fitted - d expected) / d expected. */
  readonly relativeDeltaD: number;
}

const DEG = Math.PI / 180;

/**
 * The rings of a calibrant that the wavelength reaches, in 2θ degrees (increasing).
 *
 * @param wavelength - metres.
 * @example
 * ```ts
 * calibrantRings(calibrant('LaB6'), 0.885601e-10)[0]; // { hkl: '100', multiplicity: 6, d: 4.156826, twoTheta: 12.2299 }
 * ```
 */
export function calibrantRings(material: Calibrant, wavelength: number): Ring[] {
  const dMin = wavelength * 5e9; // λ/2 in Å: every ring the wavelength reaches
  const reflections = material.reflections(dMin);
  const angles = material.twoTheta(wavelength, dMin);
  return Array.from(angles, (angle, i) => ({
    hkl: reflections[i]!.hkl.map((family) => family.join('')).join('/'),
    multiplicity: reflections[i]!.multiplicity,
    d: reflections[i]!.d,
    twoTheta: angle / DEG,
  }));
}

/**
 * d-spacing (Å) of a 2θ (degrees) at a wavelength (metres), with its standard deviation from
 * that of 2θ: σd = d·cot θ·σθ.
 *
 * @example
 * ```ts
 * dSpacing({ value: 12.2299, sigma: 0.0001 }, 0.885601e-10).value; // 4.1568
 * ```
 */
export function dSpacing(twoTheta: FittedValue, wavelength: number): FittedValue {
  const theta = (twoTheta.value * DEG) / 2;
  const d = (wavelength * 1e10) / (2 * Math.sin(theta));
  return { value: d, sigma: (d * (twoTheta.sigma * DEG)) / 2 / Math.tan(theta) };
}

/**
 * Matches a fitted 2θ (degrees) to the nearest ring.
 *
 * @example
 * ```ts
 * const rings = calibrantRings(calibrant('LaB6'), wavelength);
 * matchRing({ value: 27.5581, sigma: 6e-5 }, rings, wavelength).ring.hkl; // '210'
 * ```
 */
export function matchRing(twoTheta: FittedValue, rings: readonly Ring[], wavelength: number): PeakMatch {
  let ring = rings[0]!;
  for (const candidate of rings) if (Math.abs(candidate.twoTheta - twoTheta.value) < Math.abs(ring.twoTheta - twoTheta.value)) ring = candidate;
  const d = dSpacing(twoTheta, wavelength);
  return { ring, twoTheta, deltaTwoTheta: twoTheta.value - ring.twoTheta, d, relativeDeltaD: (d.value - ring.d) / ring.d };
}

/**
 * The calibrant the demo compares with: pyFAI's LaB6 (NIST SRM 660c), from `@pandaas/integrate`.
 *
 * @example
 * ```ts
 * demoCalibrant().reference; // 'NIST SRM 660c'
 * ```
 */
export function demoCalibrant(): Calibrant {
  return calibrant('LaB6');
}
