import type { SliceSpec } from '@pandaas/core';

/** How a dataset is read in pieces: the hyperslab selections, in order, and how many there are. */
export interface SlabPlan {
  /** Number of selections. */
  readonly count: number;
  /** The selections, each a hyperslab of at most the byte budget (one element at least). */
  selections(): Generator<readonly SliceSpec[]>;
}

/**
 * Cuts a dataset of `shape` into hyperslabs of at most `maxBytes` each, in storage order: whole
 * when it fits, else runs of indices along the outermost axis whose sub-arrays fit (rounded to
 * whole chunks along that axis when the dataset is chunked, so no chunk is decompressed twice),
 * with the axes before it taken one index at a time.
 *
 * @example
 * ```ts
 * const plan = planSlabs([100, 2167, 2070], 4, 64 * 2 ** 20, [1, 2167, 2070]);
 * plan.count; // 34: 3 frames per slab
 * [...plan.selections()][0]; // [[0, 3]]
 * ```
 */
export function planSlabs(shape: readonly number[], bytesPerElement: number, maxBytes: number, chunks: readonly number[] | null): SlabPlan {
  const total = shape.reduce((a, b) => a * b, 1) * bytesPerElement;
  if (shape.length === 0 || total <= maxBytes) {
    return { count: total === 0 ? 0 : 1, *selections() { if (total > 0) yield []; } };
  }
  // the outermost axis k whose sub-arrays (axes after k) fit in the budget
  let k = shape.length - 1;
  let inner = bytesPerElement;
  while (k > 0 && inner * shape[k]! <= maxBytes) inner *= shape[k--]!;
  let step = Math.max(1, Math.min(shape[k]!, Math.floor(maxBytes / inner)));
  const chunk = chunks?.[k];
  if (chunk !== undefined && chunk <= step) step -= step % chunk;
  const lead = shape.slice(0, k);
  const runs = Math.ceil(shape[k]! / step);
  return {
    count: lead.reduce((a, b) => a * b, 1) * runs,
    *selections() {
      const index = lead.map(() => 0);
      for (;;) {
        for (let start = 0; start < shape[k]!; start += step) yield [...index, [start, Math.min(start + step, shape[k]!)]];
        let axis = lead.length - 1;
        while (axis >= 0 && ++index[axis]! === lead[axis]) index[axis--] = 0;
        if (axis < 0) return;
      }
    },
  };
}
