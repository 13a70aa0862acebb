import { DTypeError, ShapeError, sizeOf } from '@pandaas/core';
import type { Metadata } from 'h5wasm';
import { FilterError, ObjectNotFoundError, type FilterInfo } from '../errors.js';
import { IoError, type IoErrorLocation } from '../errors.js';
import { show } from '@pandaas/core';
import { decodeNumeric, halfToFloat32 } from './decode.js';
import { availableFilterNames, filterName, unavailableFilters } from './filters.js';
import { hdf5Reason, isFilterFailure } from './hdf5-error.js';
import { openHdf5 } from './open-file.js';
import { fileFolder } from './paths.js';
import { candidateFiles, LinkResolver, type Located, type OpenFile } from './resolver.js';
import type { H5Runtime } from './runtime.js';
import { assertHyperslab } from './selection.js';
import { describeType, isBooleanEnum, ndDType, typeInfo } from './type-info.js';
import type {
  DatasetInfo,
  EntityInfo,
  H5Source,
  H5Type,
  H5Value,
  Hyperslab,
  LinkInfo,
  RawArray,
  ReadOptions,
  VirtualSource,
} from './types.js';
import { normalizeValue } from './values.js';

/** Options of {@link LocalH5Source.open}. */
export interface LocalOpenOptions {
  /** Open in SWMR read mode, for a file a writer is still appending to (see `refresh()`). */
  swmr?: boolean;
}

/**
 * An HDF5 file read by h5wasm in this thread: the engine behind {@link openH5} in Node and behind
 * the Web Worker in a browser. It follows soft and external links itself (external files are
 * found relative to the folder of the file that holds the link, opened once and closed with the
 * root file), detects link cycles, reads hyperslabs straight into a wasm buffer the size of the
 * selection, checks filters and virtual-dataset sources before reading, and turns HDF5 failures
 * into typed errors naming the file and the path.
 */
export class LocalH5Source implements H5Source {
  readonly name: string;
  readonly #rt: H5Runtime;
  readonly #links: LinkResolver;

  private constructor(rt: H5Runtime, root: OpenFile, mode: number) {
    this.#rt = rt;
    this.name = root.name;
    this.#links = new LinkResolver(rt, root, mode);
  }

  /**
   * Opens `file`, a path of the h5wasm file system (a host path in Node).
   *
   * @example
   * ```ts
   * const source = LocalH5Source.open(await loadH5wasm(), '/data/scan.nxs');
   * ```
   */
  static open(rt: H5Runtime, file: string, options: LocalOpenOptions = {}): LocalH5Source {
    const mode = options.swmr === true ? rt.module.H5F_ACC_SWMR_READ : rt.module.H5F_ACC_RDONLY;
    const id = openHdf5(rt.module, file, mode, { file });
    return new LocalH5Source(rt, { id, name: file }, mode);
  }

  async info(path: string): Promise<EntityInfo | DatasetInfo> {
    const loc = this.#links.locate(path);
    return loc.kind === 'dataset' ? this.#datasetInfo(loc) : { kind: loc.kind, path: loc.path, file: loc.file.name, objectPath: loc.objectPath };
  }

  async link(path: string): Promise<LinkInfo> {
    return this.#links.link(path);
  }

