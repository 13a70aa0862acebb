import { allocate, ArgumentError, bytesPerElement, dtypeOf, NdArray, type DType, type TypedArray } from '@pandaas/core';
import type { Dataset, Group } from 'h5wasm';
import { hdf5Reason } from '../h5/hdf5-error.js';
import { baseName, normalizePath, parentPath, pathParts } from '../h5/paths.js';
import { loadH5wasm, type H5wasm } from '../h5/runtime.js';
import { importNode } from '../node-import.js';
import { assertReplaceable, exists, publishFile, removeQuietly, temporaryName } from './atomic-file.js';
import { defaultChunks, filterOf, type Compression } from './compression.js';
import { H5_DTYPES, ownBuffer, prepareAttribute, prepareDataset, type DatasetValue, type H5Attributes } from './h5-values.js';
import { FileExistsError, FileWriteError, IoError } from '../errors.js';
import { show } from '@pandaas/core';

/** Options of {@link createH5} and {@link writeH5}. */
export interface CreateH5Options {
  /** Replace a file that exists at the destination (default false: refuse with a FileExistsError). */
  overwrite?: boolean;
}

/** Options of {@link H5Writer.dataset}. */
export interface DatasetOptions {
  /** Shape of a typed array or number list (default: 1D). NdArrays keep theirs. */
  shape?: readonly number[];
  /** Element type of plain numbers (default int32 if all are int32 integers, else float64). */
  dtype?: DType;
  /** Chunk shape (one length per axis, each at most the axis length). Default: contiguous, or one frame (the last two axes) per chunk, at most 4 MiB, when compressed. */
  chunks?: readonly number[];
  /** Compression (needs chunks; defaults chosen when not given). */
  compression?: Compression;
  /** Attributes of the dataset. */
  attributes?: H5Attributes;
}

/**
 * Options of {@link H5Writer.createDataset}.
 *
 * @example
 * ```ts
 * const options: EmptyDatasetOptions = { shape: [600, 2048, 2048], dtype: 'float32', chunks: [1, 2048, 2048] };
 * ```
 */
export interface EmptyDatasetOptions {
  /** The dataset's shape (every length at least 1). */
  shape: readonly number[];
  /** Its element type (not `bool`). */
  dtype: Exclude<DType, 'bool'>;
  /** Chunk shape (one length per axis, each at most the axis length). Default: one frame (the last two axes) per chunk, halved along the leading axes down to 4 MiB. */
  chunks?: readonly number[];
  /** Compression of the chunks (default none). */
  compression?: Compression;
  /** Attributes of the dataset. */
  attributes?: H5Attributes;
}

type File = InstanceType<H5wasm['File']>;

/**
 * An HDF5 file being written. Everything goes to a temporary file beside the destination;
 * {@link H5Writer.commit} moves it into place in one step, {@link H5Writer.abort} deletes it.
 * Paths are absolute HDF5 paths; missing parent groups are created. Prefer {@link writeH5},
 * which commits or aborts for you.
 *
 * @example
 * ```ts
 * import { createH5 } from '@pandaas/io-nexus';
 * const w = await createH5('result.h5');
 * try {
 *   w.group('/entry', { NX_class: 'NXentry' });
 *   await w.dataset('/entry/counts', new Uint32Array([1, 2, 3]), { compression: 'deflate' });
 *   await w.commit();
 * } catch (err) {
 *   await w.abort();
 *   throw err;
 * }
 * ```
 */
export class H5Writer {
  /** The destination path. */
  readonly path: string;
  readonly #temp: string;
  readonly #overwrite: boolean;
  readonly #api: H5wasm;
  #file: File | undefined;

  private constructor(api: H5wasm, path: string, temp: string, file: File, overwrite: boolean) {
    this.#api = api;
    this.path = path;
    this.#temp = temp;
    this.#file = file;
    this.#overwrite = overwrite;
  }

