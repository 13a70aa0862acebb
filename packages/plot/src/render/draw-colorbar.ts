/**
 * Draws the colorbar: the colormap as a bar along the colour scale, framed, with its ticks and title.
 *
 * @module
 */
import { colormapLut } from '../color/colormaps.js';
import type { ColorbarLayout } from '../scene/layout.js';
import { COLORS } from '../scene/style.js';
import type { DrawContext } from './context.js';
import { crisp, drawVerticalAxis } from './draw-axes.js';

/**
 * Draws the colorbar of `colormap`. Its scale has the image's normalization as its type, so the
 * colormap's entries run evenly along the bar (highest value on top).
 *
 * @example
 * ```ts
 * if (layout.colorbar) drawColorbar(ctx, layout.colorbar, 'viridis');
 * ```
 */
export function drawColorbar(ctx: DrawContext, bar: ColorbarLayout, colormap: string): void {
  const lut = colormapLut(colormap);
  const n = lut.length / 4;
  const rgba = new Uint8ClampedArray(lut.length);
  for (let i = 0; i < n; i++) rgba.set(lut.subarray((n - 1 - i) * 4, (n - i) * 4), i * 4);
  const r = bar.bar;
  ctx.save();
  ctx.putImage(rgba, 1, n, r.x, r.y, r.w, r.h);
  ctx.setLineDash([]);
  ctx.strokeStyle = COLORS.frame;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const left = crisp(r.x);
  const top = crisp(r.y);
  ctx.rect(left, top, crisp(r.x + r.w) - left, crisp(r.y + r.h) - top);
  ctx.stroke();
  drawVerticalAxis(ctx, bar, r.x + r.w, r, 1);
  ctx.restore();
}
