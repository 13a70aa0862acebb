/**
 * `medfilt1d`: the median (or a trimmed mean) of the pixels of each radial bin, pyFAI's
 * `medfilt1d_ng`.
 * @module
 */
import { ArgumentError, show, type NdArray } from '@pandaas/core';
import type { AzimuthalIntegrator } from '../integrator/azimuthal-integrator.js';
import type { Integrate1dResult } from '../integrator/results.js';
import { filterInputs, integrationOptions, type FilterCommonOptions } from './filter-plan.js';
import { quantileCsr } from './quantile-csr.js';

/**
 * Options of {@link medfilt1d}: those of `integrate1d` (npt defaults to 1024) and the quantile's.
 *
 * @example
 * ```ts
 * const options: Medfilt1dOptions = { npt: 500, percentile: [10, 90], method: 'bbox' };
 * await medfilt1d(ai, frame, options);
 * ```
 */
export interface Medfilt1dOptions extends FilterCommonOptions {
  /** The percentile, 0 to 100 (default 50: the median), or a pair [lo, hi] for the mean of the pixels between them (a trimmed mean). */
  percentile?: number | readonly [number, number];
}

function quantiles(percentile: unknown): [number, number] {
  const inRange = (p: unknown): p is number => typeof p === 'number' && p >= 0 && p <= 100;
  if (inRange(percentile)) return [percentile / 100, percentile / 100];
  if (Array.isArray(percentile) && percentile.length === 2 && inRange(percentile[0]) && inRange(percentile[1]) && percentile[0] <= percentile[1]) {
    return [percentile[0] / 100, percentile[1] / 100];
  }
  throw new ArgumentError(`options.percentile must be a number in [0, 100] or a pair [lo, hi] with 0 <= lo <= hi <= 100; got ${show(percentile)}`);
}

/**
 * A 1D profile that is, in each radial bin, a weighted quantile of the bin's pixels rather than
 * their mean: the median by default, robust against Bragg spots and zingers, or with a pair of
 * percentiles the mean of the pixels between them. As pyFAI's `medfilt1d_ng` (pyFAI 2023 and
 * later): the valid pixels of a bin are sorted by their corrected value (signal / norm); each
 * covers its weight c.norm of the cumulated total W; those whose share lies within
 * [lo.W, hi.W] are kept (for a single percentile, the one that covers it, or the two that meet at
 * it), and the result sums over them, `count` being the number of pixels kept. Works with pixel
 * splitting; the default method is `full` splitting, as pyFAI's.
 *
 * pyFAI 0.21 has no `medfilt1d_ng`: its `medfilt1d` integrates in 2D (`npt_azim` azimuthal
 * bins), then takes the percentile of the azimuthal bins' mean intensities, which differs
 * (medians of means over azimuthal sectors, each sector weighing the same whatever its number
 * of pixels).
 *
 * @example
 * ```ts
 * import { medfilt1d } from '@pandaas/integrate';
 * const median = await medfilt1d(ai, frame, { npt: 1000, unit: 'q_nm^-1' });
 * const trimmed = await medfilt1d(ai, frame, { npt: 1000, percentile: [10, 90], errorModel: 'poisson' });
 * ```
 */
export async function medfilt1d(integrator: AzimuthalIntegrator, frame: NdArray, options: Medfilt1dOptions = {}): Promise<Integrate1dResult> {
  const o = integrationOptions(options, ['percentile'], 'full');
  const [lo, hi] = quantiles(options.percentile ?? 50);
  const inputs = await filterInputs(integrator, frame, o);
  return inputs.result(quantileCsr(inputs.csr, inputs.corrections, inputs.raw, lo, hi));
}
