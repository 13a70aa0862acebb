/**
 * The mask of a detector frame's negative pixels: Pilatus and Eiger frames mark module gaps and
 * dead pixels with negative counts (-1, -2), which must add nothing to an integration.
 *
 * @module
 */
import type { NdArray } from '@pandaas/core';

/**
 * A mask with 1 where `frame` is negative (integrate1d's `mask`: non-zero = masked), and how many
 * such pixels there are.
 *
 * @example
 * ```ts
 * const { mask, count } = negativeMask(frame);
 * await ai.integrate1d(frame, { npt: 1000, mask });
 * ```
 */
export function negativeMask(frame: NdArray): { mask: Uint8Array; count: number } {
  const values = frame.dataSync();
  const mask = new Uint8Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0) {
      mask[i] = 1;
      count++;
    }
  }
  return { mask, count };
}
