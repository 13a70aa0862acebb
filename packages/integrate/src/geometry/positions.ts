/**
 * Pixel positions along one detector axis, relative to the PONI, exactly as pyFAI 0.21 computes
 * them — including its float32 roundings, so that per-pixel arrays agree with pyFAI's to double
 * precision rather than to float32 precision:
 *
 * - `center32`: pixel centres as `twoThetaArray`, `chiArray`, `qArray`, `rArray` and the solid
 *   angle see them: pyFAI builds float32 index grids, so (i + 0.5)·pixel and the subtraction of
 *   the PONI are float32 operations.
 * - `center64`: pixel centres in double precision (`center_array`, used by the d*² delta array).
 * - `corner64`: pixel corners in double precision (`corner_array` for 2θ, q and r).
 * - `corner32`: pixel corners stored as float32 before the PONI is subtracted (`corner_array` for
 *   d*², which has no fast path in pyFAI 0.21 and reads `get_pixel_corners`).
 *
 * Orientation (PONI 2.1) flips the index along an axis as pyFAI 2024 does: image index i is
 * physical index n - 1 - i (centres) or n - i (corners, n pixels).
 *
 * @example
 * ```ts
 * axisPositions(3, 1e-3, 0, false, 'center64'); // Float64Array [0.0005, 0.0015, 0.0025]
 * ```
 * @module
 */

/** How pyFAI computes the positions (see the module documentation). */
export type PositionMode = 'center32' | 'center64' | 'corner64' | 'corner32';

/**
 * Positions (metres, relative to the PONI) along an axis of `n` pixels: n centres, or n + 1
 * corners for the corner modes.
 *
 * @example
 * ```ts
 * axisPositions(2, 1e-3, 5e-4, true, 'corner64'); // [0.0015, 0.0005, -0.0005]
 * ```
 */
export function axisPositions(n: number, pixel: number, poni: number, flipped: boolean, mode: PositionMode): Float64Array {
  const corners = mode === 'corner64' || mode === 'corner32';
  const count = corners ? n + 1 : n;
  const out = new Float64Array(count);
  const last = count - 1;
  const pixel32 = Math.fround(pixel);
  const poni32 = Math.fround(poni);
  for (let k = 0; k < count; k++) {
    const index = flipped ? last - k : k;
    switch (mode) {
      case 'center32':
        out[k] = Math.fround(Math.fround(pixel32 * (index + 0.5)) - poni32);
        break;
      case 'center64':
        out[k] = pixel * (index + 0.5) - poni;
        break;
      case 'corner64':
        out[k] = pixel * index - poni;
        break;
      case 'corner32':
        out[k] = Math.fround(pixel * index) - poni;
        break;
    }
  }
  return out;
}
