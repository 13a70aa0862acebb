import type { Integrate1dResult, Integrate2dResult, NxAxisDescription, NxDataOfResult } from '@pandaas/integrate';

/**
 * A 1D or 2D integration result.
 *
 * @example
 * ```ts
 * const result: IntegrationResult = await plan.integrate(frame);
 * ```
 */
export type IntegrationResult = Integrate1dResult | Integrate2dResult;

/**
 * What the NXdata of a stack is, before its numbers: the first frame's description
 * (`result.toNxData()`, whose names, units and axes every frame shares), the number of frames,
 * the signal's shape `[frames, npt]` (2D: `[frames, nptAzim, npt]`), the axes (the frame axis,
 * then the frame's own) and the title. The results themselves are written frame by frame.
 *
 * @example
 * ```ts
 * const layout = stackLayout(first, 100, indexAxis(100, 0));
 * layout.shape; // [100, 1000]
 * ```
 */
export interface StackLayout {
  /** The first frame's own NXdata description. */
  readonly one: NxDataOfResult;
  readonly frames: number;
  /** Values per frame (npt, or nptAzim x npt). */
  readonly bins: number;
  /** `[frames, ...one.signal.data.shape]`. */
  readonly shape: readonly number[];
  /** The frame axis, then the frame's axes. */
  readonly axes: readonly NxAxisDescription[];
  readonly title: string;
}

/**
 * The layout of a stack of `frames` results like `first`, with `frameAxis` along the frames.
 *
 * @example
 * ```ts
 * const layout = stackLayout(first, 3, { name: 'two_theta', data: Float64Array.from([11.12, 26.76, 39]), units: 'deg' });
 * ```
 */
export function stackLayout(first: IntegrationResult, frames: number, frameAxis: NxAxisDescription): StackLayout {
  const one = first.toNxData();
  return {
    one,
    frames,
    bins: first.intensity.length,
    shape: [frames, ...one.signal.data.shape],
    axes: [frameAxis, ...one.axes],
    title: `${one.title}, ${frames} frame${frames === 1 ? '' : 's'}`,
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
