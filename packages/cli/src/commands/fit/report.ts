import { statusCounts } from './documents.js';
import type { CurveFit } from './fit-curve.js';
import type { MapFit } from './fit-map.js';
import type { FitRequest } from './request.js';

const number = (value: number) => (Number.isFinite(value) ? value.toPrecision(7) : String(value));

/**
 * One curve's fit for a terminal: each parameter with its uncertainty and start, then χ²,
 * reduced χ², degrees of freedom and why the fit stopped.
 *
 * @example
 * ```ts
 * ctx.stdout.write(curveText(fit, request));
 * ```
 */
export function curveText(fit: CurveFit, request: FitRequest): string {
  const r = fit.result;
  const width = Math.max(...fit.names.map((name) => name.length));
  const rows = fit.names.map((name, j) => `  ${name.padEnd(width)}  ${number(r.params[j]!).padStart(14)} ± ${number(r.sigmas[j]!).padEnd(14)} (start ${number(fit.start[j]!)})`);
  return [
    `${request.spec.text} fit of ${request.input}: ${fit.x.length} points, ${request.abscissa.name} from ${number(fit.x[0]!)} to ${number(fit.x.at(-1)!)}, weights ${request.weights}`,
    ...rows,
    `  chi2 ${number(r.chi2)}, reduced chi2 ${number(r.reducedChi2)} (${fit.degreesOfFreedom} degrees of freedom; uncertainties ${request.scaleCovar ? 'scaled by it' : 'absolute'})`,
    `  ${r.status} after ${r.niter} iterations: ${r.message}`,
    '',
  ].join('\n');
}

/**
 * A map's fit for a terminal: the shape, the shared start (the mean curve's fit) and how many
 * curves ended with each status.
 *
 * @example
 * ```ts
 * ctx.stdout.write(mapText(map, request, [36]));
 * ```
 */
export function mapText(map: MapFit, request: FitRequest, shape: readonly number[]): string {
  const start = map.mean.names.map((name, j) => `${name} ${number(map.start[j]!)}`).join(', ');
  const counts = Object.entries(statusCounts(map.status)).map(([status, count]) => `${count} ${status}`).join(', ');
  return [
    `${request.spec.text} fits of ${map.curves} curves of ${request.input} (map [${shape.join(', ')}], ${map.mean.x.length} points each, ${request.backend})`,
    `  start (the mean curve's fit): ${start}`,
    `  ${counts}`,
    '',
  ].join('\n');
}
