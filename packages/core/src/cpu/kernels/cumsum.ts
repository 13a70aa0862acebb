import type { KernelFunc } from '../../kernel-names.js';
import { contiguousStrides } from '../../shape.js';
import { newArray, valuesOf } from '../arrays.js';
import { specialise } from '../loop-table.js';
import { coalesce, forEachRow } from '../rows.js';

/**
 * CPU `cumsum`: a running sum along `axis` for every line of the other axes, written as
 * `outDtype` (float sums in float64, each output rounded once; 32-bit integer sums wrap).
 */
export const cumsum: KernelFunc<'cumsum'> = async ({ x }, { axis, exclusive, outDtype }) => {
  const { array, values: out } = newArray(x, outDtype, x.shape);
  if (array.size === 0) return array;
  const vx = valuesOf(x);
  const order = [...x.shape.keys()].filter((ax) => ax !== axis).concat(axis);
  const outStrides = contiguousStrides(x.shape);
  const rows = coalesce(order.map((ax) => x.shape[ax]), [order.map((ax) => x.strides[ax]), order.map((ax) => outStrides[ax])], true);
  const n = rows.length;
  const [sx, so] = rows.inner;
  const wrap = outDtype === 'int32' || outDtype === 'uint32' ? `wrap:${outDtype}` : 'wrap:float';
  const k = specialise('cumsumStrided', [wrap], [vx, out]);
  forEachRow(rows, [x.offset, 0], (at) => k.run(n, vx, sx, at[0], out, so, at[1], exclusive, k.fns[0]));
  return array;
};
