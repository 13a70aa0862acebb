/** A typed array as the loops see it. */
type Values = { [index: number]: number };

/**
 * `out[oo + i*so] = min(max(x[ox + i*sx], lo), hi)`, NaN staying NaN: any strides.
 * Self-contained: the pool's workers compile its source.
 *
 * @example
 * ```ts
 * clipStrided(4, x, 1, 0, out, 1, 0, 0, 1); // into [0, 1]
 * ```
 */
export function clipStrided(n: number, x: Values, sx: number, ox: number, out: Values, so: number, oo: number, lo: number, hi: number): void {
  for (let i = 0, ix = ox, io = oo; i < n; i++, ix += sx, io += so) {
    const v = x[ix];
    out[io] = v < lo ? lo : v > hi ? hi : v;
  }
}
