/**
 * Independent reference results for the conformance suite: naive loops over plain typed arrays,
 * written from the kernel contracts (kernel-names.ts, ops/), sharing no code with any backend.
 * Element-wise oracles live here; reductions, scans, CSR and FFT in the `oracle-*.ts` modules.
 * @module
 */
import { allocate, isFloat, resultType, type DType, type TypedArray } from '../dtype.js';
import type { BinaryOp, UnaryOp } from '../kernel-names.js';
import type { NdArray } from '../ndarray.js';
import { INT_RANGE } from './values.js';

/** An array as plain data: dtype, shape and the elements in row-major order. */
export interface Logical {
  dtype: DType;
  shape: number[];
  values: TypedArray;
}

/**
 * The elements of a CPU-resident view, read with a naive index walk over its strides and offset
 * (independent of the copy kernel and of `dataSync`).
 *
 * @example
 * ```ts
 * readLogical(array([[1, 2], [3, 4]]).transpose()).values; // Float64Array [1, 3, 2, 4]
 * ```
 */
export function readLogical(view: NdArray): Logical {
  const buffer = view.storage.buffer as TypedArray;
  const out = allocate(view.dtype, view.size);
  let k = 0;
  const walk = (ax: number, index: number): void => {
    if (ax === view.ndim) {
      out[k++] = buffer[index];
      return;
    }
    for (let i = 0; i < view.shape[ax]; i++) walk(ax + 1, index + i * view.strides[ax]);
  };
  if (view.size > 0) walk(0, view.offset);
  return { dtype: view.dtype, shape: [...view.shape], values: out };
}

/** The numpy broadcast of shapes (the oracle's own, for shapes known to broadcast). @example `broadcastShape([3, 1], [4]) // [3, 4]` */
export function broadcastShape(...shapes: readonly number[][]): number[] {
  const n = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: n }, (_, i) => shapes.map((s) => s[s.length - n + i] ?? 1).find((d) => d !== 1) ?? 1);
}

/** The element of `x` that broadcasting reads for flat index `flat` of an array of `shape`. */
function at(x: Logical, shape: readonly number[], flat: number): number {
  let index = 0;
  let stride = 1;
  for (let ax = shape.length - 1, xa = x.shape.length - 1; ax >= 0; ax--, xa--) {
    const coord = flat % shape[ax];
    flat = Math.floor(flat / shape[ax]);
    if (xa < 0) continue;
    if (x.shape[xa] !== 1) index += coord * stride;
    stride *= x.shape[xa];
  }
  return x.values[index];
}

/** Whether a dtype is a 32-bit integer, whose products need exact 32-bit wrap-around. */
const is32 = (d: DType): boolean => d === 'int32' || d === 'uint32';
const COMPARISONS: readonly BinaryOp[] = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];
const floatOf = (d: DType): DType => (d === 'float64' ? 'float64' : 'float32');

/** The output dtype of `a op b`, from the documentation of `binary`. @example `binaryDtype('div', 'int8', 'int8') // 'float32'` */
export function binaryDtype(op: BinaryOp, a: DType, b: DType): DType {
  if (COMPARISONS.includes(op)) return 'bool';
  const t = resultType(a, b);
  if (op === 'div' || op === 'pow') return isFloat(t) ? t : floatOf(t);
  return t === 'bool' ? 'uint8' : t;
}

function binaryValue(op: BinaryOp, x: number, y: number, out: DType): number {
  switch (op) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'mul': return is32(out) ? Math.imul(x, y) : x * y;
    case 'div': return x / y;
    case 'pow': return x ** y;
    case 'maximum': return Math.max(x, y);
    case 'minimum': return Math.min(x, y);
    case 'equal': return +(x === y);
    case 'notEqual': return +(x !== y);
    case 'less': return +(x < y);
    case 'lessEqual': return +(x <= y);
    case 'greater': return +(x > y);
    case 'greaterEqual': return +(x >= y);
  }
}

/**
 * `a op b` with numpy broadcasting; integer results wrap as the output typed array stores them.
 *
 * @example
 * ```ts
 * binaryOracle('add', a, b).values;
 * ```
 */
