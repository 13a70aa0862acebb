/**
 * The checked, normalised form of a {@link fitMany} call that both backends run, and the
 * arrays they fill.
 *
 * @module
 */
import { allocate, ArgumentError, NdArray, ShapeError, show } from '@pandaas/core';
import { readSeries, type Series } from '../background/inputs.js';
import { encodeConstraints, type Constraint } from '../leastsq/constraints.js';
import { inverseSigma, writeSolverSettings, type LeastsqOptions } from '../leastsq/options.js';
import type { Model, ModelComponent } from '../models/model.js';

/**
 * Computes the start values of curve `index` of a {@link fitMany} batch from its data.
 *
 * @example
 * ```ts
 * import type { StartEstimator } from '@pandaas/fit';
 * // the highest point as the peak of a gaussian on a constant: [Constant, Height1, Position1, FWHM1]
 * const fromMaximum: StartEstimator = (x, y) => {
 *   let top = 0;
 *   for (let i = 1; i < y.length; i++) if (y[i] > y[top]) top = i;
 *   return [y[0], y[top] - y[0], x[top], 10];
 * };
 * ```
 */
export type StartEstimator = (x: Float64Array, y: Float64Array, index: number) => ArrayLike<number>;

/**
 * Options of {@link fitMany}: those of {@link leastsq} (constraints shared by every curve), with
 * σ per curve as well, and the backend. WebGPU takes `free`, `positive` and `fixed`
 * constraints, analytic Jacobians only, and ignores `epsfcn`.
 *
 * @example
 * ```ts
 * import type { FitManyOptions } from '@pandaas/fit';
 * const options: FitManyOptions = { backend: 'cpu', sigma: 2, maxIter: 50, constraints: [{ code: 'free' }, { code: 'positive' }, { code: 'free' }, { code: 'positive' }] };
 * ```
 */
export interface FitManyOptions extends Omit<LeastsqOptions, 'sigma'> {
  /** `'cpu'` (default: the worker pool) or `'webgpu'` (float32, built-in shapes with WGSL twins). */
  backend?: 'cpu' | 'webgpu';
  /**
   * Uncertainties of the points (positive, finite): one number for all, one per point shared by
   * every curve (length m), or one per point of each curve (an NdArray [n, m]). Absent: σ = 1.
   */
  sigma?: number | ArrayLike<number> | NdArray;
}

/** A batch, checked: what the CPU and WebGPU runners read. */
export interface BatchProblem {
  readonly model: Model;
  readonly modelName: string;
  /** The built-in shapes of the model (undefined: a user model). */
  readonly components?: readonly ModelComponent[];
  /** Curves, points per curve, parameters. */
  readonly n: number;
  readonly m: number;
  readonly nParams: number;
  readonly x: Float64Array;
  /** The curves as given ([n, m], any backend). */
  readonly ys: NdArray;
  /** Start values [n, nParams], on a SharedArrayBuffer; a curve whose start is not finite is marked invalid. */
  readonly p0: Float64Array;
  /** Curves found invalid before fitting (non-finite start values, or start outside quoted bounds). */
  readonly invalid: Uint8Array;
  /** 1/σ: one per point (length m) or per point of each curve (n·m); undefined when unweighted. */
  readonly invSigma?: Float64Array;
  /** Constraints as silx codes (see `encodeConstraints`). */
  readonly code: Int32Array;
  readonly ca: Float64Array;
  readonly cb: Float64Array;
  readonly ref: Int32Array;
  /** Whether each parameter is fitted (free, positive or quoted). */
  readonly free: readonly boolean[];
  readonly maxIter: number;
  readonly deltaChi: number;
  readonly epsfcn: number;
  readonly numericJacobian: boolean;
  readonly scaleCovar: boolean;
}

/** What a batch produces, flat: params and sigmas [n, nParams], chi2, status and iterations [n]. */
export interface BatchResult {
  readonly params: Float64Array;
  readonly sigmas: Float64Array;
  readonly chi2: Float64Array;
  readonly status: Uint8Array;
  readonly iterations: Int32Array;
}

