import { array } from '@pandaas/core';
import type { NxAxisDescription, NxDataOfResult, NxFieldDescription, NxProcessOfResult } from '@pandaas/integrate';
import { createH5, writeNxData, writeNxProcess, type H5Attributes, type H5Writer, type NxParameters } from '@pandaas/io-nexus';
import { plotNxdata, renderPng, renderSvg, type NxDataValues } from '@pandaas/plot';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CliError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';
import type { IntegrationResult, StackLayout } from './result-stack.js';
import type { StackPicture } from './stack-picture.js';

/**
 * Where the result is in the NeXus file: the NXdata inside the NXprocess inside the NXentry.
 *
 * @example
 * ```ts
 * const intensity = await (await openH5('result.nxs')).dataset(`${RESULT_PATHS.nxdata}/I`);
 * ```
 */
export const RESULT_PATHS = Object.freeze({ entry: '/entry', process: '/entry/integrate', nxdata: '/entry/integrate/result' });

/**
 * What the NeXus file records besides the numbers.
 *
 * @example
 * ```ts
 * const record: ResultRecord = { process: result.toNxProcess(), parameters: { input: 'scan.nxs' }, title: 'LaB6', note: '' };
 * ```
 */
export interface ResultRecord {
  /** The package's description of what made the result (program, version, PONI, method, ...). */
  readonly process: NxProcessOfResult;
  /** More parameters from the command line (input, frames, ranges, images...). */
  readonly parameters: NxParameters;
  /** The entry's title. */
  readonly title: string;
  /** Free text for the NXprocess' note. */
  readonly note: string;
}

/** Bytes of results per chunk of a stack's `I` (whole frames, at least one). */
const CHUNK_BYTES = 1 << 20;

/** The frames of a stack on their way to the file: a chunk's worth is gathered, then written. */
interface StackRows {
  readonly layout: StackLayout;
  /** Frames per chunk, and per write. */
  readonly rows: number;
  readonly intensity: Float64Array;
  /** Null without errors. */
  readonly sigma: Float64Array | null;
  /** Frames gathered, not yet written. */
  gathered: number;
  /** Frames written. */
  written: number;
}

/** `@units` and `@long_name` of a field, as writeNxData writes them. */
function fieldAttributes(field: { units?: string; longName?: string }): H5Attributes {
  return { ...(field.units === undefined ? {} : { units: field.units }), ...(field.longName === undefined ? {} : { long_name: field.longName }) };
}

/**
 * The NeXus file of a result, written as the frames come: an NXentry holding one NXprocess
 * (program, version, date, the parameters) that holds the NXdata, with `@default` set from the
 * root down to it so that `pandaas plot`, silx and h5web open the result directly. A stack's
 * `I` `[frames, ...]` float64 (and `I_errors`) is created chunked, whole frames per chunk (about
 * 1 MiB), with its full shape, and filled a chunk at a time: memory holds one chunk whatever the
 * length of the stack. The layout is writeNxData's. Everything goes to a temporary file beside
 * `path` until {@link ResultFile.finish}; {@link ResultFile.abort} leaves nothing.
 *
 * @example
 * ```ts
 * const file = await ResultFile.create('result.nxs');
 * file.beginStack(stackLayout(first, 100, indexAxis(100, 0)));
 * await file.add(first); // ... and every frame after it, in order
 * await file.finish({ process: first.toNxProcess(), parameters: {}, title: 'LaB6', note: '' });
 * ```
 */
export class ResultFile {
  readonly #writer: H5Writer;
  #stack: StackRows | undefined;

  private constructor(writer: H5Writer) {
    this.#writer = writer;
  }

  /** Starts the file at `path` (a temporary file beside it until {@link ResultFile.finish}). */
  static async create(path: string): Promise<ResultFile> {
    const writer = await createH5(path);
    try {
      writer.group(RESULT_PATHS.entry, { NX_class: 'NXentry' });
    } catch (err) {
      await writer.abort();
      throw err;
    }
    return new ResultFile(writer);
  }

