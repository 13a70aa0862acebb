import { isFloat, type DType } from '../dtype.js';
import { csrSpmv } from '../ops/sparse.js';
import { defineCase, type ConformanceCase } from './case.js';
import type { Check } from './compare.js';
import { evaluate, heldDtypes, type CaseContext, type Operand } from './harness.js';
import { csrOracle } from './oracle-sparse.js';
import { fmt } from './shapes.js';

/**
 * Error bound of a CSR row sum of at most `k` terms, relative to the sum of the terms' magnitudes:
 * (k + 3) units of rounding of the dtype covers a plain sequential sum in that dtype (k - 1),
 * the power of the weight (2) and the product (1); a float64 accumulator does far better.
 */
const bound = (k: number, dtype: DType): number => (k + 3) * (dtype === 'float64' ? 2 ** -53 : 2 ** -24);

interface Csr {
  indptr: number[];
  indices: number[];
  rows: number;
  cols: number;
  longest: number;
}

/** A random CSR pattern: rows of 0 to `maxRow` entries (empty rows included), columns may repeat. */
function randomCsr(ctx: CaseContext, rows: number, cols: number, maxRow: number): Csr {
  const indptr = [0];
  const indices: number[] = [];
  let longest = 0;
  for (let r = 0; r < rows; r++) {
    const k = ctx.rng.next() < 0.15 ? 0 : ctx.rng.int(1, maxRow);
    for (let j = 0; j < k; j++) indices.push(ctx.rng.int(0, cols - 1));
    indptr.push(indices.length);
    longest = Math.max(longest, k);
  }
  return { indptr, indices, rows, cols, longest };
}

/**
 * csrSpmv with 1 to 5 channels (and a plain `[columns]` vector), every combination of powers
 * drawn at random, int32 and uint32 patterns, float32 and float64 weights and vectors that the
 * backend holds, a transposed (channel-planar) vector, and an empty matrix (no rows). Channels
 * 0 stands for the plain vector.
 */
const csrCase = defineCase('csrSpmv', 'csrSpmv', async (ctx) => {
  const floats = (await heldDtypes(ctx.backend)).filter(isFloat);
  const checks: Check[] = [];
  for (const [k, channels] of [0, 1, 2, 3, 4, 5, 3].entries()) {
    const empty = k === 6;
    const m = randomCsr(ctx, empty ? 0 : ctx.rng.int(1, 40), ctx.rng.int(1, 30), 12);
    const index = ctx.rng.pick<DType>(['int32', 'uint32']);
    for (const wt of floats) {
      for (const xt of floats) {
        const powers = Array.from({ length: Math.max(channels, 1) }, () => ctx.rng.int(0, 2));
        const xShape = channels === 0 ? [m.cols] : [m.cols, channels];
        const layout = channels > 1 && ctx.rng.next() < 0.5 ? 'transposed' : 'contiguous';
        const specs: Operand[] = [
          { dtype: index, shape: [m.indptr.length], values: m.indptr },
          { dtype: index, shape: [m.indices.length], values: m.indices },
          { dtype: wt, shape: [m.indices.length], range: [-1, 2] },
          { dtype: xt, shape: xShape, range: [-10, 10], layout },
        ];
        const label = `csrSpmv ${m.rows}x${m.cols} nnz ${m.indices.length} ${index} w ${wt} x ${xt}${fmt(xShape)} ${layout} powers ${fmt(powers)}`;
        const run = ([indptr, indices, weights, x]: Parameters<typeof csrSpmv>[1][]) => csrSpmv({ indptr, indices, weights }, x, { powers });
        const scale = ([p, i, w, x]: ReturnType<typeof csrOracle>[]) => [csrOracle(p, i, w, x, powers, true).values];
        const tol = { rel: bound(m.longest, xt) };
        checks.push(...(await evaluate(ctx, label, specs, run, ([p, i, w, x]) => csrOracle(p, i, w, x, powers), tol, scale)));
      }
    }
  }
  return checks;
});

/** The conformance case of `csrSpmv`. */
export const sparseCases: readonly ConformanceCase[] = [csrCase];
