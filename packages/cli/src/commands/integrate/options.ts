import { isPandaasError } from '@pandaas/core';
import {
  AZIMUTHAL_UNITS,
  DEFAULT_METHOD,
  ENGINE_BACKENDS,
  ERROR_MODELS,
  formatMethod,
  parseMethod,
  RADIAL_UNITS,
  type AzimuthalUnit,
  type EngineBackend,
  type ErrorModel,
  type Method,
  type MethodSpec,
  type RadialUnit,
} from '@pandaas/integrate';
import { extname, resolve } from 'node:path';
import type { OptionSpecs, ParsedArgs } from '../../framework/args.js';
import { UsageError } from '../../framework/cli-error.js';
import { parseLocation, type InputLocation } from '../../framework/inputs.js';
import { parseFrameSelection, type FrameSelection } from './frame-selection.js';

/**
 * The options of `pandaas integrate`: every option of `integrate1d`/`integrate2d` of
 * @pandaas/integrate, with pyFAI's `integrate1d_ng` defaults (those of the package).
 *
 * @example
 * ```ts
 * parseCommandLine(['scan.nxs', '--poni', 'a.poni', '--npt', '1000', '-o', 'r.nxs'], INTEGRATE_OPTIONS);
 * ```
 */
export const INTEGRATE_OPTIONS: OptionSpecs = {
  poni: { kind: 'text', placeholder: 'FILE', description: 'the geometry: a pyFAI PONI file (v1, v2 or v2.1); its detector shape must be the frames\' (a PONI without shape takes theirs)' },
  npt: { kind: 'integer', min: 1, description: 'number of radial bins (required)' },
  'npt-azim': { kind: 'integer', min: 1, description: 'number of azimuthal bins: integrate in 2D (a radial x azimuthal "cake"); 1D without it' },
  unit: { kind: 'text', choices: RADIAL_UNITS, defaultText: 'q_nm^-1', description: 'radial unit of the bins' },
  'azimuthal-unit': { kind: 'text', choices: AZIMUTHAL_UNITS, defaultText: 'chi_deg', description: 'azimuthal unit of a 2D result' },
  method: {
    kind: 'text',
    placeholder: 'SPLIT[,ALGO[,BACKEND]]',
    defaultText: formatMethod(DEFAULT_METHOD).replaceAll('-', ','),
    description: 'pixel splitting (no, bbox, full), algorithm (csr, histogram) and backend (cpu, webgpu), as pyFAI\'s method triple',
  },
  backend: { kind: 'text', choices: ENGINE_BACKENDS, defaultText: 'cpu', description: 'where frames are integrated: all CPU cores, or a GPU through WebGPU' },
  'error-model': { kind: 'text', choices: ERROR_MODELS, defaultText: 'none (variance with --variance)', description: 'how the uncertainties (sigma) are computed' },
  variance: { kind: 'text', placeholder: 'FILE[::/path]', description: 'variance of each pixel (an image of the detector\'s shape; implies --error-model variance)' },
  polarization: { kind: 'number', min: -1, max: 1, description: 'polarization factor in [-1, 1] (0: unpolarized); no correction without it' },
  'no-solid-angle': { kind: 'flag', description: 'do not correct for the solid angle of each pixel (corrected by default)' },
  normalization: { kind: 'number', description: 'normalization monitor: the signal is divided by it (default 1)' },
  mask: { kind: 'text', placeholder: 'FILE[::/path]', description: 'pixels to leave out: an image of the detector\'s shape, non-zero = masked (added to the detector\'s module-gap mask)' },
  dark: { kind: 'text', placeholder: 'FILE[::/path]', description: 'dark current image, subtracted from every frame' },
  flat: { kind: 'text', placeholder: 'FILE[::/path]', description: 'flat-field image: every frame is divided by it' },
  'radial-range': { kind: 'pair', description: 'lower and upper end of the radial bins, in --unit (default: the data\'s extent)' },
  'azimuth-range': { kind: 'pair', description: 'azimuthal range in degrees, in [-180, 180] or [0, 360] (a range reaching past 180 is taken in [0, 360])' },
  dummy: { kind: 'number', description: 'raw value of invalid pixels, also given to empty bins (default: none; empty bins 0)' },
  'delta-dummy': { kind: 'number', min: 0, description: 'pixels within this of --dummy are invalid too (default 0: equal)' },
  frames: { kind: 'text', placeholder: 'K|A:B', description: 'which frames of a stack: one frame K, or the frames A to B-1 (Python\'s rules; negative counts from the end)' },
  output: { kind: 'text', short: 'o', placeholder: 'FILE.nxs', description: 'the NeXus file to write (.nxs, .nx5, .h5, .hdf5) (required)' },
  png: { kind: 'text', placeholder: 'FILE.png', description: 'also plot the result (.png or .svg): the pattern, the cake, or for a stack of patterns the frames x radial image' },
  overwrite: { kind: 'flag', description: 'replace the output files if they exist' },
};

