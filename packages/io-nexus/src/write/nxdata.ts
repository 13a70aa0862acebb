import { ArgumentError, NdArray, ShapeError, type TypedArray } from '@pandaas/core';
import { normalizePath, pathParts } from '../h5/paths.js';
import type { Compression } from './compression.js';
import type { H5Writer } from './h5-writer.js';
import type { H5Attributes } from './h5-values.js';
import { show } from '@pandaas/core';

/** One field of an NXdata group: a name, values, and the NeXus attributes that describe them. */
export interface NxField<T = NdArray> {
  /** The dataset name (no `/`). */
  readonly name: string;
  /** The values. */
  readonly data: T;
  /** `@units` (NeXus unit string, e.g. `'deg'`, `'1/nm'`, `'counts'`). */
  readonly units?: string;
  /** `@long_name`: the label plots show. */
  readonly longName?: string;
  /** Further attributes of the dataset. */
  readonly attributes?: H5Attributes;
}

/** An axis of an NXdata group: 1D, one value per point, or one more for bin edges. */
export interface NxAxis extends NxField<NdArray | TypedArray | readonly number[]> {
  /** Uncertainties of the axis values, written as `<name>_errors`. */
  readonly errors?: NdArray | TypedArray | readonly number[];
}

/**
 * A plottable result as science packages hand it over, shaped like a NeXus NXdata group: the
 * signal, its uncertainties, one axis (or `null`) per signal dimension, auxiliary signals, and
 * the group's title and attributes. {@link writeNxData} writes it.
 *
 * @example
 * ```ts
 * const pattern: NxDataDescription = {
 *   signal: { name: 'I', data: intensity, units: 'counts' },
 *   errors: sigma,
 *   axes: [{ name: 'two_theta', data: tth, units: 'deg', longName: '2θ (deg)' }],
 *   title: 'LaB6, 1D integration',
 * };
 * ```
 */
export interface NxDataDescription {
  /** The signal (`@signal`). */
  readonly signal: NxField;
  /** Uncertainties of the signal, same shape (written as `<signal>_errors`). */
  readonly errors?: NdArray;
  /** One entry per signal dimension (`@axes`; `null` writes `"."`: no axis on that dimension). */
  readonly axes?: readonly (NxAxis | null)[];
  /** Further signals of the same shape (`@auxiliary_signals`), each with optional errors. */
  readonly auxiliarySignals?: readonly (NxField & { readonly errors?: NdArray })[];
  /** The `title` field. */
  readonly title?: string;
  /** `@interpretation` of the signal (NeXus: scalar, spectrum, image, rgb-image, rgba-image, hsl-image, hsla-image, vertex). */
  readonly interpretation?: 'scalar' | 'spectrum' | 'image' | 'rgb-image' | 'rgba-image' | 'hsl-image' | 'hsla-image' | 'vertex';
  /** Further attributes of the NXdata group. */
  readonly attributes?: H5Attributes;
}

/** Options of {@link writeNxData}. */
export interface WriteNxDataOptions {
  /** Compression of the signal, its errors and the auxiliary signals (axes stay contiguous). */
  compression?: Compression;
  /** Chunk shape of those datasets (default: one frame per chunk when compressed). */
  chunks?: readonly number[];
  /** Set `@default` on every group above, so that readers (silx, h5web) open this plot. */
  setDefault?: boolean;
}

const NAME = /^[^/.][^/]*$/;

function checkName(name: unknown, argument: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) throw new ArgumentError(`${argument} must be a dataset name (no "/", not "." or ".."); got ${show(name)}`);
}

function lengthOf(data: NdArray | TypedArray | readonly number[], argument: string): number {
  if (data instanceof NdArray) {
    if (data.ndim !== 1) throw new ShapeError(`${argument} must be 1D; got shape ${show(data.shape)}`);
    return data.shape[0];
  }
  if (ArrayBuffer.isView(data) || Array.isArray(data)) return data.length;
  throw new ArgumentError(`${argument} must be an NdArray, a typed array or a list of numbers; got ${show(data)}`);
}

function checkSameShape(data: unknown, shape: readonly number[], argument: string): void {
  if (!(data instanceof NdArray)) throw new ArgumentError(`${argument} must be an NdArray; got ${show(data)}`);
  if (data.shape.length !== shape.length || data.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${argument} must have the signal's shape ${show(shape)}; got ${show(data.shape)}`);
  }
}

