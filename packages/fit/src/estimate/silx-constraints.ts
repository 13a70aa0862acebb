import type { Constraint } from '../leastsq/constraints.js';

/** silx's constraint codes, as its estimators write them. */
export const CFREE = 0;
export const CPOSITIVE = 1;
export const CQUOTED = 2;
const CFIXED = 3;
export const CFACTOR = 4;
const CDELTA = 5;
const CSUM = 6;
const CIGNORED = 7;

/** One constraint as silx's estimators write it: [code, cons1, cons2] (ties: cons1 a parameter index). */
export type SilxConstraint = [code: number, cons1: number, cons2: number];

/**
 * `count` free constraints.
 *
 * @example
 * ```ts
 * freeConstraints(2); // [[0, 0, 0], [0, 0, 0]]
 * ```
 */
export function freeConstraints(count: number): SilxConstraint[] {
  return Array.from({ length: count }, (): SilxConstraint => [CFREE, 0, 0]);
}

/**
 * A silx [code, cons1, cons2] as a {@link Constraint}: ties name the parameter at index cons1 of
 * `names` (offset by `first`, where the function's parameters start); a quoted range of zero
 * width (which silx leaves at its start value) becomes fixed.
 *
 * @example
 * ```ts
 * toConstraint([4, 2, 1], ['Height1', 'Position1', 'FWHM1', 'Height2', 'Position2', 'FWHM2'], 0); // factor of FWHM1
 * ```
 */
export function toConstraint(c: SilxConstraint, names: readonly string[], first: number): Constraint {
  const [code, a, b] = c;
  switch (code) {
    case CPOSITIVE:
      return { code: 'positive' };
    case CQUOTED:
      return a === b ? { code: 'fixed' } : { code: 'quoted', min: Math.min(a, b), max: Math.max(a, b) };
    case CFIXED:
      return { code: 'fixed' };
    case CFACTOR:
      return { code: 'factor', ref: names[first + a], factor: b };
    case CDELTA:
      return { code: 'delta', ref: names[first + a], delta: b };
    case CSUM:
      return { code: 'sum', ref: names[first + a], sum: b };
    case CIGNORED:
      return { code: 'ignored' };
    default:
      return { code: 'free' };
  }
}
