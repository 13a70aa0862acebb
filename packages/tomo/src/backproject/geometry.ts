/**
 * The parallel-beam geometry of the backprojector: angles, the axis on the detector, the image
 * grid, and the centre conventions of scikit-image and ASTRA/nabu.
 * @module
 */
import { ArgumentError, IndexRangeError, show } from '@pandaas/core';

/**
 * Where the rotation axis is on the detector row: `'skimage'` = `nDet // 2` (scikit-image),
 * `'astra'` = `(nDet − 1) / 2` (ASTRA, nabu), or an absolute position in pixels (sub-pixel
 * allowed; the CLI's `--cor`). On an even detector the two names are 0.5 px apart.
 *
 * @example
 * ```ts
 * const center: CenterOption = 296.5;
 * ```
 */
export type CenterOption = 'skimage' | 'astra' | number;

/**
 * The options of {@link parallelGeometry}.
 *
 * @example
 * ```ts
 * const options: GeometryOptions = { center: 'skimage', size: 256 };
 * ```
 */
export interface GeometryOptions {
  /** The axis position; default `'astra'`. */
  readonly center?: CenterOption;
  /**
   * The side of the square output image; default scikit-image's: `floor(sqrt(nDet² / 2))`
   * (the largest square inside the detector's circle), or `nDet` when `circle` is set.
   */
  readonly size?: number;
  /** Whether pixels outside the inscribed circle (radius `floor(size / 2)`) are set to 0; default false. */
  readonly circle?: boolean;
}

/**
 * A parallel-beam geometry, resolved: what the backprojector computes is, for the pixel in row
 * y and column x,
 * `f(x, y) = scale · Σₐ q̃ₐ(center + (x − imageCenter)·cos θₐ − (y − imageCenter)·sin θₐ)`,
 * q̃ₐ the projection of angle a linearly interpolated, 0 outside `[0, nDet − 1]`.
 *
 * @example
 * ```ts
 * const g = parallelGeometry(angles, 363, { center: 'skimage' });
 * console.log(g.center, g.size, g.imageCenter); // 181 256 128
 * ```
 */
export interface Geometry {
  readonly nAngles: number;
  readonly nDet: number;
  /** The projection angles in radians (a copy). */
  readonly angles: Float64Array;
  /** The axis position on the detector row (pixels from the first pixel's centre). */
  readonly center: number;
  /** The output image is `size × size`. */
  readonly size: number;
  /**
   * The image pixel (row and column index) the axis passes through: `size // 2` with the
   * `'skimage'` convention (scikit-image's image centre), `(size − 1) / 2` otherwise (ASTRA's).
   */
  readonly imageCenter: number;
  readonly circle: boolean;
}

/**
 * Validates and resolves a parallel-beam geometry for projections `nDet` wide at `angles`
 * (radians). Throws an ArgumentError naming the option and its value for an unknown convention,
 * a non-finite angle, a bad size; an IndexRangeError for a centre outside the detector.
 *
 * @example
 * ```ts
 * import { parallelGeometry } from '@pandaas/tomo';
 * const angles = Array.from({ length: 180 }, (_, i) => (i * Math.PI) / 180);
 * const g = parallelGeometry(angles, 640, { center: 296 }); // imageCenter (size - 1) / 2
 * ```
 */
export function parallelGeometry(angles: ArrayLike<number>, nDet: number, options: GeometryOptions = {}): Geometry {
  if (angles === null || typeof angles !== 'object' || typeof angles.length !== 'number') {
    throw new ArgumentError(`angles must be an array of numbers (radians); got ${show(angles)}`);
  }
  if (angles.length < 1) throw new ArgumentError('angles must hold at least one angle; got none');
  const copy = Float64Array.from(angles);
  for (let i = 0; i < copy.length; i++) {
    if (!Number.isFinite(copy[i])) throw new ArgumentError(`angles[${i}] must be a finite number (radians); got ${show(angles[i])}`);
  }
  if (!Number.isSafeInteger(nDet) || nDet < 1) throw new ArgumentError(`nDet must be a positive integer; got ${show(nDet)}`);
  if (options === null || typeof options !== 'object') throw new ArgumentError(`options must be an object; got ${show(options)}`);
  const { center = 'astra', circle = false } = options;
  if (typeof circle !== 'boolean') throw new ArgumentError(`options.circle must be a boolean; got ${show(circle)}`);
  const size = options.size ?? (circle ? nDet : Math.floor(Math.sqrt((nDet * nDet) / 2)));
  if (!Number.isSafeInteger(size) || size < 1) throw new ArgumentError(`options.size must be a positive integer; got ${show(options.size)}`);
  let axis: number;
  if (center === 'skimage') axis = Math.floor(nDet / 2);
  else if (center === 'astra') axis = (nDet - 1) / 2;
  else if (typeof center === 'number' && Number.isFinite(center)) axis = center;
  else throw new ArgumentError(`options.center must be 'skimage', 'astra' or a finite detector position in pixels; got ${show(center)}`);
  if (axis < 0 || axis > nDet - 1) throw new IndexRangeError(`options.center must lie on the detector, in [0, ${nDet - 1}]; got ${show(center)}`);
  const imageCenter = center === 'skimage' ? Math.floor(size / 2) : (size - 1) / 2;
  return { nAngles: copy.length, nDet, angles: copy, center: axis, size, imageCenter, circle };
}
