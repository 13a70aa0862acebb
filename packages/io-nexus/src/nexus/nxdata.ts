import { H5Dataset, type H5Group } from '../h5/objects.js';
import { parentPath } from '../h5/paths.js';
import type { H5Value } from '../h5/types.js';
import { IoError } from '../errors.js';
import { asIntegers, asNames, asNumber, asString } from './attr-values.js';

/** A field of an NXdata group: a signal or an axis, with its NeXus annotations. */
export interface NxDataField {
  /** Its name in the NXdata group. */
  readonly name: string;
  /** The dataset (read it with `read()` or `frames()`). */
  readonly dataset: H5Dataset;
  /** The `units` attribute. */
  readonly units?: string;
  /** The `long_name` attribute. */
  readonly longName?: string;
  /** Its uncertainties (`errors`, `NAME_errors`, or the legacy `@uncertainties`), same shape. */
  readonly errors?: H5Dataset;
}

/** An axis of an NXdata group. */
export interface NxDataAxis extends NxDataField {
  /** The signal dimensions it runs along (from `@NAME_indices`, else its place in `@axes`). */
  readonly dims: readonly number[];
  /** Whether it holds bin edges (one more value than the signal along each of its dimensions). */
  readonly binEdges: boolean;
}

/**
 * The interpretations NeXus defines for a signal.
 *
 * @example
 * ```ts
 * INTERPRETATIONS.includes(nx.interpretation ?? ''); // a known one
 * ```
 */
export const INTERPRETATIONS: readonly string[] = ['scalar', 'spectrum', 'image', 'rgb-image', 'rgba-image', 'hsl-image', 'hsla-image', 'cmyk-image', 'vertex'];

/**
 * An NXdata group resolved as silx and h5web resolve it, with the NeXus rules they skip
 * (`@AXISNAME_indices`). Never throws for a malformed group: `valid` is false and `problems` says
 * what is wrong, as silx's `NXdata.issues` does.
 */
export interface NxData {
  /** The NXdata group. */
  readonly group: H5Group;
  /** Whether it follows the NeXus rules closely enough to plot (no problems). */
  readonly valid: boolean;
  /** What is wrong, one sentence each. */
  readonly problems: readonly string[];
  /** The signal, when one was found. */
  readonly signal?: NxDataField;
  /** `@auxiliary_signals` (or legacy `signal=2, 3...`), each of the signal's shape. */
  readonly auxiliarySignals: readonly NxDataField[];
  /** One entry per signal dimension: the axis along it, or undefined (`'.'`, or none given). */
  readonly axes: readonly (NxDataAxis | undefined)[];
  /** Every axis found, including those spanning several dimensions. */
  readonly axisFields: readonly NxDataAxis[];
  /** The signal's `@interpretation` (`'spectrum'`, `'image'`, `'rgb-image'`, ...). */
  readonly interpretation?: string;
  /** The `title` field of the group, else of its parent (the NXentry). */
  readonly title?: string;
}

/**
 * Resolves an NXdata group: `@signal` (or a dataset with legacy `signal=1`), `@axes` with `'.'`
 * for no axis (or legacy `axes="x:y"` on the signal, or `@axis=N` on the axes),
 * `@AXISNAME_indices`, bin-edge axes, `errors`/`DATA_errors`, `@auxiliary_signals`,
 * `@interpretation`, `units`, `long_name`, `title`. Data are not read.
 *
 * @example
 * ```ts
 * import { openH5, readNxData } from '@pandaas/io-nexus';
 * const file = await openH5('chopper.nxs');
 * const nx = await readNxData(await file.group('/entry/data'));
 * nx.valid; // true
 * nx.axes.map((a) => [a?.name, a?.binEdges]); // [['polar_angle', false], ['time_of_flight', true]]
 * const counts = await nx.signal!.dataset.read();
 * ```
 */
