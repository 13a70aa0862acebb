import { CliError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';

/** One frame of an array whose trailing dimensions are plotted: its indices along the others. */
export interface FramePick {
  /** Indices along the leading dimensions (empty when there is one frame). */
  readonly indices: readonly number[];
  /** Number of frames: the product of the leading dimensions. */
  readonly count: number;
}

/**
 * Frame `frame` of an array of `shape` whose last `keep` dimensions make one plot, counted in
 * row-major order over the leading dimensions (a stack `[n, rows, cols]` has n frames). A frame
 * outside the array is a {@link CliError} (exit 5) naming `--frame` and the count.
 *
 * @example
 * ```ts
 * pickFrame([3, 195, 1475], 2, 1, 'scan.nxs::/entry/data/data'); // { indices: [1], count: 3 }
 * pickFrame([2, 3, 10], 1, 4, 'map'); // { indices: [1, 1], count: 6 }
 * ```
 */
export function pickFrame(shape: readonly number[], keep: number, frame: number, label: string): FramePick {
  const lead = shape.slice(0, Math.max(0, shape.length - keep));
  const count = lead.reduce((a, b) => a * b, 1);
  if (frame >= count) throw frameRangeError(frame, count, label);
  const indices = lead.map(() => 0);
  for (let axis = lead.length - 1, rest = frame; axis >= 0; axis--) {
    indices[axis] = rest % lead[axis]!;
    rest = Math.floor(rest / lead[axis]!);
  }
  return { indices, count };
}

/**
 * The error for a `--frame` beyond the `count` frames of `label` (exit 5).
 *
 * @example
 * ```ts
 * throw frameRangeError(3, 1, 'frame.tif'); // --frame 3 is out of range: frame.tif has 1 frame (0 to 0)
 * ```
 */
export function frameRangeError(frame: number, count: number, label: string): CliError {
  const has = count === 0 ? 'no frames' : `${count} frame${count === 1 ? '' : 's'} (0 to ${count - 1})`;
  return new CliError(`--frame ${frame} is out of range: ${label} has ${has}`, EXIT_CODES.mismatch);
}
