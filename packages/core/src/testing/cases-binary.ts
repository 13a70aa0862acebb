import { isFloat, type DType, type TypedArray } from '../dtype.js';
import type { BinaryOp } from '../kernel-names.js';
import { binary } from '../ops/elementwise.js';
import { defineCase, type ConformanceCase } from './case.js';
import type { Check, Tolerance } from './compare.js';
import { evaluate, heldDtypes, type CaseContext, type Operand } from './harness.js';
import { LAYOUTS } from './layouts.js';
import { binaryDtype, binaryOracle } from './oracle.js';
import { broadcastSet, fmt } from './shapes.js';
import { commonRange, INT_RANGE, type Range } from './values.js';

/**
 * Tolerances of float results (integer and bool results are always exact). Against the oracle
 * (CPU backend): +, -, *, / are correctly rounded in float64 and then in float32, so exact; pow
 * may differ by an ulp. Against the CPU result (other backends): WGSL's f32 +, -, * are
 * correctly rounded (1 ulp allows a different rounding of the halfway case), / is within 2.5 ulp
 * (4 with integer operands beyond 2^24 rounded on conversion to f32),
 * and pow is exp2(y * log2(x)) with an error growing with |y log2 x| (<= 8 here), about 1e-5.
 */
const TOL: Record<'oracle' | 'cpu', Record<BinaryOp, Tolerance>> = {
  oracle: { add: {}, sub: {}, mul: {}, div: {}, pow: { ulp: 1 }, maximum: {}, minimum: {}, equal: {}, notEqual: {}, less: {}, lessEqual: {}, greater: {}, greaterEqual: {} },
  cpu: { add: { ulp: 1 }, sub: { ulp: 1 }, mul: { ulp: 1 }, div: { ulp: 4 }, pow: { rel: 2e-5 }, maximum: {}, minimum: {}, equal: {}, notEqual: {}, less: {}, lessEqual: {}, greater: {}, greaterEqual: {} },
};

const COMPARISONS = new Set<BinaryOp>(['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual']);
const roundAll = (v: TypedArray): void => v.forEach((x, i) => (v[i] = Math.round(x)));
const noZeros = (v: TypedArray): void => v.forEach((x, i) => (v[i] = x === 0 ? 1 : x));
const ones = (v: TypedArray): void => void v.fill(1);

/**
 * The operands' value ranges for an op: comparisons on small integers (so that ties occur), no
 * zero divisors, and pow on positive bases (WGSL's pow is undefined for x <= 0) and small exponents.
 * `common` (mixed dtypes) keeps values that every dtype involved holds exactly.
 */
function operandsFor(op: BinaryOp, da: DType, db: DType, sa: number[], sb: number[], common: Range | undefined): [Operand, Operand] {
  const a: Operand = { dtype: da, shape: sa, range: common };
  const b: Operand = { dtype: db, shape: sb, range: common };
  if (COMPARISONS.has(op)) {
    a.range = b.range = [-3, 3];
    a.adjust = b.adjust = roundAll;
  } else if (op === 'div') {
    b.adjust = noZeros;
  } else if (op === 'pow') {
    a.range = isFloat(da) ? [0.5, 4] : [1, 6];
    if (da === 'bool') a.adjust = ones;
    b.range = isFloat(db) ? [-3, 3] : [Math.max(-3, INT_RANGE[db][0]), 3];
  }
  return [a, b];
}

async function check(ctx: CaseContext, op: BinaryOp, [a, b]: [Operand, Operand], note: string): Promise<Check[]> {
  const label = `${op} ${a.dtype}${fmt(a.shape)} ${b.dtype}${fmt(b.shape)} ${note}`;
  const out = binaryDtype(op, a.dtype, b.dtype);
  const tol = isFloat(out) ? TOL[ctx.reference][op] : {};
  return evaluate(ctx, label, [a, b], ([x, y]) => binary(op, x, y), ([x, y]) => binaryOracle(op, x, y), tol);
}

function binaryCase(op: BinaryOp): ConformanceCase {
  return defineCase(`binary ${op}`, 'binary', async (ctx) => {
    const dtypes = await heldDtypes(ctx.backend);
    const checks: Check[] = [];
    for (const d of dtypes) {
      const [sa, sb] = broadcastSet(ctx.rng, 2);
      checks.push(...(await check(ctx, op, operandsFor(op, d, d, sa, sb, undefined), 'broadcast')));
      const shape = ctx.rng.shape(ctx.rng.int(1, 3), 1, 6);
      const [a, b] = operandsFor(op, d, d, shape, shape, undefined);
      a.layout = ctx.rng.pick(LAYOUTS.slice(1));
      b.layout = ctx.rng.pick(LAYOUTS.slice(1));
      checks.push(...(await check(ctx, op, [a, b], `${a.layout}/${b.layout}`)));
      const [ea, eb] = broadcastSet(ctx.rng, 2, true);
      checks.push(...(await check(ctx, op, operandsFor(op, d, d, ea, eb, undefined), 'empty')));
    }
    for (let k = 0; k < 8; k++) {
      const da = ctx.rng.pick(dtypes);
      const db = ctx.rng.pick(dtypes);
      const [sa, sb] = broadcastSet(ctx.rng, 2);
      const [a, b] = operandsFor(op, da, db, sa, sb, commonRange([da, db]));
      a.layout = ctx.rng.pick(LAYOUTS);
      checks.push(...(await check(ctx, op, [a, b], `mixed ${a.layout}`)));
    }
    return checks;
  });
}

const OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];

/** One conformance case per binary op: every held dtype, broadcasting, strided views, empty arrays, mixed dtypes. */
export const binaryCases: readonly ConformanceCase[] = OPS.map(binaryCase);
