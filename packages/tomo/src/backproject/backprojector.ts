/**
 * The public backprojector: a geometry and a backend set up once, run on batches of sinograms.
 * @module
 */
import { allocate, ArgumentError, BackendError, DisposedError, ShapeError, isPandaasError, show } from '@pandaas/core';
import { CpuBackprojection } from './cpu-backprojection.js';
import type { Geometry } from './geometry.js';
import { WebGpuBackprojection } from './webgpu-backprojection.js';

/** The backends of the backprojector and of FBP. */
export const TOMO_BACKENDS = ['cpu', 'webgpu'] as const;

/**
 * Where the work runs: `'cpu'` (all cores through core's pool) or `'webgpu'`.
 *
 * @example
 * ```ts
 * const backend: TomoBackend = 'webgpu';
 * ```
 */
export type TomoBackend = (typeof TOMO_BACKENDS)[number];

/**
 * The options of {@link Backprojector.run}.
 *
 * @example
 * ```ts
 * const options: BackprojectRunOptions = { scale: Math.PI / (2 * nAngles) };
 * ```
 */
export interface BackprojectRunOptions {
  /** Factor applied to every pixel; default 1 (the plain adjoint of the projector). */
  readonly scale?: number;
  /** Where to write `[nSlices, size, size]` (at least that long); a new array when omitted. */
  readonly out?: Float32Array;
}

/**
 * Checks a backend option and, for `'webgpu'`, turns an unavailable adapter into a BackendError
 * that names the option and points to the CPU (internal to the package).
 *
 * @example
 * ```ts
 * const backend = checkBackend(options.backend, 'options.backend');
 * ```
 */
export function checkBackend(backend: unknown, name: string): TomoBackend {
  if (!(TOMO_BACKENDS as readonly unknown[]).includes(backend)) {
    throw new ArgumentError(`${name} must be one of ${TOMO_BACKENDS.map((b) => show(b)).join(', ')}; got ${show(backend)}`);
  }
  return backend as TomoBackend;
}

/**
 * Runs `create` for the WebGPU backend, rethrowing its unavailability as a BackendError naming
 * the option (internal to the package).
 *
 * @example
 * ```ts
 * const engine = await onWebGpu('options.backend', () => WebGpuBackprojection.create(geometry));
 * ```
 */
export async function onWebGpu<T>(name: string, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (err) {
    if (isPandaasError(err, 'E_BACKEND')) throw new BackendError(`${name} asks for "webgpu": ${(err as Error).message}; use backend "cpu"`, { cause: err });
    throw err;
  }
}

/**
 * Pixel-driven backprojection with linear interpolation for one {@link Geometry}: for every
 * slice, `out[y, x] = scale · Σₐ q̃ₐ(center + (x − cx)·cos θₐ − (y − cy)·sin θₐ)` (see
 * {@link parallelGeometry}). On the CPU the sum runs in float64 and is rounded once to float32;
 * on WebGPU it runs in float32. SIRT uses it as the adjoint of its projector (`scale` 1); FBP
 * runs it on filtered sinograms with `scale = π / (2·nAngles)`.
 *
 * @example
 * ```ts
 * import { Backprojector, parallelGeometry } from '@pandaas/tomo';
 * const bp = await Backprojector.create(parallelGeometry(angles, 256, { size: 181 }));
 * const images = await bp.run(sinograms, 4); // Float32Array(4 * 181 * 181)
 * bp.dispose();
 * ```
 */
export class Backprojector {
  readonly geometry: Geometry;
  readonly backend: TomoBackend;
  readonly #engine: CpuBackprojection | WebGpuBackprojection;
  #scratch: Float32Array = new Float32Array(0);
  #disposed = false;

  private constructor(geometry: Geometry, engine: CpuBackprojection | WebGpuBackprojection) {
    this.geometry = geometry;
    this.#engine = engine;
    this.backend = engine instanceof CpuBackprojection ? 'cpu' : 'webgpu';
  }

