/**
 * The streaming reconstruction: projections in row slabs → flat/dark → (Paganin | −log) →
 * sinograms → rings → (half-acquisition stitching) → FBP in batches → a sink, slab by slab.
 * @module
 */
import { ArgumentError, NdArray, ShapeError, show } from '@pandaas/core';
import type { CenterOption, Geometry } from '../backproject/geometry.js';
import { FbpPlan } from '../fbp/fbp-plan.js';
import { flatField } from '../preprocess/flat-field.js';
import { stitchHalfAcquisition } from '../sinogram/half-acquisition.js';
import { centerOfRow, centerOfRows } from './auto-center.js';
import { resolveVolumeOptions, type ResolvedVolume, type VolumeOptions } from './options.js';
import { RowBuffer } from './row-buffer.js';
import { windowSinograms } from './window-sinograms.js';

/**
 * A slab of the reconstructed volume, as the sink receives them: in order, back to back.
 *
 * @example
 * ```ts
 * const sink = async (slab: VolumeSlab) => writer.writeSlab('/entry/volume/data', [slab.index, 0, 0], slab.images);
 * ```
 */
export interface VolumeSlab {
  /** The index of its first slice in the volume (0 for the first slab). */
  readonly index: number;
  /** The detector row of its first slice. */
  readonly row: number;
  /** The slices `[n, size, size]`, float32, 1/pixel. */
  readonly images: NdArray<'float32'>;
}

/**
 * What {@link reconstructVolume} did.
 *
 * @example
 * ```ts
 * const { center, slices, peakRows } = await reconstructVolume(slabs, options, sink);
 * ```
 */
export interface VolumeResult {
  /** The rotation axis on the input detector row (pixels): given or found. */
  readonly center: number;
  readonly slices: number;
  readonly size: number;
  /** The geometry of the backprojection (after stitching, for a half acquisition). */
  readonly geometry: Geometry;
  /** The slabs given to the sink. */
  readonly batches: number;
  /** The most detector rows held at once (the memory bound: at most `batch + 2·(margin + h − 1)`, h the tallest input slab). */
  readonly peakRows: number;
  /** The Paganin margin used (rows; 0 without Paganin). */
  readonly margin: number;
}

/** The next input slab, checked: `[nAngles, rows, nDet]` and no further than the rows expected. */
function checkSlab(value: unknown, r: ResolvedVolume, next: number): NdArray {
  if (!(value instanceof NdArray) || value.ndim !== 3) {
    throw new ShapeError(`each projection slab must be an NdArray [nAngles, rows, nDet] = [${r.nAngles}, rows, ${r.nDet}]; got ${value instanceof NdArray ? `shape ${show(value.shape)}` : show(value)} at detector row ${next}`);
  }
  const [nA, rows, nD] = value.shape;
  if (nA !== r.nAngles || nD !== r.nDet) {
    throw new ShapeError(`the projection slab at detector row ${next} must be [nAngles, rows, nDet] = [${r.nAngles}, rows, ${r.nDet}] (one projection per angle); got ${show(value.shape)}`);
  }
  if (next + rows > r.rowEnd) {
    throw new ShapeError(`the projection slab at detector row ${next} has ${rows} rows, past the last row expected (${r.rowEnd - 1}: options.rowStart + options.rowCount − 1)`);
  }
  return value;
}

/**
 * Reconstructs a volume slice by slice from projections streamed in slabs of detector rows,
 * with bounded memory: `source` yields `[nAngles, rows, nDet]` slabs (any number of rows each)
 * of the detector rows `[rowStart, rowStart + rowCount)` in order (a file read row slab by row
 * slab); each is normalised by the flats and darks (`flatField`, reduced once by the caller,
 * e.g. `reduceSeries`) as it arrives. The rows are then processed in batches of `batch`
 * slices: Paganin (`paganin` with its −log, run on the batch's rows with `margin` rows above and
 * below, then cropped) or `minusLog`; the sinograms (`projectionsToSinograms`); ring removal
 * (`removeStripesMunch` or `removeStripesVo`) of each sinogram; for a half acquisition the
 * stitching (`stitchHalfAcquisition`); and `FbpPlan.reconstruct`, the plan set up once. `sink`
 * receives the slices `[n, size, size]` in order, back to back, and is awaited before the next
 * batch (a writer can put them on disk as they come).
 *
 * The centre is a detector position, a convention, or `'auto'`: Vo's method (`findCenterVo`,
 * `centerSearch`) on one sinogram preprocessed as the volume: of `centerRows` when given (e.g. a
 * middle row read first), else the middle row of the first batch. Not with `halfAcquisition`
 * (an ArgumentError): Vo's method and the 0/180° correlation assume the whole object in the
 * field of view, and are pixels off on an off-centre 360° scan.
 *
 * Memory: the driver holds at most `batch + 2·(margin + h − 1)` detector rows of all projections
 * (h the tallest input slab, kept whole while any of its rows is needed; `peakRows` reports it),
 * float32, plus the batch's intermediates
 * (its rows with margins, its sinograms, the FBP's filtered copy, the images: a few times
 * `(batch + 2·margin)·nAngles·nDet + batch·size²` floats), whatever the number of slices. It
 * reads only as many rows as the last slice (and its margin) needs, then ends the iteration.
 *
 * Each batch's result equals what the steps give called directly on the same rows (element-wise
 * steps and per-sinogram filters), whatever the slab and batch sizes; with Paganin, rows nearer
 * than `margin` to a batch edge see the edge-padded window instead of the rows beyond, a
 * difference below ~1e-4 relative with the default margin.
 *
 * Errors: ArgumentError, ShapeError or IndexRangeError naming the option for bad options (a
 * centre off the detector, angles that are not numbers, references of another shape), before
 * any slab is read; a ShapeError for a slab of the wrong shape or a source that ends early.
 *
 * @example
 * ```ts
 * import { reconstructVolume, reduceSeries } from '@pandaas/tomo';
 * const flats = await reduceSeries(flatFrames);
 * const darks = await reduceSeries(darkFrames);
 * const result = await reconstructVolume(readRowSlabs(file, 16), { angles, flats, darks, center: 'auto', filter: 'hann' }, async (slab) => {
 *   await writer.writeSlab('/entry/volume/data', [slab.index, 0, 0], slab.images);
 * });
 * console.log(result.center, result.slices);
 * ```
 */