  /** Opens a writer (see {@link createH5}). */
  static async create(path: string, options: CreateH5Options = {}): Promise<H5Writer> {
    if (typeof path !== 'string' || path === '') throw new ArgumentError(`path must be a non-empty string; got ${show(path)}`);
    if (options.overwrite !== undefined && typeof options.overwrite !== 'boolean') {
      throw new ArgumentError(`options.overwrite must be a boolean; got ${show(options.overwrite)}`);
    }
    const { resolve } = await importNode('node:path');
    const dest = resolve(path);
    const overwrite = options.overwrite === true;
    await assertReplaceable(dest);
    if (!overwrite && (await exists(dest))) throw new FileExistsError({ file: dest }, 'exists already; pass overwrite: true to replace it');
    const { h5 } = await loadH5wasm();
    const temp = await temporaryName(dest);
    try {
      return new H5Writer(h5, dest, temp, new h5.File(temp, 'x'), overwrite);
    } catch (err) {
      await removeQuietly(temp);
      throw new FileWriteError({ file: dest }, `cannot create the file: ${hdf5Reason(err)}`, { cause: err });
    }
  }

  /** Whether the writer is still open (neither committed nor aborted). */
  get isOpen(): boolean {
    return this.#file !== undefined;
  }

  #open(): File {
    if (this.#file === undefined) throw new ArgumentError(`the writer of ${this.path} is closed (committed or aborted)`);
    return this.#file;
  }

