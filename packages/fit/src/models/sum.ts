import { ArgumentError, ShapeError, show } from '@pandaas/core';
import { ADD_KERNELS, JACOBIAN_KERNELS, addComponents, componentArrays, componentsJacobian } from './components.js';
import { componentModel } from './component-model.js';
import type { Model, ModelComponent } from './model.js';

/** The leaf models of each sum, so that sums of sums flatten. */
const leavesOf = new WeakMap<Model, readonly Model[]>();

const BACKGROUND_KINDS = new Set(['constant', 'linear', 'polynomial']);

function isBackground(model: Model): boolean {
  const comps = model.components;
  return comps !== undefined && comps.length === 1 && BACKGROUND_KINDS.has(comps[0].kind);
}

function assertModel(value: unknown, argument: string): asserts value is Model {
  const m = value as Partial<Model> | null;
  if (typeof m !== 'object' || m === null || typeof m.evaluate !== 'function' || !Array.isArray(m.parameters)) {
    throw new ArgumentError(`sum: ${argument} must be a Model (name, parameters, evaluate); got ${show(value)}`);
  }
}

/**
 * The sum of models, e.g. a background plus peaks. Parameters follow silx's FitManager naming:
 * backgrounds (constant, linear, polynomial) keep their names (`Constant`, `Slope`, `a`, ...);
 * every other component is numbered in order, 1-based, its names suffixed (`Height1`,
 * `Position1`, `FWHM1`, `Height2`, ...). Sums of sums flatten first. Names must end up unique
 * (two backgrounds collide: an ArgumentError). A sum of built-ins is itself built-in (its
 * `components` list them, Jacobian analytic); with a user model inside, the sum has a Jacobian
 * only when every part does.
 *
 * @example
 * ```ts
 * const m = sum(linear(), gaussian(), gaussian());
 * m.parameters; // ['Constant', 'Slope', 'Height1', 'Position1', 'FWHM1', 'Height2', 'Position2', 'FWHM2']
 * ```
 */
export function sum(...models: Model[]): Model {
  if (models.length === 0) throw new ArgumentError('sum: needs at least one model; got none');
  models.forEach((m, i) => assertModel(m, `models[${i}]`));
  const leaves = models.flatMap((m) => leavesOf.get(m) ?? [m]);
  const names: string[] = [];
  let peak = 0;
  for (const leaf of leaves) {
    const suffix = isBackground(leaf) ? '' : String(++peak);
    for (const name of leaf.parameters) names.push(`${name}${suffix}`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ArgumentError(`sum: parameter name ${show(name)} appears twice (two backgrounds?) in ${leaves.map((l) => l.name).join(' + ')}`);
    seen.add(name);
  }
  const name = leaves.map((l) => l.name).join(' + ');
  const model = leaves.every((l) => l.components !== undefined) ? builtinSum(name, names, leaves) : generalSum(name, names, leaves);
  leavesOf.set(model, leaves);
  return model;
}

function builtinSum(name: string, names: readonly string[], leaves: readonly Model[]): Model {
  const components: ModelComponent[] = [];
  let offset = 0;
  for (const leaf of leaves) {
    for (const c of leaf.components ?? []) components.push({ kind: c.kind, degree: c.degree, offset: offset + c.offset });
    offset += leaf.parameters.length;
  }
  return componentModel(name, names, components);
}

interface Part {
  readonly model: Model;
  readonly offset: number;
  readonly size: number;
  readonly builtin?: ReturnType<typeof componentArrays> & { count: number };
}

function generalSum(name: string, names: readonly string[], leaves: readonly Model[]): Model {
  let offset = 0;
  const parts: Part[] = leaves.map((model) => {
    const part: Part = {
      model, offset, size: model.parameters.length,
      builtin: model.components && { ...componentArrays(model.components.map((c) => ({ ...c, offset: c.offset + offset }))), count: model.components.length },
    };
    offset += part.size;
    return part;
  });
  const nParams = offset;
  let scratch = new Float64Array(0);
  function check(x: Float64Array, p: Float64Array, out: Float64Array, rows: number): void {
    if (!(x instanceof Float64Array) || !(p instanceof Float64Array) || !(out instanceof Float64Array)) {
      throw new ArgumentError(`${name}: x, p and out must be Float64Arrays; got ${show(x)}, ${show(p)}, ${show(out)}`);
    }
    if (p.length !== nParams) throw new ShapeError(`${name}: p must hold ${nParams} parameters; got ${p.length}`);
    if (out.length !== rows * x.length) throw new ShapeError(`${name}: out must have length ${rows * x.length}; got ${out.length}`);
  }
  const model: Model = {
    name,
    parameters: Object.freeze([...names]),
    evaluate(x, p, out) {
      check(x, p, out, 1);
      const n = x.length;
      out.fill(0);
      if (scratch.length !== n) scratch = new Float64Array(n);
      for (const part of parts) {
        if (part.builtin) {
          addComponents(part.builtin.count, part.builtin.kinds, part.builtin.offsets, part.builtin.degrees, n, x, p, out, ADD_KERNELS);
        } else {
          part.model.evaluate(x, p.subarray(part.offset, part.offset + part.size), scratch);
          for (let i = 0; i < n; i++) out[i] += scratch[i];
        }
      }
    },
  };
  if (parts.every((part) => part.builtin !== undefined || typeof part.model.jacobian === 'function')) {
    Object.assign(model, {
      jacobian(x: Float64Array, p: Float64Array, out: Float64Array): void {
        check(x, p, out, nParams);
        const n = x.length;
        for (const part of parts) {
          if (part.builtin) {
            componentsJacobian(part.builtin.count, part.builtin.kinds, part.builtin.offsets, part.builtin.degrees, n, x, p, out, null, JACOBIAN_KERNELS);
          } else {
            part.model.jacobian?.(x, p.subarray(part.offset, part.offset + part.size), out.subarray(part.offset * n, (part.offset + part.size) * n));
          }
        }
      },
    });
  }
  return Object.freeze(model);
}
