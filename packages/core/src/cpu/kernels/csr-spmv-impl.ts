/*
 * CSR sparse matrix x vector loops over a range of rows. Each row is summed in float64 in a fixed
 * order of its stored elements, by one thread, so any split of the rows (the pool's) gives the
 * main thread's result bit for bit. Self-contained: the pool's workers compile their source.
 */

/** A typed array as the loops see it. */
type Values = { [index: number]: number };
/** A typed array read through a `subarray` (indices from 0 check cheaper in V8); x is
 * gathered through its own strides, which may be negative. */
type Vector = Values & { subarray(begin: number, end?: number): Vector };

/**
 * Single channel, weights to the power 1: `out[oo + r] = sum_j w[ow + j] * x[ox + indices[oi + j]*sx]`
 * for j in `indptr[op + r] .. indptr[op + r + 1]`, rows `r0 <= r < r1`. Four float64 sums take
 * every fourth element of a row, in order, then add pairwise (they overlap the gathers' latency).
 *
 * @example
 * ```ts
 * csrSpmvRows(0, rows, indptr, 0, indices, 0, weights, 0, x, 1, 0, out, 0);
 * ```
 */
export function csrSpmvRows(
  r0: number, r1: number,
  indptr: Vector, op: number,
  indices: Vector, oi: number,
  weights: Vector, ow: number,
  x: Values, sx: number, ox: number,
  out: Values, oo: number,
): void {
  const ptr = indptr.subarray(op, op + r1 + 1);
  const nnz = ptr[r1];
  const col = indices.subarray(oi, oi + nnz);
  const w = weights.subarray(ow, ow + nnz);
  let start = ptr[r0];
  for (let r = r0; r < r1; r++) {
    const end = ptr[r + 1];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = start;
    for (; j + 4 <= end; j += 4) {
      s0 += w[j] * x[ox + col[j] * sx];
      s1 += w[j + 1] * x[ox + col[j + 1] * sx];
      s2 += w[j + 2] * x[ox + col[j + 2] * sx];
      s3 += w[j + 3] * x[ox + col[j + 3] * sx];
    }
    for (; j < end; j++) s0 += w[j] * x[ox + col[j] * sx];
    out[oo + r] = s0 + s1 + (s2 + s3);
    start = end;
  }
}

/**
 * Multi-channel: `out[oo + r*channels + c] = sum_j w_j^powers[c] * x[ox + indices[oi + j]*sx0 + c*sx1]`
 * (powers 0, 1 or 2), all channels in one pass over the row, each summed in order in `acc`
 * (float64 scratch of `channels`).
 *
 * @example
 * ```ts
 * csrSpmvChannelRows(0, rows, indptr, 0, indices, 0, weights, 0, x, 2, 1, 0, 2, new Int32Array([1, 0]), new Float64Array(2), out, 0);
 * ```
 */
export function csrSpmvChannelRows(
  r0: number, r1: number,
  indptr: Vector, op: number,
  indices: Vector, oi: number,
  weights: Vector, ow: number,
  x: Values, sx0: number, sx1: number, ox: number,
  channels: number, powers: Values, acc: Values,
  out: Values, oo: number,
): void {
  const ptr = indptr.subarray(op, op + r1 + 1);
  const nnz = ptr[r1];
  const col = indices.subarray(oi, oi + nnz);
  const w = weights.subarray(ow, ow + nnz);
  let start = ptr[r0];
  for (let r = r0; r < r1; r++) {
    const end = ptr[r + 1];
    for (let c = 0; c < channels; c++) acc[c] = 0;
    for (let j = start; j < end; j++) {
      const wj = w[j];
      const base = ox + col[j] * sx0;
      for (let c = 0; c < channels; c++) {
        const p = powers[c];
        acc[c] += (p === 1 ? wj : p === 2 ? wj * wj : 1) * x[base + c * sx1];
      }
    }
    for (let c = 0; c < channels; c++) out[oo + r * channels + c] = acc[c];
    start = end;
  }
}
