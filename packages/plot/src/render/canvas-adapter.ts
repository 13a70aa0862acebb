/**
 * Adapts a Canvas 2D context (a browser's, an OffscreenCanvas's, or @napi-rs/canvas's) to the
 * renderer's {@link DrawContext}: the same drawing code then paints real pixels.
 *
 * @module
 */
import type { DrawContext, TextAlign } from './context.js';

/** The {@link DrawContext} methods that a Canvas 2D context has as they are. */
type SharedMethods =
  | 'save' | 'restore' | 'beginPath' | 'moveTo' | 'lineTo' | 'closePath' | 'rect' | 'arc' | 'stroke' | 'fill'
  | 'clip' | 'setLineDash' | 'translate' | 'rotate' | 'fillText' | 'measureText';

/**
 * The Canvas 2D members the adapter uses, as browsers and @napi-rs/canvas both provide them:
 * the drawing methods of {@link DrawContext}, plus the raw members below; `Img` is what their
 * `drawImage` accepts.
 */
export interface Canvas2D<Img> extends Pick<DrawContext, SharedMethods> {
  drawImage(image: Img, dx: number, dy: number, dw: number, dh: number): void;
  font: string;
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  textAlign: string;
  textBaseline: string;
  imageSmoothingEnabled: boolean;
}

/**
 * A {@link DrawContext} painting on `ctx`; `bitmap` turns RGBA pixels into something `ctx`
 * can `drawImage` (a canvas holding them).
 *
 * @example
 * ```ts
 * const draw = canvasContext(canvas.getContext('2d'), (rgba, w, h) => {
 *   const c = new OffscreenCanvas(w, h);
 *   c.getContext('2d')!.putImageData(new ImageData(rgba, w, h), 0, 0);
 *   return c;
 * });
 * ```
 */
export function canvasContext<Img>(ctx: Canvas2D<Img>, bitmap: (rgba: Uint8ClampedArray, w: number, h: number) => Img): DrawContext {
  ctx.textBaseline = 'alphabetic';
  return {
    save: () => ctx.save(),
    restore: () => ctx.restore(),
    beginPath: () => ctx.beginPath(),
    moveTo: (x, y) => ctx.moveTo(x, y),
    lineTo: (x, y) => ctx.lineTo(x, y),
    closePath: () => ctx.closePath(),
    rect: (x, y, w, h) => ctx.rect(x, y, w, h),
    arc: (x, y, r, start, end) => ctx.arc(x, y, r, start, end),
    stroke: () => ctx.stroke(),
    fill: () => ctx.fill(),
    clip: () => ctx.clip(),
    setLineDash: (segments) => ctx.setLineDash(segments),
    translate: (x, y) => ctx.translate(x, y),
    rotate: (angle) => ctx.rotate(angle),
    fillText: (text, x, y) => ctx.fillText(text, x, y),
    measureText: (text) => ({ width: ctx.measureText(text).width }),
    putImage(rgba, w, h, dx, dy, dw, dh) {
      ctx.save();
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(bitmap(rgba, w, h), dx, dy, dw, dh);
      ctx.restore();
    },
    get font() {
      return ctx.font;
    },
    set font(v: string) {
      ctx.font = v;
    },
    get fillStyle() {
      return String(ctx.fillStyle);
    },
    set fillStyle(v: string) {
      ctx.fillStyle = v;
    },
    get strokeStyle() {
      return String(ctx.strokeStyle);
    },
    set strokeStyle(v: string) {
      ctx.strokeStyle = v;
    },
    get lineWidth() {
      return ctx.lineWidth;
    },
    set lineWidth(v: number) {
      ctx.lineWidth = v;
    },
    get textAlign() {
      return ctx.textAlign as TextAlign;
    },
    set textAlign(v: TextAlign) {
      ctx.textAlign = v;
    },
  };
}
