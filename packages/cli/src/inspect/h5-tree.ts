import { filterName, H5Dataset, H5Group, IoError, type H5File, type H5Node, type LinkInfo } from '@pandaas/io-nexus';
import { textOf, toJsonValue, type JsonValue } from './attr-values.js';
import { typeText } from './type-text.js';
import { virtualSourceStatus, type VirtualSourceStatus } from './virtual-sources.js';

/** A soft or external link, and where it leads. */
export interface LinkDescription {
  readonly kind: 'soft' | 'external';
  /** The target path (in the target file for an external link). */
  readonly target: string;
  /** External links: the target file as stored. */
  readonly file?: string;
  /** Whether the link leads to an object. */
  readonly resolved: boolean;
  /** Why it does not (a dangling link: missing name or file, a cycle). */
  readonly error?: string;
}

/** A dataset's storage: extent, types, chunks, filters, virtual sources. */
export interface DatasetDescription {
  readonly shape: readonly number[] | null;
  readonly maxshape: readonly (number | null)[] | null;
  /** The type in the file (`uint32`, `string (utf-8, variable)`...). */
  readonly type: string;
  /** The dtype it reads as (`null`: not numeric, e.g. strings). */
  readonly dtype: string | null;
  /** Chunk shape (`null`: contiguous or compact). */
  readonly chunks: readonly number[] | null;
  /** The filter pipeline, in the order applied on writing. */
  readonly filters: readonly { readonly id: number; readonly name: string; readonly cdValues: readonly number[] }[];
  /** A virtual dataset's sources (absent when not virtual). */
  readonly virtualSources?: readonly VirtualSourceStatus[];
}

/** One object of the tree (a member reached by its link), as `pandaas info --json` gives it. */
export interface TreeNode {
  readonly name: string;
  /** Its path in the opened file's namespace. */
  readonly path: string;
  /** What the link leads to; `unresolved` for a dangling link. */
  readonly kind: 'group' | 'dataset' | 'datatype' | 'unresolved';
  /** Present for soft and external links. */
  readonly link?: LinkDescription;
  /** Where the object really is, when a link leads elsewhere (the file only when another). */
  readonly location?: { readonly file?: string; readonly path: string };
  readonly nxClass?: string;
  /** The NeXus `@target` when it names another path: this is a hard link to that object. */
  readonly hardLinkOf?: string;
  /** The attributes shown (NeXus ones by default, every one with `allAttributes`). */
  readonly attributes: Readonly<Record<string, JsonValue>>;
  readonly dataset?: DatasetDescription;
  /** A group's members, when listed. */
  readonly children?: readonly TreeNode[];
  /** A group's member count, when `depth` stopped the listing. */
  readonly membersNotShown?: number;
  /** Why a group's members are not listed here (a soft link to a group, a loop). */
  readonly notListed?: string;
  /** Whether this is the default NXdata. */
  readonly defaultPlot?: boolean;
}

/** Options of {@link describeTree}. */
export interface TreeOptions {
  /** Levels of members listed below the start (default: all). */
  readonly depth?: number;
  /** Every attribute instead of the NeXus ones. */
  readonly allAttributes?: boolean;
  /** The default NXdata's path, marked in the tree. */
  readonly defaultPlot?: string;
  /** Stops the walk (checked at each group). */
  readonly signal?: AbortSignal;
}

/** The attributes shown without `allAttributes` (`NX_class` is the node's `nxClass`, `@target` its `hardLinkOf`). */
const NEXUS_ATTRIBUTES = ['signal', 'axes', 'default', 'units', 'long_name', 'interpretation'];

/**
 * The tree of an HDF5 file under `path`: groups and their members in HDF5's name order, with
 * NeXus classes, the NeXus attributes (or all), and for datasets their extent, type, chunks,
 * filters and virtual sources. Hard links and external links to groups are descended into; a
 * soft link to a group is shown with its target, not listed again; dangling links are nodes of
 * kind `unresolved` that say why. A missing `path` is io-nexus's `ObjectNotFoundError`.
 *
 * @example
 * ```ts
 * const tree = await describeTree(file, '/', { depth: 2 });
 * tree.children?.map((node) => node.name); // ['entry']
 * ```
 */
export async function describeTree(file: H5File, path: string, options: TreeOptions = {}): Promise<TreeNode> {
  const node = await file.get(path);
  const at = node.path;
  const link = at === '/' ? undefined : linkDescription(await parentOf(file, at).then((group) => group.link(lastName(at))));
  return describeNode(file, node, { name: at === '/' ? '/' : lastName(at), link, level: 0, ancestors: new Set(), start: true }, options);
}

