import { allocate, array, type NdArray } from '@pandaas/core';
import {
  findDefaultNxData,
  frames as datasetFrames,
  H5Dataset,
  H5Group,
  openH5,
  readImage,
  readNxData,
  type H5File,
  type NxData,
} from '@pandaas/io-nexus';
import { readFile } from 'node:fs/promises';
import { textOf } from '../inspect/attr-values.js';
import { CliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';
import { detectFileKind } from './file-kind.js';

/** `FILE::/path/in/file`, split: the file, and the HDF5 path when one was given. */
export interface InputLocation {
  readonly file: string;
  readonly path?: string;
}

/**
 * Splits `FILE::/path` at the last `::` (a plain file when there is none).
 *
 * @example
 * ```ts
 * parseLocation('scan.nxs::/entry/data/data'); // { file: 'scan.nxs', path: '/entry/data/data' }
 * parseLocation('frame.tif'); // { file: 'frame.tif' }
 * ```
 */
export function parseLocation(text: string): InputLocation {
  const at = text.lastIndexOf('::');
  if (at < 0) return { file: text };
  const file = text.slice(0, at);
  const path = text.slice(at + 2);
  if (file === '') throw new CliError(`no file before "::" in ${JSON.stringify(text)}`, EXIT_CODES.usage);
  if (path === '') return { file };
  return { file, path: path.startsWith('/') ? path : `/${path}` };
}

/**
 * `FILE::/path` again, for messages (the file alone when there is no path).
 *
 * @example
 * ```ts
 * formatLocation({ file: 'scan.nxs', path: '/entry/data/data' }); // 'scan.nxs::/entry/data/data'
 * formatLocation({ file: 'frame.tif' }); // 'frame.tif'
 * ```
 */
export function formatLocation(location: InputLocation): string {
  return location.path === undefined ? location.file : `${location.file}::${location.path}`;
}

/** Options of {@link InputArray.frames}. */
export interface InputFramesOptions {
  /** Frames per chunk (default 1). */
  readonly batch?: number;
  /** First frame (default 0). */
  readonly start?: number;
  /** Frame to stop before (default: the frame count). */
  readonly stop?: number;
  /** Stops before the next read. */
  readonly signal?: AbortSignal;
}

/**
 * An array to process: an HDF5/NeXus dataset (read in frames, never whole unless asked), or the
 * frames of a TIFF, EDF or CBF image file. Close it when done.
 */
export interface InputArray {
  /** `FILE::/path` (or the image file). */
  readonly label: string;
  /** The input file. */
  readonly file: string;
  /** The dataset's HDF5 path (undefined for an image file). */
  readonly path?: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  /** The array's `@units` (an NXdata signal's, or the dataset's), when it has them. */
  readonly units?: string;
  /** The NXdata group the array is the signal of, when it was reached through one. */
  readonly nxdata?: NxData;
  /** The stack's frames `start` to `stop` (the last two axes; a 2D array is one frame), `[b, rows, columns]` each; only those are read. */
  frames(options?: InputFramesOptions): AsyncIterable<NdArray>;
  /** The frame count (1 for a 2D array). */
  readonly frameCount: number;
  /** Everything at once. */
  read(): Promise<NdArray>;
  /** The coordinates along dimension `dim` from the NXdata's axes (undefined when none). */
  axis(dim: number): Promise<{ name: string; units?: string; values: Float64Array } | undefined>;
  close(): Promise<void>;
}

/**
 * Opens `FILE[::/path]` as an {@link InputArray}. For HDF5/NeXus the path may name a dataset, an
 * NXdata group (its signal), or be left out (the file's default NXdata, found through `@default`
 * as h5web does); TIFF, EDF and CBF image files need no path. Errors name the file and path:
 * a missing file, a path that is not there, a group without signal, an image file given a path.
 *
 * @example
 * ```ts
 * const input = await openInput(parseLocation('scan.nxs::/entry/data/data'));
 * for await (const chunk of input.frames({ batch: 4 })) console.log(chunk.shape);
 * await input.close();
 * ```
 */
export async function openInput(location: InputLocation): Promise<InputArray> {
  if ((await detectFileKind(location.file)).kind === 'image') {
    if (location.path !== undefined) {
      throw new CliError(`${location.file} is an image file, not HDF5: give it without "::${location.path}"`, EXIT_CODES.usage);
    }
    return openImage(location.file);
  }
  const file = await openH5(location.file);
  try {
    return await openDataset(file, location);
  } catch (err) {
    await file.close();
    throw err;
  }
}

/**
 * An image file: its bytes are read once, the frame count and the first frame's shape come from
 * decoding frame 0 only, and frames() decodes each frame when it is reached (io-nexus's
 * `frames: [k]`), so a stack is never decoded whole unless read() asks for it.
 */
async function openImage(file: string): Promise<InputArray> {
  const bytes = await readFile(file);
  const decode = async (k: number): Promise<NdArray> => {
    const data = (await readImage(bytes, { name: file, frames: [k] })).frames[0]!.data;
    if (data.shape.length !== 2 || data.shape[0] !== rows || data.shape[1] !== columns) {
      throw new CliError(`${file}: frame ${k} has the shape [${data.shape.join(', ')}], frame 0 [${rows}, ${columns}]: a stack needs frames of one shape`, EXIT_CODES.badInput);
    }
    return data;
  };
  const head = await readImage(bytes, { name: file, frames: [0] });
  const first = head.frames[0]!.data;
  const [rows, columns] = first.shape as [number, number];
  const count = head.frameCount;
  // The whole stack at once: one decode of the container (frame by frame, each would parse it again).
  const stack = async (): Promise<NdArray> => {
    const all = allocate(first.dtype, count * rows * columns);
    const { frames } = await readImage(bytes, { name: file });
    for (const [k, frame] of frames.entries()) {
      if (frame.data.shape[0] !== rows || frame.data.shape[1] !== columns) {
        throw new CliError(`${file}: frame ${k} has the shape [${frame.data.shape.join(', ')}], frame 0 [${rows}, ${columns}]: a stack needs frames of one shape`, EXIT_CODES.badInput);
      }
      all.set((await frame.data.data()) as never, k * rows * columns);
    }
    return array(all, { shape: [count, rows, columns] });
  };
  return {
    label: file,
    file,
    shape: count === 1 ? [rows, columns] : [count, rows, columns],
    dtype: first.dtype,
    frameCount: count,
    async *frames(options = {}) {
      for (let k = options.start ?? 0; k < Math.min(options.stop ?? count, count); k++) {
        if (options.signal?.aborted) return;
        yield (k === 0 ? first : await decode(k)).reshape([1, rows, columns]);
      }
    },
    read: async () => (count === 1 ? first : stack()),
    axis: async () => undefined,
    close: async () => undefined,
  };
}

async function openDataset(file: H5File, location: InputLocation): Promise<InputArray> {
  let nxdata: NxData | undefined;
  let dataset: H5Dataset;
  const label = formatLocation(location);
  if (location.path === undefined) {
    const found = await findDefaultNxData(file);
    if (found.nxdata?.signal === undefined) {
      throw new CliError(`${location.file} has no default NXdata with a signal: name a dataset, as ${location.file}::/entry/data/data`, EXIT_CODES.notFound);
    }
    nxdata = found.nxdata;
    dataset = found.nxdata.signal!.dataset;
  } else {
    const node = await file.get(location.path);
    if (node instanceof H5Group) {
      nxdata = await readNxData(node);
      if (nxdata.signal === undefined) {
        throw new CliError(`${label} is a group without an NXdata signal (${nxdata.problems.join('; ') || 'no @signal'}): name a dataset`, EXIT_CODES.badInput);
      }
      dataset = nxdata.signal.dataset;
    } else if (node instanceof H5Dataset) {
      dataset = node;
    } else {
      throw new CliError(`${label} is not a dataset or an NXdata group`, EXIT_CODES.badInput);
    }
  }
  const shape = dataset.shape;
  if (shape === null || shape.length === 0) throw new CliError(`${label} is a scalar or empty dataset, not an array`, EXIT_CODES.badInput);
  const frameCount = shape.length <= 2 ? 1 : shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const frameShape = shape.length >= 2 ? shape.slice(-2) : [1, shape[0]!];
  const units = nxdata?.signal?.units ?? textOf(await dataset.attr('units'));
  return {
    label,
    file: location.file,
    path: dataset.path,
    shape,
    dtype: dataset.dtype ?? dataset.type.class,
    ...(units === undefined ? {} : { units }),
    ...(nxdata === undefined ? {} : { nxdata }),
    frameCount,
    async *frames(options = {}) {
      const { start = 0, stop = frameCount } = options;
      if (shape.length <= 2) {
        if (start < 1 && stop > 0) yield (await dataset.read()).reshape([1, ...frameShape]);
        return;
      }
      if (shape.length > 3) throw new CliError(`${label} has ${shape.length} dimensions: frames are read from 2D or 3D datasets`, EXIT_CODES.badInput);
      yield* datasetFrames(dataset, { batch: options.batch ?? 1, start, stop, ...(options.signal ? { signal: options.signal } : {}) });
    },
    read: () => dataset.read(),
    async axis(dim) {
      const axis = nxdata?.axes[dim];
      if (axis === undefined || axis.dims.length !== 1) return undefined;
      const values = Float64Array.from((await axis.dataset.read()).dataSync() as ArrayLike<number>);
      return { name: axis.name, ...(axis.units ? { units: axis.units } : {}), values };
    },
    close: () => file.close(),
  };
}
