import { isFloat, type DType } from '../dtype.js';
import { cast } from '../ops/cast.js';
import { defineCase, type ConformanceCase } from './case.js';
import type { Check } from './compare.js';
import { evaluate, heldDtypes, type Operand } from './harness.js';
import { LAYOUTS } from './layouts.js';
import { castOracle } from './oracle.js';
import { fmt } from './shapes.js';
import { commonRange, INT_RANGE, randomValues, type Range } from './values.js';

/**
 * Float values where the documented conversion matters: NaN (to 0, or true), infinities and
 * out-of-range values (saturation), fractions of both signs (truncation toward zero), the edges
 * of every integer range, and float32's overflow.
 */
const SPECIAL = [
  NaN, Infinity, -Infinity, 0, -0, 0.7, -0.7, 1.5, -1.5, 2.5, 127.9, 128, -128.9, -129, 255.5, 256, -1,
  32767.5, 32768, -32768.5, -32769, 65535.9, 65536, 2147483520, 2147483648, -2147483648, -2147483904,
  4294967040, 4294967296, 1e10, -1e10, 3.4e38, 1e39, -1e39,
];

/**
 * Values for converting `src` to `dst`. Integers convert to integers only inside both ranges:
 * the contract documents saturation for floats, and leaves out-of-range integer-to-integer
 * conversion unspecified. Integers convert to float32 only where float32 holds them exactly
 * (WGSL leaves the rounding of the others to the implementation).
 */
function rangeOf(src: DType, dst: DType): Range {
  if (dst === 'bool' || dst === 'float64' || dst === src) return INT_RANGE[src];
  return commonRange([src, dst]);
}

/** Every pair of held dtypes, exactly: specials, random values, a strided view and an empty array. */
const castCase = defineCase('cast', 'cast', async (ctx) => {
  const dtypes = await heldDtypes(ctx.backend);
  const checks: Check[] = [];
  for (const src of dtypes) {
    for (const dst of dtypes) {
      const specs: Operand[] = [];
      if (isFloat(src)) {
        const random = randomValues(ctx.rng, 'float64', 30, [-300, 300]);
        specs.push({ dtype: src, shape: [SPECIAL.length + random.length], values: [...SPECIAL, ...random], layout: 'flipped' });
      } else {
        specs.push({ dtype: src, shape: ctx.rng.shape(2, 1, 8), range: rangeOf(src, dst), layout: ctx.rng.pick(LAYOUTS.slice(1)) });
      }
      specs.push({ dtype: src, shape: [0, 3] });
      for (const x of specs) {
        const label = `cast ${src}${fmt(x.shape)} -> ${dst} ${x.layout ?? 'contiguous'}`;
        checks.push(...(await evaluate(ctx, label, [x], ([a]) => cast(a, dst), ([a]) => castOracle(a, dst), {})));
      }
    }
  }
  return checks;
});

/** The conformance case of `cast`. */
export const castCases: readonly ConformanceCase[] = [castCase];
