/**
 * The tolerances of the validation against pyFAI 0.21: the issue's bounds, and tighter ones set
 * just above the deviations measured when pandaas landed (each with the figure it was set from).
 *
 * @example
 * ```ts
 * expect(m.radial).toBeLessThanOrEqual(ISSUE.positions);
 * ```
 * @module
 */
import type { Split } from '../splitting/types.js';

/** The issue's bounds (issue 4, "Validation against pyFAI"). */
export const ISSUE = Object.freeze({
  /** Radial (and azimuthal) bin positions, relative. */
  positions: 1e-6,
  /** `no` splitting: intensity and sigma, relative, on bins with >= 100 contributing pixels. */
  noSplitDense: 1e-4,
  /** `bbox`/`full` 1D: pyFAI's cross-method Rwp bound (test_integrate.py, TestIntegrate1D.Rmax). */
  rwp1d: 3,
  /** `bbox`/`full` 2D: pyFAI's cross-method mean relative difference, percent (TestIntegrate2D.Rmax). */
  meanRelativePercent2d: 30,
});

/**
 * Tighter per-bin bounds for the synthetic frame: every field (intensity, sigma, the sums, count)
 * on every bin pyFAI found non-empty, from the closer of pyFAI's two engines of that splitting,
 * relative to at least 1e-3 of the field's largest value (measure.ts). Set just above the largest
 * deviation measured over all cases, methods and backends (CPU and WebGPU on llvmpipe; in the
 * comments).
 */
export const TIGHT_FILLED: Readonly<Record<Split, number>> = Object.freeze({
  /** measured 1.0e-7 (the fixture's float32 rounding is 6e-8) */
  no: 2e-7,
  /** measured 1.3e-5 (pyFAI keeps bbox fractions in float32) */
  bbox: 2e-5,
  /** measured 2.9e-5 (pyFAI keeps polygon areas in float32) */
  full: 4e-5,
});

/**
 * Tighter bounds for the real DLS Pixium image: every field, relative, on the bins with >= 100
 * pixels, per splitting (measured over CPU and WebGPU on llvmpipe in the comments); and against
 * LightForm's files.
 */
export const TIGHT_PIXIUM = Object.freeze({
  /** measured 9.3e-8 */
  no: 2e-7,
  /** measured 5.9e-8 */
  bbox: 2e-7,
  /** measured 1.7e-5 (sum_signal; intensity 8.5e-6) */
  full: 2e-5,
  /** integrated.dat, intensity on bins with >= 100 pixels: measured 2.3e-5 (pyFAI 0.21 itself: 2.7e-5). */
  lightformDat: 3e-5,
  /** integrated.edf, pyFAI's 2D metric in percent: measured 3.83 (pyFAI 0.21's integrate2d_ng: 3.83). */
  lightformEdfPercent: 4,
});

/** Dioptas' CeO2_Pilatus1M.xy: intensity, relative, every bin: measured 8.6e-8 (pyFAI 0.21 bbox: 4.8e-10). */
export const TIGHT_DIOPTAS = 2e-7;
