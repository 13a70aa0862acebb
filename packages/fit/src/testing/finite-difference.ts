import type { Model } from '../models/model.js';

/**
 * Central finite-difference Jacobian of a model (parameter-major, like `Model.jacobian`), step
 * `rel·max(|p_j|, 1)` per parameter: for testing analytic Jacobians.
 *
 * @example
 * ```ts
 * const jac = centralDifferences(gaussian(), x, Float64Array.of(1, 0, 2));
 * ```
 */
export function centralDifferences(model: Model, x: Float64Array, p: Float64Array, rel = 1e-6): Float64Array {
  const n = x.length;
  const jac = new Float64Array(p.length * n);
  const plus = new Float64Array(n), minus = new Float64Array(n);
  const q = Float64Array.from(p);
  for (let j = 0; j < p.length; j++) {
    const h = rel * Math.max(Math.abs(p[j]), 1);
    q[j] = p[j] + h;
    model.evaluate(x, q, plus);
    q[j] = p[j] - h;
    model.evaluate(x, q, minus);
    q[j] = p[j];
    for (let i = 0; i < n; i++) jac[j * n + i] = (plus[i] - minus[i]) / (2 * h);
  }
  return jac;
}

/**
 * Evenly spaced points from `start` to `stop` inclusive (`count` 1: just `start`).
 *
 * @example
 * ```ts
 * linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace(start: number, stop: number, count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => (count === 1 ? start : start + ((stop - start) * i) / (count - 1)));
}
