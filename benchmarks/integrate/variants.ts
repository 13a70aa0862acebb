/**
 * The pandaas side of the integrate benchmark: per method, the plan's build on a fresh integrator
 * (geometry arrays, sparse matrix, corrections: pyFAI's first call does the same), the time per
 * frame, and for CSR the matrix's size and the build with the geometry already cached; on WebGPU
 * the time per frame from host memory and with the frame already on the GPU, one at a time and
 * with several frames in flight.
 *
 * @example
 * ```ts
 * const r = await measureCpu('bbox-csr', { detector: 'Eiger4M', npt: 1000, runs: 10 }, frame);
 * console.log(r.timing.medianMs, r.csr?.nnz);
 * ```
 * @module
 */
import { array, type NdArray } from '@pandaas/core';
import type { EngineBackend, Integrate1dResult, IntegrationPlan } from '@pandaas/integrate';
import { measure, type Timing } from '../core/timing.js';
import { benchmarkIntegrator } from './frame.js';
import type { MethodId } from './options.js';

/** What a variant needs to know. */
export interface VariantSetup {
  detector: string;
  npt: number;
  runs: number;
  unit: 'q_nm^-1';
}

/** The sparse matrix of a plan. */
export interface CsrFigures {
  nnz: number;
  /** indptr + indices + weights. */
  bytes: number;
  /** A second plan on the same integrator (geometry arrays cached), npt - 1 bins: matrix, corrections, engine. */
  warmBuildMs: number;
}

/** One measured pandaas variant. */
export interface PandaasRun {
  method: MethodId;
  backend: EngineBackend;
  variant: string;
  /** plan1d on a fresh integrator: geometry arrays, matrix, corrections, engine (plan.buildMs). */
  coldPlanMs: number;
  /** Per frame: the first call apart, then the median and minimum of `runs`. */
  timing: Timing;
  fps: number;
  csr?: CsrFigures;
  /** The last result's radial positions, intensity and count, for the comparison with pyFAI. */
  result: Integrate1dResult;
}

function splitOf(id: MethodId): { split: 'no' | 'bbox' | 'full'; algorithm: 'histogram' | 'csr' } {
  const [split, algorithm] = id.split('-') as ['no' | 'bbox' | 'full', 'histogram' | 'csr'];
  return { split, algorithm };
}

async function planFor(id: MethodId, backend: EngineBackend, setup: VariantSetup, npt = setup.npt): Promise<{ plan: IntegrationPlan<Integrate1dResult>; warm: () => Promise<number> }> {
  const ai = benchmarkIntegrator(setup.detector);
  const options = { npt, unit: setup.unit, errorModel: 'poisson' as const, method: { ...splitOf(id), backend } };
  const plan = await ai.plan1d(options);
  const warm = async (): Promise<number> => {
    const again = await ai.plan1d({ ...options, npt: npt - 1 });
    const ms = again.buildMs;
    again.dispose();
    return ms;
  };
  return { plan, warm };
}

/** A CPU variant: the frame in host memory. @example see the module */
export async function measureCpu(id: MethodId, setup: VariantSetup, frame: NdArray): Promise<PandaasRun> {
  const { plan, warm } = await planFor(id, 'cpu', setup);
  let result: Integrate1dResult | undefined;
  const timing = await measure(async () => {
    result = await plan.integrate(frame);
  }, { runs: setup.runs });
  const m = plan.csr;
  const csr = m && { nnz: m.indices.length, bytes: m.indptr.byteLength + m.indices.byteLength + m.weights.byteLength, warmBuildMs: await warm() };
  plan.dispose();
  return { method: id, backend: 'cpu', variant: 'host', coldPlanMs: plan.buildMs, timing, fps: 1000 / timing.medianMs, ...(csr && { csr }), result: result! };
}

/**
 * WebGPU variants: `from-host` (the frame uploaded by each call) and `resident` (uploaded once),
 * each one call at a time and with `inFlight` calls under way together (the upload of one frame
 * can overlap the integration of another). @example `await measureWebGpu('bbox-csr', setup, frame, 8)`
 */
export async function measureWebGpu(id: MethodId, setup: VariantSetup, frame: NdArray, inFlight: number): Promise<PandaasRun[]> {
  const { plan } = await planFor(id, 'webgpu', setup);
  const resident = array(await frame.data(), { shape: frame.shape, backend: 'webgpu' });
  const runs: PandaasRun[] = [];
  const one = async (input: NdArray, variant: string, batch: number): Promise<void> => {
    let result: Integrate1dResult | undefined;
    const timing = await measure(
      async () => {
        const results = await Promise.all(Array.from({ length: batch }, () => plan.integrate(input)));
        result = results[batch - 1];
      },
      { runs: setup.runs, unitsPerRun: batch },
    );
    runs.push({ method: id, backend: 'webgpu', variant, coldPlanMs: plan.buildMs, timing, fps: 1000 / timing.medianMs, result: result! });
  };
  try {
    await one(frame, 'from-host', 1);
    await one(frame, `from-host x${inFlight}`, inFlight);
    await one(resident, 'resident', 1);
    await one(resident, `resident x${inFlight}`, inFlight);
  } finally {
    resident.dispose();
    plan.dispose();
  }
  return runs;
}
