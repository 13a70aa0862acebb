/**
 * Checksums that compare a pandaas result with numpy's across processes: the plain sum, a sum
 * weighted by `(i % 13) - 6` (catches misplaced elements) and the sum of magnitudes (the scale that
 * tolerances are relative to). `reference.py` computes the same three numbers.
 *
 * @example
 * ```ts
 * const c = checksum(new Float32Array([1, 2, 3])); // { sum: 6, weighted: -28, magnitude: 6 }
 * agrees([c], [c], 1e-6); // true
 * ```
 * @module
 */

/** The three checksums of one output array. */
export interface Checksum {
  sum: number;
  weighted: number;
  magnitude: number;
}

/** The checksums of `values`, accumulated in float64. @example `checksum([1, -1]) // { sum: 0, weighted: -1, magnitude: 2 }` */
export function checksum(values: ArrayLike<number>): Checksum {
  let sum = 0;
  let weighted = 0;
  let magnitude = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    sum += v;
    weighted += v * ((i % 13) - 6);
    magnitude += Math.abs(v);
  }
  return { sum, weighted, magnitude };
}

/**
 * Whether two lists of checksums (one per output array) agree within `rtol` of the magnitude:
 * `|Δsum| <= rtol * magnitude` and `|Δweighted| <= 6 * rtol * magnitude`.
 * @example `agrees([checksum(ours)], referenceChecksums, 1e-5)`
 */
export function agrees(ours: readonly Checksum[], theirs: readonly Checksum[], rtol: number): boolean {
  if (ours.length !== theirs.length) return false;
  return ours.every((a, k) => {
    const b = theirs[k];
    const scale = Math.max(a.magnitude, b.magnitude, Number.MIN_VALUE);
    return Math.abs(a.sum - b.sum) <= rtol * scale && Math.abs(a.weighted - b.weighted) <= 6 * rtol * scale;
  });
}