/** Checks a description against NeXus' rules (shapes, lengths, distinct names), or throws. */
function validate(d: NxDataDescription): void {
  if (d === null || typeof d !== 'object') throw new ArgumentError(`description must be an object; got ${show(d)}`);
  checkName(d.signal?.name, 'description.signal.name');
  if (!(d.signal.data instanceof NdArray)) throw new ArgumentError(`description.signal.data must be an NdArray; got ${show(d.signal.data)}`);
  const shape = d.signal.data.shape;
  const names = new Set([d.signal.name]);
  const claim = (name: string, argument: string) => {
    checkName(name, argument);
    if (names.has(name)) throw new ArgumentError(`${argument} ${show(name)} is used twice in the NXdata group`);
    names.add(name);
  };
  if (d.errors !== undefined) {
    checkSameShape(d.errors, shape, 'description.errors');
    claim(`${d.signal.name}_errors`, 'the signal errors name');
  }
  if (d.axes !== undefined) {
    if (!Array.isArray(d.axes) || d.axes.length !== shape.length) {
      throw new ShapeError(`description.axes must hold one axis (or null) per signal dimension (${shape.length}); got ${show(d.axes)}`);
    }
    d.axes.forEach((axis, dim) => {
      if (axis === null) return;
      const argument = `description.axes[${dim}]`;
      claim(axis.name, `${argument}.name`);
      const n = lengthOf(axis.data, `${argument}.data`);
      if (n !== shape[dim] && n !== shape[dim] + 1) {
        throw new ShapeError(`${argument} (${axis.name}) must have ${shape[dim]} values, or ${shape[dim] + 1} bin edges; got ${n}`);
      }
      if (axis.errors !== undefined) {
        claim(`${axis.name}_errors`, `${argument}.errors name`);
        if (lengthOf(axis.errors, `${argument}.errors`) !== n) throw new ShapeError(`${argument}.errors must have ${n} values, as the axis`);
      }
    });
  }
  if (d.title !== undefined) {
    if (typeof d.title !== 'string') throw new ArgumentError(`description.title must be a string; got ${show(d.title)}`);
    claim('title', 'the title field');
  }
  (d.auxiliarySignals ?? []).forEach((aux, k) => {
    const argument = `description.auxiliarySignals[${k}]`;
    claim(aux?.name, `${argument}.name`);
    checkSameShape(aux.data, shape, `${argument}.data`);
    if (aux.errors !== undefined) {
      claim(`${aux.name}_errors`, `${argument}.errors name`);
      checkSameShape(aux.errors, shape, `${argument}.errors`);
    }
  });
}

function fieldAttributes(field: NxField<unknown>): H5Attributes {
  return {
    ...(field.units === undefined ? {} : { units: field.units }),
    ...(field.longName === undefined ? {} : { long_name: field.longName }),
    ...field.attributes,
  };
}

/**
 * Writes an NXdata group at `path` from a plain description: the signal (and auxiliary signals)
 * with `<name>_errors`, one axis per dimension with `@axes` and `@<axis>_indices`, `units` and
 * `long_name`, the title and `@interpretation` — the form silx, h5web and NeXus readers plot.
 * The description is checked first (shapes, names); nothing is written when it is invalid.
 *
 * @example
 * ```ts
 * import { writeH5, writeNxData } from '@pandaas/io-nexus';
 * await writeH5('pattern.nxs', async (w) => {
 *   w.group('/entry', { NX_class: 'NXentry' });
 *   await writeNxData(w, '/entry/pattern', {
 *     signal: { name: 'I', data: intensity, units: 'counts' },
 *     errors: sigma,
 *     axes: [{ name: 'two_theta', data: tth, units: 'deg' }],
 *   }, { setDefault: true });
 * });
 * ```
 */
export async function writeNxData(writer: H5Writer, path: string, description: NxDataDescription, options: WriteNxDataOptions = {}): Promise<void> {
  validate(description);
  const group = normalizePath(path);
  if (group === '/') throw new ArgumentError('path must name the NXdata group, not the root');
  const d = description;
  const heavy = { compression: options.compression, chunks: options.chunks };
  const axes = d.axes ?? [];
  const groupAttributes: Record<string, string | number | readonly string[]> = { NX_class: 'NXdata', signal: d.signal.name };
  if (axes.length > 0) groupAttributes.axes = axes.map((axis) => axis?.name ?? '.');
  axes.forEach((axis, dim) => {
    if (axis !== null) groupAttributes[`${axis.name}_indices`] = dim;
  });
  if (d.auxiliarySignals !== undefined && d.auxiliarySignals.length > 0) groupAttributes.auxiliary_signals = d.auxiliarySignals.map((a) => a.name);
  writer.group(group, { ...groupAttributes, ...d.attributes });
  const signalAttributes = { ...(d.interpretation === undefined ? {} : { interpretation: d.interpretation }), ...fieldAttributes(d.signal) };
  await writer.dataset(`${group}/${d.signal.name}`, d.signal.data, { ...heavy, attributes: signalAttributes });
  if (d.errors !== undefined) await writer.dataset(`${group}/${d.signal.name}_errors`, d.errors, heavy);
  for (const aux of d.auxiliarySignals ?? []) {
    await writer.dataset(`${group}/${aux.name}`, aux.data, { ...heavy, attributes: fieldAttributes(aux) });
    if (aux.errors !== undefined) await writer.dataset(`${group}/${aux.name}_errors`, aux.errors, heavy);
  }
  for (const axis of axes) {
    if (axis === null) continue;
    await writer.dataset(`${group}/${axis.name}`, axis.data, { dtype: 'float64', attributes: fieldAttributes(axis) });
    if (axis.errors !== undefined) await writer.dataset(`${group}/${axis.name}_errors`, axis.errors, { dtype: 'float64' });
  }
  if (d.title !== undefined) await writer.dataset(`${group}/title`, d.title);
  if (options.setDefault === true) {
    const parts = pathParts(group);
    for (let k = 0; k < parts.length; k++) writer.setAttributes(`/${parts.slice(0, k).join('/')}`, { default: parts[k] });
  }
}
