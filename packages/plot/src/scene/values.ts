/**
 * Numbers in the shapes users hand to plots (arrays, typed arrays, CPU-resident NdArrays),
 * validated and copied into the Float64Arrays the scene keeps.
 *
 * @module
 */
import { ArgumentError, NdArray, ShapeError, show } from '@pandaas/core';

/** Numbers for a plot: any array-like of numbers, or a CPU-resident {@link NdArray}. */
export type Numbers = ArrayLike<number> | NdArray;

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return (Array.isArray(v) || ArrayBuffer.isView(v)) && !(v instanceof DataView);
}

/**
 * The values of `input` as a new Float64Array. NdArrays must be one-dimensional once length-1
 * dimensions are ignored; plain arrays must hold numbers (NaN and ±Infinity allowed: plots show
 * them as gaps).
 *
 * @param name - how errors name the argument
 * @example
 * ```ts
 * toFloat64([1, 2, 3], 'y'); // Float64Array [1, 2, 3]
 * ```
 */
export function toFloat64(input: Numbers, name: string): Float64Array {
  if (input instanceof NdArray) {
    const dims = input.shape.filter((n) => n !== 1);
    if (dims.length > 1) throw new ShapeError(`${name} must be one-dimensional, got an NdArray of shape [${input.shape.join(', ')}]`);
    return Float64Array.from(input.dataSync());
  }
  if (!isArrayLike(input)) throw new ArgumentError(`${name} must be an array of numbers or an NdArray, got ${show(input)}`);
  if (input instanceof BigInt64Array || input instanceof BigUint64Array) {
    throw new ArgumentError(`${name} must hold numbers, got a ${input.constructor.name}`);
  }
  if (Array.isArray(input)) {
    const bad = input.findIndex((v) => typeof v !== 'number');
    if (bad >= 0) throw new ArgumentError(`${name}[${bad}] must be a number, got ${show(input[bad])}`);
  }
  return Float64Array.from(input as ArrayLike<number>);
}
