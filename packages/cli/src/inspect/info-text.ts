import { attrText } from './attr-values.js';
import type { DefaultPlotDescription, FieldDescription } from './default-plot.js';
import type { TreeNode } from './h5-tree.js';
import type { ImageDescription } from './image-info.js';
import type { ValueStats } from './stats-accumulator.js';
import { shapeText } from './type-text.js';

/** Most virtual sources listed under a dataset (then a count). */
const MAX_SOURCES = 10;

/**
 * The tree as indented text, one object a line, like `h5ls -r` or h5web's sidebar: groups end
 * with `/` and show their NeXus class, datasets their type, extent, chunks and filters, links
 * their target (`->`), dangling links `(dangling)`, and the NeXus attributes inline (every
 * attribute on its own line with `attributesOnLines`).
 *
 * @example
 * ```ts
 * process.stdout.write(treeText(await describeTree(file, '/')));
 * // /  @default="entry"
 * // └── entry/  NXentry  @default="data"
 * ```
 */
export function treeText(root: TreeNode, options: { attributesOnLines?: boolean } = {}): string {
  const lines: string[] = [];
  const visit = (node: TreeNode, lead: string, branch: string, below: string) => {
    lines.push(`${lead}${branch}${nodeLine(node, options.attributesOnLines === true)}`);
    const more = (text: string) => lines.push(`${lead}${below}${node.children?.length ? '│   ' : '    '}${text}`);
    for (const source of node.dataset?.virtualSources?.slice(0, MAX_SOURCES) ?? []) {
      more(`<- ${source.file}::${source.dataset}  (${source.present === null ? 'a file name pattern' : source.present ? 'present' : 'missing'})`);
    }
    const sources = node.dataset?.virtualSources?.length ?? 0;
    if (sources > MAX_SOURCES) more(`… ${sources - MAX_SOURCES} more sources`);
    if (options.attributesOnLines === true) for (const [key, value] of Object.entries(node.attributes)) more(`@${key} = ${attrText(value)}`);
    const children = node.children ?? [];
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      visit(child, `${lead}${below}`, last ? '└── ' : '├── ', last ? '    ' : '│   ');
    });
  };
  visit(root, '', '', '');
  const dangling = collectDangling(root);
  if (dangling.length > 0) {
    lines.push('', `${dangling.length} dangling link${dangling.length === 1 ? '' : 's'} (--json gives each reason); the first: ${dangling[0]!.path}: ${dangling[0]!.link?.error ?? 'unresolved'}`);
  }
  return `${lines.join('\n')}\n`;
}

function nodeLine(node: TreeNode, attributesOnLines: boolean): string {
  const parts: string[] = [];
  let name = node.kind === 'group' && node.name !== '/' ? `${node.name}/` : node.name;
  if (node.link) name += ` -> ${node.link.kind === 'external' ? `${node.link.file}::${node.link.target}` : node.link.target}`;
  parts.push(name);
  if (node.kind === 'unresolved') return [...parts, '(dangling)'].join('  ');
  if (node.nxClass !== undefined) parts.push(node.nxClass);
  const ds = node.dataset;
  if (ds) {
    parts.push(`${ds.type} ${shapeText(ds.shape, ds.maxshape)}`);
    if (ds.chunks) parts.push(`chunks [${ds.chunks.join(', ')}]`);
    if (ds.filters.length > 0) parts.push(`filters ${ds.filters.map((f) => `${f.name}(${f.id})`).join(' ')}`);
    if (ds.virtualSources) {
      const missing = ds.virtualSources.filter((s) => s.present === false).length;
      parts.push(`virtual: ${ds.virtualSources.length} source${ds.virtualSources.length === 1 ? '' : 's'}${missing > 0 ? `, ${missing} missing` : ''}`);
    }
  }
  if (node.hardLinkOf !== undefined) parts.push(`= ${node.hardLinkOf} (hard link, @target)`);
  if (!attributesOnLines) {
    const attrs = Object.entries(node.attributes).map(([key, value]) => `@${key}=${attrText(value)}`);
    if (attrs.length > 0) parts.push(attrs.join(' '));
  }
  if (node.membersNotShown !== undefined) parts.push(`… ${node.membersNotShown} member${node.membersNotShown === 1 ? '' : 's'} (deeper than --depth)`);
  if (node.notListed !== undefined) parts.push(`(${node.notListed})`);
  if (node.defaultPlot) parts.push('<- default plot');
  return parts.join('  ');
}

