import { isFloat } from '../dtype.js';
import { cumsum } from '../ops/cumsum.js';
import { defineCase, type ConformanceCase } from './case.js';
import type { Check } from './compare.js';
import { evaluate, heldDtypes, type Operand } from './harness.js';
import { LAYOUTS } from './layouts.js';
import { cumsumOracle } from './oracle-scan.js';
import type { Logical } from './oracle.js';
import { fmt } from './shapes.js';

/**
 * Error bound of a float prefix sum of `n` terms, relative to the prefix sum of magnitudes:
 * n units of rounding of the dtype covers a sequential scan in that dtype (n - 1) and any
 * parallel scan (log2 n levels); a float64 accumulator does far better. Integers are exact
 * (32-bit results wrap around).
 */
const bound = (n: number, dtype: string): number => Math.max(1, n) * (dtype === 'float64' ? 2 ** -53 : 2 ** -24);

/**
 * cumsum inclusive and exclusive along every axis of random 1-D to 3-D arrays (and a long
 * 1-D scan), for every held dtype (8- and 16-bit integers widen, 32-bit ones wrap), through
 * strided views, and on empty arrays.
 */
const cumsumCase = defineCase('cumsum', 'cumsum', async (ctx) => {
  const checks: Check[] = [];
  for (const dtype of await heldDtypes(ctx.backend)) {
    const shapes = [ctx.rng.shape(ctx.rng.int(1, 3), 1, 7), ctx.rng.shape(3, 2, 6), [3000], [3, 0, 2]];
    for (const shape of shapes) {
      for (let axis = -1; axis >= -shape.length; axis--) {
        for (const exclusive of [false, true]) {
          const x: Operand = { dtype, shape, layout: shape.length > 1 ? ctx.rng.pick(LAYOUTS) : 'contiguous' };
          const ax = axis + shape.length;
          const tol = isFloat(dtype) ? { rel: bound(shape[ax], dtype) } : {};
          const scale = ([a]: Logical[]) => [cumsumOracle({ ...a, dtype: 'float64', values: Float64Array.from(a.values, Math.abs) }, ax, exclusive).values];
          const label = `cumsum ${dtype}${fmt(shape)} axis ${axis} ${exclusive ? 'exclusive' : 'inclusive'} ${x.layout}`;
          checks.push(...(await evaluate(ctx, label, [x], ([a]) => cumsum(a, { axis, exclusive }), ([a]) => cumsumOracle(a, ax, exclusive), tol, scale)));
        }
      }
    }
  }
  return checks;
});

/** The conformance case of `cumsum`. */
export const cumsumCases: readonly ConformanceCase[] = [cumsumCase];
