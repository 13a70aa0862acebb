import { ArgumentError, NdArray, ShapeError, show } from '@pandaas/core';

/**
 * A 1-D series of numbers: a plain array, any typed array, or a 1-D CPU-resident NdArray.
 *
 * @example
 * ```ts
 * import { array } from '@pandaas/core';
 * import { smooth1d, type Series } from '@pandaas/fit';
 * const inputs: Series[] = [[0, 4, 0], Float32Array.of(0, 4, 0), array([0, 4, 0])];
 * inputs.map((y) => smooth1d(y)); // [1, 2, 1] each time
 * ```
 */
export type Series = ArrayLike<number> | NdArray;

/**
 * A fresh Float64Array copy of `values` (a plain or typed array, or a 1-D CPU NdArray), checked to
 * hold only finite numbers. `name` is the argument's name in error messages.
 *
 * @example
 * ```ts
 * readSeries([1, 2, 3], 'y'); // Float64Array [1, 2, 3]
 * readSeries([1, NaN], 'y'); // ArgumentError: y[1] must be a finite number; got NaN
 * ```
 */
export function readSeries(values: Series, name: string): Float64Array {
  let source: ArrayLike<number>;
  if (values instanceof NdArray) {
    if (values.ndim !== 1) throw new ShapeError(`${name} must be 1-D; got an NdArray of shape [${values.shape.join(', ')}]`);
    source = values.dataSync();
  } else if (ArrayBuffer.isView(values) || Array.isArray(values)) {
    source = values as ArrayLike<number>;
  } else {
    throw new ArgumentError(`${name} must be an array of numbers, a typed array or a 1-D NdArray; got ${show(values)}`);
  }
  const out = new Float64Array(source.length);
  for (let i = 0; i < out.length; i++) {
    const v = source[i];
    if (typeof v !== 'number' && typeof v !== 'bigint') throw new ArgumentError(`${name}[${i}] must be a finite number; got ${show(v)}`);
    out[i] = Number(v);
    if (!Number.isFinite(out[i])) throw new ArgumentError(`${name}[${i}] must be a finite number; got ${show(v)}`);
  }
  return out;
}

/**
 * Checks that `value` is an integer of at least `min` (a safe integer), naming the argument.
 *
 * @example
 * ```ts
 * checkInteger(16, 'width', 1); // 16
 * checkInteger(2.5, 'width', 1); // ArgumentError: width must be an integer >= 1; got 2.5
 * ```
 */
export function checkInteger(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ArgumentError(`${name} must be an integer >= ${min}; got ${show(value)}`);
  }
  return value;
}

/**
 * Checks that `value` is a finite number, naming the argument.
 *
 * @example
 * ```ts
 * checkFinite(1.5, 'factor'); // 1.5
 * ```
 */
export function checkFinite(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ArgumentError(`${name} must be a finite number; got ${show(value)}`);
  return value;
}

/**
 * Checks that `options` is undefined or a plain object whose keys are all in `known`.
 *
 * @example
 * ```ts
 * checkOptions({ width: 2 }, ['width', 'iterations'], 'options'); // ok
 * ```
 */
export function checkOptions(options: unknown, known: readonly string[], name: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`${name} must be an object; got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new ArgumentError(`${name}.${key} is not an option; the options are ${known.join(', ')}`);
  }
}
