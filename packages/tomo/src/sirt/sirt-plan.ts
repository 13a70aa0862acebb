/**
 * SIRT (the simultaneous iterative reconstruction technique) as ASTRA runs it, with an optional
 * non-negativity constraint, on the matched projector pair: {@link ForwardProjector} (A) and
 * {@link Backprojector} with scale 1 (Aᵀ).
 * @module
 */
import { ArgumentError, DisposedError, ShapeError, allocate, show } from '@pandaas/core';
import { Backprojector } from '../backproject/backprojector.js';
import { parallelGeometry, type Geometry, type GeometryOptions } from '../backproject/geometry.js';
import { ForwardProjector } from './forward-projector.js';

/**
 * The options of {@link SirtPlan.reconstruct} (and of {@link sirt}).
 *
 * @example
 * ```ts
 * const options: SirtRunOptions = { iterations: 200, onIteration: (k, x) => console.log(k, x[0]) };
 * ```
 */
export interface SirtRunOptions {
  /** The number of iterations, a positive integer; default 100. */
  readonly iterations?: number;
  /** Whether negative pixels are set to 0 after each iteration; default true. */
  readonly nonNegative?: boolean;
  /**
   * Called after each iteration (1, 2, …) with the current images `[nSlices, size, size]` (the
   * plan's own buffer: copy what you keep); awaited.
   */
  readonly onIteration?: (iteration: number, images: Float32Array) => void | Promise<void>;
}

/** Sums below this count as 0 (their inverse is 0), as in ASTRA. */
const EPSILON = 1e-6;

/** 1/v where v > EPSILON, else 0, in place. */
function invert(values: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) values[i] = values[i] > EPSILON ? 1 / values[i] : 0;
  return values;
}

/**
 * Checks the options of {@link SirtPlan.reconstruct} and fills in the defaults (internal to the
 * package).
 *
 * @example
 * ```ts
 * const { iterations, nonNegative } = checkRunOptions({ iterations: 50 });
 * ```
 */
export function checkRunOptions(options: SirtRunOptions): Required<Omit<SirtRunOptions, 'onIteration'>> & Pick<SirtRunOptions, 'onIteration'> {
  if (options === null || typeof options !== 'object') throw new ArgumentError(`options must be an object; got ${show(options)}`);
  const { iterations = 100, nonNegative = true, onIteration } = options;
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new ArgumentError(`options.iterations must be a positive integer; got ${show(iterations)}`);
  if (typeof nonNegative !== 'boolean') throw new ArgumentError(`options.nonNegative must be a boolean; got ${show(nonNegative)}`);
  if (onIteration !== undefined && typeof onIteration !== 'function') throw new ArgumentError(`options.onIteration must be a function; got ${show(onIteration)}`);
  return { iterations, nonNegative, onIteration };
}

/**
 * A SIRT reconstructor for one geometry: the projector pair and the normalisations set up once,
 * then `reconstruct` on batches of sinograms. Each iteration is
 * `x ← max(0, x + C·Aᵀ(R·(b − A·x)))`, with R = 1 / (row sums of A) = 1 / A·1 and
 * C = 1 / (column sums) = 1 / Aᵀ·1 (0 where a sum is 0), starting from x = 0. A is in pixel
 * units, so the images are in 1/pixel like FBP's. With `circle` only the pixels inside the
 * circle are unknowns (the others stay 0). CPU, all cores through core's pool.
 *
 * @example
 * ```ts
 * import { SirtPlan } from '@pandaas/tomo';
 * const plan = await SirtPlan.create(angles, 256, { circle: true, center: 'skimage' });
 * const images = await plan.reconstruct(sinograms, 4, { iterations: 200 }); // [4, 256, 256]
 * plan.dispose();
 * ```
 */
export class SirtPlan {
  readonly geometry: Geometry;
  readonly #project: ForwardProjector;
  readonly #backproject: Backprojector;
  /** 1 / row sums, `[nAngles, nDet]`. */
  readonly #rowWeights: Float32Array;
  /** 1 / column sums, `[size, size]`. */
  readonly #columnWeights: Float32Array;
  #disposed = false;

