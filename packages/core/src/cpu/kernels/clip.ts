import type { KernelFunc } from '../../kernel-names.js';
import { contiguousStrides } from '../../shape.js';
import { newArray, valuesOf } from '../arrays.js';
import { specialise } from '../loop-table.js';
import { coalesce, forEachRow } from '../rows.js';

/** CPU `clip`: `x` limited to `[min, max]` (NaN stays NaN), keeping its dtype. */
export const clip: KernelFunc<'clip'> = async ({ x }, { min, max }) => {
  const { array, values: out } = newArray(x, x.dtype, x.shape);
  if (array.size === 0) return array;
  const vx = valuesOf(x);
  const rows = coalesce(x.shape, [x.strides, contiguousStrides(x.shape)]);
  const n = rows.length;
  const [sx, so] = rows.inner;
  const k = specialise('clipStrided', [], [vx, out]);
  forEachRow(rows, [x.offset, 0], (at) => k.run(n, vx, sx, at[0], out, so, at[1], min, max));
  return array;
};
