/**
 * Options shared by the plot functions: the figure's size, title and background, and the axes.
 *
 * @module
 */
import type { AxisOptions } from '../scene/axis.js';

/** The figure part of a plot function's options. */
export interface FigurePartOptions {
  /** Figure width in pixels (default 640). */
  width?: number;
  /** Figure height in pixels (default 480). */
  height?: number;
  /** Title above the plot. */
  title?: string;
  /** Background colour (default `'#ffffff'`). */
  background?: string;
}

/** The axes part of a plot function's options. */
export interface AxesPartOptions {
  /** The x axis: label, units, scale, fixed range, direction. */
  xAxis?: AxisOptions;
  /** The (left) y axis. */
  yAxis?: AxisOptions;
  /** Grid lines at the major ticks (default: true for line plots, false for image plots). */
  grid?: boolean;
}
