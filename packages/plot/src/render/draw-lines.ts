/**
 * Draws the curves: error bars, lines (broken at NaN, ±Infinity and values a log axis cannot
 * show; thinned to the first/min/max/last point of each pixel column when there are many more
 * points than pixels), then markers.
 *
 * @module
 */
import type { Scale } from '../scales/scale.js';
import type { LineSeries, LineStyle, MarkerShape } from '../scene/line-series.js';
import type { DrawContext } from './context.js';

/** Dash patterns for a 1.5-pixel line; longer for thicker lines. */
const DASHES: Record<LineStyle, number[]> = { solid: [], none: [], dashed: [6, 4], dotted: [1.5, 3], dashdot: [6, 3, 1.5, 3] };
/** Half-width of an error bar's caps, in pixels. */
const CAP = 3;

/**
 * The dash pattern of a line style at a line width.
 *
 * @example
 * ```ts
 * dashPattern('dashed', 3); // [12, 8]
 * ```
 */
export function dashPattern(style: LineStyle, lineWidth: number): number[] {
  const k = Math.max(1, lineWidth / 1.5);
  return DASHES[style].map((d) => d * k);
}

/** The pixel position of a data value, or NaN when the scale cannot place it. */
function place(scale: Scale, v: number): number {
  if (!Number.isFinite(v)) return NaN;
  if (scale.type === 'log' && v <= 0) return NaN;
  return scale.map(v);
}

/** Whether x never decreases (NaNs skipped): then pixel columns follow one another. */
function monotonic(x: Float64Array): boolean {
  let last = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    if (v < last) return false;
    last = v;
  }
  return true;
}

/**
 * Adds the polyline of a curve to the path: gaps at unplaceable points; when `thin`, each
 * device-pixel column keeps its first, lowest, highest and last point (the picture is unchanged).
 */
function tracePath(ctx: DrawContext, s: LineSeries, sx: Scale, sy: Scale, thin: boolean, pixelRatio: number): void {
  let pen = false;
  let column = NaN;
  // the pending column: first, min, max, last points (pixel coordinates)
  let fx = 0, fy = 0, lox = 0, loy = 0, hix = 0, hiy = 0, lx = 0, ly = 0, minIndex = 0, maxIndex = 0, count = 0;
  const flush = () => {
    if (count === 0) return;
    if (pen) ctx.lineTo(fx, fy);
    else ctx.moveTo(fx, fy);
    pen = true;
    if (count > 1) {
      if (minIndex < maxIndex) {
        ctx.lineTo(lox, loy);
        ctx.lineTo(hix, hiy);
      } else {
        ctx.lineTo(hix, hiy);
        ctx.lineTo(lox, loy);
      }
      ctx.lineTo(lx, ly);
    }
    count = 0;
  };
  for (let i = 0; i < s.y.length; i++) {
    const px = place(sx, s.x[i]);
    const py = place(sy, s.y[i]);
    if (px !== px || py !== py) {
      flush();
      pen = false;
      column = NaN;
      continue;
    }
    if (!thin) {
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
      continue;
    }
    const c = Math.floor(px * pixelRatio);
    if (c !== column) {
      flush();
      column = c;
      fx = lox = hix = lx = px;
      fy = loy = hiy = ly = py;
      minIndex = maxIndex = i;
      count = 1;
      continue;
    }
    count++;
    lx = px;
    ly = py;
    if (py < loy) {
      lox = px;
      loy = py;
      minIndex = i;
    }
    if (py > hiy) {
      hix = px;
      hiy = py;
      maxIndex = i;
    }
  }
  flush();
}

