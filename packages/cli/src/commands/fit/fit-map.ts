import { array } from '@pandaas/core';
import { fitMany, poissonSigma } from '@pandaas/fit';
import { InterruptedError } from '../../framework/cli-error.js';
import type { CommandContext } from '../../framework/command.js';
import type { InputArray } from '../../framework/inputs.js';
import { Progress } from '../../framework/progress.js';
import { readCurves } from './curves.js';
import { fitCurve, type CurveFit, type CurveFitOptions } from './fit-curve.js';

/**
 * How to fit every curve of a map: a single curve's options (no sigma: the weights' rule), and the batch's.
 *
 * @example
 * ```ts
 * const options: MapFitOptions = { spec, peaks: { kind: 'auto' }, keep: [100, 101, 102], weights: 'poisson', backend: 'cpu', batchValues: 1 << 22, scaleCovar: true };
 * ```
 */
export interface MapFitOptions extends Omit<CurveFitOptions, 'sigma' | 'xRange'> {
  /** The indices of the points fitted along the last axis (the x range's). */
  readonly keep: readonly number[];
  readonly weights: 'none' | 'poisson';
  readonly backend: 'cpu' | 'webgpu';
  /** About how many input values one batch holds. */
  readonly batchValues: number;
}

/**
 * Every curve's fit: parameters and uncertainties [n, p], χ², reduced χ², status and iterations [n].
 *
 * @example
 * ```ts
 * const map: MapFit = await fitMap(ctx, input, x, options);
 * map.params[i * map.start.length + j]; // parameter j of curve i
 * ```
 */
export interface MapFit {
  /** The fit of the mean curve, whose parameters start every curve. */
  readonly mean: CurveFit;
  /** The start shared by every curve. */
  readonly start: Float64Array;
  readonly curves: number;
  readonly params: Float64Array;
  readonly sigmas: Float64Array;
  readonly chi2: Float64Array;
  readonly reducedChi2: Float64Array;
  /** Indices into @pandaas/fit's FIT_STATUS_CODES. */
  readonly status: Uint8Array;
  readonly niter: Int32Array;
  readonly degreesOfFreedom: number;
}

/** Poisson σ of the curves `ys`; a curve with NaN is fitMany's 'invalid-input', so there its σ only has to be valid: 1. */
function validPoissonSigma(ys: Float64Array): Float64Array {
  const sigma = poissonSigma(ys);
  for (let i = 0; i < sigma.length; i++) if (!Number.isFinite(sigma[i])) sigma[i] = 1;
  return sigma;
}

/**
 * Fits every curve along the last axis of `input` with @pandaas/fit's batch fitter, streaming
 * the input twice in batches of about `batchValues` values: first the mean curve (NaN left out),
 * fitted as a single curve (silx's estimate, the `--peaks` rule) to fix the model and give every
 * curve its start; then `fitMany` on each batch (CPU pool or WebGPU), each curve weighted on its
 * own (poisson: σ = √max(y, 1)). Progress goes to stderr; Ctrl-C stops between batches.
 *
 * @example
 * ```ts
 * const map = await fitMap(ctx, input, x, { spec, peaks: { kind: 'count', count: 1 }, keep, weights: 'none', backend: 'cpu', batchValues: 1 << 22, scaleCovar: true });
 * map.params; // [n, p], row-major
 * ```
 */
export async function fitMap(ctx: CommandContext, input: InputArray, x: Float64Array, options: MapFitOptions): Promise<MapFit> {
  const { keep } = options;
  const m = input.shape.at(-1)!;
  const curves = input.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const k = keep.length;
  const xk = Float64Array.from(keep, (i) => x[i]!);
  const read = () => readCurves(input, { batchValues: options.batchValues, signal: ctx.signal });

  const total = new Float64Array(k);
  const counts = new Float64Array(k);
  const averaging = new Progress(ctx.stderr, { unit: 'curves averaged', total: curves, interactive: ctx.interactive });
  for await (const batch of read()) {
    for (let c = 0; c < batch.count; c++) {
      for (let j = 0; j < k; j++) {
        const v = batch.values[c * m + keep[j]!]!;
        if (Number.isFinite(v)) {
          total[j]! += v;
          counts[j]!++;
        }
      }
    }
    averaging.advance(batch.count);
  }
  if (ctx.signal.aborted) throw new InterruptedError();
  averaging.finish();
  const meanCurve = Float64Array.from(total, (s, j) => s / counts[j]!);
  const mean = fitCurve(xk, meanCurve, options);
  const start = mean.result.params.every(Number.isFinite) ? mean.result.params : mean.start;

  const p = start.length;
  const params = new Float64Array(curves * p);
  const sigmas = new Float64Array(curves * p);
  const chi2 = new Float64Array(curves);
  const status = new Uint8Array(curves);
  const niter = new Int32Array(curves);
  const fitting = new Progress(ctx.stderr, { unit: 'curves', total: curves, interactive: ctx.interactive });
  for await (const batch of read()) {
    const ys = new Float64Array(batch.count * k);
    for (let c = 0; c < batch.count; c++) for (let j = 0; j < k; j++) ys[c * k + j] = batch.values[c * m + keep[j]!]!;
    const sigma = options.weights === 'poisson' ? array(validPoissonSigma(ys), { shape: [batch.count, k] }) : undefined;
    const r = await fitMany(mean.model, xk, array(ys, { shape: [batch.count, k] }), start, {
      backend: options.backend,
      constraints: mean.constraints,
      scaleCovar: options.scaleCovar,
      ...(sigma === undefined ? {} : { sigma }),
      ...(options.maxIter === undefined ? {} : { maxIter: options.maxIter }),
      ...(options.deltaChi === undefined ? {} : { deltaChi: options.deltaChi }),
    });
    params.set(await r.params.data(), batch.first * p);
    sigmas.set(await r.sigmas.data(), batch.first * p);
    chi2.set(await r.chi2.data(), batch.first);
    status.set(await r.status.data(), batch.first);
    niter.set(await r.niter.data(), batch.first);
    fitting.advance(batch.count);
    if (ctx.signal.aborted) throw new InterruptedError();
  }
  if (ctx.signal.aborted) throw new InterruptedError();
  fitting.finish();
  const dof = k - (mean.x.length - mean.degreesOfFreedom);
  return { mean, start, curves, params, sigmas, chi2, reducedChi2: chi2.map((v) => v / dof), status, niter, degreesOfFreedom: dof };
}
