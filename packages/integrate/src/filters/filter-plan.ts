/**
 * What the filters share: their options split into the integration's and their own, the
 * integrator's CSR plan on the CPU, the frame's raw values, and the result built from sums.
 * @module
 */
import { ArgumentError, show, type NdArray, type TypedArray } from '@pandaas/core';
import type { AzimuthalIntegrator } from '../integrator/azimuthal-integrator.js';
import type { Accumulators, Corrections } from '../integrator/engine.js';
import { frameValues } from '../integrator/engine-inputs.js';
import { parseMethod, type MethodSpec } from '../integrator/method.js';
import type { Integrate1dOptions, IntegrateCommonOptions } from '../integrator/options.js';
import { checkFrame } from '../integrator/plan.js';
import { Integrate1dResult } from '../integrator/results.js';
import { binCenters } from '../splitting/bins.js';
import type { Csr, Split } from '../splitting/types.js';
import { radialUnit } from '../units.js';

/**
 * Options the filters share with `integrate1d` (the method only chooses the pixel splitting).
 *
 * @example
 * ```ts
 * const common: FilterCommonOptions = { npt: 1000, unit: 'q_nm^-1', polarizationFactor: 0.99, method: 'no' };
 * ```
 */
export interface FilterCommonOptions extends Omit<IntegrateCommonOptions, 'method'> {
  /** Number of radial bins (default 1024, as pyFAI). */
  npt?: number;
  /** Pixel splitting, as a name or a method (its algorithm and backend are ignored: the filters run a CSR matrix on the CPU). */
  method?: MethodSpec;
}

/** A frame ready to filter: the matrix, the corrections, the raw values, and how to make the result. */
export interface FilterInputs {
  readonly csr: Csr;
  readonly corrections: Corrections;
  readonly raw: TypedArray;
  /** Wraps the filtered sums as a 1D result (bin centres, unit, method, factors, geometry). */
  readonly result: (sums: Accumulators) => Integrate1dResult;
}

/**
 * The integration options of a filter call (its own options removed), with `npt` defaulting to
 * 1024 and the method forced to a CSR matrix on the CPU with the given splitting (`defaultSplit`
 * when none is given).
 *
 * @example
 * ```ts
 * const o = integrationOptions({ npt: 500, thres: 3 }, ['thres'], 'no'); // { npt: 500, method: { split: 'no', ... } }
 * ```
 */
export function integrationOptions(options: FilterCommonOptions, own: readonly string[], defaultSplit: Split): Integrate1dOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new ArgumentError(`options must be an object; got ${show(options)}`);
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (!own.includes(key)) rest[key] = value;
  const split = options.method === undefined ? defaultSplit : parseMethod(options.method, 'options.method').split;
  return { ...(rest as Omit<Integrate1dOptions, 'npt'>), npt: options.npt ?? 1024, method: { split, algorithm: 'csr', backend: 'cpu' } };
}

/**
 * Checks the integrator and the frame, and gets the integrator's CSR plan for `options` (built
 * once and cached by the integrator, on the CPU: it holds no GPU memory) with the frame's raw
 * values.
 *
 * @example
 * ```ts
 * const inputs = await filterInputs(ai, frame, integrationOptions(options, ['thres', 'maxIter'], 'no'));
 * ```
 */
export async function filterInputs(integrator: AzimuthalIntegrator, frame: NdArray, options: Integrate1dOptions): Promise<FilterInputs> {
  if (integrator === null || typeof integrator !== 'object' || typeof (integrator as Partial<AzimuthalIntegrator>).plan1d !== 'function') {
    throw new ArgumentError(`integrator must be an AzimuthalIntegrator; got ${show(integrator)}`);
  }
  checkFrame(frame, integrator.shape, integrator.detector.name);
  const plan = await integrator.plan1d(options);
  const raw = await frameValues(frame, integrator.shape[0] * integrator.shape[1]);
  const radial = binCenters(plan.radialBins);
  const settings = {
    unit: radialUnit(plan.unit),
    method: plan.method,
    errorModel: plan.errorModel,
    polarizationFactor: options.polarizationFactor ?? null,
    normalizationFactor: options.normalizationFactor ?? 1,
    empty: options.dummy ?? 0,
    poni: integrator.toPoni(),
  };
  return { csr: plan.csr as Csr, corrections: plan.corrections, raw, result: (sums) => new Integrate1dResult(radial, sums, settings) };
}
