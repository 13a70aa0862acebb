import type { DType } from '../dtype.js';
import { ArgumentError, ShapeError, show } from '../errors.js';
import type { ReduceOp } from '../kernel-names.js';
import type { NdArray } from '../ndarray.js';
import { normalizeAxes } from '../shape.js';
import { assertNdArray, runKernel } from './dispatch.js';

const OPS = new Set<ReduceOp>(['sum', 'mean', 'min', 'max', 'argmin', 'argmax']);

/** Options of {@link reduce}. */
export interface ReduceOptions {
  /** Axis or axes to reduce (negatives count from the end); all when omitted. */
  axis?: number | readonly number[];
  /** Keep reduced axes with length 1. Default false. */
  keepDims?: boolean;
}

function outDtypeOf(op: ReduceOp, dtype: DType): DType {
  if (op === 'argmin' || op === 'argmax') return 'int32';
  if (op === 'min' || op === 'max') return dtype;
  return dtype === 'float64' ? 'float64' : 'float32';
}

/**
 * Reduces along axes. `sum` and `mean` of float32 and integer data give float32, accumulated in
 * float64 on the CPU and with compensated (Neumaier) float32 sums on WebGPU; float64 stays
 * float64. `min`/`max` propagate NaN (as numpy); `argmin`/`argmax` give int32 indices (flat over
 * the reduced axes) of the first extreme, or of the first NaN.
 *
 * @example
 * ```ts
 * import { array, reduce } from '@pandaas/core';
 * const a = array([[1, 2], [3, 4]]);
 * await reduce('sum', a, { axis: 0 }); // [4, 6]
 * await reduce('argmax', a); // 3
 * ```
 */
export async function reduce(op: ReduceOp, x: NdArray, options: ReduceOptions = {}): Promise<NdArray> {
  if (!OPS.has(op)) throw new ArgumentError(`op must be one of ${[...OPS].join(', ')}; got ${show(op)}`);
  assertNdArray(x, 'x');
  const axes = normalizeAxes(options.axis, x.ndim, 'options.axis');
  if (op !== 'sum' && op !== 'mean' && axes.some((ax) => x.shape[ax] === 0)) {
    throw new ShapeError(`${op} of an empty axis has no value (shape ${show(x.shape)}, axes ${show(axes)})`);
  }
  return runKernel('reduce', { x }, { op, axes, keepDims: options.keepDims ?? false, outDtype: outDtypeOf(op, x.dtype) });
}

/** Sum along axes. @example `await sum(array([1, 2, 3])) // 6` */
export const sum = (x: NdArray, options?: ReduceOptions): Promise<NdArray> => reduce('sum', x, options);
/** Mean along axes. @example `await mean(array([1, 2, 3])) // 2` */
export const mean = (x: NdArray, options?: ReduceOptions): Promise<NdArray> => reduce('mean', x, options);
/** Minimum along axes. @example `await min(array([3, 1, 2])) // 1` */
export const min = (x: NdArray, options?: ReduceOptions): Promise<NdArray> => reduce('min', x, options);
/** Maximum along axes. @example `await max(array([3, 1, 2])) // 3` */
export const max = (x: NdArray, options?: ReduceOptions): Promise<NdArray> => reduce('max', x, options);
/** Index of the maximum along axes. @example `await argmax(array([3, 1, 5])) // 2` */
export const argmax = (x: NdArray, options?: ReduceOptions): Promise<NdArray> => reduce('argmax', x, options);
