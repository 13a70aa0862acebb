import { allocate, type DType } from '../dtype.js';
import type { ReduceOp } from '../kernel-names.js';
import type { Logical } from './oracle.js';

/** The output dtype of a reduction, from the documentation of `reduce`. @example `reduceDtype('sum', 'int16') // 'float32'` */
export function reduceDtype(op: ReduceOp, dtype: DType): DType {
  if (op === 'argmin' || op === 'argmax') return 'int32';
  if (op === 'min' || op === 'max') return dtype;
  return dtype === 'float64' ? 'float64' : 'float32';
}

/**
 * A reduction over the sorted, distinct `axes`, by one pass over `x` in row-major order: sums in
 * float64 (mean of nothing is NaN), min/max propagating NaN, arg* giving the first extreme or the
 * first NaN as a flat index over the reduced axes.
 *
 * @example
 * ```ts
 * reduceOracle('argmax', x, [0, 2], false);
 * ```
 */
export function reduceOracle(op: ReduceOp, x: Logical, axes: readonly number[], keepDims: boolean): Logical {
  const reduced = x.shape.map((_, ax) => axes.includes(ax));
  const outShape = x.shape.flatMap((d, ax) => (reduced[ax] ? (keepDims ? [1] : []) : [d]));
  const m = x.shape.reduce((p, d, ax) => (reduced[ax] ? p : p * d), 1);
  const count = x.shape.reduce((p, d, ax) => (reduced[ax] ? p * d : p), 1);
  const acc = new Float64Array(m).fill(op === 'min' ? Infinity : op === 'max' ? -Infinity : 0);
  const best = new Float64Array(m).fill(op === 'argmin' ? Infinity : -Infinity);
  const arg = new Float64Array(m).fill(-1);
  const coord = new Array<number>(x.shape.length).fill(0);
  for (let i = 0; i < x.values.length; i++) {
    let o = 0;
    let r = 0;
    for (let ax = 0; ax < x.shape.length; ax++) {
      if (reduced[ax]) r = r * x.shape[ax] + coord[ax];
      else o = o * x.shape[ax] + coord[ax];
    }
    const v = x.values[i];
    if (op === 'sum' || op === 'mean') acc[o] += v;
    else if (op === 'min') acc[o] = Number.isNaN(acc[o]) || Number.isNaN(v) ? NaN : Math.min(acc[o], v);
    else if (op === 'max') acc[o] = Number.isNaN(acc[o]) || Number.isNaN(v) ? NaN : Math.max(acc[o], v);
    else if (!Number.isNaN(best[o])) {
      const better = Number.isNaN(v) || arg[o] < 0 || (op === 'argmin' ? v < best[o] : v > best[o]);
      if (better) {
        best[o] = v;
        arg[o] = r;
      }
    }
    for (let ax = x.shape.length - 1; ax >= 0 && ++coord[ax] === x.shape[ax]; ax--) coord[ax] = 0;
  }
  const dtype = reduceDtype(op, x.dtype);
  const values = allocate(dtype, m);
  for (let o = 0; o < m; o++) {
    values[o] = op === 'argmin' || op === 'argmax' ? arg[o] : op === 'mean' ? acc[o] / count : acc[o];
  }
  return { dtype, shape: outShape, values };
}