export async function readNxData(group: H5Group): Promise<NxData> {
  const problems: string[] = [];
  const attrs = await group.attrs();
  const nxClass = asString(attrs.NX_class);
  if (nxClass !== 'NXdata') problems.push(`NX_class is ${nxClass === undefined ? 'missing' : JSON.stringify(nxClass)}, not "NXdata"`);
  const members = await datasetsOf(group, problems);
  const title = (await stringField(members.get('title'))) ?? (await parentTitle(group));

  const signal = await findSignal(attrs, members, problems);
  if (signal === undefined) return { group, valid: false, problems, auxiliarySignals: [], axes: [], axisFields: [], title };
  const shape = signal.dataset.shape ?? [];
  if (signal.dataset.dtype === undefined) problems.push(`signal "${signal.name}" is not numeric (${signal.dataset.type.class})`);
  const signalAttrs = await signal.dataset.attrs();

  const field = (name: string, dataset: H5Dataset, fieldAttrs: Record<string, H5Value>, errorNames: string[]): NxDataField => {
    const errors = errorNames.map((n) => members.get(n)).find((d) => d !== undefined);
    const sameShape = errors !== undefined && sameArray(errors.shape, dataset.shape);
    if (errors !== undefined && !sameShape) problems.push(`errors "${errors.name}" have shape ${show(errors.shape)}; "${name}" has ${show(dataset.shape)}`);
    return {
      name,
      dataset,
      units: asString(fieldAttrs.units),
      longName: asString(fieldAttrs.long_name),
      errors: sameShape ? errors : undefined,
    };
  };
  const uncertainties = asString(signalAttrs.uncertainties);
  const main = field(signal.name, signal.dataset, signalAttrs, ['errors', `${signal.name}_errors`, ...(uncertainties ? [uncertainties] : [])]);

  const auxiliarySignals: NxDataField[] = [];
  for (const name of await auxiliaryNames(attrs, members, signal.name)) {
    const ds = members.get(name);
    if (ds === undefined) problems.push(`auxiliary signal "${name}" is not a dataset of the group`);
    else if (!sameArray(ds.shape, signal.dataset.shape)) problems.push(`auxiliary signal "${name}" has shape ${show(ds.shape)}; the signal has ${show(shape)}`);
    else auxiliarySignals.push(field(name, ds, await ds.attrs(), [`${name}_errors`]));
  }

  const axisFields: NxDataAxis[] = [];
  for (const { name, dims } of await axisSpecs(attrs, signalAttrs, members, shape.length, problems)) {
    const ds = members.get(name);
    if (ds === undefined) {
      problems.push(`axis "${name}" is not a dataset of the group`);
      continue;
    }
    const bad = dims.find((d) => !Number.isInteger(d) || d < 0 || d >= shape.length);
    if (bad !== undefined) {
      problems.push(`axis "${name}" is given dimension ${bad}; the signal has ${shape.length}`);
      continue;
    }
    const edges = axisFit(ds.shape ?? [], shape, dims);
    if (edges === undefined) {
      const centres = dims.map((d) => shape[d]);
      problems.push(`axis "${name}" has shape ${show(ds.shape)}; along signal dimension(s) ${show(dims)} expected ${show(centres)} or bin edges ${show(centres.map((n) => n + 1))}`);
      continue;
    }
    axisFields.push({ ...field(name, ds, await ds.attrs(), [`${name}_errors`]), dims, binEdges: edges });
  }
  const axes = shape.map((_, d) => axisFields.find((a) => a.dims.length === 1 && a.dims[0] === d) ?? axisFields.find((a) => a.dims.includes(d)));

  const interpretation = asString(signalAttrs.interpretation) ?? asString(attrs.interpretation);
  if (interpretation !== undefined) checkInterpretation(interpretation, shape, problems);
  return { group, valid: problems.length === 0, problems, signal: main, auxiliarySignals, axes, axisFields, interpretation, title };
}

/** The datasets among a group's members (broken links and subgroups are left out). */
async function datasetsOf(group: H5Group, problems: string[]): Promise<Map<string, H5Dataset>> {
  const out = new Map<string, H5Dataset>();
  for (const name of await group.keys()) {
    try {
      const node = await group.get(name);
      if (node instanceof H5Dataset) out.set(name, node);
    } catch (err) {
      if (!(err instanceof IoError)) throw err;
      problems.push(`member "${name}" cannot be opened: ${err.message}`);
    }
  }
  return out;
}

async function findSignal(attrs: Record<string, H5Value>, members: Map<string, H5Dataset>, problems: string[]) {
  const named = asString(attrs.signal);
  if (named !== undefined) {
    const dataset = members.get(named);
    if (dataset === undefined) problems.push(`@signal names "${named}", which is not a dataset of the group`);
    return dataset === undefined ? undefined : { name: named, dataset };
  }
  for (const [name, dataset] of members) {
    if (asNumber(await dataset.attr('signal')) === 1) return { name, dataset };
  }
  problems.push('no @signal attribute, and no dataset marked signal=1');
  return undefined;
}

