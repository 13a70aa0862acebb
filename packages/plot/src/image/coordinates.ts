/**
 * Image axes from coordinate arrays: NeXus axes give either one value per pixel (bin centres) or
 * one more (bin edges). Both become pixel edges, the image's extent, and whether the pixels are
 * evenly spaced; an uneven axis cannot be drawn as one stretched bitmap, so
 * {@link resampleIndices} maps screen pixels to source pixels for a nearest-neighbour resampling.
 *
 * Without coordinates, pixel i spans [i, i + 1) (silx's default origin 0 and scale 1).
 *
 * @example
 * ```ts
 * import { axisFromCoordinates } from '@pandaas/plot';
 * const x = axisFromCoordinates([0.1, 0.2, 0.4], 3); // centres: edges [0.05, 0.15, 0.3, 0.5], uniform false
 * ```
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';

/** One image axis: its pixel edges and extent. */
export interface ImageAxis {
  /** n + 1 pixel edges, strictly monotonic (decreasing for a reversed axis). */
  readonly edges: Float64Array;
  /** Number of pixels along the axis. */
  readonly size: number;
  /** First edge (the left / top of pixel 0). */
  readonly start: number;
  /** Last edge. */
  readonly end: number;
  /** Whether the edges increase. */
  readonly increasing: boolean;
  /**
   * Whether all pixels have the same width: within 1e-6 of the mean width plus the rounding of
   * the coordinates' own type (8 ulp of the largest magnitude; float32 ulps for a Float32Array).
   */
  readonly uniform: boolean;
}

function finiteArray(values: ArrayLike<number>, name: string, minLength: number): void {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new ArgumentError(`${name} must be an array of numbers, got ${show(values)}`);
  }
  if (values.length < minLength) throw new ShapeError(`${name} needs at least ${minLength} value(s), got ${values.length}`);
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number' || !Number.isFinite(values[i])) {
      throw new ArgumentError(`${name}[${i}] must be a finite number, got ${show(values[i])}`);
    }
  }
}

function fromEdges(edges: Float64Array, source: ArrayLike<number>, name: string): ImageAxis {
  const n = edges.length - 1;
  const increasing = edges[n] > edges[0];
  let maxAbs = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0 && (increasing ? !(edges[i] > edges[i - 1]) : !(edges[i] < edges[i - 1]))) {
      throw new ArgumentError(`${name} must be strictly monotonic; it is not at index ${i} (${show(source[Math.min(i, source.length - 1)])})`);
    }
    maxAbs = Math.max(maxAbs, Math.abs(edges[i]));
  }
  const mean = (edges[n] - edges[0]) / n;
  const ulp = source instanceof Float32Array ? 2 ** -23 : 2 ** -52;
  const tolerance = 1e-6 * Math.abs(mean) + 8 * ulp * maxAbs;
  let uniform = true;
  for (let i = 0; i < n && uniform; i++) uniform = Math.abs(edges[i + 1] - edges[i] - mean) <= tolerance;
  return { edges, size: n, start: edges[0], end: edges[n], increasing, uniform };
}

/**
 * An axis from its n + 1 pixel edges (at least 2, finite, strictly monotonic).
 *
 * @example
 * ```ts
 * axisFromEdges([0, 1, 2, 4]).uniform; // false
 * ```
 */
export function axisFromEdges(edges: ArrayLike<number>, name = 'edges'): ImageAxis {
  finiteArray(edges, name, 2);
  return fromEdges(Float64Array.from(edges), edges, name);
}

/**
 * An axis from its n pixel centres (at least 1, finite, strictly monotonic): inner edges half way
 * between centres, outer edges half a neighbouring width out; a single centre c spans
 * [c - 0.5, c + 0.5].
 *
 * @example
 * ```ts
 * axisFromCentres([10, 20, 30]).edges; // Float64Array [5, 15, 25, 35]
 * ```
 */
export function axisFromCentres(centres: ArrayLike<number>, name = 'centres'): ImageAxis {
  finiteArray(centres, name, 1);
  const n = centres.length;
  const edges = new Float64Array(n + 1);
  if (n === 1) {
    edges[0] = centres[0] - 0.5;
    edges[1] = centres[0] + 0.5;
  } else {
    for (let i = 1; i < n; i++) edges[i] = (centres[i - 1] + centres[i]) / 2;
    edges[0] = centres[0] - (centres[1] - centres[0]) / 2;
    edges[n] = centres[n - 1] + (centres[n - 1] - centres[n - 2]) / 2;
  }
  return fromEdges(edges, centres, name);
}

