/**
 * Deviation measures between a pandaas result and a pyFAI reference: per-bin relative deviation,
 * pyFAI's Rwp (utils/mathutil.py `rwp`) and the mean relative difference of pyFAI's 2D tests.
 *
 * @example
 * ```ts
 * const d = maxRelative(result.intensity, reference, (i) => count[i] >= 100);
 * expect(d.max).toBeLessThanOrEqual(1e-4);
 * ```
 * @module
 */

/** The largest deviation and the bin where it is. */
export interface Deviation {
  max: number;
  /** Bin index of the largest deviation (-1 when no bin was compared). */
  at: number;
  /** Bins compared. */
  compared: number;
}

type Values = ArrayLike<number>;

/**
 * Largest |obtained - reference| / |reference| over the selected bins (a zero reference counts
 * the absolute difference). NaN anywhere in a compared pair is an infinite deviation unless both
 * are NaN. @example `maxRelative([1, 2], [1, 2.002]).max // ~1e-3`
 */
export function maxRelative(obtained: Values, reference: Values, select: (i: number) => boolean = () => true): Deviation {
  if (obtained.length !== reference.length) throw new Error(`lengths differ: ${obtained.length} obtained, ${reference.length} in the reference`);
  let max = 0;
  let at = -1;
  let compared = 0;
  for (let i = 0; i < reference.length; i++) {
    if (!select(i)) continue;
    compared++;
    const o = obtained[i];
    const r = reference[i];
    let d: number;
    if (Number.isNaN(o) || Number.isNaN(r)) d = Number.isNaN(o) && Number.isNaN(r) ? 0 : Infinity;
    else d = r === 0 ? Math.abs(o) : Math.abs(o - r) / Math.abs(r);
    if (d > max || at < 0) {
      max = Math.max(max, d);
      at = i;
    }
  }
  return { max, at, compared };
}

/**
 * pyFAI's Rwp, sqrt(sum((obt - ref)^2 / ((obt + ref) / 2)^2)) over the bins whose mean is above
 * 1e-10 in magnitude, evaluated on the common bin centres. pyFAI's `mathutil.rwp` first
 * interpolates both curves onto the union of their abscissae (0 outside each curve); when the two
 * grids agree (checked separately, to 1e-6 relative) that union only duplicates points, except at
 * the ends, where a rounding difference of the positions puts a spurious 4 into the sum. This
 * leaves that artefact out. @example `rwp([1, 2], [1, 2]) // 0`
 */
export function rwp(obtained: Values, reference: Values): number {
  if (obtained.length !== reference.length) throw new Error(`lengths differ: ${obtained.length} obtained, ${reference.length} in the reference`);
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const mean = (obtained[i] + reference[i]) / 2;
    if (!(Math.abs(mean) > 1e-10)) continue;
    const delta = reference[i] - obtained[i];
    sum += (delta * delta) / (mean * mean);
  }
  return Math.sqrt(sum);
}

/**
 * The 2D metric of pyFAI's TestIntegrate2D, in percent: mean of |obt - ref| / max(1, ref) over
 * the bins where the reference is non-zero. pyFAI accepts up to 30 between its methods.
 * @example `meanRelativePercent([1, 2], [1, 2.02]) // ~0.5`
 */
export function meanRelativePercent(obtained: Values, reference: Values): number {
  if (obtained.length !== reference.length) throw new Error(`lengths differ: ${obtained.length} obtained, ${reference.length} in the reference`);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i];
    if (r === 0) continue;
    sum += Math.abs(obtained[i] - r) / Math.max(1, r);
    n++;
  }
  return n === 0 ? 0 : (100 * sum) / n;
}

/**
 * Largest |obtained - reference| relative to the largest |reference| of the axis: bin positions,
 * where a value near zero (chi, a range from 0) must not make the relative measure blow up.
 * @example `axisDeviation([-175, 0.001, 175], [-175, 0, 175]) // ~5.7e-6`
 */
export function axisDeviation(obtained: Values, reference: Values): number {
  if (obtained.length !== reference.length) throw new Error(`lengths differ: ${obtained.length} obtained, ${reference.length} in the reference`);
  let scale = 0;
  for (let i = 0; i < reference.length; i++) scale = Math.max(scale, Math.abs(reference[i]));
  let max = 0;
  for (let i = 0; i < reference.length; i++) max = Math.max(max, Math.abs(obtained[i] - reference[i]) / scale);
  return max;
}

/**
 * Largest per-bin deviation from the closest of several references (pyFAI's histogram and CSR
 * engines of one splitting, which 0.21 does not always make agree), each relative to
 * max(|reference|, floor · the largest |reference| of the field): a sum that cancels to nearly
 * zero (dark subtraction, full splitting's rounding-negative areas) has no relative precision,
 * so it is measured against that fraction of the field's scale instead.
 * @example `closestRelative([1, 0.001], [[1, 0.0011]], () => true, 1e-3).max // 1e-4`
 */
export function closestRelative(obtained: Values, references: readonly Values[], select: (i: number) => boolean, floor: number): Deviation {
  const scales = references.map((ref) => {
    let s = 0;
    for (let i = 0; i < ref.length; i++) if (select(i) && Number.isFinite(ref[i])) s = Math.max(s, Math.abs(ref[i]));
    return s * floor;
  });
  let max = 0;
  let at = -1;
  let compared = 0;
  for (let i = 0; i < obtained.length; i++) {
    if (!select(i)) continue;
    compared++;
    let best = Infinity;
    references.forEach((ref, k) => {
      const o = obtained[i];
      const r = ref[i];
      const d = Number.isNaN(o) || Number.isNaN(r) ? (Number.isNaN(o) && Number.isNaN(r) ? 0 : Infinity) : Math.abs(o - r) / Math.max(Math.abs(r), scales[k]);
      best = Math.min(best, d);
    });
    if (best > max || at < 0) {
      max = Math.max(max, best);
      at = i;
    }
  }
  return { max, at, compared };
}
