import { describe, expect, it } from 'vitest';
import { linspace } from '../testing/finite-difference.js';
import { sum } from './sum.js';
import { gaussian, linear, slit, splitPseudoVoigt, stepUp } from './builtins.js';
import { leastsq } from '../leastsq/leastsq.js';
import { MODEL_FUNCTIONS, MODEL_KINDS, componentArrays, type AddKernel, type ComponentsEvaluator, type JacobianKernel } from './components.js';

/** Compiles every model function from its source text in one fresh scope, as a worker would. */
function compileFromSource(): Record<string, (...args: unknown[]) => unknown> {
  const names = Object.keys(MODEL_FUNCTIONS);
  const body = `${names.map((name) => String(MODEL_FUNCTIONS[name])).join('\n')}\nreturn { ${names.join(', ')} };`;
  return new Function('__name', body)((fn: unknown) => fn) as Record<string, (...args: unknown[]) => unknown>;
}

describe('model functions compiled from their source text (as a worker does)', () => {
  it('give the same values and Jacobians as the modules, and fit the same with leastsq', () => {
    const fns = compileFromSource();
    const adds = MODEL_KINDS.map((k) => fns[`${k}Add`]) as unknown as AddKernel[];
    const jacs = MODEL_KINDS.map((k) => fns[`${k}Jac`]) as unknown as JacobianKernel[];
    const model = sum(linear(), gaussian(), splitPseudoVoigt(), stepUp(), slit());
    const p = Float64Array.of(1, 0.1, 5, -3, 2, 4, 2, 3, 1.5, 0.3, 2, 1, 1.5, 3, 0, 6, 1);
    const x = linspace(-10, 10, 64);
    const { kinds, offsets, degrees } = componentArrays(model.components ?? []);
    const compiled = fns.componentsModel(kinds.length, kinds, offsets, degrees, adds, jacs) as unknown as ComponentsEvaluator;
    const out = new Float64Array(x.length), ref = new Float64Array(x.length);
    compiled.evaluate(x, p, out);
    model.evaluate(x, p, ref);
    expect(Array.from(out)).toEqual(Array.from(ref));
    const jac = new Float64Array(p.length * x.length), jref = new Float64Array(p.length * x.length);
    compiled.evaluateAndJacobian(x, p, out, jac);
    model.jacobian?.(x, p, jref);
    expect(Array.from(jac)).toEqual(Array.from(jref));
    // the one-pass values round differently (h·(1/(1+u²)) for h/(1+u²)): 1e-14 of the largest
    const scale = Math.max(...Array.from(ref, Math.abs));
    ref.forEach((v, i) => expect(Math.abs(out[i] - v)).toBeLessThanOrEqual(1e-14 * scale));
    const direct = leastsq(model, x, ref, p.map((v) => v * 1.01));
    const viaCompiled = leastsq({ ...compiled, name: 'compiled', parameters: model.parameters }, x, ref, p.map((v) => v * 1.01));
    expect(Array.from(viaCompiled.params)).toEqual(Array.from(direct.params));
  });
});
