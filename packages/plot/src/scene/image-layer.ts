/**
 * An image (heatmap) layer: values of a width × height grid, how they are coloured, where the
 * grid sits in data coordinates, and how it is reduced to the pixels it is drawn on.
 *
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';
import { AUTOSCALE_MODES, type AutoscaleMode } from '../color/autoscale.js';
import { sharedLut } from '../color/colormaps.js';
import type { ColorOptions, RGBA } from '../color/colorize.js';
import { assertNormalization, assertRange, type Normalization } from '../color/normalization.js';
import type { Aggregation } from '../image/downsample.js';
import { axisFromCoordinates, type ImageAxis } from '../image/coordinates.js';
import { colorRange } from './color-range.js';
import { toFloat64, type Numbers } from './values.js';

const AGGREGATIONS: readonly Aggregation[] = ['max', 'mean', 'min', 'nearest'];

/** How an image looks ({@link ColorOptions}) and where it sits ({@link imageLayer}); every field is optional. */
export interface ImageOptions extends ColorOptions {
  /**
   * Coordinates of the columns: `width` bin centres or `width + 1` bin edges, strictly monotonic
   * (default: edges 0..width, the pixel indices). Unevenly spaced coordinates are drawn by
   * nearest-neighbour resampling onto the screen pixels (no aggregation).
   */
  x?: Numbers;
  /** Coordinates of the rows, as `x` (default: edges 0..height). */
  y?: Numbers;
  /** `'lower'` (default, as silx): the y axis points up; `'upper'`: it points down, as image viewers show row 0 on top. */
  origin?: 'lower' | 'upper';
  /** Mirror left-right (inverts the x axis). */
  flipX?: boolean;
  /** Mirror top-bottom (inverts the y axis). */
  flipY?: boolean;
  /** `'equal'` (default): one data unit is as long on x as on y; `'auto'`: fill the plot area. */
  aspect?: 'equal' | 'auto';
  /** How pixels are combined when the image has more of them than the screen (default `'max'`, which keeps isolated spots). */
  aggregation?: Aggregation;
}

/**
 * A validated image layer. Build it with {@link imageLayer}. The values are kept, not copied;
 * the colour range is fixed when the layer is made.
 */
export interface ImageLayer {
  readonly values: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
  readonly colormap: string;
  readonly normalization: Normalization;
  readonly gamma?: number;
  readonly autoscale: AutoscaleMode;
  /** The colour range [vmin, vmax]: as given, or autoscaled when the layer was made. */
  readonly range: readonly [number, number];
  readonly nanColor?: RGBA;
  readonly posInfColor?: RGBA;
  readonly negInfColor?: RGBA;
  readonly mask?: ArrayLike<number>;
  readonly maskColor?: RGBA;
  /** The columns' pixel edges in data coordinates. */
  readonly xAxis: ImageAxis;
  /** The rows' pixel edges in data coordinates. */
  readonly yAxis: ImageAxis;
  readonly origin: 'lower' | 'upper';
  readonly flipX: boolean;
  readonly flipY: boolean;
  readonly aspect: 'equal' | 'auto';
  readonly aggregation: Aggregation;
}

function dimension(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`${name} must be a positive integer, got ${show(v)}`);
  return v;
}

function imageAxis(coords: Numbers | undefined, count: number, name: string): ImageAxis {
  return axisFromCoordinates(coords === undefined ? undefined : toFloat64(coords, name), count, name);
}

/**
 * Validates an image: `values` row-major with `width * height` numbers (ShapeError otherwise),
 * a known colormap and normalization, coordinates that fit, and a colour range: the given
 * bounds, or autoscaled over the unmasked pixels. An image with no value its normalization can
 * colour (all NaN; nothing > 0 on log) throws an ArgumentError unless vmin and vmax are given.
 *
 * @example
 * ```ts
 * const img = imageLayer(new Float32Array(6), 3, 2, { colormap: 'magma', normalization: 'log' });
 * [img.xAxis.start, img.xAxis.end]; // [0, 3]
 * ```
 */
export function imageLayer(values: ArrayLike<number>, width: number, height: number, options: ImageOptions = {}): ImageLayer {
  dimension(width, 'width');
  dimension(height, 'height');
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new ArgumentError(`values must be an array of numbers, got ${show(values)}`);
  }
  if (values.length !== width * height) throw new ShapeError(`values has ${values.length} numbers; a ${width} x ${height} image needs ${width * height}`);
  const colormap = options.colormap ?? 'viridis';
  sharedLut(colormap, 'colormap');
  const normalization = options.normalization ?? 'linear';
  assertNormalization(normalization);
  const autoscale = options.autoscale ?? 'minmax';
  if (!AUTOSCALE_MODES.includes(autoscale)) throw new ArgumentError(`autoscale must be one of ${AUTOSCALE_MODES.map(show).join(', ')}; got ${show(autoscale)}`);
  if (options.vmin !== undefined || options.vmax !== undefined) {
    // a lone bound is checked against itself; the pair is checked once both are known
    assertRange(options.vmin ?? options.vmax!, options.vmax ?? options.vmin!, normalization);
  }
  if (options.gamma !== undefined && !(Number.isFinite(options.gamma) && options.gamma > 0)) throw new ArgumentError(`gamma must be a finite number > 0, got ${show(options.gamma)}`);
  if (options.mask !== undefined && options.mask.length !== values.length) {
    throw new ShapeError(`mask has ${options.mask.length} values; the ${width} x ${height} image has ${values.length}`);
  }
  const aggregation = options.aggregation ?? 'max';
  if (!AGGREGATIONS.includes(aggregation)) throw new ArgumentError(`aggregation must be one of ${AGGREGATIONS.map(show).join(', ')}; got ${show(aggregation)}`);
  const origin = options.origin ?? 'lower';
  if (origin !== 'lower' && origin !== 'upper') throw new ArgumentError(`origin must be 'lower' or 'upper', got ${show(origin)}`);
  const aspect = options.aspect ?? 'equal';
  if (aspect !== 'equal' && aspect !== 'auto') throw new ArgumentError(`aspect must be 'equal' or 'auto', got ${show(aspect)}`);
  return {
    values,
    width,
    height,
    colormap,
    normalization,
    gamma: options.gamma,
    autoscale,
    range: colorRange({ values, width, height, normalization, autoscale, vmin: options.vmin, vmax: options.vmax, mask: options.mask }),
    nanColor: options.nanColor,
    posInfColor: options.posInfColor,
    negInfColor: options.negInfColor,
    mask: options.mask,
    maskColor: options.maskColor,
    xAxis: imageAxis(options.x, width, 'x'),
    yAxis: imageAxis(options.y, height, 'y'),
    origin,
    flipX: options.flipX === true,
    flipY: options.flipY === true,
    aspect,
    aggregation,
  };
}
