/**
 * A plot area: x, y and optional second y axes, the curves and image drawn against them, and
 * the legend and colorbar that explain them.
 *
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { axisModel, type AxisModel, type AxisOptions } from './axis.js';
import type { ImageLayer } from './image-layer.js';
import { DEFAULT_COLORS, type LineSeries } from './line-series.js';

/** Where the legend sits inside the plot area. */
export type LegendPosition = 'upper right' | 'upper left' | 'lower left' | 'lower right';

/** The colour scale drawn beside an image. */
export interface ColorbarModel {
  /** What the colours measure, e.g. `'intensity'`. */
  readonly label?: string;
  /** Its units. */
  readonly units?: string;
}

/** How to build {@link Axes}; every field is optional. */
export interface AxesOptions {
  x?: AxisOptions;
  y?: AxisOptions;
  /** A second y axis on the right, for curves with `yAxis: 'right'`. */
  y2?: AxisOptions;
  lines?: readonly LineSeries[];
  image?: ImageLayer;
  /** Show a legend of the labelled curves: true (upper right), a position, or false (default: true when a curve has a label). */
  legend?: boolean | LegendPosition;
  /** The colorbar of the image (default: shown when there is an image); false hides it. */
  colorbar?: ColorbarModel | boolean;
  /** Grid lines at the major ticks (default true). */
  grid?: boolean;
}

/** Validated axes. Build them with {@link createAxes}. */
export interface Axes {
  readonly x: AxisModel;
  readonly y: AxisModel;
  readonly y2?: AxisModel;
  readonly lines: readonly LineSeries[];
  readonly image?: ImageLayer;
  /** The legend's position, or undefined for none. */
  readonly legend?: LegendPosition;
  readonly colorbar?: ColorbarModel;
  readonly grid: boolean;
}

const LEGEND_POSITIONS: readonly LegendPosition[] = ['upper right', 'upper left', 'lower left', 'lower right'];

/**
 * Validates axes: curves on the right need a `y2` axis, an image needs linear x and y axes (its
 * pixels are evenly spaced), there is something to draw. The image's origin and flips set the
 * direction of the axes.
 *
 * @example
 * ```ts
 * const axes = createAxes({ x: { label: 'x' }, lines: [lineSeries({ y: [1, 2, 3], label: 'a' })] });
 * axes.legend; // 'upper right'
 * ```
 */
export function createAxes(options: AxesOptions): Axes {
  if (typeof options !== 'object' || options === null) throw new ArgumentError(`axes options must be an object, got ${show(options)}`);
  const lines = options.lines ?? [];
  const image = options.image;
  if (lines.length === 0 && image === undefined) throw new ArgumentError('axes need at least one curve or an image: there is nothing to plot');
  let x = axisModel(options.x, 'x');
  let y = axisModel(options.y, 'y');
  const y2 = options.y2 === undefined ? undefined : axisModel(options.y2, 'y2');
  const right = lines.findIndex((s) => s.yAxis === 'right');
  if (right >= 0 && y2 === undefined) throw new ArgumentError(`curve ${right} is on the right y axis, but the axes have no y2 axis`);
  if (image !== undefined) {
    for (const [name, axis] of [['x', x], ['y', y]] as const) {
      if (axis.scale !== 'linear') throw new ArgumentError(`an image needs a linear ${name} axis (its pixels are evenly spaced), got ${show(axis.scale)}`);
    }
    x = { ...x, inverted: x.inverted !== image.flipX };
    y = { ...y, inverted: y.inverted !== (image.origin === 'upper') !== image.flipY };
  }
  const labelled = lines.some((s) => s.label !== undefined && s.label !== '');
  let legend: LegendPosition | undefined;
  if (options.legend === undefined || options.legend === true) legend = labelled ? 'upper right' : undefined;
  else if (options.legend !== false) {
    if (!LEGEND_POSITIONS.includes(options.legend)) throw new ArgumentError(`legend must be a boolean or one of ${LEGEND_POSITIONS.map(show).join(', ')}; got ${show(options.legend)}`);
    legend = labelled ? options.legend : undefined;
  }
  let colorbar: ColorbarModel | undefined;
  if (image !== undefined && options.colorbar !== false) colorbar = options.colorbar === undefined || options.colorbar === true ? {} : { ...options.colorbar };
  return { x, y, y2, lines: [...lines], image, legend, colorbar, grid: options.grid ?? true };
}

/**
 * The colour of curve `index` of the axes: its own, else the next default colour.
 *
 * @example
 * ```ts
 * seriesColor(axes, 1); // '#ff7f0e' for a second curve without a colour
 * ```
 */
export function seriesColor(axes: Axes, index: number): string {
  return axes.lines[index].color ?? DEFAULT_COLORS[index % DEFAULT_COLORS.length];
}
