/**
 * `plotNxdata`: a NeXus NXdata group as silx's and h5web's NeXus viewers show it — a curve for
 * a spectrum, a heatmap for an image — with the group's axes, units, long names and errors.
 *
 * @module
 */
import { ArgumentError, NdArray, ShapeError, show } from '@pandaas/core';
import type { Figure } from '../scene/figure.js';
import type { LineInput } from '../scene/line-series.js';
import { imagePlot, type ImagePlotOptions } from './image-plot.js';
import { linePlot, type LinePlotOptions } from './line-plot.js';

/** A field of an NXdata group, already read: values and NeXus annotations. */
export interface NxFieldValues {
  /** The data (an NdArray keeps its shape; a plain array is taken as one-dimensional). */
  values: NdArray | ArrayLike<number>;
  /** Its name in the group. */
  name: string;
  /** The `units` attribute. */
  units?: string;
  /** The `long_name` attribute (preferred to the name as a label). */
  longName?: string;
}

/**
 * An NXdata group with its data read, in the shape of `@pandaas/io-nexus`'s `NxData` (whose
 * fields hold dataset handles): see {@link readNxdataValues} to get one from `readNxData`.
 */
export interface NxDataValues {
  /** The signal: an NdArray of rank 1 (spectrum) or more. */
  signal: NxFieldValues & { values: NdArray };
  /** One entry per signal dimension: its axis (bin centres or edges), or undefined. */
  axes?: readonly (NxFieldValues | undefined)[];
  /** The signal's uncertainties, same shape. */
  errors?: NdArray | ArrayLike<number>;
  /** Further signals of the same shape (`@auxiliary_signals`), drawn as extra curves of a spectrum. */
  auxiliarySignals?: readonly NxFieldValues[];
  /** The signal's `@interpretation`. */
  interpretation?: string;
  /** The group's (or its entry's) title. */
  title?: string;
}

/** Options of {@link plotNxdata}: those of the line or image plot it makes, and which frame. */
export interface NxdataPlotOptions extends Omit<LinePlotOptions & ImagePlotOptions, 'x' | 'y'> {
  /**
   * Indices along the leading dimensions of a signal of higher rank than the plot (a stack of
   * images, a map of spectra); default all 0.
   */
  frame?: readonly number[];
}

/** The parts of io-nexus's `NxDataField` that {@link readNxdataValues} uses (datasets that read into NdArrays). */
export interface NxFieldLike {
  name: string;
  dataset: { read(): Promise<NdArray> };
  units?: string;
  longName?: string;
  errors?: { read(): Promise<NdArray> };
}
/** The parts of io-nexus's `NxData` that {@link readNxdataValues} uses. */
export interface NxDataLike {
  signal?: NxFieldLike;
  axes: readonly (NxFieldLike | undefined)[];
  auxiliarySignals?: readonly NxFieldLike[];
  interpretation?: string;
  title?: string;
}

async function readField(field: NxFieldLike): Promise<NxFieldValues> {
  return { values: await field.dataset.read(), name: field.name, units: field.units, longName: field.longName };
}

/**
 * Reads the datasets of an NXdata group resolved by `@pandaas/io-nexus`'s `readNxData` (the
 * signal, its errors, its axes and auxiliary signals), ready for {@link plotNxdata}.
 *
 * @example
 * ```ts
 * import { findDefaultNxData, openH5 } from '@pandaas/io-nexus';
 * import { plotNxdata, readNxdataValues, renderPng } from '@pandaas/plot';
 * await using file = await openH5('chopper.nxs');
 * const { nxdata } = await findDefaultNxData(file);
 * const png = await renderPng(plotNxdata(await readNxdataValues(nxdata!)));
 * ```
 */
