import { H5Group, type H5File } from '../h5/objects.js';
import { resolveRelative } from '../h5/paths.js';
import { IoError } from '../errors.js';
import { asString } from './attr-values.js';
import { readNxData, type NxData } from './nxdata.js';

/** Where the `@default` chain led. */
export interface DefaultPlot {
  /** The NXdata found (check its `valid` and `problems`), or undefined when none was found. */
  readonly nxdata?: NxData;
  /** The groups that lead from the start to the NXdata, in order (empty when none was found). */
  readonly chain: readonly string[];
  /** Broken or looping `@default` attributes met on the way (the search went on without them). */
  readonly problems: readonly string[];
}

/** The group classes the fallback search descends into, as h5web does (NXroot's children, NXentry's). */
const CONTAINERS = new Set(['NXentry', 'NXsubentry', 'NXprocess']);

/**
 * Finds the NXdata to plot by default, as silx and h5web do: from `start` (the root), follow
 * `@default` (absolute, or relative to its group; `..` allowed) group by group down to an NXdata.
 * Where `@default` is missing, broken or loops, fall back to the first NXdata member, else descend
 * into the first NXentry/NXsubentry/NXprocess member. Loops are detected, never followed twice.
 *
 * @example
 * ```ts
 * import { findDefaultNxData, openH5 } from '@pandaas/io-nexus';
 * const file = await openH5('chopper.nxs');
 * const { nxdata, chain } = await findDefaultNxData(file);
 * chain; // ['/', '/entry', '/entry/data']
 * await nxdata?.signal?.dataset.read();
 * ```
 */
export async function findDefaultNxData(file: H5File, start = '/'): Promise<DefaultPlot> {
  const chain: string[] = [];
  const problems: string[] = [];
  const visited = new Set<string>();

  const descend = async (group: H5Group): Promise<NxData | undefined> => {
    if (visited.has(group.path)) {
      problems.push(`${group.path} was reached again: the @default attributes form a loop`);
      return undefined;
    }
    visited.add(group.path);
    chain.push(group.path);
    const found = await search(group);
    if (found === undefined) chain.pop();
    return found;
  };

  const search = async (group: H5Group): Promise<NxData | undefined> => {
    if ((await group.nxClass()) === 'NXdata') return readNxData(group);
    const target = asString(await group.attr('default'));
    if (target !== undefined) {
      const path = resolveRelative(group.path, target);
      const next = await groupAt(file, path);
      if (next === undefined) problems.push(`@default of ${group.path} names ${JSON.stringify(target)}, which is not a group of the file`);
      else {
        const found = await descend(next);
        if (found !== undefined) return found;
      }
    }
    const members: H5Group[] = [];
    for (const name of await group.keys()) {
      const member = await groupAt(file, group.path === '/' ? `/${name}` : `${group.path}/${name}`);
      if (member !== undefined) members.push(member);
    }
    for (const member of members) if ((await member.nxClass()) === 'NXdata' && !visited.has(member.path)) return descend(member);
    for (const member of members) {
      if (!CONTAINERS.has((await member.nxClass()) ?? '') || visited.has(member.path)) continue;
      const found = await descend(member);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  const root = await groupAt(file, start);
  if (root === undefined) throw new IoError({ file: file.name, path: start }, 'is not a group: the default plot search starts from a group');
  const nxdata = await descend(root);
  return { nxdata, chain, problems };
}

async function groupAt(file: H5File, path: string): Promise<H5Group | undefined> {
  try {
    const node = await file.get(path);
    return node instanceof H5Group ? node : undefined;
  } catch (err) {
    if (err instanceof IoError) return undefined;
    throw err;
  }
}