  /**
   * A backprojector for `geometry` (from {@link parallelGeometry}) on `options.backend`
   * (default `'cpu'`). A BackendError names the option when WebGPU is asked for and no adapter
   * answers.
   *
   * @example
   * ```ts
   * const bp = await Backprojector.create(geometry, { backend: 'webgpu' });
   * ```
   */
  static async create(geometry: Geometry, options: { backend?: TomoBackend } = {}): Promise<Backprojector> {
    checkGeometry(geometry);
    const backend = checkBackend(options?.backend ?? 'cpu', 'options.backend');
    const engine = backend === 'cpu' ? new CpuBackprojection(geometry) : await onWebGpu('options.backend', () => WebGpuBackprojection.create(geometry));
    return new Backprojector(geometry, engine);
  }

  /**
   * Backprojects `nSlices` sinograms (`[nSlices, nAngles, nDet]`, contiguous float32) and
   * returns the images `[nSlices, size, size]` (in `options.out` when given).
   *
   * @example
   * ```ts
   * const images = await bp.run(sinograms, 2, { scale: 0.5 });
   * ```
   */
  async run(sinograms: Float32Array, nSlices: number, options: BackprojectRunOptions = {}): Promise<Float32Array> {
    if (this.#disposed) throw new DisposedError('this Backprojector has been disposed');
    const g = this.geometry;
    if (!(sinograms instanceof Float32Array)) throw new ArgumentError(`sinograms must be a Float32Array; got ${show(sinograms)}`);
    if (!Number.isSafeInteger(nSlices) || nSlices < 1) throw new ArgumentError(`nSlices must be a positive integer; got ${show(nSlices)}`);
    const values = nSlices * g.nAngles * g.nDet;
    if (sinograms.length !== values) {
      throw new ShapeError(`sinograms must hold nSlices x nAngles x nDet = ${nSlices} x ${g.nAngles} x ${g.nDet} = ${values} values; got ${sinograms.length}`);
    }
    const { scale = 1, out } = options ?? {};
    if (typeof scale !== 'number' || !Number.isFinite(scale)) throw new ArgumentError(`options.scale must be a finite number; got ${show(scale)}`);
    const pixels = nSlices * g.size * g.size;
    if (out !== undefined && !(out instanceof Float32Array)) throw new ArgumentError(`options.out must be a Float32Array; got ${show(out)}`);
    if (out !== undefined && out.length < pixels) throw new ShapeError(`options.out must hold at least nSlices x size x size = ${pixels} values; got ${out.length}`);
    const target = out ?? allocate('float32', pixels, true);
    if (this.#engine instanceof WebGpuBackprojection) {
      await this.#engine.run(sinograms, nSlices, scale, target);
      return target;
    }
    // the CPU loop reads one value past the last row (times 0), and its workers need shared memory
    await this.#engine.run(this.#copy(sinograms), nSlices, scale, target);
    return target;
  }

  /**
   * Releases the engine's buffers (GPU memory); `run` throws a DisposedError afterwards.
   * Idempotent.
   *
   * @example
   * ```ts
   * bp.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#engine instanceof WebGpuBackprojection) this.#engine.dispose();
    this.#scratch = new Float32Array(0);
  }

  #copy(sinograms: Float32Array): Float32Array {
    if (this.#scratch.length < sinograms.length + 1) this.#scratch = allocate('float32', sinograms.length + 1, true);
    this.#scratch.set(sinograms);
    this.#scratch[sinograms.length] = 0;
    return this.#scratch;
  }
}

/** Throws unless `geometry` looks like the result of {@link parallelGeometry}. */
function checkGeometry(geometry: Geometry): void {
  if (geometry === null || typeof geometry !== 'object' || !(geometry.angles instanceof Float64Array)) {
    throw new ArgumentError(`geometry must come from parallelGeometry(); got ${show(geometry)}`);
  }
  if (geometry.angles.length !== geometry.nAngles) throw new ShapeError(`geometry.angles must hold geometry.nAngles = ${geometry.nAngles} angles; got ${geometry.angles.length}`);
}
