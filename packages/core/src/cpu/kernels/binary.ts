import type { KernelFunc } from '../../kernel-names.js';
import { broadcastStrides, contiguousStrides } from '../../shape.js';
import { newArray, valuesOf } from '../arrays.js';
import { specialise } from '../loop-table.js';
import { runChunked } from '../parallel.js';
import { coalesce, forEachRow } from '../rows.js';
import { binaryOpName } from './binary-ops.js';

/**
 * CPU `binary`: `a op b` broadcast to `outShape`, computed in float64 on the exact inputs and
 * stored as `outDtype`. Contiguous same-shape inputs run as one unrolled loop (split over the pool
 * when large), a scalar against a contiguous array as a scalar loop, anything else row by row
 * after merging the axes the operands allow.
 */
export const binary: KernelFunc<'binary'> = async ({ a, b }, { op, outShape, outDtype }) => {
  const { array, values: out } = newArray(a, outDtype, outShape);
  if (array.size === 0) return array;
  const va = valuesOf(a);
  const vb = valuesOf(b);
  const fn = `binary:${binaryOpName(op, outDtype)}`;
  const rows = coalesce(outShape, [broadcastStrides(a.shape, a.strides, outShape), broadcastStrides(b.shape, b.strides, outShape), contiguousStrides(outShape)]);
  const n = rows.length;
  const [sa, sb, so] = rows.inner;
  if (rows.shape.length === 1 && so === 1) {
    if (sa === 1 && sb === 1) {
      await runChunked('binaryContiguous', [fn], n, [va, vb, out], (start, count) => [count, va, a.offset + start, vb, b.offset + start, out, start]);
      return array;
    }
    if (sa === 0 && sb === 1) {
      const k = specialise('binaryScalarLeft', [fn], [vb, out]);
      k.run(n, va[a.offset], vb, b.offset, out, 0, k.fns[0]);
      return array;
    }
    if (sa === 1 && sb === 0) {
      const k = specialise('binaryScalarRight', [fn], [va, out]);
      k.run(n, va, a.offset, vb[b.offset], out, 0, k.fns[0]);
      return array;
    }
  }
  const k = specialise('binaryStrided', [fn], [va, vb, out]);
  const op2 = k.fns[0];
  forEachRow(rows, [a.offset, b.offset, 0], (at) => k.run(n, va, sa, at[0], vb, sb, at[1], out, so, at[2], op2));
  return array;
};
