import type { NxDataOfResult, NxProcessOfResult } from '@pandaas/integrate';
import { writeH5, writeNxData, writeNxProcess, type NxParameters } from '@pandaas/io-nexus';
import { plotNxdata, renderPng, renderSvg, type NxDataValues } from '@pandaas/plot';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';

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

/**
 * Writes the result as NeXus at `path`: an NXentry holding one NXprocess (program, version,
 * date, the parameters) that holds the NXdata, with `@default` set from the root down to it so
 * that `pandaas plot`, silx and h5web open the result directly.
 *
 * @example
 * ```ts
 * await writeResultFile('result.nxs', first.toNxData(), { process: first.toNxProcess(), parameters: {}, title: 'LaB6', note: '' });
 * ```
 */
export async function writeResultFile(path: string, nxdata: NxDataOfResult, record: ResultRecord): Promise<void> {
  await writeH5(path, async (w) => {
    w.group(RESULT_PATHS.entry, { NX_class: 'NXentry' });
    await w.dataset(`${RESULT_PATHS.entry}/title`, record.title);
    await writeNxProcess(w, RESULT_PATHS.process, {
      program: record.process.program,
      version: record.process.version,
      parameters: { ...record.process.parameters, ...record.parameters },
      note: record.note,
    });
    await writeNxData(w, RESULT_PATHS.nxdata, nxdata, { setDefault: true });
  });
}

/**
 * Plots the result as @pandaas/plot draws NXdata (`.png` or `.svg` by the name): the 1D
 * pattern, the 2D cake, or the first frame's cake for a stack of cakes. With `asImage` (a stack
 * of more than one pattern), an image: frames along y, the radial axis along x; otherwise a
 * stack of patterns shows its first.
 *
 * @example
 * ```ts
 * await writeResultPlot('result.png', first.toNxData(), false);
 * ```
 */
export async function writeResultPlot(path: string, nxdata: NxDataOfResult, asImage: boolean): Promise<void> {
  const values: NxDataValues = {
    signal: { values: nxdata.signal.data, name: nxdata.signal.name, ...fieldNames(nxdata.signal) },
    ...(nxdata.errors === undefined || asImage ? {} : { errors: nxdata.errors }),
    axes: nxdata.axes.map((axis) => ({ values: axis.data, name: axis.name, ...fieldNames(axis) })),
    interpretation: asImage ? 'image' : nxdata.interpretation,
    title: nxdata.title,
  };
  const figure = plotNxdata(values);
  await writeFile(path, extname(path).toLowerCase() === '.svg' ? renderSvg(figure) : await renderPng(figure));
}

function fieldNames(field: { units?: string; longName?: string }): { units?: string; longName?: string } {
  return { ...(field.units === undefined ? {} : { units: field.units }), ...(field.longName === undefined ? {} : { longName: field.longName }) };
}
