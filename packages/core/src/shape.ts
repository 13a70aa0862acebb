import { IndexRangeError, ShapeError, show } from './errors.js';

/** A shape: one non-negative integer length per axis. */
export type Shape = readonly number[];

/**
 * The number of elements of a shape (1 for a scalar shape `[]`).
 *
 * @example
 * ```ts
 * sizeOf([2, 3]); // 6
 * ```
 */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-order) strides of a shape, in elements. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Whether a view with these strides walks its elements in row-major order without gaps. */
export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== s) return false;
    s *= shape[i];
  }
  return true;
}

/** Throws a {@link ShapeError} naming `argument` unless `shape` is a list of non-negative integers. */
export function assertShape(shape: unknown, argument: string): asserts shape is Shape {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ShapeError(`${argument} must be an array of non-negative integers; got ${show(shape)}`);
  }
}

/**
 * Normalises a possibly negative axis for an array of rank `ndim`, or throws an
 * {@link IndexRangeError} naming `argument`.
 */
export function normalizeAxis(axis: number, ndim: number, argument = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new IndexRangeError(`${argument} must be an integer in [${-ndim}, ${ndim - 1}] for an array of rank ${ndim}; got ${show(axis)}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalises a list of axes (all axes when undefined), rejecting repeats. */
export function normalizeAxes(axes: number | readonly number[] | undefined, ndim: number, argument = 'axes'): number[] {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = (typeof axes === 'number' ? [axes] : [...axes]).map((a) => normalizeAxis(a, ndim, argument));
  if (new Set(list).size !== list.length) {
    throw new IndexRangeError(`${argument} must not repeat an axis; got ${show(axes)}`);
  }
  return list.sort((a, b) => a - b);
}

/**
 * The shape two shapes broadcast to (numpy rules), or a {@link ShapeError}.
 *
 * @example
 * ```ts
 * broadcastShapes([3, 1], [4]); // [3, 4]
 * ```
 */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`shapes ${show(a)} and ${show(b)} do not broadcast (axis ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read an array of `shape`/`strides` as if it had the (broadcast) shape `target`. */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const k = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[k + i] = shape[i] === 1 ? 0 : strides[i];
  return out;
}