  private constructor(geometry: Geometry, project: ForwardProjector, backproject: Backprojector, rows: Float32Array, columns: Float32Array) {
    this.geometry = geometry;
    this.#project = project;
    this.#backproject = backproject;
    this.#rowWeights = rows;
    this.#columnWeights = columns;
  }

  /**
   * A plan for projections `nDet` wide at `angles` (radians); the geometry options are
   * {@link parallelGeometry}'s (centre convention, output size, circle).
   *
   * @example
   * ```ts
   * const plan = await SirtPlan.create(angles, 640, { center: 295.8 });
   * ```
   */
  static async create(angles: ArrayLike<number>, nDet: number, options: GeometryOptions = {}): Promise<SirtPlan> {
    const geometry = parallelGeometry(angles, nDet, options);
    const project = new ForwardProjector(geometry);
    const backproject = await Backprojector.create(geometry, { backend: 'cpu' });
    const ones = new Float32Array(geometry.size * geometry.size).fill(1);
    const rows = invert(await project.run(ones, 1));
    const columns = invert(await backproject.run(new Float32Array(geometry.nAngles * geometry.nDet).fill(1), 1));
    return new SirtPlan(geometry, project, backproject, rows, columns);
  }

  /**
   * Reconstructs `nSlices` sinograms (`[nSlices, nAngles, nDet]`, contiguous float32) and
   * returns the images `[nSlices, size, size]`.
   *
   * @example
   * ```ts
   * const images = await plan.reconstruct(sinograms, 1, { iterations: 50, nonNegative: true });
   * ```
   */
  async reconstruct(sinograms: Float32Array, nSlices: number, options: SirtRunOptions = {}): Promise<Float32Array> {
    if (this.#disposed) throw new DisposedError('this SirtPlan has been disposed');
    const g = this.geometry;
    if (!(sinograms instanceof Float32Array)) throw new ArgumentError(`sinograms must be a Float32Array; got ${show(sinograms)}`);
    if (!Number.isSafeInteger(nSlices) || nSlices < 1) throw new ArgumentError(`nSlices must be a positive integer; got ${show(nSlices)}`);
    const bins = g.nAngles * g.nDet;
    if (sinograms.length !== nSlices * bins) {
      throw new ShapeError(`sinograms must hold nSlices x nAngles x nDet = ${nSlices} x ${g.nAngles} x ${g.nDet} = ${nSlices * bins} values; got ${sinograms.length}`);
    }
    const { iterations, nonNegative, onIteration } = checkRunOptions(options);
    const pixels = g.size * g.size;
    const x = allocate('float32', nSlices * pixels, true);
    const residual = allocate('float32', nSlices * bins, true);
    const update = allocate('float32', nSlices * pixels, true);
    const rows = this.#rowWeights;
    const columns = this.#columnWeights;
    for (let k = 1; k <= iterations; k++) {
      await this.#project.run(x, nSlices, { out: residual });
      for (let s = 0; s < nSlices; s++) {
        for (let j = 0, i = s * bins; j < bins; j++, i++) residual[i] = (sinograms[i] - residual[i]) * rows[j];
      }
      await this.#backproject.run(residual, nSlices, { out: update });
      for (let s = 0; s < nSlices; s++) {
        for (let j = 0, i = s * pixels; j < pixels; j++, i++) {
          const v = x[i] + columns[j] * update[i];
          x[i] = nonNegative && v < 0 ? 0 : v;
        }
      }
      if (onIteration !== undefined) await onIteration(k, x);
    }
    return x;
  }

  /**
   * Releases the projectors; `reconstruct` throws a DisposedError afterwards. Idempotent.
   *
   * @example
   * ```ts
   * plan.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#project.dispose();
    this.#backproject.dispose();
  }
}
