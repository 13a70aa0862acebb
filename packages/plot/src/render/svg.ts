/**
 * SVG output: the figure drawn through a recording {@link SvgContext}.
 *
 * @module
 */
import type { Figure } from '../scene/figure.js';
import { checkPixelRatio, drawFigure } from './draw-figure.js';
import { SvgContext } from './svg-context.js';

/** Options of {@link renderSvg}. */
export interface SvgOptions {
  /** Resolution of embedded images, in image pixels per SVG pixel (default 1). */
  pixelRatio?: number;
}

/**
 * The figure as an SVG document (a string). Pure TypeScript, the same bytes in every engine:
 * numbers with at most 2 decimals, images as embedded PNGs, text in DejaVu Sans (with
 * look-alike fallbacks where the viewer lacks it).
 *
 * @example
 * ```ts
 * import { linePlot, renderSvg } from '@pandaas/plot';
 * const svg = renderSvg(linePlot([{ y: [1, 4, 9] }]));
 * ```
 */
export function renderSvg(fig: Figure, options: SvgOptions = {}): string {
  const pixelRatio = checkPixelRatio(options.pixelRatio, 'pixelRatio');
  const ctx = new SvgContext(fig.width, fig.height);
  drawFigure(fig, ctx, { pixelRatio });
  return ctx.toSvg();
}
