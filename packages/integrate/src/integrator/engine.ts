import type { NdArray } from '@pandaas/core';
import type { EngineBackend } from './method.js';

/**
 * How uncertainties are obtained (pyFAI's error models): `none`; `variance` (an array given per
 * pixel); `poisson` (variance = max(raw, 1)); `azimuthal` (the spread of the corrected pixel
 * values in each bin, by pyFAI's single-pass weighted update).
 *
 * @example
 * ```ts
 * await ai.integrate1d(frame, { npt: 1000, errorModel: 'azimuthal' });
 * ```
 */
export type ErrorModel = 'none' | 'variance' | 'poisson' | 'azimuthal';

/**
 * The valid error models.
 *
 * @example
 * ```ts
 * ERROR_MODELS.includes('poisson'); // true
 * ```
 */
export const ERROR_MODELS: readonly ErrorModel[] = ['none', 'variance', 'poisson', 'azimuthal'];

/**
 * The static per-pixel part of pyFAI's preprocessing, computed once per plan (typed arrays of one
 * value per detector pixel, C order).
 *
 * @example
 * ```ts
 * const c: Corrections = { norm: new Float32Array(n).fill(1), invalid: new Uint8Array(n), errorModel: 'poisson' };
 * ```
 */
export interface Corrections {
  /** normalizationFactor x flat x polarization x solid angle (0 where statically invalid). */
  readonly norm: Float32Array;
  /** 1 = excluded whatever the frame: detector mask, user mask, flat equal to dummy, zero or non-finite norm. */
  readonly invalid: Uint8Array;
  /** Dark current, subtracted from the raw signal. */
  readonly dark?: Float32Array;
  /** Variance of each pixel (error model `variance`). */
  readonly variance?: Float32Array;
  /** Raw value of invalid pixels (frame-dependent mask). */
  readonly dummy?: number;
  /** A raw value within `deltaDummy` of `dummy` is invalid (default 0: equal). */
  readonly deltaDummy?: number;
  /** The error model. */
  readonly errorModel: ErrorModel;
}

/**
 * pyFAI's per-bin sums over the valid pixels, with c the pixel's fraction in the bin, s = raw - dark,
 * v its variance and n its norm: signal = sum c.s, variance = sum c^2.v (or the azimuthal model's
 * sum of squared deviations), normalization = sum c.n, normalization2 = sum (c.n)^2, count = sum c.
 * Float64 arrays of one value per bin (2D: azimuthal-major, `ia * nRad + ir`).
 *
 * @example
 * ```ts
 * const { signal, normalization } = await engine.run(frame);
 * const mean0 = signal[0] / normalization[0];
 * ```
 */
export interface Accumulators {
  readonly signal: Float64Array;
  readonly variance: Float64Array;
  readonly normalization: Float64Array;
  readonly normalization2: Float64Array;
  readonly count: Float64Array;
}

/**
 * Five per-bin sums set to zero, for an engine or a filter to accumulate into.
 *
 * @example
 * ```ts
 * const acc = zeroAccumulators(1000);
 * acc.count[0] += 1;
 * ```
 */
export function zeroAccumulators(bins: number): Accumulators {
  return {
    signal: new Float64Array(bins),
    variance: new Float64Array(bins),
    normalization: new Float64Array(bins),
    normalization2: new Float64Array(bins),
    count: new Float64Array(bins),
  };
}

/**
 * A per-frame integrator set up once (matrix and corrections resident), the contract the CPU and
 * WebGPU engines implement.
 *
 * @example
 * ```ts
 * const engine = createCpuEngine(csr, corrections);
 * const sums = await engine.run(frame);
 * engine.dispose();
 * ```
 */
export interface Engine {
  /** Where it runs. */
  readonly backend: EngineBackend;
  /** Integrates one frame (shape = the detector's) into fresh {@link Accumulators}. */
  run(frame: NdArray): Promise<Accumulators>;
  /** Releases what it holds (GPU buffers); `run` fails afterwards. */
  dispose(): void;
}
