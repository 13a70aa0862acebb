import type { Backend } from './backend.js';
import { getBackend } from './backend-registry.js';
import { allocate, assertDType, dtypeOf, type DType, type TypedArray } from './dtype.js';
import { ArgumentError, BackendError, DTypeError, IndexRangeError, ShapeError, show } from './errors.js';
import { NdArray } from './ndarray.js';
import { assertShape, sizeOf, type Shape } from './shape.js';

/** Nested arrays of numbers (or booleans), one nesting level per axis. */
export type NestedArray = number | boolean | readonly NestedArray[];

/** Options of {@link array} and the other constructors. */
export interface ArrayOptions<D extends DType = DType> {
  /** Element type; from the typed array when given one, else `float64` (`bool` for booleans). */
  dtype?: D;
  /** Shape; from the nesting, or `[length]` for a typed array. */
  shape?: readonly number[];
  /** Backend name or instance; the default backend when omitted. */
  backend?: string | Backend;
}

function resolveBackend(backend: string | Backend | undefined): Backend {
  return typeof backend === 'object' ? backend : getBackend(backend);
}

function nestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0] as NestedArray;
  }
  return shape;
}

function flatten(data: NestedArray, shape: Shape, out: TypedArray, bool: boolean): void {
  let i = 0;
  const where = (trail: number[]) => trail.map((k) => `[${k}]`).join('');
  const trail: number[] = [];
  const walk = (level: NestedArray, depth: number): void => {
    if (depth === shape.length) {
      if (typeof level === 'boolean') out[i++] = level ? 1 : 0;
      else if (typeof level === 'number') out[i++] = bool ? (level !== 0 ? 1 : 0) : level;
      else throw new ArgumentError(`data${where(trail)} must be a number or boolean; got ${show(level)}`);
      return;
    }
    if (!Array.isArray(level) || level.length !== shape[depth]) {
      throw new ShapeError(`data is ragged: data${where(trail)} should be an array of length ${shape[depth]}; got ${show(level)}`);
    }
    for (let k = 0; k < level.length; k++) {
      trail.push(k);
      walk(level[k] as NestedArray, depth + 1);
      trail.pop();
    }
  };
  walk(data, 0);
}

/** Whether every leaf of nested arrays is a boolean (then the default dtype is `bool`). */
function allBoolean(data: NestedArray): boolean {
  return Array.isArray(data) ? data.every((v: NestedArray) => allBoolean(v)) : typeof data === 'boolean';
}

/** Stores 0 or 1 for each element, as a bool array must hold (anything non-zero, NaN included, is 1). */
function asBool(values: ArrayLike<number>, out: TypedArray): void {
  for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
}

/**
 * An array from nested arrays, a typed array (wrapped without copying on the CPU when its type
 * matches `dtype`) or a number.
 *
 * @example
 * ```ts
 * import { array } from '@pandaas/core';
 * const a = array([[1, 2], [3, 4]], { dtype: 'int32' });
 * const b = array(new Float32Array(6), { shape: [2, 3] });
 * ```
 */
export function array<D extends DType = DType>(data: NestedArray | TypedArray, options: ArrayOptions<D> = {}): NdArray<D> {
  if (options.dtype !== undefined) assertDType(options.dtype, 'options.dtype');
  const backend = resolveBackend(options.backend);
  if (ArrayBuffer.isView(data)) {
    const own = dtypeOf(data, 'data');
    const dtype = options.dtype ?? own;
    const shape = options.shape ?? [data.length];
    assertShape(shape, 'options.shape');
    if (sizeOf(shape) !== data.length) {
      throw new ShapeError(`options.shape ${show(shape)} holds ${sizeOf(shape)} elements; data has ${data.length}`);
    }
    let values: TypedArray = data;
    if (dtype === 'bool') {
      values = allocate(dtype, data.length, true);
      asBool(data as TypedArray, values);
    } else if (own !== dtype) {
      values = allocate(dtype, data.length, true);
      values.set(data as ArrayLike<number> & TypedArray);
    }
    return new NdArray<D>(backend.upload(values, dtype), shape);
  }
  const shape = nestedShape(data as NestedArray);
  if (options.shape !== undefined) {
    assertShape(options.shape, 'options.shape');
    if (sizeOf(options.shape) !== sizeOf(shape)) {
      throw new ShapeError(`options.shape ${show(options.shape)} holds ${sizeOf(options.shape)} elements; data has ${sizeOf(shape)} (shape ${show(shape)})`);
    }
  }
  const dtype = options.dtype ?? ((sizeOf(shape) > 0 && allBoolean(data as NestedArray) ? 'bool' : 'float64') as D);
  const values = allocate(dtype, sizeOf(shape), true);
  flatten(data as NestedArray, shape, values, dtype === 'bool');
  return new NdArray<D>(backend.upload(values, dtype), options.shape ?? shape);
}

/**
 * An array of `shape` filled with `value`.
 *
 * @example
 * ```ts
 * full([2, 2], 7, { dtype: 'uint16' });
 * ```
 */
