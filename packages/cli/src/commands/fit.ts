import { initWebGpuBackend } from '@pandaas/core';
import { GPU_MAX_POINTS, poissonSigma } from '@pandaas/fit';
import type { NxAxis } from '@pandaas/io-nexus';
import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { ParsedArgs } from '../framework/args.js';
import { CliError, UsageError } from '../framework/cli-error.js';
import type { Command, CommandContext } from '../framework/command.js';
import { EXIT_CODES } from '../framework/exit-codes.js';
import { openInput, parseLocation, type InputArray } from '../framework/inputs.js';
import { withOutputs } from '../framework/outputs.js';
import { readAbscissa, toFloat64 } from './fit/curves.js';
import { curveDocument, mapDocument, MAX_JSON_CURVES } from './fit/documents.js';
import { fitCurve, rangeIndices } from './fit/fit-curve.js';
import { fitMap } from './fit/fit-map.js';
import { BACKGROUND_CHOICES, MODEL_BACKGROUND_NAMES, parseModelSpec, parsePeaks, SHAPE_NAMES } from './fit/model-spec.js';
import { writeCurveNexus, writeMapNexus } from './fit/nexus.js';
import { fitPng } from './fit/plot.js';
import { curveText, mapText } from './fit/report.js';
import type { FitRequest } from './fit/request.js';

const NEXUS_EXTENSIONS = ['.nxs', '.nx5', '.h5', '.hdf5'];
/** Input values per batch of a map fit (32 MiB of float64). */
const BATCH_VALUES = 1 << 22;

type Args = ParsedArgs & { readonly json: boolean };

/**
 * `pandaas fit`: fits a peak (or step) model to a curve, or to every curve along the last axis
 * of a map or stack, with @pandaas/fit (silx's FitManager workflow for one curve, `fitMany` for
 * maps), and writes the parameters with their uncertainties as JSON or NeXus.
 *
 * @example
 * ```ts
 * import { main } from '@pandaas/cli';
 * await main(['fit', 'spectrum.nxs::/entry/data/counts', '--model', 'gaussian+linear', '--x-range', '1400,1550', '-o', 'fit.json']);
 * ```
 */
