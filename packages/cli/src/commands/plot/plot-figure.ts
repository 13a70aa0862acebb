import { IndexRangeError } from '@pandaas/core';
import { findDefaultNxData, H5Dataset, H5Group, openH5, readImage, readNxData, type NxData, type NxDataField } from '@pandaas/io-nexus';
import { imagePlot, linePlot, plotNxdata, type Figure } from '@pandaas/plot';
import { basename } from 'node:path';
import { CliError } from '../../framework/cli-error.js';
import type { TextSink } from '../../framework/command.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';
import { textOf } from '../../inspect/attr-values.js';
import type { InputLocation } from '../../framework/inputs.js';
import { imageFigureOptions, lineFigureOptions, type FigureChoices } from './figure-options.js';
import { frameRangeError, pickFrame } from './frames.js';
import { readNxdataFrame } from './nxdata-frame.js';

/** A figure made from an input, and what it shows. */
export interface PlotSource {
  readonly figure: Figure;
  readonly kind: 'line' | 'image';
  /** The object plotted: `FILE::/path` of the NXdata group or dataset, or the image file. */
  readonly source: string;
  /** The frame shown, and how many there are. */
  readonly frame: number;
  readonly frames: number;
}

/** What to plot and how. */
export interface PlotRequest {
  /** The file to open (resolved). */
  readonly file: string;
  /** The location as given (for messages). */
  readonly location: InputLocation;
  readonly frame: number;
  readonly choices: FigureChoices;
  /** Where notes go (an option that does not apply). */
  readonly notes: TextSink;
}

/**
 * The figure of an HDF5/NeXus input: an NXdata group (named, or the file's default) through
 * `plotNxdata` — a curve or an image, one frame of a stack read — or a dataset: a line plot
 * when it has one dimension, else an image of one frame of its last two.
 *
 * @example
 * ```ts
 * const { figure } = await hdf5Figure({ file: '/data/scan.nxs', location: { file: 'scan.nxs' }, frame: 0, choices: {}, notes: process.stderr });
 * ```
 */
export async function hdf5Figure(request: PlotRequest): Promise<PlotSource> {
  const { location } = request;
  const h5 = await openH5(request.file);
  try {
    if (location.path === undefined) {
      const found = await findDefaultNxData(h5);
      if (found.nxdata?.signal === undefined) {
        const why = [...found.problems, ...(found.nxdata?.problems ?? [])].join('; ');
        throw new CliError(`${location.file} has no default NXdata with a signal${why ? ` (${why})` : ''}: name a dataset or an NXdata group, as ${location.file}::/entry/data/data`, EXIT_CODES.notFound);
      }
      return await nxdataFigure(found.nxdata as NxData & { signal: NxDataField }, request);
    }
    const node = await h5.get(location.path);
    const label = `${location.file}::${node.path}`;
    if (node instanceof H5Dataset) return await datasetFigure(node, label, request);
    if (!(node instanceof H5Group)) throw new CliError(`${label} is a named datatype, not a dataset or an NXdata group`, EXIT_CODES.badInput);
    const nx = await readNxData(node);
    if (nx.signal === undefined) {
      throw new CliError(`${label} is a group without an NXdata signal (${nx.problems.join('; ') || 'no @signal'}): name a dataset or an NXdata group`, EXIT_CODES.badInput);
    }
    return await nxdataFigure(nx as NxData & { signal: NxDataField }, request);
  } finally {
    await h5.close();
  }
}

async function nxdataFigure(nx: NxData & { signal: NxDataField }, request: PlotRequest): Promise<PlotSource> {
  const source = `${request.location.file}::${nx.group.path}`;
  const { values, kind, pick } = await readNxdataFrame(nx, request.frame, source);
  const options = kind === 'line' ? lineOptions(request) : imageFigureOptions(request.choices);
  return { figure: plotNxdata(values, options), kind, source, frame: request.frame, frames: pick.count };
}

async function datasetFigure(dataset: H5Dataset, source: string, request: PlotRequest): Promise<PlotSource> {
  const { shape } = dataset;
  if (dataset.dtype === undefined) throw new CliError(`${source} holds ${dataset.type.class} values, not numbers: there is nothing to plot`, EXIT_CODES.badInput);
  if (shape === null || shape.length === 0) throw new CliError(`${source} is ${shape === null ? 'empty' : 'a scalar'}: there is nothing to plot`, EXIT_CODES.badInput);
  const attrs = await dataset.attrs();
  const longName = textOf(attrs.long_name);
  const units = textOf(attrs.units);
  const title = longName !== undefined ? { label: longName } : { label: dataset.name, ...(units === undefined ? {} : { units }) };
  if (shape.length === 1) {
    const pick = pickFrame(shape, 1, request.frame, source);
    const y = await dataset.read([], { backend: 'cpu' });
    const options = lineOptions(request);
    const figure = linePlot({ y }, { title: dataset.path, ...options, xAxis: { label: 'index' }, yAxis: { ...title, ...options.yAxis } });
    return { figure, kind: 'line', source, frame: request.frame, frames: pick.count };
  }
  const pick = pickFrame(shape, 2, request.frame, source);
  const frame = await dataset.read(pick.indices, { backend: 'cpu' });
  const figure = imagePlot(frame, { title: dataset.path, colorbar: title, ...imageFigureOptions(request.choices) });
  return { figure, kind: 'image', source, frame: request.frame, frames: pick.count };
}

/**
 * The figure of frame `frame` of a TIFF, EDF or CBF file: an image plot titled by the file name.
 *
 * @example
 * ```ts
 * const { figure } = await imageFileFigure({ file: '/data/frame.tif', location: { file: 'frame.tif' }, frame: 0, choices: {}, notes: process.stderr });
 * ```
 */
export async function imageFileFigure(request: PlotRequest): Promise<PlotSource> {
  const source = request.location.file;
  let image;
  try {
    image = await readImage(request.file, { frames: [request.frame] });
  } catch (err) {
    if (!(err instanceof IndexRangeError)) throw err;
    const count = (await readImage(request.file, { frames: [0] })).frameCount;
    throw frameRangeError(request.frame, count, source);
  }
  const figure = imagePlot(image.frames[0]!.data, { title: basename(source), ...imageFigureOptions(request.choices) });
  return { figure, kind: 'image', source, frame: request.frame, frames: image.frameCount };
}

function lineOptions(request: PlotRequest) {
  if (request.choices.colormap !== undefined) request.notes.write(`note: --colormap ${request.choices.colormap} applies to images; ${request.location.file} gives a line plot\n`);
  return lineFigureOptions(request.choices);
}