export function full<D extends DType = 'float64'>(shape: readonly number[], value: number, options: Omit<ArrayOptions<D>, 'shape'> = {}): NdArray<D> {
  assertShape(shape, 'shape');
  if (typeof value !== 'number') throw new ArgumentError(`value must be a number; got ${show(value)}`);
  const dtype = (options.dtype ?? 'float64') as D;
  assertDType(dtype, 'options.dtype');
  const values = allocate(dtype, sizeOf(shape), true);
  if (value !== 0) values.fill(dtype === 'bool' ? 1 : value);
  return new NdArray<D>(resolveBackend(options.backend).upload(values, dtype), shape);
}

/**
 * An array of `shape` filled with zeros.
 *
 * @example
 * ```ts
 * zeros([3, 4], { dtype: 'float32' });
 * ```
 */
export function zeros<D extends DType = 'float64'>(shape: readonly number[], options: Omit<ArrayOptions<D>, 'shape'> = {}): NdArray<D> {
  return full(shape, 0, options);
}

/**
 * `[start, start + step, ...)` up to `stop` (exclusive), as numpy's `arange`.
 *
 * @example
 * ```ts
 * arange(0, 10, 2, { dtype: 'int32' }).dataSync(); // [0, 2, 4, 6, 8]
 * ```
 */
export function arange<D extends DType = 'float64'>(start: number, stop: number, step = 1, options: Omit<ArrayOptions<D>, 'shape'> = {}): NdArray<D> {
  for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (!Number.isFinite(v)) throw new ArgumentError(`${name} must be a finite number; got ${show(v)}`);
  }
  if (step === 0) throw new ArgumentError('step must not be 0');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const dtype = (options.dtype ?? 'float64') as D;
  assertDType(dtype, 'options.dtype');
  const values = allocate(dtype, n, true);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  if (dtype === 'bool') asBool(values, values);
  return new NdArray<D>(resolveBackend(options.backend).upload(values, dtype), [n]);
}

/** The part of a scijs `ndarray` view that {@link fromScijs} reads. */
export interface ScijsLike {
  data: ArrayBufferView | unknown[];
  shape: number[];
  stride: number[];
  offset: number;
}

/**
 * A CPU {@link NdArray} over the same memory as a scijs `ndarray` view (no copy).
 *
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * const view = ndarray(new Float32Array(6), [2, 3]);
 * const a = fromScijs(view); // shares view.data
 * ```
 */
export function fromScijs(view: ScijsLike): NdArray {
  if (!ArrayBuffer.isView(view?.data)) {
    throw new DTypeError(`view.data must be a typed array (scijs views over plain arrays cannot be shared); got ${show(view?.data)}`);
  }
  const dtype = dtypeOf(view.data, 'view.data');
  assertShape(view.shape, 'view.shape');
  const { shape, stride, offset } = view;
  if (!Array.isArray(stride) || stride.length !== shape.length || !stride.every((s) => Number.isSafeInteger(s))) {
    throw new ShapeError(`view.stride must hold one integer per axis (${shape.length}); got ${show(stride)}`);
  }
  if (!Number.isSafeInteger(offset)) throw new IndexRangeError(`view.offset must be an integer; got ${show(offset)}`);
  if (sizeOf(shape) > 0) {
    let lowest = offset;
    let highest = offset;
    shape.forEach((d, ax) => (stride[ax] < 0 ? (lowest += stride[ax] * (d - 1)) : (highest += stride[ax] * (d - 1))));
    const length = (view.data as TypedArray).length;
    if (lowest < 0 || highest >= length) {
      throw new IndexRangeError(`view reaches indices ${lowest}..${highest} of view.data, which holds ${length} elements`);
    }
  }
  const cpu = getBackend('cpu');
  return new NdArray(cpu.upload(view.data as TypedArray, dtype), view.shape, view.stride, view.offset);
}

/** The scijs `ndarray` constructor, as {@link toScijs} calls it. */
export type ScijsConstructor<T> = (data: TypedArray, shape: number[], stride: number[], offset: number) => T;

/**
 * A scijs `ndarray` view over the same memory as a CPU {@link NdArray} (no copy). Pass the
 * `ndarray` package's default export, so core does not load it unless you do.
 *
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * const view = toScijs(zeros([2, 3]), ndarray);
 * view.set(1, 2, 5);
 * ```
 */
export function toScijs<T>(a: NdArray, ndarray: ScijsConstructor<T>): T {
  if (typeof ndarray !== 'function') throw new ArgumentError(`ndarray must be the scijs ndarray constructor; got ${show(ndarray)}`);
  if (a.backend.name !== 'cpu') throw new BackendError(`toScijs needs a CPU-resident array; this one is on ${show(a.backend.name)}: use await a.to('cpu')`);
  a.storage.exposed = true; // the scijs view shares the whole buffer: never recycle it
  return ndarray(a.storage.buffer as TypedArray, [...a.shape], [...a.strides], a.offset);
}