export async function readNxdataValues(nx: NxDataLike): Promise<NxDataValues> {
  if (nx.signal === undefined) throw new ArgumentError('the NXdata group has no signal: there is nothing to plot');
  const signal = (await readField(nx.signal)) as NxFieldValues & { values: NdArray };
  return {
    signal,
    errors: nx.signal.errors === undefined ? undefined : await nx.signal.errors.read(),
    axes: await Promise.all(nx.axes.map((a) => (a === undefined ? undefined : readField(a)))),
    auxiliarySignals: await Promise.all((nx.auxiliarySignals ?? []).map(readField)),
    interpretation: nx.interpretation,
    title: nx.title,
  };
}

/** The values of a field as a flat array, with the shape of an NdArray (or [length]). */
function flat(values: NdArray | ArrayLike<number>): { data: ArrayLike<number>; shape: readonly number[] } {
  if (values instanceof NdArray) return { data: values.dataSync(), shape: values.shape };
  return { data: values, shape: [values.length] };
}

/** The values at `frame` of the trailing `keep` dimensions of a row-major array of `shape`. */
function pickFrame(values: NdArray | ArrayLike<number>, shape: readonly number[], keep: number, frame: readonly number[], name: string): ArrayLike<number> {
  const { data } = flat(values);
  const lead = shape.slice(0, shape.length - keep);
  const size = shape.slice(shape.length - keep).reduce((a, b) => a * b, 1);
  let offset = 0;
  lead.forEach((n, d) => {
    const i = frame[d] ?? 0;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new ArgumentError(`frame[${d}] must be an integer from 0 to ${n - 1} for ${name} of shape [${shape.join(', ')}], got ${show(frame[d])}`);
    offset = offset * n + i;
  });
  if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new ShapeError(`${name} has ${data.length} values for shape [${shape.join(', ')}]`);
  const [from, to] = [offset * size, (offset + 1) * size];
  if (from === 0 && to === data.length) return data;
  return ArrayBuffer.isView(data) ? (data as Float64Array).subarray(from, to) : (Array.prototype.slice.call(data, from, to) as number[]);
}

/** Bin centres from an axis of `n` centres or `n + 1` edges (a line plot needs one x per point). */
function centres(axis: ArrayLike<number>, n: number): ArrayLike<number> {
  if (axis.length !== n + 1) return axis;
  return Array.from({ length: n }, (_, i) => (axis[i] + axis[i + 1]) / 2);
}

function label(field: NxFieldValues): string {
  return field.longName?.trim() || field.name;
}

/** An axis title: the long name alone (it usually carries the units), else `name (units)`. */
function titled(field: NxFieldValues | undefined, fallback: string): { label: string; units?: string } {
  if (field === undefined) return { label: fallback };
  return field.longName?.trim() ? { label: field.longName.trim() } : { label: field.name, units: field.units };
}

/** A one-dimensional axis along signal dimension `dim`, or undefined (then pixel indices are used). */
function axisAlong(nx: NxDataValues, dim: number, n: number): NxFieldValues | undefined {
  const axis = nx.axes?.[dim];
  if (axis === undefined) return undefined;
  const { shape } = flat(axis.values);
  // an axis spanning several dimensions cannot label one of them: the indices are used instead
  if (shape.filter((k) => k !== 1).length > 1) return undefined;
  const length = flat(axis.values).data.length;
  if (length !== n && length !== n + 1) throw new ShapeError(`axis ${JSON.stringify(axis.name)} has ${length} values; signal dimension ${dim} has ${n} (or ${n + 1} bin edges)`);
  return axis;
}

/**
 * A figure for an NXdata group: a line plot when the signal has rank 1 or `@interpretation` is
 * `'spectrum'` (the last dimension along x, the errors as error bars, auxiliary signals as more
 * curves), an image plot when it has rank 2 or more or `@interpretation` is `'image'` (the last
 * dimension along x, the one before along y, origin 'lower' as silx). Higher-rank signals show
 * the frame chosen by `options.frame` (default the first). Axes give coordinates (bin centres or
 * edges), labels from `long_name` (else `name (units)`); the title is the group's title.
 * Scalars, RGB images and multi-dimensional axes are not plotted (an ArgumentError says so; a
 * multi-dimensional axis falls back to indices).
 *
 * @example
 * ```ts
 * const fig = plotNxdata({
 *   signal: { values: counts, name: 'data', units: 'counts' },
 *   axes: [{ values: angle, name: 'polar_angle', units: 'degree' }, { values: tof, name: 'time_of_flight', units: 'microsecond' }],
 * });
 * ```
 */
