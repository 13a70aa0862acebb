/**
 * SIRT in one call: a {@link SirtPlan} for the sinogram's geometry, run once.
 * @module
 */
import { ArgumentError, DTypeError, NdArray, ShapeError, array, show } from '@pandaas/core';
import type { GeometryOptions } from '../backproject/geometry.js';
import { SirtPlan, checkRunOptions, type SirtRunOptions } from './sirt-plan.js';

/**
 * The options of {@link sirt}: the geometry ({@link parallelGeometry}'s centre convention,
 * output size, circle) and the iterations ({@link SirtRunOptions}).
 *
 * @example
 * ```ts
 * const options: SirtOptions = { center: 'skimage', circle: true, iterations: 200 };
 * ```
 */
export interface SirtOptions extends GeometryOptions, SirtRunOptions {}

/**
 * Reconstructs a sinogram `[nAngles, nDet]` (or a batch `[nSlices, nAngles, nDet]`) taken at
 * `angles` (radians) by SIRT with non-negativity (see {@link SirtPlan}); returns float32 images
 * `[size, size]` (or `[nSlices, size, size]`) in 1/pixel.
 *
 * @example
 * ```ts
 * import { sirt } from '@pandaas/tomo';
 * const angles = Array.from({ length: 180 }, (_, i) => (i * Math.PI) / 180);
 * const image = await sirt(sinogram, angles, { iterations: 100, circle: true });
 * ```
 */
export async function sirt(sinogram: NdArray, angles: ArrayLike<number>, options: SirtOptions = {}): Promise<NdArray<'float32'>> {
  if (!(sinogram instanceof NdArray)) throw new ArgumentError(`sinogram must be an NdArray; got ${show(sinogram)}`);
  if (sinogram.dtype === 'bool') throw new DTypeError('sinogram must be numeric; got dtype bool');
  if (sinogram.ndim !== 2 && sinogram.ndim !== 3) throw new ShapeError(`sinogram must have 2 or 3 axes ([nAngles, nDet] or [nSlices, nAngles, nDet]); got shape ${show(sinogram.shape)}`);
  if (sinogram.size === 0) throw new ShapeError(`sinogram must not be empty; got shape ${show(sinogram.shape)}`);
  if (options === null || typeof options !== 'object') throw new ArgumentError(`options must be an object; got ${show(options)}`);
  const [nSlices, nAngles, nDet] = sinogram.ndim === 3 ? sinogram.shape : [1, ...sinogram.shape];
  if (angles !== null && typeof angles === 'object' && angles.length !== nAngles) {
    throw new ShapeError(`angles must hold one angle per sinogram row (${nAngles}); got ${angles.length}`);
  }
  const { center, size, circle, ...run } = options;
  checkRunOptions(run);
  const plan = await SirtPlan.create(angles, nDet, { center, size, circle });
  try {
    const values = Float32Array.from(await sinogram.data());
    const images = await plan.reconstruct(values, nSlices, run);
    const { size: side } = plan.geometry;
    return array(images, { shape: sinogram.ndim === 3 ? [nSlices, side, side] : [side, side], backend: 'cpu' });
  } finally {
    plan.dispose();
  }
}