async function auxiliaryNames(attrs: Record<string, H5Value>, members: Map<string, H5Dataset>, signal: string): Promise<string[]> {
  const listed = asNames(attrs.auxiliary_signals);
  if (listed !== undefined) return listed;
  // legacy: signal=2, 3, ... on the datasets, in that order
  const ranked: [string, number][] = [];
  for (const [name, ds] of members) {
    const rank = asNumber(await ds.attr('signal'));
    if (name !== signal && rank !== undefined && rank > 1) ranked.push([name, rank]);
  }
  return ranked.sort((a, b) => a[1] - b[1]).map(([name]) => name);
}

async function axisSpecs(
  attrs: Record<string, H5Value>,
  signalAttrs: Record<string, H5Value>,
  members: Map<string, H5Dataset>,
  rank: number,
  problems: string[],
): Promise<{ name: string; dims: number[] }[]> {
  const listed = asNames(attrs.axes) ?? asNames(signalAttrs.axes);
  if (listed !== undefined) {
    if (listed.length !== rank && rank > 0) problems.push(`@axes lists ${listed.length} names; the signal has ${rank} dimensions`);
    const specs: { name: string; dims: number[] }[] = [];
    listed.forEach((name, position) => {
      if (name === '.' || name === '') return;
      const indices = attrs[`${name}_indices`];
      const dims = indices === undefined ? [position] : asIntegers(indices);
      if (dims === undefined) problems.push(`@${name}_indices is not a list of integers`);
      else specs.push({ name, dims });
    });
    return specs;
  }
  // legacy: @axis=N (1-based) on the axis datasets, @primary choosing among several per dimension
  const byDim = new Map<number, { name: string; primary: number }>();
  for (const [name, ds] of members) {
    const axis = asNumber(await ds.attr('axis'));
    if (axis === undefined || !Number.isInteger(axis)) continue;
    const primary = asNumber(await ds.attr('primary')) ?? Number.POSITIVE_INFINITY;
    const current = byDim.get(axis - 1);
    if (current === undefined || primary < current.primary) byDim.set(axis - 1, { name, primary });
  }
  return [...byDim].sort((a, b) => a[0] - b[0]).map(([dim, { name }]) => ({ name, dims: [dim] }));
}

/** Whether an axis fits the signal along `dims`: false (centres), true (bin edges), undefined (neither). */
function axisFit(axisShape: readonly number[], signalShape: readonly number[], dims: readonly number[]): boolean | undefined {
  if (axisShape.length !== dims.length) return undefined;
  if (dims.every((d, k) => axisShape[k] === signalShape[d])) return false;
  if (dims.every((d, k) => axisShape[k] === signalShape[d] + 1)) return true;
  return undefined;
}

function checkInterpretation(interpretation: string, shape: readonly number[], problems: string[]): void {
  if (!INTERPRETATIONS.includes(interpretation)) {
    problems.push(`@interpretation "${interpretation}" is not one of ${INTERPRETATIONS.join(', ')}`);
    return;
  }
  const need = interpretation === 'spectrum' ? 1 : interpretation === 'image' ? 2 : interpretation.endsWith('-image') ? 3 : 0;
  if (shape.length < need) problems.push(`@interpretation "${interpretation}" needs at least ${need} dimensions; the signal has ${shape.length}`);
  const channels = interpretation.startsWith('rgba') || interpretation.startsWith('hsla') || interpretation.startsWith('cmyk') ? 4 : 3;
  if (interpretation.endsWith('-image') && shape.length >= 3 && shape[shape.length - 1] !== channels) {
    problems.push(`@interpretation "${interpretation}" needs a last dimension of ${channels}; the signal has ${shape[shape.length - 1]}`);
  }
}

async function stringField(dataset: H5Dataset | undefined): Promise<string | undefined> {
  if (dataset === undefined || dataset.type.class !== 'string') return undefined;
  return asString(await dataset.readValue());
}

async function parentTitle(group: H5Group): Promise<string | undefined> {
  if (group.path === '/') return undefined;
  const title = `${parentPath(group.path)}/title`.replace('//', '/');
  if (!(await group.file.has(title))) return undefined;
  const node = await group.file.get(title);
  return node instanceof H5Dataset ? stringField(node) : undefined;
}

function sameArray(a: readonly number[] | null, b: readonly number[] | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((v, i) => v === b[i]);
}

function show(shape: readonly number[] | null): string {
  return shape === null ? 'null' : `[${shape.join(', ')}]`;
}
