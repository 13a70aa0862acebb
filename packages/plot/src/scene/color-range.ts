/**
 * The colour range of an image: the given bounds, the autoscaled ones (masked pixels left out),
 * or a clear error when the image has no value its normalization can show (rather than silx's
 * silent fallback range, which would draw a blank picture).
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';
import { autoscale, type AutoscaleMode } from '../color/autoscale.js';
import { assertRange, type Normalization } from '../color/normalization.js';

/** What {@link colorRange} needs to know about an image. */
export interface ColorRangeInput {
  values: ArrayLike<number>;
  width: number;
  height: number;
  normalization: Normalization;
  autoscale: AutoscaleMode;
  vmin?: number;
  vmax?: number;
  mask?: ArrayLike<number>;
}

function unmasked(values: ArrayLike<number>, mask: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) if (mask[i] !== 0) out[i] = NaN;
  return out;
}

/**
 * [vmin, vmax] of an image's colours. A missing bound is autoscaled over the unmasked pixels;
 * when only one is given and the other would fall on its wrong side, the range collapses onto
 * the given one (silx's rule).
 *
 * @example
 * ```ts
 * colorRange({ values: [1, 5, NaN, 3], width: 2, height: 2, normalization: 'linear', autoscale: 'minmax' }); // [1, 5]
 * ```
 */
export function colorRange(image: ColorRangeInput): [number, number] {
  let { vmin, vmax } = image;
  if (vmin === undefined || vmax === undefined) {
    const values = image.mask === undefined ? image.values : unmasked(image.values, image.mask);
    const auto = autoscale(values, image.autoscale, image.normalization);
    if (auto.fallback) {
      const n = image.normalization;
      const what = n === 'log' ? 'no finite value > 0' : n === 'sqrt' ? 'no finite value >= 0' : 'no finite value (all NaN or infinite)';
      throw new ArgumentError(
        `the ${image.width} x ${image.height} image has ${what}${image.mask ? ' outside its mask' : ''} for its ${JSON.stringify(n)} normalization: there is nothing to colour (give vmin and vmax to draw it anyway)`,
      );
    }
    if (vmin === undefined && vmax === undefined) [vmin, vmax] = auto.range;
    else if (vmin === undefined) vmin = Math.min(auto.range[0], vmax!);
    else vmax = Math.max(auto.range[1], vmin);
  }
  assertRange(vmin, vmax!, image.normalization);
  return [vmin, vmax!];
}
