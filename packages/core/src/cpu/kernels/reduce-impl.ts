/*
 * Reduction loops. Accumulators are float64 (a Float64Array or a JS number), element functions
 * come last and are specialised per (op, array classes) by `createSpecialiser`. Self-contained:
 * the pool's workers compile their source.
 */

/** A typed array as the loops see it. */
type Values = { [index: number]: number };
/** A typed array read through a `subarray` (indices from 0 check cheaper in V8). */
type Vector = Values & { readonly length: number; subarray(begin: number, end?: number): Vector };
/** A combining function: `add`, `Math.max`, `Math.min`. */
type Combine = (acc: number, x: number) => number;
/** Whether `x` replaces the current extreme `best` (first extreme wins, first NaN wins). */
type Better = (x: number, best: number) => boolean;

/** Combining functions of the reductions (`max`/`min` propagate NaN). */
export const COMBINE = {
  add: (acc: number, x: number): number => acc + x,
  max: (acc: number, x: number): number => Math.max(acc, x),
  min: (acc: number, x: number): number => Math.min(acc, x),
};

/** Replacement tests of `argmax`/`argmin`: strictly better, or the first NaN. */
export const BETTER = {
  argmax: (x: number, best: number): boolean => x > best || (x !== x && best === best),
  argmin: (x: number, best: number): boolean => x < best || (x !== x && best === best),
};

/**
 * `combine(... combine(init, x[ox]) ..., x[ox + (n-1)*sx])`, in order: one row into one value.
 *
 * @example
 * ```ts
 * reduceRow(3, new Float32Array([1, 2, 3]), 1, 0, 0, (acc, x) => acc + x); // 6
 * ```
 */
export function reduceRow(n: number, x: Values, sx: number, ox: number, init: number, combine: Combine): number {
  let acc = init;
  for (let i = 0, ix = ox; i < n; i++, ix += sx) acc = combine(acc, x[ix]);
  return acc;
}

/**
 * `acc[oa + i*sa] = combine(acc[oa + i*sa], x[ox + i*sx])`: a row into a row of accumulators.
 *
 * @example
 * ```ts
 * reduceInto(2, x, 1, 0, acc, 1, 0, Math.max); // acc[i] = max(acc[i], x[i])
 * ```
 */
export function reduceInto(n: number, x: Values, sx: number, ox: number, acc: Values, sa: number, oa: number, combine: Combine): void {
  for (let i = 0, ix = ox, ia = oa; i < n; i++, ix += sx, ia += sa) acc[ia] = combine(acc[ia], x[ix]);
}

/**
 * One row into one extreme: where `better(x[ox + i*sx], best[o])`, sets `best[o]` to it and
 * `index[o]` to `r0 + i*sr` (its flat index over the reduced axes).
 *
 * @example
 * ```ts
 * const best = new Float64Array([-Infinity]);
 * const index = new Int32Array(1);
 * argRow(3, new Float64Array([1, 5, 5]), 1, 0, best, index, 0, 0, 1, (x, b) => x > b); // index[0] = 1
 * ```
 */
export function argRow(n: number, x: Values, sx: number, ox: number, best: Values, index: Values, o: number, r0: number, sr: number, better: Better): void {
  let b = best[o];
  let k = index[o];
  for (let i = 0, ix = ox, r = r0; i < n; i++, ix += sx, r += sr) {
    const v = x[ix];
    if (better(v, b)) {
      b = v;
      k = r;
    }
  }
  best[o] = b;
  index[o] = k;
}

/**
 * A row into a row of extremes, all at the same reduced index `r`.
 *
 * @example
 * ```ts
 * argInto(2, row, 1, 0, best, index, 1, 0, 4, (x, b) => x > b); // row 4 of the reduced axis
 * ```
 */
export function argInto(n: number, x: Values, sx: number, ox: number, best: Values, index: Values, sa: number, oa: number, r: number, better: Better): void {
  for (let i = 0, ix = ox, ia = oa; i < n; i++, ix += sx, ia += sa) {
    const v = x[ix];
    if (better(v, best[ia])) {
      best[ia] = v;
      index[ia] = r;
    }
  }
}

/**
 * Sums consecutive blocks of `block` elements of a contiguous range of `n` from `ox`, block `p`
 * (`firstBlock <= p < firstBlock + blocks`) into `partials[p]`, each with eight float64
 * accumulators added pairwise. The same blocks whichever thread sums them, so a pooled sum equals
 * the main thread's bit for bit.
 *
 * @example
 * ```ts
 * sumBlocks(x, 0, x.length, 8192, 0, Math.ceil(x.length / 8192), partials);
 * ```
 */
export function sumBlocks(x: Vector, ox: number, n: number, block: number, firstBlock: number, blocks: number, partials: Values): void {
  for (let p = firstBlock; p < firstBlock + blocks; p++) {
    const v = x.subarray(ox + p * block, ox + Math.min(n, (p + 1) * block));
    const len = v.length;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    let i = 0;
    for (; i + 8 <= len; i += 8) {
      s0 += v[i];
      s1 += v[i + 1];
      s2 += v[i + 2];
      s3 += v[i + 3];
      s4 += v[i + 4];
      s5 += v[i + 5];
      s6 += v[i + 6];
      s7 += v[i + 7];
    }
    for (; i < len; i++) s0 += v[i];
    partials[p] = s0 + s1 + (s2 + s3) + (s4 + s5 + (s6 + s7));
  }
}
