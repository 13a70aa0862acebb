import { array, type Backend, type DType, type NdArray } from '@pandaas/core';
import { IoError } from '../errors.js';
import { baseName, joinPath, normalizePath } from './paths.js';
import { resolveSelection, type Selection } from './selection.js';
import type { DatasetInfo, EntityInfo, H5Source, H5Type, H5Value, LinkInfo, ReadOptions, VirtualSource } from './types.js';
import type { FilterInfo } from '../errors.js';

/** An object of an open HDF5 file: a group, a dataset or a named datatype. */
export type H5Node = H5Group | H5Dataset | H5Datatype;

/** Options of {@link H5Dataset.read}. */
export interface DatasetReadOptions extends ReadOptions {
  /** The backend (name or instance) of the returned NdArray; the default backend when omitted. */
  backend?: string | Backend;
}

abstract class H5Object {
  /** The file this object was reached from. */
  readonly file: H5File;
  /** Where the object really is: its file and its path there, links resolved. */
  readonly location: { readonly file: string; readonly objectPath: string };
  /** The absolute path it was reached by, in the opened file's namespace. */
  readonly path: string;
  #attrs: Promise<Record<string, H5Value>> | undefined;

  protected constructor(file: H5File, info: EntityInfo) {
    this.file = file;
    this.path = info.path;
    this.location = { file: info.file, objectPath: info.objectPath };
  }

  /** The last name of {@link path} (`''` for the root group). */
  get name(): string {
    return baseName(this.path);
  }

  /**
   * All attributes, decoded (fetched once per object).
   *
   * @example
   * ```ts
   * const attrs = await (await file.get('/entry/data')).attrs(); // { NX_class: 'NXdata', signal: 'data', ... }
   * ```
   */
  attrs(): Promise<Record<string, H5Value>> {
    this.#attrs ??= this.file.source.attrs(this.path);
    return this.#attrs;
  }

  /** One attribute, or `undefined` when there is none by that name. */
  async attr(name: string): Promise<H5Value | undefined> {
    const attrs = await this.attrs();
    return Object.hasOwn(attrs, name) ? attrs[name] : undefined;
  }

  /** The NeXus class (`NX_class` attribute) as a string, or `undefined`. */
  async nxClass(): Promise<string | undefined> {
    const value = await this.attr('NX_class');
    return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
  }

  /** Forgets cached attributes (after a SWMR refresh). */
  protected forgetAttrs(): void {
    this.#attrs = undefined;
  }
}

/**
 * A group of an open HDF5 file.
 *
 * @example
 * ```ts
 * const entry = await file.group('/entry');
 * for (const name of await entry.keys()) console.log(name, (await entry.get(name)).constructor.name);
 * ```
 */
export class H5Group extends H5Object {
  /** @internal */
  constructor(file: H5File, info: EntityInfo) {
    super(file, info);
  }

  /** The member names, in HDF5's name order. */
  keys(): Promise<string[]> {
    return this.file.source.keys(this.path);
  }

  /** The object at `path`, relative to this group or absolute; links are followed. */
  get(path: string): Promise<H5Node> {
    return this.file.get(joinPath(this.path, path));
  }

  /** The link at `name` itself (hard, soft, external or missing), not followed. */
  link(name: string): Promise<LinkInfo> {
    return this.file.source.link(joinPath(this.path, name));
  }

  /** Whether `path` (relative or absolute) leads to an object, links followed. */
  has(path: string): Promise<boolean> {
    return this.file.has(joinPath(this.path, path));
  }
}

/**
 * A named (committed) datatype.
 *
 * @example
 * ```ts
 * const node = await file.get('/types/pixel_t');
 * if (node instanceof H5Datatype) console.log(await node.attrs());
 * ```
 */
export class H5Datatype extends H5Object {
  /** @internal */
  constructor(file: H5File, info: EntityInfo) {
    super(file, info);
  }
}

/**
 * A dataset of an open HDF5 file: its shape, type, chunks and filters, and reads of the whole
 * or of hyperslabs as NdArrays (only the selected elements are read and decompressed).
 *
 * @example
 * ```ts
 * const ds = await file.dataset('/entry/data/data');
 * ds.shape; // [1, 2167, 2070]
 * const roi = await ds.read([0, [1000, 1100], [500, 700, 2]]); // shape [100, 100]
 * ```
 */
export class H5Dataset extends H5Object {
  #info: DatasetInfo;

  /** @internal */
  constructor(file: H5File, info: DatasetInfo) {
    super(file, info);
    this.#info = info;
  }

  /** Length of each axis; `null` for an empty (H5S_NULL) dataspace. */
  get shape(): readonly number[] | null {
    return this.#info.shape;
  }

  /** Number of axes (0 for scalars and empty dataspaces). */
  get ndim(): number {
    return this.#info.shape?.length ?? 0;
  }

  /** Maximum length of each axis, `null` for unlimited ones. */
  get maxshape(): readonly (number | null)[] | null {
    return this.#info.maxshape;
  }

  /** The element type in the file. */
  get type(): H5Type {
    return this.#info.type;
  }

