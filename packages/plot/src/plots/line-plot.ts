/**
 * `linePlot`: one call from curves to a figure.
 *
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { createAxes, type LegendPosition } from '../scene/axes.js';
import type { AxisOptions } from '../scene/axis.js';
import { resolveDomains } from '../scene/domains.js';
import { createFigure, type Figure } from '../scene/figure.js';
import { lineSeries, type LineInput } from '../scene/line-series.js';
import type { AxesPartOptions, FigurePartOptions } from './options.js';

/** Options of {@link linePlot}. */
export interface LinePlotOptions extends FigurePartOptions, AxesPartOptions {
  /** A second y axis on the right, for curves with `yAxis: 'right'`. */
  y2Axis?: AxisOptions;
  /** Legend of the labelled curves (default: shown upper right when a curve has a label). */
  legend?: boolean | LegendPosition;
}

/**
 * A line plot of one curve or several. Curves are validated (equal lengths, errors >= 0, at
 * least one drawable point each) and their data copied; NaN and ±Infinity, and values a log
 * axis cannot show, leave gaps in the line.
 *
 * @example
 * ```ts
 * import { linePlot, renderSvg } from '@pandaas/plot';
 * const fig = linePlot(
 *   [
 *     { x: q, y: iq, errors: sigma, label: 'sample' },
 *     { x: q, y: bg, label: 'background', lineStyle: 'dashed' },
 *   ],
 *   { xAxis: { label: 'q', units: 'nm⁻¹' }, yAxis: { label: 'I', scale: 'log' }, title: 'SAXS' },
 * );
 * const svg = renderSvg(fig);
 * ```
 */
export function linePlot(series: LineInput | readonly LineInput[], options: LinePlotOptions = {}): Figure {
  if (typeof options !== 'object' || options === null) throw new ArgumentError(`options must be an object, got ${show(options)}`);
  const inputs = Array.isArray(series) ? (series as readonly LineInput[]) : [series as LineInput];
  if (inputs.length === 0) throw new ArgumentError('linePlot needs at least one curve, got an empty list');
  const lines = inputs.map((s, i) => lineSeries(s, inputs.length === 1 ? 'series' : `series[${i}]`));
  const axes = createAxes({ x: options.xAxis, y: options.yAxis, y2: options.y2Axis, lines, legend: options.legend, grid: options.grid });
  resolveDomains(axes); // fail now, not when rendering, when a curve has nothing to show
  return createFigure({ width: options.width, height: options.height, title: options.title, background: options.background, axes });
}
