import { findDefaultNxData, H5Dataset, openH5, type H5File, type H5Node } from '@pandaas/io-nexus';
import { resolve } from 'node:path';
import { UsageError, CliError } from '../framework/cli-error.js';
import type { Command, CommandContext } from '../framework/command.js';
import { EXIT_CODES } from '../framework/exit-codes.js';
import { parseLocation, type InputLocation } from '../framework/inputs.js';
import { Progress } from '../framework/progress.js';
import { jsonNumber } from '../inspect/attr-values.js';
import { datasetStats, type DatasetStats } from '../inspect/dataset-stats.js';
import { describeDefaultPlot } from '../inspect/default-plot.js';
import { detectFileKind } from '../framework/file-kind.js';
import { describeTree } from '../inspect/h5-tree.js';
import { describeImage, imageStats } from '../inspect/image-info.js';
import { defaultPlotText, imageText, statsText, treeText } from '../inspect/info-text.js';
import type { ValueStats } from '../inspect/stats-accumulator.js';
import { shapeText, typeText } from '../inspect/type-text.js';
import { virtualSourceStatus } from '../inspect/virtual-sources.js';

const LAB6 = 'examples/data/ssrl-lab6/lab6_tth_scan.nxs';

/** What `info` found: the JSON document, and the same for people. */
interface Report {
  readonly json: Record<string, unknown>;
  readonly text: string;
}

/**
 * `pandaas info FILE[::/path] [--stats] [--depth N] [--attrs] [--json]`: the HDF5/NeXus tree
 * under a path (NeXus classes, extents, types, chunks, filters, links, virtual sources, NeXus
 * attributes) and the default NXdata with its `@default` chain; for a TIFF, EDF or CBF file its
 * format, shape, dtype and header. `--stats` reads the dataset (or the default NXdata's signal)
 * in hyperslabs of at most 64 MiB and reports min, max, mean, sum (exact for integers) and NaN
 * count.
 *
 * @example
 * ```ts
 * import { main } from '@pandaas/cli';
 * await main(['info', 'examples/data/ssrl-lab6/lab6_tth_scan.nxs::/entry/data/data', '--stats', '--json']);
 * ```
 */
export const infoCommand: Command = {
  name: 'info',
  summary: 'Show the tree of an HDF5/NeXus file (or an image file\'s header), the default plot, and statistics of a dataset.',
  usage: 'pandaas info FILE[::/path] [--stats] [--depth N] [--attrs] [--json]',
  description: [
    'Lists the objects under /path (the whole file by default): groups with their NeXus class, datasets with',
    'type, shape (n/max where it may grow), chunks and filters (name and id), soft and external links with their',
    'target (dangling ones marked), virtual datasets with their sources (present or missing), the attributes',
    '@signal, @axes, @default, @units, @long_name and @interpretation, and NeXus hard links (@target). Then the',
    'default NXdata, found through the @default chain as silx and h5web do, with its signal, axes and problems.',
    'For a TIFF, EDF or CBF file: format, frames, shape, dtype and header.',
    '',
    '--stats reads the dataset (or, for a group or the whole file, the default NXdata\'s signal) in pieces of at',
    'most 64 MiB, through links, virtual datasets and compression, and reports the number of values, NaN count,',
    'min, max and mean (NaN left out) and the sum (exact for integer data; in --json a string of digits when',
    'beyond 2^53). A virtual dataset whose source files are missing fails (exit 3) unless --fill-missing asks',
    'for HDF5\'s fill value in their place. In --json, NaN and infinities are the strings "NaN", "Infinity".',
  ].join('\n'),
  options: {
    stats: { kind: 'flag', description: 'read the dataset (or the default NXdata\'s signal) and report min, max, mean, sum and NaN count' },
    depth: { kind: 'integer', min: 0, placeholder: 'N', description: 'list members N levels below the path only', defaultText: 'all' },
    attrs: { kind: 'flag', description: 'show every attribute, one a line (default: the NeXus ones inline)' },
    'fill-missing': { kind: 'flag', description: 'with --stats: read the missing source files of a virtual dataset as HDF5\'s fill value' },
  },
  examples: [
    { command: `pandaas info ${LAB6}`, description: 'the tree of the LaB6 scan, and its default plot /entry/data' },
    { command: `pandaas info ${LAB6}::/entry/data/data --stats`, description: 'values, NaN count, min, max, mean and exact sum of the three frames (read through deflate)' },
    { command: `pandaas info ${LAB6} --depth 1 --attrs`, description: 'the first level only, with every attribute' },
    { command: `pandaas info ${LAB6} --stats --json`, description: 'the same as one JSON document: tree, default plot, statistics of its signal' },
  ],
  async run(ctx, args) {
    const [text, ...extra] = args.positionals;
    if (text === undefined) throw new UsageError('info needs a FILE[::/path]');
    if (extra.length > 0) throw new UsageError(`info takes one FILE[::/path]; got also ${extra.map((e) => JSON.stringify(e)).join(' ')}`);
    if (args.flag('fill-missing') && !args.flag('stats')) throw new UsageError('--fill-missing applies to --stats: add --stats');
    const location = parseLocation(text);
    const file = resolve(ctx.cwd, location.file);
    const kind = await detectFileKind(file);
    const report = kind.kind === 'image' ? await imageReport(ctx, args, location, file) : await hdf5Report(ctx, args, location, file);
    ctx.stdout.write(args.json ? `${JSON.stringify(report.json, null, 2)}\n` : report.text);
  },
};