/**
 * What `pandaas integrate` was asked to do, checked and with paths resolved.
 *
 * @example
 * ```ts
 * const { input, npt, method } = parseIntegrateRequest(args, process.cwd());
 * ```
 */
export interface IntegrateRequest {
  /** The frames: a file (absolute) and the HDF5 path, when one was given. */
  readonly input: InputLocation;
  /** The input as the user wrote it (for messages and the NeXus parameters). */
  readonly inputText: string;
  readonly poni: string;
  readonly output: string;
  readonly png?: string;
  readonly npt: number;
  /** Azimuthal bins: 2D integration when given. */
  readonly nptAzim?: number;
  /** The radial unit (the package's default, q_nm^-1, when not given). */
  readonly unit?: RadialUnit;
  /** The azimuthal unit of a 2D result (the package's default, chi_deg, when not given). */
  readonly azimuthalUnit?: AzimuthalUnit;
  /** The method, with the backend of `--backend` (or of `--method`); the package's default when neither was given. */
  readonly method?: Method;
  readonly errorModel?: ErrorModel;
  readonly polarizationFactor?: number;
  readonly correctSolidAngle: boolean;
  readonly normalizationFactor?: number;
  readonly radialRange?: readonly [number, number];
  readonly azimuthRange?: readonly [number, number];
  readonly dummy?: number;
  readonly deltaDummy?: number;
  /** Per-pixel images, by option name. */
  readonly pixelFiles: Readonly<Partial<Record<PixelOption, PixelFile>>>;
  readonly frames?: FrameSelection;
  readonly overwrite: boolean;
}

/**
 * The options that name a per-pixel image.
 *
 * @example
 * ```ts
 * const name: PixelOption = 'mask';
 * ```
 */
export type PixelOption = 'mask' | 'dark' | 'flat' | 'variance';

/**
 * A per-pixel image: where it is, and how the user wrote it.
 *
 * @example
 * ```ts
 * const mask: PixelFile = { location: { file: '/data/mask.h5', path: '/mask' }, text: 'mask.h5::/mask' };
 * ```
 */
export interface PixelFile {
  readonly location: InputLocation;
  readonly text: string;
}

const NEXUS_EXTENSIONS = ['.nxs', '.nx5', '.h5', '.hdf5'];
const PLOT_EXTENSIONS = ['.png', '.svg'];

/** `FILE[::/path]` with the file resolved against `cwd`. */
function locate(text: string, cwd: string): InputLocation {
  const location = parseLocation(text);
  return { ...location, file: resolve(cwd, location.file) };
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new UsageError(message);
  return value;
}

/**
 * The method of `--method` (commas or dashes between the parts, as `bbox,csr` or `full-csr-cpu`)
 * with the backend of `--backend`; a backend given both ways must agree.
 *
 * @example
 * ```ts
 * resolveMethod('full,csr', 'webgpu'); // { split: 'full', algorithm: 'csr', backend: 'webgpu' }
 * resolveMethod(undefined, undefined); // undefined: the package's default
 * ```
 */
function resolveMethod(text: string | undefined, backend: string | undefined): Method | undefined {
  if (text === undefined && backend === undefined) return undefined;
  let method = DEFAULT_METHOD;
  if (text !== undefined) {
    const parts = text.split(/[,-]/).map((part) => part.trim());
    try {
      // parseMethod checks each name (the strings are not yet known to be splittings, algorithms, backends)
      method = parseMethod(parts as unknown as MethodSpec, '--method');
    } catch (err) {
      if (isPandaasError(err)) throw new UsageError(`${err.message} (as SPLIT[,ALGORITHM[,BACKEND]], e.g. bbox,csr or full,csr,webgpu)`);
      throw err;
    }
    if (backend !== undefined && parts.length === 3 && method.backend !== backend) {
      throw new UsageError(`--method ${text} asks for the backend ${method.backend} but --backend says ${backend}: give one of them`);
    }
  }
  return backend === undefined ? method : Object.freeze({ ...method, backend: backend as EngineBackend });
}

