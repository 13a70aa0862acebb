/**
 * The forward projector matched to the backprojector: pixel-driven, linear interpolation
 * ("splatting"), the exact transpose of {@link Backprojector} with `scale` 1 for the same
 * {@link Geometry}.
 * @module
 */
import { ArgumentError, DisposedError, ShapeError, allocate, isShared, poolSize, runOnPool, show, usePool } from '@pandaas/core';
import { TILE } from '../backproject/cpu-backprojection.js';
import type { Geometry } from '../backproject/geometry.js';
import { projectAngles } from './project-loop.js';
import { PROJECT_LOOP, registerProjectLoops } from './pool-loops.js';

/**
 * The options of {@link ForwardProjector.run}.
 *
 * @example
 * ```ts
 * const options: ProjectRunOptions = { out: new Float32Array(nAngles * nDet) };
 * ```
 */
export interface ProjectRunOptions {
  /** Where to write `[nSlices, nAngles, nDet]` (at least that long); a new array when omitted. */
  readonly out?: Float32Array;
}

/** Pool tasks per worker, so that a worker slowed by other load gets fewer angles. */
const TASKS_PER_WORKER = 4;

/**
 * The columns `[lo[y], hi[y]]` of each image row that the projector sees: all of them, or those
 * with `(x − c)² + (y − c)² <= r²` (`r = floor(size / 2)`, the backprojector's circle) when
 * `circle` is set (`lo > hi` for an empty row).
 */
function rowSpans(size: number, center: number, circle: boolean): { lo: Int32Array; hi: Int32Array } {
  const lo = new Int32Array(size);
  const hi = new Int32Array(size).fill(size - 1);
  if (!circle) return { lo, hi };
  const r = Math.floor(size / 2);
  for (let y = 0; y < size; y++) {
    const dy = y - center;
    let a = 0;
    while (a < size && (a - center) ** 2 + dy * dy > r * r) a++;
    let b = size - 1;
    while (b >= a && (b - center) ** 2 + dy * dy > r * r) b--;
    lo[y] = a;
    hi[y] = b;
  }
  return { lo, hi };
}

/**
 * Forward projection (the Radon transform of the pixel grid, in pixel units) for one
 * {@link Geometry}: the transpose of the {@link Backprojector}'s sum, so that
 * ⟨A x, y⟩ = ⟨x, Aᵀ y⟩ for any image x and sinogram y. A pixel of value v at column x, row y
 * spreads v over the two detector bins around
 * `t = center + (x − imageCenter)·cos θ − (y − imageCenter)·sin θ`, linearly (its weights sum
 * to 1 inside the detector; nothing when t is outside `[0, nDet − 1]`); with `geometry.circle`
 * only the pixels inside the backprojector's circle count. CPU on all cores through core's pool,
 * float64 sums rounded to float32.
 *
 * @example
 * ```ts
 * import { ForwardProjector, parallelGeometry } from '@pandaas/tomo';
 * const angles = Array.from({ length: 180 }, (_, i) => (i * Math.PI) / 180);
 * const fp = new ForwardProjector(parallelGeometry(angles, 128, { size: 128 }));
 * const sino = await fp.run(image, 1); // Float32Array(180 * 128)
 * ```
 */
export class ForwardProjector {
  readonly geometry: Geometry;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;
  readonly #lo: Int32Array;
  readonly #hi: Int32Array;
  #scratch: Float32Array = new Float32Array(0);
  #disposed = false;

  /**
   * A projector for `geometry` (from {@link parallelGeometry}).
   *
   * @example
   * ```ts
   * const fp = new ForwardProjector(parallelGeometry(angles, 256, { circle: true }));
   * ```
   */
  constructor(geometry: Geometry) {
    if (geometry === null || typeof geometry !== 'object' || !(geometry.angles instanceof Float64Array) || geometry.angles.length !== geometry.nAngles) {
      throw new ArgumentError(`geometry must come from parallelGeometry(); got ${show(geometry)}`);
    }
    this.geometry = geometry;
    this.#cos = geometry.angles.map(Math.cos);
    this.#sin = geometry.angles.map(Math.sin);
    const spans = rowSpans(geometry.size, geometry.imageCenter, geometry.circle);
    this.#lo = spans.lo;
    this.#hi = spans.hi;
  }

  /**
   * Projects `nSlices` images (`[nSlices, size, size]`, contiguous float32) and returns the
   * sinograms `[nSlices, nAngles, nDet]` (in `options.out` when given).
   *
   * @example
   * ```ts
   * const sinograms = await fp.run(images, 2);
   * ```
   */
  async run(images: Float32Array, nSlices: number, options: ProjectRunOptions = {}): Promise<Float32Array> {
    if (this.#disposed) throw new DisposedError('this ForwardProjector has been disposed');
    const g = this.geometry;
    if (!(images instanceof Float32Array)) throw new ArgumentError(`images must be a Float32Array; got ${show(images)}`);
    if (!Number.isSafeInteger(nSlices) || nSlices < 1) throw new ArgumentError(`nSlices must be a positive integer; got ${show(nSlices)}`);
    const pixels = nSlices * g.size * g.size;
    if (images.length !== pixels) {
      throw new ShapeError(`images must hold nSlices x size x size = ${nSlices} x ${g.size} x ${g.size} = ${pixels} values; got ${images.length}`);
    }
    const out = options?.out;
    const values = nSlices * g.nAngles * g.nDet;
    if (out !== undefined && !(out instanceof Float32Array)) throw new ArgumentError(`options.out must be a Float32Array; got ${show(out)}`);
    if (out !== undefined && out.length < values) throw new ShapeError(`options.out must hold at least nSlices x nAngles x nDet = ${values} values; got ${out.length}`);
    const target = out ?? allocate('float32', values, true);
    const args = (first: number, end: number, image: Float32Array, dst: Float32Array): Parameters<typeof projectAngles> => [
      first, end, nSlices, g.size, g.nAngles, g.nDet, TILE, image, this.#cos, this.#sin, g.center, g.imageCenter, this.#lo, this.#hi,
      new Float64Array(nSlices * (g.nDet + 1)), dst,
    ];
    const parts = Math.min(g.nAngles, poolSize() * TASKS_PER_WORKER);
    if (poolSize() < 2 || parts < 2 || !usePool(pixels * g.nAngles, [])) {
      projectAngles(...args(0, g.nAngles, images, target));
      return target;
    }
    registerProjectLoops();
    const image = isShared(images) ? images : this.#copy(images);
    const dst = isShared(target) ? target : allocate('float32', values, true);
    const tasks = [];
    for (let k = 0; k < parts; k++) {
      const first = Math.floor((g.nAngles * k) / parts);
      const end = Math.floor((g.nAngles * (k + 1)) / parts);
      if (end > first) tasks.push({ name: PROJECT_LOOP.angles, fns: [], args: args(first, end, image, dst) });
    }
    await runOnPool(tasks);
    if (dst !== target) target.set(dst.subarray(0, values));
    return target;
  }

  /**
   * Releases the scratch memory; `run` throws a DisposedError afterwards. Idempotent.
   *
   * @example
   * ```ts
   * fp.dispose();
   * ```
   */
  dispose(): void {
    this.#disposed = true;
    this.#scratch = new Float32Array(0);
  }

  #copy(images: Float32Array): Float32Array {
    if (this.#scratch.length !== images.length) this.#scratch = allocate('float32', images.length, true);
    this.#scratch.set(images);
    return this.#scratch;
  }
}
