/**
 * What the viewer can plot — an NXdata group, a numeric dataset, or a detector image file — seen
 * the same way: a shape whose last one (spectrum) or two (image) dimensions are plotted, and
 * leading dimensions browsed frame by frame. A frame is read alone (a hyperslab), so a stack of
 * any length is never read whole.
 *
 * @module
 */
import { type NdArray } from '@pandaas/core';
import type { H5Dataset, ImageFile, NxData, NxDataField } from '@pandaas/io-nexus';
import type { NxDataValues, NxFieldValues } from '@pandaas/plot';

/** Something to plot, frame by frame. */
export interface Plottable {
  /** Its HDF5 path, or the image file's name. */
  readonly name: string;
  /** The full shape. */
  readonly shape: readonly number[];
  /** The element type. */
  readonly dtype: string;
  /** True for curves (the last dimension plotted), false for images (the last two). */
  readonly spectrum: boolean;
  /** The lengths of the leading dimensions: one frame index each. */
  readonly leading: readonly number[];
  /**
   * The frame at `lead` (one index per leading dimension) as plotNxdata takes it: the signal keeps
   * its rank, each leading dimension of length 1.
   */
  read(lead: readonly number[]): Promise<NxDataValues>;
  /** What index `index` of leading dimension `dim` stands for: `two_theta = 26.76 deg`, or `index 3`. */
  label(dim: number, index: number): Promise<string>;
}

/** `[[i, i + 1], ...]`: the hyperslab of one frame, leading dimensions kept (length 1). */
function frameSelection(lead: readonly number[]): [number, number][] {
  return lead.map((i) => [i, i + 1]);
}

function fieldValues(field: NxDataField, values: NdArray): NxFieldValues & { values: NdArray } {
  return { values, name: field.name, units: field.units, longName: field.longName };
}

/** A number as a short label. */
function short(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** The first dimensions of `shape` that are not plotted. */
function leadingOf(shape: readonly number[], spectrum: boolean): number[] {
  return shape.slice(0, Math.max(0, shape.length - (spectrum ? 1 : 2)));
}

/**
 * An NXdata group resolved by io-nexus' `readNxData`: its signal, errors and auxiliary signals read
 * frame by frame, its one-dimensional axes read once.
 *
 * @example
 * ```ts
 * const target = nxdataPlottable(await readNxData(await file.group('/entry/data')));
 * const fig = plotNxdata(await target.read([1]));
 * ```
 */
export function nxdataPlottable(nx: NxData): Plottable {
  const signal = nx.signal;
  if (signal === undefined) throw new Error(`${nx.group.path} is an NXdata group without a signal to plot${nx.problems.length > 0 ? `: ${nx.problems.join('; ')}` : ''}`);
  const shape = signal.dataset.shape;
  const dtype = signal.dataset.dtype;
  if (shape === null || shape.length === 0 || dtype === undefined) throw new Error(`${signal.dataset.path}, the signal of ${nx.group.path}, is not a numeric array`);
  const spectrum = nx.interpretation === 'spectrum' || shape.length === 1;
  const leading = leadingOf(shape, spectrum);
  const axes = new Map<number, Promise<NxFieldValues | undefined>>();
  /** The axis along `dim` when it runs along that dimension alone (else plots use indices). */
  const axis = (dim: number): Promise<NxFieldValues | undefined> => {
    let values = axes.get(dim);
    if (values === undefined) {
      const field = nx.axes[dim];
      values = field === undefined || field.dims.length !== 1 ? Promise.resolve(undefined) : field.dataset.read().then((v) => fieldValues(field, v));
      axes.set(dim, values);
    }
    return values;
  };
  return {
    name: nx.group.path,
    shape,
    dtype,
    spectrum,
    leading,
    async read(lead) {
      const selection = frameSelection(lead);
      const errors = spectrum ? signal.errors : undefined;
      const auxiliary = spectrum ? nx.auxiliarySignals : [];
      return {
        signal: fieldValues(signal, await signal.dataset.read(selection)),
        axes: await Promise.all(shape.map((_, dim) => (dim < leading.length ? undefined : axis(dim)))),
        errors: errors === undefined ? undefined : await errors.read(selection),
        auxiliarySignals: await Promise.all(auxiliary.map(async (aux) => fieldValues(aux, await aux.dataset.read(selection)))),
        interpretation: spectrum ? 'spectrum' : 'image',
        title: nx.title,
      };
    },
    async label(dim, index) {
      const field = await axis(dim);
      if (field === undefined) return `index ${index}`;
      const values = (field.values as NdArray).dataSync();
      return `${field.name} = ${short(values[index])}${field.units ? ` ${field.units}` : ''}`;
    },
  };
}

/**
 * A numeric dataset of rank 1 or more, plotted against indices: a curve for rank 1, images of
 * its last two dimensions otherwise.
 *
 * @example
 * ```ts
 * const target = await datasetPlottable(await file.dataset('/entry/instrument/detector/data'));
 * ```
 */
export async function datasetPlottable(dataset: H5Dataset): Promise<Plottable> {
  const { shape, dtype } = dataset;
  if (shape === null || shape.length === 0 || dtype === undefined) throw new Error(`${dataset.path} is not a numeric array: there is nothing to plot`);
  const attrs = await dataset.attrs();
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const spectrum = shape.length === 1;
  const leading = leadingOf(shape, spectrum);
  return {
    name: dataset.path,
    shape,
    dtype,
    spectrum,
    leading,
    async read(lead) {
      const values = await dataset.read(frameSelection(lead));
      return { signal: { values, name: dataset.name, units: text(attrs.units), longName: text(attrs.long_name) }, title: dataset.path };
    },
    label: async (_, index) => `index ${index}`,
  };
}

/**
 * The frames of a TIFF, EDF or CBF file read by io-nexus' `readImage`, as one stack of 2D frames.
 *
 * @example
 * ```ts
 * const target = imagePlottable(await readImage(file));
 * ```
 */
export function imagePlottable(image: ImageFile): Plottable {
  const frames = image.frames.map((frame) => frame.data);
  const [first] = frames;
  if (first === undefined || first.ndim !== 2) throw new Error(`${image.name}: only files of 2D frames are shown`);
  const [rows, columns] = first.shape;
  if (frames.some((f) => f.shape[0] !== rows || f.shape[1] !== columns)) throw new Error(`${image.name}: its frames differ in shape`);
  return {
    name: image.name,
    shape: [frames.length, rows, columns],
    dtype: first.dtype,
    spectrum: false,
    leading: [frames.length],
    async read([index]) {
      return { signal: { values: frames[index].reshape([1, rows, columns]), name: image.name }, title: image.name };
    },
    label: async (_, index) => `frame ${index}`,
  };
}
