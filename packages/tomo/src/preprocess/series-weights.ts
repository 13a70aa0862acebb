/**
 * Which two reference series (flats or darks) a projection's reference image interpolates
 * between, and with what weight (internal): nabu's rule, by acquisition frame index.
 *
 * @example
 * ```ts
 * seriesWeights([0, 100], [50], 'linear'); // { lo: [0], hi: [1], w: [0.5] }
 * ```
 * @module
 */

/** How the reference image of a projection is taken from series before and after it. */
export type SeriesInterpolation = 'linear' | 'nearest';

/** Per projection `j`: reference = `(1 − w[j])·series[lo[j]] + w[j]·series[hi[j]]`. */
export interface SeriesWeights {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly w: Float64Array;
}

/**
 * For each projection index, the series taken at `at` (sorted ascending, distinct) on either
 * side and the linear weight between them; before the first series its image alone, after the
 * last the last's. `nearest` takes the closer series (the earlier on a tie).
 *
 * @example
 * ```ts
 * seriesWeights([0, 100], [-5, 25, 200], 'linear'); // lo [0,0,1], hi [0,1,1], w [0,0.25,0]
 * ```
 */
export function seriesWeights(at: readonly number[], indices: ArrayLike<number>, mode: SeriesInterpolation): SeriesWeights {
  const n = indices.length;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const w = new Float64Array(n);
  const last = at.length - 1;
  for (let j = 0; j < n; j++) {
    const i = indices[j];
    let k = 0;
    while (k < last && at[k + 1] <= i) k++;
    if (i <= at[0] || k === last) {
      lo[j] = hi[j] = i <= at[0] ? 0 : last;
      continue;
    }
    const t = (i - at[k]) / (at[k + 1] - at[k]);
    if (mode === 'nearest') {
      lo[j] = hi[j] = t <= 0.5 ? k : k + 1;
    } else {
      lo[j] = k;
      hi[j] = k + 1;
      w[j] = t;
    }
  }
  return { lo, hi, w };
}
