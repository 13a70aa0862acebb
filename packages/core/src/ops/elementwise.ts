import { isFloat, resultType, type DType } from '../dtype.js';
import { ArgumentError, DTypeError, show } from '../errors.js';
import type { BinaryOp, UnaryOp } from '../kernel-names.js';
import type { NdArray } from '../ndarray.js';
import { broadcastShapes } from '../shape.js';
import { assertNdArray, runKernel } from './dispatch.js';

const COMPARISONS = new Set<BinaryOp>(['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual']);
const BINARY = new Set<BinaryOp>(['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', ...COMPARISONS]);
const FLOAT_UNARY = new Set<UnaryOp>(['sqrt', 'exp', 'log', 'log1p']);
const UNARY = new Set<UnaryOp>(['abs', 'neg', 'sign', 'square', 'floor', 'ceil', 'isnan', ...FLOAT_UNARY]);

/** float64 stays float64; every other dtype computes in float32. */
function floatOf(dtype: DType): DType {
  return dtype === 'float64' ? 'float64' : 'float32';
}

/** The dtype of `a op b`. */
export function binaryResultType(op: BinaryOp, a: DType, b: DType): DType {
  if (COMPARISONS.has(op)) return 'bool';
  const t = resultType(a, b);
  return op === 'div' || op === 'pow' ? (isFloat(t) ? t : floatOf(t)) : t === 'bool' ? 'uint8' : t;
}

/**
 * Element-wise `a op b` with numpy broadcasting. Arithmetic promotes dtypes as
 * {@link resultType}; `div` and `pow` of integers give float32; comparisons give `bool`.
 * Integer results wrap around as typed arrays (and WGSL) do.
 *
 * @example
 * ```ts
 * import { array, binary } from '@pandaas/core';
 * const c = await binary('add', array([[1], [2]]), array([10, 20, 30])); // shape [2, 3]
 * ```
 */
export async function binary(op: BinaryOp, a: NdArray, b: NdArray): Promise<NdArray> {
  if (!BINARY.has(op)) throw new ArgumentError(`op must be one of ${[...BINARY].join(', ')}; got ${show(op)}`);
  assertNdArray(a, 'a');
  assertNdArray(b, 'b');
  const outShape = broadcastShapes(a.shape, b.shape);
  return runKernel('binary', { a, b }, { op, outShape, outDtype: binaryResultType(op, a.dtype, b.dtype) });
}

/** `a + b`, broadcasting. @example `await add(array([1, 2]), array([3, 4])) // [4, 6]` */
export const add = (a: NdArray, b: NdArray): Promise<NdArray> => binary('add', a, b);
/** `a - b`, broadcasting. @example `await sub(array([1, 2]), array([3, 4])) // [-2, -2]` */
export const sub = (a: NdArray, b: NdArray): Promise<NdArray> => binary('sub', a, b);
/** `a * b`, broadcasting. @example `await mul(array([1, 2]), array([3, 4])) // [3, 8]` */
export const mul = (a: NdArray, b: NdArray): Promise<NdArray> => binary('mul', a, b);
/** `a / b`, broadcasting (integers give float32). @example `await div(array([1, 2]), array([4, 4])) // [0.25, 0.5]` */
export const div = (a: NdArray, b: NdArray): Promise<NdArray> => binary('div', a, b);

/** The dtype of `op(x)`. */
export function unaryResultType(op: UnaryOp, dtype: DType): DType {
  if (op === 'isnan') return 'bool';
  if (FLOAT_UNARY.has(op)) return floatOf(dtype);
  return dtype === 'bool' && op !== 'abs' ? 'int8' : dtype;
}

/**
 * Element-wise `op(x)`. `sqrt`, `exp`, `log`, `log1p` of integers give float32; `isnan` gives bool.
 *
 * @example
 * ```ts
 * import { array, unary } from '@pandaas/core';
 * await unary('sqrt', array([1, 4, 9])); // [1, 2, 3]
 * ```
 */
export async function unary(op: UnaryOp, x: NdArray): Promise<NdArray> {
  if (!UNARY.has(op)) throw new ArgumentError(`op must be one of ${[...UNARY].join(', ')}; got ${show(op)}`);
  assertNdArray(x, 'x');
  return runKernel('unary', { x }, { op, outDtype: unaryResultType(op, x.dtype) });
}

/** `|x|`. @example `await abs(array([-1, 2])) // [1, 2]` */
export const abs = (x: NdArray): Promise<NdArray> => unary('abs', x);
/** Natural logarithm. @example `await log(array([1, Math.E])) // [0, 1]` */
export const log = (x: NdArray): Promise<NdArray> => unary('log', x);
/** `e^x`. @example `await exp(array([0])) // [1]` */
export const exp = (x: NdArray): Promise<NdArray> => unary('exp', x);
/** Square root. @example `await sqrt(array([4])) // [2]` */
export const sqrt = (x: NdArray): Promise<NdArray> => unary('sqrt', x);

/**
 * `x` limited to `[min, max]` (either may be omitted), keeping its dtype; NaN stays NaN.
 *
 * @example
 * ```ts
 * await clip(array([-5, 0.5, 5]), { min: 0, max: 1 }); // [0, 0.5, 1]
 * ```
 */
export async function clip(x: NdArray, { min = -Infinity, max = Infinity }: { min?: number; max?: number } = {}): Promise<NdArray> {
  assertNdArray(x, 'x');
  if (typeof min !== 'number' || Number.isNaN(min)) throw new ArgumentError(`min must be a number; got ${show(min)}`);
  if (typeof max !== 'number' || Number.isNaN(max)) throw new ArgumentError(`max must be a number; got ${show(max)}`);
  if (min > max) throw new ArgumentError(`min (${min}) must not exceed max (${max})`);
  return runKernel('clip', { x }, { min, max });
}

/**
 * `cond ? a : b` element-wise, broadcasting all three; `cond` must be bool (or any integer dtype,
 * non-zero meaning true).
 *
 * @example
 * ```ts
 * await where(array([true, false]), array([1, 2]), array([9, 9])); // [1, 9]
 * ```
 */
export async function where(cond: NdArray, a: NdArray, b: NdArray): Promise<NdArray> {
  assertNdArray(cond, 'cond');
  assertNdArray(a, 'a');
  assertNdArray(b, 'b');
  if (isFloat(cond.dtype)) throw new DTypeError(`cond must be bool or an integer dtype; got ${cond.dtype}`);
  const outShape = broadcastShapes(broadcastShapes(cond.shape, a.shape), b.shape);
  return runKernel('where', { cond, a, b }, { outShape, outDtype: resultType(a.dtype, b.dtype) });
}
