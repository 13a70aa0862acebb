import { FILTER_NAMES, TOMO_BACKENDS, type FilterName, type TomoBackend } from '@pandaas/tomo';
import { extname, resolve } from 'node:path';
import type { OptionSpecs, ParsedArgs } from '../../framework/args.js';
import { UsageError } from '../../framework/cli-error.js';

/**
 * The options of `pandaas recon`.
 *
 * @example
 * ```ts
 * parseCommandLine(['tooth.h5', '--cor', 'auto', '-o', 'volume.nxs'], RECON_OPTIONS);
 * ```
 */
export const RECON_OPTIONS: OptionSpecs = {
  cor: { kind: 'text', placeholder: 'auto|PIXEL', defaultText: 'auto', description: "the rotation axis: its position on the detector row in pixels from the first pixel's centre (sub-pixel allowed), or auto (Vo's method on the middle slice)" },
  filter: { kind: 'text', choices: FILTER_NAMES, defaultText: 'ramp', description: 'the FBP filter: the ramp (Ram-Lak) alone or times a window' },
  paganin: { kind: 'number', min: 0, placeholder: 'DELTA_BETA', description: 'Paganin phase retrieval with this δ/β (needs the energy, distance and pixel size: options, or the NXtomo file)' },
  energy: { kind: 'number', min: 0, placeholder: 'KEV', description: 'photon energy in keV, for --paganin (default: the file\'s)' },
  distance: { kind: 'number', min: 0, placeholder: 'M', description: 'sample-detector distance in metres, for --paganin (default: the file\'s)' },
  'pixel-size': { kind: 'number', min: 0, placeholder: 'M', description: 'detector pixel size in metres, for --paganin and the axes in metres (default: the file\'s)' },
  rings: { kind: 'text', choices: ['munch', 'vo'], description: "ring removal on each sinogram: Münch's wavelet-Fourier filter or Vo's combined method (tomopy's defaults)" },
  slices: { kind: 'text', placeholder: 'A:B', description: "the detector rows to reconstruct, A to B-1 (Python's rules; negative counts from the end); default all" },
  backend: { kind: 'text', choices: TOMO_BACKENDS, defaultText: 'cpu', description: 'where the FBP runs: all CPU cores, or a GPU through WebGPU' },
  'half-acquisition': { kind: 'flag', description: 'a 360° scan with the axis near one edge: stitch each sinogram into a 180° one of the full field (needs --cor PIXEL)' },
  batch: { kind: 'integer', min: 1, placeholder: 'N', description: 'slices reconstructed at once (memory grows with it); default: as many as fit in about 64 MiB, at most 64' },
  output: { kind: 'text', short: 'o', placeholder: 'FILE.nxs', description: 'the NeXus file to write (.nxs, .nx5, .h5, .hdf5) (required)' },
  png: { kind: 'text', placeholder: 'FILE.png', description: 'also plot the middle slice (.png or .svg)' },
  overwrite: { kind: 'flag', description: 'replace the output files if they exist' },
};

/**
 * What `pandaas recon` was asked to do, checked and with paths resolved.
 *
 * @example
 * ```ts
 * const { input, cor, filter } = parseReconRequest(args, process.cwd());
 * ```
 */
export interface ReconRequest {
  /** The input file (absolute). */
  readonly input: string;
  /** The input as the user wrote it. */
  readonly inputText: string;
  readonly output: string;
  readonly png?: string;
  /** A detector position, or `'auto'`. */
  readonly cor: number | 'auto';
  readonly filter: FilterName;
  readonly paganin?: { readonly deltaBeta: number; readonly energy?: number; readonly distance?: number; readonly pixelSize?: number };
  /** `--pixel-size` (metres). */
  readonly pixelSize?: number;
  readonly rings?: 'munch' | 'vo';
  /** `--slices A:B` as written (either end may be left out). */
  readonly slices?: { readonly start?: number; readonly stop?: number; readonly text: string };
  readonly backend: TomoBackend;
  readonly halfAcquisition: boolean;
  readonly batch?: number;
  readonly overwrite: boolean;
}

const NEXUS = ['.nxs', '.nx5', '.h5', '.hdf5', '.nx'];
const PLOT = ['.png', '.svg'];
const SLICES = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*$/;

