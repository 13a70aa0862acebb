import type { KernelFunc } from '../../kernel-names.js';
import { contiguousStrides } from '../../shape.js';
import { newArray, valuesOf } from '../arrays.js';
import { specialise } from '../loop-table.js';
import { runChunked } from '../parallel.js';
import { coalesce, forEachRow } from '../rows.js';
import { unaryOpName } from './unary-ops.js';

/**
 * CPU `unary`: `op(x)` in float64 on the exact input, stored as `outDtype`. A contiguous input
 * runs as one unrolled loop (split over the pool when large), any other view row by row.
 */
export const unary: KernelFunc<'unary'> = async ({ x }, { op, outDtype }) => {
  const { array, values: out } = newArray(x, outDtype, x.shape);
  if (array.size === 0) return array;
  const vx = valuesOf(x);
  const fn = `unary:${unaryOpName(op, outDtype)}`;
  const rows = coalesce(x.shape, [x.strides, contiguousStrides(x.shape)]);
  const n = rows.length;
  const [sx, so] = rows.inner;
  if (rows.shape.length === 1 && sx === 1 && so === 1) {
    await runChunked('unaryContiguous', [fn], n, [vx, out], (start, count) => [count, vx, x.offset + start, out, start]);
    return array;
  }
  const k = specialise('unaryStrided', [fn], [vx, out]);
  const op1 = k.fns[0];
  forEachRow(rows, [x.offset, 0], (at) => k.run(n, vx, sx, at[0], out, so, at[1], op1));
  return array;
};
