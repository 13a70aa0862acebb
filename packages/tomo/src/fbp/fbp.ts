/**
 * One-shot filtered backprojection.
 * @module
 */
import { ArgumentError, NdArray, ShapeError, show } from '@pandaas/core';
import { FbpPlan, type FbpOptions } from './fbp-plan.js';

/**
 * The options of {@link fbp}: those of {@link FbpPlan.create} and the angles.
 *
 * @example
 * ```ts
 * const options: FbpOneShotOptions = { angles: [0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4] };
 * ```
 */
export interface FbpOneShotOptions extends FbpOptions {
  /** The projection angles in radians; default nAngles angles evenly spaced over [0, π) (scikit-image's default). */
  readonly angles?: ArrayLike<number>;
}

/**
 * Reconstructs one sinogram `[nAngles, nDet]` or a batch `[nSlices, nAngles, nDet]` by filtered
 * backprojection (an {@link FbpPlan} made, run and disposed). Returns a float32 NdArray
 * `[size, size]` or `[nSlices, size, size]` on the CPU.
 *
 * @example
 * ```ts
 * import { fbp } from '@pandaas/tomo';
 * const image = await fbp(sinogram, { center: 'skimage', filter: 'hann' }); // sinogram: NdArray [180, 363]
 * ```
 */
export async function fbp(sinogram: NdArray, options: FbpOneShotOptions = {}): Promise<NdArray> {
  if (!(sinogram instanceof NdArray)) throw new ArgumentError(`sinogram must be an NdArray [nAngles, nDet] or [nSlices, nAngles, nDet]; got ${show(sinogram)}`);
  if (sinogram.ndim !== 2 && sinogram.ndim !== 3) throw new ShapeError(`sinogram must have the shape [nAngles, nDet] or [nSlices, nAngles, nDet]; got ${show(sinogram.shape)}`);
  if (options === null || typeof options !== 'object') throw new ArgumentError(`options must be an object; got ${show(options)}`);
  const [nAngles, nDet] = sinogram.shape.slice(-2);
  const angles = options.angles ?? Array.from({ length: nAngles }, (_, i) => (i * Math.PI) / nAngles);
  if (typeof angles === 'object' && angles !== null && angles.length !== nAngles) {
    throw new ShapeError(`options.angles must hold one angle per sinogram row (${nAngles}); got ${angles.length}`);
  }
  const plan = await FbpPlan.create(angles, nDet, options);
  try {
    return await plan.reconstruct(sinogram);
  } finally {
    plan.dispose();
  }
}
