import { FIT_STATUS_CODES } from '@pandaas/fit';
import { VERSION } from '../../version.js';
import type { CurveFit } from './fit-curve.js';
import type { MapFit } from './fit-map.js';
import { settings, type FitRequest } from './request.js';

/**
 * Maps of more curves than this are written as NeXus only (a JSON of them would be unwieldy).
 *
 * @example
 * ```ts
 * if (curves > MAX_JSON_CURVES) throw new UsageError('write NeXus');
 * ```
 */
export const MAX_JSON_CURVES = 10_000;

/** A number for JSON: NaN and ±Infinity (a singular fit's uncertainties) become null. */
function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * The JSON result of one curve's fit: the settings, every parameter by name (value,
 * uncertainty, start, constraint), χ², reduced χ², degrees of freedom, status and iterations.
 * Non-finite numbers are null.
 *
 * @example
 * ```ts
 * const doc = curveDocument(fit, request);
 * doc.parameters[0]; // { name: 'Constant', value: -205.4, uncertainty: 69.5, start: 120.3, constraint: 'free' }
 * ```
 */
export function curveDocument(fit: CurveFit, request: FitRequest) {
  const r = fit.result;
  return {
    program: 'pandaas fit',
    version: VERSION,
    ...settings(request),
    points: fit.x.length,
    xFitted: [fit.x.reduce((a, b) => Math.min(a, b), Infinity), fit.x.reduce((a, b) => Math.max(a, b), -Infinity)],
    parameters: fit.names.map((name, j) => ({
      name,
      value: finite(r.params[j]!),
      uncertainty: finite(r.sigmas[j]!),
      start: fit.start[j]!,
      constraint: fit.constraints[j]!.code,
    })),
    chi2: finite(r.chi2),
    reducedChi2: finite(r.reducedChi2),
    degreesOfFreedom: fit.degreesOfFreedom,
    status: r.status,
    converged: r.converged,
    message: r.message,
    iterations: r.niter,
    evaluations: r.nfev,
  };
}

/**
 * How many curves ended with each status.
 *
 * @example
 * ```ts
 * statusCounts(Uint8Array.of(0, 0, 2)); // { converged: 2, singular: 1 }
 * ```
 */
export function statusCounts(status: Uint8Array): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of status) counts[FIT_STATUS_CODES[code]!] = (counts[FIT_STATUS_CODES[code]!] ?? 0) + 1;
  return counts;
}

/**
 * The JSON summary of a map's fit: settings (`shape` is the peak shape, as for one curve), the
 * map's shape as `mapShape`, the parameter names, the shared start and the status counts; with
 * `full`, every curve's values too (flat, row-major over `mapShape`): parameters and uncertainties by name, χ², reduced χ², status and iterations.
 *
 * @example
 * ```ts
 * const doc = mapDocument(map, request, [36], true);
 * doc.mapShape; // [36]
 * doc.maps.Position1.values.length; // 36
 * ```
 */
export function mapDocument(map: MapFit, request: FitRequest, shape: readonly number[], full: boolean) {
  const names = map.mean.names;
  const p = names.length;
  const column = (values: Float64Array, j: number) => Array.from({ length: map.curves }, (_, i) => finite(values[i * p + j]!));
  return {
    program: 'pandaas fit',
    version: VERSION,
    ...settings(request),
    backend: request.backend,
    mapShape: shape,
    curves: map.curves,
    points: map.mean.x.length,
    parameters: names,
    start: Object.fromEntries(names.map((name, j) => [name, map.start[j]!])),
    degreesOfFreedom: map.degreesOfFreedom,
    statusCounts: statusCounts(map.status),
    ...(full
      ? {
          maps: Object.fromEntries(names.map((name, j) => [name, { values: column(map.params, j), uncertainties: column(map.sigmas, j) }])),
          chi2: Array.from(map.chi2, finite),
          reducedChi2: Array.from(map.reducedChi2, finite),
          status: Array.from(map.status, (code) => FIT_STATUS_CODES[code]!),
          iterations: Array.from(map.niter),
        }
      : {}),
  };
}