  /** Runs an h5wasm call, turning its failures into a {@link FileWriteError} naming the object. */
  #call<T>(objectPath: string, what: string, call: () => T): T {
    try {
      return call();
    } catch (err) {
      if (err instanceof IoError) throw err;
      throw new FileWriteError({ file: this.path, path: objectPath }, `cannot ${what}: ${hdf5Reason(err)}`, { cause: err });
    }
  }

  /**
   * Creates the group at `path` and its missing parents (an existing group is kept), then sets
   * `attributes` on it.
   *
   * @example
   * ```ts
   * w.group('/entry/instrument/detector', { NX_class: 'NXdetector' });
   * ```
   */
  group(path: string, attributes: H5Attributes = {}): void {
    const file = this.#open();
    const full = normalizePath(path);
    let current: Group = file;
    let at = '';
    for (const part of pathParts(full)) {
      at += `/${part}`;
      const existing = this.#call(at, 'look up the group', () => file.get(at));
      if (existing === null) {
        const parent = current;
        current = this.#call(at, 'create the group', () => parent.create_group(part));
      } else if (existing instanceof this.#api.Group) {
        current = existing;
      } else {
        throw new FileWriteError({ file: this.path, path: at }, `a ${existing.constructor.name} exists there, not a group`);
      }
    }
    this.setAttributes(full, attributes);
  }

  /**
   * Sets attributes on the group or dataset at `path` (replacing any of the same name).
   *
   * @example
   * ```ts
   * w.setAttributes('/', { default: 'entry' });
   * ```
   */
  setAttributes(path: string, attributes: H5Attributes): void {
    const file = this.#open();
    const full = normalizePath(path);
    if (attributes === null || typeof attributes !== 'object') throw new ArgumentError(`attributes must be an object; got ${show(attributes)}`);
    const entries = Object.entries(attributes);
    if (entries.length === 0) return;
    const target = this.#call(full, 'look up the object', () => file.get(full));
    if (!(target instanceof this.#api.Group || target instanceof this.#api.Dataset)) {
      throw new FileWriteError({ file: this.path, path: full }, 'no group or dataset there to hold attributes');
    }
    const object: Group | Dataset = target;
    for (const [name, value] of entries) {
      const prepared = prepareAttribute(value, `attributes.${name}`);
      this.#call(full, `write attribute ${show(name)}`, () => {
        if (Object.hasOwn(object.attrs, name)) object.delete_attribute(name);
        object.create_attribute(name, prepared.data, prepared.shape, prepared.dtype);
      });
    }
  }

  /**
   * Makes `path` a hard link to the existing object at `target` (NeXus' way of showing one
   * dataset in two places, e.g. the detector's data in an NXdata), and marks the object with
   * NeXus' `@target` attribute.
   *
   * @example
   * ```ts
   * w.link('/entry/data/data', '/entry/instrument/detector/data');
   * ```
   */
  link(path: string, target: string): void {
    const file = this.#open();
    const full = normalizePath(path);
    const source = normalizePath(target);
    if (full === '/') throw new ArgumentError('path must name a link, not the root group');
    if (this.#call(source, 'look up the link target', () => file.get(source)) === null) {
      throw new FileWriteError({ file: this.path, path: source }, 'no object there to link to');
    }
    this.group(parentPath(full));
    if (file.get(full) !== null) throw new FileWriteError({ file: this.path, path: full }, 'an object exists there already');
    const parent = file.get(parentPath(full)) as Group;
    this.#call(full, `link to ${source}`, () => parent.create_hard_link(source, baseName(full)));
    this.setAttributes(source, { target: source });
  }

  /**
   * Writes a dataset at `path` (its parent groups created as needed), chunked and compressed
   * when asked. An NdArray is read from its backend first (`await data()`).
   *
   * @example
   * ```ts
   * await w.dataset('/entry/data/data', frames, { compression: 'bitshuffle', attributes: { units: 'counts' } });
   * await w.dataset('/entry/title', 'LaB6 calibration');
   * ```
   */
  async dataset(path: string, value: DatasetValue, options: DatasetOptions = {}): Promise<void> {
    this.#open();
    const full = normalizePath(path);
    if (full === '/') throw new ArgumentError('path must name a dataset, not the root group');
    const prepared = await prepareDataset(value, 'value', options.shape, options.dtype);
    if (prepared.itemSize === 0 && (options.chunks !== undefined || options.compression !== undefined)) {
      throw new ArgumentError(`${full}: strings are written unchunked and uncompressed`);
    }
    const chunks = this.#chunks(prepared.shape, prepared.itemSize, options);
    const filter = options.compression === undefined ? undefined : filterOf(options.compression);
    this.group(parentPath(full));
    const file = this.#open();
    const parent = file.get(parentPath(full)) as Group;
    if (file.get(full) !== null) throw new FileWriteError({ file: this.path, path: full }, 'an object exists there already');
    this.#call(full, 'write the dataset', () =>
      parent.create_dataset({
        name: baseName(full),
        data: prepared.data,
        shape: prepared.shape,
        dtype: prepared.dtype,
        chunks: chunks ?? null,
        ...(filter === undefined ? {} : { compression: filter.id, compression_opts: filter.options }),
      }),
    );
    this.setAttributes(full, options.attributes ?? {});
  }

  /**
   * Creates a chunked dataset of the given shape and dtype whose values (0 until written) are
   * then written piece by piece with {@link H5Writer.writeSlab}: a result larger than memory can
   * be written as it is computed. Only the chunks written take space in the file.
   *
   * @example
   * ```ts
   * w.createDataset('/entry/volume/data', { shape: [600, 2048, 2048], dtype: 'float32', chunks: [1, 2048, 2048] });
   * for (let k = 0; k < 600; k += 8) await w.writeSlab('/entry/volume/data', [k, 0, 0], slab); // slab: [8, 2048, 2048]
   * ```
   */
  createDataset(path: string, options: EmptyDatasetOptions): void {
    this.#open();
    const full = normalizePath(path);
    if (full === '/') throw new ArgumentError('path must name a dataset, not the root group');
    if (options === null || typeof options !== 'object') throw new ArgumentError(`options must be an object; got ${show(options)}`);
    const { shape, dtype } = options;
    if (!Array.isArray(shape) || shape.length === 0 || shape.some((n) => !Number.isSafeInteger(n) || n < 1)) {
      throw new ArgumentError(`options.shape must be a list of positive integers (at least one axis); got ${show(shape)}`);
    }
    if (typeof dtype !== 'string' || (dtype as DType) === 'bool' || !Object.hasOwn(H5_DTYPES, dtype)) {
      throw new ArgumentError(`options.dtype must be one of ${Object.keys(H5_DTYPES).filter((d) => d !== 'bool').join(', ')}; got ${show(dtype)}`);
    }
    const itemSize = bytesPerElement(dtype);
    const chunks = options.chunks === undefined ? defaultChunks(shape, itemSize) : this.#chunks(shape, itemSize, { chunks: options.chunks });
    const filter = options.compression === undefined ? undefined : filterOf(options.compression);
    this.group(parentPath(full));
    const file = this.#open();
    const parent = file.get(parentPath(full)) as Group;
    if (file.get(full) !== null) throw new FileWriteError({ file: this.path, path: full }, 'an object exists there already');
    this.#call(full, 'create the dataset', () => {
      // h5wasm writes data as it creates: start empty along axis 0, then extend to the full shape
      const created = parent.create_dataset({
        name: baseName(full),
        data: allocate(dtype, 0),
        shape: [0, ...shape.slice(1)],
        maxshape: [...shape],
        dtype: H5_DTYPES[dtype],
        chunks: chunks!,
        ...(filter === undefined ? {} : { compression: filter.id, compression_opts: filter.options }),
      });
      created.resize([...shape]);
    });
    this.setAttributes(full, options.attributes ?? {});
  }

  /**
   * Writes `value` into the dataset at `path` (one made by {@link H5Writer.createDataset}, or
   * any numeric dataset) as the hyperslab starting at index `start` (one index per axis) with the
   * shape of `value`: an NdArray's own, or for a typed array `shape` (default: whole frames along
   * the first axis, `[length / frame size, ...datasetShape.slice(1)]`). The dtype must be the
   * dataset's; a hyperslab reaching past the dataset's shape is refused.
   *
   * @example
   * ```ts
   * await w.writeSlab('/entry/volume/data', [16, 0, 0], images); // images: Float32Array of 8 x 2048 x 2048
   * ```
   */
  async writeSlab(path: string, start: readonly number[], value: NdArray | TypedArray, shape?: readonly number[]): Promise<void> {
    const file = this.#open();
    const full = normalizePath(path);
    const dataset = this.#call(full, 'look up the dataset', () => file.get(full));
    if (!(dataset instanceof this.#api.Dataset)) throw new FileWriteError({ file: this.path, path: full }, 'no dataset there to write into');
    const target = dataset.metadata.shape ?? [];
    const dtype = value instanceof NdArray ? value.dtype : ArrayBuffer.isView(value) ? dtypeOf(value, 'value') : undefined;
    if (dtype === undefined) throw new ArgumentError(`value must be an NdArray or a typed array; got ${show(value)}`);
    if (H5_DTYPES[dtype] !== dataset.dtype || dtype === 'bool') {
      const held = Object.keys(H5_DTYPES).find((d) => d !== 'bool' && H5_DTYPES[d as DType] === dataset.dtype) ?? show(dataset.dtype);
      throw new ArgumentError(`value has dtype ${dtype}; ${full} holds ${held}: cast the values to its dtype first`);
    }
    if (!Array.isArray(start) || start.length !== target.length || start.some((i) => !Number.isSafeInteger(i) || i < 0)) {
      throw new ArgumentError(`start must give one non-negative index per axis of ${full} (shape ${show(target)}); got ${show(start)}`);
    }
    let count: readonly number[];
    if (value instanceof NdArray) {
      if (shape !== undefined && show(shape) !== show(value.shape)) throw new ArgumentError(`shape ${show(shape)} differs from the shape of value ${show(value.shape)}`);
      count = value.shape;
    } else if (shape !== undefined) {
      count = shape;
    } else {
      const frame = target.slice(1).reduce((a, b) => a * b, 1);
      if (value.length % frame !== 0) throw new ArgumentError(`value holds ${value.length} values, not whole frames of ${show(target.slice(1))}: give its shape`);
      count = [value.length / frame, ...target.slice(1)];
    }
    if (!Array.isArray(count) || count.length !== target.length || count.some((n) => !Number.isSafeInteger(n) || n < 0)) {
      throw new ArgumentError(`the slab's shape must have one length per axis of ${full} (shape ${show(target)}); got ${show(count)}`);
    }
    if (count.reduce((a, b) => a * b, 1) !== (value instanceof NdArray ? value.size : value.length)) {
      throw new ArgumentError(`shape ${show(count)} does not hold the ${value instanceof NdArray ? value.size : value.length} values of value`);
    }
    if (count.some((n, i) => start[i]! + n > target[i]!)) {
      throw new ArgumentError(`the slab at ${show(start)} of shape ${show(count)} reaches past ${full} (shape ${show(target)})`);
    }
    if (count.some((n) => n === 0)) return;
    const values = ownBuffer(value instanceof NdArray ? await value.data() : value);
    const ranges = start.map((s, i): [number, number] => [s, s + count[i]!]);
    this.#call(full, `write the slab at ${show(start)}`, () => dataset.write_slice(ranges, values));
  }

  #chunks(shape: readonly number[], itemSize: number, options: DatasetOptions): number[] | undefined {
    const { chunks, compression } = options;
    if (chunks === undefined) {
      if (compression === undefined) return undefined;
      if (shape.length === 0) throw new ArgumentError('a scalar dataset cannot be chunked or compressed');
      return defaultChunks(shape, itemSize);
    }
    const ok = Array.isArray(chunks) && chunks.length === shape.length && chunks.every((c, i) => Number.isInteger(c) && c >= 1 && c <= Math.max(1, shape[i]));
    if (!ok || shape.length === 0) {
      throw new ArgumentError(`options.chunks must give one length in [1, axis length] per axis of shape ${show(shape)}; got ${show(chunks)}`);
    }
    return [...chunks];
  }

  /**
   * Closes the file and moves it to its destination in one step. Without `overwrite`, a file
   * that appeared there meanwhile is not replaced (a {@link FileExistsError}). On failure the
   * temporary file is deleted: nothing is left behind.
   */
  async commit(): Promise<void> {
    const file = this.#open();
    this.#file = undefined;
    try {
      file.close();
    } catch (err) {
      await removeQuietly(this.#temp);
      throw new FileWriteError({ file: this.path }, `cannot finish the file: ${hdf5Reason(err)}`, { cause: err });
    }
    await publishFile(this.#temp, this.path, this.#overwrite);
  }

  /** Closes and deletes the temporary file; the destination is left as it was. Idempotent. */
  async abort(): Promise<void> {
    const file = this.#file;
    this.#file = undefined;
    if (file !== undefined) {
      try {
        file.close();
      } catch {
        // the file is deleted below whatever state it is in
      }
    }
    await removeQuietly(this.#temp);
  }
}

/**
 * Starts writing an HDF5 file at `path` (Node.js): a temporary file in the same folder until
 * {@link H5Writer.commit}. An existing file at `path` is refused unless `overwrite: true`; what
 * is not a regular file (a folder, a device, a FIFO, a symbolic link) is always refused. Every
 * writer must end in `commit()` or `abort()` (abort removes the temporary file); prefer
 * {@link writeH5}, which does that for you.
 *
 * @example
 * ```ts
 * import { createH5 } from '@pandaas/io-nexus';
 * const writer = await createH5('out/result.nxs', { overwrite: true });
 * try {
 *   writer.group('/entry', { NX_class: 'NXentry' });
 *   await writer.commit();
 * } catch (err) {
 *   await writer.abort();
 *   throw err;
 * }
 * ```
 */
export function createH5(path: string, options: CreateH5Options = {}): Promise<H5Writer> {
  return H5Writer.create(path, options);
}

/**
 * Writes an HDF5 file in one go: `build` fills the writer, then the file is committed; if
 * `build` (or the commit) fails, nothing is left at `path` and the error is rethrown.
 *
 * @example
 * ```ts
 * import { writeH5, writeNxData } from '@pandaas/io-nexus';
 * await writeH5('result.nxs', async (w) => {
 *   w.group('/entry', { NX_class: 'NXentry' });
 *   await writeNxData(w, '/entry/integrated', { signal: { name: 'I', data: intensity } });
 * });
 * ```
 */
export async function writeH5(path: string, build: (writer: H5Writer) => void | Promise<void>, options: CreateH5Options = {}): Promise<void> {
  if (typeof build !== 'function') throw new ArgumentError(`build must be a function; got ${show(build)}`);
  const writer = await H5Writer.create(path, options);
  try {
    await build(writer);
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
