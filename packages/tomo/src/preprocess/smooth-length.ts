/**
 * The smallest length `>= n` whose only prime factors are 2, 3, 5 and 7 (nabu's `get_next_power`,
 * the lengths core's FFT takes).
 *
 * @example
 * ```ts
 * nextSmoothLength(2 * 135); // 270
 * nextSmoothLength(2 * 11); // 24
 * ```
 */
export function nextSmoothLength(n: number): number {
  for (let m = Math.max(1, Math.ceil(n)); ; m++) {
    let k = m;
    for (const p of [2, 3, 5, 7]) while (k % p === 0) k /= p;
    if (k === 1) return m;
  }
}