  /** The dtype {@link read} gives, or `undefined` when the type cannot become an NdArray. */
  get dtype(): DType | undefined {
    return this.#info.dtype;
  }

  /** The chunk shape, or `null` for contiguous and compact layouts. */
  get chunks(): readonly number[] | null {
    return this.#info.chunks;
  }

  /** The filter pipeline (compression, shuffle, checksums). */
  get filters(): readonly FilterInfo[] {
    return this.#info.filters;
  }

  /** Whether this is a virtual dataset. */
  get isVirtual(): boolean {
    return this.#info.virtualSources.length > 0;
  }

  /** A virtual dataset's sources, as stored. */
  get virtualSources(): readonly VirtualSource[] {
    return this.#info.virtualSources;
  }

  /**
   * The data (or the hyperslab `selection` picks) as an NdArray. Only the selected elements are
   * read: HDF5 reads the chunks the hyperslab touches, and the wasm buffer holds the selection
   * alone. An integer spec drops its axis; a selection outside the shape is an error.
   *
   * @example
   * ```ts
   * const frame = await ds.read([5]); // frame 5 of a stack: shape [rows, cols]
   * const every4th = await ds.read([null, [0, null, 4], [0, null, 4]]);
   * ```
   */
  async read(selection: Selection = [], options: DatasetReadOptions = {}): Promise<NdArray> {
    const shape = this.#requireShape();
    const { slab, shape: outShape } = resolveSelection(shape, selection, `${this.file.name} (${this.path})`);
    const raw = await this.file.source.read(this.path, selection.length === 0 ? null : slab, options);
    return array(raw.data, { dtype: raw.dtype, shape: outShape, backend: options.backend });
  }

  /**
   * The data (or a selection) as JS values, for any type: typed arrays for numbers (BigInt arrays
   * for 64-bit integers), strings, records for compounds; one value for a scalar dataset.
   *
   * @example
   * ```ts
   * await (await file.dataset('/entry/title')).readValue(); // ['MgB2 PDOS 43.37g ...']
   * ```
   */
  async readValue(selection: Selection = []): Promise<H5Value> {
    if (this.#info.shape === null) return null;
    const { slab } = resolveSelection(this.#info.shape, selection, `${this.file.name} (${this.path})`);
    return this.file.source.readValue(this.path, selection.length === 0 ? null : slab);
  }

  /**
   * Reloads the shape and metadata (files opened with `{ swmr: true }` that a writer extends).
   *
   * @example
   * ```ts
   * await ds.refresh();
   * console.log(ds.shape); // grown
   * ```
   */
  async refresh(): Promise<void> {
    this.#info = await this.file.source.refresh(this.path);
    this.forgetAttrs();
  }

  #requireShape(): readonly number[] {
    if (this.#info.shape === null) {
      throw new IoError({ file: this.file.name, path: this.path }, 'the dataset has an empty dataspace (H5S_NULL): there are no values to read');
    }
    return this.#info.shape;
  }
}

/**
 * An open HDF5 file: `get()` objects by path, read datasets as NdArrays, and `close()` when done
 * (also with `await using`). Made by {@link openH5} or {@link openH5InWorker}.
 *
 * @example
 * ```ts
 * import { openH5 } from '@pandaas/io-nexus';
 * await using file = await openH5('scan.nxs');
 * const data = await (await file.dataset('/entry/data/data')).read();
 * ```
 */
export class H5File {
  /** @internal The engine that reads the file (h5wasm here, or a Web Worker). */
  readonly source: H5Source;

  /** @internal */
  constructor(source: H5Source) {
    this.source = source;
  }

  /** The file's name: its path in Node, the File's name in a browser. */
  get name(): string {
    return this.source.name;
  }

  /** The object at an absolute `path`; soft and external links are followed. */
  async get(path: string): Promise<H5Node> {
    const info = await this.source.info(path);
    if (info.kind === 'dataset') return new H5Dataset(this, info as DatasetInfo);
    return info.kind === 'group' ? new H5Group(this, info) : new H5Datatype(this, info);
  }

  /** The group at `path` (an {@link IoError} if it is something else). */
  async group(path = '/'): Promise<H5Group> {
    const node = await this.get(path);
    if (!(node instanceof H5Group)) throw new IoError({ file: this.name, path: normalizePath(path) }, 'is a dataset or datatype, not a group');
    return node;
  }

  /** The dataset at `path` (an {@link IoError} if it is something else). */
  async dataset(path: string): Promise<H5Dataset> {
    const node = await this.get(path);
    if (!(node instanceof H5Dataset)) throw new IoError({ file: this.name, path: normalizePath(path) }, 'is a group or datatype, not a dataset');
    return node;
  }

  /** Whether `path` leads to an object (false for missing names and broken or cyclic links). */
  async has(path: string): Promise<boolean> {
    try {
      await this.source.info(path);
      return true;
    } catch (err) {
      if (err instanceof IoError) return false;
      throw err;
    }
  }

  /** Closes the file and the files its external links opened. */
  close(): Promise<void> {
    return this.source.close();
  }

  /** For `await using file = await openH5(...)`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
