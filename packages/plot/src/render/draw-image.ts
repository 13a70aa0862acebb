/**
 * Draws an image layer: the part inside the axes' ranges is cut out, aggregated down to the
 * device pixels it covers (max/mean/min/nearest; masked pixels left out of the aggregate),
 * coloured, oriented as the axes point, and put on the plot without smoothing.
 *
 * @module
 */
import { colorize } from '../color/colorize.js';
import { resampleIndices, resampleNearest, type ImageAxis } from '../image/coordinates.js';
import { downsample } from '../image/downsample.js';
import type { Scale } from '../scales/scale.js';
import type { ImageLayer } from '../scene/image-layer.js';
import type { DrawContext } from './context.js';

/** The source columns [lo, hi) of `count` evenly spaced bins from `e0` to `e1` that meet `domain`. */
function visibleRange(e0: number, e1: number, count: number, domain: readonly [number, number]): [number, number] {
  const step = (e1 - e0) / count;
  const a = (domain[0] - e0) / step;
  const b = (domain[1] - e0) / step;
  const lo = Math.max(0, Math.floor(Math.min(a, b) + 1e-9));
  const hi = Math.min(count, Math.ceil(Math.max(a, b) - 1e-9));
  return [lo, hi];
}

/** Rows [r0, r1) × columns [c0, c1) of a row-major image, copied (or the array itself when whole). */
function crop<T extends ArrayLike<number>>(values: T, width: number, height: number, c0: number, c1: number, r0: number, r1: number): ArrayLike<number> {
  if (c0 === 0 && r0 === 0 && c1 === width && r1 === height) return values;
  const w = c1 - c0;
  const out = values instanceof Float32Array ? new Float32Array(w * (r1 - r0)) : new Float64Array(w * (r1 - r0));
  for (let r = r0; r < r1; r++) {
    const src = r * width + c0;
    const dst = (r - r0) * w;
    for (let c = 0; c < w; c++) out[dst + c] = values[src + c];
  }
  return out;
}

/**
 * The values with masked pixels set to NaN, so that aggregation leaves them out: in place when
 * `owned` (a fresh crop), else in a copy (the layer's own array is never written).
 */
function maskOut(values: ArrayLike<number>, mask: ArrayLike<number>, owned: boolean): ArrayLike<number> {
  const out = owned ? (values as Float32Array | Float64Array) : values instanceof Float32Array ? Float32Array.from(values) : Float64Array.from(values);
  for (let i = 0; i < out.length; i++) if (mask[i] !== 0) out[i] = NaN;
  return out;
}

/** Reverses the pixel order of an RGBA bitmap along x and/or y, in place. */
function flipPixels(rgba: Uint8ClampedArray, w: number, h: number, flipX: boolean, flipY: boolean): void {
  const px = new Uint32Array(rgba.buffer, rgba.byteOffset, w * h);
  if (flipX) for (let y = 0; y < h; y++) px.subarray(y * w, (y + 1) * w).reverse();
  if (flipY) {
    const row = new Uint32Array(w);
    for (let y = 0; y < h >> 1; y++) {
      const a = px.subarray(y * w, (y + 1) * w);
      const b = px.subarray((h - 1 - y) * w, (h - y) * w);
      row.set(a);
      a.set(b);
      b.set(row);
    }
  }
}

/** The colour options of a layer, with the colour range fixed. */
function colorOptions(layer: ImageLayer, range: readonly [number, number], mask: ArrayLike<number> | undefined) {
  return {
    colormap: layer.colormap,
    normalization: layer.normalization,
    gamma: layer.gamma,
    vmin: range[0],
    vmax: range[1],
    nanColor: layer.nanColor,
    posInfColor: layer.posInfColor,
    negInfColor: layer.negInfColor,
    mask,
    maskColor: layer.maskColor,
  };
}

