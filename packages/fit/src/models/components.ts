/**
 * Evaluation of a sum of built-in shapes described by plain arrays (kind codes, parameter
 * offsets, polynomial degrees): what every built-in {@link Model} runs. The two loops here take
 * their kernel tables as arguments and refer to nothing else, and every kernel refers only to
 * `Math` and to functions of its own module, so a worker can rebuild all of it from source text
 * ({@link MODEL_FUNCTIONS}, kernels named `${kind}Add` / `${kind}Jac`, tables in {@link MODEL_KINDS} order).
 *
 * @module
 */
import type { ModelComponent, ModelKind } from './model.js';
import {
  gaussianAdd, gaussianAreaAdd, gaussianAreaJac, gaussianJac, gaussianShapeAdd, gaussianShapeJac, lorentzianAdd, lorentzianAreaAdd,
  lorentzianAreaJac, lorentzianJac, lorentzianShapeAdd, pseudoVoigtAdd, pseudoVoigtAreaAdd, pseudoVoigtAreaJac, pseudoVoigtJac,
  pseudoVoigtShapeAdd,
} from './peak-kernels.js';
import { constantAdd, constantJac, linearAdd, linearJac, polynomialAdd, polynomialJac } from './polynomial-kernels.js';
import {
  splitGaussianAdd, splitGaussianJac, splitLorentzianAdd, splitLorentzianJac, splitPseudoVoigtAdd, splitPseudoVoigtJac,
} from './split-kernels.js';
import {
  atanAdd, atanJac, erf, erfc, slitAdd, slitJac, stepAdd, stepDownAdd, stepDownJac, stepJac, stepUpAdd, stepUpJac,
} from './step-kernels.js';

/** A kernel adding one shape (parameters from p[o]) to out[0..n); `deg` is a polynomial's degree. */
export type AddKernel = (n: number, x: Float64Array, p: Float64Array, o: number, out: Float64Array, deg: number) => void;
/** A kernel writing one shape's Jacobian rows r, r+1, ... into jac[row * n + i], and adding its values to out unless null. */
export type JacobianKernel = (
  n: number, x: Float64Array, p: Float64Array, o: number, jac: Float64Array, r: number, out: Float64Array | null, deg: number,
) => void;

/** Every kind, in the order of its numeric code (the index into the kernel tables). */
export const MODEL_KINDS: readonly ModelKind[] = [
  'gaussian', 'gaussianArea', 'lorentzian', 'lorentzianArea', 'pseudoVoigt', 'pseudoVoigtArea',
  'splitGaussian', 'splitLorentzian', 'splitPseudoVoigt', 'stepUp', 'stepDown', 'slit', 'atan',
  'polynomial', 'constant', 'linear',
];

/** The add kernels in {@link MODEL_KINDS} order. */
export const ADD_KERNELS: readonly AddKernel[] = [
  gaussianAdd, gaussianAreaAdd, lorentzianAdd, lorentzianAreaAdd, pseudoVoigtAdd, pseudoVoigtAreaAdd,
  splitGaussianAdd, splitLorentzianAdd, splitPseudoVoigtAdd, stepUpAdd, stepDownAdd, slitAdd, atanAdd,
  polynomialAdd, constantAdd, linearAdd,
];

/** The Jacobian kernels in {@link MODEL_KINDS} order. */
export const JACOBIAN_KERNELS: readonly JacobianKernel[] = [
  gaussianJac, gaussianAreaJac, lorentzianJac, lorentzianAreaJac, pseudoVoigtJac, pseudoVoigtAreaJac,
  splitGaussianJac, splitLorentzianJac, splitPseudoVoigtJac, stepUpJac, stepDownJac, slitJac, atanJac,
  polynomialJac, constantJac, linearJac,
];

/**
 * Adds the sum of `count` components (code `kinds[c]` indexing `adds`, first parameter
 * `offsets[c]`, polynomial degree `degrees[c]`) at x[0..n) to out[0..n).
 *
 * @example
 * ```ts
 * out.fill(0);
 * addComponents(1, Int32Array.of(0), Int32Array.of(0), Int32Array.of(0), n, x, Float64Array.of(1, 0, 2), out, ADD_KERNELS);
 * ```
 */
