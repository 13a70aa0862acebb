/**
 * Measures how far a pandaas integration result is from pyFAI's, field by field: bin positions,
 * then intensity, sigma and the accumulators pyFAI 0.21 exposes (sum_signal, sum_normalization,
 * sum_variance, count), over the "dense" bins (pyFAI's count >= 100 contributing pixels) and over
 * every non-empty bin, plus pyFAI's Rwp and 2D mean relative difference of the intensity.
 *
 * @example
 * ```ts
 * const m = measureAgainst(result, reference);
 * expect(m.radial).toBeLessThanOrEqual(1e-6);
 * expect(m.dense.intensity.max).toBeLessThanOrEqual(1e-4);
 * ```
 * @module
 */
import { axisDeviation, closestRelative, maxRelative, meanRelativePercent, rwp, type Deviation } from './compare.js';

/** The per-bin fields compared. */
export const FIELDS = ['intensity', 'sigma', 'sumSignal', 'sumNormalization', 'sumVariance', 'count'] as const;
/** A per-bin field compared. */
export type Field = (typeof FIELDS)[number];

/** A pyFAI reference, as float64 arrays (absent fields: pyFAI did not give them). */
export interface Reference {
  radial: Float64Array;
  azimuthal?: Float64Array;
  intensity: Float64Array;
  sigma?: Float64Array;
  sumSignal: Float64Array;
  sumNormalization: Float64Array;
  sumVariance?: Float64Array;
  count: Float64Array;
}

/** The parts of a pandaas result that are compared. */
export interface Obtained {
  radial: ArrayLike<number>;
  azimuthal?: ArrayLike<number>;
  intensity: ArrayLike<number>;
  sigma: ArrayLike<number> | null;
  sumSignal: ArrayLike<number>;
  sumNormalization: ArrayLike<number>;
  sumVariance: ArrayLike<number>;
  count: ArrayLike<number>;
}

/** Bins with at least this many contributing pixels (pyFAI's count) are "dense". */
const DENSE_COUNT = 100;
/** Per-bin deviations on filled bins are relative to at least this fraction of the field's largest value. */
const FILLED_FLOOR = 1e-3;

/** The measured deviations of one result. */
export interface Measured {
  /** Largest relative deviation of the radial bin centres. */
  radial: number;
  /** Largest deviation of the azimuthal bin centres, relative to the axis' largest |value| (2D). */
  azimuthal?: number;
  /** Per field, over the bins with pyFAI count >= 100 (fields pyFAI gave). */
  dense: Partial<Record<Field, Deviation>>;
  /**
   * Per field, over every bin pyFAI found non-empty: from the closer of pyFAI's results with this
   * splitting (the same algorithm, and the other one when given), relative to at least
   * {@link FILLED_FLOOR} of the field's largest value.
   */
  filled: Partial<Record<Field, Deviation>>;
  /** Bins empty in pandaas' result and not in pyFAI's, or the reverse (with both pyFAI engines, when given). */
  emptinessMismatches: number;
  /** pyFAI's Rwp of the intensity (on the common bin centres). */
  rwp: number;
  /** pyFAI's 2D metric (percent) of the intensity. */
  meanRelativePercent: number;
  /** Bins in the result. */
  bins: number;
  /** Dense bins. */
  denseBins: number;
}

function pick(o: Obtained, field: Field): ArrayLike<number> | null {
  return field === 'sigma' ? o.sigma : o[field];
}

/**
 * Measures `obtained` against `reference` (pyFAI's same method); `other`, pyFAI's other algorithm
 * with the same splitting, also counts for the per-bin "filled" deviations. `exclude` leaves bins
 * out of the per-bin measures (dense, filled, emptiness): bins that hold pixels pyFAI counts and
 * pandaas does not (lower-edge.ts), checked on their own. @example see the module
 */
export function measureAgainst(obtained: Obtained, reference: Reference, other?: Reference, exclude: (i: number) => boolean = () => false): Measured {
  const count = reference.count;
  const dense = (i: number): boolean => count[i] >= DENSE_COUNT && !exclude(i);
  const filled = (i: number): boolean => count[i] > 0 && !exclude(i);
  const out: Measured = {
    radial: maxRelative(obtained.radial, reference.radial).max,
    dense: {},
    filled: {},
    emptinessMismatches: 0,
    rwp: rwp(obtained.intensity, reference.intensity),
    meanRelativePercent: meanRelativePercent(obtained.intensity, reference.intensity),
    bins: count.length,
    denseBins: 0,
  };
  if (reference.azimuthal !== undefined) {
    if (obtained.azimuthal === undefined) throw new Error('the result has no azimuthal axis');
    out.azimuthal = axisDeviation(obtained.azimuthal, reference.azimuthal);
  }
  for (let i = 0; i < count.length; i++) {
    if (dense(i)) out.denseBins++;
    if (exclude(i)) continue;
    const full = obtained.count[i] > 0;
    if (full !== count[i] > 0 && (other === undefined || full !== other.count[i] > 0)) out.emptinessMismatches++;
  }
  for (const field of FIELDS) {
    const ref = reference[field];
    if (ref === undefined) continue;
    const got = pick(obtained, field);
    if (got === null) throw new Error(`the result has no ${field}, pyFAI has`);
    out.dense[field] = maxRelative(got, ref, dense);
    const alt = other?.[field];
    out.filled[field] = closestRelative(got, alt === undefined ? [ref] : [ref, alt], filled, FILLED_FLOOR);
  }
  return out;
}
