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
 *
 * @example
 * ```ts
 * const c = buildCorrections({ pixels: n, masks: [detector.mask()], solidAngle: geometry.solidAngle(), normalizationFactor: 1, errorModel: 'poisson' });
 * ```
 */
export function buildCorrections(input: CorrectionInputs): Corrections {
  const { pixels, dark, flat, solidAngle, polarization, dummy } = input;
  const deltaDummy = input.deltaDummy ?? 0;
  const norm = new Float32Array(pixels);
  const invalid = new Uint8Array(pixels);
  for (const mask of input.masks) {
    if (mask) for (let p = 0; p < pixels; p++) invalid[p] |= mask[p] !== 0 ? 1 : 0;
  }
  const factor = Math.fround(input.normalizationFactor);
  for (let p = 0; p < pixels; p++) {
    let n = factor;
    if (flat !== undefined) {
      const f = flat[p];
      if (dummy !== undefined && Math.abs(f - dummy) <= deltaDummy) invalid[p] = 1;
      n = Math.fround(n * f);
    }
    if (polarization) n = Math.fround(n * Math.fround(polarization[p]));
    if (solidAngle) n = Math.fround(n * Math.fround(solidAngle[p]));
    if (n === 0 || n - n !== 0) invalid[p] = 1;
    if (dark !== undefined && dark[p] - dark[p] !== 0) invalid[p] = 1;
    // a non-finite given variance makes the pixel invalid, as on the GPU and in the filters
    if (input.variance !== undefined && input.variance[p] - input.variance[p] !== 0) invalid[p] = 1;
    norm[p] = invalid[p] === 0 ? n : 0;
  }
  return {
    norm,
    invalid,
    ...(dark === undefined ? {} : { dark }),
    ...(input.variance === undefined ? {} : { variance: input.variance }),
    ...(dummy === undefined ? {} : { dummy }),
    ...(input.deltaDummy === undefined ? {} : { deltaDummy: input.deltaDummy }),
    errorModel: input.errorModel,
  };
}
