/**
 * Aggregated image downsampling, so that a 4k × 4k frame shown on 800 pixels keeps its
 * diffraction spots (h5web#1721): `max`, `mean` and `min` ignore NaN like numpy's `nanmax`,
 * `nanmean` and `nanmin` (a block of NaN only gives NaN; ±Infinity count as values, and a mean of
 * +Infinity and -Infinity is NaN); `nearest` takes one pixel.
 *
 * Two block layouts:
 * - {@link downsample} returns exactly the requested size: output column i aggregates the source
 *   columns floor(i·w/outW) to floor((i+1)·w/outW) - 1, so every source pixel lands in exactly one
 *   output pixel (blocks of floor or ceil of the ratio). Along an axis that is enlarged
 *   (outW > w), each output pixel takes the source pixel under its centre. When the sizes divide,
 *   this is silx's `ImageDataAggregated` exactly.
 * - {@link downsampleBlocks} is silx's own layout (`silx.gui.plot.items.image_aggregated`): fixed
 *   blocks of fx × fy pixels, floor(w/fx) × floor(h/fy) of them, the remainder rows and columns
 *   dropped. {@link aggregationFactors} gives silx's factors for a target size (ceil of the ratio).
 *
 * @example
 * ```ts
 * import { downsample } from '@pandaas/plot';
 * const small = downsample(frame, 2167, 2070, 800, 800, 'max'); // Float32Array(640000) for float32 frames
 * ```
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';

/** How a block of pixels becomes one: NaN-ignoring `max`, `mean`, `min`, or one pixel (`nearest`). */
export type Aggregation = 'max' | 'mean' | 'min' | 'nearest';

/** Every aggregation. */
export const AGGREGATIONS: readonly Aggregation[] = Object.freeze(['max', 'mean', 'min', 'nearest'] as const);

/** The result of {@link downsampleBlocks}: the aggregated image and its size. */
export interface BlockImage {
  values: Float32Array | Float64Array;
  width: number;
  height: number;
}

/** Block bounds along one axis: output pixel i covers source pixels start[i] .. end[i] - 1. */
interface Blocks {
  start: Int32Array;
  end: Int32Array;
}

function partition(n: number, out: number): Blocks {
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  for (let i = 0; i < out; i++) {
    if (out > n) {
      // enlarged: the source pixel under the output pixel's centre
      start[i] = Math.min(n - 1, Math.floor(((i + 0.5) * n) / out));
      end[i] = start[i] + 1;
    } else {
      start[i] = Math.floor((i * n) / out);
      end[i] = Math.floor(((i + 1) * n) / out);
    }
  }
  return { start, end };
}

function fixedBlocks(factor: number, out: number): Blocks {
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  for (let i = 0; i < out; i++) {
    start[i] = i * factor;
    end[i] = (i + 1) * factor;
  }
  return { start, end };
}

/** The pixel nearest the block's centre (for `nearest`): a block of one pixel is that pixel. */
function centres(b: Blocks): Blocks {
  const start = new Int32Array(b.start.length);
  for (let i = 0; i < start.length; i++) start[i] = (b.start[i] + b.end[i] - 1) >> 1;
  const end = start.map((s) => s + 1);
  return { start, end };
}

/** Whether the block (columns x0..x1-1, rows y0..y1-1) holds the value `target`. */
function blockHas(values: ArrayLike<number>, width: number, x0: number, x1: number, y0: number, y1: number, target: number): boolean {
  for (let y = y0; y < y1; y++) {
    for (let x = y * width + x0, e = y * width + x1; x < e; x++) if (values[x] === target) return true;
  }
  return false;
}

/**
 * The aggregation kernel: one output row at a time, the source rows of its block accumulated
 * column block by column block into `acc` / `count` (allocated once).
 */
function aggregate(values: ArrayLike<number>, width: number, xs: Blocks, ys: Blocks, agg: Aggregation, out: Float32Array | Float64Array): void {
  const outW = xs.start.length;
  const outH = ys.start.length;
  const acc = new Float64Array(outW);
  const count = new Int32Array(outW);
  const { start: x0, end: x1 } = xs;
  const init = agg === 'max' ? -Infinity : agg === 'min' ? Infinity : 0;
  for (let oy = 0; oy < outH; oy++) {
    acc.fill(init);
    count.fill(0);
    for (let y = ys.start[oy]; y < ys.end[oy]; y++) {
      const row = y * width;
      // max / min: NaN fails the comparison, so it is skipped without a test of its own
      if (agg === 'max') {
        for (let ox = 0; ox < outW; ox++) {
          let a = acc[ox];
          for (let x = row + x0[ox], e = row + x1[ox]; x < e; x++) {
            const v = values[x];
            a = v > a ? v : a;
          }
          acc[ox] = a;
        }
      } else if (agg === 'min') {
        for (let ox = 0; ox < outW; ox++) {
          let a = acc[ox];
          for (let x = row + x0[ox], e = row + x1[ox]; x < e; x++) {
            const v = values[x];
            a = v < a ? v : a;
          }
          acc[ox] = a;
        }
      } else {
        for (let ox = 0; ox < outW; ox++) {
          let a = acc[ox];
          let c = 0;
          for (let x = row + x0[ox], e = row + x1[ox]; x < e; x++) {
            const v = values[x];
            if (v === v) {
              c++;
              a += v;
            }
          }
          acc[ox] = a;
          count[ox] += c;
        }
      }
    }
    const base = oy * outW;
    if (agg === 'mean' || agg === 'nearest') {
      for (let ox = 0; ox < outW; ox++) out[base + ox] = count[ox] === 0 ? NaN : acc[ox] / count[ox];
    } else {
      for (let ox = 0; ox < outW; ox++) {
        // still at its start value: a block of that infinity, or of NaN only
        out[base + ox] = acc[ox] === init && !blockHas(values, width, x0[ox], x1[ox], ys.start[oy], ys.end[oy], init) ? NaN : acc[ox];
      }
    }
  }
}