type Args = Parameters<Command['run']>[1];

async function imageReport(ctx: CommandContext, args: Args, location: InputLocation, file: string): Promise<Report> {
  if (location.path !== undefined) throw new UsageError(`${location.file} is an image file, not HDF5: give it without "::${location.path}"`);
  const image = await describeImage(file);
  const stats = args.flag('stats') ? await imageStats(file, ctx.signal) : undefined;
  return {
    json: { file: location.file, ...image, ...(stats ? { stats: statsJson(stats) } : {}) },
    text: `${imageText(location.file, image)}${stats ? `\n${statsText(`${location.file} (${image.dtype} ${shapeText(image.shape)})`, stats)}` : ''}`,
  };
}

async function hdf5Report(ctx: CommandContext, args: Args, location: InputLocation, file: string): Promise<Report> {
  const h5 = await openH5(file);
  try {
    const start = await h5.get(location.path ?? '/');
    const plot = start instanceof H5Dataset ? undefined : await describeDefaultPlot(h5, start.path);
    const tree = await describeTree(h5, start.path, {
      ...(args.integer('depth') === undefined ? {} : { depth: args.integer('depth') }),
      allAttributes: args.flag('attrs'),
      ...(plot?.path ? { defaultPlot: plot.path } : {}),
      signal: ctx.signal,
    });
    const target = args.flag('stats') ? await statsTarget(h5, start, location) : undefined;
    const stats = target ? await streamedStats(ctx, target, args.flag('fill-missing')) : undefined;
    const what = target ? `${target.path} (${typeText(target.type)} ${shapeText(target.shape)})` : '';
    const texts = [`${location.file}  (HDF5)\n${treeText(tree, { attributesOnLines: args.flag('attrs') })}`];
    // a subtree without NXdata says nothing about the default plot; the whole file does
    if (plot && (plot.path !== null || start.path === '/')) texts.push(defaultPlotText(plot));
    if (target && stats) texts.push(statsText(`${what}${stats.slabs > 1 ? `, read in ${stats.slabs} pieces` : ''}`, stats));
    return {
      json: {
        file: location.file,
        format: 'hdf5',
        path: start.path,
        tree,
        ...(plot ? { defaultPlot: plot } : {}),
        ...(target && stats
          ? { stats: { path: target.path, shape: target.shape, type: typeText(target.type), dtype: target.dtype, ...statsJson(stats), slabs: stats.slabs, filled: stats.filled } }
          : {}),
      },
      text: texts.join('\n'),
    };
  } finally {
    await h5.close();
  }
}

/** The dataset `--stats` reads: the one named, else the default NXdata's signal under the group. */
async function statsTarget(h5: H5File, start: H5Node, location: InputLocation): Promise<H5Dataset> {
  if (start instanceof H5Dataset) return start;
  const found = await findDefaultNxData(h5, start.path);
  const signal = found.nxdata?.signal?.dataset;
  if (signal !== undefined) return signal;
  const where = location.path === undefined ? location.file : `${location.file}::${start.path}`;
  throw new CliError(`${where} has no NXdata with a signal for --stats: name a dataset, as ${location.file}::/entry/data/data`, EXIT_CODES.notFound);
}

async function streamedStats(ctx: CommandContext, dataset: H5Dataset, fillMissing: boolean): Promise<DatasetStats & { filled: boolean }> {
  let progress: Progress | undefined;
  const stats = await datasetStats(dataset, {
    fillMissing,
    signal: ctx.signal,
    onSlab: (done, total) => {
      if (total < 2) return;
      progress ??= new Progress(ctx.stderr, { unit: 'pieces', total, interactive: ctx.interactive });
      progress.advance(1);
      if (done === total) progress.finish();
    },
  });
  const filled = fillMissing && virtualSourceStatus(dataset).some((source) => source.present === false);
  if (filled) ctx.stderr.write(`note: ${dataset.path} is virtual and source files are missing: they were read as HDF5's fill value\n`);
  return { ...stats, filled };
}

function statsJson(stats: ValueStats): Record<string, unknown> {
  return {
    count: stats.count,
    nanCount: stats.nanCount,
    min: stats.min === undefined ? null : jsonNumber(stats.min),
    max: stats.max === undefined ? null : jsonNumber(stats.max),
    mean: jsonNumber(stats.mean),
    sum: jsonNumber(stats.sum),
    exact: stats.exact,
  };
}
