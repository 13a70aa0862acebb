import { ArgumentError, ShapeError, allocate, array, show, type NdArray } from '@pandaas/core';
import { checkNumber, checkOptions, checkStack, valuesOf } from './arrays.js';

/** Options of {@link stitchHalfAcquisition}. */
export interface HalfAcquisitionOptions {
  /**
   * The scan's angles in radians, one per row: checked to make `angles[k + n/2] − angles[k]`
   * equal π (within 1e-3 rad), the pairing the stitching assumes.
   */
  readonly angles?: ArrayLike<number>;
}

/** What {@link stitchHalfAcquisition} returns. */
export interface HalfAcquisition {
  /** The 180° sinogram(s) of the full field of view, `[n/2, width]` (or `[slices, n/2, width]`), float32. */
  readonly sinogram: NdArray<'float32'>;
  /** The rotation axis on the stitched detector (pixels, the same sub-pixel part as the input's). */
  readonly center: number;
  /** The number of stitched columns seen by both halves (the linear weight ramp spans them). */
  readonly overlap: number;
  /** The angles of the stitched rows (the first half of `options.angles`), when given. */
  readonly angles?: Float64Array;
}

/**
 * Half-acquisition stitching (360° scan, rotation axis near one edge of the detector) as nabu
 * and tomopy do it: projection θ + π, mirrored about the axis, extends projection θ beyond the
 * axis, so a sinogram `[n, N]` (or a batch `[slices, n, N]`) over 360° becomes a 180° sinogram
 * `[n/2, W]` of the full field of view. Row k + n/2 must be θ_k + π.
 *
 * Geometry, in pixel-centre coordinates with the axis at `center` = c (absolute, sub-pixel
 * allowed): the mirrored column of detector position p lands at x = 2c − p. Axis on the right
 * (c ≥ (N − 1)/2): W = ⌊2c⌋ + 1 columns x = 0 … ⌊2c⌋, the axis stays at c, and the columns
 * x ∈ [⌈2c − N + 1⌉, N − 1] are seen twice (for integer c: 2(N − 1 − c) + 1 columns; nabu's and
 * tomopy's `2(N − 1 − c)` counts the axis column once less). Axis on the left: the mirror image,
 * W = 2N − 1 − ⌈2c⌉, the axis moving to c + N − 1 − ⌈2c⌉. Over the shared columns the two halves
 * are blended with a linear weight ramp (1 → 0 for the direct projection towards its edge, as
 * nabu's and tomopy's); a fractional 2c reads the mirrored projection by linear interpolation.
 * Plain loops (a copy).
 *
 * @example
 * ```ts
 * import { stitchHalfAcquisition } from '@pandaas/tomo';
 * const { sinogram, center } = await stitchHalfAcquisition(sino360, 1950.5, { angles });
 * // reconstruct `sinogram` over the first half of the angles with the axis at `center`
 * ```
 */
export async function stitchHalfAcquisition(sinogram: NdArray, center: number, options?: HalfAcquisitionOptions): Promise<HalfAcquisition> {
  const { batch, rows, cols: n } = checkStack(sinogram, 'sinogram');
  if (rows % 2 !== 0) throw new ShapeError(`sinogram must have an even number of angles (θ and θ + π pairs); got ${rows}`);
  if (n < 2) throw new ShapeError(`sinogram must have at least 2 detector columns; got ${n}`);
  const c = checkNumber(center, 'center');
  if (c < 0 || c > n - 1) throw new ArgumentError(`center must lie on the detector [0, ${n - 1}]; got ${show(center)}`);
  const o = checkOptions(options, 'options');
  const half = rows / 2;
  let angles: Float64Array | undefined;
  if (o.angles !== undefined) {
    const a = o.angles;
    if (a === null || typeof a !== 'object' || typeof a.length !== 'number') throw new ArgumentError(`options.angles must be an array of numbers; got ${show(a)}`);
    if (a.length !== rows) throw new ShapeError(`options.angles must hold one angle per sinogram row (${rows}); got ${a.length}`);
    for (let k = 0; k < half; k++) {
      const d = a[k + half] - a[k];
      if (!(Math.abs(d - Math.PI) <= 1e-3)) {
        throw new ArgumentError(`options.angles[${k + half}] − options.angles[${k}] must be π (rows θ and θ + π); got ${show(d)} (are the angles in radians?)`);
      }
    }
    angles = Float64Array.from({ length: half }, (_, k) => a[k]);
  }
  const right = c >= (n - 1) / 2;
  const x0 = right ? 0 : Math.ceil(2 * c) - (n - 1); // detector position of output column 0
  const width = right ? Math.floor(2 * c) + 1 : n - x0;
  const first = Math.max(0, Math.ceil(2 * c - n + 1)); // shared positions [first, last]
  const last = Math.min(n - 1, Math.floor(2 * c));
  const values = await valuesOf(sinogram);
  const out = allocate('float32', batch * half * width, true);
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < half; r++) {
      const a = (b * rows + r) * n; // θ
      const m = (b * rows + r + half) * n; // θ + π
      const o0 = (b * half + r) * width;
      for (let j = 0; j < width; j++) {
        const x = x0 + j;
        const p = 2 * c - x; // position on the θ + π projection
        let mirrored = 0;
        if (p >= 0 && p <= n - 1) {
          const i = Math.floor(p);
          const t = p - i;
          mirrored = t === 0 ? values[m + i] : (1 - t) * values[m + i] + t * values[m + i + 1];
        }
        if (x < first || x > last) {
          out[o0 + j] = x >= 0 && x <= n - 1 ? values[a + x] : mirrored;
        } else {
          // the direct projection's weight falls from 1 to 0 towards its edge (right edge for an axis on the right)
          const w = last === first ? 0.5 : right ? (last - x) / (last - first) : (x - first) / (last - first);
          out[o0 + j] = w * values[a + x] + (1 - w) * mirrored;
        }
      }
    }
  }
  const shape = sinogram.ndim === 3 ? [batch, half, width] : [half, width];
  return { sinogram: array(out, { shape }), center: c - x0, overlap: last - first + 1, ...(angles === undefined ? {} : { angles }) };
}
