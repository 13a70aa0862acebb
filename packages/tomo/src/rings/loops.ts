/**
 * The CPU loops of the sorting-based stripe removal (internal), self-contained so that the core
 * pool's workers can compile them: sort each detector column along the angles, median-filter the
 * sorted sinogram along the detector, and put values back in angle order.
 * {@link registerRingLoops} puts them on the pool once.
 *
 * @example
 * ```ts
 * registerRingLoops();
 * await runOnPool([{ name: RING_LOOP.sortColumns, fns: [], args: [0, nD, nA, nD, sino, order, sorted] }]);
 * ```
 * @module
 */
import { registerPoolLoops, type TypedArray } from '@pandaas/core';

/**
 * For the columns `[c0, c1)` of `sino` `[nA, nD]`: `order[c·nA + r]` = the angle of rank `r` in
 * column `c` (ascending; ties by angle, a stable sort) and `sorted[r·nD + c]` its value.
 *
 * @example
 * ```ts
 * sortColumns(0, nD, nA, nD, sino, order, sorted);
 * ```
 */
export function sortColumns(c0: number, c1: number, nA: number, nD: number, sino: TypedArray, order: Int32Array, sorted: Float64Array): void {
  for (let c = c0; c < c1; c++) {
    const idx = order.subarray(c * nA, (c + 1) * nA);
    for (let r = 0; r < nA; r++) idx[r] = r;
    idx.sort((p, q) => sino[p * nD + c] - sino[q * nD + c] || p - q);
    for (let r = 0; r < nA; r++) sorted[r * nD + c] = sino[idx[r] * nD + c];
  }
}

/**
 * For the rows `[r0, r1)` of `x` `[rows, nD]`: the median over a window of `size` along the
 * detector into `out`, as scipy's `median_filter(x, (1, size))` (mode `'reflect'`, the window
 * `[c − ⌊size/2⌋, c + size − 1 − ⌊size/2⌋]`, the element of rank ⌊size/2⌋). `scratch` holds `size`.
 *
 * @example
 * ```ts
 * medianAlongRows(0, rows, nD, x, out, 21, new Float64Array(21));
 * ```
 */
export function medianAlongRows(r0: number, r1: number, nD: number, x: Float64Array, out: Float64Array, size: number, scratch: Float64Array): void {
  const h = size >> 1;
  const period = 2 * nD;
  for (let r = r0; r < r1; r++) {
    const row = r * nD;
    for (let c = 0; c < nD; c++) {
      for (let k = 0; k < size; k++) {
        let i = c - h + k;
        if (i < 0 || i >= nD) {
          i %= period;
          if (i < 0) i += period;
          if (i >= nD) i = period - 1 - i;
        }
        const v = x[row + i];
        let j = k - 1;
        while (j >= 0 && scratch[j] > v) {
          scratch[j + 1] = scratch[j];
          j--;
        }
        scratch[j + 1] = v;
      }
      out[row + c] = scratch[h];
    }
  }
}

/**
 * For the columns `[c0, c1)`: `out[order[c·nA + r]·nD + c] = byRank[r·nD + c]` (the inverse of
 * {@link sortColumns}'s permutation).
 *
 * @example
 * ```ts
 * unsortColumns(0, nD, nA, nD, order, filtered, out);
 * ```
 */
export function unsortColumns(c0: number, c1: number, nA: number, nD: number, order: Int32Array, byRank: Float64Array, out: Float64Array): void {
  for (let c = c0; c < c1; c++) {
    for (let r = 0; r < nA; r++) out[order[c * nA + r] * nD + c] = byRank[r * nD + c];
  }
}

/** The pool names of the ring loops. */
export const RING_LOOP = {
  sortColumns: 'tomo:sortColumns',
  medianAlongRows: 'tomo:medianAlongRows',
  unsortColumns: 'tomo:unsortColumns',
} as const;

let registered = false;

/**
 * Puts the loops of {@link RING_LOOP} on the core pool (once).
 *
 * @example
 * ```ts
 * registerRingLoops();
 * ```
 */
export function registerRingLoops(): void {
  if (registered) return;
  registerPoolLoops({
    [RING_LOOP.sortColumns]: sortColumns,
    [RING_LOOP.medianAlongRows]: medianAlongRows,
    [RING_LOOP.unsortColumns]: unsortColumns,
  });
  registered = true;
}
