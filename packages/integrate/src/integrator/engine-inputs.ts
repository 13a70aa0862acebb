import { ArgumentError, DTypeError, NdArray, ShapeError, show, type TypedArray } from '@pandaas/core';
import { ERROR_MODELS, type Corrections } from './engine.js';

/**
 * Checks a {@link Corrections} object (lengths, types, error model, dummy values) and returns its
 * number of pixels; throws an ArgumentError or ShapeError naming the field otherwise.
 *
 * @example
 * ```ts
 * const pixels = checkCorrections(corrections);
 * ```
 */
export function checkCorrections(c: Corrections, argument = 'corrections'): number {
  if (c === null || typeof c !== 'object') throw new ArgumentError(`${argument} must be a Corrections object; got ${show(c)}`);
  if (!(c.norm instanceof Float32Array)) throw new ArgumentError(`${argument}.norm must be a Float32Array; got ${show(c.norm)}`);
  const pixels = c.norm.length;
  if (!(c.invalid instanceof Uint8Array) || c.invalid.length !== pixels) {
    throw new ShapeError(`${argument}.invalid must be a Uint8Array of ${pixels} pixels (as norm); got ${show(c.invalid)}`);
  }
  for (const key of ['dark', 'variance'] as const) {
    const a = c[key];
    if (a !== undefined && (!(a instanceof Float32Array) || a.length !== pixels)) {
      throw new ShapeError(`${argument}.${key} must be a Float32Array of ${pixels} pixels (as norm); got ${show(a)}`);
    }
  }
  if (!ERROR_MODELS.includes(c.errorModel)) {
    throw new ArgumentError(`${argument}.errorModel must be one of ${ERROR_MODELS.map((m) => show(m)).join(', ')}; got ${show(c.errorModel)}`);
  }
  if (c.errorModel === 'variance' && c.variance === undefined) throw new ArgumentError(`${argument}.variance is needed by the error model "variance"`);
  if (c.dummy !== undefined && !Number.isFinite(c.dummy)) throw new ArgumentError(`${argument}.dummy must be a finite number; got ${show(c.dummy)}`);
  if (c.deltaDummy !== undefined && !(Number.isFinite(c.deltaDummy) && c.deltaDummy >= 0)) {
    throw new ArgumentError(`${argument}.deltaDummy must be a finite number >= 0; got ${show(c.deltaDummy)}`);
  }
  return pixels;
}

/**
 * The raw values of a frame as one typed array in C order: the CPU storage itself when the frame
 * is contiguous, else a copy (a GPU-resident frame is read back). Throws a ShapeError unless it
 * holds `pixels` values, a DTypeError for bool frames.
 *
 * @example
 * ```ts
 * const raw = await frameValues(frame, rows * cols);
 * ```
 */
export async function frameValues(frame: NdArray, pixels: number, argument = 'frame'): Promise<TypedArray> {
  if (!(frame instanceof NdArray)) throw new ArgumentError(`${argument} must be an NdArray; got ${show(frame)}`);
  if (frame.dtype === 'bool') throw new DTypeError(`${argument} must hold numbers (a numeric dtype); got dtype bool`);
  if (frame.size !== pixels) throw new ShapeError(`${argument} must hold ${pixels} pixels; got shape ${show(frame.shape)}`);
  return frame.backend.name === 'cpu' ? frame.dataSync() : frame.data();
}