/** Evenly spaced pixels: crop to the visible part, aggregate to the device pixels, colour, orient. */
function drawEven(ctx: DrawContext, layer: ImageLayer, sx: Scale, sy: Scale, range: readonly [number, number], pixelRatio: number): void {
  const { width, height, xAxis, yAxis } = layer;
  const [c0, c1] = visibleRange(xAxis.start, xAxis.end, width, sx.domain);
  const [r0, r1] = visibleRange(yAxis.start, yAxis.end, height, sy.domain);
  if (c0 >= c1 || r0 >= r1) return;
  const xAt = (c: number) => sx.map(xAxis.start + ((xAxis.end - xAxis.start) * c) / width);
  const yAt = (r: number) => sy.map(yAxis.start + ((yAxis.end - yAxis.start) * r) / height);
  const left = Math.min(xAt(c0), xAt(c1));
  const right = Math.max(xAt(c0), xAt(c1));
  const top = Math.min(yAt(r0), yAt(r1));
  const bottom = Math.max(yAt(r0), yAt(r1));
  const cw = c1 - c0;
  const ch = r1 - r0;
  const ow = Math.min(cw, Math.max(1, Math.round((right - left) * pixelRatio)));
  const oh = Math.min(ch, Math.max(1, Math.round((bottom - top) * pixelRatio)));

  let values = crop(layer.values, width, height, c0, c1, r0, r1);
  let mask = layer.mask === undefined ? undefined : crop(layer.mask, width, height, c0, c1, r0, r1);
  if (ow < cw || oh < ch) {
    if (mask !== undefined) {
      values = maskOut(values, mask, values !== layer.values);
      // a screen pixel is shown masked only when every pixel under it is
      mask = downsample(mask, cw, ch, ow, oh, 'min');
    }
    values = downsample(values, cw, ch, ow, oh, layer.aggregation);
  }
  const img = colorize(values, ow, oh, colorOptions(layer, range, mask));
  // bitmap row 0 is drawn on top: flip when the first source row or column lands bottom or right
  flipPixels(img.rgba, ow, oh, xAt(c0) > xAt(c1), yAt(r0) > yAt(r1));
  ctx.putImage(img.rgba, ow, oh, left, top, right - left, bottom - top);
}

/** The visible data interval of an image axis, ordered as the screen runs (left to right, top to bottom). */
function screenSpan(axis: ImageAxis, scale: Scale): [number, number] | undefined {
  const lo = Math.max(Math.min(axis.start, axis.end), scale.domain[0]);
  const hi = Math.min(Math.max(axis.start, axis.end), scale.domain[1]);
  if (!(hi > lo)) return undefined;
  return scale.map(lo) <= scale.map(hi) ? [lo, hi] : [hi, lo];
}

/** Unevenly spaced pixels: each device pixel takes the source pixel under its centre. */
function drawResampled(ctx: DrawContext, layer: ImageLayer, sx: Scale, sy: Scale, range: readonly [number, number], pixelRatio: number): void {
  const xs = screenSpan(layer.xAxis, sx);
  const ys = screenSpan(layer.yAxis, sy);
  if (xs === undefined || ys === undefined) return;
  const left = sx.map(xs[0]);
  const top = sy.map(ys[0]);
  const w = sx.map(xs[1]) - left;
  const h = sy.map(ys[1]) - top;
  const ow = Math.max(1, Math.round(w * pixelRatio));
  const oh = Math.max(1, Math.round(h * pixelRatio));
  const xIndex = resampleIndices(layer.xAxis, ow, xs[0], xs[1]);
  const yIndex = resampleIndices(layer.yAxis, oh, ys[0], ys[1]);
  const values = resampleNearest(layer.values, layer.width, layer.height, xIndex, yIndex);
  const mask = layer.mask === undefined ? undefined : resampleNearest(layer.mask, layer.width, layer.height, xIndex, yIndex);
  const img = colorize(values, ow, oh, colorOptions(layer, range, mask));
  ctx.putImage(img.rgba, ow, oh, left, top, w, h);
}

/**
 * Draws `layer` in the plot rectangle (clipped to it by the caller), coloured over [vmin, vmax]:
 * evenly spaced pixels are aggregated down to the device pixels they cover (the layer's
 * aggregation; masked pixels left out), unevenly spaced ones resampled nearest-neighbour.
 *
 * @param pixelRatio - device pixels per CSS pixel
 * @example
 * ```ts
 * drawImage(ctx, layer, layout.x.scale, layout.y.scale, [vmin, vmax], 1);
 * ```
 */
export function drawImage(ctx: DrawContext, layer: ImageLayer, sx: Scale, sy: Scale, range: readonly [number, number], pixelRatio: number): void {
  if (layer.xAxis.uniform && layer.yAxis.uniform) drawEven(ctx, layer, sx, sy, range, pixelRatio);
  else drawResampled(ctx, layer, sx, sy, range, pixelRatio);
}
