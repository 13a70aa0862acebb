import { describe, expect, it } from 'vitest';
import { centralDifferences, linspace } from '../testing/finite-difference.js';
import {
  atan, constant, gaussian, gaussianArea, linear, lorentzian, lorentzianArea, polynomial, pseudoVoigt, slit, splitGaussian,
  splitLorentzian, splitPseudoVoigt, stepDown, stepUp,
} from './builtins.js';
import type { Model } from './model.js';
import { sum } from './sum.js';

// x avoids the split models' centre (1.3) so that every point sits on one side of the kink in ∂f/∂LowFWHM.
const x = linspace(-15.05, 15.05, 302);

const CASES: [string, Model, number[]][] = [
  ['gaussian', gaussian(), [7, 1.3, 4.5]],
  ['gaussianArea', gaussianArea(), [30, -1.3, 3.5]],
  ['lorentzian', lorentzian(), [7, 1.3, 4.5]],
  ['lorentzianArea', lorentzianArea(), [30, -1.3, 3.5]],
  ['pseudoVoigt height', pseudoVoigt(), [7, 1.3, 4.5, 0.35]],
  ['pseudoVoigt area', pseudoVoigt({ form: 'area' }), [30, -1.3, 3.5, 0.6]],
  ['splitGaussian', splitGaussian(), [7, 1.3, 2.5, 6]],
  ['splitLorentzian', splitLorentzian(), [7, 1.3, 2.5, 6]],
  ['splitPseudoVoigt', splitPseudoVoigt(), [7, 1.3, 2.5, 6, 0.3]],
  ['stepUp', stepUp(), [5, 1.3, 3]],
  ['stepDown', stepDown(), [5, -1.3, 3]],
  ['slit', slit(), [5, 1.3, 8, 2.5]],
  ['atan', atan(), [5, 1.3, 2]],
  ['polynomial3', polynomial(3), [0.001, -0.02, 0.3, 2]],
  ['constant', constant(), [4]],
  ['linear', linear(), [4, -0.2]],
  ['sum linear + 2 gaussians + stepDown', sum(linear(), gaussian(), gaussian(), stepDown()), [2, 0.1, 7, -3.1, 2, 4, 5.2, 3, 1, 0.3, 2]],
];

describe('analytic Jacobians against central finite differences', () => {
  it.each(CASES)('%s', (_name, model, params) => {
    const p = Float64Array.from(params);
    const n = x.length;
    const jac = new Float64Array(p.length * n);
    model.jacobian?.(x, p, jac);
    const fd = centralDifferences(model, x, p);
    expect(model.jacobian).toBeTypeOf('function');
    for (let j = 0; j < p.length; j++) {
      const col = jac.subarray(j * n, (j + 1) * n);
      const scale = Math.max(...Array.from(col, Math.abs));
      expect(scale, `column ${model.parameters[j]} is not all zero`).toBeGreaterThan(0);
      // tolerance: 1e-7 of the column's largest magnitude (central differences with step 1e-6·max(|p|, 1))
      for (let i = 0; i < n; i++) expect(Math.abs(col[i] - fd[j * n + i]), `${model.parameters[j]} at x=${x[i]}`).toBeLessThanOrEqual(1e-7 * scale);
    }
  });
});

describe('evaluateAndJacobian: both in one pass', () => {
  it.each(CASES)('%s', (_name, model, params) => {
    const p = Float64Array.from(params);
    const n = x.length;
    const values = new Float64Array(n), jac = new Float64Array(p.length * n);
    const refValues = new Float64Array(n), refJac = new Float64Array(p.length * n);
    model.evaluateAndJacobian?.(x, p, values, jac);
    model.evaluate(x, p, refValues);
    model.jacobian?.(x, p, refJac);
    expect(Array.from(jac)).toEqual(Array.from(refJac));
    const scale = Math.max(...Array.from(refValues, Math.abs));
    // tolerance: 1e-14 of the largest value (the one-pass kernels round some products differently)
    refValues.forEach((v, i) => expect(Math.abs(values[i] - v)).toBeLessThanOrEqual(1e-14 * scale));
  });
});
