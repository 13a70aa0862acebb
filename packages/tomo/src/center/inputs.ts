/**
 * Input checks of the centre-of-rotation finders (internal): sinograms and projections as
 * float64 values, angles, numeric options, each failure a typed error naming the argument.
 *
 * @example
 * ```ts
 * const { rows, cols, values } = await readSinogram(sinogram, 'sinogram');
 * ```
 * @module
 */
import { ArgumentError, DTypeError, NdArray, ShapeError, show } from '@pandaas/core';
import { checkNumber } from '../sinogram/arrays.js';

/** A 2-D array's sizes and its values in row-major order, as float64. */
export interface Rows {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float64Array;
}

/**
 * Checks that `value` is a numeric NdArray of rank 1 or 2 (a detector row, or rows × detector
 * pixels; `ranks` restricts it) and reads it as float64 rows (a rank-1 array is one row).
 *
 * @example
 * ```ts
 * const radio = await readRows(p0, 'p0', [1, 2]);
 * ```
 */
export async function readRows(value: unknown, name: string, ranks: readonly number[] = [2]): Promise<Rows> {
  if (!(value instanceof NdArray)) throw new ArgumentError(`${name} must be an NdArray; got ${show(value)}`);
  if (value.dtype === 'bool') throw new DTypeError(`${name} must be numeric; got dtype bool`);
  if (!ranks.includes(value.ndim)) throw new ShapeError(`${name} must have ${ranks.join(' or ')} axes; got shape ${show(value.shape)}`);
  if (value.size === 0) throw new ShapeError(`${name} must not be empty; got shape ${show(value.shape)}`);
  const rows = value.ndim === 2 ? value.shape[0] : 1;
  const cols = value.shape[value.ndim - 1];
  const values = Float64Array.from(await value.data());
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new ArgumentError(`${name} must hold finite values; element ${i} (row ${Math.floor(i / cols)}, column ${i % cols}) is ${values[i]}`);
    }
  }
  return { rows, cols, values };
}

/**
 * Checks the projection angles (radians, finite, one per sinogram row, strictly increasing when
 * `increasing` is set) and returns them as float64.
 *
 * @example
 * ```ts
 * const theta = readAngles(angles, sino.rows, true);
 * ```
 */
export function readAngles(angles: unknown, count: number, increasing: boolean): Float64Array {
  if (angles === null || typeof angles !== 'object' || typeof (angles as ArrayLike<number>).length !== 'number') {
    throw new ArgumentError(`angles must be an array of numbers (radians); got ${show(angles)}`);
  }
  const list = angles as ArrayLike<unknown>;
  if (list.length !== count) throw new ShapeError(`angles must hold one angle per sinogram row (${count}); got ${list.length}`);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const a = list[i];
    if (typeof a !== 'number' || !Number.isFinite(a)) throw new ArgumentError(`angles[${i}] must be a finite number (radians); got ${show(a)}`);
    if (increasing && i > 0 && !(a > out[i - 1])) throw new ArgumentError(`angles must increase; angles[${i}] = ${show(a)} follows ${show(out[i - 1])}`);
    out[i] = a;
  }
  return out;
}

/**
 * An optional numeric option: `fallback` when undefined, else checked by {@link checkNumber}
 * (a finite number in `[min, max]`, `min` excluded with `exclusiveMin`, an integer when
 * `integer` is set).
 *
 * @example
 * ```ts
 * const step = numberOption(o.step, 'options.step', 0.25, { min: 0, exclusiveMin: true, max: 1 });
 * ```
 */
export function numberOption(value: unknown, name: string, fallback: number, range: Parameters<typeof checkNumber>[2] = {}): number {
  return value === undefined ? fallback : checkNumber(value, name, range);
}
