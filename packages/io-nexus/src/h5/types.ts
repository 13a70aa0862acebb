import type { DType, TypedArray } from '@pandaas/core';
import type { FilterInfo } from '../errors.js';

/** The class of an HDF5 datatype. */
export type H5TypeClass =
  | 'integer'
  | 'float'
  | 'string'
  | 'bitfield'
  | 'opaque'
  | 'compound'
  | 'reference'
  | 'enum'
  | 'vlen'
  | 'array'
  | 'time'
  | 'unknown';

/**
 * An HDF5 datatype, described as plain data.
 *
 * @example
 * ```ts
 * const ds = await file.dataset('/entry/data/data');
 * ds.type; // { class: 'integer', size: 4, signed: false, littleEndian: true }
 * ```
 */
export interface H5Type {
  /** The type class. */
  readonly class: H5TypeClass;
  /** Bytes per element. */
  readonly size: number;
  /** Integers: whether signed. */
  readonly signed?: boolean;
  /** Numbers: byte order in the file (values are always returned in the machine's order). */
  readonly littleEndian?: boolean;
  /** Strings: variable-length or fixed-size. */
  readonly variableLength?: boolean;
  /** Strings: `'ascii'` or `'utf-8'`. */
  readonly charset?: 'ascii' | 'utf-8';
  /** Compounds: the members, in order. */
  readonly members?: readonly { readonly name: string; readonly offset: number; readonly type: H5Type }[];
  /** Enums: member name to value. */
  readonly enumMembers?: Readonly<Record<string, number>>;
  /** Enums, arrays and vlen sequences: the element type. */
  readonly base?: H5Type;
  /** Array types: the shape of each element. */
  readonly dims?: readonly number[];
  /** References: to objects or to dataset regions. */
  readonly reference?: 'object' | 'region';
}

/** What a path leads to once all links are followed. */
export type H5Kind = 'group' | 'dataset' | 'datatype';

/** An object found at a path, described as plain data. */
export interface EntityInfo {
  /** The object's kind. */
  readonly kind: H5Kind;
  /** The path asked for, normalised (absolute, in the namespace of the file that was opened). */
  readonly path: string;
  /** The file that holds the object (differs from the opened file behind external links). */
  readonly file: string;
  /** The object's path inside `file`, with every link resolved. */
  readonly objectPath: string;
}

/** A virtual dataset's source, as the dataset records it. */
export interface VirtualSource {
  /** The source file name as stored (`'.'` is the same file). */
  readonly file: string;
  /** The source dataset's path in that file. */
  readonly dataset: string;
}

/** A dataset, described as plain data. */
export interface DatasetInfo extends EntityInfo {
  readonly kind: 'dataset';
  /** Length of each axis; `null` for an empty (H5S_NULL) dataspace. */
  readonly shape: readonly number[] | null;
  /** Maximum lengths (`null` per axis for unlimited); `null` for an empty dataspace. */
  readonly maxshape: readonly (number | null)[] | null;
  /** The element type in the file. */
  readonly type: H5Type;
  /** The NdArray dtype that {@link H5Dataset.read} returns, or `undefined` when none fits. */
  readonly dtype: DType | undefined;
  /** Chunk shape, or `null` when not chunked. */
  readonly chunks: readonly number[] | null;
  /** The filter pipeline, in the order applied on writing. */
  readonly filters: readonly FilterInfo[];
  /** Virtual dataset sources (empty when not virtual). */
  readonly virtualSources: readonly VirtualSource[];
}

/** A link, described without following it. */
export interface LinkInfo {
  /** `'hard'` for an ordinary member, `'soft'`, `'external'`, or `'missing'` when there is no such name. */
  readonly kind: 'hard' | 'soft' | 'external' | 'missing';
  /** Soft links: the target path; external links: the object path in the target file. */
  readonly target?: string;
  /** External links: the target file name as stored. */
  readonly targetFile?: string;
}

/** A reference to an HDF5 object, as attribute and dataset values give it. */
export interface H5Ref {
  /** The referenced object's path, or `''` when it cannot be found. */
  readonly ref: string;
  /** `'region'` for a dataset region reference. */
  readonly kind: 'object' | 'region';
}

/**
 * A value read from an attribute or with {@link H5Dataset.readValue}: numbers (typed arrays for
 * numeric arrays, `bigint` for 64-bit integer scalars), strings, booleans (h5py's boolean enum),
 * objects for compound records, references, nested arrays for HDF5 array types, and `null` for an
 * empty dataspace.
 */
export type H5Value =
  | number
  | bigint
  | boolean
  | string
  | TypedArray
  | BigInt64Array
  | BigUint64Array
  | H5Ref
  | null
  | readonly H5Value[]
  | { readonly [member: string]: H5Value };

/** A hyperslab: per axis the first index, the number of elements and the step (>= 1). */
export interface Hyperslab {
  readonly start: readonly number[];
  readonly count: readonly number[];
  readonly step: readonly number[];
}

/** How integers of 64 bits become an NdArray. */
export type Int64Policy = 'float64' | 'int32';

/** Options of dataset reads. */
export interface ReadOptions {
  /**
   * 64-bit integers (which an NdArray cannot hold) become `'float64'` (default; a value beyond
   * ±2^53 is an error, not a rounding) or `'int32'` (a value outside the int32 range is an error).
   */
  int64?: Int64Policy;
  /**
   * A virtual dataset whose source files are missing: `'error'` (default) throws an
   * {@link ObjectNotFoundError} naming them; `'fill'` reads the fill value in their place, as HDF5 does.
   */
  missingSources?: 'error' | 'fill';
}

/** Plain data for an NdArray: the bytes as a typed array of `dtype`, and the shape. */
export interface RawArray {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: TypedArray;
}

/**
 * Everything the file, group and dataset classes need from an open HDF5 file. Two
 * implementations: h5wasm in this thread (Node, or a Web Worker) and a client that forwards
 * each call to a Web Worker. Paths are absolute paths in the opened file's namespace; all links
 * (soft, external) are followed by the source.
 */
export interface H5Source {
  /** The opened file's name (a path in Node, the File's name in a browser). */
  readonly name: string;
  /** The object at `path`, links followed. */
  info(path: string): Promise<EntityInfo | DatasetInfo>;
  /** The link at `path` itself, not followed (its parent is resolved). */
  link(path: string): Promise<LinkInfo>;
  /** The member names of the group at `path`, in HDF5's name order. */
  keys(path: string): Promise<string[]>;
  /** The attributes of the object at `path`, decoded. */
  attrs(path: string): Promise<Record<string, H5Value>>;
  /**
   * Numeric data of the dataset at `path` (the whole dataset when `slab` is null). `into`, a
   * buffer of exactly the selection's size, may receive the bytes instead of a new buffer (a
   * source may ignore it; the result's `data` says where the values are).
   */
  read(path: string, slab: Hyperslab | null, options: ReadOptions, into?: ArrayBuffer): Promise<RawArray>;
  /** Any data of the dataset at `path` as JS values (strings, records, ...). */
  readValue(path: string, slab: Hyperslab | null): Promise<H5Value>;
  /** SWMR: reloads the dataset's metadata (its shape grows while a writer appends). */
  refresh(path: string): Promise<DatasetInfo>;
  /** Closes the file and every file opened through its external links. */
  close(): Promise<void>;
}
