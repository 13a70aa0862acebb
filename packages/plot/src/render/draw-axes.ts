/**
 * Draws the frame of the plot area, the grid, the ticks with their labels and the axis titles.
 *
 * @module
 */
import type { AxesLayout, AxisLayout, Rect } from '../scene/layout.js';
import { COLORS, font, FONT_SIZE, SPACING, textBox } from '../scene/style.js';
import type { DrawContext } from './context.js';

/** A coordinate moved to the middle of a device pixel, so that 1-pixel lines stay crisp. */
export function crisp(v: number): number {
  return Math.round(v - 0.5) + 0.5;
}

/**
 * Grid lines at the major ticks, under the data.
 *
 * @example
 * ```ts
 * drawGrid(ctx, layout);
 * ```
 */
export function drawGrid(ctx: DrawContext, layout: AxesLayout): void {
  const { plot } = layout;
  ctx.save();
  ctx.strokeStyle = COLORS.grid;
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.beginPath();
  for (const t of layout.x.ticks) {
    ctx.moveTo(crisp(t.pos), plot.y);
    ctx.lineTo(crisp(t.pos), plot.y + plot.h);
  }
  for (const t of layout.y.ticks) {
    ctx.moveTo(plot.x, crisp(t.pos));
    ctx.lineTo(plot.x + plot.w, crisp(t.pos));
  }
  ctx.stroke();
  ctx.restore();
}

function widest(ctx: DrawContext, axis: AxisLayout): number {
  ctx.font = font(FONT_SIZE.tick);
  let w = 0;
  for (const t of axis.ticks) w = Math.max(w, ctx.measureText(t.label).width);
  return w;
}

/** A vertical axis title, read bottom to top, its baseline at x. */
function verticalTitle(ctx: DrawContext, text: string, x: number, yMiddle: number): void {
  ctx.save();
  ctx.font = font(FONT_SIZE.label);
  ctx.textAlign = 'center';
  ctx.translate(x, yMiddle);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(text, 0, 0);
  ctx.restore();
}

/**
 * A vertical axis (ticks, labels, title) along the line x = `at`, on the left (`side` -1) or
 * right (+1) of it. Used for y, y2 and the colorbar.
 *
 * @example
 * ```ts
 * drawVerticalAxis(ctx, layout.y, layout.plot.x, layout.plot, -1);
 * ```
 */
export function drawVerticalAxis(ctx: DrawContext, axis: AxisLayout, at: number, span: Rect, side: -1 | 1): void {
  const s = SPACING;
  const x = crisp(at);
  ctx.strokeStyle = COLORS.frame;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const t of axis.ticks) {
    ctx.moveTo(x, crisp(t.pos));
    ctx.lineTo(x + side * s.tick, crisp(t.pos));
  }
  for (const p of axis.minor) {
    ctx.moveTo(x, crisp(p));
    ctx.lineTo(x + (side * s.tick) / 2, crisp(p));
  }
  ctx.stroke();
  ctx.fillStyle = COLORS.text;
  ctx.font = font(FONT_SIZE.tick);
  ctx.textAlign = side < 0 ? 'right' : 'left';
  const labelX = at + side * (s.tick + s.tickGap);
  const cap = textBox(FONT_SIZE.tick).cap;
  for (const t of axis.ticks) ctx.fillText(t.label, labelX, t.pos + cap / 2);
  if (axis.title) {
    const box = textBox(FONT_SIZE.label);
    const edge = labelX + side * (widest(ctx, axis) + s.labelGap);
    verticalTitle(ctx, axis.title, side < 0 ? edge - box.descent : edge + box.ascent, span.y + span.h / 2);
  }
}

/**
 * The frame of the plot area, the x axis below it, the y axis on its left and the y2 axis on
 * its right.
 *
 * @example
 * ```ts
 * drawAxes(ctx, layout);
 * ```
 */
export function drawAxes(ctx: DrawContext, layout: AxesLayout): void {
  const { plot } = layout;
  const s = SPACING;
  ctx.save();
  ctx.setLineDash([]);
  ctx.strokeStyle = COLORS.frame;
  ctx.lineWidth = 1;
  const left = crisp(plot.x);
  const right = crisp(plot.x + plot.w);
  const top = crisp(plot.y);
  const bottom = crisp(plot.y + plot.h);
  ctx.beginPath();
  ctx.rect(left, top, right - left, bottom - top);
  ctx.stroke();

  ctx.beginPath();
  for (const t of layout.x.ticks) {
    ctx.moveTo(crisp(t.pos), bottom);
    ctx.lineTo(crisp(t.pos), bottom + s.tick);
  }
  for (const p of layout.x.minor) {
    ctx.moveTo(crisp(p), bottom);
    ctx.lineTo(crisp(p), bottom + s.tick / 2);
  }
  ctx.stroke();
  const tick = textBox(FONT_SIZE.tick);
  ctx.fillStyle = COLORS.text;
  ctx.font = font(FONT_SIZE.tick);
  ctx.textAlign = 'center';
  const labelY = plot.y + plot.h + s.tick + s.tickGap + tick.cap;
  for (const t of layout.x.ticks) ctx.fillText(t.label, t.pos, labelY);
  if (layout.x.title) {
    ctx.font = font(FONT_SIZE.label);
    ctx.fillText(layout.x.title, plot.x + plot.w / 2, labelY + s.labelGap + textBox(FONT_SIZE.label).ascent);
  }
  drawVerticalAxis(ctx, layout.y, plot.x, plot, -1);
  if (layout.y2) drawVerticalAxis(ctx, layout.y2, plot.x + plot.w, plot, 1);
  ctx.restore();
}
