/**
 * Batch fits on WebGPU: one float32 Levenberg-Marquardt fit per invocation (`shader.ts`), for
 * models made of shapes with a WGSL twin. Inputs are centred and converted on the CPU in float64,
 * outputs converted back (and their σ scaled) in float64.
 *
 * @module
 */
import { BackendError, initWebGpuBackend, type GpuStorage, type NdArray, type WebGpuBackend } from '@pandaas/core';
import type { ModelComponent } from '../../models/model.js';
import type { BatchProblem, BatchResult } from '../problem.js';
import {
  batchShader, FITS_PER_WORKGROUP, resultStride, shaderKey, SOFTWARE_LOOP_BUDGET, UNLIMITED_LOOP_BUDGET, type ShaderSpec, type WeightMode,
} from './shader.js';
import { centreParameters, wgslTwin } from './twins.js';

/**
 * The largest model a WebGPU fit takes: parameters per fit.
 *
 * @example
 * ```ts
 * import { GPU_MAX_PARAMS, gaussian, linear, sum } from '@pandaas/fit';
 * sum(linear(), gaussian(), gaussian()).parameters.length <= GPU_MAX_PARAMS; // true: 8
 * ```
 */
export const GPU_MAX_PARAMS = 8;
/**
 * The longest curve a WebGPU fit takes, in points (float32 sums stay accurate below it).
 *
 * @example
 * ```ts
 * import { GPU_MAX_POINTS } from '@pandaas/fit';
 * const backend = 2048 <= GPU_MAX_POINTS ? 'webgpu' : 'cpu'; // 'cpu': 2048 points are too many
 * ```
 */
export const GPU_MAX_POINTS = 1024;

const WORD = 4;
/** silx constraint codes the shader implements: free, positive, fixed. */
const GPU_CODES = new Set([0, 1, 3]);
const CODE_NAMES = ['free', 'positive', 'quoted', 'fixed', 'factor', 'delta', 'sum', 'ignored'];

/**
 * Checks that a batch can run on WebGPU: built-in shapes with twins, at most
 * {@link GPU_MAX_PARAMS} parameters and {@link GPU_MAX_POINTS} points; throws a
 * {@link BackendError} saying what to change otherwise.
 */
function assertGpuModel(components: readonly ModelComponent[] | undefined, nParams: number, nPoints: number, name = 'the model'): asserts components is readonly ModelComponent[] {
  if (components === undefined) {
    throw new BackendError(`fitMany on webgpu needs a built-in model (gaussian, lorentzian, pseudoVoigt, their area forms, constant, linear, or a sum of them); ${name} is a user model: use backend 'cpu'`);
  }
  components.forEach((c, i) => wgslTwin(c, i)); // throws for a kind without a twin
  if (nParams > GPU_MAX_PARAMS) throw new BackendError(`fitMany on webgpu fits at most ${GPU_MAX_PARAMS} parameters per curve; ${name} has ${nParams}: use backend 'cpu'`);
  if (nPoints > GPU_MAX_POINTS) throw new BackendError(`fitMany on webgpu fits curves of at most ${GPU_MAX_POINTS} points; these have ${nPoints}: use backend 'cpu'`);
}

function assertGpuOptions(problem: BatchProblem): void {
  problem.code.forEach((code, j) => {
    if (!GPU_CODES.has(code)) {
      throw new BackendError(`fitMany on webgpu takes free, positive and fixed parameters; options.constraints[${j}] is ${CODE_NAMES[code]}: use backend 'cpu'`);
    }
  });
  if (problem.numericJacobian) throw new BackendError("fitMany on webgpu uses the models' analytic derivatives; options.jacobian 'numeric' needs backend 'cpu'");
}

/** Mesa's software adapters, whose loop limiter the shader must stay under (see `shader.ts`). */
function isMesaSoftware(backend: WebGpuBackend): boolean {
  const { vendor, architecture, device, description } = backend.info;
  return /llvmpipe|lavapipe|softpipe/i.test(`${vendor} ${architecture} ${device} ${description}`);
}

function weightMode(problem: BatchProblem): WeightMode {
  if (problem.invSigma === undefined) return 'none';
  return problem.invSigma.length === problem.m ? 'shared' : 'per-curve';
}

/** x shifted to its mid-range, then the weights 1/σ², as float32. */
function auxiliary(problem: BatchProblem, x0: number, first: number, count: number): Float32Array {
  const { m, x, invSigma } = problem;
  const shared = invSigma === undefined || invSigma.length === m;
  const out = new Float32Array(m + (invSigma === undefined ? 0 : shared ? m : count * m));
  for (let i = 0; i < m; i++) out[i] = x[i] - x0;
  if (invSigma !== undefined) {
    const from = shared ? 0 : first * m;
    for (let i = m; i < out.length; i++) out[i] = invSigma[from + i - m] ** 2;
  }
  return out;
}

/** Start values of fits [first, first + count), moved to the centred x. */
function centredStart(problem: BatchProblem, x0: number, first: number, count: number): Float32Array {
  const P = problem.nParams;
  const { positions, linear } = centreParameters(problem.components ?? []);
  const out = new Float32Array(count * P);
  for (let f = 0; f < count; f++) {
    const src = (first + f) * P;
    const row = problem.p0.subarray(src, src + P);
    if (problem.invalid[first + f] !== 0) {
      out.fill(NaN, f * P, (f + 1) * P); // chi² NaN at the start: invalid-input, as on the CPU
      continue;
    }
    for (let j = 0; j < P; j++) out[f * P + j] = row[j];
    for (const j of positions) out[f * P + j] = row[j] - x0;
    if (linear !== undefined) out[f * P + linear[0]] = row[linear[0]] + row[linear[1]] * x0;
  }
  return out;
}

