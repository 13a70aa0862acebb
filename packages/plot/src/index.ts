/**
 * `@pandaas/plot`: publication-quality line and image plots from one drawing code path — SVG
 * (pure TypeScript), PNG in Node.js (@napi-rs/canvas) and Canvas 2D in browsers — with silx/h5web
 * colormaps, scales, aggregated downsampling and NeXus NXdata plots.
 *
 * @example
 * ```ts
 * import { imagePlot, linePlot, renderPng, renderSvg } from '@pandaas/plot';
 * const svg = renderSvg(linePlot([{ x: [1, 2, 3], y: [2, 4, 8], errors: [0.5, 0.5, 1], label: 'counts' }], { yAxis: { scale: 'log' } }));
 * const png = await renderPng(imagePlot(frame, { colormap: 'magma', normalization: 'log', aggregation: 'max' }));
 * ```
 * @module
 */

// Plots: one call from data to a figure
export { linePlot } from './plots/line-plot.js';
export type { LinePlotOptions } from './plots/line-plot.js';
export { imagePlot, imageValues } from './plots/image-plot.js';
export type { ImageInput, ImagePlotOptions } from './plots/image-plot.js';
export { plotNxdata, readNxdataValues } from './plots/nxdata-plot.js';
export type { NxDataLike, NxDataValues, NxdataPlotOptions, NxFieldLike, NxFieldValues } from './plots/nxdata-plot.js';
export type { AxesPartOptions, FigurePartOptions } from './plots/options.js';

// Rendering
export { renderSvg } from './render/svg.js';
export type { SvgOptions } from './render/svg.js';
export { renderPng } from './render/png.js';
export type { PngOptions } from './render/png.js';
export { renderCanvas } from './render/canvas.js';
export type { CanvasOptions } from './render/canvas.js';
export { drawFigure } from './render/draw-figure.js';
export type { DrawOptions } from './render/draw-figure.js';
export { canvasContext } from './render/canvas-adapter.js';
export type { Canvas2D } from './render/canvas-adapter.js';
export { SvgContext } from './render/svg-context.js';
export type { DrawContext, TextAlign } from './render/context.js';
export { encodePng } from './render/png-encode.js';

// Scene: the backend-free model
export { createFigure } from './scene/figure.js';
export type { Figure, FigureOptions } from './scene/figure.js';
export { createAxes, seriesColor } from './scene/axes.js';
export type { Axes, AxesOptions, ColorbarModel, LegendPosition } from './scene/axes.js';
export { axisModel, axisTitle } from './scene/axis.js';
export type { AxisModel, AxisOptions } from './scene/axis.js';
export { DEFAULT_COLORS, lineSeries } from './scene/line-series.js';
export type { LineInput, LineSeries, LineStyle, MarkerShape, YAxisSide } from './scene/line-series.js';
export { imageLayer } from './scene/image-layer.js';
export type { ImageLayer, ImageOptions } from './scene/image-layer.js';
export type { Numbers } from './scene/values.js';
export { resolveDomains } from './scene/domains.js';
export type { Domains } from './scene/domains.js';
export { layoutAxes } from './scene/layout.js';
export type { AxesLayout, AxisLayout, ColorbarLayout, ColorScale, LegendLayout, Rect, Tick } from './scene/layout.js';

// Scales and ticks
export { createScale, niceDomain, SCALE_TYPES } from './scales/scale.js';
export type { NiceDomainOptions, Scale, ScaleOptions, ScaleType } from './scales/scale.js';
export type { TickSet } from './scales/ticks.js';
export { tickFormatter } from './scales/format.js';
export type { TickFormatOptions } from './scales/format.js';

// Colour
export { COLORMAP_NAMES, colormapLut, isColormapName } from './color/colormaps.js';
export type { ColormapName } from './color/colormaps.js';
export { colorize, DEFAULT_MASK_COLOR, DEFAULT_NAN_COLOR, DEFAULT_NEG_INF_COLOR, DEFAULT_POS_INF_COLOR } from './color/colorize.js';
export type { ColorizeOptions, Colorized, ColorOptions, RGBA } from './color/colorize.js';
export { AUTOSCALE_MODES, autoscale, autoscaleRange } from './color/autoscale.js';
export type { AutoscaleMode, AutoscaleResult } from './color/autoscale.js';
export { NORMALIZATIONS } from './color/normalization.js';
export type { Normalization } from './color/normalization.js';

// Images
export { AGGREGATIONS, aggregationFactors, downsample, downsampleBlocks } from './image/downsample.js';
export type { Aggregation, BlockImage } from './image/downsample.js';
export { axisFromCentres, axisFromCoordinates, axisFromEdges, resampleIndices, resampleNearest } from './image/coordinates.js';
export type { ImageAxis } from './image/coordinates.js';
