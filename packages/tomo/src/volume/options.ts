/**
 * The options of the streaming reconstruction, and their checks (each failure a typed error
 * naming the option and its value).
 * @module
 */
import { ArgumentError, IndexRangeError, NdArray, ShapeError, show } from '@pandaas/core';
import type { CenterOption, Geometry } from '../backproject/geometry.js';
import type { VoCenterOptions } from '../center/vo.js';
import type { FbpOptions } from '../fbp/fbp-plan.js';
import type { ReferenceImage } from '../preprocess/flat-field.js';
import type { MinusLogOptions } from '../preprocess/minus-log.js';
import type { PaganinOptions } from '../preprocess/paganin.js';
import type { SeriesInterpolation } from '../preprocess/series-weights.js';
import type { MunchOptions } from '../rings/munch.js';
import type { VoOptions } from '../rings/vo.js';
import { checkArray, checkNumber } from '../sinogram/arrays.js';
import { paganinMargin } from './paganin-margin.js';

/**
 * Ring removal on each sinogram: Münch's wavelet–Fourier filter (`'munch'`, tomopy's
 * `remove_stripe_fw` defaults) or Vo's combined method (`'vo'`, tomopy's `remove_all_stripe`
 * defaults), optionally with their options.
 *
 * @example
 * ```ts
 * const rings: VolumeRings = { method: 'munch', options: { sigma: 1.5 } };
 * ```
 */
export type VolumeRings =
  | 'munch'
  | 'vo'
  | { readonly method: 'munch'; readonly options?: MunchOptions }
  | { readonly method: 'vo'; readonly options?: VoOptions };

/**
 * Paganin phase retrieval in the streaming reconstruction: the filter's options (its −log is
 * always taken) and the margin of rows read above and below each batch (default
 * {@link paganinMargin}).
 *
 * @example
 * ```ts
 * const paganin: VolumePaganinOptions = { deltaBeta: 100, energy: 20, distance: 0.5, pixelSize: 1e-6 };
 * ```
 */
export interface VolumePaganinOptions extends Omit<PaganinOptions, 'log'> {
  /** Rows above and below each batch filtered with it (cropped afterwards); default {@link paganinMargin}. */
  readonly margin?: number;
}

/**
 * Raw projection rows to find the centre on (`center: 'auto'`): `[nAngles, rows, nDet]` of
 * detector rows `[rowStart, rowStart + rows)`, preprocessed as the volume; the sinogram of
 * detector row `row` (default the middle one) is used.
 *
 * @example
 * ```ts
 * const centerRows: CenterRows = { projections: middleRows, rowStart: 1000 };
 * ```
 */
export interface CenterRows {
  readonly projections: NdArray;
  readonly rowStart: number;
  readonly row?: number;
}

/**
 * What the reconstruction is about to make, given to `onStart` before the first slab.
 *
 * @example
 * ```ts
 * const onStart = (info: VolumeInfo) => console.log(`${info.slices} slices of ${info.size}², axis at ${info.center} px`);
 * ```
 */
export interface VolumeInfo {
  /** The rotation axis on the input detector row (pixels, absolute): given or found. */
  readonly center: number;
  /** Slices to reconstruct (one per detector row of `slices`). */
  readonly slices: number;
  /** The side of each slice. */
  readonly size: number;
  /** The geometry of the backprojection (after half-acquisition stitching, when asked). */
  readonly geometry: Geometry;
}

/**
 * The options of {@link reconstructVolume}: the scan (angles, reduced flats and darks, rows),
 * the preprocessing steps, the centre, the FBP's options and the streaming controls.
 *
 * @example
 * ```ts
 * const options: VolumeOptions = { angles, flats, darks, center: 'auto', filter: 'shepp-logan', rings: 'munch' };
 * ```
 */
