/**
 * Integrating a stream of frames (a scan, an HDF5 stack read frame by frame) with one plan.
 * @module
 */
import { ArgumentError, NdArray, ShapeError, show } from '@pandaas/core';
import type { Engine } from '../integrator/engine.js';

/**
 * What {@link integrateStack} needs of a plan: `integrate(frame)`, and its engine when it has one
 * to show. `AzimuthalIntegrator.plan1d` / `plan2d` return such plans.
 *
 * @example
 * ```ts
 * const plan: StackPlan<Integrate1dResult> = await ai.plan1d({ npt: 1000 });
 * ```
 */
export interface StackPlan<R> {
  /** Integrates one frame of the detector's shape. */
  integrate(frame: NdArray): Promise<R>;
  /** The engine the plan runs frames on; one with `staged()` (the WebGPU engine) lets frames overlap. */
  readonly engine?: Engine;
}

/**
 * Options of {@link integrateStack}.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const results = integrateStack(plan, frames(stack), { signal: controller.signal });
 * ```
 */
export interface IntegrateStackOptions {
  /** Stops before the next frame; the generator then throws the signal's reason. */
  readonly signal?: AbortSignal;
}

/** An engine that tells when a frame's memory is free again (the WebGPU engine). */
interface StagingEngine extends Engine {
  staged(frame: NdArray): Promise<void>;
}

function stagesFrames(engine: Engine | undefined): engine is StagingEngine {
  return typeof (engine as Partial<StagingEngine> | undefined)?.staged === 'function';
}

/** The frames of one item of the stream: a frame [rows, cols], or a chunk of frames [n, rows, cols] (views, no copy). */
function* framesOf(item: unknown, index: number): Generator<NdArray> {
  if (!(item instanceof NdArray)) throw new ArgumentError(`frames[${index}] must be an NdArray (a frame or a chunk of frames); got ${show(item)}`);
  if (item.ndim === 2) {
    yield item;
  } else if (item.ndim === 3) {
    for (let k = 0; k < item.shape[0]; k++) yield item.slice(k);
  } else {
    throw new ShapeError(`frames[${index}] must be a frame [rows, cols] or a chunk of frames [n, rows, cols]; got shape ${show(item.shape)}`);
  }
}

/**
 * Integrates a stream of frames with one plan, yielding the results in order: an async
 * generator over `frames`, which may be an array, any iterable, or an async iterable such as
 * `@pandaas/io-nexus`'s `frames(dataset)` (its chunks `[n, rows, cols]` are split into frames).
 *
 * Memory stays bounded whatever the length of the stream: the next frame is asked for only once
 * the current one has been taken in, so a source that reuses one buffer (io-nexus' `reuse: true`)
 * is safe. On the CPU, frames are integrated one after the other (the engine already uses every
 * core). On the GPU (a plan whose engine reports when a frame has been uploaded), two frames are
 * in flight: frame n+1 is read, converted and uploaded while frame n is integrated, and the
 * result of frame n is yielded while frame n+1 runs.
 *
 * Breaking out of the loop stops reading; the frames under way finish first. An error (a frame
 * of the wrong shape, a failed read) ends the generator with that error.
 *
 * @example
 * ```ts
 * import { frames, openH5 } from '@pandaas/io-nexus';
 * import { AzimuthalIntegrator, integrateStack } from '@pandaas/integrate';
 * const ai = AzimuthalIntegrator.fromPoni(poniText, 'calib.poni');
 * const plan = await ai.plan1d({ npt: 1000, errorModel: 'poisson', method: ['bbox', 'csr', 'webgpu'] });
 * const file = await openH5('scan_master.h5');
 * for await (const result of integrateStack(plan, frames(await file.dataset('/entry/data/data'), { reuse: true }))) {
 *   console.log(result.intensity[100]);
 * }
 * plan.dispose();
 * ```
 */
export async function* integrateStack<R>(
  plan: StackPlan<R>,
  frames: AsyncIterable<NdArray> | Iterable<NdArray>,
  options: IntegrateStackOptions = {},
): AsyncGenerator<R, void, undefined> {
  if (plan === null || typeof plan !== 'object' || typeof plan.integrate !== 'function') {
    throw new ArgumentError(`plan must be an integration plan (from AzimuthalIntegrator.plan1d or plan2d); got ${show(plan)}`);
  }
  const stream = frames as Partial<AsyncIterable<NdArray> & Iterable<NdArray>> | null;
  if (stream === null || typeof stream !== 'object' || (typeof stream[Symbol.asyncIterator] !== 'function' && typeof stream[Symbol.iterator] !== 'function')) {
    throw new ArgumentError(`frames must be an iterable or async iterable of NdArrays; got ${show(frames)}`);
  }
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new ArgumentError(`options.signal must be an AbortSignal; got ${show(signal)}`);
  const engine = plan.engine;
  const inFlight = stagesFrames(engine) ? 2 : 1;
  const pending: Promise<R>[] = [];
  try {
    let index = 0;
    for await (const item of frames) {
      for (const frame of framesOf(item, index)) {
        signal?.throwIfAborted();
        const result = plan.integrate(frame);
        result.catch(() => undefined); // rejected while waiting its turn: thrown when awaited below
        pending.push(result);
        // the frame's memory must be free before the source is asked for the next one
        if (stagesFrames(engine)) await engine.staged(frame);
        while (pending.length >= inFlight) yield await (pending.shift() as Promise<R>);
      }
      index++;
    }
    while (pending.length > 0) yield await (pending.shift() as Promise<R>);
  } finally {
    await Promise.allSettled(pending);
  }
}
