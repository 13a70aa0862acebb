import { ArgumentError, ShapeError, show } from '@pandaas/core';
import { ADD_KERNELS, JACOBIAN_KERNELS, componentArrays, componentsModel } from './components.js';
import type { Model, ModelComponent } from './model.js';

function assertFloat64(value: unknown, argument: string, model: string): asserts value is Float64Array {
  if (!(value instanceof Float64Array)) throw new ArgumentError(`${model}: ${argument} must be a Float64Array; got ${show(value)}`);
}

/**
 * Builds the {@link Model} of a sum of built-in components: `evaluate`, `jacobian` and
 * `evaluateAndJacobian` check their arrays' types and lengths (O(1)), then run the kernels
 * without allocating.
 *
 * @example
 * ```ts
 * const m = componentModel('gaussian', ['Height', 'Position', 'FWHM'], [{ kind: 'gaussian', offset: 0, degree: 0 }]);
 * ```
 */
export function componentModel(name: string, parameters: readonly string[], components: readonly ModelComponent[]): Model {
  const { kinds, offsets, degrees } = componentArrays(components);
  const run = componentsModel(components.length, kinds, offsets, degrees, ADD_KERNELS, JACOBIAN_KERNELS);
  const nParams = parameters.length;
  function check(x: unknown, p: unknown, out: unknown, rows: number): void {
    assertFloat64(x, 'x', name);
    assertFloat64(p, 'p', name);
    assertFloat64(out, 'out', name);
    if (p.length !== nParams) throw new ShapeError(`${name}: p must hold ${nParams} parameters (${parameters.join(', ')}); got ${p.length}`);
    if (out.length !== rows * x.length) throw new ShapeError(`${name}: out must have length ${rows * x.length}; got ${out.length}`);
  }
  return Object.freeze({
    name,
    parameters: Object.freeze([...parameters]),
    components: Object.freeze(components.map((c) => Object.freeze({ ...c }))),
    evaluate(x: Float64Array, p: Float64Array, out: Float64Array): void {
      check(x, p, out, 1);
      run.evaluate(x, p, out);
    },
    jacobian(x: Float64Array, p: Float64Array, out: Float64Array): void {
      check(x, p, out, nParams);
      run.jacobian(x, p, out);
    },
    evaluateAndJacobian(x: Float64Array, p: Float64Array, out: Float64Array, jac: Float64Array): void {
      check(x, p, out, 1);
      assertFloat64(jac, 'jac', name);
      if (jac.length !== nParams * x.length) throw new ShapeError(`${name}: jac must have length ${nParams * x.length}; got ${jac.length}`);
      run.evaluateAndJacobian(x, p, out, jac);
    },
  });
}
