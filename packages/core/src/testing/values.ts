import { allocate, isFloat, type DType, type TypedArray } from '../dtype.js';
import type { Rng } from './rng.js';

/** A closed range of values to draw from. */
export type Range = readonly [lo: number, hi: number];

/** The range of each integer dtype (bool as 0..1). */
export const INT_RANGE: Readonly<Record<DType, Range>> = {
  bool: [0, 1],
  uint8: [0, 255],
  int8: [-128, 127],
  uint16: [0, 65535],
  int16: [-32768, 32767],
  uint32: [0, 4294967295],
  int32: [-2147483648, 2147483647],
  float32: [-100, 100],
  float64: [-100, 100],
};

/**
 * The range of values that every listed dtype holds exactly (and float32 too, |v| <= 2^24), so
 * that mixing dtypes cannot depend on how a backend converts out-of-range values.
 *
 * @example
 * ```ts
 * commonRange(['uint8', 'int8']); // [0, 127]
 * ```
 */
export function commonRange(dtypes: readonly DType[]): Range {
  let lo = -(2 ** 24);
  let hi = 2 ** 24;
  for (const d of dtypes) {
    if (isFloat(d)) continue;
    lo = Math.max(lo, INT_RANGE[d][0]);
    hi = Math.min(hi, INT_RANGE[d][1]);
  }
  return [lo, hi];
}

/**
 * `n` random values of a dtype: integers uniform in `range` (default: the dtype's whole range),
 * floats uniform in `range` (default [-100, 100]).
 *
 * @example
 * ```ts
 * randomValues(Rng.fromName('x'), 'int8', 10); // Int8Array(10)
 * ```
 */
export function randomValues(rng: Rng, dtype: DType, n: number, range?: Range): TypedArray {
  const out = allocate(dtype, n);
  const [lo, hi] = range ?? INT_RANGE[dtype];
  if (isFloat(dtype)) {
    for (let i = 0; i < n; i++) out[i] = rng.float(lo, hi);
  } else {
    const a = Math.ceil(Math.max(lo, INT_RANGE[dtype][0]));
    const b = Math.floor(Math.min(hi, INT_RANGE[dtype][1]));
    for (let i = 0; i < n; i++) out[i] = rng.int(a, b);
  }
  return out;
}
