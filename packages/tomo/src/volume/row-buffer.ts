/**
 * The rolling buffer of the streaming reconstruction (internal): detector rows of all
 * projections, `[nAngles, rows, nDet]` slabs kept in row order, from which windows of rows are
 * copied and whose rows are dropped once no batch needs them.
 * @module
 */
import { allocate } from '@pandaas/core';

interface Held {
  /** The detector row of the slab's first row. */
  readonly start: number;
  readonly rows: number;
  /** `[nAngles, rows, nDet]`. */
  readonly values: Float32Array;
}

/**
 * Row slabs of projections, in order, with copies of any window of rows held.
 *
 * @example
 * ```ts
 * const buffer = new RowBuffer(181, 640);
 * buffer.push(0, slab, 7); // rows 0–6
 * const window = buffer.window(2, 5); // [181, 3, 640]
 * buffer.dropBelow(5);
 * ```
 */
export class RowBuffer {
  readonly #nAngles: number;
  readonly #nDet: number;
  readonly #held: Held[] = [];
  #peak = 0;

  constructor(nAngles: number, nDet: number) {
    this.#nAngles = nAngles;
    this.#nDet = nDet;
  }

  /** The rows held now. */
  get rows(): number {
    return this.#held.reduce((sum, h) => sum + h.rows, 0);
  }

  /** The most rows held at once so far. */
  get peakRows(): number {
    return this.#peak;
  }

  /** Adds the slab of `rows` rows starting at detector row `start` (right after the last one held). */
  push(start: number, values: Float32Array, rows: number): void {
    this.#held.push({ start, rows, values });
    this.#peak = Math.max(this.#peak, this.rows);
  }

  /** A copy of rows `[from, to)`, `[nAngles, to − from, nDet]`, on shared memory (all held). */
  window(from: number, to: number): Float32Array {
    const nD = this.#nDet;
    const count = to - from;
    const out = allocate('float32', this.#nAngles * count * nD, true);
    for (const h of this.#held) {
      const lo = Math.max(from, h.start);
      const hi = Math.min(to, h.start + h.rows);
      if (hi <= lo) continue;
      for (let a = 0; a < this.#nAngles; a++) {
        const src = (a * h.rows + (lo - h.start)) * nD;
        out.set(h.values.subarray(src, src + (hi - lo) * nD), (a * count + (lo - from)) * nD);
      }
    }
    return out;
  }

  /** Forgets the slabs that lie entirely below detector row `row`. */
  dropBelow(row: number): void {
    while (this.#held.length > 0 && this.#held[0].start + this.#held[0].rows <= row) this.#held.shift();
  }
}
