/**
 * Paints @pandaas/plot figures on the page's canvases at the device's resolution.
 *
 * @module
 */
import { renderCanvas, type AxesLayout, type Figure } from '@pandaas/plot';

/**
 * Width x height of the figures: the canvas's container width (within bounds), height half of it.
 *
 * @example
 * ```ts
 * const fig = imagePlot(frame, { ...figureSize(canvas), colormap: 'magma' });
 * ```
 */
export function figureSize(canvas: HTMLCanvasElement): { width: number; height: number } {
  const available = canvas.parentElement?.clientWidth ?? 640;
  const width = Math.round(Math.min(1200, Math.max(420, available)));
  return { width, height: Math.round(width / 2) };
}

/**
 * Sizes `canvas` for `fig` (CSS pixels x devicePixelRatio) and paints it; returns the layout
 * (plot area, scales) in CSS pixels.
 *
 * @example
 * ```ts
 * paintFigure(canvas, linePlot({ x, y }, figureSize(canvas)));
 * ```
 */
export function paintFigure(canvas: HTMLCanvasElement, fig: Figure): AxesLayout {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(fig.width * ratio);
  canvas.height = Math.round(fig.height * ratio);
  canvas.style.width = `${fig.width}px`;
  canvas.style.height = `${fig.height}px`;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('this browser gives no 2D canvas context');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const layout = renderCanvas(fig, ctx, { pixelRatio: ratio });
  canvas.hidden = false;
  return layout;
}

/**
 * Hides `canvas` and frees its pixels.
 *
 * @example
 * ```ts
 * clearCanvas(byId('pattern-canvas', HTMLCanvasElement));
 * ```
 */
export function clearCanvas(canvas: HTMLCanvasElement): void {
  canvas.width = 0;
  canvas.height = 0;
  canvas.hidden = true;
}
