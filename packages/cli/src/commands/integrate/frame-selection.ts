import { CliError, UsageError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';

/**
 * `--frames` as written: one frame `K` (the result has no frame axis, as Python's `a[K]`), or a
 * slice `A:B` (either end may be left out; the result keeps the frame axis, as `a[A:B]`).
 * Negative numbers count from the end.
 *
 * @example
 * ```ts
 * const last: FrameSelection = { index: -1 };
 * const tail: FrameSelection = { start: 10 };
 * ```
 */
export type FrameSelection = { readonly index: number } | { readonly start?: number; readonly stop?: number };

/**
 * The frames chosen, resolved against the stack: `[start, stop)`, and whether the result keeps a frame axis.
 *
 * @example
 * ```ts
 * const range: FrameRange = { start: 0, stop: 3, stack: true };
 * ```
 */
export interface FrameRange {
  readonly start: number;
  readonly stop: number;
  /** False for one frame picked by index, or an input that is a single image. */
  readonly stack: boolean;
}

const SELECTION = /^\s*(-?\d+)?\s*(:)?\s*(-?\d+)?\s*$/;

/**
 * Parses `--frames`: `K`, `A:B`, `A:`, `:B` or `:` (Python's index and slice syntax, without step).
 *
 * @example
 * ```ts
 * parseFrameSelection('2'); // { index: 2 }
 * parseFrameSelection('10:-1'); // { start: 10, stop: -1 }
 * ```
 */
export function parseFrameSelection(text: string): FrameSelection {
  const match = SELECTION.exec(text);
  if (match === null || (match[1] === undefined && match[2] === undefined)) {
    throw new UsageError(`--frames must be one frame K or a range A:B (either end may be left out); got ${JSON.stringify(text)}`);
  }
  const [, a, colon, b] = match;
  if (colon === undefined) return { index: Number(a) };
  return { ...(a === undefined ? {} : { start: Number(a) }), ...(b === undefined ? {} : { stop: Number(b) }) };
}

/**
 * The frames `selection` picks among `count` (all of them when undefined), following Python's
 * rules; an index out of range or a range that holds no frame is an error naming the stack's
 * length. `isStack` tells whether the input is a stack (a single image has no frame axis).
 *
 * @example
 * ```ts
 * resolveFrameRange({ start: -2 }, 10, true, 'scan.h5::/data'); // { start: 8, stop: 10, stack: true }
 * ```
 */
export function resolveFrameRange(selection: FrameSelection | undefined, count: number, isStack: boolean, label: string): FrameRange {
  if (selection === undefined) return { start: 0, stop: count, stack: isStack };
  if ('index' in selection) {
    const k = selection.index < 0 ? selection.index + count : selection.index;
    if (k < 0 || k >= count) {
      throw new CliError(`--frames ${selection.index}: ${label} holds ${count} frame${count === 1 ? '' : 's'} (indices 0 to ${count - 1}, or -${count} to -1)`, EXIT_CODES.mismatch);
    }
    return { start: k, stop: k + 1, stack: false };
  }
  const clamp = (value: number | undefined, fallback: number) =>
    value === undefined ? fallback : Math.min(Math.max(value < 0 ? value + count : value, 0), count);
  const start = clamp(selection.start, 0);
  const stop = clamp(selection.stop, count);
  if (stop <= start) {
    const text = `${selection.start ?? ''}:${selection.stop ?? ''}`;
    throw new CliError(`--frames ${text} selects no frame: ${label} holds ${count} frame${count === 1 ? '' : 's'}`, EXIT_CODES.mismatch);
  }
  return { start, stop, stack: isStack };
}
