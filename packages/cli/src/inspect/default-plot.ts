import { findDefaultNxData, type H5File, type NxDataField } from '@pandaas/io-nexus';
import { typeText } from './type-text.js';

/** A field of the default NXdata: name, dataset path, extent, type, units. */
export interface FieldDescription {
  readonly name: string;
  readonly path: string;
  readonly shape: readonly number[] | null;
  readonly type: string;
  readonly units?: string;
  readonly longName?: string;
  /** The path of its uncertainties, when there are some. */
  readonly errors?: string;
}

/** An axis of the default NXdata. */
export interface AxisDescription extends FieldDescription {
  /** The signal dimensions it runs along. */
  readonly dims: readonly number[];
  /** Whether it holds bin edges (one more value than the signal along its dimension). */
  readonly binEdges: boolean;
}

/** The default NXdata of a file (or of a group), as `pandaas info` reports it. */
export interface DefaultPlotDescription {
  /** The NXdata group's path, or `null` when none was found. */
  readonly path: string | null;
  /** The groups the `@default` chain (or the fallback search) went through, in order. */
  readonly chain: readonly string[];
  /** Broken or looping `@default` attributes met on the way. */
  readonly searchProblems: readonly string[];
  /** Whether the NXdata follows the NeXus rules (no problems). */
  readonly valid: boolean;
  /** What is wrong with the NXdata. */
  readonly problems: readonly string[];
  readonly signal?: FieldDescription;
  /** One entry per signal dimension: its axis, or `null`. */
  readonly axes: readonly (AxisDescription | null)[];
  readonly auxiliarySignals: readonly string[];
  readonly interpretation?: string;
  readonly title?: string;
}

/**
 * Finds the default NXdata from `start` as silx and h5web do (io-nexus's `findDefaultNxData`:
 * the `@default` chain, with fallbacks) and describes it: chain, problems, signal and axes.
 *
 * @example
 * ```ts
 * const plot = await describeDefaultPlot(await openH5('chopper.nxs'));
 * plot.chain; // ['/', '/entry', '/entry/data']
 * ```
 */
export async function describeDefaultPlot(file: H5File, start = '/'): Promise<DefaultPlotDescription> {
  const found = await findDefaultNxData(file, start);
  const nx = found.nxdata;
  const base = { chain: found.chain, searchProblems: found.problems };
  if (nx === undefined) return { ...base, path: null, valid: false, problems: ['no NXdata was found'], axes: [], auxiliarySignals: [] };
  return {
    ...base,
    path: nx.group.path,
    valid: nx.valid,
    problems: nx.problems,
    ...(nx.signal ? { signal: field(nx.signal) } : {}),
    axes: nx.axes.map((axis) => (axis === undefined ? null : { ...field(axis), dims: axis.dims, binEdges: axis.binEdges })),
    auxiliarySignals: nx.auxiliarySignals.map((aux) => aux.name),
    ...(nx.interpretation === undefined ? {} : { interpretation: nx.interpretation }),
    ...(nx.title === undefined ? {} : { title: nx.title }),
  };
}

function field(f: NxDataField): FieldDescription {
  return {
    name: f.name,
    path: f.dataset.path,
    shape: f.dataset.shape,
    type: typeText(f.dataset.type),
    ...(f.units === undefined ? {} : { units: f.units }),
    ...(f.longName === undefined ? {} : { longName: f.longName }),
    ...(f.errors === undefined ? {} : { errors: f.errors.path }),
  };
}
