/**
 * Synthetic batches for the batch tests and benchmarks: peaks on a background with Poisson noise,
 * from a seeded generator (the same curves on every run). Not part of the package API.
 *
 * @module
 */
import type { Model } from '../../models/model.js';

/** A deterministic generator of floats in [0, 1) (32-bit linear congruential). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A Poisson variate of mean `lambda` (inversion by sequential search from the mode, exact). */
export function poisson(lambda: number, random: () => number): number {
  if (!(lambda > 0)) return 0;
  // start at the mode and walk outwards in probability order: O(sqrt(lambda)) steps, no underflow
  const mode = Math.floor(lambda);
  let logP = -lambda + mode * Math.log(lambda);
  for (let k = 2; k <= mode; k++) logP -= Math.log(k);
  const pMode = Math.exp(logP);
  let u = random() - pMode;
  if (u <= 0) return mode;
  let lo = mode, hi = mode, pLo = pMode, pHi = pMode;
  for (;;) {
    if (lo > 0) {
      pLo *= lo / lambda;
      lo--;
      u -= pLo;
      if (u <= 0) return lo;
    }
    hi++;
    pHi *= lambda / hi;
    u -= pHi;
    if (u <= 0) return hi;
    if (pHi < 1e-300 && (lo === 0 || pLo < 1e-300)) return hi;
  }
}

/** A batch of curves: x, the curves row-major [n, m], and the true parameters [n, p]. */
export interface SyntheticBatch {
  x: Float64Array;
  ys: Float64Array;
  truth: Float64Array;
}

/**
 * `n` curves of `model` over `x`, curve i with parameters `truth(i, random)`, each point drawn
 * from a Poisson distribution of the model's value (`noise: false` keeps the exact values).
 *
 * @example
 * ```ts
 * const batch = syntheticBatch(sum(linear(), gaussian()), linspace(0, 127, 128), 100, (i, r) => [20, 0.1, 1000, 60 + 8 * r(), 10]);
 * ```
 */
export function syntheticBatch(
  model: Model, x: Float64Array, n: number, truth: (i: number, random: () => number) => number[], { seed = 1, noise = true } = {},
): SyntheticBatch {
  const random = seeded(seed);
  const m = x.length, nP = model.parameters.length;
  const ys = new Float64Array(n * m), params = new Float64Array(n * nP);
  const f = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(truth(i, random));
    params.set(p, i * nP);
    model.evaluate(x, p, f);
    for (let k = 0; k < m; k++) ys[i * m + k] = noise ? poisson(f[k], random) : f[k];
  }
  return { x, ys, truth: params };
}
