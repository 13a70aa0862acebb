/**
 * The issue's acceptance checks of one result against pyFAI, shared by the validation suites:
 * positions to 1e-6; with `no` splitting intensity and sigma to 1e-4 on dense bins; with `bbox`
 * and `full`, pyFAI's cross-method Rwp (1D) or mean relative difference (2D).
 *
 * @example
 * ```ts
 * expectWithinIssue(measureAgainst(result, reference), 'bbox', 1);
 * ```
 * @module
 */
import { expect } from 'vitest';
import type { Split } from '../splitting/types.js';
import type { Measured } from './measure.js';
import { ISSUE } from './tolerances.js';

/** Asserts the issue's bounds on the measured deviations of a `dim`-D result with splitting `split`. */
export function expectWithinIssue(m: Measured, split: Split, dim: 1 | 2): void {
  expect(m.radial, 'radial positions').toBeLessThanOrEqual(ISSUE.positions);
  if (m.azimuthal !== undefined) expect(m.azimuthal, 'azimuthal positions').toBeLessThanOrEqual(ISSUE.positions);
  if (split === 'no') {
    expect(m.dense.intensity?.max, 'intensity on dense bins').toBeLessThanOrEqual(ISSUE.noSplitDense);
    if (m.dense.sigma) expect(m.dense.sigma.max, 'sigma on dense bins').toBeLessThanOrEqual(ISSUE.noSplitDense);
  } else if (dim === 1) {
    expect(m.rwp, 'Rwp').toBeLessThanOrEqual(ISSUE.rwp1d);
  } else {
    expect(m.meanRelativePercent, '2D mean relative difference (%)').toBeLessThanOrEqual(ISSUE.meanRelativePercent2d);
  }
}
