import { allocate } from '@pandaas/core';
import type { Corrections, ErrorModel } from './engine.js';

/**
 * What the static corrections are built from (typed arrays of one value per pixel, C order).
 *
 * @example
 * ```ts
 * buildCorrections({ pixels: n, masks: [detectorMask, userMask], dark, normalizationFactor: 1, errorModel: 'none' });
 * ```
 */
export interface CorrectionInputs {
  /** Number of pixels. */
  readonly pixels: number;
  /** Masks to combine (non-zero = masked): the detector's, the user's. */
  readonly masks: readonly (Uint8Array | null | undefined)[];
  readonly dark?: Float32Array;
  readonly flat?: Float32Array;
  readonly variance?: Float32Array;
  /** Relative solid angle per pixel, or null: no correction. */
  readonly solidAngle?: Float64Array | null;
  /** Polarization factor per pixel, or null: no correction. */
  readonly polarization?: Float64Array | null;
  readonly normalizationFactor: number;
  readonly dummy?: number;
  readonly deltaDummy?: number;
  readonly errorModel: ErrorModel;
}

/**
 * pyFAI's static preprocessing, once per plan: `norm = normalizationFactor x flat x polarization x
 * solidAngle`, multiplied in that order in float32 as pyFAI's preprocessing does, and the pixels
 * excluded whatever the frame: masked, flat within `deltaDummy` of `dummy`, norm zero or not
 * finite, dark not finite (pyFAI 0.21 keeps an infinite norm or dark; here they are excluded).
 * `norm` and `invalid` are allocated on shared memory, where the CPU pool's workers read them.
 *
 * @example
 * ```ts
 * const c = buildCorrections({ pixels: n, masks: [detector.mask()], solidAngle: geometry.solidAngle(), normalizationFactor: 1, errorModel: 'poisson' });
 * ```
 */
export function buildCorrections(input: CorrectionInputs): Corrections {
  const { pixels, dark, flat, variance, solidAngle, polarization, dummy } = input;
  const deltaDummy = input.deltaDummy ?? 0;
  const norm = allocate('float32', pixels, true);
  const invalid = allocate('uint8', pixels, true);
  let masked = false;
  for (const mask of input.masks) {
    if (!mask) continue;
    if (masked) for (let p = 0; p < pixels; p++) invalid[p] |= mask[p];
    else invalid.set(mask);
    masked = true;
  }
  // one factor per pass: storing into the float32 norm rounds each product as pyFAI does
  norm.fill(input.normalizationFactor);
  if (flat !== undefined) {
    for (let p = 0; p < pixels; p++) norm[p] *= flat[p];
    if (dummy !== undefined) for (let p = 0; p < pixels; p++) if (Math.abs(flat[p] - dummy) <= deltaDummy) invalid[p] = 1;
  }
  if (polarization) for (let p = 0; p < pixels; p++) norm[p] *= Math.fround(polarization[p]);
  // a non-finite dark, or given variance, makes the pixel invalid, as on the GPU and in the filters
  if (dark !== undefined) for (let p = 0; p < pixels; p++) if (dark[p] - dark[p] !== 0) invalid[p] = 1;
  if (variance !== undefined) for (let p = 0; p < pixels; p++) if (variance[p] - variance[p] !== 0) invalid[p] = 1;
  // the last factor, and the exclusions (any non-zero mask value becomes 1)
  const hasSolidAngle = solidAngle ? 1 : 0;
  const omega = solidAngle ?? norm;
  for (let p = 0; p < pixels; p++) {
    const n = hasSolidAngle !== 0 ? Math.fround(norm[p] * Math.fround(omega[p])) : norm[p];
    if (invalid[p] !== 0 || n === 0 || n - n !== 0) {
      invalid[p] = 1;
      norm[p] = 0;
    } else {
      norm[p] = n;
    }
  }
  return {
    norm,
    invalid,
    ...(dark === undefined ? {} : { dark }),
    ...(variance === undefined ? {} : { variance }),
    ...(dummy === undefined ? {} : { dummy }),
    ...(input.deltaDummy === undefined ? {} : { deltaDummy: input.deltaDummy }),
    errorModel: input.errorModel,
  };
}
