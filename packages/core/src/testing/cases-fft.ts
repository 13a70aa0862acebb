import { isFloat, type DType } from '../dtype.js';
import { fft, ifft } from '../ops/fft.js';
import { defineCase, type ConformanceCase } from './case.js';
import type { Check, Tolerance } from './compare.js';
import { evaluate, heldDtypes, type Operand } from './harness.js';
import type { Layout } from './layouts.js';
import { dftOracle } from './oracle-fft.js';
import { fmt } from './shapes.js';

/** Lengths: trivial, every radix alone, mixed radices, powers of two up to 4096. */
const LENGTHS = [1, 2, 3, 5, 7, 8, 12, 60, 64, 210, 1024, 4096];

/**
 * The L2 norm of the error over the L2 norm of the exact transform (real and imaginary parts
 * together; by Parseval, sqrt(n) times the input's norm): an FFT's error grows as log2(n) units
 * of rounding. float32: 1e-5 log2(n);
 * float64: 2e-15 log2(n) (measured on the CPU: below 2e-16 log2(n), the oracle's own O(n^2)
 * sums included, up to n = 4096).
 */
function tolerance(n: number, dtype: DType): Tolerance {
  const levels = Math.max(1, Math.log2(n));
  return { l2: (dtype === 'float64' ? 2e-15 : 1e-5) * levels };
}

/**
 * fft and ifft for every length, batched along leading axes, for each float dtype held: real
 * input (im omitted), complex input through a strided view (reversed last axis with step 2), the
 * inverse through a transposed view (last axis not contiguous), and an empty batch.
 */
const fftCase = defineCase('fft', 'fft', async (ctx) => {
  const floats = (await heldDtypes(ctx.backend)).filter(isFloat);
  const checks: Check[] = [];
  for (const dtype of floats) {
    for (const n of LENGTHS) {
      const batch = n >= 4096 ? [1] : n >= 1024 ? [2] : n >= 60 ? [3] : [2, 3];
      const shape = [...batch, n];
      const tol = tolerance(n, dtype);
      const part = (layout: Layout): Operand => ({ dtype, shape, range: [-1, 1], layout });
      const at = `${dtype}${fmt(shape)}`;
      checks.push(...(await evaluate(ctx, `fft real ${at}`, [part('contiguous')], ([re]) => fft(re), ([re]) => {
        const out = dftOracle(re, undefined, false);
        return [out.re, out.im];
      }, tol, undefined, true)));
      checks.push(...(await evaluate(ctx, `fft complex ${at} strided`, [part('strided'), part('strided')], ([re, im]) => fft(re, im), ([re, im]) => {
        const out = dftOracle(re, im, false);
        return [out.re, out.im];
      }, tol, undefined, true)));
      checks.push(...(await evaluate(ctx, `ifft ${at} transposed`, [part('transposed'), part('contiguous')], ([re, im]) => ifft(re, im), ([re, im]) => {
        const out = dftOracle(re, im, true);
        return [out.re, out.im];
      }, tol, undefined, true)));
    }
    const empty: Operand = { dtype, shape: [0, 8] };
    checks.push(...(await evaluate(ctx, `fft ${dtype}[0,8] empty batch`, [empty, empty], ([re, im]) => fft(re, im), ([re, im]) => {
      const out = dftOracle(re, im, false);
      return [out.re, out.im];
    }, {})));
  }
  return checks;
});

/** The conformance case of `fft` and `ifft`. */
export const fftCases: readonly ConformanceCase[] = [fftCase];