/**
 * Zeroed result arrays for `n` fits of `nParams` parameters, on SharedArrayBuffers (workers write them).
 *
 * @example
 * ```ts
 * const result = allocateResult(1000, 5);
 * ```
 */
export function allocateResult(n: number, nParams: number): BatchResult {
  return {
    params: allocate('float64', n * nParams, true),
    sigmas: allocate('float64', n * nParams, true),
    chi2: allocate('float64', n, true),
    status: allocate('uint8', n, true),
    iterations: allocate('int32', n, true),
  };
}

async function readSigma(sigma: FitManyOptions['sigma'], n: number, m: number): Promise<Float64Array | undefined> {
  if (sigma === undefined) return undefined;
  if (typeof sigma === 'number') {
    if (!(sigma > 0) || !Number.isFinite(sigma)) throw new ArgumentError(`options.sigma must be a positive finite number; got ${show(sigma)}`);
    return allocate('float64', m, true).fill(1 / sigma);
  }
  let values: ArrayLike<number>;
  if (sigma instanceof NdArray) {
    if (sigma.ndim !== 2 || sigma.shape[0] !== n || sigma.shape[1] !== m) {
      throw new ShapeError(`options.sigma as an NdArray must have the curves' shape [${n}, ${m}]; got [${sigma.shape.join(', ')}]`);
    }
    values = await sigma.data();
  } else if (ArrayBuffer.isView(sigma) || Array.isArray(sigma)) {
    values = sigma as ArrayLike<number>;
    if (values.length !== m) throw new ShapeError(`options.sigma must hold one uncertainty per point (${m}); got ${values.length}`);
  } else {
    throw new ArgumentError(`options.sigma must be a number, one value per point, or an NdArray [n, m]; got ${show(sigma)}`);
  }
  const out = allocate('float64', values.length, true);
  inverseSigma(values, out, 0, (i) => (values.length === m ? `options.sigma[${i}]` : `options.sigma[${Math.floor(i / m)}, ${i % m}]`));
  return out;
}

/** A p0 within every quoted range, so that encodeConstraints checks everything but the start values. */
function probeStart(constraints: readonly Constraint[] | undefined, nParams: number): Float64Array {
  const probe = new Float64Array(nParams);
  if (!Array.isArray(constraints)) return probe;
  constraints.forEach((c, j) => {
    if (j < nParams && c?.code === 'quoted' && Number.isFinite(c.min) && Number.isFinite(c.max)) probe[j] = (c.min + c.max) / 2;
  });
  return probe;
}

async function readStart(
  p0: NdArray | ArrayLike<number> | StartEstimator, x: Float64Array, curves: () => Promise<Float64Array>, n: number, nParams: number,
  names: readonly string[],
): Promise<{ start: Float64Array; shared: ArrayLike<number> | null }> {
  const out = allocate('float64', n * nParams, true);
  if (typeof p0 === 'function') {
    const ys = await curves();
    const m = x.length;
    for (let i = 0; i < n; i++) {
      const row = p0(x, ys.subarray(i * m, (i + 1) * m), i);
      if (row === null || typeof row !== 'object' || row.length !== nParams) {
        throw new ShapeError(`the p0 estimator must return ${nParams} values (${names.join(', ')}) for each curve; for curve ${i} it returned ${show(row)}`);
      }
      for (let j = 0; j < nParams; j++) out[i * nParams + j] = row[j];
    }
    return { start: out, shared: null };
  }
  if (p0 instanceof NdArray) {
    if (p0.ndim === 2 && p0.shape[0] === n && p0.shape[1] === nParams) {
      out.set(await p0.data());
      return { start: out, shared: null };
    }
    if (p0.ndim !== 1) throw new ShapeError(`p0 must be an NdArray [${n}, ${nParams}] (one row per curve) or [${nParams}] (shared); got [${p0.shape.join(', ')}]`);
    p0 = await p0.data();
  }
  if (!ArrayBuffer.isView(p0) && !Array.isArray(p0)) {
    throw new ArgumentError(`p0 must be an NdArray [n, p], an array of ${nParams} values shared by every curve, or an estimator function; got ${show(p0)}`);
  }
  const shared = p0 as ArrayLike<number>;
  if (shared.length !== nParams) throw new ShapeError(`p0 must hold one value per parameter (${nParams}: ${names.join(', ')}); got ${shared.length}`);
  for (let j = 0; j < nParams; j++) {
    if (!Number.isFinite(shared[j])) throw new ArgumentError(`p0[${j}] (${names[j]}) must be a finite number; got ${show(shared[j])}`);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < nParams; j++) out[i * nParams + j] = shared[j];
  return { start: out, shared };
}