function collectDangling(node: TreeNode, out: TreeNode[] = []): TreeNode[] {
  if (node.kind === 'unresolved') out.push(node);
  for (const child of node.children ?? []) collectDangling(child, out);
  return out;
}

/**
 * The default NXdata in a few lines: its path and chain, signal, axes, problems.
 *
 * @example
 * ```ts
 * defaultPlotText(await describeDefaultPlot(file));
 * // default plot: /entry/data  (chain / -> /entry -> /entry/data)
 * ```
 */
export function defaultPlotText(plot: DefaultPlotDescription): string {
  const lines: string[] = [];
  if (plot.path === null) lines.push('default plot: none found');
  else lines.push(`default plot: ${plot.path}  (chain ${plot.chain.join(' -> ')})`);
  if (plot.signal) lines.push(`  signal  ${fieldText(plot.signal)}`);
  plot.axes.forEach((axis, dim) => {
    if (axis) lines.push(`  axis ${dim}  ${fieldText(axis)}${axis.binEdges ? '  (bin edges)' : ''}${axis.dims.length > 1 ? `  (dims ${axis.dims.join(', ')})` : ''}`);
  });
  if (plot.auxiliarySignals.length > 0) lines.push(`  auxiliary signals  ${plot.auxiliarySignals.join(', ')}`);
  if (plot.interpretation !== undefined) lines.push(`  interpretation  ${plot.interpretation}`);
  for (const problem of plot.searchProblems) lines.push(`  @default problem: ${problem}`);
  if (plot.path !== null) for (const problem of plot.problems) lines.push(`  NXdata problem: ${problem}`);
  return `${lines.join('\n')}\n`;
}

function fieldText(field: FieldDescription): string {
  const label = field.longName !== undefined ? `  "${field.longName}"` : '';
  const units = field.units !== undefined ? `  (${field.units})` : '';
  return `${field.name}  ${field.type} ${shapeText(field.shape)}${label}${units}${field.errors !== undefined ? `  errors ${field.errors}` : ''}`;
}

/**
 * Statistics as two lines: the counts, then min, max, mean and sum.
 *
 * @example
 * ```ts
 * statsText('/entry/data/data (int32 [148, 750])', stats);
 * ```
 */
export function statsText(what: string, stats: ValueStats): string {
  return [
    `stats of ${what}:`,
    `  values ${stats.count}  NaN ${stats.nanCount}`,
    `  min ${numberText(stats.min)}  max ${numberText(stats.max)}  mean ${numberText(stats.mean)}  sum ${numberText(stats.sum)}${stats.exact ? ' (exact)' : ''}`,
    '',
  ].join('\n');
}

/** A number for people: integers in full, others to 10 significant digits; `-` for none. */
function numberText(value: number | bigint | undefined): string {
  if (value === undefined) return '-';
  if (typeof value === 'bigint' || Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(10)));
}

/**
 * An image file's format, frames, shape, dtype and header, one header key a line.
 *
 * @example
 * ```ts
 * imageText('frame.tif', await describeImage('frame.tif'));
 * ```
 */
export function imageText(file: string, image: ImageDescription): string {
  const lines = [`${file}  ${image.format.toUpperCase()} image, ${image.frames} frame${image.frames === 1 ? '' : 's'}, ${image.dtype} ${shapeText(image.shape)}`];
  const keys = Object.keys(image.header);
  lines.push(`header (${keys.length} keys${image.frames > 1 ? ', first frame' : ''}):`);
  for (const key of keys) lines.push(`  ${key} = ${attrText(image.header[key]!)}`);
  return `${lines.join('\n')}\n`;
}
