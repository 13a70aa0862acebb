/*
 * Prefix sums. Self-contained: the pool's workers compile their source.
 */

/** A typed array as the loops see it. */
type Values = { [index: number]: number };
/** Brings a running sum into the output's range (wrap for 32-bit integers, nothing for floats). */
type Wrap = (sum: number) => number;

/** Running-sum wrappers per output kind: integers wrap at every step, so sums stay exact. */
export const WRAP = {
  int32: (s: number): number => s | 0,
  uint32: (s: number): number => s >>> 0,
  float: (s: number): number => s,
};

/**
 * `out[oo + i*so] = x[ox] + ... + x[ox + i*sx]` (inclusive) or the sum before i (exclusive, from
 * 0), summed in float64 (floats, each output rounded once) or wrapped at 32 bits (integers).
 *
 * @example
 * ```ts
 * cumsumStrided(3, new Int32Array([3, 1, 2]), 1, 0, out, 1, 0, true, (s) => s | 0); // [0, 3, 4]
 * ```
 */
export function cumsumStrided(n: number, x: Values, sx: number, ox: number, out: Values, so: number, oo: number, exclusive: boolean, wrap: Wrap): void {
  let acc = 0;
  if (exclusive) {
    for (let i = 0, ix = ox, io = oo; i < n; i++, ix += sx, io += so) {
      out[io] = acc;
      acc = wrap(acc + x[ix]);
    }
  } else {
    for (let i = 0, ix = ox, io = oo; i < n; i++, ix += sx, io += so) {
      acc = wrap(acc + x[ix]);
      out[io] = acc;
    }
  }
}
