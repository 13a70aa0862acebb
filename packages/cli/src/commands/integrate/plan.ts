import { isPandaasError } from '@pandaas/core';
import type {
  AzimuthalIntegrator,
  Integrate1dOptions,
  Integrate1dResult,
  Integrate2dOptions,
  Integrate2dResult,
  IntegrationPlan,
} from '@pandaas/integrate';
import { CliError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';
import type { IntegrateRequest } from './options.js';
import type { PixelArrays } from './pixel-arrays.js';

/** The command-line option of each option of `integrate1d`/`integrate2d`, for messages. */
const FLAG_OF: Readonly<Record<string, string>> = {
  npt: '--npt',
  nptRad: '--npt',
  nptAzim: '--npt-azim',
  unit: '--unit',
  unitAzimuthal: '--azimuthal-unit',
  radialRange: '--radial-range',
  azimuthRange: '--azimuth-range',
  mask: '--mask',
  dummy: '--dummy',
  deltaDummy: '--delta-dummy',
  dark: '--dark',
  flat: '--flat',
  variance: '--variance',
  correctSolidAngle: '--no-solid-angle',
  polarizationFactor: '--polarization',
  normalizationFactor: '--normalization',
  errorModel: '--error-model',
  method: '--method',
};

/**
 * A message of @pandaas/integrate in the command's words: `options.radialRange` becomes
 * `--radial-range`.
 *
 * @example
 * ```ts
 * inCliTerms('options.radialRange [1000, 2000] lies outside the data'); // '--radial-range [1000, 2000] lies outside the data'
 * ```
 */
function inCliTerms(message: string): string {
  return message.replace(/options\.(\w+)/g, (text, key: string) => FLAG_OF[key] ?? text);
}

/**
 * The options of `integrate1d` (or `integrate2d` with `--npt-azim`) for a request: only what
 * was given, so that everything else takes the package's default (pyFAI's).
 *
 * @example
 * ```ts
 * const options = integrationOptions(request, await readPixelArrays(request.pixelFiles, [195, 1475]));
 * ```
 */
export function integrationOptions(r: IntegrateRequest, pixels: PixelArrays): Integrate1dOptions | Integrate2dOptions {
  const common = {
    ...(r.unit === undefined ? {} : { unit: r.unit }),
    ...(r.radialRange === undefined ? {} : { radialRange: r.radialRange }),
    ...(r.azimuthRange === undefined ? {} : { azimuthRange: r.azimuthRange }),
    ...pixels,
    ...(r.dummy === undefined ? {} : { dummy: r.dummy }),
    ...(r.deltaDummy === undefined ? {} : { deltaDummy: r.deltaDummy }),
    correctSolidAngle: r.correctSolidAngle,
    ...(r.polarizationFactor === undefined ? {} : { polarizationFactor: r.polarizationFactor }),
    ...(r.normalizationFactor === undefined ? {} : { normalizationFactor: r.normalizationFactor }),
    ...(r.errorModel === undefined ? {} : { errorModel: r.errorModel }),
    ...(r.method === undefined ? {} : { method: r.method }),
  };
  if (r.nptAzim === undefined) return { npt: r.npt, ...common };
  return { nptRad: r.npt, nptAzim: r.nptAzim, ...(r.azimuthalUnit === undefined ? {} : { unitAzimuthal: r.azimuthalUnit }), ...common };
}

/**
 * Builds the plan (bins, sparse matrix, corrections, engine) once for the whole stack. WebGPU
 * asked for but not available is an error with exit status 7 that says to use `--backend cpu`;
 * options the package refuses (a radial range outside the data...) are errors with exit status
 * 5, worded with the command's options.
 *
 * @example
 * ```ts
 * const plan = await buildPlan(ai, { npt: 1000, unit: '2th_deg' });
 * ```
 */
export async function buildPlan(
  ai: AzimuthalIntegrator,
  options: Integrate1dOptions | Integrate2dOptions,
): Promise<IntegrationPlan<Integrate1dResult> | IntegrationPlan<Integrate2dResult>> {
  try {
    return 'nptRad' in options ? await ai.plan2d(options) : await ai.plan1d(options);
  } catch (err) {
    if (isPandaasError(err, 'E_BACKEND')) {
      const reason = err.cause instanceof Error ? err.cause.message : err.message;
      throw new CliError(`--backend webgpu: WebGPU is not available here (${reason}); integrate with --backend cpu (the default)`, EXIT_CODES.backend, { cause: err });
    }
    if (isPandaasError(err) && err.code !== 'E_DISPOSED') {
      const exitCode = err.code === 'E_NOT_FOUND' ? EXIT_CODES.notFound : err.code === 'E_FORMAT' ? EXIT_CODES.badInput : err.code === 'E_IO' ? EXIT_CODES.io : EXIT_CODES.mismatch;
      throw new CliError(inCliTerms(err.message), exitCode, { cause: err });
    }
    throw err;
  }
}