export function binaryOracle(op: BinaryOp, a: Logical, b: Logical): Logical {
  const dtype = binaryDtype(op, a.dtype, b.dtype);
  const shape = broadcastShape(a.shape, b.shape);
  const n = shape.reduce((p, d) => p * d, 1);
  const values = allocate(dtype, n);
  for (let i = 0; i < n; i++) values[i] = binaryValue(op, at(a, shape, i), at(b, shape, i), dtype);
  return { dtype, shape, values };
}

/** The output dtype of `op(x)`, from the documentation of `unary`. @example `unaryDtype('neg', 'bool') // 'int8'` */
export function unaryDtype(op: UnaryOp, dtype: DType): DType {
  if (op === 'isnan') return 'bool';
  if (op === 'sqrt' || op === 'exp' || op === 'log' || op === 'log1p') return floatOf(dtype);
  return dtype === 'bool' && op !== 'abs' ? 'int8' : dtype;
}

/** One element of `op(x)` in float64 (32-bit integer squares wrap), before storing as `out`. */
export function unaryValue(op: UnaryOp, x: number, out: DType): number {
  switch (op) {
    case 'abs': return Math.abs(x);
    case 'neg': return -x;
    case 'sign': return Math.sign(x);
    case 'square': return is32(out) ? Math.imul(x, x) : x * x;
    case 'sqrt': return Math.sqrt(x);
    case 'exp': return Math.exp(x);
    case 'log': return Math.log(x);
    case 'log1p': return Math.log1p(x);
    case 'floor': return Math.floor(x);
    case 'ceil': return Math.ceil(x);
    case 'isnan': return +Number.isNaN(x);
  }
}

/** `op(x)` element-wise. @example `unaryOracle('neg', x).values` */
export function unaryOracle(op: UnaryOp, x: Logical): Logical {
  const dtype = unaryDtype(op, x.dtype);
  const values = allocate(dtype, x.values.length);
  for (let i = 0; i < values.length; i++) values[i] = unaryValue(op, x.values[i], dtype);
  return { dtype, shape: [...x.shape], values };
}

/** `min(max(x, lo), hi)`, NaN staying NaN, in x's dtype. @example `clipOracle(x, 0, 1)` */
export function clipOracle(x: Logical, lo: number, hi: number): Logical {
  const values = allocate(x.dtype, x.values.length);
  for (let i = 0; i < values.length; i++) {
    const v = x.values[i];
    values[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return { dtype: x.dtype, shape: [...x.shape], values };
}

/** `cond ? a : b` with broadcasting, in the promoted dtype of a and b. @example `whereOracle(c, a, b)` */
export function whereOracle(cond: Logical, a: Logical, b: Logical): Logical {
  const dtype = resultType(a.dtype, b.dtype);
  const shape = broadcastShape(cond.shape, a.shape, b.shape);
  const n = shape.reduce((p, d) => p * d, 1);
  const values = allocate(dtype, n);
  for (let i = 0; i < n; i++) values[i] = at(cond, shape, i) !== 0 ? at(a, shape, i) : at(b, shape, i);
  return { dtype, shape, values };
}

/**
 * One value converted as `cast` documents: to bool, non-zero (NaN included) is true; to an
 * integer, truncation toward zero, saturation at the range, NaN to 0; to a float, rounding.
 *
 * @example
 * ```ts
 * castValue(-1.7, 'uint8'); // 0
 * castValue(300, 'uint8'); // 255
 * ```
 */
export function castValue(v: number, dtype: DType): number {
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (dtype === 'float32') return Math.fround(v);
  if (dtype === 'float64') return v;
  if (Number.isNaN(v)) return 0;
  const [lo, hi] = INT_RANGE[dtype];
  return Math.min(hi, Math.max(lo, Math.trunc(v)));
}

/** `x` converted to `dtype` element by element with {@link castValue}. @example `castOracle(x, 'int8')` */
export function castOracle(x: Logical, dtype: DType): Logical {
  const values = allocate(dtype, x.values.length);
  for (let i = 0; i < values.length; i++) values[i] = castValue(x.values[i], dtype);
  return { dtype, shape: [...x.shape], values };
}