  async keys(path: string): Promise<string[]> {
    const loc = this.#links.locate(path);
    return [...this.#links.members(loc.file, loc.objectPath, loc.path)];
  }

  async attrs(path: string): Promise<Record<string, H5Value>> {
    const loc = this.#links.locate(path);
    const M = this.#rt.module;
    const out: Record<string, H5Value> = {};
    for (const name of M.get_attribute_names(loc.file.id, loc.objectPath)) {
      try {
        out[name] = this.#attribute(loc, name);
      } catch (err) {
        throw new IoError(this.#where(loc.path), `cannot read attribute ${show(name)}: ${hdf5Reason(err)}`, { cause: err });
      }
    }
    return out;
  }

  async read(path: string, slab: Hyperslab | null, options: ReadOptions, into?: ArrayBuffer): Promise<RawArray> {
    const loc = this.#dataset(path);
    const meta = this.#rt.module.get_dataset_metadata(loc.file.id, loc.objectPath);
    const type = typeInfo(meta);
    const dtype = ndDType(type, options.int64);
    if (dtype === undefined) {
      throw new DTypeError(`${this.name} (${loc.path}): a dataset of ${describeType(type)} cannot become an NdArray; read it with readValue()`);
    }
    const shape = this.#shapeOf(loc, meta);
    const { bytes, count } = this.#readSelection(loc, meta, shape, slab, options.missingSources ?? 'error', into);
    const data = decodeNumeric(bytes, type, dtype, options.int64 ?? 'float64', { file: this.name, path: loc.path });
    return { dtype, shape: count, data };
  }

  async readValue(path: string, slab: Hyperslab | null): Promise<H5Value> {
    const loc = this.#dataset(path);
    const M = this.#rt.module;
    const meta = M.get_dataset_metadata(loc.file.id, loc.objectPath);
    if (meta.shape === null) return null;
    const type = typeInfo(meta);
    const scalar = meta.shape.length === 0;
    if (ndDType(type) !== undefined) {
      const { bytes } = this.#readSelection(loc, meta, meta.shape, slab, 'error');
      const values = numericValues(bytes, type);
      return scalar ? (values as ArrayLike<H5Value>)[0] : values;
    }
    this.#checkReadable(loc, meta, 'error');
    const sel = slab ?? fullSlab(meta.shape);
    assertHyperslab(meta.shape, sel, `${this.name} (${loc.path})`);
    if (sizeOf(sel.count) === 0) return [];
    const dataset = new this.#rt.h5.Dataset(loc.file.id, loc.objectPath);
    try {
      const ranges = sel.start.map((s, ax): [number, number, number] => [s, s + (sel.count[ax] - 1) * sel.step[ax] + 1, sel.step[ax]]);
      const value = scalar ? dataset.value : dataset.slice(ranges);
      return normalizeValue(value, type, scalar, (ref, kind) => this.#refPath(loc.file, ref, kind));
    } catch (err) {
      throw this.#readError(loc, meta, err);
    }
  }

  async refresh(path: string): Promise<DatasetInfo> {
    const loc = this.#dataset(path);
    try {
      const status = this.#rt.module.refresh_dataset(loc.file.id, loc.objectPath);
      if (status < 0) throw new Error(`H5Drefresh returned ${status}`);
    } catch (err) {
      throw new IoError(this.#where(loc.path), `cannot refresh the dataset (is the file open with { swmr: true }?): ${hdf5Reason(err)}`, { cause: err });
    }
    return this.#datasetInfo(loc);
  }

  async close(): Promise<void> {
    this.#links.close();
  }

  #where(path: string): IoErrorLocation {
    return { file: this.name, path };
  }

  #refPath(file: OpenFile, ref: Uint8Array, kind: 'object' | 'region'): string {
    try {
      return this.#rt.module.get_referenced_name(file.id, ref, kind === 'object');
    } catch {
      return '';
    }
  }

  // ---- datasets --------------------------------------------------------------------------

  #dataset(path: string): Located {
    const loc = this.#links.locate(path);
    if (loc.kind !== 'dataset') throw new IoError(this.#where(loc.path), `is a ${loc.kind}, not a dataset`);
    return loc;
  }

  #datasetInfo(loc: Located): DatasetInfo {
    const M = this.#rt.module;
    const meta = M.get_dataset_metadata(loc.file.id, loc.objectPath);
    const type = typeInfo(meta);
    return {
      kind: 'dataset',
      path: loc.path,
      file: loc.file.name,
      objectPath: loc.objectPath,
      shape: meta.shape === null ? null : [...meta.shape],
      maxshape: meta.maxshape === null ? null : meta.maxshape.map((n) => (n > Number.MAX_SAFE_INTEGER ? null : n)),
      type,
      dtype: ndDType(type),
      chunks: meta.chunks === null ? null : [...meta.chunks],
      filters: this.#filters(loc),
      virtualSources: (meta.virtual_sources ?? []).map((s): VirtualSource => ({ file: s.file_name, dataset: s.dset_name })),
    };
  }

  #filters(loc: Located): FilterInfo[] {
    return this.#rt.module.get_dataset_filters(loc.file.id, loc.objectPath).map((f) => ({ id: f.id, name: f.name, cdValues: [...f.cd_values] }));
  }