/**
 * Checks the command line of `pandaas recon` (one input, `-o`, option combinations) and resolves
 * the paths against `cwd`; every problem is a {@link UsageError} naming the option.
 *
 * @example
 * ```ts
 * const request = parseReconRequest(args, ctx.cwd);
 * ```
 */
export function parseReconRequest(args: ParsedArgs, cwd: string): ReconRequest {
  const [inputText, ...extra] = args.positionals;
  if (inputText === undefined) throw new UsageError('recon needs an input FILE (NXtomo, or APS Data Exchange)');
  if (extra.length > 0) throw new UsageError(`recon takes one input FILE; got also ${JSON.stringify(extra[0])}`);
  if (inputText.includes('::')) throw new UsageError(`recon reads the whole scan of FILE (its NXtomo entry or /exchange group): give ${JSON.stringify(inputText.slice(0, inputText.lastIndexOf('::')))} without "::/path"`);
  const output = args.text('output');
  if (output === undefined) throw new UsageError('recon needs -o FILE.nxs, the NeXus file to write the volume to');
  if (!NEXUS.includes(extname(output).toLowerCase())) throw new UsageError(`-o ${output}: the volume is written as NeXus; name it ${NEXUS.map((e) => `*${e}`).join(', ')}`);
  const png = args.text('png');
  if (png !== undefined && !PLOT.includes(extname(png).toLowerCase())) throw new UsageError(`--png ${png}: the plot is written as .png or .svg; got extension ${JSON.stringify(extname(png))}`);
  const corText = args.text('cor') ?? 'auto';
  let cor: number | 'auto' = 'auto';
  if (corText !== 'auto') {
    cor = corText.trim() === '' ? NaN : Number(corText);
    if (!Number.isFinite(cor)) throw new UsageError(`--cor must be auto or the axis position in pixels (a number); got ${JSON.stringify(corText)}`);
  }
  const halfAcquisition = args.flag('half-acquisition');
  if (halfAcquisition && cor === 'auto') throw new UsageError('--half-acquisition needs --cor PIXEL: the axis of an off-centre 360° scan is not found automatically');
  const deltaBeta = args.number('paganin');
  const energy = args.number('energy');
  const distance = args.number('distance');
  const pixelSize = args.number('pixel-size');
  if (deltaBeta === undefined && (energy !== undefined || distance !== undefined)) throw new UsageError('--energy and --distance are for --paganin DELTA_BETA');
  for (const [name, value] of [['paganin', deltaBeta], ['energy', energy], ['pixel-size', pixelSize]] as const) {
    if (value === 0) throw new UsageError(`--${name} must be > 0; got 0`);
  }
  let slices: ReconRequest['slices'];
  const slicesText = args.text('slices');
  if (slicesText !== undefined) {
    const match = SLICES.exec(slicesText);
    if (match === null) throw new UsageError(`--slices must be a range of detector rows A:B (either end may be left out); got ${JSON.stringify(slicesText)}`);
    slices = { ...(match[1] === undefined ? {} : { start: Number(match[1]) }), ...(match[2] === undefined ? {} : { stop: Number(match[2]) }), text: slicesText.trim() };
  }
  const batch = args.integer('batch');
  return {
    input: resolve(cwd, inputText),
    inputText,
    output: resolve(cwd, output),
    ...(png === undefined ? {} : { png: resolve(cwd, png) }),
    cor,
    filter: (args.text('filter') ?? 'ramp') as FilterName,
    ...(deltaBeta === undefined
      ? {}
      : { paganin: { deltaBeta, ...(energy === undefined ? {} : { energy }), ...(distance === undefined ? {} : { distance }), ...(pixelSize === undefined ? {} : { pixelSize }) } }),
    ...(pixelSize === undefined ? {} : { pixelSize }),
    ...(args.text('rings') === undefined ? {} : { rings: args.text('rings') as 'munch' | 'vo' }),
    ...(slices === undefined ? {} : { slices }),
    backend: (args.text('backend') ?? 'cpu') as TomoBackend,
    halfAcquisition,
    ...(batch === undefined ? {} : { batch }),
    overwrite: args.flag('overwrite'),
  };
}