  /**
   * Lays out the NXdata of a stack: the group with its `@signal`, `@axes` and `@<axis>_indices`,
   * and the signal and its errors, empty, with their full shape.
   *
   * @example
   * ```ts
   * file.beginStack(stackLayout(first, 3, indexAxis(3, 0)));
   * ```
   */
  beginStack(layout: StackLayout): void {
    const w = this.#writer;
    const { one, shape, bins, frames, axes } = layout;
    const group = RESULT_PATHS.nxdata;
    const rows = Math.max(1, Math.min(frames, Math.floor(CHUNK_BYTES / (bins * 8))));
    const chunks = [rows, ...shape.slice(1)];
    w.group(group, { NX_class: 'NXdata', signal: one.signal.name, axes: axes.map((a) => a.name), ...Object.fromEntries(axes.map((a, dim) => [`${a.name}_indices`, dim])) });
    w.createDataset(`${group}/${one.signal.name}`, { shape, dtype: 'float64', chunks, attributes: { interpretation: one.interpretation, ...fieldAttributes(one.signal) } });
    if (one.errors !== undefined) w.createDataset(`${group}/${one.signal.name}_errors`, { shape, dtype: 'float64', chunks });
    const sigma = one.errors === undefined ? null : new Float64Array(rows * bins);
    this.#stack = { layout, rows, intensity: new Float64Array(rows * bins), sigma, gathered: 0, written: 0 };
  }

  /**
   * Takes the next frame's result of the stack; a chunk's worth of frames is written at once.
   *
   * @example
   * ```ts
   * for await (const result of integrateStack(plan, frames)) await file.add(result);
   * ```
   */
  async add(result: IntegrationResult): Promise<void> {
    const s = this.#stackRows();
    const at = s.gathered * s.layout.bins;
    s.intensity.set(result.intensity, at);
    if (s.sigma !== null && result.sigma !== null) s.sigma.set(result.sigma, at);
    s.gathered++;
    if (s.gathered === s.rows) await this.#flush(s);
  }

  /**
   * Writes the rest (the frames gathered; the axes and title of a stack, or the NXdata of the
   * one frame `single` of a file without a stack; the entry's title; the NXprocess; the
   * `@default` chain) and moves the file into place.
   *
   * @example
   * ```ts
   * await file.finish(record, first.toNxData()); // one frame
   * ```
   */
  async finish(record: ResultRecord, single?: NxDataOfResult): Promise<void> {
    const w = this.#writer;
    await w.dataset(`${RESULT_PATHS.entry}/title`, record.title);
    await writeNxProcess(w, RESULT_PATHS.process, {
      program: record.process.program,
      version: record.process.version,
      parameters: { ...record.process.parameters, ...record.parameters },
      note: record.note,
    });
    const s = this.#stack;
    if (s === undefined) {
      if (single === undefined) throw new CliError('internal error: a result file with neither a stack nor a frame', EXIT_CODES.internal);
      await writeNxData(w, RESULT_PATHS.nxdata, single, { setDefault: true });
    } else {
      await this.#flush(s);
      if (s.written !== s.layout.frames) throw new CliError(`internal error: ${s.written} frames written of ${s.layout.frames}`, EXIT_CODES.internal);
      const group = RESULT_PATHS.nxdata;
      for (const axis of s.layout.axes) await w.dataset(`${group}/${axis.name}`, axis.data, { dtype: 'float64', attributes: fieldAttributes(axis) });
      await w.dataset(`${group}/title`, s.layout.title);
      w.setAttributes('/', { default: 'entry' });
      w.setAttributes(RESULT_PATHS.entry, { default: 'integrate' });
      w.setAttributes(RESULT_PATHS.process, { default: 'result' });
    }
    await w.commit();
  }

  /** Deletes what was written (idempotent). */
  abort(): Promise<void> {
    return this.#writer.abort();
  }

  #stackRows(): StackRows {
    const s = this.#stack;
    if (s === undefined) throw new CliError('internal error: frames added before the stack was laid out', EXIT_CODES.internal);
    if (s.written + s.gathered >= s.layout.frames) throw new CliError(`internal error: more than ${s.layout.frames} frames added`, EXIT_CODES.internal);
    return s;
  }

  async #flush(s: StackRows): Promise<void> {
    if (s.gathered === 0) return;
    const { one, bins } = s.layout;
    const count = s.gathered * bins;
    const shape = [s.gathered, ...s.layout.shape.slice(1)];
    const start = shape.map((_, i) => (i === 0 ? s.written : 0));
    const path = `${RESULT_PATHS.nxdata}/${one.signal.name}`;
    await this.#writer.writeSlab(path, start, s.intensity.subarray(0, count), shape);
    if (s.sigma !== null) await this.#writer.writeSlab(`${path}_errors`, start, s.sigma.subarray(0, count), shape);
    s.written += s.gathered;
    s.gathered = 0;
  }
}