/**
 * Checks the arguments of {@link fitMany} (typed errors naming the argument and value) and
 * returns the batch. Problems of single curves (a start value of its own that is not finite or
 * lies outside its quoted bounds) do not throw: those curves are marked invalid and get status
 * `invalid-input`. A start shared by every curve is checked as `leastsq` checks p0.
 *
 * @example
 * ```ts
 * const problem = await batchProblem(gaussian(), x, ys, [10, 0, 2], {});
 * ```
 */
export async function batchProblem(
  model: Model, x: unknown, ys: NdArray, p0: NdArray | ArrayLike<number> | StartEstimator, options: FitManyOptions,
): Promise<BatchProblem> {
  if (typeof model?.evaluate !== 'function' || !Array.isArray(model.parameters)) {
    throw new ArgumentError(`model must be a Model (name, parameters, evaluate); got ${show(model)}`);
  }
  const opts = options ?? {};
  if (typeof opts !== 'object') throw new ArgumentError(`options must be an object; got ${show(options)}`);
  const xs = readSeries(x as Series, 'x');
  if (!(ys instanceof NdArray)) throw new ArgumentError(`ys must be a 2-D NdArray [curves, points]; got ${show(ys)}`);
  if (ys.ndim !== 2) throw new ShapeError(`ys must be a 2-D NdArray [curves, points]; got shape [${ys.shape.join(', ')}]`);
  const [n, m] = ys.shape;
  if (m !== xs.length) throw new ShapeError(`ys has ${m} points per curve but x has ${xs.length}`);
  const names = model.parameters;
  const nParams = names.length;
  if (nParams === 0) throw new ArgumentError(`model ${show(model.name)} has no parameters to fit`);
  const code = new Int32Array(nParams), ca = new Float64Array(nParams), cb = new Float64Array(nParams), ref = new Int32Array(nParams);
  const nFree = encodeConstraints(opts.constraints, names, probeStart(opts.constraints, nParams), code, ca, cb, ref);
  if (m <= nFree) throw new ArgumentError(`ys has too few points for the fit: got ${m} points per curve for ${nFree} fitted parameters (needs more points than parameters)`);
  const settings = new Float64Array(5);
  writeSolverSettings(opts, model, settings);
  const invSigma = await readSigma(opts.sigma, n, m);
  let curves: Promise<Float64Array> | undefined;
  const { start, shared } = await readStart(p0, xs, () => (curves ??= ys.data().then((d) => Float64Array.from(d))), n, nParams, names);
  for (let j = 0; shared !== null && j < nParams; j++) {
    if (code[j] === 2 && !(shared[j] >= ca[j] && shared[j] <= cb[j])) {
      throw new ArgumentError(`p0[${j}] (${names[j]}) = ${show(shared[j])} lies outside its quoted bounds [${ca[j]}, ${cb[j]}]`);
    }
  }
  const invalid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < nParams; j++) {
      const v = start[i * nParams + j];
      if (!Number.isFinite(v) || (code[j] === 2 && !(v >= ca[j] && v <= cb[j]))) invalid[i] = 1;
    }
  }
  return {
    model,
    modelName: model.name,
    ...(model.components && { components: model.components }),
    n, m, nParams,
    x: xs,
    ys,
    p0: start,
    invalid,
    ...(invSigma && { invSigma }),
    code, ca, cb, ref,
    free: Array.from(code, (c) => c <= 2),
    maxIter: settings[0],
    deltaChi: settings[1],
    epsfcn: settings[2],
    numericJacobian: settings[3] !== 0,
    scaleCovar: settings[4] !== 0,
  };
}
