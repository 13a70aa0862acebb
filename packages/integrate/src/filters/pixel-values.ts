/**
 * pyFAI's per-pixel preprocessing for the filters, which revisit each pixel several times:
 * the signal, variance and validity of every pixel of one frame, computed once.
 * @module
 */
import type { TypedArray } from '@pandaas/core';
import type { Corrections } from '../integrator/engine.js';

/** One frame's preprocessed pixels (float64, one value per pixel). */
export interface PixelValues {
  /** raw - dark. */
  readonly signal: Float64Array;
  /** The error model's variance: max(raw, 1) (poisson), the variance array (variance), else 0. */
  readonly variance: Float64Array;
  /** 1 where the pixel takes part, 0 where it is invalid. */
  readonly valid: Uint8Array;
}

/**
 * Preprocesses one frame as the integration engines do: a pixel is invalid when it is statically
 * invalid (`invalid`, or a norm of 0), when its raw value is not finite or within `deltaDummy` of
 * `dummy`, or when its signal or variance is not finite.
 *
 * @example
 * ```ts
 * const px = pixelValues(corrections, raw);
 * if (px.valid[i]) console.log(px.signal[i] / corrections.norm[i]);
 * ```
 */
export function pixelValues(c: Corrections, raw: TypedArray): PixelValues {
  const n = raw.length;
  const signal = new Float64Array(n);
  const variance = new Float64Array(n);
  const valid = new Uint8Array(n);
  const { norm, invalid, dark, dummy } = c;
  const deltaDummy = c.deltaDummy ?? 0;
  const model = c.errorModel;
  const given = c.variance;
  for (let p = 0; p < n; p++) {
    const x = raw[p];
    if (invalid[p] !== 0 || norm[p] === 0 || !Number.isFinite(x) || (dummy !== undefined && Math.abs(x - dummy) <= deltaDummy)) continue;
    const s = dark === undefined ? x : x - dark[p];
    const v = model === 'poisson' ? (x > 1 ? x : 1) : model === 'variance' && given !== undefined ? given[p] : 0;
    if (!Number.isFinite(s) || !Number.isFinite(v)) continue;
    signal[p] = s;
    variance[p] = v;
    valid[p] = 1;
  }
  return { signal, variance, valid };
}