/**
 * What the plot of a result shows: an NXdata, drawn as an image (`asImage`: frames along y, the
 * radial axis along x) or as its own interpretation, with the colour range to use when the
 * values are a reduced picture of the stack.
 *
 * @example
 * ```ts
 * const plot: ResultPlot = { nxdata: first.toNxData(), asImage: false };
 * ```
 */
export interface ResultPlot {
  readonly nxdata: NxDataOfResult;
  readonly asImage: boolean;
  readonly colorRange?: readonly [number, number];
}

/**
 * The plot of a result: one frame's pattern or cake; for a stack of more than one pattern, the
 * picture of the stack (`picture`); for any other stack (of cakes, or of one pattern), its
 * first frame (`first`), which is what the plot of the whole stack shows.
 *
 * @example
 * ```ts
 * await writeResultPlot('stack.png', resultPlot(first, layout, picture));
 * ```
 */
export function resultPlot(first: IntegrationResult, layout?: StackLayout, picture?: StackPicture): ResultPlot {
  const one = first.toNxData();
  if (layout === undefined) return { nxdata: one, asImage: false };
  const [frameAxis, ...axes] = layout.axes as [NxAxisDescription, ...NxAxisDescription[]];
  if (picture === undefined) {
    const shape = [1, ...one.signal.data.shape];
    return {
      nxdata: {
        signal: { ...one.signal, data: array(first.intensity, { shape, backend: 'cpu' }) },
        ...(first.sigma === null ? {} : { errors: array(first.sigma, { shape, backend: 'cpu' }) }),
        axes: [{ ...frameAxis, data: frameAxis.data.subarray(0, 1) }, ...axes],
        title: layout.title,
        interpretation: one.interpretation,
      },
      asImage: false,
    };
  }
  const radial = axes[0]!;
  const signal: NxFieldDescription = { ...one.signal, data: array(picture.values, { shape: [picture.rows, picture.columns], backend: 'cpu' }) };
  const range = picture.reduced ? picture.range() : undefined;
  return {
    nxdata: {
      signal,
      axes: [
        { ...frameAxis, data: picture.rowCoordinates(frameAxis.data) },
        { ...radial, data: picture.columnCoordinates(radial.data) },
      ],
      title: layout.title,
      interpretation: one.interpretation,
    },
    asImage: true,
    ...(range === undefined ? {} : { colorRange: range }),
  };
}

/**
 * Plots a result as @pandaas/plot draws NXdata (`.png` or `.svg` by the name): the 1D pattern,
 * the 2D cake, or the first frame's cake for a stack of cakes; with `asImage`, an image: frames
 * along y, the radial axis along x, without errors.
 *
 * @example
 * ```ts
 * await writeResultPlot('result.png', { nxdata: first.toNxData(), asImage: false });
 * ```
 */
export async function writeResultPlot(path: string, plot: ResultPlot): Promise<void> {
  const { nxdata, asImage, colorRange } = plot;
  const values: NxDataValues = {
    signal: { values: nxdata.signal.data, name: nxdata.signal.name, ...fieldNames(nxdata.signal) },
    ...(nxdata.errors === undefined || asImage ? {} : { errors: nxdata.errors }),
    axes: nxdata.axes.map((axis) => ({ values: axis.data, name: axis.name, ...fieldNames(axis) })),
    interpretation: asImage ? 'image' : nxdata.interpretation,
    title: nxdata.title,
  };
  const figure = plotNxdata(values, colorRange === undefined ? {} : { vmin: colorRange[0], vmax: colorRange[1] });
  await writeFile(path, extname(path).toLowerCase() === '.svg' ? renderSvg(figure) : await renderPng(figure));
}

function fieldNames(field: { units?: string; longName?: string }): { units?: string; longName?: string } {
  return { ...(field.units === undefined ? {} : { units: field.units }), ...(field.longName === undefined ? {} : { longName: field.longName }) };
}
