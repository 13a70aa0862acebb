import { allocate, type TypedArray } from '../../dtype.js';
import type { KernelFunc } from '../../kernel-names.js';
import { contiguousStrides } from '../../shape.js';
import { newArray, valuesOf } from '../arrays.js';
import { specialise } from '../loop-table.js';
import { poolSize, runOnPool, splitRange, usePool } from '../pool.js';
import { coalesce, forEachRow } from '../rows.js';

/** Elements per partial sum of a whole-array sum (the unit the pool splits). */
const SUM_BLOCK = 8192;

/**
 * A sum costs about a sixteenth of an element-wise kernel per element (no output to write), so it
 * goes to the pool from 16 times `POOL_MIN_ELEMENTS` elements (measured: a pooled sum of
 * 2^16 float32 takes about 0.1 ms, three times the calling thread's 0.035 ms).
 */
const SUM_COST = 1 / 16;

/**
 * Sum of `n` contiguous elements from `offset`, in float64: blocks of {@link SUM_BLOCK} summed
 * (on the pool when large), then the block sums added in order. The blocks are the same on one
 * thread or many, so the result does not depend on the pool size.
 */
async function sumContiguous(x: TypedArray, offset: number, n: number): Promise<number> {
  const blocks = Math.ceil(n / SUM_BLOCK);
  const partials = allocate('float64', blocks, true);
  const argsFor = (first: number, count: number) => [x, offset, n, SUM_BLOCK, first, count, partials];
  if (usePool(n * SUM_COST, [x, partials])) {
    await runOnPool(splitRange(blocks, poolSize()).map(([first, count]) => ({ name: 'sumBlocks', fns: [], args: argsFor(first, count) })));
  } else {
    specialise('sumBlocks', [], argsFor(0, blocks)).run(...argsFor(0, blocks));
  }
  let total = 0;
  for (let p = 0; p < blocks; p++) total += partials[p];
  return total;
}

/**
 * Sums of the `rows` consecutive runs of `length` contiguous elements from `offset`, in float64,
 * into `sums` (shared, so the pool can split the rows).
 */
async function sumRuns(x: TypedArray, offset: number, rows: number, length: number, sums: Float64Array): Promise<void> {
  const argsFor = (first: number, count: number) => [x, offset, rows * length, length, first, count, sums];
  if (usePool(rows * length * SUM_COST, [x, sums])) {
    await runOnPool(splitRange(rows, poolSize()).map(([first, count]) => ({ name: 'sumBlocks', fns: [], args: argsFor(first, count) })));
  } else {
    specialise('sumBlocks', [], argsFor(0, rows)).run(...argsFor(0, rows));
  }
}

/**
 * CPU `reduce`. `x` is walked once in row-major order; each element meets its output's float64
 * accumulator, so every output sees its elements in row-major order of the reduced axes (which
 * makes `argmin`/`argmax` give the first extreme). `sum`/`mean` of a whole contiguous array go
 * through {@link sumContiguous}, and over the trailing axes of one through {@link sumRuns}.
 */
export const reduce: KernelFunc<'reduce'> = async ({ x }, { op, axes, keepDims, outDtype }) => {
  const reduced = x.shape.map((_, ax) => axes.includes(ax));
  const outShape = keepDims ? x.shape.map((d, ax) => (reduced[ax] ? 1 : d)) : x.shape.filter((_, ax) => !reduced[ax]);
  const { array, values: out } = newArray(x, outDtype, outShape);
  const m = array.size;
  if (m === 0) return array;
  const count = axes.reduce((c, ax) => c * x.shape[ax], 1);
  const vx = valuesOf(x);
  if ((op === 'sum' || op === 'mean') && axes.length === x.ndim && x.isContiguous) {
    const total = await sumContiguous(vx, x.offset, x.size);
    out[0] = op === 'mean' ? total / count : total;
    return array;
  }
  const trailing = axes.every((ax, i) => ax === x.ndim - axes.length + i);
  if ((op === 'sum' || op === 'mean') && trailing && x.isContiguous) {
    // rows of the trailing axes: one block sum each, split over the pool by rows
    const sums = allocate('float64', m, true);
    await sumRuns(vx, x.offset, m, count, sums);
    for (let i = 0; i < m; i++) out[i] = op === 'mean' ? sums[i] / count : sums[i];
    return array;
  }
  // Per axis of x: the stride of its output element, and of its flat index over the reduced axes.
  const keptStrides = contiguousStrides(x.shape.filter((_, ax) => !reduced[ax]));
  const reducedStrides = contiguousStrides(x.shape.filter((_, ax) => reduced[ax]));
  let kept = 0;
  let red = 0;
  const outStrides = reduced.map((r) => (r ? 0 : keptStrides[kept++]));
  const indexStrides = reduced.map((r) => (r ? reducedStrides[red++] : 0));
  const rows = coalesce(x.shape, [x.strides, outStrides, indexStrides]);
  const n = rows.length;
  const [sx, so, sr] = rows.inner;
  const best = new Float64Array(m).fill(op === 'max' || op === 'argmax' ? -Infinity : op === 'min' || op === 'argmin' ? Infinity : 0);
  if (op === 'argmax' || op === 'argmin') {
    const fns = [`better:${op}`];
    if (so === 0) {
      const k = specialise('argRow', fns, [vx, best, out]);
      forEachRow(rows, [x.offset, 0, 0], (at) => k.run(n, vx, sx, at[0], best, out, at[1], at[2], sr, k.fns[0]));
    } else {
      const k = specialise('argInto', fns, [vx, best, out]);
      forEachRow(rows, [x.offset, 0, 0], (at) => k.run(n, vx, sx, at[0], best, out, so, at[1], at[2], k.fns[0]));
    }
    return array;
  }
  const fns = [`combine:${op === 'max' || op === 'min' ? op : 'add'}`];
  if (so === 0) {
    const k = specialise('reduceRow', fns, [vx]);
    forEachRow(rows, [x.offset, 0, 0], (at) => {
      best[at[1]] = k.run(n, vx, sx, at[0], best[at[1]], k.fns[0]);
    });
  } else {
    const k = specialise('reduceInto', fns, [vx, best]);
    forEachRow(rows, [x.offset, 0, 0], (at) => k.run(n, vx, sx, at[0], best, so, at[1], k.fns[0]));
  }
  for (let i = 0; i < m; i++) out[i] = op === 'mean' ? best[i] / count : best[i];
  return array;
};