export const fitCommand: Command = {
  name: 'fit',
  summary: 'Fit peaks to a curve, or to every curve of a map or stack (parameter maps).',
  usage: 'pandaas fit FILE[::/path] --model SHAPE[+BACKGROUND] [options] [-o fit.json|fit.nxs] [--png fit.png]',
  description: [
    '--model is SHAPE[+BACKGROUND], names as @pandaas/fit spells them (any case). One SHAPE of',
    `  ${SHAPE_NAMES.slice(0, 6).join(', ')},`,
    `  ${SHAPE_NAMES.slice(6).join(', ')},`,
    `and optionally a fitted BACKGROUND: ${MODEL_BACKGROUND_NAMES.join(', ')}.`,
    'The peaks are numbered: Height1, Position1, FWHM1, Height2, ...; backgrounds keep their names',
    '(Constant, Slope; a, b, c... for polynomials). --peaks auto uses silx\'s peak search; N keeps the',
    'N most intense peaks found; x1,x2,... starts one peak at each x (write one whole x as 1474.0).',
    '',
    'x is --x, else the NXdata axis along the last dimension, else the point index. A 1D signal is',
    'one fit (JSON, or NeXus with the data, the fitted curve and the background). A signal of more',
    'dimensions is a map of curves along its last axis: the mean curve\'s fit gives the model and',
    'every curve\'s start, then all curves are fitted in batches (CPU pool, or WebGPU for gaussian,',
    `lorentzian and pseudoVoigt shapes up to ${GPU_MAX_POINTS} points), and each parameter's map is written`,
    `as NXdata (JSON for up to ${MAX_JSON_CURVES} curves). Weights: none (as scipy and silx), or poisson:`,
    'sigma = sqrt(max(y, 1)). Uncertainties are scaled by the reduced chi2 (scipy curve_fit\'s',
    'default) unless --absolute-sigma.',
  ].join('\n'),
  options: {
    model: { kind: 'text', description: 'the model: SHAPE[+BACKGROUND] (see above)', placeholder: 'MODEL' },
    peaks: { kind: 'text', description: 'auto (peak search), a count N, or x positions x1,x2,...', placeholder: 'auto|N|X1,X2', defaultText: 'auto' },
    background: { kind: 'text', description: 'background: fitted (constant, linear) or a curve subtracted first (strip, snip; single curves only)', choices: BACKGROUND_CHOICES, defaultText: 'the model\'s, else none' },
    'x-range': { kind: 'pair', description: 'fit only the points with x in [A, B]' },
    x: { kind: 'text', description: 'the x values: /path in the input file, or FILE::/path', placeholder: 'PATH' },
    weights: { kind: 'text', description: 'none, or poisson: sigma = sqrt(max(y, 1))', choices: ['none', 'poisson'], defaultText: 'none' },
    'absolute-sigma': { kind: 'flag', description: 'uncertainties from the weights alone, not scaled by the reduced chi2 (silx\'s; curve_fit absolute_sigma=True)' },
    'max-iter': { kind: 'integer', description: 'the most Levenberg-Marquardt steps per fit', min: 1, defaultText: '100' },
    'delta-chi': { kind: 'number', description: 'stop when chi2 falls by less than this many percent (0: run to the minimum)', min: 0, defaultText: '0.001 (silx)' },
    backend: { kind: 'text', description: 'where maps are fitted', choices: ['cpu', 'webgpu'], defaultText: 'cpu' },
    output: { kind: 'text', short: 'o', description: 'write the results: .json, or NeXus (.nxs, .h5); needed for maps', placeholder: 'FILE' },
    png: { kind: 'text', description: 'plot a single curve\'s data, fit and background into a PNG', placeholder: 'FILE' },
    overwrite: { kind: 'flag', description: 'replace outputs that exist' },
  },
  examples: [
    {
      command: 'pandaas fit lab6.nxs --model pseudoVoigt+linear -o peak.json --png peak.png',
      description: 'the LaB6 peak of a pattern from "pandaas integrate examples/data/ssrl-lab6/lab6_tth_scan.nxs --poni examples/data/ssrl-lab6/lab6_0009.poni --npt 2000 --unit 2th_deg --frames 0 -o lab6.nxs", with a plot',
    },
    {
      command: 'pandaas fit spectrum.nxs::/entry/mca/counts --model gaussian+linear --x-range 1410,1540 --weights poisson -o co.nxs',
      description: 'one XRF peak on a linear background with Poisson weights: data, fit and background as NXdata, parameters in /entry/results',
    },
    {
      command: 'pandaas fit scan.h5::/20.1/instrument/mpx1x4_mpx4int/sum --x /20.1/measurement/eta --model gaussian+linear --peaks 17.24,17.72,18.28',
      description: 'three peaks of a rocking curve against the motor eta, started at the given positions; the results printed',
    },
    {
      command: 'pandaas fit cakes.nxs::/entry/cakes --model gaussian+linear --x-range 3.40,3.48 --backend webgpu -o maps.nxs',
      description: 'one peak in each azimuthal cake of a [36, 5000] NXdata (along 2θ), on the GPU: Position1, FWHM1... maps as NXdata',
    },
  ],
  async run(ctx, args) {
    const [target, ...extra] = args.positionals;
    if (target === undefined) throw new UsageError('fit needs the signal to fit: FILE::/path (or FILE for its default NXdata)');
    if (extra.length > 0) throw new UsageError(`fit takes one input; got also ${extra.map((e) => JSON.stringify(e)).join(', ')}`);
    const modelText = args.text('model');
    if (modelText === undefined) throw new UsageError(`fit needs --model SHAPE[+BACKGROUND], with SHAPE one of ${SHAPE_NAMES.join(', ')}`);
    const spec = parseModelSpec(modelText, args.text('background'));
    const peaks = parsePeaks(args.text('peaks') ?? 'auto');
    const output = outputPath(ctx, args.text('output'), ['.json', ...NEXUS_EXTENSIONS], '--output');
    const png = outputPath(ctx, args.text('png'), ['.png'], '--png');
    const location = parseLocation(target);
    const input = await openInput({ ...location, file: resolve(ctx.cwd, location.file) });
    try {
      const request: FitRequest = {
        input: target,
        spec,
        peaks,
        weights: (args.text('weights') ?? 'none') as FitRequest['weights'],
        ...(args.pair('x-range') === undefined ? {} : { xRange: args.pair('x-range')! }),
        abscissa: await readAbscissa(input, args.text('x'), ctx.cwd),
        scaleCovar: !args.flag('absolute-sigma'),
        backend: (args.text('backend') ?? 'cpu') as FitRequest['backend'],
        ...(args.integer('max-iter') === undefined ? {} : { maxIter: args.integer('max-iter')! }),
        ...(args.number('delta-chi') === undefined ? {} : { deltaChi: args.number('delta-chi')! }),
      };
      const inputs = request.abscissa.file === undefined ? [input.file] : [input.file, request.abscissa.file];
      const outputs = { overwrite: args.flag('overwrite'), inputs, signal: ctx.signal };
      if (input.shape.length === 1) await fitOne(ctx, args, input, request, output, png, outputs);
      else await fitAll(ctx, args, input, request, output, png, outputs);
    } finally {
      await input.close();
    }
  },
};

/** The absolute path of an output option, its extension checked. */
function outputPath(ctx: CommandContext, path: string | undefined, extensions: readonly string[], option: string): string | undefined {
  if (path === undefined) return undefined;
  const ext = extname(path).toLowerCase();
  if (!extensions.includes(ext)) throw new UsageError(`${option} ${JSON.stringify(path)}: the extension ${JSON.stringify(ext || '(none)')} is not one of ${extensions.join(', ')}`);
  return resolve(ctx.cwd, path);
}

type OutputSettings = Parameters<typeof withOutputs>[1];

