import { ObjectNotFoundError } from '../errors.js';
import { H5Dataset, H5Group, type H5File } from '../h5/objects.js';
import { resolveRelative } from '../h5/paths.js';
import { IoError } from '../errors.js';
import { asString } from './attr-values.js';

/**
 * The member groups of `group` with `NX_class` equal to `nxClass`, searched `depth` levels down
 * (1: direct members only), in name order, breadth first. Unreadable members are skipped.
 *
 * @example
 * ```ts
 * const detectors = await findNxGroups(await file.group('/entry/instrument'), 'NXdetector');
 * ```
 */
export async function findNxGroups(group: H5Group, nxClass: string, depth = 1): Promise<H5Group[]> {
  const found: H5Group[] = [];
  let level: H5Group[] = [group];
  for (let d = 0; d < depth && level.length > 0; d++) {
    const next: H5Group[] = [];
    for (const parent of level) {
      for (const name of await parent.keys()) {
        const member = await quietly(parent.get(name));
        if (!(member instanceof H5Group)) continue;
        if ((await member.nxClass()) === nxClass) found.push(member);
        next.push(member);
      }
    }
    level = next;
  }
  return found;
}

/**
 * The NXentry to read: `path` when given, else the one the root's `@default` names, else the first
 * NXentry of the file (an {@link ObjectNotFoundError} when there is none).
 *
 * @example
 * ```ts
 * const entry = await findEntry(file); // e.g. the group '/entry'
 * ```
 */
export async function findEntry(file: H5File, path?: string): Promise<H5Group> {
  if (path !== undefined) return file.group(path);
  const root = await file.group('/');
  const named = asString(await root.attr('default'));
  if (named !== undefined) {
    const target = await quietly(file.get(resolveRelative('/', named)));
    if (target instanceof H5Group && (await target.nxClass()) === 'NXentry') return target;
  }
  const entries = await findNxGroups(root, 'NXentry');
  if (entries.length === 0) throw new ObjectNotFoundError({ file: file.name, path: '/' }, 'no NXentry group in the file');
  return entries[0];
}

/**
 * The member dataset of `group` called `name`, compared without case (`WaveLength`), or undefined.
 *
 * @example
 * ```ts
 * const wavelength = await fieldOf(await file.group('/entry/instrument/monochromator'), 'wavelength');
 * ```
 */
export async function fieldOf(group: H5Group, name: string): Promise<H5Dataset | undefined> {
  const lower = name.toLowerCase();
  const key = (await group.keys()).find((k) => k.toLowerCase() === lower);
  if (key === undefined) return undefined;
  const node = await quietly(group.get(key));
  return node instanceof H5Dataset ? node : undefined;
}

/** The member group of `group` called `name`, or undefined. */
export async function groupOf(group: H5Group, name: string): Promise<H5Group | undefined> {
  if (!(await group.keys()).includes(name)) return undefined;
  const node = await quietly(group.get(name));
  return node instanceof H5Group ? node : undefined;
}

/** A number and its units from a scalar (or one-element) numeric dataset. */
export interface Field {
  readonly value: number;
  readonly units?: string;
  readonly path: string;
}

/** The value of a one-element numeric dataset with its `units`; a problem (and undefined) otherwise. */
export async function scalarField(dataset: H5Dataset | undefined, problems: string[]): Promise<Field | undefined> {
  if (dataset === undefined) return undefined;
  if (dataset.dtype === undefined || dataset.shape === null || dataset.shape.reduce((a, b) => a * b, 1) !== 1) {
    problems.push(`${dataset.path} is not a single number (shape ${JSON.stringify(dataset.shape)}, ${dataset.type.class})`);
    return undefined;
  }
  const value = (await dataset.read()).dataSync()[0];
  return { value, units: asString(await dataset.attr('units')), path: dataset.path };
}

/** Awaits `promise`, giving undefined for the typed errors of missing or unreadable objects. */
export async function quietly<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof IoError) return undefined;
    throw err;
  }
}
