import { ArgumentError, NdArray, ShapeError, allocate, array, onShared, show } from '@pandaas/core';
import { checkArray, checkNumber, checkOptions, runRanges, valuesOf } from '../sinogram/arrays.js';
import { PREPROCESS_LOOP, flatFieldRange, registerPreprocessLoops } from './loops.js';
import { seriesWeights, type SeriesInterpolation } from './series-weights.js';

/** A reduced flat or dark series (see `reduceSeries`) and the acquisition frame index it was taken at. */
export interface ReferenceImage {
  /** Acquisition frame index of the series (e.g. of its first or middle frame), on the scale of {@link FlatFieldOptions.indices}. */
  readonly index: number;
  /** The reduced image `[detectorRows, cols]`. */
  readonly image: NdArray;
}

/** Options of {@link flatField}. */
export interface FlatFieldOptions {
  /** One reduced flat `[detectorRows, cols]`, or several series taken at different times (before/after the scan). */
  readonly flats: NdArray | readonly ReferenceImage[];
  /** One reduced dark, or several series (interpolated like the flats). */
  readonly darks: NdArray | readonly ReferenceImage[];
  /** Acquisition frame index of each projection (default `0, 1, …, n−1`); needed to interpolate between series. */
  readonly indices?: ArrayLike<number>;
  /** First detector row of the projection slab (default 0): the slab is rows `[rowStart, rowStart + slabRows)` of the references. */
  readonly rowStart?: number;
  /** Between two series: `'linear'` in frame index (nabu's default) or the `'nearest'` series. */
  readonly interpolation?: SeriesInterpolation;
}

interface Series {
  readonly at: number[];
  /** The slab rows of every series, `[nSeries, slabRows·cols]`. */
  readonly stack: Float32Array;
}

async function seriesOf(value: unknown, name: string, rows: number, cols: number, rowStart: number): Promise<Series> {
  const list: readonly ReferenceImage[] = value instanceof NdArray ? [{ index: 0, image: value }] : (value as readonly ReferenceImage[]);
  if (!Array.isArray(list) || list.length === 0) {
    throw new ArgumentError(`options.${name} must be an NdArray or a non-empty array of { index, image }; got ${show(value)}`);
  }
  const sorted = list.map((s, k) => {
    if (s === null || typeof s !== 'object') throw new ArgumentError(`options.${name}[${k}] must be { index, image }; got ${show(s)}`);
    checkNumber(s.index, `options.${name}[${k}].index`);
    return s;
  }).sort((a, b) => a.index - b.index);
  const pixels = rows * cols;
  const stack = allocate('float32', sorted.length * pixels, true);
  for (let k = 0; k < sorted.length; k++) {
    if (k > 0 && sorted[k].index === sorted[k - 1].index) throw new ArgumentError(`options.${name} has two series at index ${sorted[k].index}`);
    const label = value instanceof NdArray ? `options.${name}` : `options.${name}[${list.indexOf(sorted[k])}].image`;
    const image = checkArray(sorted[k].image, label, [2]);
    if (image.shape[1] !== cols || image.shape[0] < rowStart + rows) {
      throw new ShapeError(`${label} must be [rows >= ${rowStart + rows}, ${cols}] to cover the slab rows [${rowStart}, ${rowStart + rows}); got ${show(image.shape)}`);
    }
    const values = await valuesOf(image);
    stack.set(values.subarray(rowStart * cols, (rowStart + rows) * cols), k * pixels);
  }
  return { at: sorted.map((s) => s.index), stack };
}

/**
 * Flat/dark normalisation of projections `[n, rows, cols]` (or one `[rows, cols]`):
 * `I = (P − D̄) / max(F̄ − D̄, 1e-6)` as nabu and tomopy, with F̄ (and D̄) interpolated linearly
 * in acquisition frame index between the series taken before and after (nabu's rule: the first
 * series before it, the last after it). Works on row slabs of the detector (`rowStart`), so a
 * volume can stream through it. Float32 out; no clipping (see {@link minusLog}, which clips to
 * nabu's [1e-6, 10] before the log). Runs on all cores through the core pool for large stacks.
 *
 * @example
 * ```ts
 * import { flatField, minusLog, reduceSeries } from '@pandaas/tomo';
 * const flats = [
 *   { index: 0, image: await reduceSeries(flatsBefore) },
 *   { index: 1001, image: await reduceSeries(flatsAfter) },
 * ];
 * const i = await flatField(projections, { flats, darks: await reduceSeries(darks), indices });
 * const p = await minusLog(i);
 * ```
 */
export async function flatField(projections: NdArray, options: FlatFieldOptions): Promise<NdArray<'float32'>> {
  const x = checkArray(projections, 'projections', [2, 3]);
  const o = checkOptions(options, 'options');
  const [n, rows, cols] = x.ndim === 3 ? x.shape : [1, ...x.shape];
  const rowStart = o.rowStart === undefined ? 0 : checkNumber(o.rowStart, 'options.rowStart', { min: 0, integer: true });
  const mode = o.interpolation ?? 'linear';
  if (mode !== 'linear' && mode !== 'nearest') throw new ArgumentError(`options.interpolation must be "linear" or "nearest"; got ${show(mode)}`);
  let indices: ArrayLike<number> = Float64Array.from({ length: n }, (_, j) => j);
  if (o.indices !== undefined) {
    indices = o.indices;
    if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') {
      throw new ArgumentError(`options.indices must be an array of numbers; got ${show(indices)}`);
    }
    if (indices.length !== n) throw new ShapeError(`options.indices must hold one index per projection (${n}); got ${indices.length}`);
    for (let j = 0; j < n; j++) checkNumber(indices[j], `options.indices[${j}]`);
  }
  if (o.flats === undefined) throw new ArgumentError('options.flats is missing: flat-field normalisation needs at least one flat image');
  if (o.darks === undefined) throw new ArgumentError('options.darks is missing: flat-field normalisation needs at least one dark image (zeros for none)');
  const flats = await seriesOf(o.flats, 'flats', rows, cols, rowStart);
  const darks = await seriesOf(o.darks, 'darks', rows, cols, rowStart);
  const f = seriesWeights(flats.at, indices, mode);
  const d = seriesWeights(darks.at, indices, mode);
  registerPreprocessLoops();
  const pixels = rows * cols;
  const proj = onShared(await valuesOf(x));
  const out = allocate('float32', n * pixels, true);
  const rest = [pixels, proj, flats.stack, f.lo, f.hi, f.w, darks.stack, d.lo, d.hi, d.w, out];
  await runRanges(PREPROCESS_LOOP.flatField, flatFieldRange, n * pixels, rest, [proj, flats.stack, darks.stack, out]);
  return array(out, { shape: x.shape });
}
