import type { TypedArray } from '@pandaas/core';

/** Summary statistics of an array's values (NaN left out of min, max, mean and sum). */
export interface ValueStats {
  /** Number of values, NaN included. */
  readonly count: number;
  /** Number of NaN values (always 0 for integers). */
  readonly nanCount: number;
  /** Smallest value that is not NaN (undefined when there is none). */
  readonly min: number | undefined;
  /** Largest value that is not NaN. */
  readonly max: number | undefined;
  /** Sum of the values that are not NaN; for integers exact, as a bigint. */
  readonly sum: number | bigint;
  /** `sum / (count - nanCount)` in float64 (NaN when every value is NaN or there is none). */
  readonly mean: number;
  /** Whether `sum` is exact (integer data) rather than a float64 accumulation. */
  readonly exact: boolean;
}

/** Magnitude below which every integer is a float64 exactly. */
const EXACT = 2 ** 53;

/**
 * Accumulates min, max, sum, mean and NaN count over chunks of values, so that a dataset of any
 * size streams through one chunk at a time. Integer data (`integer: true`, values that are whole
 * numbers below 2^53, as io-nexus gives them) are summed exactly: in a float64 while it stays
 * below 2^53, carried into a bigint before it would round. Floats are summed in float64 with
 * Neumaier's compensation.
 *
 * @example
 * ```ts
 * const acc = new StatsAccumulator({ integer: true });
 * acc.add(new Uint32Array([4294967295, 4294967295, 1]));
 * acc.result().sum; // 8589934591n
 * ```
 */
export class StatsAccumulator {
  readonly #integer: boolean;
  #count = 0;
  #nan = 0;
  #min = Infinity;
  #max = -Infinity;
  #seen = false;
  /** Float sum and its compensation, or the integer sum's part below 2^53. */
  #sum = 0;
  #compensation = 0;
  /** The integer sum's carried part. */
  #carry = 0n;

  constructor(options: { readonly integer: boolean }) {
    this.#integer = options.integer;
  }

  /** Adds a chunk of values (not kept). */
  add(values: TypedArray | ArrayLike<number>): void {
    const n = values.length;
    this.#count += n;
    let min = this.#min;
    let max = this.#max;
    let seen = this.#seen;
    if (this.#integer) {
      let sum = this.#sum;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
        const s = sum + v;
        if (s < EXACT && s > -EXACT) sum = s;
        else {
          this.#carry += BigInt(sum) + BigInt(v);
          sum = 0;
        }
      }
      this.#sum = sum;
      seen ||= n > 0;
    } else {
      let sum = this.#sum;
      let c = this.#compensation;
      let nan = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (v !== v) {
          nan++;
          continue;
        }
        if (v < min) min = v;
        if (v > max) max = v;
        const t = sum + v;
        c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
        sum = t;
      }
      this.#sum = sum;
      this.#compensation = c;
      this.#nan += nan;
      seen ||= n > nan;
    }
    this.#min = min;
    this.#max = max;
    this.#seen = seen;
  }

  /** The statistics of everything added so far. */
  result(): ValueStats {
    const counted = this.#count - this.#nan;
    // an infinite float sum has no meaningful compensation (Inf - Inf is NaN)
    const float = Number.isFinite(this.#sum) ? this.#sum + this.#compensation : this.#sum;
    const sum = this.#integer ? this.#carry + BigInt(this.#sum) : float;
    return {
      count: this.#count,
      nanCount: this.#nan,
      min: this.#seen ? this.#min : undefined,
      max: this.#seen ? this.#max : undefined,
      sum,
      mean: counted > 0 ? Number(sum) / counted : NaN,
      exact: this.#integer,
    };
  }
}
