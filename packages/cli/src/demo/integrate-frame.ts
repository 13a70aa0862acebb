/**
 * Step 2 of the demo: each frame integrated into a 1D pattern in 2θ (degrees) over the span its
 * valid pixels cover, in bins of about 0.01° (a PILATUS pixel seen from 0.92 m spans 0.011°),
 * with Poisson errors, the detector's module gaps and the frame's negative pixels masked.
 *
 * @module
 */
import { isPandaasError } from '@pandaas/core';
import type { EngineBackend, Integrate1dOptions, Integrate1dResult } from '@pandaas/integrate';
import { CliError } from '../framework/cli-error.js';
import { EXIT_CODES } from '../framework/exit-codes.js';
import type { ScanFrame } from './scan.js';

/** The width of the 2θ bins asked for, degrees (the bins are the span divided evenly). */
export const BIN_WIDTH_DEG = 0.01;

/** A frame's 1D pattern and how it was made. */
export interface FramePattern {
  readonly frame: ScanFrame;
  /** Negative pixels (gaps and dead pixels in the PILATUS convention): 1 = masked. */
  readonly mask: Uint8Array;
  /** How many pixels the frame's own mask leaves out. */
  readonly maskedPixels: number;
  /** The 2θ range (degrees) of the centres of the pixels neither mask leaves out. */
  readonly span: readonly [number, number];
  /** The options given to `integrate1d`, as given. */
  readonly options: Integrate1dOptions;
  readonly result: Integrate1dResult;
}

/** Marks the negative pixels of `values` in `mask` (1) and returns how many there are. */
function maskNegative(values: ArrayLike<number>, mask: Uint8Array): number {
  let count = 0;
  for (let p = 0; p < mask.length; p++) {
    const negative = values[p]! < 0;
    mask[p] = negative ? 1 : 0;
    if (negative) count++;
  }
  return count;
}

/** The smallest and largest 2θ (radians) of the pixels that neither mask leaves out. */
function validSpan(twoTheta: Float64Array, mask: Uint8Array, detectorMask: Uint8Array | null): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let p = 0; p < twoTheta.length; p++) {
    if (mask[p] !== 0 || (detectorMask !== null && detectorMask[p] !== 0)) continue;
    const t = twoTheta[p]!;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

/**
 * Integrates one frame (pyFAI's conventions: `integrate1d_ng`, bin centres in `radial`, solid
 * angle corrected, no polarization correction unless asked, Poisson variance max(counts, 1)).
 *
 * @param backend - where the integration runs (`'cpu'` or `'webgpu'`).
 * @throws CliError: exit status 7 when `backend` is not available here, 4 when no pixel is valid.
 * @example
 * ```ts
 * const pattern = await integrateFrame(scan.frames[0], 'cpu');
 * pattern.result.radial.length; // npt, about the span / 0.01°
 * ```
 */
export async function integrateFrame(frame: ScanFrame, backend: EngineBackend): Promise<FramePattern> {
  const ai = frame.integrator;
  const mask = new Uint8Array(ai.shape[0] * ai.shape[1]);
  const maskedPixels = maskNegative(frame.data.dataSync() as ArrayLike<number>, mask);
  const [lo, hi] = validSpan(ai.twoTheta(), mask, ai.detector.mask());
  if (!(hi > lo)) throw new CliError(`frame ${frame.label} has no valid pixels to integrate (all masked or negative)`, EXIT_CODES.badInput);
  const span: [number, number] = [(lo * 180) / Math.PI, (hi * 180) / Math.PI];
  const options: Integrate1dOptions = {
    npt: Math.max(1, Math.ceil((span[1] - span[0]) / BIN_WIDTH_DEG)),
    unit: '2th_deg',
    radialRange: span,
    errorModel: 'poisson',
    mask,
    method: ['bbox', 'csr', backend],
  };
  let result: Integrate1dResult;
  try {
    result = await ai.integrate1d(frame.data, options);
  } catch (err) {
    if (!isPandaasError(err, 'E_BACKEND')) throw err;
    const reason = err.cause instanceof Error ? err.cause.message : err.message;
    throw new CliError(`--backend ${backend}: WebGPU is not available here (${reason}); run the demo with --backend cpu (the default)`, EXIT_CODES.backend, { cause: err });
  }
  return { frame, mask, maskedPixels, span, options, result };
}
