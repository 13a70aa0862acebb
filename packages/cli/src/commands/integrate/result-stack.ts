import { array } from '@pandaas/core';
import type { Integrate1dResult, Integrate2dResult, NxAxisDescription, NxDataOfResult } from '@pandaas/integrate';
import { totalmem } from 'node:os';
import { CliError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';

/**
 * A 1D or 2D integration result.
 *
 * @example
 * ```ts
 * const result: IntegrationResult = await plan.integrate(frame);
 * ```
 */
export type IntegrationResult = Integrate1dResult | Integrate2dResult;

const GIB = 1024 ** 3;

/**
 * The results of a stack, frame after frame: intensity and sigma of every frame in two float64
 * arrays `[frames, ...bins]` allocated once, after {@link checkResultMemory} (a few numbers per
 * bin and frame; the frames themselves are never kept).
 *
 * @example
 * ```ts
 * const stack = new ResultStack(100, 1000, true);
 * stack.set(0, await plan.integrate(frame));
 * ```
 */
export class ResultStack {
  readonly frames: number;
  /** Bins per frame (npt, or nptAzim x npt). */
  readonly bins: number;
  readonly intensity: Float64Array;
  /** Null without an error model. */
  readonly sigma: Float64Array | null;

  constructor(frames: number, bins: number, errors: boolean) {
    checkResultMemory(frames, bins, errors);
    this.frames = frames;
    this.bins = bins;
    this.intensity = new Float64Array(frames * bins);
    this.sigma = errors ? new Float64Array(frames * bins) : null;
  }

  /**
   * Stores the result of frame `k` (0 = the first frame integrated).
   *
   * @example
   * ```ts
   * stack.set(0, await plan.integrate(frame));
   * ```
   */
  set(k: number, result: IntegrationResult): void {
    this.intensity.set(result.intensity, k * this.bins);
    if (this.sigma !== null && result.sigma !== null) this.sigma.set(result.sigma, k * this.bins);
  }
}

/**
 * Refuses, before any work, results that would take more than half of this machine's memory
 * (frames x bins x 8 bytes, twice with errors): an error (exit status 5) that says how much
 * and what to do.
 *
 * @example
 * ```ts
 * checkResultMemory(1800, 360 * 1000, true); // throws on a machine with less than 20 GiB
 * ```
 */
function checkResultMemory(frames: number, bins: number, errors: boolean): void {
  const bytes = frames * bins * 8 * (errors ? 2 : 1);
  if (bytes > totalmem() / 2 || frames * bins > 2 ** 32 - 1) {
    throw new CliError(
      `the results of ${frames} frames x ${bins} bins would take ${(bytes / GIB).toFixed(1)} GiB, more than half of this machine's memory ` +
        `(${(totalmem() / GIB).toFixed(1)} GiB): integrate fewer frames at a time (--frames A:B), or into fewer bins`,
      EXIT_CODES.mismatch,
    );
  }
}

/**
 * The NXdata of the results: a single frame's own description (`result.toNxData()`), or for a
 * stack the same with a leading frame dimension, its axis `frameAxis`, signal `[frames, npt]`
 * (2D: `[frames, nptAzim, npt]`) and its errors.
 *
 * @example
 * ```ts
 * const nxdata = resultNxData(first, stack, { name: 'frame', data: Float64Array.from([0, 1, 2]) });
 * ```
 */
export function resultNxData(first: IntegrationResult, stack: ResultStack | null, frameAxis?: NxAxisDescription): NxDataOfResult {
  const one = first.toNxData();
  if (stack === null) return one;
  const shape = [stack.frames, ...one.signal.data.shape];
  return {
    signal: { ...one.signal, data: array(stack.intensity, { shape, backend: 'cpu' }) },
    ...(stack.sigma === null ? {} : { errors: array(stack.sigma, { shape, backend: 'cpu' }) }),
    axes: [frameAxis ?? indexAxis(stack.frames, 0), ...one.axes],
    title: `${one.title}, ${stack.frames} frame${stack.frames === 1 ? '' : 's'}`,
    interpretation: one.interpretation,
  };
}

/**
 * The frame axis when the input has none: the frame indices in the input, from `start`.
 *
 * @example
 * ```ts
 * indexAxis(3, 10).data; // Float64Array [10, 11, 12]
 * ```
 */
export function indexAxis(frames: number, start: number): NxAxisDescription {
  return { name: 'frame', data: Float64Array.from({ length: frames }, (_, k) => start + k), longName: 'frame index' };
}
