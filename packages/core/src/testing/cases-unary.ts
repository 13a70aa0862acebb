import { isFloat, type DType } from '../dtype.js';
import type { UnaryOp } from '../kernel-names.js';
import { unary } from '../ops/elementwise.js';
import { defineCase, type ConformanceCase } from './case.js';
import type { Check, Tolerance } from './compare.js';
import { evaluate, heldDtypes, type Operand } from './harness.js';
import { LAYOUTS } from './layouts.js';
import { unaryDtype, unaryOracle } from './oracle.js';
import { fmt } from './shapes.js';
import { INT_RANGE, type Range } from './values.js';

/**
 * Tolerances of float results (integer and bool results are always exact). Against the oracle:
 * the CPU computes in float64 (Math.*) and rounds, so sqrt is exact and the transcendental
 * functions may differ by an ulp. Against the CPU result, WGSL's f32 accuracy: sqrt 2.5 ulp,
 * exp 3 + 2|x| ulp (|x| <= 10 here: rel 3e-6), log 3 ulp or 2^-21 absolute near 1, log1p as log.
 */
const TOL: Record<'oracle' | 'cpu', Record<UnaryOp, Tolerance>> = {
  oracle: { abs: {}, neg: {}, sign: {}, square: {}, sqrt: {}, exp: { ulp: 1 }, log: { ulp: 1 }, log1p: { ulp: 1 }, floor: {}, ceil: {}, isnan: {} },
  cpu: { abs: {}, neg: {}, sign: {}, square: { ulp: 1 }, sqrt: { ulp: 3 }, exp: { rel: 3e-6 }, log: { ulp: 3, abs: 5e-7 }, log1p: { ulp: 4, abs: 1e-6 }, floor: {}, ceil: {}, isnan: {} },
};

/** Value ranges inside each function's domain (and exp's, so that it neither overflows nor flushes). */
function rangeOf(op: UnaryOp, dtype: DType): Range | undefined {
  const float = isFloat(dtype);
  if (op === 'sqrt') return float ? [0, 1000] : [0, 2 ** 24];
  if (op === 'log') return float ? [1e-3, 1000] : [1, 2 ** 24];
  if (op === 'log1p') return float ? [-0.9, 100] : [0, 2 ** 24];
  if (op === 'exp') return [-10, 10];
  if (op === 'floor' || op === 'ceil') return float ? [-50, 50] : undefined;
  return undefined;
}

function unaryCase(op: UnaryOp): ConformanceCase {
  return defineCase(`unary ${op}`, 'unary', async (ctx) => {
    const checks: Check[] = [];
    for (const dtype of await heldDtypes(ctx.backend)) {
      const tol = isFloat(unaryDtype(op, dtype)) ? TOL[ctx.reference][op] : {};
      const shapes = [ctx.rng.shape(ctx.rng.int(0, 4)), ctx.rng.shape(ctx.rng.int(1, 3), 1, 7), [ctx.rng.int(1, 4), 0]];
      for (const [k, shape] of shapes.entries()) {
        const x: Operand = { dtype, shape, range: rangeOf(op, dtype), layout: k === 1 ? ctx.rng.pick(LAYOUTS.slice(1)) : 'contiguous' };
        if (op === 'isnan' && isFloat(dtype)) x.adjust = (v) => v.forEach((_, i) => i % 3 === 0 && (v[i] = NaN));
        if (x.range === undefined && !isFloat(dtype)) x.adjust = (v) => v.length > 1 && v.set(INT_RANGE[dtype], v.length - 2); // wrap-around at the extremes
        const label = `${op} ${dtype}${fmt(shape)} ${x.layout}`;
        checks.push(...(await evaluate(ctx, label, [x], ([a]) => unary(op, a), ([a]) => unaryOracle(op, a), tol)));
      }
    }
    return checks;
  });
}

const OPS: readonly UnaryOp[] = ['abs', 'neg', 'sign', 'square', 'sqrt', 'exp', 'log', 'log1p', 'floor', 'ceil', 'isnan'];

/** One conformance case per unary op: every held dtype, in-domain values, strided views, empty arrays. */
export const unaryCases: readonly ConformanceCase[] = OPS.map(unaryCase);
