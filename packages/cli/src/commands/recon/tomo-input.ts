import { allocate, array, isDType, type NdArray, type TypedArray } from '@pandaas/core';
import { ObjectNotFoundError, openH5, readDataExchange, readInstrument, readTomo, type H5Dataset, type H5File } from '@pandaas/io-nexus';
import { reduceSeries, type ReferenceImage } from '@pandaas/tomo';
import { CliError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';
import { detectFileKind } from '../../framework/file-kind.js';

/**
 * What the instrument of the scan says, in metres and keV (undefined when the file does not say).
 *
 * @example
 * ```ts
 * const energy = scan.instrument.energy ?? 20;
 * ```
 */
export interface ScanInstrument {
  readonly pixelSize?: number;
  readonly energy?: number;
  readonly distance?: number;
}

/**
 * A tomography scan opened for reconstruction: its sizes, angles, reduced flats and darks, and
 * its projections readable a slab of detector rows at a time. Close it when done.
 *
 * @example
 * ```ts
 * const scan: TomoInput = await openTomoInput('tooth_nxtomo.nxs');
 * const middle = await scan.readRows(1, 2); // [181, 1, 640]
 * ```
 */
export interface TomoInput {
  /** `FILE::/entry` (NXtomo) or `FILE::/exchange` (Data Exchange), for messages. */
  readonly label: string;
  readonly layout: 'NXtomo' | 'Data Exchange';
  readonly nAngles: number;
  readonly rows: number;
  readonly nDet: number;
  /** The angle of each projection in degrees, as the file gives them. */
  readonly degrees: Float64Array;
  /** The acquisition frame index of each projection (flats and darks are interpolated in it). */
  readonly indices: Float64Array;
  /** The flat series, each reduced to its mean, at the frame index of its middle. */
  readonly flats: readonly ReferenceImage[];
  /** The dark series, reduced likewise (one zero image when the file has none). */
  readonly darks: readonly ReferenceImage[];
  readonly instrument: ScanInstrument;
  /** What the command should tell the user (darks taken as 0...). */
  readonly notes: readonly string[];
  /** The projections `[nAngles, to − from, nDet]` of detector rows `[from, to)`. */
  readRows(from: number, to: number): Promise<NdArray>;
  close(): Promise<void>;
}

/** At most this many bytes of frames are read at once to reduce a flat or dark series. */
const SERIES_BYTES = 64 << 20;

/** Consecutive runs of sorted frame indices, `[first, stop)`. */
function runs(indices: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const i of indices) {
    const last = out.at(-1);
    if (last !== undefined && last[1] === i) last[1] = i + 1;
    else out.push([i, i + 1]);
  }
  return out;
}

/** Each run of frames `[first, stop)` of `data` reduced to its mean image, read in row blocks of bounded size. */
async function reduceRuns(data: H5Dataset, series: readonly [number, number][], rows: number, nDet: number): Promise<ReferenceImage[]> {
  const out: ReferenceImage[] = [];
  for (const [first, stop] of series) {
    const count = stop - first;
    const block = Math.max(1, Math.min(rows, Math.floor(SERIES_BYTES / (count * nDet * 8))));
    const image = allocate('float32', rows * nDet);
    for (let r = 0; r < rows; r += block) {
      const end = Math.min(rows, r + block);
      const frames = await data.read([[first, stop], [r, end]], { backend: 'cpu' });
      const mean = await reduceSeries(frames);
      image.set(mean.dataSync(), r * nDet);
      frames.dispose();
      mean.dispose();
    }
    out.push({ index: (first + stop - 1) / 2, image: array(image, { shape: [rows, nDet], backend: 'cpu' }) });
  }
  return out;
}

function frameShape(data: H5Dataset, label: string): [number, number, number] {
  const shape = data.shape;
  if (shape === null || shape.length !== 3) throw new CliError(`${label}: the frames ${data.path} must be a 3-D dataset [frames, rows, columns]; got ${JSON.stringify(shape)}`, EXIT_CODES.badInput);
  return shape as [number, number, number];
}

/** Reads rows `[from, to)` of the frames `runs` (in order) of `data` into one `[frames, to − from, nDet]` array. */
async function readRuns(data: H5Dataset, frameRuns: readonly [number, number][], count: number, from: number, to: number, nDet: number): Promise<NdArray> {
  if (frameRuns.length === 1) return data.read([[frameRuns[0]![0], frameRuns[0]![1]], [from, to]], { backend: 'cpu' });
  const plane = (to - from) * nDet;
  const dtype = data.dtype !== undefined && isDType(data.dtype) ? data.dtype : 'float32';
  const out: TypedArray = allocate(dtype, count * plane);
  let at = 0;
  for (const [first, stop] of frameRuns) {
    const part = await data.read([[first, stop], [from, to]], { backend: 'cpu' });
    out.set(part.dataSync() as ArrayLike<number> & TypedArray, at * plane);
    at += stop - first;
    part.dispose();
  }
  return array(out, { shape: [count, to - from, nDet], backend: 'cpu' });
}

function zeros(rows: number, nDet: number): ReferenceImage[] {
  return [{ index: 0, image: array(new Float32Array(rows * nDet), { shape: [rows, nDet], backend: 'cpu' }) }];
}

