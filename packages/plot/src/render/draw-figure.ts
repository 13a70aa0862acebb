/**
 * The one drawing code path: a figure drawn through a {@link DrawContext}, whichever target
 * (SVG, PNG in Node.js, a browser canvas) is behind it.
 *
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { DEFAULT_GAMMA } from '../color/colorize.js';
import type { ScaleType } from '../scales/scale.js';
import { seriesColor } from '../scene/axes.js';
import { resolveDomains } from '../scene/domains.js';
import type { Figure } from '../scene/figure.js';
import { layoutAxes, type AxesLayout, type ColorScale } from '../scene/layout.js';
import { COLORS, font, FONT_SIZE, SPACING, textBox } from '../scene/style.js';
import type { DrawContext } from './context.js';
import { drawAxes, drawGrid } from './draw-axes.js';
import { drawColorbar } from './draw-colorbar.js';
import { drawImage } from './draw-image.js';
import { drawLegend } from './draw-legend.js';
import { drawCurve } from './draw-lines.js';

/** Options of {@link drawFigure}. */
export interface DrawOptions {
  /** Device pixels per CSS pixel of the target (default 1): images are reduced to this resolution. */
  pixelRatio?: number;
}

/**
 * Checks a pixel ratio option: a finite number from 0.1 to 16.
 *
 * @example
 * ```ts
 * checkPixelRatio(2, 'scale'); // 2
 * ```
 */
export function checkPixelRatio(value: number | undefined, name: string): number {
  const v = value ?? 1;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0.1 || v > 16) throw new ArgumentError(`${name} must be a number from 0.1 to 16, got ${show(value)}`);
  return v;
}

const COLORBAR_SCALE: Record<string, ScaleType> = { linear: 'linear', log: 'log', sqrt: 'sqrt', gamma: 'gamma', asinh: 'asinh' };

/**
 * Draws `fig` on `ctx`, whose drawing area is `fig.width` × `fig.height` CSS pixels. Returns
 * the layout used (plot area, scales and ticks), e.g. to map mouse positions to data.
 *
 * @example
 * ```ts
 * const layout = drawFigure(fig, new SvgContext(fig.width, fig.height));
 * layout.x.scale.invert(120); // the data x under pixel column 120
 * ```
 */
export function drawFigure(fig: Figure, ctx: DrawContext, options: DrawOptions = {}): AxesLayout {
  const pixelRatio = checkPixelRatio(options.pixelRatio, 'pixelRatio');
  const axes = fig.axes[0];
  const domains = resolveDomains(axes);
  const image = axes.image;
  let colors: ColorScale | undefined;
  if (image !== undefined) {
    colors = { vmin: image.range[0], vmax: image.range[1], type: COLORBAR_SCALE[image.normalization], gamma: image.gamma ?? DEFAULT_GAMMA };
  }
  const layout = layoutAxes(fig, domains, ctx, colors);
  const { plot } = layout;

  ctx.save();
  ctx.fillStyle = fig.background;
  ctx.beginPath();
  ctx.rect(0, 0, fig.width, fig.height);
  ctx.fill();
  if (fig.title) {
    ctx.fillStyle = COLORS.text;
    ctx.font = font(FONT_SIZE.title);
    ctx.textAlign = 'center';
    ctx.fillText(fig.title, fig.width / 2, SPACING.pad + textBox(FONT_SIZE.title).ascent);
  }
  if (axes.grid) drawGrid(ctx, layout);

  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.w, plot.h);
  ctx.clip();
  if (image !== undefined) drawImage(ctx, image, layout.x.scale, layout.y.scale, image.range, pixelRatio);
  axes.lines.forEach((s, i) => {
    const sy = s.yAxis === 'right' && layout.y2 ? layout.y2.scale : layout.y.scale;
    drawCurve(ctx, s, seriesColor(axes, i), layout.x.scale, sy, plot.y + plot.h, pixelRatio);
  });
  ctx.restore();

  drawAxes(ctx, layout);
  if (layout.legend) drawLegend(ctx, axes, layout.legend);
  if (layout.colorbar && image) drawColorbar(ctx, layout.colorbar, image.colormap);
  ctx.restore();
  return layout;
}
