import type { DType } from '../../dtype.js';
import type { BinaryOp } from '../../kernel-names.js';

/**
 * The element function of each binary op, applied to the exact input values in float64; the
 * output typed array then wraps integers and rounds float32 once. Comparisons give 1 or 0;
 * `maximum`/`minimum` propagate NaN. Each is self-contained (the pool's workers run its source).
 */
export const BINARY_OPS = {
  add: (x: number, y: number): number => x + y,
  sub: (x: number, y: number): number => x - y,
  mul: (x: number, y: number): number => x * y,
  /** 32-bit integer product, wrapping like WGSL i32/u32 (a float64 product loses bits past 2^53). */
  mulInt32: (x: number, y: number): number => Math.imul(x, y),
  div: (x: number, y: number): number => x / y,
  pow: (x: number, y: number): number => Math.pow(x, y),
  maximum: (x: number, y: number): number => Math.max(x, y),
  minimum: (x: number, y: number): number => Math.min(x, y),
  equal: (x: number, y: number): number => (x === y ? 1 : 0),
  notEqual: (x: number, y: number): number => (x !== y ? 1 : 0),
  less: (x: number, y: number): number => (x < y ? 1 : 0),
  lessEqual: (x: number, y: number): number => (x <= y ? 1 : 0),
  greater: (x: number, y: number): number => (x > y ? 1 : 0),
  greaterEqual: (x: number, y: number): number => (x >= y ? 1 : 0),
};

/** The name of a binary element function in {@link BINARY_OPS}. */
export type BinaryOpName = keyof typeof BINARY_OPS;

/**
 * The element function computing `op` into `outDtype` (32-bit integer products use `Math.imul`).
 *
 * @example
 * ```ts
 * binaryOpName('mul', 'uint32'); // 'mulInt32'
 * ```
 */
export function binaryOpName(op: BinaryOp, outDtype: DType): BinaryOpName {
  return op === 'mul' && (outDtype === 'int32' || outDtype === 'uint32') ? 'mulInt32' : op;
}
