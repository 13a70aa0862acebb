/**
 * A 1D integration result as a NeXus file, described as a {@link PlainTree}: an NXentry whose
 * default plot is the NXdata of `result.toNxData()` and whose NXprocess holds
 * `result.toNxProcess()` plus where the frame came from — the layout io-nexus' `writeNxData` and
 * `writeNxProcess` write, which silx and h5web open.
 *
 * @module
 */
import type { Integrate1dResult } from '@pandaas/integrate';
import type { PlainAttributes, PlainDataset, PlainTree } from './plain-tree.js';

/** Where the integrated frame came from. */
export interface PatternSource {
  /** The data file's name. */
  readonly file: string;
  /** The dataset's HDF5 path, or the image file's frame. */
  readonly dataset: string;
  /** The frame's indices along the leading dimensions (empty for a single image). */
  readonly frame: readonly number[];
  /** The PONI file's name. */
  readonly poniFile: string;
  /** How many pixels were masked for being negative (module gaps, dead pixels). */
  readonly maskedPixels: number;
}

/**
 * The path of the NXdata group holding the pattern in the written file.
 *
 * @example
 * ```ts
 * const nx = await readNxData(await file.group(PATTERN_PATH)); // the intensity, its errors and the radial axis
 * ```
 */
export const PATTERN_PATH = '/entry/integrated';
/**
 * The path of the NXprocess group in the written file (program, version, date, parameters).
 *
 * @example
 * ```ts
 * const npt = await (await file.dataset(`${PROCESS_PATH}/parameters/npt`)).readValue(); // 500
 * ```
 */
export const PROCESS_PATH = '/entry/process';

function withUnits(units: string | undefined, longName: string | undefined): PlainAttributes {
  return { ...(units === undefined ? {} : { units }), ...(longName === undefined ? {} : { long_name: longName }) };
}

/**
 * Describes the file to download for a 1D pattern.
 *
 * @example
 * ```ts
 * const tree = patternTree(result, { file: 'scan.nxs', dataset: '/entry/data/data', frame: [1], poniFile: 'lab6.poni', maskedPixels: 9123 });
 * const bytes = await link.writeTree(tree);
 * ```
 */
export function patternTree(result: Integrate1dResult, source: PatternSource, date: Date = new Date()): PlainTree {
  const nx = result.toNxData();
  const process = result.toNxProcess();
  const frame = source.frame.length === 0 ? '' : ` frame [${source.frame.join(', ')}]`;
  const [axis] = nx.axes;
  const signal = nx.signal;
  const datasets: PlainDataset[] = [
    { path: '/entry/title', value: `Azimuthal integration of ${source.file} ${source.dataset}${frame}` },
    {
      path: `${PATTERN_PATH}/${signal.name}`,
      value: signal.data.dataSync() as Float64Array,
      attributes: { interpretation: nx.interpretation, ...withUnits(signal.units, signal.longName) },
    },
    ...(nx.errors === undefined ? [] : [{ path: `${PATTERN_PATH}/${signal.name}_errors`, value: nx.errors.dataSync() as Float64Array }]),
    { path: `${PATTERN_PATH}/${axis.name}`, value: axis.data, attributes: withUnits(axis.units, axis.longName) },
    { path: `${PATTERN_PATH}/title`, value: nx.title },
    { path: `${PROCESS_PATH}/program`, value: process.program },
    { path: `${PROCESS_PATH}/version`, value: process.version },
    { path: `${PROCESS_PATH}/date`, value: date.toISOString() },
  ];
  const parameters: Record<string, string | number> = {
    ...process.parameters,
    source_file: source.file,
    source_dataset: source.dataset,
    ...(source.frame.length === 0 ? {} : { source_frame: source.frame.join(', ') }),
    poni_file: source.poniFile,
    masked_negative_pixels: source.maskedPixels,
  };
  for (const [name, value] of Object.entries(parameters)) datasets.push({ path: `${PROCESS_PATH}/parameters/${name}`, value });
  return {
    groups: [
      { path: '/', attributes: { default: 'entry', creator: '@pandaas/example-viewer' } },
      { path: '/entry', attributes: { NX_class: 'NXentry', default: PATTERN_PATH.split('/')[2] } },
      { path: PATTERN_PATH, attributes: { NX_class: 'NXdata', signal: signal.name, axes: [axis.name], [`${axis.name}_indices`]: 0 } },
      { path: PROCESS_PATH, attributes: { NX_class: 'NXprocess' } },
      { path: `${PROCESS_PATH}/parameters`, attributes: { NX_class: 'NXparameters' } },
    ],
    datasets,
  };
}