export function plotNxdata(nx: NxDataValues, options: NxdataPlotOptions = {}): Figure {
  if (typeof nx !== 'object' || nx === null || typeof nx.signal !== 'object' || nx.signal === null) {
    throw new ArgumentError(`nxdata must be {signal: {values, name, ...}, axes?, errors?, ...}, got ${show(nx)}`);
  }
  if (!(nx.signal.values instanceof NdArray)) throw new ArgumentError(`nxdata.signal.values must be an NdArray (its shape matters), got ${show(nx.signal.values)}`);
  const shape = nx.signal.values.shape;
  const rank = shape.length;
  const interpretation = nx.interpretation;
  if (interpretation !== undefined && interpretation !== 'spectrum' && interpretation !== 'image') {
    if (interpretation === 'scalar') throw new ArgumentError('the NXdata signal is interpreted as "scalar": there is no plot of a scalar');
    if (interpretation.endsWith('-image')) throw new ArgumentError(`@interpretation ${JSON.stringify(interpretation)} (colour images) is not plotted yet; plot one channel as an image`);
  }
  if (rank === 0) throw new ArgumentError('the NXdata signal is a scalar: there is nothing to plot');
  if (shape.some((n) => n === 0)) throw new ArgumentError(`the NXdata signal is empty (shape [${shape.join(', ')}]): there is nothing to plot`);
  const asSpectrum = interpretation === 'spectrum' || rank === 1;
  const frame = options.frame ?? [];
  const title = options.title ?? nx.title ?? label(nx.signal);
  const signalTitle = titled(nx.signal, nx.signal.name);

  if (asSpectrum) {
    const n = shape[rank - 1];
    const xField = axisAlong(nx, rank - 1, n);
    const x = xField === undefined ? undefined : centres(flat(xField.values).data, n);
    const curve = (field: NxFieldValues, errors?: NdArray | ArrayLike<number>): LineInput => ({
      x,
      y: pickFrame(field.values, shape, 1, frame, field.name),
      errors: errors === undefined ? undefined : pickFrame(errors, shape, 1, frame, `${field.name} errors`),
      label: label(field),
    });
    const auxiliary = nx.auxiliarySignals ?? [];
    const curves = [curve(nx.signal, nx.errors), ...auxiliary.map((a) => curve(a))];
    if (auxiliary.length === 0) curves[0].label = undefined; // one curve: the y axis says what it is
    return linePlot(curves, {
      ...options,
      title,
      xAxis: { ...titled(xField, `index (dim ${rank - 1})`), ...options.xAxis },
      yAxis: { ...(auxiliary.length === 0 ? signalTitle : {}), ...options.yAxis },
    });
  }
  const width = shape[rank - 1];
  const height = shape[rank - 2];
  const xField = axisAlong(nx, rank - 1, width);
  const yField = axisAlong(nx, rank - 2, height);
  return imagePlot(
    { values: pickFrame(nx.signal.values, shape, 2, frame, nx.signal.name), width, height },
    {
      ...options,
      title,
      x: xField === undefined ? undefined : flat(xField.values).data,
      y: yField === undefined ? undefined : flat(yField.values).data,
      xAxis: { ...titled(xField, `index (dim ${rank - 1})`), ...options.xAxis },
      yAxis: { ...titled(yField, `index (dim ${rank - 2})`), ...options.yAxis },
      colorbar: options.colorbar ?? signalTitle,
      aspect: options.aspect ?? (xField === undefined && yField === undefined ? 'equal' : 'auto'),
    },
  );
}
