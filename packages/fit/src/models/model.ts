/**
 * The model contract of @pandaas/fit: a function of x with named parameters, evaluated into a
 * caller's array, with an optional analytic Jacobian.
 *
 * @module
 */

/**
 * The built-in shapes, whose kernels (and a batch backend's WGSL twins) exist by name.
 *
 * @example
 * ```ts
 * import { linear, gaussian, sum, type ModelKind } from '@pandaas/fit';
 * const kinds: ModelKind[] = (sum(linear(), gaussian()).components ?? []).map((c) => c.kind); // ['linear', 'gaussian']
 * ```
 */
export type ModelKind =
  | 'gaussian'
  | 'gaussianArea'
  | 'lorentzian'
  | 'lorentzianArea'
  | 'pseudoVoigt'
  | 'pseudoVoigtArea'
  | 'splitGaussian'
  | 'splitLorentzian'
  | 'splitPseudoVoigt'
  | 'stepUp'
  | 'stepDown'
  | 'slit'
  | 'atan'
  | 'polynomial'
  | 'constant'
  | 'linear';

/**
 * One built-in shape inside a model: its kind, its first parameter's index, and (polynomials) its degree.
 *
 * @example
 * ```ts
 * import { gaussian, polynomial, sum, type ModelComponent } from '@pandaas/fit';
 * const parts: readonly ModelComponent[] = sum(polynomial(2), gaussian()).components ?? [];
 * // [{ kind: 'polynomial', offset: 0, degree: 2 }, { kind: 'gaussian', offset: 3, degree: 0 }]
 * ```
 */
export interface ModelComponent {
  readonly kind: ModelKind;
  /** Index of the component's first parameter in the model's parameter vector. */
  readonly offset: number;
  /** The degree of a `polynomial`; 0 for every other kind. */
  readonly degree: number;
}

/**
 * A fit model: `evaluate` writes f(x[i]; p) into `out[i]`, `jacobian` (when present) writes
 * ∂f(x[i])/∂p[j] into `out[j * n + i]` (parameter-major, n = x.length). Both write into the
 * caller's arrays and allocate nothing, so a solver can call them millions of times.
 *
 * Built-in models (and sums of them) also list their {@link ModelComponent}s, which is how batch
 * backends recognise them.
 *
 * @example
 * ```ts
 * const m = gaussian();
 * const x = Float64Array.of(-1, 0, 1), out = new Float64Array(3);
 * m.evaluate(x, Float64Array.of(10, 0, 2), out); // [8.409, 10, 8.409]
 * ```
 */
export interface Model {
  /** A short description, e.g. `'gaussian'` or `'linear + gaussian + gaussian'`. */
  readonly name: string;
  /** The parameter names, in parameter-vector order, e.g. `['Height', 'Position', 'FWHM']`. */
  readonly parameters: readonly string[];
  /** Writes f(x[i]; p) into out[i] for every i. */
  evaluate(x: Float64Array, p: Float64Array, out: Float64Array): void;
  /** Writes ∂f(x[i]; p)/∂p[j] into out[j * x.length + i]; absent: solvers differentiate numerically. */
  jacobian?(x: Float64Array, p: Float64Array, out: Float64Array): void;
  /**
   * Both at once (built-in models: one pass, about the cost of `jacobian` alone); optional, solvers
   * use it for trial steps when present.
   */
  evaluateAndJacobian?(x: Float64Array, p: Float64Array, out: Float64Array, jac: Float64Array): void;
  /** The built-in shapes this model is the sum of (absent on user models). */
  readonly components?: readonly ModelComponent[];
}
