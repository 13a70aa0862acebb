/**
 * An HDF5 tree as plain data — groups and datasets with their attributes — that crosses the
 * worker boundary by structured cloning, for the worker to write with h5wasm.
 *
 * @module
 */

/** An attribute value: text, a number (int32 when an integer in range, else float64), or a list of texts. */
export type PlainAttribute = string | number | readonly string[];

/** Attributes by name. */
export type PlainAttributes = Readonly<Record<string, PlainAttribute>>;

/** A dataset value: a float64 or int32 array (1D), a text or a number (scalars). */
export type PlainValue = Float64Array | Int32Array | string | number;

/** A group at an absolute path (`/` for the root), with its attributes. */
export interface PlainGroup {
  readonly path: string;
  readonly attributes?: PlainAttributes;
}

/** A dataset at an absolute path, with its value and attributes. */
export interface PlainDataset {
  readonly path: string;
  readonly value: PlainValue;
  readonly attributes?: PlainAttributes;
}

/**
 * A whole file: groups first (parents before children), then datasets in groups listed above.
 *
 * @example
 * ```ts
 * const tree: PlainTree = {
 *   groups: [{ path: '/', attributes: { default: 'entry' } }, { path: '/entry', attributes: { NX_class: 'NXentry' } }],
 *   datasets: [{ path: '/entry/title', value: 'LaB6' }],
 * };
 * ```
 */
export interface PlainTree {
  readonly groups: readonly PlainGroup[];
  readonly datasets: readonly PlainDataset[];
}