/** Unpacks the result rows of fits [first, first + count) into `result`, undoing the centring. */
function unpack(problem: BatchProblem, x0: number, rows: Float32Array, first: number, count: number, result: BatchResult): void {
  const P = problem.nParams;
  const R = resultStride(P);
  const { positions, linear } = centreParameters(problem.components ?? []);
  const nFree = problem.free.filter(Boolean).length;
  for (let f = 0; f < count; f++) {
    const at = f * R;
    const fit = first + f;
    const o = fit * P;
    const chi2 = rows[at + 2 * P];
    const scale = problem.scaleCovar && problem.m > nFree ? Math.sqrt(chi2 / (problem.m - nFree)) : 1;
    for (let j = 0; j < P; j++) {
      result.params[o + j] = rows[at + j];
      result.sigmas[o + j] = rows[at + P + j] * scale;
    }
    for (const j of positions) result.params[o + j] += x0;
    if (linear !== undefined) {
      const [c, s] = linear;
      result.params[o + c] -= result.params[o + s] * x0;
      // var(c' - s x0) = var(c') + x0² var(s) - 2 x0 cov(c', s), from the centred fit
      const variance = rows[at + P + c] ** 2 + x0 * x0 * rows[at + P + s] ** 2 - 2 * x0 * rows[at + 2 * P + 1];
      if (Number.isFinite(variance)) result.sigmas[o + c] = Math.sqrt(Math.max(variance, 0)) * scale;
    }
    result.chi2[fit] = chi2;
    result.status[fit] = rows[at + 2 * P + 2];
    result.iterations[fit] = rows[at + 2 * P + 3];
  }
}

/** The curves as float32 the shader can bind: the array's own buffer when it is resident and contiguous, else a host copy. */
async function curvesSource(backend: WebGpuBackend, ys: NdArray): Promise<{ buffer?: GPUBuffer; offset: number; host?: Float32Array }> {
  if (ys.backend === backend && ys.dtype === 'float32' && ys.isContiguous) return { buffer: (ys.storage as GpuStorage).buffer, offset: ys.offset };
  return { offset: 0, host: Float32Array.from(await ys.data()) };
}

/**
 * Runs the fits of `problem` on the WebGPU backend, in chunks of fits that fit the device's
 * storage bindings, and fills `result`.
 *
 * @example
 * ```ts
 * await fitOnGpu(problem, result);
 * ```
 */
export async function fitOnGpu(problem: BatchProblem, result: BatchResult): Promise<void> {
  const { n, m, nParams: P } = problem;
  assertGpuModel(problem.components, P, m, problem.modelName);
  assertGpuOptions(problem);
  if (n === 0) return;
  const backend = await initWebGpuBackend();
  const linear = centreParameters(problem.components).linear;
  const software = isMesaSoftware(backend);
  const spec: ShaderSpec = {
    components: problem.components, nParams: P, free: problem.free, positive: Array.from(problem.code, (c) => c === 1),
    weights: weightMode(problem), ...(linear && { linear }), workgroupSize: software ? 1 : FITS_PER_WORKGROUP,
  };
  const program = await backend.program(shaderKey(spec), () => batchShader(spec));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of problem.x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  // centre x, unless a linear background's constant is constrained (its centred twin would not be)
  const x0 = linear === undefined || problem.code[linear[0]] === 0 ? (lo + hi) / 2 : 0;
  const source = await curvesSource(backend, problem.ys);
  const budget = software ? SOFTWARE_LOOP_BUDGET : UNLIMITED_LOOP_BUDGET;
  // every binding must fit the device: [count, m] curves and weights, [count, R] results
  const perFit = Math.max(m, resultStride(P)) * WORD;
  const room = Math.floor((backend.maxBindingBytes - 2 * m * WORD) / perFit);
  const chunk = Math.max(1, Math.min(n, room));
  for (let first = 0; first < n; first += chunk) {
    const count = Math.min(chunk, n - first);
    const temporaries: GpuStorage[] = [];
    const upload = (data: Float32Array) => {
      const storage = backend.upload(data, 'float32');
      temporaries.push(storage);
      return storage.buffer;
    };
    try {
      // resident curves are bound whole (they fit one binding), the chunk found by its offset
      const ysBuffer = source.buffer ?? upload((source.host as Float32Array).subarray(first * m, (first + count) * m));
      const yOff = source.buffer === undefined ? 0 : source.offset + first * m;
      const out = backend.createStorage('float32', count * resultStride(P), 'fitMany results');
      temporaries.push(out);
      await backend.run([{
        program,
        storages: { aux: upload(auxiliary(problem, x0, first, count)), ys: ysBuffer, p0: upload(centredStart(problem, x0, first, count)), res: out.buffer },
        params: { n: count, m, y_off: yOff, max_iter: problem.maxIter, delta_chi: problem.deltaChi / 100, loop_budget: budget },
        workgroups: Math.ceil(count / spec.workgroupSize),
      }]);
      const rows = (await backend.read(out, 0, count * resultStride(P))) as Float32Array;
      unpack(problem, x0, rows, first, count, result);
    } finally {
      for (const storage of temporaries) backend.free(storage);
    }
  }
}
