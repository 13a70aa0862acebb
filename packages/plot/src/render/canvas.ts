/**
 * Browser output: the figure painted on a `CanvasRenderingContext2D` or an
 * `OffscreenCanvasRenderingContext2D` (in a Web Worker too).
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';
import type { Figure } from '../scene/figure.js';
import type { AxesLayout } from '../scene/layout.js';
import { canvasContext, type Canvas2D } from './canvas-adapter.js';
import { checkPixelRatio, drawFigure } from './draw-figure.js';

/** Options of {@link renderCanvas}. */
export interface CanvasOptions {
  /**
   * Device pixels per figure pixel (default 1). Scale the context by it first (e.g. for
   * `devicePixelRatio`): images are then reduced to the device's resolution.
   */
  pixelRatio?: number;
}

/** A 2D context holding RGBA pixels, as `putImageData` needs. */
interface BitmapContext {
  putImageData(data: unknown, dx: number, dy: number): void;
}
/** A canvas that can be drawn with `drawImage`. */
interface BitmapCanvas {
  getContext(id: '2d'): BitmapContext | null;
  width: number;
  height: number;
}

/** A canvas of RGBA pixels: an OffscreenCanvas where there is one, else a DOM canvas. */
function browserBitmap(rgba: Uint8ClampedArray, w: number, h: number): BitmapCanvas {
  const g = globalThis as unknown as {
    OffscreenCanvas?: new (w: number, h: number) => BitmapCanvas;
    ImageData: new (data: Uint8ClampedArray, w: number, h: number) => unknown;
    document?: { createElement(tag: 'canvas'): BitmapCanvas };
  };
  let canvas: BitmapCanvas;
  if (g.OffscreenCanvas !== undefined) canvas = new g.OffscreenCanvas(w, h);
  else if (g.document !== undefined) {
    canvas = g.document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
  } else throw new ArgumentError('renderCanvas draws images through OffscreenCanvas or a DOM canvas; this environment has neither');
  canvas.getContext('2d')?.putImageData(new g.ImageData(rgba, w, h), 0, 0);
  return canvas;
}

/**
 * Paints the figure on a browser canvas context (its top-left `fig.width` × `fig.height` CSS
 * pixels), with the very drawing code of `renderSvg` and `renderPng`. Returns the layout, to map
 * pointer positions to data (`layout.x.scale.invert(px)`).
 *
 * @example
 * ```ts
 * const canvas = document.querySelector('canvas')!;
 * const ratio = devicePixelRatio;
 * canvas.width = fig.width * ratio;
 * canvas.height = fig.height * ratio;
 * const ctx = canvas.getContext('2d')!;
 * ctx.scale(ratio, ratio);
 * renderCanvas(fig, ctx, { pixelRatio: ratio });
 * ```
 */
export function renderCanvas(fig: Figure, ctx: Canvas2D<never>, options: CanvasOptions = {}): AxesLayout {
  const pixelRatio = checkPixelRatio(options.pixelRatio, 'pixelRatio');
  if (typeof ctx !== 'object' || ctx === null || typeof ctx.drawImage !== 'function') {
    throw new ArgumentError('renderCanvas needs a CanvasRenderingContext2D or OffscreenCanvasRenderingContext2D');
  }
  const draw = canvasContext(ctx as Canvas2D<BitmapCanvas>, browserBitmap);
  return drawFigure(fig, draw, { pixelRatio });
}
