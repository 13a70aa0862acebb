import { isFloat, type DType } from '../dtype.js';
import type { ReduceOp } from '../kernel-names.js';
import { reduce } from '../ops/reduce.js';
import { defineCase, type ConformanceCase } from './case.js';
import type { Check, Tolerance } from './compare.js';
import { evaluate, heldDtypes, type CaseContext, type Operand } from './harness.js';
import { LAYOUTS } from './layouts.js';
import { reduceOracle } from './oracle-reduce.js';
import type { Logical } from './oracle.js';
import { fmt } from './shapes.js';

/**
 * Tolerances of sums and means, relative to the sum of the magnitudes of the reduced elements
 * (the scale of any summation's rounding error). Against the oracle: the CPU accumulates in
 * float64 and rounds once, so float32 results are within half an ulp (2^-24) of that scale, and
 * float64 within 1e-12 (summation order). Against the CPU result: compensated float32 sums on
 * the GPU, within 1e-6. min, max, argmin and argmax are exact everywhere.
 */
const SUM_TOL: Record<'oracle' | 'cpu', Record<'float32' | 'float64', Tolerance>> = {
  oracle: { float32: { rel: 2 ** -24 }, float64: { rel: 1e-12 } },
  cpu: { float32: { rel: 1e-6 }, float64: { rel: 1e-12 } },
};

interface Config {
  shape: number[];
  axis?: number | number[];
  keepDims?: boolean;
  operand?: Partial<Operand>;
  note: string;
}

function axesOf(axis: number | number[] | undefined, ndim: number): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  return (typeof axis === 'number' ? [axis] : axis).map((a) => (a < 0 ? a + ndim : a)).sort((p, q) => p - q);
}

function configs(ctx: CaseContext, op: ReduceOp, dtype: DType): Config[] {
  const { rng } = ctx;
  const ties: Partial<Operand> = op === 'sum' || op === 'mean' ? {} : { range: [-3, 3], adjust: (v) => v.forEach((x, i) => (v[i] = Math.round(x))) };
  const r = rng.int(2, 4);
  const subset = Array.from({ length: r }, (_, i) => i).filter(() => rng.next() < 0.5);
  const list: Config[] = [
    { shape: rng.shape(rng.int(0, 3)), note: 'all axes' },
    { shape: rng.shape(r), axis: -rng.int(1, r), keepDims: true, operand: ties, note: 'one axis, keepDims' },
    { shape: rng.shape(r), axis: subset.length > 0 ? subset : [0, r - 1], operand: { layout: rng.pick(LAYOUTS.slice(1)), ...ties }, note: 'axes subset' },
    { shape: [3, 1000], axis: -1, note: 'long rows' },
    { shape: [rng.int(1, 3), 0, 2], axis: [0, 2], keepDims: true, note: 'empty kept axis' },
  ];
  if (op === 'sum' || op === 'mean') list.push({ shape: [2, 0, 3], axis: 1, note: 'empty reduced axis' });
  if (isFloat(dtype)) {
    const nans = (v: { [i: number]: number; length: number }) => [1, 9, 10, 20].forEach((i) => (v[i] = NaN));
    list.push({ shape: [4, 6], axis: 1, operand: { ...ties, adjust: (v) => (ties.adjust?.(v), nans(v)) }, note: 'NaNs' });
  }
  if (dtype === 'float32' && (op === 'sum' || op === 'mean')) {
    list.push({ shape: [4096], operand: { values: [2 ** 24, ...new Array<number>(4095).fill(1)] }, note: 'compensation: 2^24 + 4095 ones' });
  }
  return list;
}

/** Per-element error scales: the sums (or means) of magnitudes of the reduced elements. */
function scaleOf(op: ReduceOp, axes: number[], keepDims: boolean) {
  if (op !== 'sum' && op !== 'mean') return undefined;
  return ([x]: Logical[]) => {
    const abs: Logical = { dtype: 'float64', shape: x.shape, values: Float64Array.from(x.values, Math.abs) };
    return [reduceOracle(op, abs, axes, keepDims).values];
  };
}

function reduceCase(op: ReduceOp): ConformanceCase {
  return defineCase(`reduce ${op}`, 'reduce', async (ctx) => {
    const checks: Check[] = [];
    for (const dtype of await heldDtypes(ctx.backend)) {
      for (const c of configs(ctx, op, dtype)) {
        const x: Operand = { dtype, shape: c.shape, ...c.operand };
        const keepDims = c.keepDims ?? false;
        const axes = axesOf(c.axis, c.shape.length);
        const tol = op === 'sum' || op === 'mean' ? SUM_TOL[ctx.reference][dtype === 'float64' ? 'float64' : 'float32'] : {};
        const label = `${op} ${dtype}${fmt(c.shape)} axis ${JSON.stringify(c.axis ?? 'all')} keepDims ${keepDims} ${x.layout ?? 'contiguous'} (${c.note})`;
        const run = ([a]: Parameters<typeof reduce>[1][]) => reduce(op, a, { axis: c.axis, keepDims });
        checks.push(...(await evaluate(ctx, label, [x], run, ([a]) => reduceOracle(op, a, axes, keepDims), tol, scaleOf(op, axes, keepDims))));
      }
    }
    return checks;
  });
}

const OPS: readonly ReduceOp[] = ['sum', 'mean', 'min', 'max', 'argmin', 'argmax'];

/** One conformance case per reduction: every held dtype, axes and keepDims, views, NaNs, empty axes. */
export const reduceCases: readonly ConformanceCase[] = OPS.map(reduceCase);
