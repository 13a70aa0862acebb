import type { Abscissa } from './curves.js';
import type { ModelSpec, PeaksSpec } from './model-spec.js';

/**
 * What `pandaas fit` was asked, as the results record it.
 *
 * @example
 * ```ts
 * const request: FitRequest = { input: 'xrf.nxs', spec, peaks: { kind: 'auto' }, weights: 'poisson', abscissa, scaleCovar: true, backend: 'cpu' };
 * ```
 */
export interface FitRequest {
  /** `FILE::/path` of the signal. */
  readonly input: string;
  readonly spec: ModelSpec;
  readonly peaks: PeaksSpec;
  readonly weights: 'none' | 'poisson';
  readonly xRange?: readonly [number, number];
  readonly abscissa: Abscissa;
  /** Whether the uncertainties are scaled by the reduced χ² (curve_fit's default) or absolute. */
  readonly scaleCovar: boolean;
  readonly backend: 'cpu' | 'webgpu';
  readonly maxIter?: number;
  readonly deltaChi?: number;
}

/**
 * `--peaks` as the results record it: `'auto'`, the count, or the positions.
 *
 * @example
 * ```ts
 * peaksValue({ kind: 'positions', positions: [17.24, 17.72] }); // [17.24, 17.72]
 * ```
 */
export function peaksValue(peaks: PeaksSpec): 'auto' | number | readonly number[] {
  return peaks.kind === 'auto' ? 'auto' : peaks.kind === 'count' ? peaks.count : peaks.positions;
}

/**
 * The settings of a fit, as JSON and the NeXus process record them.
 *
 * @example
 * ```ts
 * settings(request); // { input: 'scan.nxs::/entry/data', model: 'gaussian+linear', peaks: 'auto', weights: 'none', ... }
 * ```
 */
export function settings(request: FitRequest) {
  return {
    input: request.input,
    model: request.spec.text,
    shape: request.spec.shape,
    background: request.spec.backgroundTerm,
    peaks: peaksValue(request.peaks),
    weights: request.weights,
    uncertainties: request.scaleCovar ? 'scaled by the reduced chi2' : 'absolute',
    x: {
      name: request.abscissa.name,
      ...(request.abscissa.units === undefined ? {} : { units: request.abscissa.units }),
      source: request.abscissa.source,
      range: request.xRange ?? null,
    },
    ...(request.maxIter === undefined ? {} : { maxIter: request.maxIter }),
    ...(request.deltaChi === undefined ? {} : { deltaChi: request.deltaChi }),
  };
}
