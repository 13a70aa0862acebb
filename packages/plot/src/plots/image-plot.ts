/**
 * `imagePlot`: one call from a 2-D array to a heatmap figure with a colorbar.
 *
 * @module
 */
import { ArgumentError, NdArray, ShapeError, show } from '@pandaas/core';
import { createAxes, type ColorbarModel } from '../scene/axes.js';
import { resolveDomains } from '../scene/domains.js';
import { createFigure, type Figure } from '../scene/figure.js';
import { imageLayer, type ImageOptions } from '../scene/image-layer.js';
import type { AxesPartOptions, FigurePartOptions } from './options.js';

/** An image as row-major values with its size. */
export interface ImageInput {
  values: ArrayLike<number>;
  width: number;
  height: number;
}

/** Options of {@link imagePlot}: the image's (colormap, coordinates, ...) and the figure's. */
export interface ImagePlotOptions extends ImageOptions, FigurePartOptions, AxesPartOptions {
  /** The colorbar's label and units; false hides it (default: shown). */
  colorbar?: ColorbarModel | boolean;
}

/**
 * The values, width and height of a 2-D NdArray (length-1 leading dimensions ignored) or of an
 * {@link ImageInput}. The values are not copied when the NdArray is contiguous on the CPU.
 *
 * @example
 * ```ts
 * imageValues({ values: [1, 2, 3, 4, 5, 6], width: 3, height: 2 }).width; // 3
 * ```
 */
export function imageValues(image: NdArray | ImageInput): ImageInput {
  if (image instanceof NdArray) {
    const shape = [...image.shape];
    while (shape.length > 2 && shape[0] === 1) shape.shift();
    if (shape.length !== 2) throw new ShapeError(`an image must be a 2-D array, got shape [${image.shape.join(', ')}]`);
    return { values: image.dataSync(), width: shape[1], height: shape[0] };
  }
  if (typeof image !== 'object' || image === null || !('values' in image)) {
    throw new ArgumentError(`image must be a 2-D NdArray or {values, width, height}, got ${show(image)}`);
  }
  return image;
}

/**
 * A heatmap of a 2-D array (rows along y, columns along x) with a colorbar. Defaults: viridis,
 * linear normalization, min-max autoscale, origin 'lower' (as silx), equal aspect, 'max'
 * aggregation when the image has more pixels than the screen. Throws when the image has no
 * value its normalization can colour, instead of drawing a blank picture.
 *
 * @example
 * ```ts
 * import { imagePlot, renderPng } from '@pandaas/plot';
 * const fig = imagePlot(frame, { colormap: 'magma', normalization: 'log', origin: 'upper', colorbar: { label: 'counts' } });
 * const png = await renderPng(fig);
 * ```
 */
export function imagePlot(image: NdArray | ImageInput, options: ImagePlotOptions = {}): Figure {
  if (typeof options !== 'object' || options === null) throw new ArgumentError(`options must be an object, got ${show(options)}`);
  const { values, width, height } = imageValues(image);
  const layer = imageLayer(values, width, height, options);
  const axes = createAxes({ x: options.xAxis, y: options.yAxis, image: layer, colorbar: options.colorbar, grid: options.grid ?? false });
  resolveDomains(axes);
  return createFigure({ width: options.width, height: options.height, title: options.title, background: options.background, axes });
}