  #shapeOf(loc: Located, meta: Metadata): readonly number[] {
    if (meta.shape === null) throw new ShapeError(`${this.name} (${loc.path}): the dataset has an empty dataspace (H5S_NULL): there are no values to read`);
    return meta.shape;
  }

  /** Checks, then reads the bytes of a selection (the whole dataset when `slab` is null), into `into` when its size fits. */
  #readSelection(loc: Located, meta: Metadata, shape: readonly number[], slab: Hyperslab | null, missing: 'error' | 'fill', into?: ArrayBuffer) {
    const sel = slab ?? fullSlab(shape);
    assertHyperslab(shape, sel, `${this.name} (${loc.path})`);
    const count = [...sel.count];
    const n = sizeOf(count);
    if (n === 0) return { bytes: new Uint8Array(0), count };
    this.#checkReadable(loc, meta, missing);
    const M = this.#rt.module;
    const nbytes = meta.size * n;
    if (nbytes > M.MAXIMUM_MEMORY / 2) {
      throw new IoError(this.#where(loc.path), `the selection holds ${nbytes} bytes, more than half of the 2 GiB wasm heap can hold: read it in parts (a hyperslab, or frames())`);
    }
    const ptr = M._malloc(nbytes);
    if (ptr === 0) throw new IoError(this.#where(loc.path), `the wasm heap cannot hold the ${nbytes} bytes of this selection: read it in parts (a hyperslab, or frames())`);
    try {
      const scalar = shape.length === 0;
      const big = (v: readonly number[]) => (scalar ? null : v.map(BigInt));
      let status: number;
      try {
        status = M.get_dataset_data(loc.file.id, loc.objectPath, big(sel.count), big(sel.start), big(sel.step), BigInt(ptr));
      } catch (err) {
        throw this.#readError(loc, meta, err);
      }
      if (status < 0) throw new IoError(this.#where(loc.path), `reading failed (HDF5 status ${status})`);
      if (into === undefined || into.byteLength !== nbytes) return { bytes: M.HEAPU8.slice(ptr, ptr + nbytes), count };
      const bytes = new Uint8Array(into);
      bytes.set(M.HEAPU8.subarray(ptr, ptr + nbytes));
      return { bytes, count };
    } finally {
      M._free(ptr);
    }
  }

  /** Refuses before reading what cannot be read: unavailable filters, missing virtual sources. */
  #checkReadable(loc: Located, meta: Metadata, missing: 'error' | 'fill'): void {
    const filters = this.#filters(loc);
    const absent = unavailableFilters(filters, this.#rt.pluginFilters);
    if (absent.length > 0) {
      const names = absent.map((f) => `${filterName(f.id, f.name)} (id ${f.id})`).join(', ');
      throw new FilterError(
        this.#where(loc.path),
        `the dataset is compressed with ${names}, which cannot be decoded here (available: ${availableFilterNames(this.#rt.pluginFilters)})`,
        { reason: 'unavailable', filters: absent },
      );
    }
    if (missing === 'fill') return;
    const folder = fileFolder(loc.file.name);
    const FS = this.#rt.module.FS;
    const gone = (meta.virtual_sources ?? [])
      .map((s) => s.file_name)
      .filter((name) => name !== '.' && !name.includes('%'))
      .filter((name) => !candidateFiles(folder, name).some((c) => FS.analyzePath(c).exists));
    if (gone.length > 0) {
      throw new ObjectNotFoundError(
        this.#where(loc.path),
        `virtual dataset source file(s) missing: ${[...new Set(gone)].join(', ')} (looked beside ${loc.file.name}); read with { missingSources: 'fill' } for HDF5's fill value instead`,
      );
    }
  }

  #readError(loc: Located, meta: Metadata, err: unknown): Error {
    if (!isFilterFailure(err)) return new IoError(this.#where(loc.path), `reading failed: ${hdf5Reason(err)}`, { cause: err });
    const filters = this.#filters(loc);
    const names = filters.map((f) => filterName(f.id, f.name)).join(' + ') || 'none';
    const chunked = meta.chunks === null ? '' : ' (a chunk is corrupt, or its filter rejected it)';
    return new FilterError(this.#where(loc.path), `decoding failed with filters ${names}${chunked}: ${hdf5Reason(err)}`, { reason: 'failed', filters }, { cause: err });
  }

  #attribute(loc: Located, name: string): H5Value {
    const M = this.#rt.module;
    const meta = M.get_attribute_metadata(loc.file.id, loc.objectPath, name);
    const type = typeInfo(meta);
    const scalar = meta.shape !== null && meta.shape.length === 0;
    if (type.class === 'float' && type.size === 2 && meta.shape !== null) {
      const nbytes = 2 * meta.total_size;
      const ptr = M._malloc(Math.max(nbytes, 1));
      try {
        M.get_attribute_data(loc.file.id, loc.objectPath, name, BigInt(ptr));
        const halves = halfToFloat32(new Uint16Array(M.HEAPU8.slice(ptr, ptr + nbytes).buffer));
        return scalar ? halves[0] : halves;
      } finally {
        M._free(ptr);
      }
    }
    const value = new this.#rt.h5.Attribute(loc.file.id, loc.objectPath, name).value;
    return normalizeValue(value, type, scalar, (ref, kind) => this.#refPath(loc.file, ref, kind));
  }
}

function fullSlab(shape: readonly number[]): Hyperslab {
  return { start: shape.map(() => 0), count: [...shape], step: shape.map(() => 1) };
}

/** Numeric bytes as JS values without loss: 64-bit integers as BigInt arrays, booleans as booleans. */
function numericValues(bytes: Uint8Array, type: H5Type): H5Value {
  const numeric = type.class === 'enum' && type.base !== undefined ? type.base : type;
  const n = bytes.byteLength / numeric.size;
  if (type.class === 'enum' && isBooleanEnum(type)) return Array.from(bytes, (b) => b !== 0);
  if (numeric.size === 8 && numeric.class !== 'float') {
    return numeric.signed === true ? new BigInt64Array(bytes.buffer, 0, n) : new BigUint64Array(bytes.buffer, 0, n);
  }
  const dtype = ndDType(numeric);
  return decodeNumeric(bytes, numeric, dtype ?? 'uint8', 'float64', { file: '', path: '' });
}
