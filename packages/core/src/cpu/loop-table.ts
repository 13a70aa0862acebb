import { BINARY_OPS } from './kernels/binary-ops.js';
import { binaryContiguous, binaryScalarLeft, binaryScalarRight, binaryStrided } from './kernels/binary-impl.js';
import { castBool, castSaturating } from './kernels/cast-impl.js';
import { clipStrided } from './kernels/clip-impl.js';
import { csrSpmvChannelRows, csrSpmvRows } from './kernels/csr-spmv-impl.js';
import { cumsumStrided, WRAP } from './kernels/cumsum-impl.js';
import { fftRows, fftStage2, fftStage3, fftStage4, fftStageN } from './kernels/fft-impl.js';
import { argInto, argRow, BETTER, COMBINE, reduceInto, reduceRow, sumBlocks } from './kernels/reduce-impl.js';
import { UNARY_OPS } from './kernels/unary-ops.js';
import { unaryContiguous, unaryStrided } from './kernels/unary-impl.js';
import { whereStrided } from './kernels/where-impl.js';
import { createSpecialiser, type LoopFunction } from './specialise.js';

function prefixed(prefix: string, fns: Record<string, LoopFunction>): Record<string, LoopFunction> {
  return Object.fromEntries(Object.entries(fns).map(([name, fn]) => [`${prefix}${name}`, fn]));
}

/**
 * Every CPU loop and element function by name: what {@link specialise} compiles on the main thread
 * and what the pool's workers are built from (so names are the same on both sides).
 */
export const LOOPS: Readonly<Record<string, LoopFunction>> = {
  binaryContiguous, binaryScalarLeft, binaryScalarRight, binaryStrided,
  unaryContiguous, unaryStrided,
  whereStrided, clipStrided, castSaturating, castBool,
  reduceRow, reduceInto, argRow, argInto, sumBlocks,
  cumsumStrided,
  csrSpmvRows, csrSpmvChannelRows,
  fftRows, fftStage2, fftStage3, fftStage4, fftStageN,
  ...prefixed('binary:', BINARY_OPS),
  ...prefixed('unary:', UNARY_OPS),
  ...prefixed('combine:', COMBINE),
  ...prefixed('better:', BETTER),
  ...prefixed('wrap:', WRAP),
};

/** The main thread's specialiser over {@link LOOPS}. */
export const specialise = createSpecialiser(LOOPS);
