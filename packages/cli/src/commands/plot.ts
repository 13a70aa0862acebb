import { renderPng, renderSvg, type ColormapName } from '@pandaas/plot';
import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { UsageError } from '../framework/cli-error.js';
import type { Command } from '../framework/command.js';
import { parseLocation } from '../framework/inputs.js';
import { withOutputs } from '../framework/outputs.js';
import { detectFileKind } from '../framework/file-kind.js';
import { COLORMAP_CHOICES, SCALE_CHOICES } from './plot/figure-options.js';
import { hdf5Figure, imageFileFigure, type PlotRequest } from './plot/plot-figure.js';

const LAB6 = 'examples/data/ssrl-lab6/lab6_tth_scan.nxs';

/** The picture formats, by output extension. */
const FORMATS: Readonly<Record<string, 'png' | 'svg'>> = { '.png': 'png', '.svg': 'svg' };

/**
 * `pandaas plot FILE[::/path] -o out.png|out.svg`: an NXdata group (named, or the file's default
 * plot) as silx and h5web show it, a dataset (a curve when it has one dimension, else an image),
 * or a TIFF/EDF/CBF frame, drawn by @pandaas/plot. Of a stack only the frame shown is read
 * (`--frame`, default 0).
 *
 * @example
 * ```ts
 * import { main } from '@pandaas/cli';
 * await main(['plot', 'examples/data/ssrl-lab6/lab6_tth_scan.nxs', '--frame', '1', '-o', 'frame1.png']);
 * ```
 */
export const plotCommand: Command = {
  name: 'plot',
  summary: 'Plot an NXdata group, a dataset or an image file to PNG or SVG.',
  usage: 'pandaas plot FILE[::/path] -o OUT.png|OUT.svg [--frame N] [--colormap NAME] [--scale NAME] [--width W --height H] [--title TEXT]',
  description: [
    'Without a path, the file\'s default NXdata (the @default chain, as silx and h5web find it) is plotted. An',
    'NXdata group gives a curve when its signal has one dimension (or @interpretation="spectrum"): x from its axis',
    '(bin edges become centres), error bars from its errors, auxiliary signals as more curves; otherwise an image',
    'of the last two dimensions with its axes, labels from @long_name or name and @units. A dataset gives a curve',
    '(one dimension) or an image. Of a stack, one frame is read and shown: --frame N counts over the dimensions',
    'before those plotted. A TIFF, EDF or CBF file gives an image of its frame N. --scale is the colour',
    'normalization of an image, the y axis scale of a curve. The output format comes from the extension.',
  ].join('\n'),
  options: {
    output: { kind: 'text', short: 'o', placeholder: 'FILE', description: 'the picture to write: .png or .svg' },
    frame: { kind: 'integer', min: 0, placeholder: 'N', description: 'the frame of a stack to show', defaultText: '0' },
    colormap: { kind: 'text', placeholder: 'NAME', choices: COLORMAP_CHOICES, description: 'the colormap of an image', defaultText: 'viridis' },
    scale: { kind: 'text', placeholder: 'NAME', choices: SCALE_CHOICES, description: 'image: colour normalization; curve: y axis scale', defaultText: 'linear' },
    width: { kind: 'integer', min: 100, max: 10000, placeholder: 'W', description: 'figure width in pixels', defaultText: '640' },
    height: { kind: 'integer', min: 100, max: 10000, placeholder: 'H', description: 'figure height in pixels', defaultText: '480' },
    title: { kind: 'text', placeholder: 'TEXT', description: 'the title above the plot (default: the NXdata title, or the path)' },
    overwrite: { kind: 'flag', description: 'replace the output when it exists' },
  },
  examples: [
    { command: `pandaas plot ${LAB6} -o lab6.png`, description: 'the default plot: the first LaB6 frame, with its long name on the colorbar' },
    { command: `pandaas plot ${LAB6} --frame 2 --scale log --colormap magma -o lab6-2.svg`, description: 'the third frame, log colour scale, as SVG' },
    { command: `pandaas plot ${LAB6}::/entry/data/two_theta -o arm.png`, description: 'a one-dimensional dataset as a curve (the arm positions)' },
  ],
  async run(ctx, args) {
    const [text, ...extra] = args.positionals;
    if (text === undefined) throw new UsageError('plot needs a FILE[::/path] to plot');
    if (extra.length > 0) throw new UsageError(`plot takes one FILE[::/path]; got also ${extra.map((e) => JSON.stringify(e)).join(' ')}`);
    const output = args.text('output');
    if (output === undefined) throw new UsageError('plot needs -o OUT.png or -o OUT.svg');
    const format = FORMATS[extname(output).toLowerCase()];
    if (format === undefined) throw new UsageError(`-o ${output}: the output must end in .png or .svg (got ${JSON.stringify(extname(output) || 'no extension')})`);
    const location = parseLocation(text);
    const file = resolve(ctx.cwd, location.file);
    const destination = resolve(ctx.cwd, output);
    const request: PlotRequest = {
      file,
      location,
      frame: args.integer('frame') ?? 0,
      choices: {
        ...(args.text('colormap') === undefined ? {} : { colormap: args.text('colormap') as ColormapName }),
        ...(args.text('scale') === undefined ? {} : { scale: args.text('scale') }),
        ...(args.integer('width') === undefined ? {} : { width: args.integer('width') }),
        ...(args.integer('height') === undefined ? {} : { height: args.integer('height') }),
        ...(args.text('title') === undefined ? {} : { title: args.text('title') }),
      },
      notes: ctx.stderr,
    };
    const kind = await detectFileKind(file);
    if (kind.kind === 'image' && location.path !== undefined) throw new UsageError(`${location.file} is an image file, not HDF5: give it without "::${location.path}"`);
    const plotted = await withOutputs([destination], { overwrite: args.flag('overwrite'), inputs: [file], signal: ctx.signal }, async ([staged]) => {
      const source = kind.kind === 'image' ? await imageFileFigure(request) : await hdf5Figure(request);
      await writeFile(staged!, format === 'png' ? await renderPng(source.figure) : renderSvg(source.figure));
      return source;
    });
    const { figure, ...what } = plotted;
    const summary = { output, format, ...what, width: figure.width, height: figure.height };
    if (args.json) ctx.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const frame = what.frames > 1 ? `, frame ${what.frame} of ${what.frames}` : '';
      ctx.stdout.write(`wrote ${output}: ${what.kind === 'line' ? 'a curve' : 'an image'} of ${what.source}${frame} (${figure.width} x ${figure.height} ${format.toUpperCase()})\n`);
    }
  },
};
