/**
 * The drawing surface the renderer talks to: a small subset of the Canvas 2D API, so that one
 * drawing code path serves SVG (a recording context), PNG in Node.js (@napi-rs/canvas) and a
 * browser `CanvasRenderingContext2D` / `OffscreenCanvasRenderingContext2D`.
 *
 * @module
 */

/** Horizontal text alignment (Canvas 2D values the renderer uses). */
export type TextAlign = 'left' | 'right' | 'center';

/**
 * The Canvas 2D subset the renderer draws with. A browser `CanvasRenderingContext2D` satisfies it
 * except for {@link DrawContext.putImage}, which `renderCanvas` adapts. Text is always drawn on
 * its alphabetic baseline (the renderer places it from the font's metrics), so that every
 * target puts it at the same place.
 *
 * @example
 * ```ts
 * function cross(ctx: DrawContext): void {
 *   ctx.beginPath();
 *   ctx.moveTo(0, 0);
 *   ctx.lineTo(10, 10);
 *   ctx.stroke();
 * }
 * ```
 */
export interface DrawContext {
  /** Push the drawing state (styles, clip, dash). */
  save(): void;
  /** Pop the drawing state. */
  restore(): void;
  /** Start a new path. */
  beginPath(): void;
  /** Start a sub-path at (x, y). */
  moveTo(x: number, y: number): void;
  /** Add a straight segment to (x, y). */
  lineTo(x: number, y: number): void;
  /** Close the current sub-path. */
  closePath(): void;
  /** Add a rectangle sub-path. */
  rect(x: number, y: number, w: number, h: number): void;
  /** Add a circular arc sub-path (angles in radians). */
  arc(x: number, y: number, r: number, start: number, end: number): void;
  /** Stroke the current path. */
  stroke(): void;
  /** Fill the current path. */
  fill(): void;
  /** Intersect the clip region with the current path. */
  clip(): void;
  /** Set the dash pattern (empty for solid lines). */
  setLineDash(segments: number[]): void;
  /** Move the origin of later drawing by (x, y). */
  translate(x: number, y: number): void;
  /** Rotate later drawing by `angle` radians (clockwise on screen) about the origin. */
  rotate(angle: number): void;
  /** Draw text with its alphabetic baseline at y, aligned on x by {@link DrawContext.textAlign}. */
  fillText(text: string, x: number, y: number): void;
  /** Measure text with the current font. */
  measureText(text: string): { width: number };
  /** CSS font shorthand, e.g. `'12px DejaVu Sans'`. */
  font: string;
  /** Fill colour (CSS colour string). */
  fillStyle: string;
  /** Stroke colour (CSS colour string). */
  strokeStyle: string;
  /** Stroke width in pixels. */
  lineWidth: number;
  /** Horizontal text alignment. */
  textAlign: TextAlign;
  /**
   * Draw an RGBA bitmap (`w`×`h`, row-major, top row first) into the rectangle (dx, dy, dw, dh)
   * without smoothing, clipped by the current clip.
   */
  putImage(
    rgba: Uint8ClampedArray,
    w: number,
    h: number,
    dx: number,
    dy: number,
    dw: number,
    dh: number,
  ): void;
}
