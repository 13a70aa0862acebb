/** A typed array as the loops see it. */
type Values = { [index: number]: number };

/**
 * `out[oo + i*so] = cond[oc + i*sc] !== 0 ? a[oa + i*sa] : b[ob + i*sb]`: any strides. The output
 * typed array converts the chosen value (wrapping integers, rounding float32 once).
 * Self-contained: the pool's workers compile its source.
 *
 * @example
 * ```ts
 * whereStrided(3, cond, 1, 0, a, 1, 0, b, 0, 0, out, 1, 0); // b broadcast from one element
 * ```
 */
export function whereStrided(
  n: number,
  cond: Values, sc: number, oc: number,
  a: Values, sa: number, oa: number,
  b: Values, sb: number, ob: number,
  out: Values, so: number, oo: number,
): void {
  for (let i = 0, ic = oc, ia = oa, ib = ob, io = oo; i < n; i++, ic += sc, ia += sa, ib += sb, io += so) {
    out[io] = cond[ic] !== 0 ? a[ia] : b[ib];
  }
}
