/**
 * Where a splitting pass puts its contributions (internal): each splitting mode is written once,
 * as a loop that hands every (row, pixel, weight) to a `put(target, row, pixel, weight)` function
 * it is given. Here the loops run with {@link put} and a {@link Target}, as the counting pass of a
 * CSR build (entries per row), its filling pass (indices and weights into preallocated arrays) or
 * a visit (a caller's callback); the histogram engine runs them on the core pool with its own
 * scatter. `put` is small and its target of one class, so the compiler inlines it: the CSR passes
 * make no call per contribution.
 *
 * @example
 * ```ts
 * const counting = Target.counting(bins.count);
 * run1d(px, 'bbox', bins, undefined, counting); // counting.counts[row + 1] = entries of row
 * ```
 * @module
 */
import type { Emit } from './types.js';

/**
 * What the splitting loops call for each contribution: `weight` of `pixel` goes to `row` of
 * `target`.
 *
 * @example
 * ```ts
 * const p: Put<Target> = put;
 * ```
 */
export type Put<T> = (target: T, row: number, pixel: number, weight: number) => void;

/** A pass's destination: counts, CSR arrays, or a callback (exactly one is in use). */
export class Target {
  private constructor(
    /** Counting: entries of row r at r + 1 (length rows + 1). */
    readonly counts: Int32Array | null,
    /** Filling: the next free slot of each row. */
    readonly next: Int32Array | null,
    /** Filling: the pixel of each entry. */
    readonly indices: Int32Array | null,
    /** Filling: the weight of each entry (rounded to float32). */
    readonly weights: Float32Array | null,
    /** Visiting: the caller's callback. */
    readonly emit: Emit | null,
  ) {}

  /**
   * A counting pass over `rows` rows. A splitting may count more entries than it fills (1D full
   * splitting counts every strip a pixel reaches without computing the areas, a few of which come
   * out 0): the CSR builder closes the gaps. @example `Target.counting(1000).counts`
   */
  static counting(rows: number): Target {
    return new Target(new Int32Array(rows + 1), null, null, null, null);
  }

  /** A filling pass into `indices`/`weights`, row r starting at `indptr[r]`. @example `Target.filling(indptr, indices, weights)` */
  static filling(indptr: Int32Array, indices: Int32Array, weights: Float32Array): Target {
    return new Target(null, indptr.slice(0, indptr.length - 1), indices, weights, null);
  }

  /** A visit calling `emit` for each contribution. @example `Target.calling((row, pixel, w) => {})` */
  static calling(emit: Emit): Target {
    return new Target(null, null, null, null, emit);
  }
}

/** Hands one contribution to the target. @example `put(target, row, pixel, 0.5)` */
export function put(t: Target, row: number, pixel: number, weight: number): void {
  if (t.counts !== null) {
    t.counts[row + 1]++;
  } else if (t.indices !== null) {
    const k = t.next![row]++;
    t.indices[k] = pixel;
    t.weights![k] = weight;
  } else {
    t.emit!(row, pixel, weight);
  }
}