async function fitOne(
  ctx: CommandContext, args: Args, input: InputArray, request: FitRequest, output: string | undefined, png: string | undefined, outputs: OutputSettings,
): Promise<void> {
  if (request.backend === 'webgpu') throw new UsageError('--backend webgpu fits maps (signals of 2 or more dimensions); a single curve is fitted on the CPU: leave --backend out');
  const y = await toFloat64(await input.read());
  const run = () => fitCurve(request.abscissa.values, y, {
    spec: request.spec,
    peaks: request.peaks,
    ...(request.xRange === undefined ? {} : { xRange: request.xRange }),
    ...(request.weights === 'poisson' ? { sigma: poissonSigma(y) } : {}),
    scaleCovar: request.scaleCovar,
    ...(request.maxIter === undefined ? {} : { maxIter: request.maxIter }),
    ...(request.deltaChi === undefined ? {} : { deltaChi: request.deltaChi }),
  });
  const destinations = [output, png].filter((path): path is string => path !== undefined);
  const fit = destinations.length === 0 ? run() : await withOutputs(destinations, outputs, async (paths) => {
    const result = run();
    let k = 0;
    if (output !== undefined) {
      const path = paths[k++]!;
      if (extname(output).toLowerCase() === '.json') await writeFile(path, `${JSON.stringify(curveDocument(result, request), null, 2)}\n`);
      else await writeCurveNexus(path, result, request);
    }
    if (png !== undefined) await writeFile(paths[k]!, await fitPng(result, request));
    return result;
  });
  if (!fit.result.converged) ctx.stderr.write(`pandaas fit: warning: the fit ended ${fit.result.status}: ${fit.result.message}\n`);
  if (args.json) ctx.stdout.write(`${JSON.stringify({ ...curveDocument(fit, request), outputs: destinations })}\n`);
  else ctx.stdout.write(`${curveText(fit, request)}${destinations.map((path) => `wrote ${path}\n`).join('')}`);
}

async function fitAll(
  ctx: CommandContext, args: Args, input: InputArray, request: FitRequest, output: string | undefined, png: string | undefined, outputs: OutputSettings,
): Promise<void> {
  const shape = input.shape.slice(0, -1);
  const curves = shape.reduce((a, b) => a * b, 1);
  if (output === undefined) throw new UsageError(`${request.input} holds ${curves} curves (shape [${input.shape.join(', ')}]): give -o maps.nxs (or .json for up to ${MAX_JSON_CURVES} curves)`);
  if (png !== undefined) throw new UsageError('--png plots a single curve\'s fit; for a map, plot a parameter map of the NeXus output with pandaas plot');
  if (request.spec.backgroundTerm === 'strip' || request.spec.backgroundTerm === 'snip') {
    throw new UsageError(`--background ${request.spec.backgroundTerm} is for single curves; a map is fitted with a constant, linear or polynomial background, or none`);
  }
  const json = extname(output).toLowerCase() === '.json';
  if (json && curves > MAX_JSON_CURVES) {
    throw new UsageError(`${request.input} holds ${curves} curves: JSON is written for up to ${MAX_JSON_CURVES}; write NeXus (-o maps.nxs)`);
  }
  const keep = rangeIndices(request.abscissa.values, request.xRange);
  if (request.backend === 'webgpu') {
    if (keep.length > GPU_MAX_POINTS) {
      throw new CliError(`--backend webgpu fits curves of at most ${GPU_MAX_POINTS} points; the x range holds ${keep.length}: narrow --x-range or use --backend cpu`, EXIT_CODES.backend);
    }
    await initWebGpuBackend();
  }
  const axes = await leadingAxes(input);
  const map = await withOutputs([output], outputs, async ([path]) => {
    const result = await fitMap(ctx, input, request.abscissa.values, {
      spec: request.spec,
      peaks: request.peaks,
      keep,
      weights: request.weights,
      backend: request.backend,
      batchValues: BATCH_VALUES,
      scaleCovar: request.scaleCovar,
      ...(request.maxIter === undefined ? {} : { maxIter: request.maxIter }),
      ...(request.deltaChi === undefined ? {} : { deltaChi: request.deltaChi }),
    });
    if (json) await writeFile(path!, `${JSON.stringify(mapDocument(result, request, shape, true))}\n`);
    else await writeMapNexus(path!, result, request, shape, axes);
    return result;
  });
  if (args.json) ctx.stdout.write(`${JSON.stringify({ ...mapDocument(map, request, shape, false), outputs: [output] })}\n`);
  else ctx.stdout.write(`${mapText(map, request, shape)}wrote ${output}\n`);
}

/** The input's axes along the leading dimensions (null where it has none), for the maps. */
async function leadingAxes(input: InputArray): Promise<(NxAxis | null)[]> {
  const axes: (NxAxis | null)[] = [];
  for (let dim = 0; dim < input.shape.length - 1; dim++) {
    const axis = await input.axis(dim);
    const fits = axis !== undefined && (axis.values.length === input.shape[dim] || axis.values.length === input.shape[dim]! + 1);
    axes.push(fits ? { name: axis.name, data: axis.values, ...(axis.units === undefined ? {} : { units: axis.units }) } : null);
  }
  return axes;
}
