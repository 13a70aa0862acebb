import { isFloat } from '../dtype.js';
import { clip, where } from '../ops/elementwise.js';
import { defineCase, type ConformanceCase } from './case.js';
import type { Check } from './compare.js';
import { evaluate, heldDtypes, type Operand } from './harness.js';
import { LAYOUTS } from './layouts.js';
import { clipOracle, whereOracle } from './oracle.js';
import { broadcastSet, fmt } from './shapes.js';
import { commonRange, INT_RANGE } from './values.js';

/**
 * `clip` on every held dtype, with both bounds, one bound, strided views and empty arrays; float
 * inputs hold NaNs, which stay NaN. Exact on every backend (a clamp rounds nothing).
 */
const clipCase = defineCase('clip', 'clip', async (ctx) => {
  const checks: Check[] = [];
  for (const dtype of await heldDtypes(ctx.backend)) {
    const [lo, hi] = isFloat(dtype) ? [-100, 100] : INT_RANGE[dtype];
    const bound = (): number => (isFloat(dtype) ? ctx.rng.float(lo, hi) : ctx.rng.int(lo, hi));
    const [b1, b2] = [bound(), bound()].sort((p, q) => p - q);
    const bounds = [{ min: b1, max: b2 }, { min: b1 }, { max: b2 }];
    for (const [k, options] of bounds.entries()) {
      const shape = k === 2 ? [ctx.rng.int(1, 3), 0] : ctx.rng.shape(ctx.rng.int(1, 3), 1, 6);
      const x: Operand = { dtype, shape, layout: ctx.rng.pick(LAYOUTS) };
      if (isFloat(dtype)) x.adjust = (v) => v.forEach((_, i) => i % 5 === 1 && (v[i] = NaN));
      const label = `clip ${dtype}${fmt(shape)} ${x.layout} [${options.min ?? '-inf'}, ${options.max ?? 'inf'}]`;
      const oracle = ([a]: ReturnType<typeof clipOracle>[]) => clipOracle(a, options.min ?? -Infinity, options.max ?? Infinity);
      checks.push(...(await evaluate(ctx, label, [x], ([a]) => clip(a, options), oracle, {})));
    }
  }
  return checks;
});

/**
 * `where` with bool and integer conditions (any non-zero is true), broadcasting all three inputs,
 * mixed value dtypes (values that both hold exactly), strided views and empty arrays. Exact.
 */
const whereCase = defineCase('where', 'where', async (ctx) => {
  const dtypes = await heldDtypes(ctx.backend);
  const conds = dtypes.filter((d) => !isFloat(d));
  const checks: Check[] = [];
  for (let k = 0; k < 3 * dtypes.length; k++) {
    const [dc, da, db] = [ctx.rng.pick(conds), ctx.rng.pick(dtypes), ctx.rng.pick(dtypes)];
    const [sc, sa, sb] = broadcastSet(ctx.rng, 3, k % 7 === 6);
    const range = commonRange([da, db]);
    const specs: Operand[] = [
      { dtype: dc, shape: sc, range: [-1, 1], layout: ctx.rng.pick(LAYOUTS) },
      { dtype: da, shape: sa, range, layout: ctx.rng.pick(LAYOUTS) },
      { dtype: db, shape: sb, range },
    ];
    const label = `where ${dc}${fmt(sc)} ${da}${fmt(sa)} ${db}${fmt(sb)} ${specs[0].layout}/${specs[1].layout}`;
    checks.push(...(await evaluate(ctx, label, specs, ([c, a, b]) => where(c, a, b), ([c, a, b]) => whereOracle(c, a, b), {})));
  }
  return checks;
});

/** The conformance cases of `clip` and `where`. */
export const selectCases: readonly ConformanceCase[] = [clipCase, whereCase];
