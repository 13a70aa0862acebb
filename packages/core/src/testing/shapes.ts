import type { Rng } from './rng.js';

/** A shape in brackets, for labels. @example `fmt([2, 3]) // '[2,3]'` */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * `count` random shapes that broadcast together (numpy rules): an output shape of rank 0 to 4,
 * and for each operand some leading axes dropped and some axes of length 1. With `empty`, one
 * axis of the output has length 0.
 *
 * @example
 * ```ts
 * broadcastSet(rng, 2); // e.g. [[3, 1, 4], [5, 1]]
 * ```
 */
export function broadcastSet(rng: Rng, count: number, empty = false): number[][] {
  const rank = empty ? rng.int(1, 3) : rng.int(0, 4);
  const out = rng.shape(rank, 1, 5);
  if (empty) out[rng.int(0, rank - 1)] = 0;
  const operand = (): number[] => out.slice(rng.int(0, rank)).map((d) => (rng.next() < 0.3 ? 1 : d));
  return Array.from({ length: count }, operand);
}