/**
 * Checks the command line of `pandaas integrate` and resolves its paths against `cwd`: the
 * input, `--poni`, `--npt` and `-o` are required; file extensions, the method and the options
 * that need one another are checked here (UsageErrors), before any file is read.
 *
 * @example
 * ```ts
 * const request = parseIntegrateRequest(args, process.cwd());
 * ```
 */
export function parseIntegrateRequest(args: ParsedArgs, cwd: string): IntegrateRequest {
  if (args.positionals.length === 0) throw new UsageError('integrate needs the frames to integrate: FILE::/path/to/frames, or a TIFF, EDF or CBF image');
  if (args.positionals.length > 1) throw new UsageError(`integrate takes one input; got ${args.positionals.length}: ${args.positionals.join(' ')}`);
  const inputText = args.positionals[0]!;
  const poni = required(args.text('poni'), 'integrate needs the geometry: --poni FILE (a pyFAI PONI file)');
  const npt = required(args.integer('npt'), 'integrate needs the number of radial bins: --npt N');
  const output = required(args.text('output'), 'integrate needs the NeXus file to write: -o FILE.nxs');
  if (!NEXUS_EXTENSIONS.includes(extname(output).toLowerCase())) {
    throw new UsageError(`-o ${output}: the result is written as NeXus; give a name ending in ${NEXUS_EXTENSIONS.join(', ')}`);
  }
  const png = args.text('png');
  if (png !== undefined && !PLOT_EXTENSIONS.includes(extname(png).toLowerCase())) {
    throw new UsageError(`--png ${png}: the plot is written as PNG or SVG; give a name ending in .png or .svg`);
  }
  const errorModel = args.text('error-model') as ErrorModel | undefined;
  const variance = args.text('variance');
  if (errorModel === 'variance' && variance === undefined) throw new UsageError('--error-model variance needs the variance of each pixel: --variance FILE[::/path]');
  if (variance !== undefined && errorModel !== undefined && errorModel !== 'variance') {
    throw new UsageError(`--variance is used by the error model "variance" only; got --error-model ${errorModel}`);
  }
  const dummy = args.number('dummy');
  const deltaDummy = args.number('delta-dummy');
  if (deltaDummy !== undefined && dummy === undefined) throw new UsageError(`--delta-dummy ${deltaDummy} needs --dummy X (the value of invalid pixels)`);
  const normalizationFactor = args.number('normalization');
  if (normalizationFactor === 0) throw new UsageError('--normalization must not be 0: the signal is divided by it');
  const nptAzim = args.integer('npt-azim');
  const azimuthalUnit = args.text('azimuthal-unit') as AzimuthalUnit | undefined;
  if (azimuthalUnit !== undefined && nptAzim === undefined) throw new UsageError('--azimuthal-unit is for 2D integration: give --npt-azim N too');
  const pixelFiles: Partial<Record<PixelOption, PixelFile>> = {};
  for (const name of ['mask', 'dark', 'flat', 'variance'] as const) {
    const text = args.text(name);
    if (text !== undefined) pixelFiles[name] = { location: locate(text, cwd), text };
  }
  const framesText = args.text('frames');
  const polarizationFactor = args.number('polarization');
  const radialRange = args.pair('radial-range');
  const azimuthRange = args.pair('azimuth-range');
  const unit = args.text('unit') as RadialUnit | undefined;
  const method = resolveMethod(args.text('method'), args.text('backend'));
  return {
    input: locate(inputText, cwd),
    inputText,
    poni: resolve(cwd, poni),
    output: resolve(cwd, output),
    ...(png === undefined ? {} : { png: resolve(cwd, png) }),
    npt,
    ...(nptAzim === undefined ? {} : { nptAzim }),
    ...(unit === undefined ? {} : { unit }),
    ...(azimuthalUnit === undefined ? {} : { azimuthalUnit }),
    ...(method === undefined ? {} : { method }),
    ...(errorModel === undefined ? {} : { errorModel }),
    ...(polarizationFactor === undefined ? {} : { polarizationFactor }),
    correctSolidAngle: !args.flag('no-solid-angle'),
    ...(normalizationFactor === undefined ? {} : { normalizationFactor }),
    ...(radialRange === undefined ? {} : { radialRange }),
    ...(azimuthRange === undefined ? {} : { azimuthRange }),
    ...(dummy === undefined ? {} : { dummy }),
    ...(deltaDummy === undefined ? {} : { deltaDummy }),
    pixelFiles,
    ...(framesText === undefined ? {} : { frames: parseFrameSelection(framesText) }),
    overwrite: args.flag('overwrite'),
  };
}
