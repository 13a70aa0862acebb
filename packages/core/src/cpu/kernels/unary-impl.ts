/*
 * Unary element-wise loops in the stdlib/BLAS shape, taking the element function `op` last and
 * specialised per (op, array classes) by `createSpecialiser`. Self-contained: the pool's workers
 * compile their source.
 */

/** An element function of one number. */
type Op1 = (x: number) => number;
/** A typed array as the loops see it. */
type Values = { [index: number]: number };
/** A typed array whose unit-stride loops run over a `subarray` (indices from 0 check cheaper in V8). */
type Vector = Values & { subarray(begin: number, end?: number): Vector };

/**
 * `out[oo + i] = op(x[ox + i])` for i < n: unit strides, over subarrays, unrolled by 8 (as `binaryContiguous`).
 *
 * @example
 * ```ts
 * unaryContiguous(4, x, 0, out, 0, Math.sqrt);
 * ```
 */
export function unaryContiguous(n: number, x: Vector, ox: number, out: Vector, oo: number, op: Op1): void {
  const v = x.subarray(ox, ox + n);
  const z = out.subarray(oo, oo + n);
  const m = n - (n % 8);
  let i = 0;
  for (; i < m; i += 8) {
    z[i] = op(v[i]);
    z[i + 1] = op(v[i + 1]);
    z[i + 2] = op(v[i + 2]);
    z[i + 3] = op(v[i + 3]);
    z[i + 4] = op(v[i + 4]);
    z[i + 5] = op(v[i + 5]);
    z[i + 6] = op(v[i + 6]);
    z[i + 7] = op(v[i + 7]);
  }
  for (; i < n; i++) z[i] = op(v[i]);
}

/**
 * `out[oo + i*so] = op(x[ox + i*sx])`: any strides.
 *
 * @example
 * ```ts
 * unaryStrided(2, x, 3, 0, out, 1, 0, (v) => -v); // out = [-x[0], -x[3]]
 * ```
 */
export function unaryStrided(n: number, x: Values, sx: number, ox: number, out: Values, so: number, oo: number, op: Op1): void {
  for (let i = 0, ix = ox, io = oo; i < n; i++, ix += sx, io += so) out[io] = op(x[ix]);
}
