import { DisposedError, NdArray, ShapeError, show, ArgumentError } from '@pandaas/core';
import type { RadialUnit } from '../units.js';
import type { Bins, Csr } from '../splitting/types.js';
import type { Accumulators, Corrections, Engine, ErrorModel } from './engine.js';
import type { Method } from './method.js';
import type { Integrate1dResult, Integrate2dResult } from './results.js';

/**
 * What a plan is made of (the integrator builds it).
 *
 * @example
 * ```ts
 * new IntegrationPlan({ dimension: 1, method, errorModel, unit, shape, detectorName, radialBins, csr, corrections, engine, result, buildMs });
 * ```
 */
export interface PlanParts<R> {
  readonly dimension: 1 | 2;
  readonly method: Method;
  readonly errorModel: ErrorModel;
  readonly unit: RadialUnit;
  /** The detector shape [rows, cols] frames must have. */
  readonly shape: readonly [number, number];
  readonly detectorName: string;
  readonly radialBins: Bins;
  readonly azimuthalBins?: Bins;
  /** The sparse matrix (csr algorithm), or null (histogram). */
  readonly csr: Csr | null;
  readonly corrections: Corrections;
  readonly engine: Engine;
  /** Turns the engine's sums into the result. */
  readonly result: (acc: Accumulators) => R;
  /** Milliseconds the plan took to build. */
  readonly buildMs: number;
  /** Called once when the plan is disposed (the integrator forgets it). */
  readonly onDispose?: () => void;
}

/**
 * An integration set up once and run on many frames: the bins, the sparse matrix (CSR built once
 * per geometry, shape, bins, unit, ranges, mask and splitting), the static corrections, and the
 * engine that holds them (on the CPU pool or the GPU). Get one from `AzimuthalIntegrator.plan1d`
 * or `plan2d`; `integrate(frame)` then only does the per-frame work.
 *
 * @example
 * ```ts
 * const plan = await ai.plan1d({ npt: 1000, errorModel: 'poisson' });
 * for await (const frame of frames) results.push(await plan.integrate(frame));
 * plan.dispose();
 * ```
 */
export class IntegrationPlan<R extends Integrate1dResult | Integrate2dResult = Integrate1dResult | Integrate2dResult> {
  /** 1 or 2. */
  readonly dimension: 1 | 2;
  /** The method (splitting, algorithm, backend). */
  readonly method: Method;
  /** The error model. */
  readonly errorModel: ErrorModel;
  /** The radial unit. */
  readonly unit: RadialUnit;
  /** The frame shape [rows, cols] (the detector's). */
  readonly shape: readonly [number, number];
  /** The radial bins (in `unit`). */
  readonly radialBins: Bins;
  /** The azimuthal bins (radians), 2D only. */
  readonly azimuthalBins: Bins | undefined;
  /** The sparse matrix, rows = bins (2D: azimuth-major), columns = pixels; null for the histogram algorithm. */
  readonly csr: Csr | null;
  /** The static per-pixel corrections. */
  readonly corrections: Corrections;
  /** Milliseconds the plan took to build (matrix, corrections, engine). */
  readonly buildMs: number;
  readonly #engine: Engine;
  readonly #result: (acc: Accumulators) => R;
  readonly #detectorName: string;
  readonly #onDispose: (() => void) | undefined;
  #disposed = false;
  /** Frames being integrated: the engine is released when the last one is done. */
  #running = 0;

  /**
   * Assembles a plan (`AzimuthalIntegrator.plan1d`/`plan2d` build them).
   * @internal
   */
  constructor(parts: PlanParts<R>) {
    this.dimension = parts.dimension;
    this.method = parts.method;
    this.errorModel = parts.errorModel;
    this.unit = parts.unit;
    this.shape = parts.shape;
    this.radialBins = parts.radialBins;
    this.azimuthalBins = parts.azimuthalBins;
    this.csr = parts.csr;
    this.corrections = parts.corrections;
    this.buildMs = parts.buildMs;
    this.#engine = parts.engine;
    this.#result = parts.result;
    this.#detectorName = parts.detectorName;
    this.#onDispose = parts.onDispose;
  }

  /**
   * The engine frames run on (CPU, histogram or WebGPU). {@link integrateStack} uses it to overlap
   * the upload of the next frame with the integration of the current one on the GPU.
   *
   * @example
   * ```ts
   * console.log(plan.engine.backend); // 'cpu' or 'webgpu'
   * ```
   */
  get engine(): Engine {
    return this.#engine;
  }

  /**
   * Whether {@link dispose} has been called.
   *
   * @example
   * ```ts
   * plan.dispose();
   * plan.isDisposed; // true
   * ```
   */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /**
   * Integrates one frame: an NdArray of the detector's shape, any numeric dtype, CPU or GPU
   * resident. Throws a ShapeError for another shape.
   *
   * @example
   * ```ts
   * const result = await plan.integrate(frame);
   * ```
   */
  async integrate(frame: NdArray): Promise<R> {
    if (this.#disposed) throw new DisposedError('this integration plan has been disposed');
    checkFrame(frame, this.shape, this.#detectorName);
    this.#running++;
    try {
      return this.#result(await this.#engine.run(frame));
    } finally {
      this.#running--;
      if (this.#disposed && this.#running === 0) this.#engine.dispose();
    }
  }

  /**
   * Releases the engine (GPU buffers) once the frames already under way are done; `integrate`
   * fails afterwards.
   *
   * @example
   * ```ts
   * plan.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#running === 0) this.#engine.dispose();
    this.#onDispose?.();
  }
}

/**
 * Throws unless `frame` is a 2D NdArray of the detector's `shape` (ArgumentError, ShapeError).
 *
 * @example
 * ```ts
 * checkFrame(frame, [2167, 2070], 'Eiger4M');
 * ```
 */
export function checkFrame(frame: unknown, shape: readonly [number, number], detector: string): asserts frame is NdArray {
  if (!(frame instanceof NdArray)) throw new ArgumentError(`frame must be an NdArray of the detector's shape ${show([...shape])}; got ${show(frame)}`);
  if (frame.ndim !== 2 || frame.shape[0] !== shape[0] || frame.shape[1] !== shape[1]) {
    throw new ShapeError(`frame must have the shape of the ${detector} detector, ${show([...shape])}; got ${show(frame.shape)}`);
  }
}