export interface VolumeOptions extends Omit<FbpOptions, 'center'> {
  /** The angle of each projection, radians. */
  readonly angles: ArrayLike<number>;
  /** The reduced flat `[detectorRows, nDet]` (see `reduceSeries`), or several series at their acquisition indices. */
  readonly flats: NdArray | readonly ReferenceImage[];
  /** The reduced dark, or several series. */
  readonly darks: NdArray | readonly ReferenceImage[];
  /** The acquisition frame index of each projection (for flats and darks interpolated between series). */
  readonly indices?: ArrayLike<number>;
  /** Between series: `'linear'` (default) or `'nearest'`. */
  readonly interpolation?: SeriesInterpolation;
  /** The detector row of the first row the source yields (default 0). */
  readonly rowStart?: number;
  /** The rows the source yields (default: the references' rows from `rowStart`). */
  readonly rowCount?: number;
  /** The detector rows to reconstruct, `[start, stop)` (default all rows the source yields; the others only serve as Paganin margins). */
  readonly slices?: readonly [number, number];
  /** The rotation axis: an absolute detector position, `'skimage'`, `'astra'` (default), or `'auto'` (found, see {@link reconstructVolume}; not with `halfAcquisition`). */
  readonly center?: CenterOption | 'auto';
  /** The search of Vo's method for `'auto'`. */
  readonly centerSearch?: VoCenterOptions;
  /** The rows to find the centre on for `'auto'` (default: the middle row of the first batch's rows). */
  readonly centerRows?: CenterRows;
  /** Paganin phase retrieval (with its −log), instead of the plain −log. */
  readonly paganin?: VolumePaganinOptions;
  /** The clipping before the plain −log (default [1e-6, 10]). */
  readonly minusLog?: MinusLogOptions;
  /** Ring removal on each sinogram. */
  readonly rings?: VolumeRings;
  /** A 360° scan with the axis near one edge: stitch each sinogram's halves (row k + n/2 must be θ_k + π) into a 180° sinogram of the full field. */
  readonly halfAcquisition?: boolean;
  /** Slices per FBP batch (default: as many as fit in about 64 MiB of sinograms or images, at most 64). */
  readonly batch?: number;
  /** Told the centre, the slice count and size before the first slab. */
  readonly onStart?: (info: VolumeInfo) => void | Promise<void>;
  /** Told the slices done and the total after each slab. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops before the next slab is read or reconstructed; the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * The options resolved: sizes, rows, margin, batch.
 *
 * @example
 * ```ts
 * const { rowStart, rowEnd, batch } = resolveVolumeOptions(options);
 * ```
 */
export interface ResolvedVolume {
  readonly nAngles: number;
  readonly nDet: number;
  readonly angles: Float64Array;
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly sliceStart: number;
  readonly sliceEnd: number;
  readonly margin: number;
  readonly batch: number;
  /** A numeric centre resolved from a number or convention; undefined for `'auto'`. */
  readonly center: number | undefined;
  readonly rings?: { readonly method: 'munch'; readonly options: MunchOptions } | { readonly method: 'vo'; readonly options: VoOptions };
}

function referenceShape(value: unknown, name: string): readonly number[] {
  if (value instanceof NdArray) return checkArray(value, `options.${name}`, [2]).shape;
  if (!Array.isArray(value) || value.length === 0) throw new ArgumentError(`options.${name} must be an NdArray or a non-empty array of { index, image }; got ${show(value)}`);
  const first = (value[0] as ReferenceImage | null)?.image;
  return checkArray(first, `options.${name}[0].image`, [2]).shape;
}

function ringsOf(value: VolumeRings | undefined): ResolvedVolume['rings'] {
  if (value === undefined) return undefined;
  if (value === 'munch' || value === 'vo') return value === 'munch' ? { method: 'munch', options: {} } : { method: 'vo', options: {} };
  if (value !== null && typeof value === 'object' && value.method === 'munch') return { method: 'munch', options: value.options ?? {} };
  if (value !== null && typeof value === 'object' && value.method === 'vo') return { method: 'vo', options: value.options ?? {} };
  throw new ArgumentError(`options.rings must be 'munch', 'vo' or { method, options }; got ${show(value)}`);
}

/**
 * Checks the options of {@link reconstructVolume} and resolves the rows, the margin, the batch
 * and the centre (throws ArgumentError, ShapeError or IndexRangeError naming the option).
 *
 * @example
 * ```ts
 * const r = resolveVolumeOptions(options); // { nAngles, nDet, rowStart, rowEnd, ... }
 * ```
 */
export function resolveVolumeOptions(options: VolumeOptions): ResolvedVolume {
  if (options === null || typeof options !== 'object') throw new ArgumentError(`options must be an object; got ${show(options)}`);
  const o = options;
  const a = o.angles;
  if (a === null || typeof a !== 'object' || typeof a.length !== 'number' || a.length < 1) {
    throw new ArgumentError(`options.angles must be a non-empty array of numbers (radians); got ${show(a)}`);
  }
  const angles = Float64Array.from({ length: a.length }, (_, i) => checkNumber(a[i], `options.angles[${i}]`));
  const [rows, nDet] = referenceShape(o.flats, 'flats');
  const darkShape = referenceShape(o.darks, 'darks');
  if (darkShape[0] !== rows || darkShape[1] !== nDet) throw new ShapeError(`options.darks must have the flats' shape ${show([rows, nDet])}; got ${show(darkShape)}`);
  const rowStart = o.rowStart === undefined ? 0 : checkNumber(o.rowStart, 'options.rowStart', { min: 0, max: rows - 1, integer: true });
  const rowCount = o.rowCount === undefined ? rows - rowStart : checkNumber(o.rowCount, 'options.rowCount', { min: 1, max: rows - rowStart, integer: true });
  const rowEnd = rowStart + rowCount;
  let [sliceStart, sliceEnd] = [rowStart, rowEnd];
  if (o.slices !== undefined) {
    const s = o.slices;
    if (!Array.isArray(s) || s.length !== 2 || !Number.isInteger(s[0]) || !Number.isInteger(s[1]) || s[0] < rowStart || s[1] > rowEnd || s[0] >= s[1]) {
      throw new IndexRangeError(`options.slices must be [start, stop) with ${rowStart} <= start < stop <= ${rowEnd} (the rows read); got ${show(s)}`);
    }
    [sliceStart, sliceEnd] = s;
  }
  let margin = 0;
  if (o.paganin !== undefined) {
    const needed = paganinMargin(o.paganin); // checks the filter's options too
    margin = o.paganin.margin === undefined ? needed : checkNumber(o.paganin.margin, 'options.paganin.margin', { min: 0, integer: true });
  }
  const plane = Math.max(angles.length * nDet, nDet * nDet);
  const batch = o.batch === undefined
    ? Math.max(1, Math.min(64, Math.floor((64 << 20) / (4 * plane))))
    : checkNumber(o.batch, 'options.batch', { min: 1, integer: true });
  let center: number | undefined;
  const c = o.center ?? 'astra';
  if (c === 'skimage') center = Math.floor(nDet / 2);
  else if (c === 'astra') center = (nDet - 1) / 2;
  else if (typeof c === 'number' && Number.isFinite(c)) center = c;
  else if (c !== 'auto') throw new ArgumentError(`options.center must be a detector position in pixels, 'skimage', 'astra' or 'auto'; got ${show(c)}`);
  if (center !== undefined && (center < 0 || center > nDet - 1)) throw new IndexRangeError(`options.center must lie on the detector, in [0, ${nDet - 1}]; got ${show(c)}`);
  if (o.halfAcquisition !== undefined && typeof o.halfAcquisition !== 'boolean') throw new ArgumentError(`options.halfAcquisition must be a boolean; got ${show(o.halfAcquisition)}`);
  if (c === 'auto' && o.halfAcquisition === true) {
    // Vo's method and the 0/180° correlation both assume the object inside the field of view: on
    // an off-centre 360° scan they are several pixels off (8 px on a 100-px test detector)
    throw new ArgumentError("options.center 'auto' is not available with options.halfAcquisition: give the axis position on the detector (pixels)");
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw new ArgumentError(`options.signal must be an AbortSignal; got ${show(o.signal)}`);
  for (const name of ['onStart', 'onProgress'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function') throw new ArgumentError(`options.${name} must be a function; got ${show(o[name])}`);
  }
  const rings = ringsOf(o.rings);
  return { nAngles: angles.length, nDet, angles, rowStart, rowEnd, sliceStart, sliceEnd, margin, batch, center, ...(rings === undefined ? {} : { rings }) };
}
