import { isFloat, type DType } from '../../dtype.js';
import type { KernelFunc } from '../../kernel-names.js';
import { contiguousStrides } from '../../shape.js';
import { newArray, valuesOf } from '../arrays.js';
import { specialise } from '../loop-table.js';
import { coalesce, forEachRow } from '../rows.js';
import { copyStrided } from './copy-impl.js';

/** The range of each integer dtype, where float-to-integer casts saturate. */
const RANGE: Partial<Record<DType, readonly [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};

/**
 * CPU `cast`: floats to integers truncate toward zero, saturate at the range and turn NaN into 0;
 * anything to bool gives 1 for non-zero (NaN included); the other casts are what a typed-array
 * store does (integers wrap, float32 rounds once).
 */
export const cast: KernelFunc<'cast'> = async ({ x }, { dtype }) => {
  const { array, values: out } = newArray(x, dtype, x.shape);
  if (array.size === 0) return array;
  const vx = valuesOf(x);
  const range = RANGE[dtype];
  const saturate = range !== undefined && isFloat(x.dtype);
  if (dtype !== 'bool' && !saturate) {
    copyStrided(x.shape, vx, x.strides, x.offset, out);
    return array;
  }
  const rows = coalesce(x.shape, [x.strides, contiguousStrides(x.shape)]);
  const n = rows.length;
  const [sx, so] = rows.inner;
  if (saturate) {
    const k = specialise('castSaturating', [], [vx, out]);
    forEachRow(rows, [x.offset, 0], (at) => k.run(n, vx, sx, at[0], out, so, at[1], range[0], range[1]));
  } else {
    const k = specialise('castBool', [], [vx, out]);
    forEachRow(rows, [x.offset, 0], (at) => k.run(n, vx, sx, at[0], out, so, at[1]));
  }
  return array;
};