async function openNxTomo(file: H5File, path: string): Promise<TomoInput> {
  const scan = await readTomo(file).catch((err: unknown) => {
    if (!(err instanceof ObjectNotFoundError)) throw err;
    throw new CliError(`${path} is neither APS Data Exchange (no /exchange/data) nor NXtomo (no NXentry with definition "NXtomo")`, EXIT_CODES.badInput, { cause: err });
  });
  const label = `${path}::${scan.entry}`;
  const [, rows, nDet] = frameShape(scan.data, label);
  const noKey = scan.problems.find((p) => p.startsWith('no image_key'));
  const mismatch = scan.problems.filter((p) => p !== noKey);
  if (mismatch.length > 0) throw new CliError(`${label}: ${mismatch.join('; ')}`, EXIT_CODES.mismatch);
  if (scan.projections.length === 0) throw new CliError(`${label} has no projections (image_key 0)`, EXIT_CODES.badInput);
  if (scan.flats.length === 0) {
    throw new CliError(
      noKey === undefined
        ? `${label} has no flat-field frames (image_key 1): the projections cannot be normalised without them`
        : `${label} has no image_key: flats, darks and projections cannot be told apart (NXtomo needs instrument/detector/image_key: 0 projection, 1 flat, 2 dark)`,
      EXIT_CODES.badInput,
    );
  }
  if (scan.rotationAngle === undefined) throw new CliError(`${label} has no rotation_angle (sample/rotation_angle, one angle per frame)`, EXIT_CODES.badInput);
  const notes: string[] = [];
  const flats = await reduceRuns(scan.data, runs(scan.flats), rows, nDet);
  let darks: ReferenceImage[];
  if (scan.darks.length === 0) {
    darks = zeros(rows, nDet);
    notes.push(`${label} has no dark frames (image_key 2): the darks are taken as 0`);
  } else {
    darks = await reduceRuns(scan.data, runs(scan.darks), rows, nDet);
  }
  const info = await readInstrument(file, { entry: scan.entry }).catch(() => undefined);
  const projectionRuns = runs(scan.projections);
  const angles = scan.rotationAngle;
  return {
    label,
    layout: 'NXtomo',
    nAngles: scan.projections.length,
    rows,
    nDet,
    degrees: Float64Array.from(scan.projections, (i) => angles[i]!),
    indices: Float64Array.from(scan.projections),
    flats,
    darks,
    instrument: {
      ...(info?.pixelSize === undefined ? {} : { pixelSize: info.pixelSize.y }),
      ...(info?.energy === undefined ? {} : { energy: info.energy }),
      ...(info?.distance === undefined ? {} : { distance: info.distance }),
    },
    notes,
    readRows: (from, to) => readRuns(scan.data, projectionRuns, scan.projections.length, from, to, nDet),
    close: () => file.close(),
  };
}

async function openDataExchange(file: H5File, path: string): Promise<TomoInput> {
  const scan = await readDataExchange(file);
  const label = `${path}::${scan.group}`;
  const [nAngles, rows, nDet] = frameShape(scan.projections, label);
  const thetaProblem = scan.problems.find((p) => p.includes('theta'));
  if (thetaProblem !== undefined) throw new CliError(`${label}: ${thetaProblem}`, EXIT_CODES.mismatch);
  if (scan.flats === undefined) {
    const why = scan.problems.find((p) => p.includes('data_white'));
    throw new CliError(`${label} has no flat fields (data_white${why === undefined ? '' : `: ${why}`}): the projections cannot be normalised without them`, EXIT_CODES.badInput);
  }
  if (scan.rotationAngle === undefined) throw new CliError(`${label} has no theta (the angle of each projection)`, EXIT_CODES.badInput);
  const notes: string[] = [];
  const flats = await reduceRuns(scan.flats, [[0, scan.flats.shape![0]!]], rows, nDet);
  let darks: ReferenceImage[];
  if (scan.darks === undefined) {
    darks = zeros(rows, nDet);
    notes.push(`${label} has no dark fields (data_dark): the darks are taken as 0`);
  } else {
    darks = await reduceRuns(scan.darks, [[0, scan.darks.shape![0]!]], rows, nDet);
  }
  const projections = scan.projections;
  return {
    label,
    layout: 'Data Exchange',
    nAngles,
    rows,
    nDet,
    degrees: scan.rotationAngle,
    indices: Float64Array.from({ length: nAngles }, (_, i) => i),
    // one series each: the same flat and dark for every projection
    flats: flats.map((f) => ({ ...f, index: 0 })),
    darks: darks.map((d) => ({ ...d, index: 0 })),
    instrument: {},
    notes,
    readRows: (from, to) => projections.read([null, [from, to]], { backend: 'cpu' }),
    close: () => file.close(),
  };
}

/**
 * Opens a tomography scan: an HDF5 file in the APS Data Exchange layout (`/exchange/data`) or
 * with an NXtomo entry; the flats and darks are read and reduced (the mean of each series) now.
 * Missing flats, angles, an NXtomo without image_key are errors (exit status 4); angles that do
 * not match the frames exit with 5; missing darks are taken as 0 (said in `notes`).
 *
 * @example
 * ```ts
 * const scan = await openTomoInput('examples/data/tooth/tooth_nxtomo.nxs');
 * const slab = await scan.readRows(0, 2); // [181, 2, 640]
 * await scan.close();
 * ```
 */
export async function openTomoInput(path: string): Promise<TomoInput> {
  if ((await detectFileKind(path)).kind !== 'hdf5') throw new CliError(`${path} is an image file: recon reads an HDF5 file (NXtomo, or APS Data Exchange)`, EXIT_CODES.badInput);
  const file = await openH5(path);
  try {
    return (await file.has('/exchange/data')) ? await openDataExchange(file, path) : await openNxTomo(file, path);
  } catch (err) {
    await file.close();
    throw err;
  }
}