function traceErrorBars(ctx: DrawContext, s: LineSeries, sx: Scale, sy: Scale, bottom: number): void {
  const errors = s.errors!;
  for (let i = 0; i < s.y.length; i++) {
    const e = errors[i];
    if (!(e > 0)) continue;
    const px = place(sx, s.x[i]);
    const hi = place(sy, s.y[i] + e);
    if (px !== px || hi !== hi) continue;
    let lo = place(sy, s.y[i] - e);
    // a lower end a log axis cannot show runs off the bottom of the plot
    if (lo !== lo) lo = bottom;
    ctx.moveTo(px, lo);
    ctx.lineTo(px, hi);
    ctx.moveTo(px - CAP, hi);
    ctx.lineTo(px + CAP, hi);
    if (lo !== bottom) {
      ctx.moveTo(px - CAP, lo);
      ctx.lineTo(px + CAP, lo);
    }
  }
}

/**
 * Adds one marker centred on (x, y) to the current path; `size` is its full width.
 *
 * @example
 * ```ts
 * ctx.beginPath();
 * traceMarker(ctx, 'circle', 10, 10, 6);
 * ctx.fill();
 * ```
 */
export function traceMarker(ctx: DrawContext, shape: MarkerShape, x: number, y: number, size: number): void {
  const r = size / 2;
  switch (shape) {
    case 'circle':
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      break;
    case 'square':
      ctx.rect(x - r, y - r, size, size);
      break;
    case 'triangle':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y + r * 0.8);
      ctx.lineTo(x - r, y + r * 0.8);
      ctx.closePath();
      break;
    case 'diamond':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      break;
    case 'plus':
      ctx.moveTo(x - r, y);
      ctx.lineTo(x + r, y);
      ctx.moveTo(x, y - r);
      ctx.lineTo(x, y + r);
      break;
    case 'cross':
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y + r);
      ctx.moveTo(x - r, y + r);
      ctx.lineTo(x + r, y - r);
      break;
    case 'none':
      break;
  }
}

/**
 * Strokes (plus, cross) or fills (the others) a path of markers in `color`.
 *
 * @example
 * ```ts
 * paintMarkers(ctx, 'plus', '#1f77b4', 1.5);
 * ```
 */
export function paintMarkers(ctx: DrawContext, shape: MarkerShape, color: string, lineWidth: number): void {
  if (shape === 'plus' || shape === 'cross') {
    ctx.strokeStyle = color;
    ctx.lineWidth = Math.max(1, lineWidth);
    ctx.setLineDash([]);
    ctx.stroke();
  } else {
    ctx.fillStyle = color;
    ctx.fill();
  }
}

/**
 * Draws one curve against its scales: error bars, line, markers.
 *
 * @param bottom - the plot area's bottom edge (where error bars a log axis cannot end run to)
 * @example
 * ```ts
 * drawCurve(ctx, series, '#1f77b4', layout.x.scale, layout.y.scale, plot.y + plot.h, 1);
 * ```
 */
export function drawCurve(ctx: DrawContext, s: LineSeries, color: string, sx: Scale, sy: Scale, bottom: number, pixelRatio: number): void {
  ctx.save();
  if (s.errors !== undefined) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.beginPath();
    traceErrorBars(ctx, s, sx, sy, bottom + 1);
    ctx.stroke();
  }
  if (s.lineStyle !== 'none') {
    const columns = Math.abs(sx.range[1] - sx.range[0]) * pixelRatio;
    const thin = s.marker === 'none' && s.y.length > 4 * columns && monotonic(s.x);
    ctx.strokeStyle = color;
    ctx.lineWidth = s.lineWidth;
    ctx.setLineDash(dashPattern(s.lineStyle, s.lineWidth));
    ctx.beginPath();
    tracePath(ctx, s, sx, sy, thin, pixelRatio);
    ctx.stroke();
  }
  if (s.marker !== 'none') {
    ctx.beginPath();
    for (let i = 0; i < s.y.length; i++) {
      const px = place(sx, s.x[i]);
      const py = place(sy, s.y[i]);
      if (px === px && py === py) traceMarker(ctx, s.marker, px, py, s.markerSize);
    }
    paintMarkers(ctx, s.marker, color, s.lineWidth);
  }
  ctx.restore();
}
