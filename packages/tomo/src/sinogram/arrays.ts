/**
 * Input checks and value access shared by the preprocessing, ring and sinogram functions
 * (internal): arrays validated with the typed errors of `@pandaas/core`, their values as typed
 * arrays, and work split over the CPU pool's workers.
 *
 * @example
 * ```ts
 * const { batch, rows, cols } = checkStack(sino, 'sinogram');
 * ```
 * @module
 */
import { ArgumentError, DTypeError, NdArray, ShapeError, poolSize, runOnPool, show, usePool, type TypedArray } from '@pandaas/core';
import type { LoopFunction } from '@pandaas/core';

/** An array of images: a single `[rows, cols]` image or a batch `[batch, rows, cols]`. */
export interface Stack {
  /** 1 for a single image. */
  readonly batch: number;
  readonly rows: number;
  readonly cols: number;
  /** Whether the input had a batch axis (the output keeps the input's rank). */
  readonly batched: boolean;
}

/**
 * Checks that `value` is a numeric NdArray (not bool) with one of the ranks given.
 *
 * @example
 * ```ts
 * checkArray(frames, 'frames', [3]);
 * ```
 */
export function checkArray(value: unknown, name: string, ranks: readonly number[]): NdArray {
  if (!(value instanceof NdArray)) throw new ArgumentError(`${name} must be an NdArray; got ${show(value)}`);
  if (value.dtype === 'bool') throw new DTypeError(`${name} must be numeric; got dtype bool`);
  if (!ranks.includes(value.ndim)) {
    throw new ShapeError(`${name} must have ${ranks.join(' or ')} axes; got shape ${show(value.shape)}`);
  }
  if (value.shape.some((n) => n === 0)) throw new ShapeError(`${name} must not be empty; got shape ${show(value.shape)}`);
  return value;
}

/**
 * Checks a 2-D image or 3-D stack of images and returns its sizes.
 *
 * @example
 * ```ts
 * checkStack(sinograms, 'sinogram'); // { batch: 4, rows: 180, cols: 256, batched: true }
 * ```
 */
export function checkStack(value: unknown, name: string): Stack {
  const x = checkArray(value, name, [2, 3]);
  const batched = x.ndim === 3;
  const [batch, rows, cols] = batched ? x.shape : [1, ...x.shape];
  return { batch, rows, cols, batched };
}

/**
 * The elements of an array in row-major order (a view on the CPU when contiguous).
 *
 * @example
 * ```ts
 * const values = await valuesOf(frames);
 * ```
 */
export async function valuesOf(x: NdArray): Promise<TypedArray> {
  return (await x.data()) as TypedArray;
}

/**
 * Checks that `value` is a finite number (within `[min, max]` when given), naming the option.
 *
 * @example
 * ```ts
 * checkNumber(options.sigma, 'options.sigma', { min: 0, exclusiveMin: true });
 * ```
 */
export function checkNumber(value: unknown, name: string, range: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean } = {}): number {
  const ok = typeof value === 'number' && Number.isFinite(value)
    && (range.integer !== true || Number.isInteger(value))
    && (range.min === undefined || (range.exclusiveMin === true ? value > range.min : value >= range.min))
    && (range.max === undefined || value <= range.max);
  if (!ok) {
    const limits = [
      range.min === undefined ? '' : `${range.exclusiveMin === true ? '>' : '>='} ${range.min}`,
      range.max === undefined ? '' : `<= ${range.max}`,
    ].filter((t) => t !== '');
    const bounds = `${range.integer === true ? 'an integer' : 'a finite number'}${limits.length > 0 ? ` ${limits.join(' and ')}` : ''}`;
    throw new ArgumentError(`${name} must be ${bounds}; got ${show(value)}`);
  }
  return value as number;
}

/**
 * Checks that an options argument is an object (or absent).
 *
 * @example
 * ```ts
 * const o = checkOptions(options, 'options');
 * ```
 */
export function checkOptions<T extends object>(value: T | undefined, name: string): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ArgumentError(`${name} must be an object; got ${show(value)}`);
  return value;
}

/**
 * Runs `loop(start, end, ...rest)` over `[0, total)`: split into one range per pool thread when
 * the work is large enough and every array is on shared memory ({@link usePool}), else at once
 * on this thread.
 *
 * @example
 * ```ts
 * await runRanges(PREPROCESS_LOOP.minusLog, minusLogRange, x.length, [x, out, 1e-6, 10], [x, out]);
 * ```
 */
export async function runRanges(
  name: string, loop: LoopFunction, total: number, rest: readonly unknown[], arrays: readonly ArrayBufferView[], work = total,
): Promise<void> {
  if (total > 1 && usePool(work, arrays)) {
    const parts = Math.min(poolSize(), total);
    const tasks = [];
    for (let k = 0; k < parts; k++) {
      const start = Math.floor((total * k) / parts);
      const end = Math.floor((total * (k + 1)) / parts);
      if (end > start) tasks.push({ name, fns: [], args: [start, end, ...rest] });
    }
    await runOnPool(tasks);
  } else {
    loop(0, total, ...rest);
  }
}
