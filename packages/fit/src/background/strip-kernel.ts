/**
 * silx's strip (PyMca SpecFitFuns) on `n` samples: `iterations` passes in which every sample
 * `i` in `[width, n - width)` that is above `factor` times the mean `m` of the samples `width`
 * away on either side is replaced by `m` (all samples of a pass read the previous pass: Jacobi).
 * Samples with `frozen[i] !== 0` never change. `a` holds the input and `b` a copy of it; the
 * passes alternate between them, and the one holding the result is returned. Stops early, with
 * the same result, once a pass changes nothing (every later pass would repeat it). Allocates
 * nothing.
 *
 * @example
 * ```ts
 * const a = Float64Array.from(y), b = Float64Array.from(y);
 * const background = stripPasses(a.length, a, b, 2, 5000, 1, null);
 * ```
 */
export function stripPasses(
  n: number,
  a: Float64Array,
  b: Float64Array,
  width: number,
  iterations: number,
  factor: number,
  frozen: Uint8Array | null,
): Float64Array {
  let src = a;
  let dst = b;
  const end = n - width;
  for (let pass = 0; pass < iterations; pass++) {
    let changed = false;
    for (let i = width; i < end; i++) {
      const v = src[i];
      const mean = 0.5 * (src[i - width] + src[i + width]);
      if (v > mean * factor && (frozen === null || frozen[i] === 0)) {
        dst[i] = mean;
        if (mean !== v) changed = true;
      } else {
        dst[i] = v;
      }
    }
    const t = src;
    src = dst;
    dst = t;
    if (!changed) break;
  }
  return src;
}
