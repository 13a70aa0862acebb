/*
 * Conversions that a plain typed-array store does not make. (Integer to integer wraps, anything to
 * float rounds once, as the store does: those casts are copies.) Self-contained: the pool's
 * workers compile their source.
 */

/** A typed array as the loops see it. */
type Values = { [index: number]: number };

/**
 * Float to integer: values saturate at `[lo, hi]` (the integer range); the integer typed-array
 * store then truncates the others toward zero and turns NaN (which passes both tests) into 0.
 * Any strides.
 *
 * @example
 * ```ts
 * castSaturating(3, new Float32Array([-1.7, 300, NaN]), 1, 0, new Uint8Array(3), 1, 0, 0, 255); // [0, 255, 0]
 * ```
 */
export function castSaturating(n: number, x: Values, sx: number, ox: number, out: Values, so: number, oo: number, lo: number, hi: number): void {
  for (let i = 0, ix = ox, io = oo; i < n; i++, ix += sx, io += so) {
    const v = x[ix];
    out[io] = v < lo ? lo : v > hi ? hi : v;
  }
}

/**
 * Anything to bool: 1 for every value other than 0 (NaN included), else 0. Any strides.
 *
 * @example
 * ```ts
 * castBool(3, new Float64Array([0, -2, NaN]), 1, 0, new Uint8Array(3), 1, 0); // [0, 1, 1]
 * ```
 */
export function castBool(n: number, x: Values, sx: number, ox: number, out: Values, so: number, oo: number): void {
  for (let i = 0, ix = ox, io = oo; i < n; i++, ix += sx, io += so) out[io] = x[ix] !== 0 ? 1 : 0;
}
