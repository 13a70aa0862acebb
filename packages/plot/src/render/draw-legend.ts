/**
 * Draws the legend: a box with, per labelled curve, a sample of its line and marker and its label.
 *
 * @module
 */
import type { Axes } from '../scene/axes.js';
import { seriesColor } from '../scene/axes.js';
import type { LegendLayout } from '../scene/layout.js';
import { COLORS, font, FONT_SIZE, SPACING, textBox } from '../scene/style.js';
import type { DrawContext } from './context.js';
import { crisp } from './draw-axes.js';
import { dashPattern, paintMarkers, traceMarker } from './draw-lines.js';

/**
 * Draws the legend of `axes` where the layout placed it.
 *
 * @example
 * ```ts
 * if (layout.legend) drawLegend(ctx, axes, layout.legend);
 * ```
 */
export function drawLegend(ctx: DrawContext, axes: Axes, legend: LegendLayout): void {
  const s = SPACING;
  const { box } = legend;
  ctx.save();
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.rect(crisp(box.x), crisp(box.y), Math.round(box.w), Math.round(box.h));
  ctx.fillStyle = COLORS.legendFill;
  ctx.fill();
  ctx.strokeStyle = COLORS.legendEdge;
  ctx.lineWidth = 1;
  ctx.stroke();
  const x0 = box.x + s.legendPad;
  const x1 = x0 + s.legendSample;
  const cap = textBox(FONT_SIZE.legend).cap;
  for (const entry of legend.entries) {
    const series = axes.lines[entry.index];
    const color = seriesColor(axes, entry.index);
    if (series.lineStyle !== 'none') {
      ctx.strokeStyle = color;
      ctx.lineWidth = series.lineWidth;
      ctx.setLineDash(dashPattern(series.lineStyle, series.lineWidth));
      ctx.beginPath();
      ctx.moveTo(x0, entry.y);
      ctx.lineTo(x1, entry.y);
      ctx.stroke();
    } else if (series.marker === 'none') {
      // error bars only: a short bar stands for the curve
      ctx.strokeStyle = color;
      ctx.lineWidth = 1;
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo((x0 + x1) / 2, entry.y - 5);
      ctx.lineTo((x0 + x1) / 2, entry.y + 5);
      ctx.stroke();
    }
    if (series.marker !== 'none') {
      ctx.beginPath();
      traceMarker(ctx, series.marker, (x0 + x1) / 2, entry.y, Math.min(series.markerSize, s.legendRow - 4));
      paintMarkers(ctx, series.marker, color, series.lineWidth);
    }
    ctx.fillStyle = COLORS.text;
    ctx.font = font(FONT_SIZE.legend);
    ctx.textAlign = 'left';
    ctx.fillText(entry.label, x1 + 6, entry.y + cap / 2);
  }
  ctx.restore();
}
