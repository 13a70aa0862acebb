import type { DType } from '../../dtype.js';
import type { UnaryOp } from '../../kernel-names.js';

/**
 * The element function of each unary op, in float64 on the exact input; the output typed array
 * wraps integers and rounds float32 once. Each is self-contained (the pool's workers run its source).
 */
export const UNARY_OPS = {
  abs: (x: number): number => Math.abs(x),
  neg: (x: number): number => -x,
  sign: (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : x),
  square: (x: number): number => x * x,
  /** 32-bit integer square, wrapping like WGSL i32/u32. */
  squareInt32: (x: number): number => Math.imul(x, x),
  sqrt: (x: number): number => Math.sqrt(x),
  exp: (x: number): number => Math.exp(x),
  log: (x: number): number => Math.log(x),
  log1p: (x: number): number => Math.log1p(x),
  floor: (x: number): number => Math.floor(x),
  ceil: (x: number): number => Math.ceil(x),
  isnan: (x: number): number => (x !== x ? 1 : 0),
};

/** The name of a unary element function in {@link UNARY_OPS}. */
export type UnaryOpName = keyof typeof UNARY_OPS;

/**
 * The element function computing `op` into `outDtype` (32-bit integer squares use `Math.imul`).
 *
 * @example
 * ```ts
 * unaryOpName('square', 'int32'); // 'squareInt32'
 * ```
 */
export function unaryOpName(op: UnaryOp, outDtype: DType): UnaryOpName {
  return op === 'square' && (outDtype === 'int32' || outDtype === 'uint32') ? 'squareInt32' : op;
}