export async function reconstructVolume(
  source: AsyncIterable<NdArray> | Iterable<NdArray>,
  options: VolumeOptions,
  sink: (slab: VolumeSlab) => void | Promise<void>,
): Promise<VolumeResult> {
  const r = resolveVolumeOptions(options);
  const o = options;
  if (typeof sink !== 'function') throw new ArgumentError(`sink must be a function; got ${show(sink)}`);
  const iterable = source as Partial<AsyncIterable<NdArray> & Iterable<NdArray>> | null;
  const open = iterable?.[Symbol.asyncIterator] ?? iterable?.[Symbol.iterator];
  if (typeof open !== 'function') throw new ArgumentError(`source must be an (async) iterable of projection slabs; got ${show(source)}`);
  o.signal?.throwIfAborted();
  let center = r.center;
  if (center === undefined && o.centerRows !== undefined) center = await centerOfRows(o.centerRows, r, o);
  // a numeric centre sets the plan up before any slab is read, so that bad FBP options fail first
  let plan = center !== undefined && o.halfAcquisition !== true ? await createPlan(o, r.angles, r.nDet, planCenter(o, center)) : undefined;
  const iterator = (open as (this: unknown) => AsyncIterator<NdArray> | Iterator<NdArray>).call(source);
  const buffer = new RowBuffer(r.nAngles, r.nDet);
  const total = r.sliceEnd - r.sliceStart;
  let next = r.rowStart; // the next detector row the source yields
  let batches = 0;
  try {
    for (let row = r.sliceStart; row < r.sliceEnd;) {
      o.signal?.throwIfAborted();
      const count = Math.min(r.batch, r.sliceEnd - row);
      const need = Math.min(row + count + r.margin, r.rowEnd);
      while (next < need) {
        o.signal?.throwIfAborted();
        const item = await iterator.next();
        if (item.done === true) {
          throw new ShapeError(`the projections ended at detector row ${next}; rows up to ${r.rowEnd - 1} were expected (options.rowStart + options.rowCount − 1)`);
        }
        const slab = checkSlab(item.value, r, next);
        const rows = slab.shape[1];
        const normalised = await flatField(slab, {
          flats: o.flats, darks: o.darks, rowStart: next,
          ...(o.indices === undefined ? {} : { indices: o.indices }),
          ...(o.interpolation === undefined ? {} : { interpolation: o.interpolation }),
        });
        buffer.push(next, (await normalised.data()) as Float32Array, rows);
        next += rows;
      }
      const from = Math.max(row - r.margin, r.rowStart);
      const window = buffer.window(from, need);
      if (center === undefined) center = await centerOfRow(window, from, need - from, row + Math.floor(count / 2), r, o);
      let sinograms = await windowSinograms(window, need - from, row - from, count, r, o);
      let angles: Float64Array = r.angles;
      let axis = center;
      if (o.halfAcquisition === true) {
        const stitched = await stitchHalfAcquisition(sinograms, center, { angles: r.angles });
        sinograms.dispose();
        sinograms = stitched.sinogram;
        angles = stitched.angles!;
        axis = stitched.center;
      }
      plan ??= await createPlan(o, angles, sinograms.shape[2], o.halfAcquisition === true ? axis : planCenter(o, axis));
      if (batches === 0) await o.onStart?.({ center, slices: total, size: plan.geometry.size, geometry: plan.geometry });
      o.signal?.throwIfAborted();
      const images = (await plan.reconstruct(sinograms)) as NdArray<'float32'>;
      sinograms.dispose();
      await sink({ index: row - r.sliceStart, row, images });
      batches++;
      row += count;
      buffer.dropBelow(row - r.margin);
      o.onProgress?.(row - r.sliceStart, total);
    }
  } finally {
    await iterator.return?.();
    plan?.dispose();
  }
  const geometry = plan!.geometry;
  return { center: center!, slices: total, size: geometry.size, geometry, batches, peakRows: buffer.peakRows, margin: r.margin };
}

/** The plan's centre: the convention itself when one was named (it also sets the image centre), else the position. */
function planCenter(o: VolumeOptions, center: number): CenterOption {
  return o.center === 'skimage' || o.center === 'astra' ? o.center : center;
}

function createPlan(o: VolumeOptions, angles: Float64Array, nDet: number, center: CenterOption): Promise<FbpPlan> {
  return FbpPlan.create(angles, nDet, {
    center,
    ...(o.size === undefined ? {} : { size: o.size }),
    ...(o.circle === undefined ? {} : { circle: o.circle }),
    ...(o.filter === undefined ? {} : { filter: o.filter }),
    ...(o.padding === undefined ? {} : { padding: o.padding }),
    ...(o.backend === undefined ? {} : { backend: o.backend }),
  });
}
