import type { KernelFunc } from '../../kernel-names.js';
import { newArray, valuesOf } from '../arrays.js';
import { specialise } from '../loop-table.js';
import { poolSize, runOnPool, splitRange, usePool } from '../pool.js';
import { copyStrided } from './copy-impl.js';
import { fftPlan } from './fft-plan.js';

const STAGES = ['fftStage2', 'fftStage3', 'fftStage4', 'fftStageN'];

/**
 * CPU `fft`: the input is copied into the (contiguous) outputs, then every row along the last axis
 * is transformed in place in float64 with the cached plan of its length, unnormalised forward and
 * scaled by 1/n inverse (numpy's conventions), and written back in the input's dtype. Large
 * batches are split over the pool by rows.
 */
export const fft: KernelFunc<'fft'> = async ({ re, im }, { inverse }) => {
  const shape = re.shape;
  const outRe = newArray(re, re.dtype, shape);
  const outIm = newArray(re, re.dtype, shape);
  const size = outRe.array.size;
  if (size === 0) return { re: outRe.array, im: outIm.array };
  copyStrided(shape, valuesOf(re), re.strides, re.offset, outRe.values);
  if (im !== undefined) copyStrided(shape, valuesOf(im), im.strides, im.offset, outIm.values);
  const n = shape[shape.length - 1];
  const rows = size / n;
  const plan = fftPlan(n);
  const argsFor = (first: number, count: number): unknown[] => [
    first, count, n, outRe.values, outIm.values, 0, plan.radices, plan.twiddles, inverse, inverse ? 1 / n : 1,
    new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(7), new Float64Array(7),
  ];
  if (rows > 1 && usePool(size, [outRe.values, outIm.values])) {
    await runOnPool(splitRange(rows, poolSize()).map(([first, count]) => ({ name: 'fftRows', fns: STAGES, args: argsFor(first, count) })));
  } else {
    const args = argsFor(0, rows);
    const k = specialise('fftRows', STAGES, args);
    k.run(...args, ...k.fns);
  }
  return { re: outRe.array, im: outIm.array };
};
