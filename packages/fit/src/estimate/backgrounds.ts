/**
 * The backgrounds of the estimates, as silx's background theories (`bgtheories`): curves
 * (strip, snip) to subtract, or start values of a background model (constant, linear,
 * polynomial).
 *
 * @module
 */
import { savitskyGolay } from '../background/smooth.js';
import { snip1d } from '../background/snip.js';
import { strip } from '../background/strip.js';
import { constant, linear, polynomial } from '../models/builtins.js';
import type { Model } from '../models/model.js';
import { pairwiseSum, polyfit } from './numeric.js';
import type { EstimateConfig } from './options.js';

/**
 * The background the peak estimators subtract, as silx `FitTheories.strip_bg`: the strip
 * background of y (Savitzky-Golay smoothed first when `smoothing`), or zeros when
 * `stripBackground` is off. No anchors.
 *
 * @example
 * ```ts
 * const bg = peakBackground(y, resolveEstimateOptions());
 * ```
 */
export function peakBackground(y: Float64Array, config: EstimateConfig): Float64Array {
  if (!config.stripBackground) return new Float64Array(y.length);
  const source = config.smoothing ? savitskyGolay(y, config.smoothingWidth) : y;
  return strip(source, { width: config.stripWidth, iterations: config.stripIterations, factor: config.stripThresholdFactor });
}

/**
 * Anchor x values as indices, as silx's background theories: each anchor above x[0] becomes the
 * first index where x >= anchor (anchors beyond the data are dropped); null when none is left.
 */
function anchorIndices(x: Float64Array, anchors: Float64Array | null): number[] | null {
  if (anchors === null) return null;
  const indices: number[] = [];
  for (const anchor of anchors) {
    if (anchor <= x[0]) continue;
    const at = x.findIndex((v) => v >= anchor);
    if (at >= 0) indices.push(at);
  }
  return indices.length > 0 ? indices : null;
}

/**
 * silx's 'Strip' background theory (`bgtheories.strip_bg`): smoothed when `smoothing`, stripped
 * with the anchors.
 *
 * @example
 * ```ts
 * const bg = stripBackground(x, y, config);
 * ```
 */
export function stripBackground(x: Float64Array, y: Float64Array, config: EstimateConfig): Float64Array {
  const source = config.smoothing ? savitskyGolay(y, config.smoothingWidth) : y;
  const anchors = anchorIndices(x, config.anchors);
  return strip(source, {
    width: config.stripWidth,
    iterations: config.stripIterations,
    factor: config.stripThresholdFactor,
    anchors: anchors ?? undefined,
  });
}

/**
 * silx's 'Snip' background theory (`bgtheories.snip_bg`): snip1d on the pieces between anchors
 * (without anchors: the pieces [0, n-1) and [n-1, n), as silx does), smoothed when `smoothing`.
 *
 * @example
 * ```ts
 * const bg = snipBackground(x, y, config);
 * ```
 */
export function snipBackground(x: Float64Array, y: Float64Array, config: EstimateConfig): Float64Array {
  const source = config.smoothing ? savitskyGolay(y, config.smoothingWidth) : y;
  const n = source.length;
  const anchors = anchorIndices(x, config.anchors) ?? [0, n - 1];
  const out = new Float64Array(n);
  let previous = 0;
  for (const anchor of anchors) {
    if (anchor > previous && anchor < n) {
      out.set(snip1d(source.subarray(previous, anchor), config.snipWidth), previous);
      previous = anchor;
    }
  }
  if (previous < n) out.set(snip1d(source.subarray(previous), config.snipWidth), previous);
  return out;
}

/**
 * silx's 'Linear' background estimate: a least-squares line through the strip background
 * ([Constant, Slope]; zeros when x is degenerate), with numpy's sums.
 *
 * @example
 * ```ts
 * const [constant, slope] = linearBackground(x, y, config);
 * ```
 */
export function linearBackground(x: Float64Array, y: Float64Array, config: EstimateConfig): [number, number] {
  const bg = stripBackground(x, y, config);
  const n = bg.length;
  const xx = new Float64Array(n);
  const xy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xx[i] = x[i] * x[i];
    xy[i] = x[i] * bg[i];
  }
  const sy = pairwiseSum(bg, 0, n);
  const sx = pairwiseSum(x, 0, n);
  const sxx = pairwiseSum(xx, 0, n);
  const sxy = pairwiseSum(xy, 0, n);
  const deno = n * sxx - sx * sx;
  if (deno === 0) return [0, 0];
  return [(sxx * sy - sx * sxy) / deno, (n * sxy - sx * sy) / deno];
}

/**
 * silx's polynomial background estimate: `numpy.polyfit` of the strip background (or of y when
 * `estimatePolyOnStrip` is off), coefficients highest power first.
 *
 * @example
 * ```ts
 * const [a, b, c] = polynomialBackground(x, y, { ...config, backgroundDegree: 2 });
 * ```
 */
export function polynomialBackground(x: Float64Array, y: Float64Array, config: EstimateConfig): Float64Array {
  return polyfit(x, config.estimatePolyOnStrip ? stripBackground(x, y, config) : y, config.backgroundDegree);
}

/** What {@link backgroundStart} gives: a model and its start values, or a curve, or neither. */
export interface BackgroundStart {
  /** The background model (constant, linear or polynomial), fitted first in the sum; null otherwise. */
  model: Model | null;
  /** Its start values. */
  p0: number[];
  /** The strip or snip background curve to subtract from y; null otherwise. */
  curve: Float64Array | null;
}

/**
 * The background of an estimate as `config.background` asks: 'constant' starts at min(y),
 * 'linear' at {@link linearBackground}, 'polynomial' at {@link polynomialBackground}; 'strip'
 * and 'snip' are curves ({@link stripBackground}, {@link snipBackground}); 'none' is neither.
 *
 * @example
 * ```ts
 * const { model, p0, curve } = backgroundStart(x, y, resolveEstimateOptions({ background: 'linear' }));
 * ```
 */
export function backgroundStart(x: Float64Array, y: Float64Array, config: EstimateConfig): BackgroundStart {
  switch (config.background) {
    case 'constant':
      return { model: constant(), p0: [y.reduce((min, v) => Math.min(min, v), Infinity)], curve: null };
    case 'linear':
      return { model: linear(), p0: linearBackground(x, y, config), curve: null };
    case 'polynomial':
      return { model: polynomial(config.backgroundDegree), p0: Array.from(polynomialBackground(x, y, config)), curve: null };
    case 'strip':
      return { model: null, p0: [], curve: stripBackground(x, y, config) };
    case 'snip':
      return { model: null, p0: [], curve: snipBackground(x, y, config) };
    default:
      return { model: null, p0: [], curve: null };
  }
}
