import type { KernelFunc } from '../../kernel-names.js';
import { broadcastStrides, contiguousStrides } from '../../shape.js';
import { newArray, valuesOf } from '../arrays.js';
import { specialise } from '../loop-table.js';
import { coalesce, forEachRow } from '../rows.js';

/** CPU `where`: `cond != 0 ? a : b`, all three broadcast to `outShape`, stored as `outDtype`. */
export const where: KernelFunc<'where'> = async ({ cond, a, b }, { outShape, outDtype }) => {
  const { array, values: out } = newArray(a, outDtype, outShape);
  if (array.size === 0) return array;
  const [vc, va, vb] = [valuesOf(cond), valuesOf(a), valuesOf(b)];
  const rows = coalesce(outShape, [
    broadcastStrides(cond.shape, cond.strides, outShape),
    broadcastStrides(a.shape, a.strides, outShape),
    broadcastStrides(b.shape, b.strides, outShape),
    contiguousStrides(outShape),
  ]);
  const n = rows.length;
  const [sc, sa, sb, so] = rows.inner;
  const k = specialise('whereStrided', [], [vc, va, vb, out]);
  forEachRow(rows, [cond.offset, a.offset, b.offset, 0], (at) => k.run(n, vc, sc, at[0], va, sa, at[1], vb, sb, at[2], out, so, at[3]));
  return array;
};
