/**
 * The per-spectrum loop of a linear batch. Self-contained (no imports, no outer variables): the
 * CPU pool's workers run its source text.
 *
 * @module
 */

/**
 * For spectra [first, first + count) of `ys` (m channels each, from `yOff`): subtracts the
 * background row of `bg` (when it holds n·m values), computes the coefficients c = G·y with the
 * solve matrix `g` (k × m), and chi² = Σ w (y - bg - A·c)² with the design `a` (m × k) and the
 * weights `sw` = √w (empty: 1). Writes `coef` (k per spectrum) and `chi2`. Allocates one row.
 *
 * @example
 * ```ts
 * linearRows(0, n, m, k, ys, 0, bg, g, a, sw, coef, chi2);
 * ```
 */
export function linearRows(
  first: number, count: number, m: number, k: number, ys: Float64Array, yOff: number, bg: Float64Array,
  g: Float64Array, a: Float64Array, sw: Float64Array, coef: Float64Array, chi2: Float64Array,
): void {
  const y = new Float64Array(m);
  const subtract = bg.length > 0;
  const weighted = sw.length > 0;
  for (let s = first; s < first + count; s++) {
    const base = yOff + s * m;
    if (subtract) for (let i = 0; i < m; i++) y[i] = ys[base + i] - bg[s * m + i];
    else for (let i = 0; i < m; i++) y[i] = ys[base + i];
    for (let j = 0; j < k; j++) {
      let c = 0;
      const row = j * m;
      for (let i = 0; i < m; i++) c += g[row + i] * y[i];
      coef[s * k + j] = c;
    }
    let sum = 0;
    for (let i = 0; i < m; i++) {
      let f = 0;
      const row = i * k;
      for (let j = 0; j < k; j++) f += a[row + j] * coef[s * k + j];
      const r = weighted ? (y[i] - f) * sw[i] : y[i] - f;
      sum += r * r;
    }
    chi2[s] = sum;
  }
}