interface Place {
  readonly name: string;
  readonly link: Omit<LinkDescription, 'resolved'> | undefined;
  readonly level: number;
  /** `file::path` of the groups above (loops through external links). */
  readonly ancestors: ReadonlySet<string>;
  readonly start: boolean;
}

async function describeMember(file: H5File, group: H5Group, name: string, place: Omit<Place, 'name' | 'link' | 'start'>, options: TreeOptions): Promise<TreeNode> {
  const path = group.path === '/' ? `/${name}` : `${group.path}/${name}`;
  const link = linkDescription(await group.link(name));
  let node: H5Node;
  try {
    node = await file.get(path);
  } catch (err) {
    if (!(err instanceof IoError)) throw err;
    const reason = reasonOf(err);
    return { name, path, kind: 'unresolved', ...(link ? { link: { ...link, resolved: false, error: reason } } : {}), attributes: {} };
  }
  return describeNode(file, node, { ...place, name, link, start: false }, options);
}

async function describeNode(file: H5File, node: H5Node, place: Place, options: TreeOptions): Promise<TreeNode> {
  const attrs = await node.attrs();
  const nxClass = await node.nxClass();
  const shown = Object.entries(attrs).filter(([key]) => options.allAttributes === true || NEXUS_ATTRIBUTES.includes(key));
  const target = textOf(attrs.target);
  const elsewhere = node.location.file !== file.name || node.location.objectPath !== node.path;
  const base = {
    name: place.name,
    path: node.path,
    ...(place.link ? { link: { ...place.link, resolved: true } } : {}),
    ...(elsewhere ? { location: { ...(node.location.file !== file.name ? { file: node.location.file } : {}), path: node.location.objectPath } } : {}),
    ...(nxClass === undefined ? {} : { nxClass }),
    ...(target !== undefined && target !== node.path && target !== node.location.objectPath ? { hardLinkOf: target } : {}),
    attributes: Object.fromEntries(shown.map(([key, value]) => [key, toJsonValue(value)])),
    ...(options.defaultPlot === node.path ? { defaultPlot: true } : {}),
  };
  if (node instanceof H5Dataset) return { ...base, kind: 'dataset', dataset: describeDataset(node) };
  if (!(node instanceof H5Group)) return { ...base, kind: 'datatype' };
  const key = `${node.location.file}::${node.location.objectPath}`;
  if (place.ancestors.has(key)) return { ...base, kind: 'group', notListed: `a loop: ${node.location.objectPath} contains this link` };
  if (place.link?.kind === 'soft' && !place.start) return { ...base, kind: 'group', notListed: `a soft link: the members are listed at ${node.location.objectPath}` };
  const names = await node.keys();
  if (options.depth !== undefined && place.level >= options.depth) return { ...base, kind: 'group', membersNotShown: names.length };
  options.signal?.throwIfAborted();
  const ancestors = new Set(place.ancestors).add(key);
  const children: TreeNode[] = [];
  for (const name of names) children.push(await describeMember(file, node, name, { level: place.level + 1, ancestors }, options));
  return { ...base, kind: 'group', children };
}

function describeDataset(dataset: H5Dataset): DatasetDescription {
  return {
    shape: dataset.shape,
    maxshape: dataset.maxshape,
    type: typeText(dataset.type),
    dtype: dataset.dtype ?? null,
    chunks: dataset.chunks,
    filters: dataset.filters.map((f) => ({ id: f.id, name: filterName(f.id, f.name), cdValues: f.cdValues })),
    ...(dataset.isVirtual ? { virtualSources: virtualSourceStatus(dataset) } : {}),
  };
}

function linkDescription(info: LinkInfo): Omit<LinkDescription, 'resolved'> | undefined {
  if (info.kind === 'soft') return { kind: 'soft', target: info.target ?? '' };
  if (info.kind === 'external') return { kind: 'external', target: info.target ?? '', file: info.targetFile ?? '' };
  return undefined;
}

/** An io-nexus error's reason, without the `file (path): ` it starts with. */
function reasonOf(err: IoError): string {
  const prefix = `${err.file}${err.path === undefined ? '' : ` (${err.path})`}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

function lastName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function parentOf(file: H5File, path: string): Promise<H5Group> {
  return file.group(path.slice(0, path.lastIndexOf('/')) || '/');
}
