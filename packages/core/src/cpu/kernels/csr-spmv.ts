import type { KernelFunc } from '../../kernel-names.js';
import { newArray, unitStride, valuesOf } from '../arrays.js';
import { specialise } from '../loop-table.js';
import { POOL_MIN_ELEMENTS, poolSize, runOnPool, usePool } from '../pool.js';

/** A typed array as the row splitter reads it. */
type Values = { readonly [index: number]: number };

/**
 * Splits rows `[0, rows)` into at most `parts` consecutive ranges holding nearly equal numbers of
 * stored elements (row pointers `indptr[offset + r]`), so each thread gets the same work.
 *
 * @example
 * ```ts
 * splitRowsByNnz([0, 10, 10, 40, 41, 42, 80, 100], 0, 7, 2); // [[0, 6], [6, 7]]: 80 and 20 nonzeros
 * ```
 */
export function splitRowsByNnz(indptr: Values, offset: number, rows: number, parts: number): [r0: number, r1: number][] {
  const first = indptr[offset];
  const nnz = indptr[offset + rows] - first;
  const ranges: [number, number][] = [];
  let r0 = 0;
  for (let k = 1; k <= parts && r0 < rows; k++) {
    let r1 = rows;
    if (k < parts) {
      // first row boundary at or past k/parts of the stored elements
      const target = first + (nnz * k) / parts;
      let lo = r0;
      let hi = rows;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (indptr[offset + mid] < target) lo = mid + 1;
        else hi = mid;
      }
      r1 = Math.max(lo, r0 + 1);
    }
    ranges.push([r0, r1]);
    r0 = r1;
  }
  return ranges;
}

/**
 * CPU `csrSpmv`: each row summed in float64 in stored order, written as x's dtype. Strided
 * `indptr`/`indices`/`weights` are copied to unit stride first (x is read through its strides).
 * Large products are split over the pool by rows of nearly equal nonzeros; each row is summed by
 * one thread in the same order, so the result equals the single-thread one bit for bit.
 */
export const csrSpmv: KernelFunc<'csrSpmv'> = async ({ indptr, indices, weights, x }, { rows, channels, powers }) => {
  const first = valuesOf(indptr)[indptr.offset];
  const last = valuesOf(indptr)[indptr.offset + rows * indptr.strides[0]];
  // The row pointers and the output are small (one per row): where the work is large enough for
  // the pool, put them where its workers can read and write them.
  const large = (last - first) * channels >= POOL_MIN_ELEMENTS;
  const p = unitStride(indptr, large);
  const { array, values: out } = newArray(x, x.dtype, x.ndim === 2 ? [rows, channels] : [rows], large);
  if (array.size === 0) return array;
  const i = unitStride(indices);
  const w = unitStride(weights);
  const vx = valuesOf(x);
  const [sx0, sx1 = 0] = x.strides;
  const single = channels === 1 && powers[0] === 1;
  const pw = Int32Array.from(powers);
  const argsFor = (r0: number, r1: number): unknown[] =>
    single
      ? [r0, r1, p.values, p.offset, i.values, i.offset, w.values, w.offset, vx, sx0, x.offset, out, 0]
      : [r0, r1, p.values, p.offset, i.values, i.offset, w.values, w.offset, vx, sx0, sx1, x.offset, channels, pw, new Float64Array(channels), out, 0];
  const name = single ? 'csrSpmvRows' : 'csrSpmvChannelRows';
  if (usePool((last - first) * channels, [p.values, i.values, w.values, vx, out])) {
    const ranges = splitRowsByNnz(p.values, p.offset, rows, poolSize());
    await runOnPool(ranges.map(([r0, r1]) => ({ name, fns: [], args: argsFor(r0, r1) })));
  } else {
    const args = argsFor(0, rows);
    specialise(name, [], args).run(...args);
  }
  return array;
};