function checkAggregation(agg: unknown): asserts agg is Aggregation {
  if (!(AGGREGATIONS as readonly unknown[]).includes(agg)) {
    throw new ArgumentError(`agg must be one of ${AGGREGATIONS.map(show).join(', ')}; got ${show(agg)}`);
  }
}

function checkImage(values: ArrayLike<number>, width: number, height: number): void {
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new ArgumentError(`${name} must be a non-negative integer, got ${show(v)}`);
  }
  if (width === 0 || height === 0) throw new ShapeError(`cannot downsample a zero-size image (width ${width}, height ${height})`);
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new ArgumentError(`values must be an array of numbers, got ${show(values)}`);
  }
  if (values.length !== width * height) {
    throw new ShapeError(`values has ${values.length} elements, width × height = ${width} × ${height} needs ${width * height}`);
  }
}

/** The blocks `xs` × `ys` of `values` aggregated into a new array (Float32 input stays Float32); `nearest` takes each block's centre. */
function aggregated(values: ArrayLike<number>, width: number, xs: Blocks, ys: Blocks, agg: Aggregation): Float32Array | Float64Array {
  if (agg === 'nearest') {
    xs = centres(xs);
    ys = centres(ys);
  }
  const n = xs.start.length * ys.start.length;
  const out = values instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  aggregate(values, width, xs, ys, agg, out);
  return out;
}

/**
 * Downsamples a row-major `width` × `height` image to exactly `outWidth` × `outHeight`, each
 * output pixel aggregating its block of source pixels (see the module notes for the layout and
 * the NaN rules). Float32 input gives a `Float32Array` (a mean rounded to float32, as numpy's
 * float32 `nanmean`), anything else a `Float64Array`.
 *
 * @example
 * ```ts
 * downsample([1, NaN, 3, 4], 4, 1, 2, 1, 'max'); // Float64Array [1, 4]
 * ```
 */
export function downsample(values: ArrayLike<number>, width: number, height: number, outWidth: number, outHeight: number, agg: Aggregation): Float32Array | Float64Array {
  checkImage(values, width, height);
  for (const [name, v] of [['outWidth', outWidth], ['outHeight', outHeight]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ShapeError(`${name} must be an integer >= 1, got ${show(v)}`);
  }
  checkAggregation(agg);
  return aggregated(values, width, partition(width, outWidth), partition(height, outHeight), agg);
}

/**
 * silx's block factors for showing a `width` × `height` image on `outWidth` × `outHeight`
 * pixels (`_getLevelOfDetails`: ceil of the ratio, at least 1) and the size
 * {@link downsampleBlocks} then gives.
 *
 * @example
 * ```ts
 * aggregationFactors(2167, 2070, 800, 800); // { fx: 3, fy: 3, width: 722, height: 690 }
 * ```
 */
export function aggregationFactors(width: number, height: number, outWidth: number, outHeight: number): { fx: number; fy: number; width: number; height: number } {
  for (const [name, v] of [['width', width], ['height', height], ['outWidth', outWidth], ['outHeight', outHeight]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ShapeError(`${name} must be an integer >= 1, got ${show(v)}`);
  }
  const fx = Math.max(1, Math.ceil(width / outWidth));
  const fy = Math.max(1, Math.ceil(height / outHeight));
  return { fx, fy, width: Math.floor(width / fx), height: Math.floor(height / fy) };
}

/**
 * silx's `ImageDataAggregated` layout: blocks of `fx` × `fy` pixels, floor(width / fx) ×
 * floor(height / fy) of them; the last width mod fx columns and height mod fy rows are dropped.
 * `nearest` takes each block's centre pixel (rounded towards the block's start).
 *
 * @example
 * ```ts
 * downsampleBlocks([1, 2, 3, 4, 5], 5, 1, 2, 1, 'mean'); // { values: Float64Array [1.5, 3.5], width: 2, height: 1 }
 * ```
 */
export function downsampleBlocks(values: ArrayLike<number>, width: number, height: number, fx: number, fy: number, agg: Aggregation): BlockImage {
  checkImage(values, width, height);
  for (const [name, v, n] of [['fx', fx, width], ['fy', fy, height]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > n) throw new ArgumentError(`${name} must be an integer from 1 to ${n}, got ${show(v)}`);
  }
  checkAggregation(agg);
  const outW = Math.floor(width / fx);
  const outH = Math.floor(height / fy);
  return { values: aggregated(values, width, fixedBlocks(fx, outW), fixedBlocks(fy, outH), agg), width: outW, height: outH };
}