export function addComponents(
  count: number, kinds: Int32Array, offsets: Int32Array, degrees: Int32Array,
  n: number, x: Float64Array, p: Float64Array, out: Float64Array, adds: readonly AddKernel[],
): void {
  for (let c = 0; c < count; c++) adds[kinds[c]](n, x, p, offsets[c], out, degrees[c]);
}

/**
 * Writes the parameter-major Jacobian of the sum {@link addComponents} adds (component c's rows
 * start at row offsets[c], so every row of `jac` is written) and, unless `out` is null, adds the
 * sum's values to out in the same pass.
 *
 * @example
 * ```ts
 * componentsJacobian(1, Int32Array.of(15), Int32Array.of(0), Int32Array.of(0), n, x, p, jac, null, JACOBIAN_KERNELS); // rows: 1, x
 * ```
 */
export function componentsJacobian(
  count: number, kinds: Int32Array, offsets: Int32Array, degrees: Int32Array,
  n: number, x: Float64Array, p: Float64Array, jac: Float64Array, out: Float64Array | null, jacobians: readonly JacobianKernel[],
): void {
  for (let c = 0; c < count; c++) jacobians[kinds[c]](n, x, p, offsets[c], jac, offsets[c], out, degrees[c]);
}

/** What {@link componentsModel} makes: a model's three methods, unchecked (as a solver calls them). */
export interface ComponentsEvaluator {
  evaluate(x: Float64Array, p: Float64Array, out: Float64Array): void;
  jacobian(x: Float64Array, p: Float64Array, out: Float64Array): void;
  evaluateAndJacobian(x: Float64Array, p: Float64Array, out: Float64Array, jac: Float64Array): void;
}

/**
 * The evaluate / jacobian / evaluateAndJacobian of a sum of components, with no checks (the arrays
 * are trusted): what built-in models run after checking their arguments, and what a worker builds
 * for leastsq's loop from the compiled {@link MODEL_FUNCTIONS}.
 *
 * @example
 * ```ts
 * const m = componentsModel(1, Int32Array.of(0), Int32Array.of(0), Int32Array.of(0), ADD_KERNELS, JACOBIAN_KERNELS);
 * m.evaluate(x, Float64Array.of(1, 0, 2), out);
 * ```
 */
export function componentsModel(
  count: number, kinds: Int32Array, offsets: Int32Array, degrees: Int32Array, adds: readonly AddKernel[], jacobians: readonly JacobianKernel[],
): ComponentsEvaluator {
  return {
    evaluate(x, p, out) {
      out.fill(0);
      addComponents(count, kinds, offsets, degrees, x.length, x, p, out, adds);
    },
    jacobian(x, p, jac) {
      componentsJacobian(count, kinds, offsets, degrees, x.length, x, p, jac, null, jacobians);
    },
    evaluateAndJacobian(x, p, out, jac) {
      out.fill(0);
      componentsJacobian(count, kinds, offsets, degrees, x.length, x, p, jac, out, jacobians);
    },
  };
}

/**
 * Every function of the built-in models by name, for workers that compile them from source:
 * erf/erfc, the shape kernels the `${kind}Add` / `${kind}Jac` kernels call, those kernels, the
 * two loops above and {@link componentsModel}. (Kernels call one another by name, so compile them
 * in one scope.)
 */
export const MODEL_FUNCTIONS: Readonly<Record<string, (...args: never[]) => unknown>> = {
  erf, erfc, addComponents, componentsJacobian, componentsModel,
  gaussianShapeAdd, gaussianShapeJac, lorentzianShapeAdd, pseudoVoigtShapeAdd,
  stepAdd, stepJac,
  ...Object.fromEntries(MODEL_KINDS.flatMap((kind, code) => [[`${kind}Add`, ADD_KERNELS[code]], [`${kind}Jac`, JACOBIAN_KERNELS[code]]])),
};

/** Built-in components as the three arrays the loops above take. */
export function componentArrays(comps: readonly ModelComponent[]): { kinds: Int32Array; offsets: Int32Array; degrees: Int32Array } {
  return {
    kinds: Int32Array.from(comps, (c) => MODEL_KINDS.indexOf(c.kind)),
    offsets: Int32Array.from(comps, (c) => c.offset),
    degrees: Int32Array.from(comps, (c) => c.degree),
  };
}