/**
 * An axis of `size` pixels from optional coordinates: `size` values are centres, `size + 1`
 * values edges, none gives pixel edges 0..size. Any other length throws a `ShapeError` naming
 * `name` and both lengths.
 *
 * @example
 * ```ts
 * axisFromCoordinates(undefined, 3).edges; // Float64Array [0, 1, 2, 3]
 * ```
 */
export function axisFromCoordinates(coordinates: ArrayLike<number> | undefined, size: number, name = 'coordinates'): ImageAxis {
  if (!Number.isInteger(size) || size < 1) throw new ShapeError(`size must be an integer >= 1, got ${show(size)}`);
  if (coordinates === undefined) return fromEdges(Float64Array.from({ length: size + 1 }, (_, i) => i), [], name);
  if (coordinates !== null && typeof coordinates === 'object' && coordinates.length === size) return axisFromCentres(coordinates, name);
  if (coordinates !== null && typeof coordinates === 'object' && coordinates.length === size + 1) return axisFromEdges(coordinates, name);
  const length = coordinates !== null && typeof coordinates === 'object' ? coordinates.length : show(coordinates);
  throw new ShapeError(`${name} must have ${size} values (pixel centres) or ${size + 1} (pixel edges) for ${size} pixels, got ${length}`);
}

/**
 * For `count` equal screen pixels spanning `from`..`to` (default: the axis' extent), the index of
 * the source pixel under each screen pixel's centre, or -1 outside the axis. Used to resample an
 * unevenly spaced axis (nearest neighbour) before drawing it as a bitmap.
 *
 * @example
 * ```ts
 * resampleIndices(axisFromEdges([0, 1, 3]), 3); // Int32Array [0, 1, 1]
 * ```
 */
export function resampleIndices(axis: ImageAxis, count: number, from = axis.start, to = axis.end): Int32Array {
  if (!Number.isInteger(count) || count < 1) throw new ShapeError(`count must be an integer >= 1, got ${show(count)}`);
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (!Number.isFinite(v)) throw new ArgumentError(`${name} must be a finite number, got ${show(v)}`);
  }
  const { edges, size, increasing } = axis;
  const out = new Int32Array(count);
  const step = (to - from) / count;
  for (let i = 0; i < count; i++) {
    const x = from + (i + 0.5) * step;
    // binary search for the last edge <= x (>= x on a decreasing axis)
    let lo = 0;
    let hi = size;
    if (increasing ? x < edges[0] || x >= edges[size] : x > edges[0] || x <= edges[size]) {
      out[i] = -1;
      continue;
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (increasing ? edges[mid] <= x : edges[mid] >= x) lo = mid;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

/**
 * Resamples a row-major image by index maps (from {@link resampleIndices}): output (i, j) =
 * values[yIndex[i] * width + xIndex[j]], NaN where an index is -1.
 *
 * @example
 * ```ts
 * resampleNearest([1, 2, 3, 4], 2, 2, Int32Array.of(0, 1, 1), Int32Array.of(-1, 0)); // [NaN, NaN, NaN, 1, 2, 2]
 * ```
 */
export function resampleNearest(values: ArrayLike<number>, width: number, height: number, xIndex: Int32Array, yIndex: Int32Array): Float32Array | Float64Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ShapeError(`width and height must be integers >= 1, got ${show(width)} and ${show(height)}`);
  }
  if (values === null || typeof values !== 'object' || values.length !== width * height) {
    throw new ShapeError(`values must have width × height = ${width * height} elements, got ${show(values)}`);
  }
  for (const [name, index, n] of [['xIndex', xIndex, width], ['yIndex', yIndex, height]] as const) {
    for (let i = 0; i < index.length; i++) {
      if (index[i] < -1 || index[i] >= n) throw new ArgumentError(`${name}[${i}] must be -1 or an index below ${n}, got ${index[i]}`);
    }
  }
  const outW = xIndex.length;
  const out = values instanceof Float32Array ? new Float32Array(outW * yIndex.length) : new Float64Array(outW * yIndex.length);
  for (let i = 0; i < yIndex.length; i++) {
    const row = yIndex[i] * width;
    for (let j = 0; j < outW; j++) out[i * outW + j] = yIndex[i] < 0 || xIndex[j] < 0 ? NaN : values[row + xIndex[j]];
  }
  return out;
}
